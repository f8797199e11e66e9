/* test_logs.c: the answer log (src/store/logs.c): a turn written and read
 * back, filters (FTS5 search, adapter, conversation, since, limit), the
 * file modes of the database and its side files, the schema version, broken
 * and foreign files, conversation ids and handles, and the --since and
 * search-query parsers as tables. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "logs.h"
#include "util.h"

static char *tmp;

static char *db_path(const char *name)
{
	return xasprintf("%s/%s", tmp, name);
}

static struct log_entry entry(const char *cid, const char *prompt, const char *response,
                              const char *adapter, int64_t ms)
{
	struct log_entry e = {.conversation = cid,
	                      .command = "query",
	                      .prompt = prompt,
	                      .adapter = adapter,
	                      .model = adapter ? "locollm-math" : "qwen3:4b",
	                      .response = response,
	                      .tokens = 7,
	                      .prompt_tokens = 20,
	                      .seconds = 1.5,
	                      .load_ns = 3000000,
	                      .unix_ms = ms};
	return e;
}

static int mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

static size_t count(struct logs *l, const struct log_filter *f)
{
	struct log_row *rows;
	size_t n = 0;
	char *err = NULL;
	if (logs_list(l, f, &rows, &n, &err) < 0) {
		CHECK(0, "logs_list: %s", err);
		free(err);
		return (size_t)-1;
	}
	log_rows_free(rows, n);
	return n;
}

static void test_round_trip(void)
{
	char *path = db_path("a/logs.db"); /* the folder is made too */
	struct logs *l = NULL;
	char *err = NULL;
	CHECK(logs_open(path, LOGS_WRITE, &l, &err) == 0 && l, "open: %s", err ? err : "");
	if (!l)
		return;
	cJSON *router = cJSON_Parse("{\"by\":\"router\",\"confidence\":1}");
	cJSON *opts = cJSON_Parse("{\"num_ctx\":8192}");
	struct log_entry e =
	    entry("c1", "What is 15 + 27?", "The answer is 42.", "math", 1764700000000);
	e.router = router;
	e.options = opts;
	e.system = "You are a math tutor.";
	e.thinking = "";
	CHECK(logs_add(l, &e, &err) == 0, "add: %s", err ? err : "");
	e = entry("c1", "and doubled?", "84", "math", 1764700060000);
	e.partial = true;
	e.error = "the connection closed";
	CHECK(logs_add(l, &e, &err) == 0, "add 2");
	e = entry("c2", "write a poem about tea", "Steam curls\nat dawn", NULL, 1764703600000);
	CHECK(logs_add(l, &e, &err) == 0, "add 3");

	struct log_filter all = {0};
	struct log_row *rows;
	size_t n;
	CHECK(logs_list(l, &all, &rows, &n, &err) == 0 && n == 3, "three rows");
	if (n == 3) {
		CHECK_STR(rows[0].prompt, "What is 15 + 27?", "oldest first");
		CHECK_STR(rows[0].datetime, "2025-12-02T18:26:40.000Z", "datetime");
		CHECK_STR(rows[0].router, "{\"by\":\"router\",\"confidence\":1}", "router JSON");
		CHECK_STR(rows[0].options, "{\"num_ctx\":8192}", "options JSON");
		CHECK_STR(rows[0].tool_calls, "[]", "no tool calls is []");
		CHECK_STR(rows[0].system, "You are a math tutor.", "system");
		CHECK(rows[0].thinking == NULL, "empty thinking is NULL");
		CHECK(rows[0].votes == NULL && rows[0].session == NULL, "absent JSON is NULL");
		CHECK(rows[0].tokens == 7 && rows[0].prompt_tokens == 20 &&
		          rows[0].load_ns == 3000000 && rows[0].seconds == 1.5,
		      "numbers");
		CHECK(rows[1].partial && !rows[0].partial, "partial");
		CHECK_STR(rows[1].error, "the connection closed", "error");
		CHECK(rows[2].adapter == NULL, "the base model is NULL");
	}
	log_rows_free(rows, n);

	struct log_filter f = {.limit = 2};
	CHECK(count(l, &f) == 2, "limit");
	f = (struct log_filter){.search = "doubled?"};
	CHECK(count(l, &f) == 1, "search: '?' is text, not FTS5 syntax");
	f = (struct log_filter){.search = "double"};
	CHECK(count(l, &f) == 1, "search stems (porter): double finds doubled");
	f = (struct log_filter){.search = "tea dawn"};
	CHECK(count(l, &f) == 1, "search: every word, across prompt and response");
	f = (struct log_filter){.search = "tea 42"};
	CHECK(count(l, &f) == 0, "search: all words must be in one turn");
	f = (struct log_filter){.search = "AND OR NOT \"x"};
	CHECK(count(l, &f) == 0, "search: operators and quotes are words");
	f = (struct log_filter){.adapter = "math"};
	CHECK(count(l, &f) == 2, "adapter");
	f = (struct log_filter){.adapter = "none"};
	CHECK(count(l, &f) == 1, "adapter none: the base model");
	f = (struct log_filter){.conversation = "c1"};
	CHECK(count(l, &f) == 2, "conversation");
	f = (struct log_filter){.has_since = true, .since_ms = 1764700060000};
	CHECK(count(l, &f) == 2, "since is inclusive");
	f = (struct log_filter){.search = "   "};
	CHECK(logs_list(l, &f, &rows, &n, &err) < 0 && err, "a search of no words is refused");
	free(err);
	err = NULL;

	char *cid = NULL;
	CHECK(logs_find_conversation(l, NULL, &cid, &err) == 1, "newest conversation");
	CHECK_STR(cid, "c2", "the one with the newest turn");
	free(cid);
	CHECK(logs_find_conversation(l, "c", &cid, &err) == 0 && err && strstr(err, "several"),
	      "an ambiguous prefix: %s", err ? err : "");
	free(err);
	err = NULL;
	CHECK(logs_find_conversation(l, "c1", &cid, &err) == 1, "an exact id");
	free(cid);
	CHECK(logs_find_conversation(l, "zz", &cid, &err) == 0 && err, "an unknown id");
	free(err);
	cJSON_Delete(router);
	cJSON_Delete(opts);
	logs_close(l);
	free(path);
}

