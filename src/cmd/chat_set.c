/* chat_set.c: who answers (--adapter, --model, /model), the first message
 * given as words, and the slash commands people bring from `ollama run` (its
 * cmd/interactive.go): /set parameter NAME VALUE, /set system TEXT, /show
 * and /model NAME. Parameters are checked against the ranges config.yaml
 * uses for the same settings, and apply from the next turn on. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat.h"
#include "models.h"
#include "prompt.h"
#include "termsafe.h"
#include "text.h"

/* ---- who answers ------------------------------------------------------------ */

void chat_choose(struct chat *c, enum adapter_mode mode, const char *adapter, const char *model)
{
	free(c->s.adapter);
	free(c->s.model);
	c->s.adapter = adapter ? xstrdup(adapter) : NULL;
	c->s.model = mode == MODE_MODEL ? xstrdup(model) : NULL;
	c->s.mode = mode;
}

bool chat_model_missing(const struct chat *c, const char *model)
{
	if (!c->listed_models || model_find(c->models, c->n_models, model))
		return false;
	loco_error("model '%s' is not installed on %s", model, backend_address(c->b));
	loco_hint("'ollama pull %s' fetches it; 'ollama list' shows what is there", model);
	return true;
}

void chat_save(struct chat *c)
{
	if (!c->s.n)
		return;
	char *err = NULL;
	if (session_save(&c->s, c->dir, &err) == 0) {
		c->save_failing = false;
		return;
	}
	/* once, not after every turn of a full disk; again after a save that worked */
	if (!c->save_failing)
		loco_warn("the conversation was not saved: %s", err);
	free(err);
	c->save_failing = true;
	if (!c->interactive)
		c->failed = true; /* a scripted chat must not exit 0 having lost it */
}

/* --adapter, --model and --system apply to a new or a resumed conversation. */
int chat_choose_from_args(struct chat *c, const struct cmd_args *a)
{
	const char *name = arg_value(a, "adapter"), *model = arg_value(a, "model");
	if (arg_value(a, "system")) {
		free(c->s.system);
		c->s.system = xstrdup(arg_value(a, "system"));
	}
	if (name && model) {
		loco_error("--adapter and --model cannot be used together");
		loco_hint("--model NAME asks that Ollama model directly, with no adapter");
		return LOCO_USAGE;
	}
	if (model && !*model) {
		loco_error("--model needs a model's name, as 'ollama list' shows it");
		return LOCO_USAGE;
	}
	if (model)
		chat_choose(c, MODE_MODEL, NULL, model);
	else if (name && !strcmp(name, "auto"))
		chat_choose(c, MODE_AUTO, NULL, NULL);
	else if (name && !strcmp(name, "none"))
		chat_choose(c, MODE_NONE, NULL, NULL);
	else if (name) {
		const struct adapter *ad = find_adapter(c->ctx, name);
		if (!ad)
			return LOCO_NOT_FOUND;
		chat_choose(c, MODE_FIXED, ad->name, NULL);
	}
	return 0;
}

/* The words after the options: the first message (an empty one refused). */
int chat_first_message(const struct cmd_args *args, char **out)
{
	*out = NULL;
	if (!args->npos)
		return 0;
	if (arg_flag(args, "list")) {
		loco_error("--list takes no message");
		return LOCO_USAGE;
	}
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < args->npos; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", args->pos[i]);
	*out = sb_detach(&sb);
	if (text_is_blank(*out, strlen(*out))) {
		loco_error("the message is empty");
		free(*out);
		*out = NULL;
		return LOCO_USAGE;
	}
	return 0;
}

/* ---- /set ------------------------------------------------------------------- */

