/* eval.c: a pool of at most --jobs requests kept busy over the (item, model)
 * pairs of one or more datasets. A finished answer is scored, cached and
 * logged at once, so an interrupted run keeps everything it finished and a
 * rerun sends only what is missing. Busy servers (503, 429) are retried with
 * backoff.
 *
 * Requests go out in blocks of one configuration: a model and its runner
 * options. Ollama keys its runners by the model's GGUF blob, so a LoRA
 * adapter's model (FROM base + ADAPTER) shares the base's runner, and
 * needsReload() reloads it whenever the adapter or the runner options
 * (num_ctx, ...) change (server/sched.go); its pending requests are served in
 * order, so one request for another configuration holds up the queue until
 * the runner is idle and reloaded. Base and adapter requests side by side
 * reloaded the runner twice per item; in blocks each model loads once per
 * server. The judge model's block goes last, so that every judge run finds
 * its model loaded. A server that swaps adapters per request (llama.cpp's
 * "lora" field, vLLM's LoRA modules: backend_swaps_per_request()) reloads
 * nothing, so there every request is of one block and base and adapter
 * requests run side by side again (issue 22). */
#define _GNU_SOURCE
#include "eval.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "extract.h"
#include "dataset.h"
#include "interrupt.h"
#include "prompt.h"
#include "tally.h"
#include "toolloop.h"
#include "util.h"

struct task {
	size_t part;
	size_t item;
	size_t host; /* index into the backends */
	size_t block;
	int judge;  /* -1: the model's answer; else which llm_judge run grades it */
	int sample; /* --votes: which sample of the answer */
	enum eval_side side;
	int attempts;
	double not_before; /* retry after this time */
	double sent_at;    /* when the request went out */
	struct chat_call *call;
	cJSON *messages;
	char key[65];
	struct tool_loop *tools; /* the part offers this side tools (issue 19) */
	bool over; /* finished for good, or dropped by the early stop before it was sent */
};

/* The requests of one configuration, in the order they are sent. */
struct block {
	const char *model;
	long num_ctx;
	struct task **fresh; /* not started yet */
	size_t n_fresh, next;
	size_t left; /* not finished for good (judges that may still come included) */
};

/* A stretch of time a request spent waiting for a runner. */
struct load_span {
	size_t host;
	const char *model;
	double from, to;
};

struct pool {
	const struct eval_opts *o;
	struct eval_part *parts;
	size_t n_parts;
	struct eval_status *st;
	struct task *tasks;
	size_t n_tasks;
	struct task *judges; /* JUDGE_RUNS per (llm_judge item, side), queued when answered */
	size_t n_judges;
	struct block *blocks;
	size_t n_blocks;
	long host_block[EVAL_MAX_HOSTS]; /* the configuration each server has; -1 none */
	bool host_used[EVAL_MAX_HOSTS];  /* it had one: a new one is a reload */
	struct task **active;
	size_t n_active;
	struct task **retry;
	size_t n_retry;
	struct load_span *spans;
	size_t n_spans;
	struct eval_progress prog;
	double t0;
	/* answers from the server, in the order they finished: did one begin
	 * before the one before had ended? (struct eval_status.serial) */
	size_t n_timed;
	double last_done;
	bool overlapped;
};

char *eval_prompt(const char *item_prompt, bool reread)
{
	return prompt_user(item_prompt, reread);
}

static const struct eval_item *task_item(const struct pool *p, const struct task *t)
{
	return &p->parts[t->part].ds->items[t->item];
}

static struct eval_answer *task_answer(const struct pool *p, const struct task *t)
{
	return &p->parts[t->part].r->answers[t->side][t->item];
}

static const char *task_model(const struct pool *p, const struct task *t)
{
	return t->judge >= 0 ? p->o->judge_model : p->parts[t->part].model[t->side];
}

/* A part's layers: its own on top of the options'. */
static bool part_reread(const struct eval_opts *o, const struct eval_part *pt)
{
	return o->reread || pt->reread;
}

static int part_votes(const struct eval_opts *o, const struct eval_part *pt)
{
	int v = pt->votes ? pt->votes : o->votes;
	return v > 1 ? v : 1;
}

/* Whether a part's samples are drawn at the vote temperature and kept. */
static bool part_sampled(const struct eval_opts *o, const struct eval_part *pt)
{
	return part_votes(o, pt) > 1 || pt->keep_samples;
}

/* The sides asked: [first, end). */
static int side_first(const struct eval_opts *o)
{
	return o->adapter_only ? SIDE_ADAPTER : SIDE_BASE;
}

static int side_end(const struct eval_opts *o)
{
	return o->base_only ? SIDE_ADAPTER : SIDE_ADAPTER + 1;
}

static cJSON *task_messages(const struct pool *p, const struct task *t)
{
	const struct eval_part *pt = &p->parts[t->part];
	char *user = eval_prompt(task_item(p, t)->prompt, part_reread(p->o, pt));
	bool system = t->side == SIDE_ADAPTER || pt->same_system;
	cJSON *m = prompt_messages(system ? pt->system : NULL, user);
	free(user);
	return m;
}

static cJSON *judge_messages(const struct eval_item *it, const char *response)
{
	double max = item_config_number(it, "max_score", 10);
	char *prompt = xasprintf(
	    "Grade the answer below against the rubric. Be strict and consistent.\n\n"
	    "Rubric:\n%s\n\nQuestion:\n%s\n\nReference answer:\n%s\n\nAnswer to grade:\n%s\n\n"
	    "Explain briefly, then give the grade on the last line as \"Score: N\", "
	    "where N is a number from 0 to %g.",
	    item_config_string(it, "rubric"), it->prompt, it->expected ? it->expected : "(none)",
	    response, max);
	cJSON *m = prompt_messages(NULL, prompt);
	free(prompt);
	return m;
}