/* The database and its -wal and -shm files are 0600, whatever the umask;
 * a database left wider by someone else is narrowed. */
static void test_modes(void)
{
	mode_t old = umask(0);
	char *path = db_path("modes.db");
	struct logs *a = NULL, *b = NULL;
	char *err = NULL;
	CHECK(logs_open(path, LOGS_WRITE, &a, &err) == 0, "open a: %s", err ? err : "");
	CHECK(logs_open(path, LOGS_WRITE, &b, &err) == 0, "open b: %s", err ? err : "");
	struct log_entry e = entry("m1", "hi", "hello", NULL, 0);
	CHECK(a && logs_add(a, &e, &err) == 0, "write while another connection is open");
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	CHECK(mode_of(path) == 0600, "db mode %o", mode_of(path));
	CHECK(mode_of(wal) == 0600, "wal mode %o", mode_of(wal));
	CHECK(mode_of(shm) == 0600, "shm mode %o", mode_of(shm));
	logs_close(b);
	logs_close(a);
	chmod(path, 0644);
	CHECK(logs_open(path, LOGS_READ, &a, &err) == 0 && a, "reopen");
	CHECK(mode_of(path) == 0600, "a wider database is made private again: %o", mode_of(path));
	logs_close(a);
	umask(old);
	free(wal);
	free(shm);
	free(path);
}

static void write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write %s", path);
		close(fd);
	}
}

