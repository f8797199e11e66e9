/* query.c: `loco query` — one question, routed to a specialist, answered as
 * it streams. Metadata goes to stderr on one line; --json prints one object
 * instead. Ctrl-C stops the answer (exit 130), keeping what arrived. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "interrupt.h"
#include "models.h"
#include "backend.h"
#include "cache.h"
#include "cmd.h"
#include "ensemble.h"
#include "prompt.h"
#include "router.h"
#include "text.h"
#include "turn_log.h"
#include "votes.h"

/* What was decided before asking the server. */
struct plan {
	const struct adapter *adapter; /* NULL: the base model answers */
	bool routed;                   /* the router chose (not --adapter / --no-route) */
	bool fallback;                 /* the adapter's model is missing: base model instead */
	bool direct;                   /* --model: that Ollama model, no adapter */
	struct route_decision decision;
	char *model;
	char *digest;    /* the model's digest from the server ("" if unknown) */
	char *cache_dir; /* NULL: caching off */
	char *question;  /* the user's words, before RE2 */
	char *system, *user;
	long need; /* the prompt's estimated tokens */
	struct chat_options opts;
	bool early_stop;   /* votes: cancel the samples a settled vote does not need */
	int max_votes;     /* --votes auto: up to this many; 0 = a fixed count */
	bool tools;        /* the python tool is offered (issue 19) */
	bool unsandboxed;  /* --allow-unsandboxed */
	cJSON *tool_trace; /* the runs, for --json and the log; NULL without tools */
	size_t tool_calls;
	bool ensemble; /* --ensemble: the votes go round the domain's models */
	struct ensemble ens;
	struct turn_history conv; /* -c / --cid: the logged conversation continued */
	char *cid;                /* the conversation this turn is logged in; NULL: not logged */
};

/* ---- planning ---------------------------------------------------------- */

static int pick_adapter(struct loco_ctx *ctx, const struct cmd_args *args, const char *query,
                        size_t len, struct plan *p, struct router **router)
{
	const char *name = arg_value(args, "adapter"), *model = arg_value(args, "model");
	bool no_route = arg_flag(args, "no-route");
	if ((name != NULL) + (model != NULL) + no_route > 1) {
		loco_error("--adapter, --model and --no-route cannot be used together");
		loco_hint("--model NAME asks that Ollama model directly, with no adapter");
		return LOCO_USAGE;
	}
	if (model && !*model) {
		loco_error("--model needs a model's name, as 'ollama list' shows it");
		return LOCO_USAGE;
	}
	if (model) {
		p->direct = true;
		return 0;
	}
	if (name && !strcmp(name, "none")) /* as in chat: the base model */
		return 0;
	if (name && strcmp(name, "auto")) {
		p->adapter = find_adapter(ctx, name);
		return p->adapter ? 0 : LOCO_NOT_FOUND;
	}
	if (no_route)
		return 0;
	/* a continued conversation keeps the adapter of its last turn */
	if (p->conv.cid && !p->conv.adapter)
		return 0;
	if (p->conv.cid) {
		for (size_t i = 0; i < ctx->reg.n_adapters; i++)
			if (!strcmp(ctx->reg.adapters[i].name, p->conv.adapter))
				p->adapter = &ctx->reg.adapters[i];
		if (p->adapter)
			return 0;
		loco_warn("adapter '%s' of the conversation is not in the registry; routing",
		          p->conv.adapter);
	}
	int rc = cmd_open_router(ctx, args, router);
	if (rc)
		return rc;
	router_decide(*router, query, len, &p->decision);
	if ((rc = cmd_route_failed(*router)) != 0)
		return rc;
	p->routed = true;
	if (p->decision.adapter >= 0)
		p->adapter = &ctx->reg.adapters[p->decision.adapter];
	return 0;
}

/* ---- the server ---------------------------------------------------------- */

/* Falls back to the base model when the adapter's model is not installed,
 * and learns the model's digest (part of the cache key). */
