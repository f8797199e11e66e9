/* session.h: one chat conversation (SPEC section 9): its messages, the
 * adapter it sticks to, what is still sent after compaction, and its file in
 * LOCO_HOME/sessions/ (JSON, written atomically after every turn).
 *
 * A struct session owns every string in it; session_free() releases them.
 * Nothing here talks to the server or prints.
 */
#ifndef LOCO_SESSION_H
#define LOCO_SESSION_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

#define SESSION_KEEP 4 /* messages compaction never drops */

struct chat_message {
	char *role;    /* "user" or "assistant" */
	char *content; /* the user's own words (never RE2), or the answer */
	char *adapter; /* assistant: the adapter that answered, NULL = base model */
	char *model;   /* assistant: the model that answered */
	long tokens;   /* assistant: tokens generated */
	bool partial;  /* assistant: stopped by Ctrl-C or a failure */
	/* assistant: the python tool's runs behind the answer, as --json's
	 * tool_calls (issue 19), or NULL. Kept in the file; later turns send the
	 * answer, not the runs. */
	struct cJSON *tool_calls;
};

/* How the adapter is chosen: routed once (auto), fixed, none (base), or
 * no adapter at all: one Ollama model asked directly (--model, /model). */
enum adapter_mode { MODE_AUTO, MODE_FIXED, MODE_NONE, MODE_MODEL };

struct session {
	char *id;     /* the file's name without .json: a time stamp, or the /save name */
	bool named;   /* id was given with /save */
	bool on_disk; /* dir/<id>.json is ours (claimed with O_EXCL, or loaded) */
	char *created, *updated; /* RFC 3339, UTC */
	enum adapter_mode mode;
	char *adapter;      /* the adapter in use (fixed, or routed and stuck); NULL = base */
	char *system;       /* /system override, NULL = the adapter's own */
	char *conversation; /* its id in the answer log (logs.h), NULL until a turn is logged */
	char *model;        /* MODE_MODEL: the Ollama model that answers; else NULL */
	struct chat_message *msgs;
	size_t n, cap;
	size_t context_start; /* messages before this are kept in the file but no longer sent */
};

/* An empty conversation with a fresh id that is not yet used in dir. */
void session_init(struct session *s, const char *dir);
void session_free(struct session *s);
/* Forgets the messages and the routed adapter, keeping settings; takes a fresh id. */
void session_reset(struct session *s, const char *dir);

struct chat_message *session_add(struct session *s, const char *role, const char *content);
void session_drop_last(struct session *s);
/* The newest user message, or NULL. */
const char *session_last_question(const struct session *s);

/* What is sent: the system message (when not NULL) and every message from
 * context_start on, the newest user message re-read (RE2) when reread. */
struct cJSON *session_request(const struct session *s, const char *system, bool reread);

/* Tokens the request would take, estimated from its text (about four bytes
 * a token plus a few per message, as chat templates add). */
long session_estimate(const struct session *s, const char *system, bool reread);

/* Compaction: while the request reaches 90% of limit tokens, stops sending
 * the oldest messages (never the newest SESSION_KEEP; never starting on an
 * assistant answer when that can be avoided). Returns how many were dropped. */
size_t session_compact(struct session *s, const char *system, bool reread, long limit);

/* ---- files --------------------------------------------------------------- */

/* Writes dir/<id>.json atomically (creating dir, private: 0700). The first
 * save claims the file with O_EXCL (mode 0600): a chat started in the same
 * second as another takes the next free id instead of overwriting it; a
 * named session whose name was taken meanwhile fails. */
int session_save(struct session *s, const char *dir, char **err);
/* Reads a session file; errors name the file and, for bad JSON, line and
 * column. The id is the file's name, whatever the JSON says. */
int session_load_file(const char *path, struct session *s, char **err);

struct session_info {
	char *id;
	char *updated;
	size_t messages;
	char *adapter; /* NULL = base model */
	char *first;   /* the first question, shortened */
};

/* Every readable session in dir, newest first; unreadable files are named
 * in *warnings (one per line, caller frees) and skipped. */
int session_list(const char *dir, struct session_info **list, size_t *n, char **warnings,
                 char **err);
void session_list_free(struct session_info *list, size_t n);

/* The path of the session a handle names: an id, or a unique prefix of one.
 * NULL with *err (and a did-you-mean) when there is none. */
char *session_find(const char *dir, const char *handle, char **err);

/* Whether a /save name can be a file name: letters, digits, '.', '_' and '-',
 * at most 64, not starting with '.' or '-'. */
bool session_name_valid(const char *name);

#endif
