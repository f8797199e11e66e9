/* chat.h: the state of a `loco chat` run, shared by the REPL (chat.c), its
 * input (chat_input.c), saved sessions (chat_sessions.c) and the slash
 * commands (chat_slash.c). Not a public interface. */
#ifndef LOCO_CMD_CHAT_H
#define LOCO_CMD_CHAT_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "cmd.h"
#include "router.h"
#include "session.h"
#include "votes.h"

struct lineedit;

struct chat {
	struct loco_ctx *ctx;
	struct backend *b;
	struct router *router;
	struct session s;
	char *dir;                 /* LOCO_HOME/sessions */
	struct model_info *models; /* installed when the chat started */
	size_t n_models;
	bool listed_models; /* the server answered /api/tags */

	/* settings: flags and config, changed by slash commands */
	bool reread, think, show_thinking, nudge;
	bool raw;         /* --raw: answers as the model's bytes, even on a terminal */
	bool log;         /* record turns in LOCO_HOME/logs.db (turn_log.h) */
	bool log_failing; /* the last log write failed (and said so) */
	int votes;
	enum vote_method vote_method;
	bool early_stop;          /* votes: cancel samples a settled vote does not need */
	int max_votes;            /* --votes auto: up to this many (0: a fixed count) */
	struct chat_options opts; /* temperature, seed (answer_options()) */
	bool temperature_given;   /* --temperature: votes sample at it too */
	long context_limit;
	int tools_arg;            /* 1 --tools, -1 --no-tools, 0 the adapter's tools: list */
	bool unsandboxed;         /* --allow-unsandboxed */
	bool tool_turn;           /* this turn offers the python tool */
	bool tools_vote_said;     /* "not with /votes" was said */
	bool tools_ready;         /* the sandbox was tried and works */
	bool tools_broken;        /* it was tried and does not (said once) */
	struct cJSON *tool_trace; /* this turn's runs (chat_tools.c), NULL without tools */
	size_t tool_calls;

	bool interactive; /* stdin is a terminal: line editing, prompt, nudges */
	struct lineedit *le;

	/* the last routing, for /route */
	char *routed_text;
	bool have_decision;
	/* this turn's decision (route_first()), which its log entry reuses: an
	 * embedding router would ask the server again; its arrays are the
	 * router's until the next router_decide() */
	struct route_decision turn_decision;
	bool turn_decided;

	/* for /stats */
	int answers;
	long tokens;
	double seconds, eval_seconds;
	int nudge_turn;
	char **warned_missing; /* adapter models already reported as not installed */
	size_t n_warned;

	long line_no;     /* input lines read, for messages about piped input */
	bool interrupted; /* Ctrl-C while waiting for piped input: exit 130 */
	bool quit;
	bool failed;       /* a turn failed: the exit status of a scripted chat */
	bool save_failing; /* the last save failed (and said so) */
};

/* chat_tools.c: the python tool (issue 19). */
int chat_tools_settings(struct chat *c, const struct cmd_args *a);
/* Whether this turn, answered by a (NULL: no adapter), is offered tools. */
bool chat_tools_wanted(struct chat *c, const struct adapter *a);
struct answer_printer;
/* The tool loop over messages; the answer printed when complete. */
struct chat_call *chat_tools_answer(struct chat *c, const char *model, struct cJSON *messages,
                                    const struct chat_options *o, struct answer_printer *pr);
/* "N tool calls" for the stats line (in buf), or NULL without tools. */
const char *chat_tools_tally(const struct chat *c, char *buf, size_t n);
/* The runs onto the answer kept since before; then forgotten. */
void chat_tools_keep(struct chat *c, size_t before);
void chat_tools_clear(struct chat *c);

#define INPUT_MAX (1u << 20) /* one message, typed or pasted */

/* What chat_read_message() read (chat_input.c). */
enum input {
	INPUT_TEXT,     /* a line: a message or a command */
	INPUT_BLOCK,    /* the lines of a """ block: always a message */
	INPUT_SKIP,     /* nothing to send (Ctrl-C, or input that was refused) */
	INPUT_TOO_LONG, /* a line past INPUT_MAX: said, and the rest of it read away */
	INPUT_LEAVE,    /* Ctrl-D, end of input, Ctrl-C on an empty line */
};

/* A message: one line, or the lines between two """ fences (never
 * INPUT_TOO_LONG: that is said and becomes INPUT_SKIP). */
enum input chat_read_message(struct chat *c, struct strbuf *msg);

/* chat_sessions.c: --list (the table or --json), --resume [ID] (the newest
 * session, or the one ID names, into c->s; errors said, an exit status
 * returned) and the last exchange of a resumed one shown again. */
int chat_list_sessions(struct loco_ctx *ctx, const char *dir);
int chat_resume(struct chat *c, const char *handle);
void chat_show_resumed(struct chat *c);

/* A line starting with '/' (an unknown one is said, with "did you mean"). */
void chat_slash(struct chat *c, const char *line);

/* A mistake in a command: said on stderr; a scripted chat then exits 1. */
void chat_slash_error(struct chat *c, const char *fmt, ...) LOCO_PRINTF(2, 3);
/* /system TEXT (or "default": the adapter's own again), saved. */
void chat_set_system(struct chat *c, const char *text);

/* chat_set.c: --adapter, --model and --system for a new or resumed chat
 * (an exit code on a bad one); the words after the options as the first
 * message (*out NULL when none; a blank one refused); /set parameter NAME
 * VALUE and /set system TEXT, /show, /model. */
int chat_choose_from_args(struct chat *c, const struct cmd_args *a);
int chat_first_message(const struct cmd_args *args, char **out);
void chat_do_set(struct chat *c, const char *arg);
void chat_do_show(struct chat *c, const char *arg);
void chat_do_model(struct chat *c, const char *arg);

/* The registry entry of the adapter in use, or NULL for the base model. */
const struct adapter *chat_adapter(const struct chat *c);

/* A loaded session's adapter that the registry no longer has: said, and the
 * next message is routed again. */
void chat_check_adapter(struct chat *c);

/* Saves the session when it has messages; warns on failure (and a scripted
 * chat then exits 1). */
void chat_save(struct chat *c);

/* Who answers from now on: the mode, the adapter (MODE_FIXED) or the
 * Ollama model (MODE_MODEL); the others are cleared. */
void chat_choose(struct chat *c, enum adapter_mode mode, const char *adapter, const char *model);

/* True (and said) when the server listed its models and MODEL is not one. */
bool chat_model_missing(const struct chat *c, const char *model);

/* "math", "auto", "base", or the model's name: what the prompt shows. */
const char *chat_prompt_label(const struct chat *c);

/* Dimmed status text on stderr (nothing with -q); on a terminal its control
 * characters are made visible, since it quotes names and tallies from files
 * and models. */
void chat_say(const struct chat *c, const char *fmt, ...) LOCO_PRINTF(2, 3);

#endif