static int check_models(const struct loco_ctx *ctx, struct backend *b, struct plan *p)
{
	struct model_info *list = NULL;
	size_t n = 0;
	struct net_error e = {0};
	p->digest = xstrdup("");
	if (cmd_list_models(b, &list, &n, &e) < 0) {
		int rc = 0;
		/* An OpenAI-compatible server without /models can still answer. */
		if (e.status == NET_UNREACHABLE || backend_kind(b) == BACKEND_OLLAMA)
			rc = answer_report(ctx, b, &e, p->model, false, false);
		net_error_clear(&e);
		return rc;
	}
	const struct model_info *m = model_find(list, n, p->model);
	if (!m && p->direct) {
		loco_error("model '%s' is not installed on %s", p->model, backend_address(b));
		loco_hint("'ollama pull %s' fetches it; 'ollama list' shows what is there",
		          p->model);
		model_list_free(list, n);
		return LOCO_NOT_FOUND;
	}
	if (!m && p->adapter && backend_route_error(b, p->model)) {
		loco_error("%s", backend_route_error(b, p->model));
		model_list_free(list, n);
		return LOCO_NOT_FOUND;
	}
	if (!m && p->adapter) {
		loco_warn("model '%s' is not installed", p->model); /* the hint: who answers */
		if (backend_kind(b) == BACKEND_VLLM)
			loco_hint("start vLLM with --lora-modules %s=PATH ('loco setup --dry-run' "
			          "prints the command line); until then %s answers",
			          p->model, ctx->reg.base_ollama_name);
		else
			loco_hint("'loco setup' creates it; until then %s answers",
			          ctx->reg.base_ollama_name);
		free(p->model);
		p->model = xstrdup(ctx->reg.base_ollama_name);
		p->fallback = true;
		m = model_find(list, n, p->model);
	}
	if (m) {
		free(p->digest);
		p->digest = xstrdup(m->digest);
	}
	/* Ollama reports a missing base model in the chat itself; a single-model
	 * OpenAI-style server would answer with whatever it serves */
	int rc = m ? 0 : answer_check_served(b, list, n, p->model);
	model_list_free(list, n);
	return rc;
}

/* ---- output -------------------------------------------------------------- */

/* A load time worth naming on the metadata line. */
#define QUERY_SHOW_LOAD_SECONDS 0.5

static void print_meta(const struct loco_ctx *ctx, const struct plan *p,
                       const struct chat_result *r)
{
	if (ctx->quiet)
		return;
	const char *who = p->direct ? p->model : p->adapter ? p->adapter->name : "base model";
	if (r->cached) {
		fprintf(stderr, "%s[%s%s%s | %ld tokens | cached]%s\n", sgr(ctx, stderr, "\033[2m"),
		        p->routed ? "router -> " : "", who, p->fallback ? " (via base model)" : "",
		        r->tokens, sgr(ctx, stderr, "\033[0m"));
		return;
	}
	/* load_duration: the model (or, for a LoRA adapter, the base's runner
	 * with the adapter) was loaded for this answer */
	char load[96] = "";
	if ((double)r->load_ns / 1e9 > QUERY_SHOW_LOAD_SECONDS)
		snprintf(load, sizeof load, " | loaded in %.1fs", (double)r->load_ns / 1e9);
	if (p->tools)
		snprintf(load + strlen(load), sizeof load - strlen(load), " | %zu tool call%s",
		         p->tool_calls, p->tool_calls == 1 ? "" : "s");
	fprintf(stderr, "%s[%s%s%s%s | %ld tokens | %.1f tok/s | %.1fs%s]%s\n",
	        sgr(ctx, stderr, "\033[2m"), p->routed ? "router -> " : "", who,
	        p->fallback ? " (via base model)" : "",
	        p->routed && p->decision.low_confidence ? " (low confidence)" : "", r->tokens,
	        answer_tokens_per_s(r), r->seconds, load, sgr(ctx, stderr, "\033[0m"));
}