/* The judge's grade, or NAN when its reply has none in range. */
static double judge_score(const struct eval_item *it, const char *reply)
{
	const char *pattern = item_config_string(it, "extract_score_pattern");
	struct extracted e;
	double v = NAN, max = item_config_number(it, "max_score", 10);
	/* the judge is told to end with the grade, so a "score" it quotes from
	 * the rubric earlier in its reply is not read */
	if (extract_pattern_pick(reply, pattern ? pattern : "(?i)score\\W{0,3}(\\d+(?:\\.\\d+)?)",
	                         false, PATTERN_LAST, &e, NULL) == 0 &&
	    e.found && parse_double(e.text, &v) && (v < 0 || v > max))
		v = NAN;
	if (!e.found)
		v = NAN;
	extracted_free(&e);
	return v;
}

/* All runs in: the mean grade over max_score is the item's score. */
static void judge_verdict(const struct eval_item *it, struct eval_answer *a)
{
	double sum = 0, sq = 0, max = item_config_number(it, "max_score", 10);
	int n = 0;
	for (int k = 0; k < JUDGE_RUNS; k++)
		if (!isnan(a->judge[k])) {
			sum += a->judge[k];
			sq += a->judge[k] * a->judge[k];
			n++;
		}
	if (!n) {
		a->score.note = xstrdup("the judge gave no readable score");
		return;
	}
	double mean = sum / n, sd = n > 1 ? sqrt(fmax(0, (sq - n * mean * mean) / (n - 1))) : 0;
	a->score.score = mean / max;
	a->score.correct = a->score.score >= 0.5;
	a->score.extracted = xasprintf("%g/%g", mean, max);
	a->score.note =
	    xasprintf("judge: mean %.3g, sd %.3g over %d of %d runs", mean, sd, n, JUDGE_RUNS);
}

static void log_answer(const struct pool *p, const struct task *t, const char *response,
                       const struct eval_answer *a)
{
	const struct eval_opts *o = p->o;
	if (!o->log)
		return;
	const struct eval_part *pt = &p->parts[t->part];
	const struct eval_item *it = task_item(p, t);
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "id", it->id);
	/* lines come in the order answers arrive; the tests take items in this order */
	cJSON_AddNumberToObject(j, "item", (double)t->item + 1);
	cJSON_AddStringToObject(j, "dataset", pt->ds->path); /* --out-of-domain logs several */
	cJSON_AddStringToObject(j, "model", pt->model[t->side]);
	cJSON_AddStringToObject(j, "side", t->side == SIDE_BASE ? "base" : "adapter");
	cJSON_AddStringToObject(j, "type", it->type);
	char *prompt = eval_prompt(it->prompt, part_reread(o, pt));
	cJSON_AddStringToObject(j, "prompt", prompt);
	free(prompt);
	cJSON_AddStringToObject(j, "response", response);
	cJSON_AddItemToObject(j, "extracted",
	                      a->score.extracted ? cJSON_CreateString(a->score.extracted)
	                                         : cJSON_CreateNull());
	cJSON_AddItemToObject(j, "expected",
	                      it->expected ? cJSON_CreateString(it->expected) : cJSON_CreateNull());
	cJSON_AddBoolToObject(j, "correct", a->score.correct);
	cJSON_AddNumberToObject(j, "score", a->score.score);
	cJSON_AddNumberToObject(j, "latency", round(a->latency * 1000) / 1000);
	cJSON_AddBoolToObject(j, "cached", a->cached);
	if (a->score.note)
		cJSON_AddStringToObject(j, "note", a->score.note);
	if (a->tally)
		cJSON_AddStringToObject(j, "votes", a->tally);
	if (a->tool_trace)
		cJSON_AddItemToObject(j, "tool_calls", cJSON_Duplicate(a->tool_trace, 1));
	char *text = cJSON_PrintUnformatted(j);
	fprintf(o->log, "%s\n", text);
	fflush(o->log);
	free(text);
	cJSON_Delete(j);
}

static void counted(struct pool *p, const struct task *t, const struct chat_result *cr)
{
	struct eval_answer *a = task_answer(p, t);
	p->prog.scored[t->side]++;
	p->prog.correct[t->side] += a->score.correct;
	log_answer(p, t, a->response ? a->response : cr->answer.buf, a);
	free(a->response);
	a->response = NULL;
}

/* The majority of the samples in so far (NULL: not in) by the item's type;
 * the caller frees s's answers and t. */
static void item_majority(const struct eval_item *it, const struct eval_answer *a, int n,
                          struct vote_sample *s, struct vote_tally *t)
{
	for (int i = 0; i < n; i++)
		s[i].response = a->samples[i];
	const char *match = item_config_string(it, "match");
	vote_majority(s, (size_t)n, vote_extractor_for(it->type),
	              item_config_string(it, "extract_pattern"),
	              match && !strcmp(match, "first") ? PATTERN_FIRST : PATTERN_LAST, t);
}

/* --votes: the majority answer by the item's type (the first sample when
 * none can be read), as in query. */
static const char *vote_winner(const struct eval_item *it, struct eval_answer *a, int n)
{
	struct vote_sample *s = xcalloc((size_t)n, sizeof *s);
	struct vote_tally t;
	item_majority(it, a, n, s, &t);
	int w = t.winner;
	for (int i = 0; w < 0 && i < n; i++)
		if (a->samples[i])
			w = i;
	a->tally = vote_tally_text(&t);
	if (a->saved) { /* as query says it */
		char *more = xasprintf("%s, %d sample%s not needed", a->tally, a->saved,
		                       a->saved == 1 ? "" : "s");
		free(a->tally);
		a->tally = more;
	}
	vote_tally_free(&t);
	for (int i = 0; i < n; i++)
		extracted_free(&s[i].answer);
	free(s);
	return w >= 0 ? a->samples[w] : "";
}

/* Code votes: each sample runs against the tests; the one passing most wins
 * (ties: the earliest). */
