/* answer_tools.c: what query and chat share about tools (answer.h): whether
 * an answer is offered them, the loop over answer_chat(), each run shown and,
 * with tools.confirm, asked for. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <termios.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer.h"
#include "cli.h"
#include "interrupt.h"
#include "cmd.h"
#include "registry.h"
#include "sandbox.h"
#include "termsafe.h"
#include "util.h"

/* Lines of code or result shown per run; the rest is counted. */
#define SHOW_LINES 8

int answer_use_tools(const struct cmd_args *a, const struct adapter *adapter, bool *use)
{
	bool on = arg_flag(a, "tools"), off = arg_flag(a, "no-tools");
	if (on && off) {
		loco_error("--tools and --no-tools cannot be used together");
		return -1;
	}
	*use = on || (!off && adapter && adapter->n_tools > 0);
	return 0;
}

int answer_tools_votes(const struct cmd_args *a, bool *use)
{
	if (arg_flag(a, "tools")) {
		loco_error("--tools and --votes cannot be used together yet; use one of them");
		loco_hint("each sample would run its own code: a vote over tool runs is not "
		          "built yet");
		return LOCO_USAGE;
	}
	loco_warn("with --votes the samples are not offered the adapter's tools");
	*use = false;
	return 0;
}

int answer_tools_ready(bool asked, bool allow_unsandboxed, bool *use)
{
	if (!*use)
		return 0;
	struct sandbox_result r;
	char *err = NULL;
	if (sandbox_run_python("pass\n", NULL, allow_unsandboxed, &r, &err) == 0) {
		sandbox_result_free(&r);
		return 0;
	}
	if (asked) {
		loco_error("the python tool runs the model's code: %s", err);
		free(err);
		return -1;
	}
	loco_warn("the adapter's python tool is off: %s", err);
	free(err);
	*use = false;
	return 0;
}

struct tools_ctx {
	const struct loco_ctx *ctx;
	struct backend *b;
	const char *model;
	struct answer_printer *pr;
	bool refused_said; /* "no terminal to ask" was said */
};

static struct chat_call *round_fn(void *ud, const cJSON *messages, const struct chat_options *o)
{
	struct tools_ctx *t = ud;
	return answer_chat(t->b, t->model, messages, o, NULL, t->pr);
}

/* text, at most SHOW_LINES lines of it, each after prefix, made safe. */
static void show_lines(const char *prefix, const char *text)
{
	char *safe = termsafe_text(text, strlen(text));
	const char *p = safe;
	int shown = 0, left = 0;
	while (*p) {
		size_t n = strcspn(p, "\n");
		if (shown < SHOW_LINES)
			fprintf(stderr, "%s%.*s\n", prefix, (int)n, p);
		else
			left++;
		shown++;
		p += n + (p[n] == '\n');
	}
	if (left)
		fprintf(stderr, "%s[%d more lines]\n", prefix, left);
	free(safe);
}

static void shown_fn(void *ud, const struct tool_run *r)
{
	const struct tools_ctx *t = ud;
	const struct loco_ctx *ctx = t->ctx;
	if (!ctx->tty_err || ctx->quiet || ctx->json)
		return;
	fputs(sgr(ctx, stderr, "\033[2m"), stderr);
	fprintf(stderr, "%s (%s, %.1fs)\n", r->name, tool_status_name(r->status), r->seconds);
	if (r->code)
		show_lines("  > ", r->code);
	show_lines("  = ", r->result);
	fputs(sgr(ctx, stderr, "\033[0m"), stderr);
}

/* A line from the terminal, read in its cooked mode (a chat answering keeps
 * it unechoed and non-blocking, lineedit.h): whether it starts with y. */
static bool read_yes(void)
{
	struct termios saved, t;
	bool restore = tcgetattr(STDIN_FILENO, &saved) == 0;
	if (restore) {
		t = saved;
		t.c_lflag |= ICANON | ECHO;
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	char first = 0, ch;
	size_t n = 0;
	for (;;) {
		ssize_t got = read(STDIN_FILENO, &ch, 1);
		if (got < 0 && errno == EINTR && !interrupt_requested())
			continue;
		if (got <= 0 || ch == '\n')
			break;
		if (n++ == 0)
			first = ch;
	}
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	return first == 'y' || first == 'Y';
}

/* tools.confirm: the code shown, then y or n from the terminal. */
static bool confirm_fn(void *ud, const struct tool_call *c)
{
	struct tools_ctx *t = ud;
	if (!isatty(STDIN_FILENO) || !t->ctx->tty_err) {
		if (!t->refused_said)
			loco_warn(
			    "tools.confirm is set and there is no terminal to ask: the model's "
			    "code is not run");
		t->refused_said = true;
		return false;
	}
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(c->arguments, "code");
	fprintf(stderr, "the model wants to run %s:\n", c->name);
	show_lines("  > ", cJSON_IsString(code) ? code->valuestring : "(no code)");
	fputs("run it in the sandbox? [y/N] ", stderr);
	return read_yes();
}

struct chat_call *answer_tools(const struct loco_ctx *ctx, struct backend *b, const char *model,
                               cJSON *messages, const struct chat_options *o,
                               bool allow_unsandboxed, struct answer_printer *pr,
                               struct tool_loop *l)
{
	struct tools_ctx t = {ctx, b, model, pr, false};
	tool_loop_init(l);
	l->round = round_fn;
	l->shown = shown_fn;
	l->confirm = ctx->cfg.tools_confirm ? confirm_fn : NULL;
	l->ctx = &t;
	l->max_calls = (int)ctx->cfg.tools_max_calls;
	l->allow_unsandboxed = allow_unsandboxed;
	l->limits.max_disk_mb = ctx->cfg.sandbox_max_disk_mb;
	struct chat_call *c = tool_loop_run(l, messages, o);
	l->ctx = NULL; /* t ends here; l keeps only the runs */
	return c;
}