static const char *status_name(enum net_status s)
{
	static const char *const names[] = {"ok",      "unreachable",  "not_found", "server_error",
	                                    "busy",    "unauthorized", "protocol",  "cut",
	                                    "stalled", "interrupted"};
	return names[s];
}

/* What was decided, first in every --json object: adapter, model, routing. */
static cJSON *plan_json(const struct plan *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(
	    o, "adapter", p->adapter ? cJSON_CreateString(p->adapter->name) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "model", p->model);
	cJSON_AddBoolToObject(o, "routed", p->routed);
	cJSON_AddBoolToObject(o, "fallback", p->fallback);
	cJSON_AddItemToObject(o, "conversation",
	                      p->cid ? cJSON_CreateString(p->cid) : cJSON_CreateNull());
	return o;
}

static void add_prompt_json(cJSON *o, const struct plan *p)
{
	cJSON_AddItemToObject(o, "system",
	                      p->system ? cJSON_CreateString(p->system) : cJSON_CreateNull());
	cJSON_AddStringToObject(o, "prompt", p->user);
}

static void print_json_result(const struct loco_ctx *ctx, const struct plan *p,
                              const struct chat_result *r)
{
	cJSON *o = plan_json(p);
	if (p->routed) {
		cJSON *rt = cJSON_AddObjectToObject(o, "router");
		cJSON_AddNumberToObject(rt, "confidence",
		                        round(p->decision.confidence * 10000) / 10000);
		cJSON_AddBoolToObject(rt, "low_confidence", p->decision.low_confidence);
		cJSON *scores = cJSON_AddObjectToObject(rt, "scores");
		for (size_t i = 0; i < ctx->reg.n_adapters; i++)
			cJSON_AddNumberToObject(scores, ctx->reg.adapters[i].name,
			                        p->decision.scores[i]);
	}
	add_prompt_json(o, p);
	cJSON_AddStringToObject(o, "response", r->answer.buf);
	cJSON_AddItemToObject(o, "thinking",
	                      r->thinking.len ? cJSON_CreateString(r->thinking.buf)
	                                      : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "votes", cJSON_CreateNull());
	if (p->tool_trace)
		cJSON_AddItemToObject(o, "tool_calls", cJSON_Duplicate(p->tool_trace, 1));
	cJSON_AddBoolToObject(o, "partial", r->error.status != NET_OK);
	cJSON_AddBoolToObject(o, "cached", r->cached);
	cJSON *st = cJSON_AddObjectToObject(o, "stats");
	cJSON_AddNumberToObject(st, "prompt_tokens", (double)r->prompt_tokens);
	cJSON_AddNumberToObject(st, "tokens", (double)r->tokens);
	cJSON_AddNumberToObject(st, "tokens_per_s", round(answer_tokens_per_s(r) * 10) / 10);
	cJSON_AddNumberToObject(st, "seconds", round(r->seconds * 1000) / 1000);
	cJSON_AddItemToObject(st, "done_reason",
	                      r->done_reason ? cJSON_CreateString(r->done_reason)
	                                     : cJSON_CreateNull());
	if (r->error.status != NET_OK) {
		cJSON *e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(e, "kind", status_name(r->error.status));
		cJSON_AddStringToObject(e, "message", r->error.message ? r->error.message : "");
	}
	print_json(o);
}

/* ---- the answer log --------------------------------------------------------- */

/* After the answer is out: the turn in LOCO_HOME/logs.db (votes: the vote,
 * r the winner's result). */