static const char *best_by_tests(int votes, struct score_env *env, const struct eval_item *it,
                                 struct eval_answer *a)
{
	int best = -1, best_passed = -1;
	for (int i = 0; i < votes; i++) {
		if (!a->samples[i])
			continue;
		struct item_score s;
		score_item(it, a->samples[i], env, &s);
		if (s.passed > best_passed)
			best = i, best_passed = s.passed;
		item_score_free(&s);
	}
	a->tally = xasprintf("best of %d samples by tests: sample %d passed %d", votes, best + 1,
	                     best_passed < 0 ? 0 : best_passed);
	return best >= 0 ? a->samples[best] : "";
}

/* An llm_judge answer waits for its judges: queue them. */
static void queue_judges(struct pool *p, const struct task *t)
{
	for (size_t k = 0; k < p->n_judges; k++) {
		struct task *j = &p->judges[k];
		if (j->part == t->part && j->item == t->item && j->side == t->side)
			p->retry[p->n_retry++] = j;
	}
}

/* An answer the cache cannot keep is counted and the first reason kept, so
 * the run can say so and fail instead of a resume silently asking again. */
static void keep_in_cache(struct pool *p, const struct task *t, const struct chat_result *cr)
{
	char *err = NULL;
	if (cache_put(p->o->cache_dir, t->key, cr, &err) == 0)
		return;
	if (p->st->cache_failed++ == 0)
		p->st->cache_error = err;
	else
		free(err);
}

/* ---- tools (issue 19) ----------------------------------------------------- */

/* A task whose side is offered tools gets its loop when it first starts:
 * the sandbox settings of the part's code_execution items. */
static struct tool_loop *task_tools(const struct pool *p, struct task *t)
{
	const struct eval_part *pt = &p->parts[t->part];
	if (t->judge >= 0 || !pt->tools[t->side])
		return NULL;
	if (!t->tools) {
		t->tools = xcalloc(1, sizeof *t->tools);
		tool_loop_init(t->tools);
		if (p->o->tool_max_calls > 0)
			t->tools->max_calls = p->o->tool_max_calls;
		if (pt->score_env) {
			t->tools->allow_unsandboxed = pt->score_env->allow_unsandboxed;
			t->tools->limits.max_disk_mb = pt->score_env->max_disk_mb;
		}
	}
	return t->tools;
}

/* The answer keeps the runs of its loop (all its samples' with --votes). */
static void keep_tool_runs(struct task *t, struct eval_answer *a)
{
	if (!t->tools)
		return;
	if (!a->tool_trace)
		a->tool_trace = cJSON_CreateArray();
	cJSON *trace = tool_loop_trace(t->tools), *e;
	while ((e = cJSON_DetachItemFromArray(trace, 0)))
		cJSON_AddItemToArray(a->tool_trace, e);
	cJSON_Delete(trace);
	for (size_t i = 0; i < t->tools->n_runs; i++)
		a->tool_ok += t->tools->runs[i].status == TOOL_OK;
	a->tool_calls += t->tools->n_runs;
	tool_loop_free(t->tools);
	free(t->tools);
	t->tools = NULL;
}

static void requeue(struct pool *p, struct task *t, double not_before);

/* A reply that called tools: they ran (tool_loop_step()), and the task goes
 * back in the queue for the next round, under a new cache key. */
static bool tool_round(struct pool *p, struct task *t, const struct chat_result *cr)
{
	if (!t->tools)
		return false;
	bool offered = tool_loop_offer(t->tools) != NULL;
	if (!tool_loop_step(t->tools, t->messages, cr, offered))
		return false;
	if (!cr->cached && p->o->cache_dir && t->key[0])
		keep_in_cache(p, t, cr);
	task_answer(p, t)->tokens += cr->tokens;
	t->key[0] = '\0';
	t->attempts = 0;
	requeue(p, t, 0);
	return true;
}

/* ---- the early stop (issue 20) ------------------------------------------ */

/* Whether an answer's vote may stop early: a majority vote of a part that
 * does not keep every sample (an ensemble's member), without tools. */
static bool may_stop_early(const struct pool *p, const struct task *t)
{
	const struct eval_part *pt = &p->parts[t->part];
	return p->o->early_stop && part_votes(p->o, pt) > 1 && !pt->keep_samples && !t->tools &&
	       strcmp(task_item(p, t)->type, "code_execution");
}

/* Whether the samples in so far settle the vote (tally.h's rule, as query's). */
static bool settled_so_far(const struct eval_item *it, const struct eval_answer *a, int votes)
{
	struct vote_sample *s = xcalloc((size_t)votes, sizeof *s);
	struct vote_tally t;
	item_majority(it, a, votes, s, &t);
	bool done = vote_settled(&t, votes - a->sampled - a->saved);
	vote_tally_free(&t);
	for (int i = 0; i < votes; i++)
		extracted_free(&s[i].answer);
	free(s);
	return done;
}

static void drop_retry(struct pool *p, const struct task *t)
{
	for (size_t i = 0; i < p->n_retry; i++)
		if (p->retry[i] == t) {
			memmove(&p->retry[i], &p->retry[i + 1],
			        (--p->n_retry - i) * sizeof *p->retry);
			return;
		}
}

/* The vote is settled: the samples in flight are cancelled (the server stops
 * making them), those not sent never are. Each counts as saved. */
static void stop_rest(struct pool *p, const struct task *t, struct eval_answer *a, int votes)
{
	struct task *first = (struct task *)t - t->sample; /* an answer's samples are adjacent */
	for (int v = 0; v < votes; v++) {
		struct task *o = &first[v];
		if (a->samples[v] || o->over)
			continue;
		a->saved++;
		if (o->call) { /* in flight; finish() frees it */
			chat_call_cancel(o->call);
			continue;
		}
		o->over = true;
		drop_retry(p, o);
		p->blocks[o->block].left--;
		p->prog.done++;
	}
}

/* What an early stop saved, once the vote is decided: the samples, and the
 * tokens they would have cost at the mean of this answer's finished ones. */
static void count_saved(struct pool *p, const struct task *t, const struct eval_answer *a)
{
	if (!a->saved || !a->sampled)
		return;
	double tokens = (double)a->saved * (double)a->tokens / a->sampled;
	struct eval_result *r = p->parts[t->part].r;
	r->samples_saved += (size_t)a->saved;
	r->tokens_saved += tokens;
	p->st->samples_saved += (size_t)a->saved;
	p->st->tokens_saved += tokens;
}