/* Ollama's option names (api/types.go Options), with loco's ranges. */
static const struct param {
	const char *name;
	double lo, hi;
	bool whole;
	const char *what;
} params[] = {
    {"temperature", 0, 2, false, "sampling temperature"},
    {"top_p", 0, 1, false, "nucleus sampling: the top share of probability"},
    {"top_k", 1, 1000000, true, "sample from the K likeliest tokens"},
    {"seed", -2147483648.0, 2147483647.0, true, "sampling seed"},
    {"num_ctx", 256, 1048576, true, "context window (chat.context_limit)"},
    {"num_predict", 1, 1048576, true, "stop an answer after N tokens"},
};

static const struct param *find_param(const char *name, size_t len)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(params); i++)
		if (strlen(params[i].name) == len && !strncasecmp(params[i].name, name, len))
			return &params[i];
	return NULL;
}

/* The value in force, or false when the model's default applies. */
static bool param_value(const struct chat *c, const struct param *p, double *v)
{
	const struct chat_options *o = &c->opts;
	if (!strcmp(p->name, "temperature"))
		return *v = o->temperature, o->has_temperature;
	if (!strcmp(p->name, "top_p"))
		return *v = o->top_p, o->has_top_p;
	if (!strcmp(p->name, "top_k"))
		return *v = (double)o->top_k, o->top_k != 0;
	if (!strcmp(p->name, "seed"))
		return *v = (double)o->seed, o->has_seed;
	if (!strcmp(p->name, "num_ctx"))
		return *v = (double)c->context_limit, true;
	return *v = (double)o->num_predict, o->num_predict != 0;
}

/* set: false puts the model's default back (num_ctx: chat.context_limit). */
static void param_store(struct chat *c, const struct param *p, bool set, double v)
{
	struct chat_options *o = &c->opts;
	if (!strcmp(p->name, "temperature")) {
		o->has_temperature = c->temperature_given = set;
		o->temperature = v;
	} else if (!strcmp(p->name, "top_p")) {
		o->has_top_p = set;
		o->top_p = v;
	} else if (!strcmp(p->name, "top_k")) {
		o->top_k = set ? (long)v : 0;
	} else if (!strcmp(p->name, "seed")) {
		o->has_seed = set;
		o->seed = (long)v;
	} else if (!strcmp(p->name, "num_ctx")) {
		c->context_limit = set ? (long)v : c->ctx->cfg.chat_context_limit;
	} else {
		o->num_predict = set ? (long)v : 0;
	}
}

static void say_param(const struct chat *c, const struct param *p)
{
	double v;
	if (param_value(c, p, &v))
		chat_say(c, "[%s %g from the next turn on]", p->name, v);
	else
		chat_say(c, "[%s: the model's default again]", p->name);
}

static void set_parameter(struct chat *c, const char *arg)
{
	size_t len = strcspn(arg, " \t");
	const char *value = arg + len + strspn(arg + len, " \t");
	const struct param *p = find_param(arg, len);
	if (!p || !*value) {
		struct strbuf names = STRBUF_INIT;
		for (size_t i = 0; i < LOCO_ARRAY_LEN(params); i++)
			sb_addf(&names, "%s%s", i ? ", " : "", params[i].name);
		chat_slash_error(c, "usage: /set parameter NAME VALUE (or NAME default)");
		loco_hint("NAME is one of %s", names.buf);
		sb_free(&names);
		return;
	}
	if (!strcasecmp(value, "default")) {
		param_store(c, p, false, 0);
		say_param(c, p);
		return;
	}
	double v;
	if (!parse_double(value, &v) || v < p->lo || v > p->hi || (p->whole && v != floor(v))) {
		if (p->whole)
			chat_slash_error(c, "%s must be a whole number from %.0f to %.0f, not '%s'",
			                 p->name, p->lo, p->hi, value);
		else
			chat_slash_error(c, "%s must be a number from %g to %g, not '%s'", p->name,
			                 p->lo, p->hi, value);
		return;
	}
	param_store(c, p, true, v);
	say_param(c, p);
}

