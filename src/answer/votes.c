/* votes.c: N samples at once, then the decision. The samples share one
 * multi handle, so on a server with parallel slots a vote costs about one
 * answer's wall time. */
#include "votes.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "interrupt.h"
#include "prompt.h"
#include "util.h"

/* Starts every sample that the cache cannot answer; keys[i] is set when
 * caching is on. */
static void start_samples(struct backend *b, const char *model, const cJSON *messages,
                          const struct vote_opts *o, struct vote_run *r, char (*keys)[65], int from)
{
	for (int i = from; i < r->n; i++) {
		const struct vote_member *m = o->n_members ? &o->members[i % o->n_members] : NULL;
		const char *mod = m ? m->model : model;
		const cJSON *msgs = m ? m->messages : messages;
		if (m)
			r->labels[i] = m->label;
		struct chat_options co = o->chat;
		if (o->has_seed) {
			co.has_seed = true;
			co.seed = o->seed + i;
			r->seeds[i] = co.seed;
		}
		keys[i][0] = '\0';
		if (o->cache_dir &&
		    cache_key(mod, m ? m->digest : o->digest, msgs, &co, i, keys[i], NULL) == 0)
			r->calls[i] = cache_get(o->cache_dir, keys[i]);
		if (!r->calls[i])
			r->calls[i] = backend_chat_start(b, mod, msgs, &co, NULL);
	}
}

/* The tally of the samples that have finished with an answer so far,
 * counted as the full vote would count them (the caller frees t). */
static void tally_so_far(const struct vote_opts *o, const struct vote_run *r, struct vote_tally *t)
{
	struct vote_sample *s = xcalloc((size_t)r->n, sizeof *s);
	for (int i = 0; i < r->n; i++) {
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		if (chat_call_finished(r->calls[i]) && cr->error.status == NET_OK)
			s[i].response = cr->answer.buf;
	}
	vote_majority(s, (size_t)r->n, o->how, o->pattern, PATTERN_LAST, t);
	for (int i = 0; i < r->n; i++)
		extracted_free(&s[i].answer);
	free(s);
}

/* Whether the finished samples already settle the vote (tally.h). */
static bool settled(const struct vote_opts *o, const struct vote_run *r, int unfinished)
{
	struct vote_tally t;
	tally_so_far(o, r, &t);
	bool done = vote_settled(&t, unfinished);
	vote_tally_free(&t);
	return done;
}

/* --votes auto: whether the samples so far agree too little. */
static bool wants_more(const struct vote_opts *o, const struct vote_run *r, int most)
{
	if (!o->max_n || r->n >= most || o->method != VOTE_MAJORITY || interrupt_requested())
		return false;
	struct vote_tally t;
	tally_so_far(o, r, &t);
	bool more = vote_agreement(&t) < o->min_agreement;
	vote_tally_free(&t);
	return more;
}

/* Runs the samples to their end, or, with early_stop, until the vote is
 * settled: the rest are cancelled, so the server stops generating them. */
static void run_samples(struct backend *b, const struct vote_opts *o, struct vote_run *r)
{
	int done = -1;
	for (;;) {
		int finished = 0;
		for (int i = 0; i < r->n; i++)
			finished += chat_call_finished(r->calls[i]);
		if (finished != done && finished > 0 && o->progress)
			o->progress(o->progress_ctx, finished, r->n);
		if (finished != done && o->early_stop && o->method == VOTE_MAJORITY &&
		    finished < r->n && settled(o, r, r->n - finished)) {
			for (int i = 0; i < r->n; i++)
				if (!chat_call_finished(r->calls[i])) {
					chat_call_cancel(r->calls[i]);
					r->saved++;
				}
			return;
		}
		done = finished;
		if (finished == r->n || backend_active(b) == 0)
			return;
		backend_step(b, 100);
	}
}

static void store_samples(const struct vote_opts *o, struct vote_run *r, char (*keys)[65])
{
	for (int i = 0; i < r->n && o->cache_dir; i++) {
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		char *err = NULL;
		if (keys[i][0] && !cr->cached && !cr->cancelled &&
		    cache_put(o->cache_dir, keys[i], cr, &err) < 0 && r->cache_failed++ == 0)
			r->cache_error = err; /* said by the command, once */
		else
			free(err);
	}
}

static void judge(struct backend *b, const char *model, const struct vote_opts *o,
                  struct vote_run *r)
{
	char *prompt = best_of_n_prompt(o->question, r->samples, (size_t)r->n);
	cJSON *msgs = prompt_messages(NULL, prompt);
	struct chat_options co = o->chat;
	co.has_temperature = true;
	co.temperature = 0;
	co.has_seed = false;
	struct chat_call *c = backend_chat_start(b, model, msgs, &co, NULL);
	backend_run(b);
	const struct chat_result *jr = chat_call_result(c);
	r->judged = true;
	r->method = VOTE_BEST_OF_N;
	r->judge_reply = xstrdup(jr->answer.buf);
	if (jr->error.status != NET_OK) {
		r->judge_error.status = jr->error.status;
		r->judge_error.message = xstrdup(jr->error.message ? jr->error.message : "");
		r->judge_pick = -1;
	} else {
		r->judge_pick = best_of_n_pick(jr->answer.buf, r->samples, (size_t)r->n);
	}
	r->winner = r->judge_pick;
	for (int i = 0; r->winner < 0 && i < r->n; i++)
		if (r->samples[i].response)
			r->winner = i;
	chat_call_free(c);
	cJSON_Delete(msgs);
	free(prompt);
}