/* Whether t is a sample of an answer whose vote the early stop has decided
 * already: what becomes of it no longer matters. */
static bool decided(const struct pool *p, const struct task *t)
{
	const struct eval_answer *a = task_answer(p, t);
	return t->judge < 0 && a->saved &&
	       a->sampled + a->saved >= part_votes(p->o, &p->parts[t->part]);
}

/* A finished answer or judge run: score it, keep it, log it. */
static void record(struct pool *p, struct task *t)
{
	const struct chat_result *cr = chat_call_result(t->call);
	const struct eval_item *it = task_item(p, t);
	struct eval_answer *a = task_answer(p, t);
	if (!cr->cached && p->o->cache_dir && t->key[0])
		keep_in_cache(p, t, cr);
	if (t->judge >= 0) {
		a->judge[t->judge] = judge_score(it, cr->answer.buf);
		if (++a->judged == JUDGE_RUNS) {
			judge_verdict(it, a);
			counted(p, t, cr);
		}
		return;
	}
	int votes = part_votes(p->o, &p->parts[t->part]);
	bool sampled = part_sampled(p->o, &p->parts[t->part]);
	if (sampled && a->sampled + a->saved >= votes)
		return; /* came in as the early stop decided: not needed */
	a->answered = true;
	keep_tool_runs(t, a);
	a->latency = fmax(a->latency, cr->seconds);
	a->cached = cr->cached;
	a->tokens += cr->tokens;
	const char *answer = cr->answer.buf;
	if (sampled) {
		a->samples[t->sample] = xstrdup(cr->answer.buf);
		a->sampled++;
		if (a->sampled + a->saved < votes && may_stop_early(p, t) &&
		    settled_so_far(it, a, votes))
			stop_rest(p, t, a, votes);
		if (a->sampled + a->saved < votes)
			return;
		count_saved(p, t, a);
		answer = !strcmp(it->type, "code_execution")
		             ? best_by_tests(votes, p->parts[t->part].score_env, it, a)
		             : vote_winner(it, a, votes);
	}
	if (!strcmp(it->type, "llm_judge")) {
		a->response = xstrdup(answer);
		queue_judges(p, t);
		return;
	}
	score_item(it, answer, p->parts[t->part].score_env, &a->score);
	if (sampled)
		a->response = xstrdup(answer); /* logged, then freed */
	counted(p, t, cr);
}

static void keep_error(struct net_error *to, const struct net_error *e)
{
	if (to->status != NET_OK)
		return;
	to->status = e->status;
	to->http_status = e->http_status;
	to->empty_body = e->empty_body;
	to->message = xstrdup(e->message ? e->message : "");
}

/* The judge block no longer waits for the judges of an answer that failed. */
static void forget_judges(struct pool *p, const struct task *t)
{
	struct eval_answer *a = task_answer(p, t);
	if (t->judge >= 0 || a->lost || strcmp(task_item(p, t)->type, "llm_judge"))
		return;
	for (size_t k = 0; k < p->n_judges; k++) {
		const struct task *j = &p->judges[k];
		if (j->part == t->part && j->item == t->item && j->side == t->side)
			p->blocks[j->block].left--;
	}
}

static void fail(struct pool *p, struct task *t, const struct net_error *e)
{
	struct eval_result *r = p->parts[t->part].r;
	r->failed++;
	p->st->failed++;
	keep_error(&r->first_error, e);
	keep_error(&p->st->first_error, e);
	forget_judges(p, t);
	task_answer(p, t)->lost = true;
	if (e->status == NET_UNREACHABLE || e->status == NET_NOT_FOUND ||
	    e->status == NET_UNAUTHORIZED)
		p->st->fatal = true; /* every other request would fail the same way */
}

static size_t hosts_up(const struct pool *p)
{
	size_t n = 0;
	for (size_t h = 0; h < p->o->n_hosts; h++)
		n += !p->st->host_down[h];
	return n;
}

/* A server that cannot be reached leaves the rotation while another is up;
 * its request goes back in the queue for the others. */
static bool take_out_of_rotation(struct pool *p, struct task *t, const struct net_error *e)
{
	bool host_fault =
	    e->status == NET_UNREACHABLE || e->status == NET_CUT || e->status == NET_STALLED;
	if (!host_fault || hosts_up(p) < 2 || p->st->host_down[t->host])
		return false;
	p->st->host_down[t->host] = true;
	p->st->host_error[t->host] = xstrdup(e->message ? e->message : "unreachable");
	p->host_block[t->host] = -1;
	return true;
}

/* Judge runs differ by seed at the judge temperature; answers are deterministic. */
static struct chat_options task_options(const struct pool *p, const struct task *t)
{
	const struct eval_opts *o = p->o;
	struct chat_options co = o->chat;
	if (t->judge < 0 && part_sampled(o, &p->parts[t->part])) {
		co.has_temperature = true;
		co.temperature = o->vote_temperature;
		co.seed = o->chat.seed + t->sample;
	}
	if (t->judge >= 0) {
		co.has_temperature = true;
		co.temperature = o->judge_temperature;
		co.seed = o->chat.seed + t->judge;
	}
	return co;
}

static void start(struct pool *p, struct task *t, size_t host)
{
	const struct eval_opts *o = p->o;
	bool judging = t->judge >= 0;
	const char *model = task_model(p, t);
	const char *digest = judging ? "" : p->parts[t->part].digest[t->side];
	if (!t->messages)
		t->messages = judging ? judge_messages(task_item(p, t), task_answer(p, t)->response)
		                      : task_messages(p, t);
	struct chat_options co = task_options(p, t);
	const struct tool_loop *tl = task_tools(p, t);
	co.tools = tl ? tool_loop_offer(tl) : NULL;
	if (o->cache_dir && !t->key[0] &&
	    cache_key(model, digest, t->messages, &co, t->judge >= 0 ? 100 + t->judge : t->sample,
	              t->key, NULL) < 0)
		t->key[0] = '\0';
	t->call = t->key[0] ? cache_get(o->cache_dir, t->key) : NULL;
	if (!t->call) {
		t->host = host;
		t->sent_at = monotonic_seconds();
		t->call = backend_chat_start(o->hosts[host], model, t->messages, &co, NULL);
		p->st->sent++;
	}
	t->attempts++;
	p->active[p->n_active++] = t;
}

