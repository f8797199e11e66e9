/* chat_slash.c: chat's slash commands (SPEC section 9). Names are
 * case-insensitive; arguments keep their case. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chat.h"
#include "prompt.h"
#include "termsafe.h"

struct slash {
	const char *name;
	const char *args;
	const char *help;
	void (*run)(struct chat *c, const char *arg);
};

static void print_commands(void);

void chat_slash_error(struct chat *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	loco_error("%s", msg);
	free(msg);
	if (!c->interactive)
		c->failed = true;
}

/* on|off; anything else is answered with the usage. */
static bool parse_switch(struct chat *c, const char *arg, const char *usage, bool *out)
{
	if (!strcasecmp(arg, "on") || !strcasecmp(arg, "true")) {
		*out = true;
		return true;
	}
	if (!strcasecmp(arg, "off") || !strcasecmp(arg, "false")) {
		*out = false;
		return true;
	}
	chat_slash_error(c, "usage: %s", usage);
	return false;
}

static void do_help(struct chat *c, const char *arg)
{
	(void)c;
	(void)arg;
	print_commands();
	printf("A message across lines goes between lines of \"\"\"; '//' sends a message\n"
	       "that starts with '/'. Ctrl-C stops an answer; Ctrl-C on an empty line or\n"
	       "Ctrl-D leaves. Ctrl-L clears the screen.\n");
	fflush(stdout);
}

static void do_bye(struct chat *c, const char *arg)
{
	(void)arg;
	c->quit = true;
}

static void do_clear(struct chat *c, const char *arg)
{
	(void)arg;
	if (c->s.n)
		chat_say(c,
		         "[cleared; the conversation so far is saved as %s ('loco chat --resume "
		         "%s')]",
		         c->s.id, c->s.id);
	else
		chat_say(c, "[cleared]");
	session_reset(&c->s, c->dir);
	c->have_decision = false;
	c->nudge_turn = 0;
}

static void list_adapters(const struct chat *c)
{
	const struct registry *reg = &c->ctx->reg;
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, c->ctx->tty_out);
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		bool on = c->s.adapter && !strcmp(c->s.adapter, a->name);
		printf("%c %-16s %s\n", on ? '*' : ' ', a->name,
		       a->description ? termsafe_str(&ts, a->description) : "");
	}
	termsafe_pool_free(&ts);
	const char *mode = c->s.mode == MODE_FIXED   ? "fixed"
	                   : c->s.mode == MODE_NONE  ? "none: the base model answers"
	                   : c->s.mode == MODE_MODEL ? "model: a model is asked directly"
	                   : c->s.adapter            ? "auto: routed, sticks until /clear"
	                                             : "auto: the next message is routed";
	printf("mode: %s\n'/adapter NAME' picks one, '/adapter auto' routes again, '/adapter "
	       "none'\nuses the base model\n",
	       mode);
	fflush(stdout);
}

static void do_adapter(struct chat *c, const char *arg)
{
	if (!*arg) {
		list_adapters(c);
		return;
	}
	const struct adapter *a = NULL;
	enum adapter_mode mode = MODE_FIXED;
	if (!strcasecmp(arg, "auto"))
		mode = MODE_AUTO;
	else if (!strcasecmp(arg, "none"))
		mode = MODE_NONE;
	else if (!(a = find_adapter(c->ctx, arg))) {
		if (!c->interactive)
			c->failed = true;
		return;
	}
	chat_choose(c, mode, a ? a->name : NULL, NULL);
	if (a)
		chat_say(c, "[%s answers from now on]", a->name);
	else if (mode == MODE_AUTO)
		chat_say(c, "[the next message is routed]");
	else
		chat_say(c, "[the base model answers from now on]");
	chat_save(c);
}

static void do_stats(struct chat *c, const char *arg)
{
	(void)arg;
	const struct session *s = &c->s;
	const struct adapter *a = chat_adapter(c);
	char *system = s->system ? xstrdup(s->system) : prompt_system(a, NULL);
	long used = session_estimate(s, system, c->reread);
	free(system);
	struct termsafe_pool ts; /* the id is a file's name */
	termsafe_pool_init(&ts, c->ctx->tty_out);
	printf("session   %s (%zu messages", termsafe_str(&ts, s->id), s->n);
	termsafe_pool_free(&ts);
	if (s->context_start)
		printf(", %zu no longer sent", s->context_start);
	if (s->mode == MODE_MODEL)
		printf(")\nmodel     %s (asked directly, no adapter)\n", s->model);
	else
		printf(")\nadapter   %s (%s)\n", a ? a->name : "base model",
		       s->mode == MODE_AUTO   ? "auto"
		       : s->mode == MODE_NONE ? "none"
		                              : "fixed");
	printf("context   about %ld of %ld tokens (%.0f%%)\n", used, c->context_limit,
	       100.0 * (double)used / (double)c->context_limit);
	printf("answers   %d, %ld tokens", c->answers, c->tokens);
	if (c->eval_seconds > 0)
		printf(", %.1f tok/s", (double)c->tokens / c->eval_seconds);
	printf(", %.1fs in all\n", c->seconds);
	printf("settings  votes %d, reread %s, think %s%s, nudges %s\n", c->votes,
	       c->reread ? "on" : "off", c->think ? "on" : "off",
	       c->show_thinking ? " (shown)" : "",
	       !c->nudge        ? "off"
	       : c->interactive ? "on"
	                        : "on (shown on a terminal only)");
	fflush(stdout);
}

