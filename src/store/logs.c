/* logs.c: LOCO_HOME/logs.db, the answer log (logs.h), on Debian's libsqlite3:
 * WAL mode so `loco logs` reads while a chat writes, an FTS5 index kept by
 * triggers (an external-content table, https://sqlite.org/fts5.html section
 * 4.4.3), and numbered migrations under PRAGMA user_version. */
#define _GNU_SOURCE
#include "logs.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* "loco" in PRAGMA application_id: a file that is some other program's
 * SQLite database is refused rather than given loco's tables. */
#define LOGS_APPLICATION_ID 0x6c6f636f

struct logs {
	sqlite3 *db;
	char *path;
};

/* libsqlite3 is loaded on first use, as libcurl is (netlib.h): linked, it
 * costs every process, `loco route` too, about 0.3 ms and 300 KiB in the
 * dynamic loader (measured with bench/loco_bench.c spawn). This file owns
 * the handle and the table; they live until exit. */
static struct sqlite_api {
	int (*bind_double)(sqlite3_stmt *, int, double);
	int (*bind_int)(sqlite3_stmt *, int, int);
	int (*bind_int64)(sqlite3_stmt *, int, sqlite3_int64);
	int (*bind_null)(sqlite3_stmt *, int);
	int (*bind_text)(sqlite3_stmt *, int, const char *, int, void (*)(void *));
	int (*busy_timeout)(sqlite3 *, int);
	int (*close)(sqlite3 *);
	double (*column_double)(sqlite3_stmt *, int);
	int (*column_int)(sqlite3_stmt *, int);
	sqlite3_int64 (*column_int64)(sqlite3_stmt *, int);
	const unsigned char *(*column_text)(sqlite3_stmt *, int);
	const char *(*errmsg)(sqlite3 *);
	int (*exec)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *,
	            char **);
	int (*extended_result_codes)(sqlite3 *, int);
	int (*finalize)(sqlite3_stmt *);
	int (*open_v2)(const char *, sqlite3 **, int, const char *);
	int (*prepare_v2)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
	int (*step)(sqlite3_stmt *);
} sq;

#define SQLITE_SONAME "libsqlite3.so.0"
#define SQ(f)                                                                                      \
	{                                                                                          \
		"sqlite3_" #f, offsetof(struct sqlite_api, f)                                      \
	}
static const struct {
	const char *name;
	size_t off;
} sqlite_symbols[] = {
    SQ(bind_double), SQ(bind_int),
    SQ(bind_int64),  SQ(bind_null),
    SQ(bind_text),   SQ(busy_timeout),
    SQ(close),       SQ(column_double),
    SQ(column_int),  SQ(column_int64),
    SQ(column_text), SQ(errmsg),
    SQ(exec),        SQ(extended_result_codes),
    SQ(finalize),    SQ(open_v2),
    SQ(prepare_v2),  SQ(step),
};

static int load_sqlite(char **err)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	static char *failure;
	if (state == 0) {
		state = -1;
		void *lib = dlopen(SQLITE_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (!lib)
			failure = xasprintf("cannot load %s (%s); install it with 'apt-get install "
			                    "libsqlite3-0'",
			                    SQLITE_SONAME, dlerror());
		for (size_t i = 0; lib && !failure && i < LOCO_ARRAY_LEN(sqlite_symbols); i++) {
			void *sym = dlsym(lib, sqlite_symbols[i].name);
			if (!sym)
				failure = xasprintf("%s has no function '%s'; install a newer one",
				                    SQLITE_SONAME, sqlite_symbols[i].name);
			else /* POSIX: an object pointer from dlsym() converts to a function's */
				memcpy((char *)&sq + sqlite_symbols[i].off, &sym, sizeof sym);
		}
		if (!failure)
			state = 1;
	}
	return state > 0 ? 0 : set_err(err, "%s", failure);
}