/* ---- blocks ---------------------------------------------------------------- */

static size_t block_of(struct pool *p, const char *model, long num_ctx)
{
	for (size_t b = 0; b < p->n_blocks; b++)
		if (p->st->per_request || (model_name_equal(p->blocks[b].model, model) &&
		                           p->blocks[b].num_ctx == num_ctx))
			return b;
	struct block *b = &p->blocks[p->n_blocks];
	memset(b, 0, sizeof *b);
	b->model = model;
	b->num_ctx = num_ctx;
	return p->n_blocks++;
}

/* Every answer of the base, then of the adapter, part after part; the judge
 * model's block last. */
static void make_blocks(struct pool *p)
{
	size_t cap = 2 * p->n_parts + 2;
	p->blocks = xcalloc(cap, sizeof *p->blocks);
	long ctx = p->o->chat.num_ctx;
	bool judged = p->n_judges > 0;
	for (size_t i = 0; i < p->n_parts; i++)
		for (int s = side_first(p->o); s < side_end(p->o); s++)
			if (!judged || !model_name_equal(p->parts[i].model[s], p->o->judge_model))
				block_of(p, p->parts[i].model[s], ctx);
	if (judged)
		block_of(p, p->o->judge_model, ctx);
	for (size_t i = 0; i < p->n_parts; i++)
		for (int s = side_first(p->o); s < side_end(p->o); s++)
			block_of(p, p->parts[i].model[s], ctx);
	size_t *count = xcalloc(p->n_blocks, sizeof *count);
	for (size_t i = 0; i < p->n_tasks; i++) {
		struct task *t = &p->tasks[i];
		t->block = block_of(p, task_model(p, t), ctx);
		count[t->block]++;
	}
	for (size_t i = 0; i < p->n_judges; i++) {
		p->judges[i].block = block_of(p, p->o->judge_model, ctx);
		p->blocks[p->judges[i].block].left++;
	}
	for (size_t b = 0; b < p->n_blocks; b++) {
		p->blocks[b].fresh = xcalloc(count[b] + 1, sizeof(struct task *));
		p->blocks[b].left += count[b];
	}
	for (size_t i = 0; i < p->n_tasks; i++) {
		struct block *b = &p->blocks[p->tasks[i].block];
		b->fresh[b->n_fresh++] = &p->tasks[i];
	}
	free(count);
	p->st->blocks = (int)p->n_blocks;
}

/* A task of block b that may start now: a retry whose wait is over (judges
 * included), else a new one. With take false it only looks. */
static struct task *ready_in(struct pool *p, size_t b, bool take)
{
	double now = monotonic_seconds();
	for (size_t i = 0; i < p->n_retry; i++) {
		struct task *t = p->retry[i];
		if (t->block == b && t->not_before <= now) {
			if (take)
				memmove(&p->retry[i], &p->retry[i + 1],
				        (--p->n_retry - i) * sizeof *p->retry);
			return t;
		}
	}
	struct block *bl = &p->blocks[b];
	while (bl->next < bl->n_fresh && bl->fresh[bl->next]->over) /* the early stop's */
		bl->next++;
	if (bl->next >= bl->n_fresh)
		return NULL;
	return take ? bl->fresh[bl->next++] : bl->fresh[bl->next];
}

static bool served(const struct pool *p, size_t b)
{
	for (size_t h = 0; h < p->o->n_hosts; h++)
		if (!p->st->host_down[h] && p->host_block[h] == (long)b)
			return true;
	return false;
}

/* Joining a block another server has costs this server a load (seconds on a
 * laptop), so it is worth it only for this many requests not started yet;
 * fewer are left to the server that has the model loaded. */
#define JOIN_MIN_FRESH 16

/* The configuration a server takes on when its own is done: the first with
 * work that no server has, else the served one with the most requests not
 * started, at least min_fresh of them; else none (the server waits). */
static long next_block(const struct pool *p, size_t min_fresh)
{
	long best = -1;
	for (size_t b = 0; b < p->n_blocks; b++)
		if (p->blocks[b].left && !served(p, b))
			return (long)b;
	for (size_t b = 0; b < p->n_blocks; b++) {
		const struct block *bl = &p->blocks[b];
		size_t fresh = bl->n_fresh - bl->next;
		if (bl->left && fresh >= min_fresh &&
		    (best < 0 || fresh > p->blocks[best].n_fresh - p->blocks[best].next))
			best = (long)b;
	}
	return best;
}

/* A server moves on when its block is done, or when it has nothing to do
 * while another block with work waiting has no server (its server left the
 * rotation). */
static void assign_blocks(struct pool *p)
{
	for (size_t h = 0; h < p->o->n_hosts; h++) {
		if (p->st->host_down[h])
			continue;
		long b = p->host_block[h];
		bool idle =
		    b >= 0 && !backend_active(p->o->hosts[h]) && !ready_in(p, (size_t)b, false);
		/* waiting for judges, or for a retry's backoff: stay, a switch is a
		 * load; only a block that lost its server is taken over */
		if (b >= 0 && p->blocks[b].left && (!idle || hosts_up(p) == p->o->n_hosts))
			continue;
		if (b >= 0 && p->blocks[b].left) {
			long orphan = -1;
			for (size_t o = 0; o < p->n_blocks && orphan < 0; o++)
				if (p->blocks[o].left && !served(p, o) && ready_in(p, o, false))
					orphan = (long)o;
			if (orphan >= 0)
				p->host_block[h] = orphan;
			continue;
		}
		p->host_block[h] = -1;
		p->host_block[h] = next_block(p, p->host_used[h] ? JOIN_MIN_FRESH : 1);
		p->host_used[h] |= p->host_block[h] >= 0;
	}
}