static void log_turn(const struct loco_ctx *ctx, const struct cmd_args *args, const struct plan *p,
                     const struct chat_result *r, const cJSON *votes)
{
	if (!p->cid)
		return;
	const char *by = p->routed                    ? "router"
	                 : arg_value(args, "adapter") ? "user"
	                 : arg_flag(args, "no-route") ? "none"
	                                              : "conversation";
	cJSON *router = turn_router_json(&ctx->reg, by, p->routed ? &p->decision : NULL);
	cJSON *options = turn_options_json(&p->opts);
	struct log_entry e = {.conversation = p->cid,
	                      .command = "query",
	                      .prompt = p->question,
	                      .system = p->system,
	                      .adapter = p->adapter ? p->adapter->name : NULL,
	                      .model = p->model,
	                      .router = router,
	                      .options = options,
	                      .votes = votes,
	                      .tool_calls = p->tool_trace};
	turn_log_result(&e, r);
	turn_log_write(ctx, &e, NULL);
	cJSON_Delete(router);
	cJSON_Delete(options);
}

/* ---- running ------------------------------------------------------------- */

/* A cached answer for sample 0, or NULL (and *key when caching is on). */
static struct chat_call *cached_answer(const struct plan *p, const cJSON *messages, char key[65])
{
	key[0] = '\0';
	if (!p->cache_dir)
		return NULL;
	char *err = NULL;
	if (cache_key(p->model, p->digest, messages, &p->opts, 0, key, &err) < 0) {
		loco_warn("cache off: %s", err);
		free(err);
		key[0] = '\0';
		return NULL;
	}
	return cache_get(p->cache_dir, key);
}

static void remember(const struct plan *p, const char *key, const struct chat_result *r)
{
	char *err = NULL;
	if (key[0] && !r->cached && cache_put(p->cache_dir, key, r, &err) < 0) {
		loco_warn("could not cache the answer: %s", err);
		free(err);
	}
}

static int ask(struct loco_ctx *ctx, const struct cmd_args *args, struct backend *b, struct plan *p)
{
	struct answer_printer pr;
	answer_printer_init(&pr, ctx, !ctx->json, arg_flag(args, "show-thinking"),
	                    arg_flag(args, "raw"));
	struct chat_sink sink = answer_sink(&pr);
	cJSON *messages = turn_messages(p->system, p->conv.msgs, p->user);
	char key[65] = "";
	struct chat_call *call = p->tools ? NULL : cached_answer(p, messages, key);
	if (call) {
		answer_replay(&pr, chat_call_result(call));
	} else if (p->tools) {
		struct tool_loop l;
		struct sigaction old;
		interrupt_catch(&old);
		call = answer_tools(ctx, b, p->model, messages, &p->opts, p->unsandboxed, &pr, &l);
		interrupt_release(&old);
		p->tool_trace = tool_loop_trace(&l);
		p->tool_calls = l.n_runs;
		tool_loop_free(&l);
		answer_replay(&pr, chat_call_result(call));
	} else {
		struct sigaction old;
		interrupt_catch(&old);
		call = answer_chat(b, p->model, messages, &p->opts, &sink, &pr);
		interrupt_release(&old);
	}
	cJSON_Delete(messages);

	const struct chat_result *r = chat_call_result(call);
	remember(p, key, r);
	bool started = pr.answer_started;
	answer_finish(&pr);
	int rc = 0;
	if (pr.write_failed) {
		rc = LOCO_FAIL; /* reported by main's stdout check */
	} else if (ctx->json) {
		print_json_result(ctx, p, r);
	}
	if (!pr.write_failed && r->error.status != NET_OK)
		rc =
		    answer_report(ctx, b, &r->error, p->model, p->adapter && !p->fallback, started);
	else if (!pr.write_failed && !ctx->json)
		print_meta(ctx, p, r);
	if (!pr.write_failed && r->error.status == NET_OK && !r->cached)
		answer_check_cut(ctx, r, p->need, &p->opts, "--max-tokens");
	if (r->error.status == NET_OK || r->answer.len)
		log_turn(ctx, args, p, r, NULL);
	chat_call_free(call);
	return rc;
}

/* ---- votes ------------------------------------------------------------- */

