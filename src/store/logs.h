/* logs.h: the answer log, LOCO_HOME/logs.db (issue 21), the way simonw's llm
 * logs to SQLite: one row per `query` or `chat` turn (prompt, system,
 * adapter, model, the router's decision, options, response, votes, tool
 * calls, tokens, timings) in a conversation, with an FTS5 index over prompts
 * and responses for search.
 *
 * The schema is versioned (PRAGMA user_version) and migrated forward on
 * open; a file written by a newer loco is refused, not rewritten. The file
 * and its -wal and -shm side files are 0600 (SQLite gives the side files the
 * database's own mode). Nothing here prints: failures return -1 with *err.
 *
 * Ownership: struct logs is the caller's until logs_close(); the strings of
 * a log_entry and its cJSON values are borrowed; log_row strings are owned
 * by the rows (log_rows_free()).
 */
#ifndef LOCO_LOGS_H
#define LOCO_LOGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct logs;

/* The schema this loco writes (and migrates older files to). */
#define LOGS_SCHEMA_VERSION 1
/* How long a write waits for another loco holding the database. */
#define LOGS_BUSY_MS 5000

enum logs_mode {
	LOGS_WRITE, /* created when missing (and its folder), migrated */
	LOGS_READ,  /* a missing file is no error: *out is NULL */
};

/* Opens path (LOCO_HOME/logs.db). Returns 0, or -1 with *err naming the file
 * ("file is not a database", "database is locked", a newer schema). */
int logs_open(const char *path, enum logs_mode mode, struct logs **out, char **err);
void logs_close(struct logs *l);

/* One turn, as query and chat record it. */
struct log_entry {
	const char *conversation; /* required: logs_new_id() for a new one */
	const char *command;      /* "query" or "chat" */
	const char *session;      /* chat: the session's id; NULL for query */
	const char *prompt;       /* the user's own words (never RE2) */
	const char *system;       /* NULL: none was sent */
	const char *adapter;      /* NULL: the base model */
	const char *model;
	const struct cJSON *router;     /* how the adapter was chosen, or NULL */
	const struct cJSON *options;    /* what was sent as options, or NULL */
	const struct cJSON *votes;      /* the vote, or NULL */
	const struct cJSON *tool_calls; /* NULL: none ([]) */
	const char *response;
	const char *thinking; /* NULL or "": none */
	long prompt_tokens, tokens;
	double seconds;                                /* wall time loco measured */
	int64_t total_ns, load_ns, prompt_ns, eval_ns; /* as the server reported */
	bool partial, cached;
	const char *error; /* why the answer is partial, or NULL */
	int64_t unix_ms;   /* when; 0 = now */
};

/* Appends a turn (its conversation row too, when new). */
int logs_add(struct logs *l, const struct log_entry *e, char **err);

/* Which turns logs_list() returns: every filter given must hold; the newest
 * `limit` of them (0 = all), oldest first. */
struct log_filter {
	long limit;
	const char *search;       /* FTS5 over prompt and response: every word, as typed */
	const char *adapter;      /* exact name; "none" = the base model */
	const char *conversation; /* an exact conversation id */
	bool has_since;
	int64_t since_ms; /* unix milliseconds */
};

struct log_row {
	int64_t id;
	char *conversation, *datetime, *command, *session;
	char *prompt, *system, *adapter, *model;
	char *router, *options, *votes, *tool_calls; /* JSON text; NULL when absent */
	char *response, *thinking, *error;
	long prompt_tokens, tokens;
	double seconds;
	int64_t total_ns, load_ns, prompt_ns, eval_ns;
	bool partial, cached;
};

int logs_list(struct logs *l, const struct log_filter *f, struct log_row **rows, size_t *n,
              char **err);
void log_rows_free(struct log_row *rows, size_t n);

/* The conversation handle names: an id or a unique prefix of one (NULL: the
 * one with the newest turn). Returns 1 with *cid (caller frees), 0 when there
 * is none (*err says why: no match, or a prefix of several), -1 on failure. */
int logs_find_conversation(struct logs *l, const char *handle, char **cid, char **err);

/* A fresh conversation id: 26 characters of Crockford base32 (a ULID, as llm
 * uses), milliseconds first so ids sort by time. Caller frees. */
char *logs_new_id(void);

/* --since: a duration back from now_ms (30s, 15m, 2h, 3d, 1w, or several:
 * 1h30m) or a date, YYYY-MM-DD[( |T)HH:MM[:SS]][Z], local time unless Z.
 * Returns 0 with *since_ms, or -1 with *err giving the column and what was
 * expected there. */
int logs_parse_since(const char *text, int64_t now_ms, int64_t *since_ms, char **err);

/* The FTS5 query for words typed by a user: each whitespace-separated word a
 * quoted string (so '?', '-' or 'AND' are text, not syntax), all required.
 * NULL when there are no words. Caller frees. */
char *logs_fts_query(const char *text);

#endif