/* Starts what the servers can take: each server only its own block, the
 * least busy first. */
static void start_ready(struct pool *p)
{
	assign_blocks(p);
	while (p->n_active < (size_t)p->o->jobs) {
		long best = -1;
		for (size_t h = 0; h < p->o->n_hosts; h++) {
			long b = p->host_block[h];
			if (p->st->host_down[h] || b < 0 || !ready_in(p, (size_t)b, false))
				continue;
			if (best < 0 ||
			    backend_active(p->o->hosts[h]) < backend_active(p->o->hosts[best]))
				best = (long)h;
		}
		if (best < 0)
			return;
		start(p, ready_in(p, (size_t)p->host_block[best], true), (size_t)best);
	}
}

/* ---- loads ----------------------------------------------------------------- */

static void note_load(struct pool *p, const struct task *t, const struct chat_result *cr)
{
	double load = (double)cr->load_ns / 1e9;
	if (cr->cached || load < EVAL_LOAD_MIN_SECONDS)
		return;
	p->spans = xrealloc(p->spans, (p->n_spans + 1) * sizeof *p->spans);
	p->spans[p->n_spans++] =
	    (struct load_span){t->host, task_model(p, t), t->sent_at, t->sent_at + load};
}

static int span_order(const void *a, const void *b)
{
	const struct load_span *x = a, *y = b;
	return (x->from > y->from) - (x->from < y->from);
}

const struct eval_loads *eval_loads_find(const struct eval_status *st, const char *model)
{
	for (size_t i = 0; st && i < st->n_loads; i++)
		if (model_name_equal(st->loads[i].model, model))
			return &st->loads[i];
	return NULL;
}

/* The model's entry, made when it has none yet (NULL when the table is full). */
static struct eval_loads *loads_of(struct eval_status *st, const char *model)
{
	const struct eval_loads *found = eval_loads_find(st, model);
	if (found)
		return &st->loads[found - st->loads];
	if (st->n_loads == EVAL_MAX_MODELS)
		return NULL;
	struct eval_loads *l = &st->loads[st->n_loads++];
	l->model = model;
	return l;
}

/* Requests that waited for one runner load on one server at the same time
 * count it once: spans that overlap merge. */
static void sum_loads(struct pool *p)
{
	if (p->n_spans) /* qsort wants a pointer even for nothing */
		qsort(p->spans, p->n_spans, sizeof *p->spans, span_order);
	for (size_t i = 0; i < p->n_spans; i++) {
		struct load_span *s = &p->spans[i];
		if (!s->model)
			continue;
		double to = s->to;
		for (size_t k = i + 1; k < p->n_spans && p->spans[k].from <= to; k++) {
			struct load_span *o = &p->spans[k];
			if (o->model && o->host == s->host &&
			    model_name_equal(o->model, s->model)) {
				to = fmax(to, o->to);
				o->model = NULL;
			}
		}
		struct eval_loads *l = loads_of(p->st, s->model);
		if (l) {
			l->loads++;
			l->seconds += to - s->from;
		}
	}
}

/* ---- the loop ---------------------------------------------------------------- */

static void requeue(struct pool *p, struct task *t, double not_before)
{
	t->not_before = not_before;
	p->retry[p->n_retry++] = t;
	chat_call_free(t->call);
	t->call = NULL;
}

/* Two answers that finished in one step may be seen out of order and look
 * overlapped: that only keeps the hint back. */
static void note_timing(struct pool *p, const struct chat_result *cr)
{
	if (cr->cached || !cr->first_byte_at)
		return;
	if (p->n_timed++ && cr->first_byte_at < p->last_done)
		p->overlapped = true;
	if (cr->done_at > p->last_done)
		p->last_done = cr->done_at;
}

const struct eval_first_byte *eval_first_byte_find(const struct eval_status *st, const char *model)
{
	for (size_t i = 0; st && i < st->n_first_byte; i++)
		if (model_name_equal(st->first_byte[i].model, model))
			return &st->first_byte[i];
	return NULL;
}

static void note_first_byte(struct pool *p, const struct task *t, const struct chat_result *cr)
{
	struct eval_status *st = p->st;
	if (cr->cached || !cr->first_byte_at || cr->first_byte_at < cr->sent_at)
		return;
	const char *model = task_model(p, t);
	const struct eval_first_byte *found = eval_first_byte_find(st, model);
	struct eval_first_byte *f = found ? &st->first_byte[found - st->first_byte] : NULL;
	if (!f && st->n_first_byte < EVAL_MAX_MODELS) {
		f = &st->first_byte[st->n_first_byte++];
		f->model = model;
	}
	if (f) {
		f->n++;
		f->seconds += cr->first_byte_at - cr->sent_at;
	}
}

static void finish(struct pool *p, struct task *t)
{
	const struct chat_result *cr = chat_call_result(t->call);
	if (cr->error.status == NET_OK) {
		note_timing(p, cr);
		note_first_byte(p, t, cr);
	}
	if (cr->error.status == NET_OK) {
		note_load(p, t, cr);
		if (tool_round(p, t, cr))
			return;
		record(p, t);
	} else if (!cr->cached && take_out_of_rotation(p, t, &cr->error)) {
		t->attempts--; /* not the request's fault */
		requeue(p, t, 0);
		return;
	} else if (cr->error.status == NET_BUSY && t->attempts < BACKEND_BUSY_ATTEMPTS &&
	           !interrupt_requested()) {
		requeue(p, t, monotonic_seconds() + backend_busy_delay(t->attempts));
		return;
	} else if (cr->error.status != NET_INTERRUPTED && !decided(p, t)) {
		fail(p, t, &cr->error);
	}
	t->over = true;
	p->blocks[t->block].left--;
	p->prog.done++;
	chat_call_free(t->call);
	t->call = NULL;
	cJSON_Delete(t->messages);
	t->messages = NULL;
}