void chat_do_set(struct chat *c, const char *arg)
{
	size_t len = strcspn(arg, " \t");
	const char *rest = arg + len + strspn(arg + len, " \t");
	if (len == 9 && !strncasecmp(arg, "parameter", 9)) {
		set_parameter(c, rest);
	} else if (len == 6 && !strncasecmp(arg, "system", 6) && *rest) {
		chat_set_system(c, rest);
	} else {
		chat_slash_error(c, "usage: /set parameter NAME VALUE, or /set system TEXT");
		loco_hint("'/show' lists the parameters and the system message in force");
	}
}

/* ---- /show ----------------------------------------------------------------- */

static void show_parameters(const struct chat *c)
{
	printf("parameters\n");
	for (size_t i = 0; i < LOCO_ARRAY_LEN(params); i++) {
		double v;
		if (param_value(c, &params[i], &v))
			printf("  %-12s %g\n", params[i].name, v);
		else
			printf("  %-12s (the model's default)\n", params[i].name);
	}
	printf("  %-12s %s\n", "think", c->think ? "on" : "off");
	printf("  %-12s %s\n", "reread", c->reread ? "on (RE2)" : "off");
	printf("  %-12s %d\n", "votes", c->votes);
}

static void show_router(const struct chat *c, struct termsafe_pool *ts)
{
	if (c->s.mode == MODE_MODEL) {
		printf("router     off: a model is asked directly (/adapter auto routes)\n");
		return;
	}
	if (c->s.mode != MODE_AUTO) {
		printf("router     off: /adapter chose who answers (/adapter auto routes)\n");
		return;
	}
	if (!c->have_decision) {
		printf("router     the next message is routed\n");
		return;
	}
	struct route_decision d;
	router_decide(c->router, c->routed_text, strlen(c->routed_text), &d);
	const struct registry *reg = &c->ctx->reg;
	printf("router     '%s' -> %s", termsafe_str(ts, c->routed_text),
	       d.adapter >= 0 ? reg->adapters[d.adapter].name : "base model");
	if (d.adapter >= 0)
		printf(" (score %d, confidence %.2f%s)", d.best, d.confidence,
		       d.low_confidence ? ", low" : "");
	printf("; /route explains it\n");
}

void chat_do_show(struct chat *c, const char *arg)
{
	(void)arg;
	const struct adapter *a = chat_adapter(c);
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, c->ctx->tty_out);
	if (c->s.mode == MODE_MODEL)
		printf("adapter    none: the model is asked directly\n");
	else
		printf("adapter    %s\n", a ? a->name
		                          : c->s.mode == MODE_AUTO
		                              ? "(routed from the next message)"
		                              : "none: the base model");
	char *model = c->s.mode == MODE_MODEL ? xstrdup(c->s.model)
	              : a                     ? adapter_model_name(a)
	                                      : xstrdup(c->ctx->reg.base_ollama_name);
	printf("model      %s\n", termsafe_str(&ts, model));
	free(model);
	show_parameters(c);
	char *system = c->s.system ? xstrdup(c->s.system) : prompt_system(a, NULL);
	printf("system     %s%s\n", system ? termsafe_str(&ts, system) : "(none)",
	       c->s.system ? " (set with /system)" : "");
	free(system);
	show_router(c, &ts);
	termsafe_pool_free(&ts);
	fflush(stdout);
}

/* ---- /model ---------------------------------------------------------------- */

void chat_do_model(struct chat *c, const char *arg)
{
	if (!*arg) {
		chat_slash_error(c,
		                 "usage: /model NAME (an Ollama model; '/adapter' for adapters)");
		return;
	}
	if (chat_model_missing(c, arg)) {
		if (!c->interactive)
			c->failed = true;
		return;
	}
	chat_choose(c, MODE_MODEL, NULL, arg);
	chat_say(c, "[%s answers from now on, with no adapter; '/adapter auto' routes again]", arg);
	chat_save(c);
}
