/* chat_set.c: the slash commands people bring from `ollama run` (its
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