static void collect(struct pool *p)
{
	for (size_t i = 0; i < p->n_active;) {
		struct task *t = p->active[i];
		if (!chat_call_finished(t->call)) {
			i++;
			continue;
		}
		p->active[i] = p->active[--p->n_active];
		finish(p, t);
		if (p->o->progress) {
			p->prog.elapsed = monotonic_seconds() - p->t0;
			p->o->progress(p->o->progress_ctx, &p->prog);
		}
	}
}

static struct task *new_task(struct pool *p, size_t part, size_t item, int side)
{
	struct task *t = &p->tasks[p->n_tasks++];
	t->part = part;
	t->item = item;
	t->side = (enum eval_side)side;
	t->judge = -1;
	return t;
}

static void make_tasks(struct pool *p)
{
	const struct eval_opts *o = p->o;
	size_t sides = (size_t)(side_end(o) - side_first(o));
	size_t all = 0, judged = 0;
	for (size_t k = 0; k < p->n_parts; k++) {
		const struct eval_part *pt = &p->parts[k];
		all += pt->r->n * (size_t)part_votes(o, pt);
		for (size_t i = 0; i < pt->r->n; i++)
			judged += !strcmp(pt->ds->items[i].type, "llm_judge");
	}
	p->tasks = xcalloc(all * sides + 1, sizeof *p->tasks);
	p->judges = xcalloc(judged * sides * JUDGE_RUNS + 1, sizeof *p->judges);
	for (size_t k = 0; k < p->n_parts; k++) {
		struct eval_result *r = p->parts[k].r;
		size_t votes = (size_t)r->votes;
		for (size_t i = 0; i < r->n; i++)
			for (size_t s = (size_t)side_first(o); s < (size_t)side_end(o); s++) {
				if (votes > 1 || p->parts[k].keep_samples)
					r->answers[s][i].samples = xcalloc(votes, sizeof(char *));
				for (size_t v = 0; v < votes; v++)
					new_task(p, k, i, (int)s)->sample = (int)v;
				if (strcmp(p->parts[k].ds->items[i].type, "llm_judge"))
					continue;
				for (int j = 0; j < JUDGE_RUNS; j++) {
					struct task *t = &p->judges[p->n_judges++];
					*t = (struct task){.part = k,
					                   .item = i,
					                   .side = (enum eval_side)s,
					                   .judge = j};
				}
			}
	}
	p->active = xcalloc((size_t)o->jobs + 1, sizeof *p->active);
	p->retry = xcalloc(p->n_tasks + p->n_judges + 1, sizeof *p->retry);
	p->prog.total = p->n_tasks + p->n_judges;
}

/* One turn for every server with requests in flight. Answers from the cache
 * are finished already; only when nothing but retries is waiting does time
 * have to pass. */
static void step_all(const struct pool *p)
{
	const struct eval_opts *o = p->o;
	size_t busy = 0;
	for (size_t h = 0; h < o->n_hosts; h++)
		busy += backend_active(o->hosts[h]) > 0;
	if (!busy) {
		struct timespec ts = {0, 20 * 1000 * 1000};
		if (!p->n_active && p->n_retry)
			nanosleep(&ts, NULL);
		return;
	}
	for (size_t h = 0; h < o->n_hosts; h++)
		if (backend_active(o->hosts[h]))
			backend_step(o->hosts[h], busy > 1 ? 10 : 100);
}

static bool work_left(const struct pool *p)
{
	if (p->n_active || p->n_retry)
		return true;
	for (size_t b = 0; b < p->n_blocks; b++) {
		const struct block *bl = &p->blocks[b];
		for (size_t k = bl->next; k < bl->n_fresh; k++)
			if (!bl->fresh[k]->over) /* those the early stop dropped are not work */
				return true;
	}
	return false;
}

static void pool_free(struct pool *p)
{
	/* stop what is still running (interrupt, or a fatal failure) */
	while (p->n_active) {
		struct task *t = p->active[--p->n_active];
		chat_call_free(t->call);
	}
	for (size_t i = 0; i < p->n_tasks; i++) {
		cJSON_Delete(p->tasks[i].messages);
		if (p->tasks[i].tools)
			tool_loop_free(p->tasks[i].tools);
		free(p->tasks[i].tools);
	}
	for (size_t i = 0; i < p->n_judges; i++)
		cJSON_Delete(p->judges[i].messages);
	for (size_t b = 0; b < p->n_blocks; b++)
		free(p->blocks[b].fresh);
	free(p->blocks);
	free(p->judges);
	free(p->tasks);
	free(p->active);
	free(p->retry);
	free(p->spans);
}

int eval_run(const struct eval_opts *o, struct eval_part *parts, size_t n_parts,
             struct eval_status *st)
{
	memset(st, 0, sizeof *st);
	bool failed = false;
	for (size_t k = 0; k < n_parts; k++) {
		struct eval_result *r = parts[k].r;
		memset(r, 0, sizeof *r);
		size_t n = parts[k].ds->n;
		r->n = parts[k].limit && parts[k].limit < n ? parts[k].limit : n;
		r->votes = part_votes(o, &parts[k]);
		for (int s = 0; s < 2; s++)
			r->answers[s] = xcalloc(r->n ? r->n : 1, sizeof *r->answers[s]);
	}
	struct pool p = {.o = o, .parts = parts, .n_parts = n_parts, .st = st};
	p.t0 = monotonic_seconds();
	for (size_t h = 0; h < EVAL_MAX_HOSTS; h++)
		p.host_block[h] = -1;
	st->per_request = o->n_hosts > 0;
	for (size_t h = 0; h < o->n_hosts; h++)
		st->per_request = st->per_request && backend_swaps_per_request(o->hosts[h]);
	make_tasks(&p);
	make_blocks(&p);
	while (work_left(&p) && !st->fatal && !interrupt_requested()) {
		start_ready(&p);
		step_all(&p);
		collect(&p);
	}
	sum_loads(&p);
	pool_free(&p);
	st->interrupted = interrupt_requested();
	st->seconds = monotonic_seconds() - p.t0;
	st->serial = o->jobs > 1 && o->n_hosts <= 1 && p.n_timed > 1 && !p.overlapped &&
	             !st->interrupted && st->seconds >= EVAL_SERIAL_SECONDS;
	failed = st->failed > 0;
	return failed || st->interrupted ? -1 : 0;
}

