/* cli.h: commands, their option tables, and the context the dispatcher hands
 * them. Each command lives in src/cmd/<name>.c and exports one struct command;
 * the table in cli.c lists them (git's commands[], tmux's cmd_entry).
 *
 * Commands are thin: parse nothing themselves (the dispatcher did), call
 * modules, print, and return an exit code from enum loco_exit. They are the
 * only code that prints, through the helpers below.
 */
#ifndef LOCO_CLI_H
#define LOCO_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "registry.h"
#include "util.h"

/* What a command needs; the dispatcher enforces it once. */
enum cmd_needs {
	CMD_NO_NETWORK = 1u << 0,      /* may never load libcurl/libcrypto */
	CMD_NEEDS_REGISTRY = 1u << 1,  /* the registry in force is loaded first */
	CMD_CONFIG_OPTIONAL = 1u << 3, /* a missing --config file is fine (config set makes it) */
	CMD_HASHES_FILES = 1u << 4,    /* with NO_NETWORK: may load libcrypto for SHA-256 */
};

struct optspec {
	const char *name; /* long name without dashes */
	char short_name;  /* 0 = none */
	const char *arg;  /* value placeholder ("N"); NULL for a flag */
	const char *help;
};

#define OPT_MAX_VALUES 16

struct optval {
	bool set;
	int count;                          /* times given */
	const char *value;                  /* last value (borrowed from argv) */
	const char *values[OPT_MAX_VALUES]; /* every value, in order (the first 16) */
	int word_at; /* an optional value ("[ID]") taken as the next word: 1 + the
	              * number of positional words before it; 0 otherwise */
};

struct cmd_args {
	const struct optspec *spec;
	size_t nspec;
	struct optval *val; /* one per spec entry */
	char **pos;         /* positional arguments (borrowed from argv) */
	int npos;
};

bool arg_flag(const struct cmd_args *a, const char *name);
const char *arg_value(const struct cmd_args *a, const char *name);
/* A number option: false when it was not given. When given but not a number
 * from lo to hi (a whole one when whole), says so and sets *rc to LOCO_USAGE. */
bool arg_number(const struct cmd_args *a, const char *name, double lo, double hi, bool whole,
                double *out, int *rc);
/* Every value of an option given more than once (--host A --host B). */
size_t arg_values(const struct cmd_args *a, const char *name, const char **out, size_t max);

struct loco_ctx {
	struct loco_config cfg;
	struct registry reg;
	bool have_registry;
	bool json, quiet;
	int verbose;
	bool tty_out, tty_err;     /* terminals (or LOCO_FORCE_TTY) */
	bool color_out, color_err; /* escape codes allowed */
	const char *command;       /* full name, e.g. "adapters list" */
};

struct command {
	const char *name;
	int (*run)(struct loco_ctx *ctx, const struct cmd_args *args);
	unsigned needs;
	const char *summary; /* one line for the command list */
	const char *usage;   /* after "loco NAME " */
	const char *description;
	const struct optspec *opts;
	size_t nopts;
	int min_pos, max_pos;              /* positional argument counts; max -1 = any */
	const struct command *const *subs; /* subcommands, NULL-terminated */
	const char *default_sub;           /* run when no subcommand is given */
};

/* Dispatch: parses global options, finds the command, runs it. */
int cli_main(int argc, char **argv);

/* The command table, NULL-terminated. */
extern const struct command *const loco_commands[];

/* Usage and help text. */
void cli_print_help(FILE *f, const struct command *cmd, const char *prefix);
void cli_print_overview(FILE *f);

/* Diagnostics on stderr: "loco: error: ..." and "loco: warning: ...". */
void loco_error(const char *fmt, ...) LOCO_PRINTF(1, 2);
void loco_warn(const char *fmt, ...) LOCO_PRINTF(1, 2);
void loco_note(const struct loco_ctx *ctx, const char *fmt, ...) LOCO_PRINTF(2, 3);
/* "hint: ..." after an error, git's style: the error stays one short line
 * and each way out gets its own (every line within 80 columns). */
void loco_hint(const char *fmt, ...) LOCO_PRINTF(1, 2);
/* With the built-in registry in force (no dataset files, nothing to edit):
 * hints that say so and how to use the shipped registry instead. */
void loco_hint_builtin_registry(const struct loco_ctx *ctx);
/* After "cannot reach Ollama": start it, or fix the address where it came
 * from (--host, OLLAMA_HOST, config.yaml's ollama.host, or the default). */
void loco_hint_server(const struct loco_ctx *ctx);

/* SGR escape for stream when colour is on there, else "". */
const char *sgr(const struct loco_ctx *ctx, FILE *stream, const char *code);

/* A write to stdout failed with err (EPIPE, ENOSPC): main's final check names
 * this cause, which a later flush would no longer know. */
void loco_stdout_failed(int err);

/* Prints a cJSON value (and a newline) to stdout, consuming it. */
void print_json(struct cJSON *value);

/* The width no line of loco's output goes past (tests/test_width.py). */
#define LOCO_COLUMNS 80
/* Prints lead and then text on f, broken at spaces so that no line is
 * wider than LOCO_COLUMNS code points, each further line indented by
 * indent spaces; a word too long for any line gets one of its own. */
void print_wrapped(FILE *f, const char *lead, const char *text, int indent);
/* A table's row whose last column is note: on the row when the two fit in
 * LOCO_COLUMNS, else the row and then the note on the lines below it,
 * indented by 2 (print_wrapped()); no line ends in blanks. */
void print_row_note(const char *row, const char *note);
/* The code points of s[0..n), the columns it takes (UTF-8). */
size_t text_columns(const char *s, size_t n);

/* LOCO_FORCE_TTY is set (not "0"): treat stdout and stderr as terminals. */
bool loco_force_tty(void);
/* How many times a flag was given (-vv). */
int arg_count(const struct cmd_args *a, const char *name);

#endif