/* Whether the answered samples came back one at a time: ordered by their
 * first byte, each began only after the one before had ended. */
static bool one_at_a_time(const struct vote_run *r)
{
	const struct chat_result *by_start[64];
	int n = 0;
	for (int i = 0; i < r->n && n < (int)LOCO_ARRAY_LEN(by_start); i++) {
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		if (cr->cached || cr->error.status != NET_OK || !cr->first_byte_at)
			continue;
		int k = n++;
		for (; k > 0 && by_start[k - 1]->first_byte_at > cr->first_byte_at; k--)
			by_start[k] = by_start[k - 1];
		by_start[k] = cr;
	}
	if (n < 2 || by_start[n - 1]->done_at - by_start[0]->sent_at < VOTE_SERIAL_SECONDS)
		return false;
	for (int k = 1; k < n; k++)
		if (by_start[k]->first_byte_at < by_start[k - 1]->done_at)
			return false;
	return true;
}

int vote_collect(struct backend *b, const char *model, const cJSON *messages,
                 const struct vote_opts *o, struct vote_run *r)
{
	memset(r, 0, sizeof *r);
	int most = o->max_n > o->n ? o->max_n : o->n;
	r->n = o->n;
	r->winner = -1;
	r->judge_pick = -1;
	r->has_seed = o->has_seed;
	r->calls = xcalloc((size_t)most, sizeof *r->calls);
	r->samples = xcalloc((size_t)most, sizeof *r->samples);
	r->seeds = xcalloc((size_t)most, sizeof *r->seeds);
	if (o->n_members)
		r->labels = xcalloc((size_t)most, sizeof *r->labels);
	double t0 = monotonic_seconds();
	char(*keys)[65] = xcalloc((size_t)most, sizeof *keys);
	for (int from = 0;;) {
		start_samples(b, model, messages, o, r, keys, from);
		run_samples(b, o, r);
		if (!wants_more(o, r, most))
			break;
		from = r->n;
		r->n = r->n + 2 < most ? r->n + 2 : most;
	}
	store_samples(o, r, keys);
	free(keys);
	for (int i = 0; i < r->n; i++) {
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		if (cr->error.status == NET_OK) {
			r->samples[i].response = cr->answer.buf;
			r->succeeded++;
		}
	}
	r->serial = one_at_a_time(r);
	if (interrupt_requested() || r->succeeded * 2 < r->n - r->saved) {
		r->seconds = monotonic_seconds() - t0;
		return -1;
	}
	r->method = o->method;
	if (o->method == VOTE_MAJORITY) {
		vote_majority(r->samples, (size_t)r->n, o->how, o->pattern, PATTERN_LAST,
		              &r->tally);
		r->winner = r->tally.winner;
	}
	if (o->method == VOTE_BEST_OF_N || r->winner < 0)
		judge(b, model, o, r);
	r->seconds = monotonic_seconds() - t0;
	return 0;
}

const struct net_error *vote_run_first_error(const struct vote_run *r)
{
	for (int i = 0; i < r->n; i++) {
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		if (cr->error.status != NET_OK && !cr->cancelled)
			return &cr->error;
	}
	return NULL;
}

void vote_run_free(struct vote_run *r)
{
	for (int i = 0; i < r->n; i++) {
		extracted_free(&r->samples[i].answer);
		chat_call_free(r->calls[i]);
	}
	free(r->calls);
	free(r->samples);
	free(r->seeds);
	free(r->labels);
	vote_tally_free(&r->tally);
	free(r->judge_reply);
	free(r->cache_error);
	net_error_clear(&r->judge_error);
	memset(r, 0, sizeof *r);
}

static char *tally_text(const struct vote_run *r)
{
	if (r->labels)
		return vote_tally_text_by(&r->tally, r->samples, (size_t)r->n, r->labels);
	return vote_tally_text(&r->tally);
}

char *vote_run_decision(const struct vote_run *r)
{
	if (!r->judged && r->saved) {
		char *tally = tally_text(r);
		char *s = xasprintf("%s, %d sample%s not needed", tally, r->saved,
		                    r->saved == 1 ? "" : "s");
		free(tally);
		return s;
	}
	if (!r->judged)
		return tally_text(r);
	if (r->judge_pick >= 0)
		return xasprintf("the judge picked response %d of %d", r->judge_pick + 1,
		                 r->succeeded);
	if (r->judge_error.status != NET_OK) /* the server's reason, e.g. a context overflow */
		return xasprintf("the judge failed (%.160s); showing the first response",
		                 r->judge_error.message ? r->judge_error.message
		                                        : "no reason given");
	return xasprintf("the judge's pick could not be read; showing the first response");
}

char *vote_run_meta(const struct vote_run *r, const char *decision)
{
	double lp =
	    r->winner >= 0 ? chat_result_mean_logprob(chat_call_result(r->calls[r->winner])) : NAN;
	if (isnan(lp))
		return xstrdup(decision);
	return xasprintf("%s | mean logprob %.2f", decision, lp);
}