void eval_status_free(struct eval_status *st)
{
	net_error_clear(&st->first_error);
	free(st->cache_error);
	for (size_t h = 0; h < EVAL_MAX_HOSTS; h++)
		free(st->host_error[h]);
	memset(st, 0, sizeof *st);
}

void eval_result_free(struct eval_result *r)
{
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; r->answers[s] && i < r->n; i++) {
			struct eval_answer *a = &r->answers[s][i];
			item_score_free(&a->score);
			free(a->response);
			free(a->tally);
			cJSON_Delete(a->tool_trace);
			for (int v = 0; a->samples && v < r->votes; v++)
				free(a->samples[v]);
			free(a->samples);
		}
		free(r->answers[s]);
	}
	net_error_clear(&r->first_error);
	memset(r, 0, sizeof *r);
}

bool eval_type_graded(const char *type)
{
	static const char *const graded[] = {"rouge", "f1", "llm_judge", "custom"};
	for (size_t i = 0; type && i < LOCO_ARRAY_LEN(graded); i++)
		if (!strcmp(type, graded[i]))
			return true;
	return false;
}

const char *eval_test_name(enum eval_test t)
{
	return t == EVAL_TEST_SIGN_FLIP ? "sign_flip_permutation" : "mcnemar_exact";
}

/* Sample standard deviation of the per-item differences (0 for fewer than 2). */
static double sd_of(const double *d, size_t n)
{
	if (n < 2)
		return 0;
	double mean = stats_mean(d, n), sq = 0;
	for (size_t i = 0; i < n; i++)
		sq += (d[i] - mean) * (d[i] - mean);
	return sqrt(sq / (double)(n - 1));
}

/* The test, interval and power of the adapter against the base. */
static void compare(const struct eval_result *r, bool graded, const double *d,
                    struct eval_summary *s)
{
	for (size_t i = 0; i < r->n; i++) {
		bool bc = r->answers[SIDE_BASE][i].score.correct,
		     ac = r->answers[SIDE_ADAPTER][i].score.correct;
		s->only_base += bc && !ac;
		s->only_adapter += ac && !bc;
		s->differing += d[i] != 0;
	}
	s->discordance = r->n ? (double)(s->only_base + s->only_adapter) / (double)r->n : 0;
	s->sd = sd_of(d, r->n);
	s->mcnemar_p = NAN;
	if (graded) {
		struct stats_sign_flip f;
		stats_sign_flip(d, r->n, STATS_RESAMPLES, STATS_SEED, &f);
		s->test = EVAL_TEST_SIGN_FLIP;
		s->p = f.p;
		s->exact = f.exact;
		s->resamples = f.resamples;
		s->ci_lo = f.lo;
		s->ci_hi = f.hi;
		s->mde = stats_mde_graded(r->n, s->sd);
		return;
	}
	s->test = EVAL_TEST_MCNEMAR;
	s->p = s->mcnemar_p = stats_mcnemar_exact(s->only_base, s->only_adapter);
	s->exact = true;
	stats_tango_ci((long)r->n, s->only_base, s->only_adapter, &s->ci_lo, &s->ci_hi);
	s->mde = stats_mde_pass_fail(r->n, s->discordance);
}

/* Mean share of tests passed, over the items that ran tests. */
static double partial_credit(const struct eval_result *r, int side)
{
	double sum = 0;
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct item_score *s = &r->answers[side][i].score;
		if (s->total) {
			sum += (double)s->passed / s->total;
			n++;
		}
	}
	return n ? sum / (double)n : 0;
}

/* Each difficulty level the items carry: how many, and the share right per side. */
static void by_difficulty(const struct eval_result *r, const struct dataset *ds,
                          struct eval_summary *s)
{
	static const char *const levels[] = {"easy", "medium", "hard"};
	for (size_t l = 0; l < LOCO_ARRAY_LEN(levels); l++) {
		size_t n = 0, c[2] = {0, 0};
		for (size_t i = 0; i < r->n; i++) {
			const char *d = ds->items[i].difficulty;
			if (!d || strcmp(d, levels[l]))
				continue;
			n++;
			for (int k = 0; k < 2; k++)
				c[k] += r->answers[k][i].score.correct;
		}
		if (!n)
			continue;
		struct eval_level *e = &s->levels[s->n_levels++];
		e->name = levels[l];
		e->n = n;
		for (int k = 0; k < 2; k++)
			e->correct[k] = (double)c[k] / (double)n;
	}
}

void eval_summarize(const struct eval_result *r, const struct dataset *ds, size_t min_items,
                    bool base_only, struct eval_summary *s)
{
	memset(s, 0, sizeof *s);
	s->n = r->n;
	s->min_items = min_items;
	bool graded = false;
	double *d = xcalloc(r->n ? r->n : 1, sizeof *d);
	for (size_t i = 0; i < r->n; i++) {
		graded = graded || eval_type_graded(ds->items[i].type);
		for (int k = 0; k < 2; k++) {
			const struct eval_answer *a = &r->answers[k][i];
			s->total[k] += a->score.score;
			s->correct[k] += a->score.correct;
		}
		d[i] =
		    r->answers[SIDE_ADAPTER][i].score.score - r->answers[SIDE_BASE][i].score.score;
	}
	for (int k = 0; k < 2; k++)
		s->score[k] = r->n ? s->total[k] / (double)r->n : 0;
	if (!base_only) {
		s->delta = stats_mean(d, r->n);
		compare(r, graded, d, s);
		s->test_verdict = stats_verdict(s->delta, s->p);
		s->verdict = stats_final_verdict(s->test_verdict, r->n, min_items, false);
	}
	for (int k = 0; k < 2; k++)
		s->partial_credit[k] = partial_credit(r, k);
	by_difficulty(r, ds, s);
	free(d);
}
