/* turn_log.c: the answer log's side of `query` and `chat` (turn_log.h):
 * building a log entry's JSON parts, writing it after the answer is out,
 * and reading a conversation back to continue it. */
#define _GNU_SOURCE
#include "turn_log.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "router.h"
#include "votes.h"

bool turn_log_enabled(const struct loco_ctx *ctx, const struct cmd_args *a)
{
	return ctx->cfg.logs_enabled && !arg_flag(a, "no-log");
}

char *turn_log_path(const struct loco_ctx *ctx)
{
	return path_join(ctx->cfg.home, "logs.db");
}

/* ---- continuing ---------------------------------------------------------- */

static void add_message(cJSON *list, const char *role, const char *content)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", role);
	cJSON_AddStringToObject(m, "content", content);
	cJSON_AddItemToArray(list, m);
}

static int read_history(struct logs *l, struct turn_history *h, char **err)
{
	struct log_filter f = {.conversation = h->cid};
	struct log_row *rows;
	size_t n;
	if (logs_list(l, &f, &rows, &n, err) < 0)
		return -1;
	h->msgs = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		add_message(h->msgs, "user", rows[i].prompt);
		add_message(h->msgs, "assistant", rows[i].response);
	}
	if (n && rows[n - 1].adapter)
		h->adapter = xstrdup(rows[n - 1].adapter);
	log_rows_free(rows, n);
	return 0;
}

int turn_log_continue(const struct loco_ctx *ctx, const struct cmd_args *a, struct turn_history *h)
{
	memset(h, 0, sizeof *h);
	const char *handle = arg_value(a, "cid");
	if (!handle && !arg_flag(a, "continue"))
		return 0;
	char *path = turn_log_path(ctx), *err = NULL;
	struct logs *l = NULL;
	int rc = 0;
	if (logs_open(path, LOGS_READ, &l, &err) < 0) {
		loco_error("%s", err);
		rc = LOCO_BAD_INPUT;
	} else if (!l) {
		loco_error("no logged conversation to continue: nothing is logged yet");
		rc = LOCO_NOT_FOUND;
	} else {
		int found = logs_find_conversation(l, handle, &h->cid, &err);
		if (found == 0) {
			loco_error("%s; 'loco logs' shows the conversation ids", err);
			rc = LOCO_NOT_FOUND;
		} else if (found < 0 || read_history(l, h, &err) < 0) {
			loco_error("%s", err);
			rc = LOCO_BAD_INPUT;
		}
	}
	logs_close(l);
	free(err);
	free(path);
	if (rc)
		turn_history_free(h);
	return rc;
}

void turn_history_free(struct turn_history *h)
{
	free(h->cid);
	free(h->adapter);
	cJSON_Delete(h->msgs);
	memset(h, 0, sizeof *h);
}

cJSON *turn_messages(const char *system, const cJSON *history, const char *user)
{
	cJSON *msgs = cJSON_CreateArray();
	if (system)
		add_message(msgs, "system", system);
	const cJSON *m;
	cJSON_ArrayForEach(m, history)
	{
		cJSON_AddItemToArray(msgs, cJSON_Duplicate(m, true));
	}
	add_message(msgs, "user", user);
	return msgs;
}

/* ---- entries --------------------------------------------------------------- */

cJSON *turn_router_json(const struct registry *reg, const char *by, const struct route_decision *d)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "by", by);
	if (!d)
		return o;
	cJSON_AddNumberToObject(o, "confidence", round(d->confidence * 10000) / 10000);
	cJSON_AddBoolToObject(o, "low_confidence", d->low_confidence);
	cJSON *scores = cJSON_AddObjectToObject(o, "scores");
	for (size_t i = 0; i < reg->n_adapters; i++)
		cJSON_AddNumberToObject(scores, reg->adapters[i].name, d->scores[i]);
	return o;
}

cJSON *turn_options_json(const struct chat_options *o)
{
	cJSON *j = cJSON_CreateObject();
	if (o->think >= 0)
		cJSON_AddBoolToObject(j, "think", o->think == 1);
	if (o->has_temperature)
		cJSON_AddNumberToObject(j, "temperature", o->temperature);
	if (o->has_top_p)
		cJSON_AddNumberToObject(j, "top_p", o->top_p);
	if (o->has_seed)
		cJSON_AddNumberToObject(j, "seed", (double)o->seed);
	if (o->num_ctx)
		cJSON_AddNumberToObject(j, "num_ctx", (double)o->num_ctx);
	if (o->num_predict)
		cJSON_AddNumberToObject(j, "num_predict", (double)o->num_predict);
	return j;
}