static void print_votes_json(const struct loco_ctx *ctx, const struct plan *p,
                             const struct vote_run *r, const char *decision)
{
	(void)ctx;
	cJSON *o = plan_json(p);
	add_prompt_json(o, p);
	const char *resp = r->winner >= 0 ? r->samples[r->winner].response : NULL;
	cJSON_AddItemToObject(o, "response", resp ? cJSON_CreateString(resp) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "votes", turn_votes_json(r, decision));
	if (p->tool_trace)
		cJSON_AddItemToObject(o, "tool_calls", cJSON_Duplicate(p->tool_trace, 1));
	cJSON *st = cJSON_AddObjectToObject(o, "stats");
	cJSON_AddNumberToObject(st, "seconds", round(r->seconds * 1000) / 1000);
	print_json(o);
}

static int vote_failure(const struct loco_ctx *ctx, struct backend *b, const struct plan *p,
                        const struct vote_run *r)
{
	if (interrupt_requested()) {
		loco_error("interrupted; no answer was chosen");
		return LOCO_INTERRUPTED;
	}
	const struct net_error *e = vote_run_first_error(r);
	loco_error("only %d of %d samples answered, fewer than half; the first failure follows",
	           r->succeeded, r->n);
	return answer_report(ctx, b, e, p->model, p->adapter && !p->fallback, false);
}

/* The winning sample as the answer, and the tally on stderr. The tally
 * holds the samples' answers, so it is filtered on a terminal even with --raw. */
static void print_winner(const struct loco_ctx *ctx, const struct cmd_args *args,
                         const struct plan *p, const struct vote_run *r, const char *decision)
{
	const struct chat_result *win = chat_call_result(r->calls[r->winner]);
	const char *text = r->samples[r->winner].response;
	struct answer_printer pr;
	answer_printer_init(&pr, ctx, true, false, arg_flag(args, "raw"));
	answer_text(&pr, text, strlen(text));
	answer_finish(&pr);
	if (ctx->quiet || pr.write_failed)
		return;
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, ctx->tty_err);
	fprintf(stderr, "%s[%s%s | %s | %ld tokens | %.1f tok/s | %.1fs]%s\n",
	        sgr(ctx, stderr, "\033[2m"), p->routed ? "router -> " : "",
	        p->direct    ? p->model
	        : p->adapter ? p->adapter->name
	                     : "base model",
	        termsafe_str(&ts, decision), win->tokens, answer_tokens_per_s(win), r->seconds,
	        sgr(ctx, stderr, "\033[0m"));
	termsafe_pool_free(&ts);
}