static void do_nudge(struct chat *c, const char *arg)
{
	bool on = !c->nudge;
	if (*arg && !parse_switch(c, arg, "/nudge [on|off]", &on))
		return;
	c->nudge = on;
	chat_say(c, "[nudges %s]", on ? "on" : "off");
}

static void do_votes(struct chat *c, const char *arg)
{
	long n;
	if (!parse_long(arg, &n) || n < 1 || n > 64) {
		chat_slash_error(c, "usage: /votes N, a whole number from 1 (off) to 64");
		return;
	}
	c->votes = (int)n;
	chat_say(c, n > 1 ? "[%ld answers per turn; the winner is kept]" : "[votes off]", n);
}

static void do_reread(struct chat *c, const char *arg)
{
	if (parse_switch(c, arg, "/reread on|off", &c->reread))
		chat_say(c, "[re-reading (RE2) %s]", c->reread ? "on" : "off");
}

static void do_think(struct chat *c, const char *arg)
{
	if (!strcasecmp(arg, "show") || !strcasecmp(arg, "hide")) {
		c->show_thinking = !strcasecmp(arg, "show");
		chat_say(c, "[thinking %s]", c->show_thinking ? "shown, dimmed" : "hidden");
		return;
	}
	if (parse_switch(c, arg, "/think on|off|show|hide", &c->think))
		chat_say(c, "[thinking %s%s]", c->think ? "on" : "off",
		         c->think && !c->show_thinking ? " (hidden; '/think show' shows it)" : "");
}

static void do_system(struct chat *c, const char *arg)
{
	if (!*arg) {
		const struct adapter *a = chat_adapter(c);
		char *system = c->s.system ? xstrdup(c->s.system) : prompt_system(a, NULL);
		struct termsafe_pool ts;
		termsafe_pool_init(&ts, c->ctx->tty_out);
		printf("%s\n", system ? termsafe_str(&ts, system)
		                      : "(no system message: the base model answers)");
		termsafe_pool_free(&ts);
		if (c->s.system)
			printf(
			    "(set with /system; '/system default' goes back to the adapter's)\n");
		fflush(stdout);
		free(system);
		return;
	}
	chat_set_system(c, arg);
}

void chat_set_system(struct chat *c, const char *text)
{
	free(c->s.system);
	c->s.system = strcasecmp(text, "default") ? xstrdup(text) : NULL;
	chat_say(c, c->s.system ? "[system message set]" : "[the adapter's system message again]");
	chat_save(c);
}

static void do_save(struct chat *c, const char *arg)
{
	if (!session_name_valid(arg)) {
		chat_slash_error(
		    c, "usage: /save NAME (letters, digits, '.', '_' and '-', at most 64)");
		return;
	}
	if (!c->s.n) {
		chat_slash_error(c, "nothing to save yet; ask something first");
		return;
	}
	if (strcmp(arg, c->s.id)) {
		char *path = xasprintf("%s/%s.json", c->dir, arg);
		bool taken = file_exists(path);
		free(path);
		if (taken) {
			chat_slash_error(c, "a conversation named '%s' exists", arg);
			loco_hint("pick another name, or '/load %s' to continue it", arg);
			return;
		}
	}
	char *old = xasprintf("%s/%s.json", c->dir, c->s.id);
	char *old_id = c->s.id;
	bool old_on_disk = c->s.on_disk, old_named = c->s.named;
	bool renamed = strcmp(arg, old_id) != 0;
	c->s.id = xstrdup(arg);
	c->s.named = true;
	if (renamed)
		c->s.on_disk = false; /* the new name is claimed with O_EXCL */
	char *err = NULL;
	if (session_save(&c->s, c->dir, &err) < 0) {
		chat_slash_error(c, "%s", err);
		free(err);
		free(c->s.id);
		c->s.id = old_id;
		c->s.on_disk = old_on_disk;
		c->s.named = old_named;
		free(old);
		return;
	}
	if (renamed && old_on_disk)
		unlink(old); /* the same conversation lives on under its name */
	free(old);
	free(old_id);
	chat_say(c, "[saved as '%s'; 'loco chat --resume %s' continues it]", c->s.id, c->s.id);
}