static void sql(const char *path, const char *text)
{
	sqlite3 *db;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK, "sqlite3_open");
	CHECK(sqlite3_exec(db, text, NULL, NULL, NULL) == SQLITE_OK, "%s: %s", text,
	      sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void test_bad_files(void)
{
	struct logs *l = NULL;
	char *err = NULL;
	char *missing = db_path("missing.db");
	CHECK(logs_open(missing, LOGS_READ, &l, &err) == 0 && !l, "READ: no file, no error");
	CHECK(!file_exists(missing), "READ creates nothing");

	char *garbage = db_path("garbage.db");
	write_text(garbage, "this is not SQLite, it is a text file of some length\n");
	CHECK(logs_open(garbage, LOGS_WRITE, &l, &err) < 0 && !l, "garbage is refused");
	CHECK(err && strstr(err, "garbage.db") && strstr(err, "not a database"), "says so: %s",
	      err ? err : "");
	free(err);
	err = NULL;

	char *newer = db_path("newer.db");
	CHECK(logs_open(newer, LOGS_WRITE, &l, &err) == 0, "create");
	logs_close(l);
	sql(newer, "PRAGMA user_version=99");
	CHECK(logs_open(newer, LOGS_WRITE, &l, &err) < 0, "a newer schema is refused");
	CHECK(err && strstr(err, "newer loco"), "names why: %s", err ? err : "");
	free(err);
	err = NULL;

	char *foreign = db_path("foreign.db");
	sql(foreign, "CREATE TABLE notes(x)");
	CHECK(logs_open(foreign, LOGS_WRITE, &l, &err) < 0, "another program's database");
	CHECK(err && strstr(err, "not loco's"), "says so: %s", err ? err : "");
	free(err);
	err = NULL;

	/* a locked database: another writer holds it past LOGS_BUSY_MS */
	char *locked = db_path("locked.db");
	CHECK(logs_open(locked, LOGS_WRITE, &l, &err) == 0, "create");
	sqlite3 *holder;
	sqlite3_open(locked, &holder);
	CHECK(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK, "lock");
	struct log_entry e = entry("l1", "hi", "hello", NULL, 0);
	CHECK(logs_add(l, &e, &err) < 0 && err && strstr(err, "locked"), "locked: %s",
	      err ? err : "");
	free(err);
	err = NULL;
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	CHECK(logs_add(l, &e, &err) == 0, "unlocked again, the write works");
	logs_close(l);

	/* a fresh file carries the current schema */
	sqlite3 *db;
	sqlite3_open(locked, &db);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == LOGS_SCHEMA_VERSION,
	      "user_version");
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(missing);
	free(garbage);
	free(newer);
	free(foreign);
	free(locked);
}

/* The conversation's name: its first prompt's first 80 bytes on one line,
 * never cut inside a UTF-8 character, from a heap copy (so memcheck sees a
 * read past a short prompt). */
static void test_conversation_name(void)
{
	char *path = db_path("names.db");
	struct logs *l = NULL;
	char *err = NULL;
	CHECK(logs_open(path, LOGS_WRITE, &l, &err) == 0, "open");
	char long_prompt[120];
	memset(long_prompt, 'a', 79);
	strcpy(long_prompt + 79, "\xc3\xa9 and more after it");
	char *prompts[] = {xstrdup("hi\nthere"), xstrdup(long_prompt)};
	for (size_t i = 0; l && i < 2; i++) {
		char *cid = xasprintf("n%zu", i);
		struct log_entry e = entry(cid, prompts[i], "ok", NULL, 0);
		CHECK(logs_add(l, &e, &err) == 0, "add");
		free(cid);
	}
	logs_close(l);
	sqlite3 *db;
	sqlite3_open(path, &db);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "SELECT name FROM conversations ORDER BY id", -1, &st, NULL);
	CHECK(sqlite3_step(st) == SQLITE_ROW, "row");
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "hi there", "one line");
	CHECK(sqlite3_step(st) == SQLITE_ROW, "row");
	CHECK(strlen((const char *)sqlite3_column_text(st, 0)) == 79, "cut before the character");
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(prompts[0]);
	free(prompts[1]);
	free(path);
}

static void test_ids(void)
{
	char *a = logs_new_id(), *b = logs_new_id();
	CHECK(strlen(a) == 26 && strspn(a, "0123456789abcdefghjkmnpqrstvwxyz") == 26, "%s", a);
	CHECK(strcmp(a, b) != 0, "two ids differ");
	CHECK(strncmp(a, b, 8) <= 0, "ids sort by time: %s %s", a, b);
	free(a);
	free(b);
}