static int ask_votes(struct loco_ctx *ctx, const struct cmd_args *args, struct backend *b,
                     struct plan *p, int n, enum vote_method method)
{
	struct vote_opts o = {
	    .n = n,
	    .method = method,
	    .chat = p->opts,
	    .how = vote_extractor_for(p->adapter ? p->adapter->eval_type : NULL),
	    .question = p->question,
	    .early_stop = p->early_stop,
	    .max_n = p->max_votes,
	    .min_agreement = ctx->cfg.min_agreement,
	    .cache_dir = p->cache_dir,
	    .digest = p->digest,
	};
	cJSON *messages = turn_messages(p->system, p->conv.msgs, p->user);
	struct vote_member *mem = xcalloc(p->ens.n + 1, sizeof *mem);
	cJSON **mmsgs = xcalloc(p->ens.n + 1, sizeof *mmsgs);
	for (size_t i = 0; i < p->ens.n; i++) {
		const struct ensemble_member *e = &p->ens.m[i];
		char *sys = prompt_system(e->adapter, arg_value(args, "system"));
		mmsgs[i] = turn_messages(sys, p->conv.msgs, p->user);
		free(sys);
		mem[i] = (struct vote_member){e->model, e->digest, mmsgs[i], e->label};
	}
	o.members = mem;
	o.n_members = (int)p->ens.n;
	struct tool_votes tv = {ctx, b, p->model, messages, p->unsandboxed, NULL, 0};
	if (p->tools) { /* each sample its own tool loop, one after another */
		o.sample = answer_tools_sample;
		o.sample_ctx = &tv;
	}
	struct vote_run r;
	int vrc = answer_votes(ctx, b, p->model, messages, arg_value(args, "temperature") != NULL,
	                       &o, &r);
	cJSON_Delete(messages);
	for (size_t i = 0; i < p->ens.n; i++)
		cJSON_Delete(mmsgs[i]);
	free(mmsgs);
	free(mem);
	p->tool_trace = tv.trace;
	p->tool_calls = tv.calls;
	int rc = 0;
	if (vrc < 0) {
		rc = vote_failure(ctx, b, p, &r);
	} else {
		char *decision = vote_run_decision(&r);
		if (ctx->json) {
			print_votes_json(ctx, p, &r, decision);
		} else {
			char *meta = vote_run_meta(&r, decision);
			if (p->tools) {
				char *with = xasprintf("%s | %zu tool call%s", meta, p->tool_calls,
				                       p->tool_calls == 1 ? "" : "s");
				free(meta);
				meta = with;
			}
			print_winner(ctx, args, p, &r, meta);
			free(meta);
			answer_vote_samples(ctx, &r);
			answer_vote_uncertain(ctx, &r);
		}
		cJSON *votes = turn_votes_json(&r, decision);
		log_turn(ctx, args, p, chat_call_result(r.calls[r.winner]), votes);
		cJSON_Delete(votes);
		free(decision);
	}
	vote_run_free(&r);
	return rc;
}

static void plan_free(struct plan *p)
{
	free(p->digest);
	free(p->cache_dir);
	free(p->question);
	free(p->model);
	free(p->system);
	free(p->user);
	free(p->cid);
	cJSON_Delete(p->tool_trace);
	turn_history_free(&p->conv);
	ensemble_free(&p->ens);
}

/* --ensemble: the domain's installed models; without --votes, one sample
 * each, three at least. */
static int plan_ensemble(const struct loco_ctx *ctx, const struct cmd_args *args, struct backend *b,
                         struct plan *p, int *votes)
{
	if (!p->ensemble)
		return 0;
	int rc = ensemble_collect(ctx, p->adapter, arg_flag(args, "ensemble-base"), &p->ens);
	if (rc == 0)
		rc = ensemble_check(ctx, b, &p->ens);
	if (rc == 0 && *votes < 2 && !arg_value(args, "votes"))
		*votes = p->ens.n < 3 ? 3 : (int)p->ens.n;
	if (rc == 0 && *votes < 2) {
		loco_error("--ensemble needs two votes or more, not --votes %d", *votes);
		rc = LOCO_USAGE;
	}
	return rc;
}