/* A call's mean token log-probability, four decimals, or null when the
 * server sent none. */
static cJSON *logprob_json(const struct chat_call *c)
{
	double lp = c ? chat_result_mean_logprob(chat_call_result(c)) : NAN;
	return isnan(lp) ? cJSON_CreateNull() : cJSON_CreateNumber(round(lp * 10000) / 10000);
}

cJSON *turn_votes_json(const struct vote_run *r, const char *decision)
{
	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "method", r->judged ? "best_of_n" : "majority");
	cJSON_AddNumberToObject(v, "n", r->n);
	cJSON_AddNumberToObject(v, "answered", r->succeeded);
	cJSON_AddNumberToObject(v, "not_needed", r->saved);
	cJSON_AddNumberToObject(v, "winner", r->winner);
	cJSON_AddStringToObject(v, "tally", decision);
	if (!r->judged && r->tally.n_counts) {
		cJSON_AddStringToObject(v, "answer", r->tally.counts[0].answer);
		cJSON_AddNumberToObject(v, "agree", r->tally.counts[0].count);
		cJSON_AddNumberToObject(v, "agreement",
		                        round(vote_agreement(&r->tally) * 10000) / 10000);
	}
	cJSON_AddItemToObject(v, "logprob",
	                      logprob_json(r->winner >= 0 ? r->calls[r->winner] : NULL));
	if (r->judged)
		cJSON_AddItemToObject(v, "judge",
		                      r->judge_reply ? cJSON_CreateString(r->judge_reply)
		                                     : cJSON_CreateNull());
	cJSON *list = cJSON_AddArrayToObject(v, "samples");
	for (int i = 0; i < r->n; i++) {
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		const struct vote_sample *s = &r->samples[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "index", i);
		if (r->labels) /* --ensemble: whose sample */
			cJSON_AddStringToObject(o, "adapter", r->labels[i] ? r->labels[i] : "");
		cJSON_AddItemToObject(o, "seed",
		                      r->has_seed ? cJSON_CreateNumber((double)r->seeds[i])
		                                  : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "response",
		                      s->response ? cJSON_CreateString(s->response)
		                                  : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "answer",
		                      s->answer.found ? cJSON_CreateString(s->answer.text)
		                                      : cJSON_CreateNull());
		cJSON_AddBoolToObject(o, "voted", s->voted);
		cJSON_AddNumberToObject(o, "latency", round(cr->seconds * 1000) / 1000);
		cJSON_AddNumberToObject(o, "tokens", (double)cr->tokens);
		cJSON_AddBoolToObject(o, "cached", cr->cached);
		cJSON_AddItemToObject(o, "logprob", logprob_json(r->calls[i]));
		if (cr->error.status != NET_OK)
			cJSON_AddStringToObject(o, "error",
			                        cr->error.message ? cr->error.message : "");
		cJSON_AddItemToArray(list, o);
	}
	return v;
}

void turn_log_result(struct log_entry *e, const struct chat_result *r)
{
	e->response = r->answer.len ? r->answer.buf : "";
	e->thinking = r->thinking.len ? r->thinking.buf : NULL;
	e->prompt_tokens = r->prompt_tokens;
	e->tokens = r->tokens;
	e->seconds = r->seconds;
	e->total_ns = r->total_ns;
	e->load_ns = r->load_ns;
	e->prompt_ns = r->prompt_ns;
	e->eval_ns = r->eval_ns;
	e->cached = r->cached;
	e->partial = r->error.status != NET_OK;
	e->error = e->partial ? (r->error.message ? r->error.message : "failed") : NULL;
}

void turn_log_write(const struct loco_ctx *ctx, const struct log_entry *e, bool *failing)
{
	/* the answer reaches a pipe's reader before the log waits for a lock */
	fflush(stdout);
	char *path = turn_log_path(ctx), *err = NULL;
	struct logs *l = NULL;
	if (logs_open(path, LOGS_WRITE, &l, &err) < 0 || logs_add(l, e, &err) < 0) {
		for (char *p = err; p && *p; p++) /* one line, whatever SQLite said */
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		if (!failing || !*failing)
			loco_warn("the answer was not logged: %s", err);
		if (failing)
			*failing = true;
	} else if (failing) {
		*failing = false;
	}
	logs_close(l);
	free(err);
	free(path);
}