/* migrations[i] takes a file from schema i to i + 1, in one transaction. */
static const char *const migrations[] = {
    /* 1: conversations, responses and their full-text index */
    "CREATE TABLE conversations (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  started_utc TEXT NOT NULL,\n"
    "  name TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE responses (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  conversation_id TEXT NOT NULL REFERENCES conversations(id),\n"
    "  datetime_utc TEXT NOT NULL,\n"
    "  unix_ms INTEGER NOT NULL,\n"
    "  command TEXT NOT NULL,\n"
    "  session TEXT,\n"
    "  prompt TEXT NOT NULL,\n"
    "  system TEXT,\n"
    "  adapter TEXT,\n"
    "  model TEXT NOT NULL,\n"
    "  router TEXT,\n"
    "  options TEXT,\n"
    "  response TEXT NOT NULL,\n"
    "  thinking TEXT,\n"
    "  votes TEXT,\n"
    "  tool_calls TEXT NOT NULL DEFAULT '[]',\n"
    "  prompt_tokens INTEGER NOT NULL DEFAULT 0,\n"
    "  tokens INTEGER NOT NULL DEFAULT 0,\n"
    "  seconds REAL NOT NULL DEFAULT 0,\n"
    "  total_ns INTEGER NOT NULL DEFAULT 0,\n"
    "  load_ns INTEGER NOT NULL DEFAULT 0,\n"
    "  prompt_ns INTEGER NOT NULL DEFAULT 0,\n"
    "  eval_ns INTEGER NOT NULL DEFAULT 0,\n"
    "  partial INTEGER NOT NULL DEFAULT 0,\n"
    "  cached INTEGER NOT NULL DEFAULT 0,\n"
    "  error TEXT\n"
    ");\n"
    "CREATE INDEX responses_by_conversation ON responses(conversation_id, id);\n"
    "CREATE INDEX responses_by_time ON responses(unix_ms);\n"
    "CREATE VIRTUAL TABLE responses_fts USING fts5(prompt, response, content='responses',\n"
    "  content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');\n"
    "CREATE TRIGGER responses_ai AFTER INSERT ON responses BEGIN\n"
    "  INSERT INTO responses_fts(rowid, prompt, response)\n"
    "    VALUES (new.id, new.prompt, new.response);\n"
    "END;\n"
    "CREATE TRIGGER responses_ad AFTER DELETE ON responses BEGIN\n"
    "  INSERT INTO responses_fts(responses_fts, rowid, prompt, response)\n"
    "    VALUES ('delete', old.id, old.prompt, old.response);\n"
    "END;\n"
    "CREATE TRIGGER responses_au AFTER UPDATE ON responses BEGIN\n"
    "  INSERT INTO responses_fts(responses_fts, rowid, prompt, response)\n"
    "    VALUES ('delete', old.id, old.prompt, old.response);\n"
    "  INSERT INTO responses_fts(rowid, prompt, response)\n"
    "    VALUES (new.id, new.prompt, new.response);\n"
    "END;\n",
};
_Static_assert(LOCO_ARRAY_LEN(migrations) == LOGS_SCHEMA_VERSION,
               "one migration per schema version");

static int db_err(const struct logs *l, char **err, const char *doing)
{
	return set_err(err, "%s: %s%s%s", l->path, doing, *doing ? ": " : "", sq.errmsg(l->db));
}