static int run_query(struct loco_ctx *ctx, const struct cmd_args *args)
{
	char *err = NULL, *query = NULL;
	size_t len = 0;
	int rc = read_text_arg(args, &query, &len, &err);
	if (rc) {
		loco_error("%s", err);
		free(err);
		return rc;
	}
	struct plan p;
	memset(&p, 0, sizeof p);
	struct router *router = NULL;
	struct backend *b = NULL;
	int votes = 1;
	enum vote_method method = VOTE_MAJORITY;
	rc = answer_vote_settings(ctx, args, &votes, &method, &p.early_stop, &p.max_votes);
	if (rc == 0)
		rc = turn_log_continue(ctx, args, &p.conv);
	if (rc == 0)
		rc = pick_adapter(ctx, args, query, len, &p, &router);
	if (rc == 0 && answer_use_tools(args, p.adapter, &p.tools) < 0)
		rc = LOCO_USAGE;
	p.ensemble = arg_flag(args, "ensemble") || arg_flag(args, "ensemble-base");
	if (rc == 0 && p.ensemble && (arg_value(args, "model") || p.tools)) {
		loco_error("--ensemble goes with an adapter, not with --model or --tools");
		rc = LOCO_USAGE;
	}
	p.unsandboxed = arg_flag(args, "allow-unsandboxed");
	if (rc == 0 && answer_tools_ready(arg_flag(args, "tools"), p.unsandboxed, &p.tools) < 0)
		rc = LOCO_FAIL;
	if (rc == 0)
		rc = answer_options(ctx, args, &p.opts);
	if (rc == 0 && text_is_blank(query, len)) {
		loco_error("the prompt is empty");
		rc = LOCO_USAGE;
	}
	if (rc == 0) {
		p.question = xstrdup(query);
		if (arg_flag(args, "cache"))
			p.cache_dir = path_join(ctx->cfg.home, "cache/chat");
		p.model = p.direct    ? xstrdup(arg_value(args, "model"))
		          : p.adapter ? adapter_model_name(p.adapter)
		                      : xstrdup(ctx->reg.base_ollama_name);
		p.user = prompt_user(query, ctx->cfg.reread && !arg_flag(args, "no-reread"));
		if (turn_log_enabled(ctx, args))
			p.cid = p.conv.cid ? xstrdup(p.conv.cid) : logs_new_id();
		rc = open_backend(ctx, &b);
	}
	if (rc == 0)
		rc = check_models(ctx, b, &p);
	if (rc == 0)
		rc = plan_ensemble(ctx, args, b, &p, &votes);
	if (rc == 0) {
		/* The system context follows the adapter, even when its model is missing. */
		p.system = prompt_system(p.adapter, arg_value(args, "system"));
		p.need = prompt_estimate_tokens(p.user) +
		         (p.system ? prompt_estimate_tokens(p.system) : 0) +
		         (p.conv.msgs ? prompt_estimate_messages(p.conv.msgs) : 0);
		rc = answer_fit_context(
		    ctx, b, p.model, p.need,
		    arg_value(args, "num-ctx") ? "--num-ctx" : "inference.num_ctx", &p.opts);
	}
	if (rc == 0) {
		if (p.routed && p.decision.low_confidence && !ctx->quiet && !ctx->json)
			loco_note(ctx, "low confidence: %s %d vs %s %d", p.adapter->name,
			          p.decision.best, ctx->reg.adapters[p.decision.runner_up].name,
			          p.decision.second);
		rc = votes > 1 ? ask_votes(ctx, args, b, &p, votes, method) : ask(ctx, args, b, &p);
	}
	backend_free(b);
	router_free(router);
	plan_free(&p);
	free(query);
	return rc;
}

static const struct optspec query_opts[] = {
    {"adapter", 'a', "NAME",
     "answer with this adapter instead of routing ('none': the base model)"},
    {"model", 'm', "NAME", "ask this Ollama model directly: no adapter, no routing"},
    {"router-kind", 0, "KIND", "keyword, classifier or embedding (default: router.kind)"},
    {"votes", 'n', "N",
     "sample N answers at once and print the winner (1 = off; auto: 3, more while they disagree)"},
    {"vote-method", 0, "M", "majority (default) or best_of_n"},
    {"no-early-stop", 0, NULL, "with --votes, let every sample finish"},
    {"ensemble", 0, NULL, "vote round-robin over every adapter of the adapter's domain"},
    {"ensemble-base", 0, NULL, "--ensemble with the base model voting too"},
    {"no-route", 0, NULL, "answer with the base model, no routing"},
    {"no-reread", 0, NULL, "send the question once (RE2 is on by default)"},
    {"tools", 0, NULL, "offer the python tool: the model's code runs in the sandbox"},
    {"no-tools", 0, NULL, "offer no tools, even when the adapter declares them"},
    {"allow-unsandboxed", 0, NULL, "run tool code even with no seccomp filter"},
    {"think", 0, NULL, "let a thinking model think (default off)"},
    {"no-think", 0, NULL, "send think:false even if inference.think is on"},
    {"show-thinking", 0, NULL, "print the model's thinking, dimmed, on stderr"},
    {"temperature", 't', "T", "sampling temperature (default: the model's)"},
    {"seed", 0, "S", "sampling seed, for reproducible answers"},
    {"system", 0, "TEXT", "system message instead of the adapter's"},
    {"num-ctx", 0, "N", "context window (default inference.num_ctx)"},
    {"max-tokens", 0, "N", "stop the answer after N tokens"},
    {"cache", 0, NULL, "answer identical requests from LOCO_HOME/cache (and store new ones)"},
    {"raw", 0, NULL, "write the answer's bytes as they are, even to a terminal"},
    {"continue", 'c', NULL, "continue the last logged conversation"},
    {"cid", 0, "ID", "continue the logged conversation ID (or a prefix)"},
    {"no-log", 0, NULL, "do not record this answer in LOCO_HOME/logs.db"},
    {"json", 0, NULL, "print one JSON object instead of streaming"},
};