static void do_load(struct chat *c, const char *arg)
{
	if (!*arg) {
		chat_slash_error(c, "usage: /load NAME (see 'loco chat --list')");
		return;
	}
	char *err = NULL;
	char *path = session_find(c->dir, arg, &err);
	struct session s;
	if (!path || session_load_file(path, &s, &err) < 0) {
		chat_slash_error(c, "%s", err);
		free(err);
		free(path);
		return;
	}
	free(path);
	if (c->s.n)
		chat_say(c, "[the conversation so far stays saved as %s]", c->s.id);
	session_free(&c->s);
	c->s = s;
	c->have_decision = false;
	chat_check_adapter(c);
	chat_say(c, "[loaded %s: %zu messages, %s]", c->s.id, c->s.n,
	         c->s.adapter             ? c->s.adapter
	         : c->s.mode == MODE_NONE ? "base model"
	                                  : "routing");
}

static void do_route(struct chat *c, const char *arg)
{
	(void)arg;
	const char *q = c->have_decision ? c->routed_text : session_last_question(&c->s);
	if (!q) {
		chat_slash_error(c, "no message yet; type one first (or try 'loco route TEXT')");
		return;
	}
	struct route_decision d;
	router_decide(c->router, q, strlen(q), &d);
	route_explain(c->ctx, c->router, &d);
	if (c->s.mode == MODE_FIXED)
		printf("(routing is off: /adapter chose %s)\n", c->s.adapter);
	else if (c->s.mode == MODE_NONE)
		printf("(routing is off: /adapter none)\n");
	else if (c->s.adapter)
		printf("(%s answers until /clear or '/adapter auto')\n", c->s.adapter);
	fflush(stdout);
}

static const struct slash slashes[] = {
    {"help", "", "this list", do_help},
    {"bye", "", "leave (also /quit, /exit, Ctrl-D)", do_bye},
    {"quit", "", "leave", do_bye},
    {"exit", "", "leave", do_bye},
    {"clear", "", "start over: forget the conversation, route again", do_clear},
    {"adapter", "[NAME|auto|none]", "list adapters, or choose who answers", do_adapter},
    {"stats", "", "messages, context, tokens, speed, settings", do_stats},
    {"nudge", "[on|off]", "suggestions after answers", do_nudge},
    {"votes", "N", "sample N answers per turn, keep the winner", do_votes},
    {"reread", "on|off", "RE2: send the newest question twice", do_reread},
    {"think", "on|off|show|hide", "let the model think; show or hide it", do_think},
    {"system", "[TEXT|default]", "show or replace the system message", do_system},
    {"save", "NAME", "name this conversation (saved each turn anyway)", do_save},
    {"load", "NAME", "continue a saved conversation", do_load},
    {"route", "", "explain how the last message was routed", do_route},
    {"set", "parameter NAME V", "a parameter (/show lists them), or: system TEXT", chat_do_set},
    {"show", "", "adapter, model, parameters, system, routing", chat_do_show},
    {"model", "NAME", "ask this Ollama model directly (no adapter)", chat_do_model},
};
static const size_t n_slashes = LOCO_ARRAY_LEN(slashes);

static void print_commands(void)
{
	for (size_t i = 0; i < n_slashes; i++)
		printf("  /%-8s %-18s %s\n", slashes[i].name, slashes[i].args, slashes[i].help);
}

void chat_slash(struct chat *c, const char *line)
{
	const char *name = line + 1;
	size_t len = strcspn(name, " \t");
	const char *arg = name + len;
	arg += strspn(arg, " \t");
	char *a = xstrdup(arg);
	for (size_t l = strlen(a); l && (a[l - 1] == ' ' || a[l - 1] == '\t'); l--)
		a[l - 1] = '\0';
	for (size_t i = 0; i < n_slashes; i++) {
		if (strlen(slashes[i].name) == len && !strncasecmp(slashes[i].name, name, len)) {
			slashes[i].run(c, a);
			free(a);
			return;
		}
	}
	free(a);
	char *typed = xstrndup(name, len);
	for (char *p = typed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	struct suggestion s;
	suggest_init(&s, typed);
	for (size_t i = 0; i < n_slashes; i++)
		suggest_consider(&s, slashes[i].name);
	if (suggest_result(&s))
		chat_slash_error(c, "unknown command '/%s'; did you mean '/%s'?", typed,
		                 suggest_result(&s));
	else
		chat_slash_error(c, "unknown command '/%s'", typed);
	loco_hint("/help lists the commands; '//' sends a message that starts with '/'");
	free(typed);
}