static int exec(struct logs *l, const char *sql, char **err)
{
	if (sq.exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_err(l, err, "");
	return 0;
}

static int pragma_int(struct logs *l, const char *sql, long *out, char **err)
{
	sqlite3_stmt *st;
	if (sq.prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(l, err, "");
	int rc = sq.step(st);
	if (rc == SQLITE_ROW)
		*out = (long)sq.column_int64(st, 0);
	sq.finalize(st);
	if (rc != SQLITE_ROW)
		return db_err(l, err, "");
	return 0;
}

/* WAL cannot be switched on inside a transaction; it stays set in the file.
 * Two locos creating the log at once both get here: switching needs the
 * file to itself, and SQLite can answer SQLITE_BUSY at once rather than
 * through the busy handler (sqlite.org/wal.html, "Sometimes Queries Return
 * SQLITE_BUSY In WAL Mode"), so the switch is retried for LOGS_BUSY_MS. */
static int set_wal(struct logs *l, char **err)
{
	const struct timespec pause = {0, 20 * 1000 * 1000};
	for (int waited = 0;; waited += 20) {
		int rc = sq.exec(l->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= LOGS_BUSY_MS)
			return db_err(l, err, "");
		nanosleep(&pause, NULL);
	}
}

/* The database and any side files an older run left: 0600, never a symlink
 * (SQLite creates -wal and -shm with the database's mode). */
static int make_private(const char *path, bool create, char **err)
{
	int fd = open(path, (create ? O_RDWR | O_CREAT : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ENOENT && !create)
		return 0;
	if (fd < 0)
		return set_err(err, "%s: %s", path, strerror(errno));
	struct stat st;
	int rc = 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		rc = set_err(err, "%s: not a regular file", path);
	else if ((st.st_mode & 077) && fchmod(fd, 0600) < 0)
		rc = set_err(err, "%s: cannot make it private: %s", path, strerror(errno));
	close(fd);
	return rc;
}

static int make_files_private(const char *path, bool create, char **err)
{
	if (make_private(path, create, err) < 0)
		return -1;
	static const char *const sides[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(sides); i++) {
		char *side = xasprintf("%s%s", path, sides[i]);
		int rc = make_private(side, false, err);
		free(side);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int migrate(struct logs *l, char **err)
{
	long version = 0, app = 0;
	if (pragma_int(l, "PRAGMA user_version", &version, err) < 0 ||
	    pragma_int(l, "PRAGMA application_id", &app, err) < 0)
		return -1;
	if (version > LOGS_SCHEMA_VERSION)
		return set_err(err,
		               "%s: written by a newer loco (schema %ld, this one knows %d); "
		               "upgrade loco",
		               l->path, version, LOGS_SCHEMA_VERSION);
	if (version == LOGS_SCHEMA_VERSION)
		return app == LOGS_APPLICATION_ID
		           ? 0
		           : set_err(err, "%s: not loco's answer log (another program's database)",
		                     l->path);
	long tables = 0;
	if (version == 0 &&
	    pragma_int(l, "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
	               &tables, err) < 0)
		return -1;
	if (tables > 0)
		return set_err(err, "%s: not loco's answer log (another program's database)",
		               l->path);
	if (set_wal(l, err) < 0 || exec(l, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	/* another loco may have migrated while this one waited for the lock */
	if (pragma_int(l, "PRAGMA user_version", &version, err) < 0)
		goto fail;
	if (version > LOGS_SCHEMA_VERSION) {
		set_err(err, "%s: written by a newer loco; upgrade loco", l->path);
		goto fail;
	}
	for (long v = version; v < LOGS_SCHEMA_VERSION; v++)
		if (exec(l, migrations[v], err) < 0)
			goto fail;
	char set[96];
	snprintf(set, sizeof set, "PRAGMA user_version=%d; PRAGMA application_id=%d",
	         LOGS_SCHEMA_VERSION, LOGS_APPLICATION_ID);
	if (exec(l, set, err) < 0 || exec(l, "COMMIT", err) < 0)
		goto fail;
	return 0;
fail:
	sq.exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int logs_open(const char *path, enum logs_mode mode, struct logs **out, char **err)
{
	*out = NULL;
	if (mode == LOGS_READ && !file_exists(path))
		return 0;
	if (mode == LOGS_WRITE && mkdir_private(path, true, err) < 0)
		return -1;
	if (load_sqlite(err) < 0 || make_files_private(path, mode == LOGS_WRITE, err) < 0)
		return -1;
	struct logs *l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
	int rc = sq.open_v2(path, &l->db, flags, NULL);
	if (rc == SQLITE_OK) {
		sq.busy_timeout(l->db, LOGS_BUSY_MS);
		sq.extended_result_codes(l->db, 0);
	}
	if (rc != SQLITE_OK || migrate(l, err) < 0 ||
	    exec(l, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", err) < 0) {
		if (rc != SQLITE_OK)
			db_err(l, err, "cannot open it");
		logs_close(l);
		return -1;
	}
	*out = l;
	return 0;
}

void logs_close(struct logs *l)
{
	if (!l)
		return;
	sq.close(l->db);
	free(l->path);
	free(l);
}

/* ---- writing ------------------------------------------------------------- */

static char *iso_time(int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[40];
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof buf - n, ".%03dZ", (int)(ms % 1000));
	return xstrdup(buf);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sq.bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sq.bind_null(st, i);
}

/* A JSON column: its text (freed by the statement), or NULL. */
static void bind_json(sqlite3_stmt *st, int i, const cJSON *v, const char *absent)
{
	char *text = v ? cJSON_PrintUnformatted(v) : NULL;
	if (text)
		sq.bind_text(st, i, text, -1, free);
	else
		bind_text(st, i, absent);
}

/* The conversation's name: the start of its first prompt, on one line. */
static char *conversation_name(const char *prompt)
{
	size_t n = strnlen(prompt, 80);
	while (n && prompt[n] && ((unsigned char)prompt[n] & 0xc0) == 0x80)
		n--; /* not inside a UTF-8 character */
	char *name = xstrndup(prompt, n);
	for (char *p = name; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return name;
}

static int add_conversation(struct logs *l, const struct log_entry *e, const char *when, char **err)
{
	sqlite3_stmt *st;
	if (sq.prepare_v2(l->db,
	                  "INSERT OR IGNORE INTO conversations(id, started_utc, name) "
	                  "VALUES (?, ?, ?)",
	                  -1, &st, NULL) != SQLITE_OK)
		return db_err(l, err, "");
	char *name = conversation_name(e->prompt);
	bind_text(st, 1, e->conversation);
	bind_text(st, 2, when);
	bind_text(st, 3, name);
	int rc = sq.step(st);
	sq.finalize(st);
	free(name);
	return rc == SQLITE_DONE ? 0 : db_err(l, err, "");
}

static const char insert_sql[] =
    "INSERT INTO responses(conversation_id, datetime_utc, unix_ms, command, session, prompt,\n"
    "  system, adapter, model, router, options, response, thinking, votes, tool_calls,\n"
    "  prompt_tokens, tokens, seconds, total_ns, load_ns, prompt_ns, eval_ns, partial,\n"
    "  cached, error)\n"
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static void bind_entry(sqlite3_stmt *st, const struct log_entry *e, const char *when, int64_t ms)
{
	bind_text(st, 1, e->conversation);
	bind_text(st, 2, when);
	sq.bind_int64(st, 3, ms);
	bind_text(st, 4, e->command);
	bind_text(st, 5, e->session);
	bind_text(st, 6, e->prompt);
	bind_text(st, 7, e->system);
	bind_text(st, 8, e->adapter);
	bind_text(st, 9, e->model);
	bind_json(st, 10, e->router, NULL);
	bind_json(st, 11, e->options, NULL);
	bind_text(st, 12, e->response ? e->response : "");
	bind_text(st, 13, e->thinking && *e->thinking ? e->thinking : NULL);
	bind_json(st, 14, e->votes, NULL);
	bind_json(st, 15, e->tool_calls, "[]");
	sq.bind_int64(st, 16, e->prompt_tokens);
	sq.bind_int64(st, 17, e->tokens);
	sq.bind_double(st, 18, e->seconds);
	sq.bind_int64(st, 19, e->total_ns);
	sq.bind_int64(st, 20, e->load_ns);
	sq.bind_int64(st, 21, e->prompt_ns);
	sq.bind_int64(st, 22, e->eval_ns);
	sq.bind_int(st, 23, e->partial);
	sq.bind_int(st, 24, e->cached);
	bind_text(st, 25, e->error);
}

int logs_add(struct logs *l, const struct log_entry *e, char **err)
{
	if (!e->conversation || !e->command || !e->prompt || !e->model)
		return set_err(err, "a log entry needs a conversation, command, prompt and model");
	int64_t ms = e->unix_ms ? e->unix_ms : now_ms();
	char *when = iso_time(ms);
	sqlite3_stmt *st = NULL;
	int rc = exec(l, "BEGIN IMMEDIATE", err);
	if (rc == 0)
		rc = add_conversation(l, e, when, err);
	if (rc == 0 && sq.prepare_v2(l->db, insert_sql, -1, &st, NULL) != SQLITE_OK)
		rc = db_err(l, err, "");
	if (rc == 0) {
		bind_entry(st, e, when, ms);
		if (sq.step(st) != SQLITE_DONE)
			rc = db_err(l, err, "");
	}
	sq.finalize(st);
	if (rc == 0)
		rc = exec(l, "COMMIT", err);
	if (rc < 0)
		sq.exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	free(when);
	return rc;
}

/* ---- reading ------------------------------------------------------------- */

static char *column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sq.column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

static void read_row(sqlite3_stmt *st, struct log_row *r)
{
	int i = 0;
	r->id = sq.column_int64(st, i++);
	r->conversation = column_text(st, i++);
	r->datetime = column_text(st, i++);
	r->command = column_text(st, i++);
	r->session = column_text(st, i++);
	r->prompt = column_text(st, i++);
	r->system = column_text(st, i++);
	r->adapter = column_text(st, i++);
	r->model = column_text(st, i++);
	r->router = column_text(st, i++);
	r->options = column_text(st, i++);
	r->response = column_text(st, i++);
	r->thinking = column_text(st, i++);
	r->votes = column_text(st, i++);
	r->tool_calls = column_text(st, i++);
	r->prompt_tokens = (long)sq.column_int64(st, i++);
	r->tokens = (long)sq.column_int64(st, i++);
	r->seconds = sq.column_double(st, i++);
	r->total_ns = sq.column_int64(st, i++);
	r->load_ns = sq.column_int64(st, i++);
	r->prompt_ns = sq.column_int64(st, i++);
	r->eval_ns = sq.column_int64(st, i++);
	r->partial = sq.column_int(st, i++) != 0;
	r->cached = sq.column_int(st, i++) != 0;
	r->error = column_text(st, i++);
	/* NOT NULL columns, so a row can be printed without checks */
	if (!r->prompt)
		r->prompt = xstrdup("");
	if (!r->response)
		r->response = xstrdup("");
	if (!r->model)
		r->model = xstrdup("");
	if (!r->command)
		r->command = xstrdup("");
	if (!r->datetime)
		r->datetime = xstrdup("");
	if (!r->conversation)
		r->conversation = xstrdup("");
}

static char *list_sql(const struct log_filter *f)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	sb_adds(&sb, "SELECT id, conversation_id, datetime_utc, command, session, prompt, system, "
	             "adapter, model, router, options, response, thinking, votes, tool_calls, "
	             "prompt_tokens, tokens, seconds, total_ns, load_ns, prompt_ns, eval_ns, "
	             "partial, cached, error FROM responses WHERE 1");
	if (f->search)
		sb_adds(&sb, " AND id IN (SELECT rowid FROM responses_fts WHERE responses_fts "
		             "MATCH ?1)");
	if (f->adapter)
		sb_adds(&sb,
		        strcmp(f->adapter, "none") ? " AND adapter = ?2" : " AND adapter IS NULL");
	if (f->conversation)
		sb_adds(&sb, " AND conversation_id = ?3");
	if (f->has_since)
		sb_adds(&sb, " AND unix_ms >= ?4");
	sb_adds(&sb, " ORDER BY id DESC");
	if (f->limit > 0)
		sb_addf(&sb, " LIMIT %ld", f->limit);
	return sb_detach(&sb);
}

int logs_list(struct logs *l, const struct log_filter *f, struct log_row **rows, size_t *n,
              char **err)
{
	*rows = NULL;
	*n = 0;
	char *fts = NULL;
	if (f->search && !(fts = logs_fts_query(f->search)))
		return set_err(err, "the search has no words");
	char *sql = list_sql(f);
	sqlite3_stmt *st;
	int rc = sq.prepare_v2(l->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		free(fts);
		return db_err(l, err, "");
	}
	bind_text(st, 1, fts);
	bind_text(st, 2, f->adapter);
	bind_text(st, 3, f->conversation);
	sq.bind_int64(st, 4, f->since_ms);
	size_t cap = 0;
	while ((rc = sq.step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xrealloc(*rows, cap * sizeof **rows);
		}
		memset(&(*rows)[*n], 0, sizeof **rows);
		read_row(st, &(*rows)[(*n)++]);
	}
	sq.finalize(st);
	free(fts);
	if (rc != SQLITE_DONE) {
		db_err(l, err, "");
		log_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	for (size_t i = 0; i < *n / 2; i++) { /* newest first from SQL; oldest first out */
		struct log_row t = (*rows)[i];
		(*rows)[i] = (*rows)[*n - 1 - i];
		(*rows)[*n - 1 - i] = t;
	}
	return 0;
}

void log_rows_free(struct log_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct log_row *r = &rows[i];
		char *fields[] = {r->conversation, r->datetime,   r->command,  r->session,
		                  r->prompt,       r->system,     r->adapter,  r->model,
		                  r->router,       r->options,    r->response, r->thinking,
		                  r->votes,        r->tool_calls, r->error};
		for (size_t j = 0; j < LOCO_ARRAY_LEN(fields); j++)
			free(fields[j]);
	}
	free(rows);
}

/* Up to two ids the handle could name: one is the answer, two is ambiguous. */
int logs_find_conversation(struct logs *l, const char *handle, char **cid, char **err)
{
	*cid = NULL;
	const char *sql =
	    handle ? "SELECT DISTINCT conversation_id FROM responses WHERE conversation_id = ?1 "
	             "OR substr(conversation_id, 1, length(?1)) = ?1 "
	             "ORDER BY conversation_id = ?1 DESC LIMIT 2"
	           : "SELECT conversation_id FROM responses ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	if (sq.prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_err(l, err, "");
	bind_text(st, 1, handle);
	char *found[2] = {NULL, NULL};
	int n = 0, rc;
	while (n < 2 && (rc = sq.step(st)) == SQLITE_ROW)
		found[n++] = column_text(st, 0);
	int done = n == 2 || rc == SQLITE_DONE;
	sq.finalize(st);
	if (!done) {
		free(found[0]);
		free(found[1]);
		return db_err(l, err, "");
	}
	bool exact = n >= 1 && handle && !strcmp(found[0], handle);
	if (n == 1 || exact) {
		*cid = found[0];
		free(found[1]);
		return 1;
	}
	if (n == 0)
		set_err(err,
		        handle ? "no logged conversation '%s'" : "no logged conversation yet%s",
		        handle ? handle : "");
	else
		set_err(err, "'%s' names several conversations (%s, %s, ...); give more of the id",
		        handle, found[0], found[1]);
	free(found[0]);
	free(found[1]);
	return 0;
}

/* ---- ids, --since, search ------------------------------------------------ */

char *logs_new_id(void)
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	unsigned char rnd[10];
	size_t got = 0;
	while (got < sizeof rnd) {
		ssize_t n = getrandom(rnd + got, sizeof rnd - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	for (; got < sizeof rnd; got++) /* no getrandom: still unique enough per process */
		rnd[got] = (unsigned char)(rand() ^ getpid());
	uint64_t ms = (uint64_t)now_ms();
	char id[27];
	for (int i = 9; i >= 0; i--, ms >>= 5)
		id[i] = alphabet[ms & 31];
	/* 80 random bits as 16 characters of 5 bits */
	for (int i = 0; i < 16; i++) {
		int bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)rnd[byte] << 8 | (byte + 1 < 10 ? rnd[byte + 1] : 0);
		id[10 + i] = alphabet[(v >> (11 - shift)) & 31];
	}
	id[26] = '\0';
	return xstrdup(id);
}

/* Digits at s[*i] (at most max of them, at least one): their value, or -1. */
static long digits(const char *s, size_t *i, int min, int max)
{
	long v = 0;
	int n = 0;
	while (n < max && isdigit((unsigned char)s[*i])) {
		v = v * 10 + (s[(*i)++] - '0');
		n++;
	}
	return n >= min ? v : -1;
}

static int since_err(char **err, const char *text, size_t col, const char *what)
{
	return set_err(err, "'%s': column %zu: %s", text, col + 1, what);
}

static int parse_duration(const char *text, int64_t now, int64_t *out, char **err)
{
	/* up to 100 years back: no overflow, and nothing older was logged */
	const int64_t max_ms = (int64_t)100 * 366 * 86400 * 1000;
	int64_t total = 0;
	size_t i = 0;
	while (text[i]) {
		size_t start = i;
		long v = digits(text, &i, 1, 9);
		if (v < 0)
			return since_err(err, text, i, "expected a number");
		if (isdigit((unsigned char)text[i]))
			return since_err(err, text, start, "the number is too large");
		int64_t unit;
		switch (text[i]) {
		case 's':
			unit = 1000;
			break;
		case 'm':
			unit = 60 * 1000;
			break;
		case 'h':
			unit = 3600 * 1000;
			break;
		case 'd':
			unit = 86400 * 1000;
			break;
		case 'w':
			unit = 7 * 86400 * 1000;
			break;
		default:
			return since_err(err, text, i,
			                 text[i]
			                     ? "expected a unit: s, m, h, d or w"
			                     : "expected a unit after the number: s, m, h, d or w");
		}
		i++;
		total += v * unit;
		if (total > max_ms)
			return since_err(err, text, start, "more than 100 years back");
	}
	*out = now - total;
	return 0;
}

static bool leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* One field of a date: its digits at s[*i] in [lo, hi]. */
static int date_field(const char *text, size_t *i, int n, long lo, long hi, const char *what,
                      long *out, char **err)
{
	size_t start = *i;
	long v = digits(text, i, n, n);
	if (v < 0)
		return since_err(err, text, start, what);
	if (v < lo || v > hi) {
		char *msg = xasprintf("%s must be %0*ld to %0*ld", what + 9, n, lo, n, hi);
		since_err(err, text, start, msg);
		free(msg);
		return -1;
	}
	*out = v;
	return 0;
}

static int expect_char(const char *text, size_t *i, char c, char **err)
{
	if (text[*i] == c) {
		(*i)++;
		return 0;
	}
	char what[32];
	snprintf(what, sizeof what, "expected '%c'", c);
	return since_err(err, text, *i, what);
}

static int parse_date(const char *text, int64_t *out, char **err)
{
	size_t i = 0;
	long y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0; /* for gcc -O2 */
	if (date_field(text, &i, 4, 1970, 9999, "expected the year", &y, err) < 0 ||
	    expect_char(text, &i, '-', err) < 0 ||
	    date_field(text, &i, 2, 1, 12, "expected the month", &mo, err) < 0 ||
	    expect_char(text, &i, '-', err) < 0)
		return -1;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long last = mdays[mo - 1] + (mo == 2 && leap(y));
	if (date_field(text, &i, 2, 1, last, "expected the day", &d, err) < 0)
		return -1;
	if (text[i] == 'T' || text[i] == ' ') {
		i++;
		if (date_field(text, &i, 2, 0, 23, "expected the hour", &h, err) < 0 ||
		    expect_char(text, &i, ':', err) < 0 ||
		    date_field(text, &i, 2, 0, 59, "expected the minute", &mi, err) < 0)
			return -1;
		if (text[i] == ':' &&
		    (i++, date_field(text, &i, 2, 0, 59, "expected the second", &s, err) < 0))
			return -1;
	}
	bool utc = text[i] == 'Z';
	if (utc)
		i++;
	if (text[i])
		return since_err(err, text, i,
		                 "expected the end (a date is YYYY-MM-DD[ HH:MM[:SS]][Z])");
	struct tm tm = {.tm_year = (int)y - 1900,
	                .tm_mon = (int)mo - 1,
	                .tm_mday = (int)d,
	                .tm_hour = (int)h,
	                .tm_min = (int)mi,
	                .tm_sec = (int)s,
	                .tm_isdst = -1};
	time_t t = utc ? timegm(&tm) : mktime(&tm);
	if (t == (time_t)-1 && !(utc && y == 1969))
		return since_err(err, text, 0, "not a time this system can represent");
	*out = (int64_t)t * 1000;
	return 0;
}

int logs_parse_since(const char *text, int64_t now, int64_t *since_ms, char **err)
{
	if (!*text)
		return set_err(err, "'': expected a duration (30m, 2h, 3d) or a date (YYYY-MM-DD)");
	size_t lead = strspn(text, "0123456789");
	/* a date starts with four digits and '-'; anything else is a duration */
	if (lead == 4 && text[4] == '-')
		return parse_date(text, since_ms, err);
	if (!lead)
		return since_err(err, text, 0,
		                 "expected a duration (30m, 2h, 3d) or a date (YYYY-MM-DD)");
	return parse_duration(text, now, since_ms, err);
}

char *logs_fts_query(const char *text)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	const char *p = text;
	while (*p) {
		p += strspn(p, " \t\r\n\f\v");
		size_t n = strcspn(p, " \t\r\n\f\v");
		if (!n)
			break;
		if (sb.len)
			sb_adds(&sb, " ");
		sb_adds(&sb, "\"");
		for (size_t i = 0; i < n; i++)
			sb_add(&sb, p[i] == '"' ? "\"\"" : &p[i], p[i] == '"' ? 2 : 1);
		sb_adds(&sb, "\"");
		p += n;
	}
	if (!sb.len) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}