/* --since, as a table: text, expected milliseconds (from NOW) or NULL and a
 * part of the error. TZ=UTC (CTest sets it), so local dates are UTC. */
#define NOW ((int64_t)1764700000000) /* 2025-12-02T18:26:40Z */
static const struct {
	const char *text;
	int64_t want;
	const char *error;
} since_cases[] = {
    {"30s", NOW - 30000, NULL},
    {"15m", NOW - 900000, NULL},
    {"2h", NOW - 7200000, NULL},
    {"3d", NOW - 3 * 86400000LL, NULL},
    {"1w", NOW - 7 * 86400000LL, NULL},
    {"1h30m", NOW - 5400000, NULL},
    {"0s", NOW, NULL},
    {"2025-12-01", 1764547200000, NULL},
    {"2025-12-01T10:00", 1764583200000, NULL},
    {"2025-12-01 10:00:30", 1764583230000, NULL},
    {"2025-12-01T10:00Z", 1764583200000, NULL},
    {"2024-02-29", 1709164800000, NULL},
    {"", 0, "expected a duration"},
    {"2", 0, "column 2: expected a unit after the number"},
    {"2x", 0, "column 2: expected a unit: s, m, h, d or w"},
    {"h", 0, "column 1: expected a duration"},
    {"-2h", 0, "column 1: expected a duration"},
    {"2h3", 0, "column 4: expected a unit after"},
    {"2h ", 0, "column 3: expected a number"},
    {"9999999999d", 0, "column 1: the number is too large"},
    {"99999999w", 0, "more than 100 years"},
    {"2025-13-01", 0, "column 6: the month must be 01 to 12"},
    {"2025-02-30", 0, "column 9: the day must be 01 to 28"},
    {"2023-02-29", 0, "the day must be 01 to 28"},
    {"2025-1-01", 0, "column 6: expected the month"},
    {"2025-12-01T25:00", 0, "column 12: the hour must be 00 to 23"},
    {"2025-12-01T10", 0, "column 14: expected ':'"},
    {"2025-12-01T10:61", 0, "the minute must be 00 to 59"},
    {"2025-12-01x", 0, "column 11: expected the end"},
    {"2025-12-01T10:00Zz", 0, "column 18: expected the end"},
    {"1969-12-31", 0, "the year must be 1970 to 9999"},
};

static void test_since(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(since_cases); i++) {
		int64_t got = -1;
		char *err = NULL;
		int rc = logs_parse_since(since_cases[i].text, NOW, &got, &err);
		if (!since_cases[i].error)
			CHECK(rc == 0 && got == since_cases[i].want,
			      "'%s': got %lld (%s), want %lld", since_cases[i].text, (long long)got,
			      err ? err : "ok", (long long)since_cases[i].want);
		else
			CHECK(rc < 0 && err && strstr(err, since_cases[i].error),
			      "'%s': got '%s', want '%s'", since_cases[i].text,
			      err ? err : "success", since_cases[i].error);
		free(err);
	}
}

static const struct {
	const char *text, *want;
} fts_cases[] = {
    {"tea", "\"tea\""},
    {"  and doubled?  ", "\"and\" \"doubled?\""},
    {"say \"hi\"", "\"say\" \"\"\"hi\"\"\""},
    {"a\tb\nc", "\"a\" \"b\" \"c\""},
    {"NOT x*", "\"NOT\" \"x*\""},
    {"", NULL},
    {" \t\n", NULL},
};

static void test_fts_query(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(fts_cases); i++) {
		char *got = logs_fts_query(fts_cases[i].text);
		if (fts_cases[i].want)
			CHECK_STR(got, fts_cases[i].want, fts_cases[i].text);
		else
			CHECK(got == NULL, "'%s': no words, got %s", fts_cases[i].text, got);
		free(got);
	}
}

int main(void)
{
	tmp = check_tmpdir("logs");
	if (!tmp)
		return 1;
	test_round_trip();
	test_modes();
	test_bad_files();
	test_conversation_name();
	test_ids();
	test_since();
	test_fts_query();
	char *cmd = xasprintf("rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp);
	free(cmd);
	free(tmp);
	return check_done("logs");
}