const struct command cmd_query = {
    .name = "query",
    .run = run_query,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "ask one question; the answer streams as it is written",
    .usage = "[options] PROMPT...",
    .description = "Routes PROMPT to the adapter whose keywords it matches (or uses --adapter),\n"
                   "adds the adapter's system context and RE2 re-reading, and streams the\n"
                   "answer to stdout. A line of metadata goes to stderr: the router's choice,\n"
                   "tokens, tokens per second and time, and the model's load time when the\n"
                   "server spent over 0.5 s loading it (-q drops it). Words of PROMPT are\n"
                   "joined with spaces; '-' (or no PROMPT with stdin not a terminal) reads\n"
                   "stdin; a prompt of nothing but white space is refused. --model NAME asks\n"
                   "that Ollama model directly, with no adapter and no system context (RE2\n"
                   "still, unless --no-reread), to compare models. Ctrl-C stops the answer\n"
                   "and exits 130. A busy server (HTTP 503 or 429 before any text) is asked\n"
                   "again up to 5 times, after 0.5, 1, 2 and 4 s, each retry said on stderr.\n\n"
                   "On a terminal, control characters in the answer and the thinking are\n"
                   "shown, not obeyed: ESC as ^[, a lone carriage return as ^M, C1 controls as\n"
                   "<U+009B>, bytes that are not UTF-8 as U+FFFD (\\r\\n ends a line as \\n).\n"
                   "On a pipe or in a file, and with --raw, the answer is the model's bytes.\n\n"
                   "With --votes N, N answers are sampled at once at inference.vote_temperature\n"
                   "(seeds S..S+N-1 with --seed S); the majority answer, read as the adapter's\n"
                   "eval type reads it (numbers compare numerically), wins and its first full\n"
                   "response is printed; the tally goes to stderr. best_of_n asks the model to\n"
                   "judge instead; it also decides when no sample has a readable answer.\n"
                   "Once the leader cannot be overtaken the rest are cancelled (the tally\n"
                   "says how many were not needed; --no-early-stop waits for all).\n"
                   "--ensemble sends sample i to the i-th model, round-robin, of the chosen\n"
                   "adapter's domain (every adapter with that domain in the registry, the\n"
                   "chosen one first; --ensemble-base adds the base model), each with its\n"
                   "own system context; the tally names who gave each answer. Without\n"
                   "--votes it takes one sample per model, three at least.\n\n"
                   "Each answer is recorded in LOCO_HOME/logs.db after it is printed ('loco\n"
                   "logs'; --no-log or logs.enabled: false to skip). -c continues the last\n"
                   "logged conversation, --cid ID another: its turns are sent as history and\n"
                   "its last adapter answers (unless --adapter or --no-route).",
    .opts = query_opts,
    .nopts = LOCO_ARRAY_LEN(query_opts),
    .min_pos = 0,
    .max_pos = -1,
};
