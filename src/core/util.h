/* util.h: the small pieces every module shares: exit codes, allocation,
 * bounded string buffers, error messages, whole-file reads and atomic writes.
 *
 * Ownership, one rule for the whole codebase (as jq's jv.h has one): every
 * pointer argument is borrowed, and whatever a function returns is the
 * caller's. So a char * returned is the caller's to free(); a cJSON *
 * argument stays the caller's (a non-const one may be filled in, never
 * freed or adopted), and a cJSON * returned is new, the caller's to
 * cJSON_Delete(); a `char **err`, when not NULL, receives a message the
 * caller frees (set only when the function fails). The exceptions say so in
 * their names: a function that adopts a cJSON * argument (adds it to a tree
 * of its own, or deletes it) ends in `_take`; a lookup that returns a node
 * inside its argument (json.h's json_get(), models.c's server_table(),
 * cJSON_GetObjectItem itself) lends it for as long as that argument lives.
 * One exception keeps its name for its many callers: print_json() (cli.h)
 * consumes its value.
 */
#ifndef LOCO_UTIL_H
#define LOCO_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Exit codes: SPEC section 10. Only main() turns these into a process status. */
enum loco_exit {
	LOCO_OK = 0,
	LOCO_FAIL = 1,
	LOCO_USAGE = 2,
	LOCO_UNREACHABLE = 3,
	LOCO_NOT_FOUND = 4,
	LOCO_BAD_INPUT = 5,
	LOCO_INTERRUPTED = 130,
};

#define LOCO_VERSION "0.1.0"

#define LOCO_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define LOCO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LOCO_PRINTF(f, a)
#endif

/* Allocation that cannot fail: out of memory prints a message and aborts. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) LOCO_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) LOCO_PRINTF(1, 0);

/* Sets *err (when err is not NULL) to a formatted message; returns -1 so
 * callers can write `return set_err(err, "...")`. */
int set_err(char **err, const char *fmt, ...) LOCO_PRINTF(2, 3);

/* A growable byte buffer with a ceiling (STYLE lesson 5, curl's dynbuf, whose
 * init takes the maximum). Always NUL-terminated. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	size_t max; /* 0 = no ceiling */
	bool cut;   /* sb_add_text cut the text at the ceiling */
};
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0, 0, false                                                               \
	}

/* The ceiling of an answer's accumulated text, and of its thinking, each: far
 * above any answer a local model gives (num_ctx is tokens, a few bytes each),
 * low enough that a runaway generation or a hostile server cannot exhaust
 * memory. */
#define LOCO_TEXT_MAX (16u << 20)
/* What ends a text cut at LOCO_TEXT_MAX (sb_add_text), so no reader takes a
 * cut answer for a whole one. */
#define LOCO_TEXT_CUT_NOTE "\n[loco: cut here; the text passed its ceiling of 16 MiB]\n"
/* The ceiling of a buffer that its input bounds (say which at the init). */
#define STRBUF_NO_CEILING 0
void sb_init(struct strbuf *sb, size_t max); /* max: a ceiling or STRBUF_NO_CEILING */
/* Appends; returns -1 (and appends nothing) when the ceiling would be passed. */
int sb_add(struct strbuf *sb, const void *data, size_t n);
int sb_adds(struct strbuf *sb, const char *s);
int sb_addf(struct strbuf *sb, const char *fmt, ...) LOCO_PRINTF(2, 3);
/* Appends text that may run past the ceiling (an answer as it streams): what
 * fits goes in; the first piece that does not fit is cut at a UTF-8 character
 * boundary, note is appended (room for it is kept under the ceiling), and
 * sb->cut is set; whatever comes later is dropped. Returns 0, or -1 once cut.
 * With no ceiling it is sb_add. */
int sb_add_text(struct strbuf *sb, const char *text, size_t n, const char *note);
/* Makes room for n more bytes and returns where they go (the length already
 * counts them); NULL when the ceiling would be passed. */
char *sb_extend(struct strbuf *sb, size_t n);
void sb_reset(struct strbuf *sb);
char *sb_detach(struct strbuf *sb); /* returns the string; sb is empty again */
void sb_free(struct strbuf *sb);

/* Reads a whole file (at most max bytes, else an error naming the limit).
 * Returns 0 and a NUL-terminated buffer in *out; -1 with *err on failure. */
int read_file(const char *path, size_t max, char **out, size_t *len, char **err);

/* The same for an open descriptor; label names it in messages. */
int read_fd(int fd, const char *label, size_t max, char **out, size_t *len, char **err);

/* Writes data to path via a temporary file in the same folder, fsync,
 * rename and an fsync of the folder, so readers see the old file or the new
 * one, never half of one, and a crash after it returns keeps the new one.
 * A symlink at path is written through: the file it points to is replaced
 * and the link stays. The new file keeps the mode of the one it replaces
 * (0644 less the umask when there was none). */
int write_file_atomic(const char *path, const char *data, size_t len, char **err);

/* The same for a private file (cached answers, conversations, results):
 * always 0600, whatever the old file's mode was. */
int write_file_private(const char *path, const char *data, size_t len, char **err);

/* The last steps of write_file_atomic for a temporary file that another
 * library wrote beside path: fsync, rename over path (through a symlink),
 * fsync of the folder; the temporary file is removed on failure. */
int commit_file(const char *tmp, const char *path, char **err);

/* mkdir -p for the folders of a path (not the last component when
 * last_is_file); folders it makes are 0755 less the umask. */
int mkdir_parents(const char *path, bool last_is_file, char **err);
/* The same, making private folders (0700); folders that exist keep their mode. */
int mkdir_private(const char *path, bool last_is_file, char **err);

/* An exclusive lock for a read-modify-write of path (config set, promote,
 * adapters install/add/remove): flock on "path.lock" beside the file (beside
 * the file a symlink points to), made when missing and left in place, since
 * removing it would let two processes lock two different files. Blocks
 * while another process holds it (a SIGINT handler without SA_RESTART ends
 * the wait). Returns the lock, or -1 with *err. */
int file_lock(const char *path, char **err);
/* Releases a lock from file_lock (-1 is ignored). */
void file_unlock(int lock);

/* Frees count strings and the array holding them. */
void free_string_list(char **list, size_t count);

bool file_exists(const char *path);
char *path_join(const char *dir, const char *name);
char *path_dirname(const char *path);

/* Whether to JIT-compile PCRE2 patterns: yes, unless LOCO_NO_JIT is set
 * (Valgrind cannot see into JIT code and reports false errors there). */
bool loco_use_jit(void);

/* Seconds on a clock that never jumps, for measuring durations. */
double monotonic_seconds(void);

/* Edit distance (optimal string alignment) for "did you mean". */
size_t edit_distance(const char *a, const char *b);

/* "Did you mean": feed candidates, then ask for the closest one that is close
 * enough (one edit, or two for words of six letters or more), or NULL. */
struct suggestion {
	const char *typed;
	const char *best;
	size_t dist;
};
void suggest_init(struct suggestion *s, const char *typed);
void suggest_consider(struct suggestion *s, const char *candidate);
const char *suggest_result(const struct suggestion *s);

/* Line and column (1-based) of a byte offset in text. */
void text_line_col(const char *text, size_t off, size_t *line, size_t *col);

/* Strict number parsing: the whole string must be the number. */
bool parse_long(const char *s, long *out);
bool parse_double(const char *s, double *out);

#endif
