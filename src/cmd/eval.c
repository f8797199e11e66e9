/* eval.c: `loco eval` — does an adapter beat the base model on its dataset?
 * Also `eval --router` (routing accuracy over every dataset, no server) and
 * `eval --all` (every adapter, one table). */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer.h"
#include "backend.h"
#include "cmd.h"
#include "dataset.h"
#include "eval.h"
#include "prompt.h"
#include "results.h"
#include "router.h"
#include "sandbox.h"

/* The adapter against the base on one other adapter's dataset. */
struct eval_job;

struct ood_row {
	const struct adapter *domain;
	const char *skipped;  /* why it was not compared, else NULL */
	struct eval_job *job; /* the comparison, run with the adapter's own */
	struct eval_summary sum;
	double holm_p; /* over the datasets compared */
	bool regression;
};

/* The out-of-domain rule of one run. */
struct ood_check {
	bool checked; /* part of the verdict (also when no other adapter has a dataset) */
	struct ood_row *rows;
	size_t n;
	bool regression;
};

struct eval_job {
	const struct adapter *adapter;
	const struct adapter *domain; /* whose dataset (--out-of-domain); NULL = the adapter's */
	struct dataset ds;
	char *model[2];
	char *digest[2];
	char *system; /* the adapter's system context */
	struct eval_result result;
	struct eval_summary sum;
	struct score_env env;          /* the sandbox layers code_execution ran under */
	const struct eval_status *run; /* the run it was part of (loads) */
	char *earlier_note;            /* results on another version of the dataset */
	bool reread;                   /* RE2 as sent (config and --no-reread) */
	struct ood_check ood;
};

/* The servers an eval uses: --host given more than once, else config
 * ollama.hosts when it lists several, else the one server. */
struct hostset {
	struct backend *b[EVAL_MAX_HOSTS];
	size_t n;
	/* each server's models, asked for once per process */
	struct model_info *models[EVAL_MAX_HOSTS];
	size_t n_models[EVAL_MAX_HOSTS];
	bool listed[EVAL_MAX_HOSTS];
};

static void hosts_close(struct hostset *h)
{
	for (size_t i = 0; i < h->n; i++) {
		backend_free(h->b[i]);
		model_list_free(h->models[i], h->n_models[i]);
	}
	memset(h, 0, sizeof *h);
}

/* The options every job of a run shares. */
struct run_opts {
	bool base_only;
	long limit, votes, jobs;
};

static int run_options(const struct loco_ctx *ctx, const struct cmd_args *args, struct run_opts *r)
{
	r->base_only = arg_flag(args, "base-only");
	r->limit = 0;
	const char *lv = arg_value(args, "limit");
	if (lv && (!parse_long(lv, &r->limit) || r->limit < 1)) {
		loco_error("--limit must be a whole number of at least 1, not '%s'", lv);
		return LOCO_USAGE;
	}
	r->votes = 1;
	const char *vv = arg_value(args, "votes");
	if (vv && (!parse_long(vv, &r->votes) || r->votes < 1 || r->votes > 64)) {
		loco_error("--votes must be a whole number from 1 to 64, not '%s'", vv);
		return LOCO_USAGE;
	}
	r->jobs = ctx->cfg.eval_jobs;
	const char *jv = arg_value(args, "jobs");
	if (jv && (!parse_long(jv, &r->jobs) || r->jobs < 1 || r->jobs > 64)) {
		loco_error("--jobs must be a whole number from 1 to 64, not '%s'", jv);
		return LOCO_USAGE;
	}
	return 0;
}

static int hosts_open(const struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h)
{
	const char *urls[EVAL_MAX_HOSTS];
	size_t n = arg_values(args, "host", urls, EVAL_MAX_HOSTS);
	if (!n && ctx->cfg.n_ollama_hosts >= 2) {
		n = ctx->cfg.n_ollama_hosts < EVAL_MAX_HOSTS ? ctx->cfg.n_ollama_hosts
		                                             : EVAL_MAX_HOSTS;
		for (size_t i = 0; i < n; i++)
			urls[i] = ctx->cfg.ollama_hosts[i];
	}
	memset(h, 0, sizeof *h);
	if (n < 2 || strcmp(ctx->cfg.backend_kind, "ollama")) {
		int rc = open_backend(ctx, &h->b[0]);
		h->n = rc ? 0 : 1;
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = open_backend_at(ctx, urls[i], &h->b[h->n]);
		if (rc) {
			hosts_close(h);
			return rc;
		}
		h->n++;
	}
	return 0;
}

/* ---- progress ---------------------------------------------------------- */

struct bar {
	const struct loco_ctx *ctx;
	const char *name;
	int last_tenth;
};

static double pct(size_t a, size_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0;
}

static void progress(void *p, const struct eval_progress *pr)
{
	struct bar *bar = p;
	const struct loco_ctx *ctx = bar->ctx;
	double eta = pr->done ? pr->elapsed / (double)pr->done * (double)(pr->total - pr->done) : 0;
	if (ctx->tty_err) {
		int width = 24, fill = pr->total ? (int)(width * pr->done / pr->total) : 0;
		fprintf(stderr,
		        "\r%s %.*s%*s %zu/%zu  base %.1f%%  adapter %.1f%%  ETA %d:%02d\033[K",
		        bar->name, fill, "########################", width - fill, "", pr->done,
		        pr->total, pct(pr->correct[0], pr->scored[0]),
		        pct(pr->correct[1], pr->scored[1]), (int)eta / 60, (int)eta % 60);
		fflush(stderr);
		return;
	}
	int tenth = pr->total ? (int)(10 * pr->done / pr->total) : 10;
	if (tenth > bar->last_tenth) {
		bar->last_tenth = tenth;
		fprintf(stderr, "loco: eval %s: %zu/%zu requests, base %.1f%%, adapter %.1f%%\n",
		        bar->name, pr->done, pr->total, pct(pr->correct[0], pr->scored[0]),
		        pct(pr->correct[1], pr->scored[1]));
	}
}

/* ---- preparing --------------------------------------------------------- */

static int load_dataset(const struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j)
{
	const char *given = j->domain ? NULL : arg_value(args, "dataset");
	const struct adapter *owner = j->domain ? j->domain : j->adapter;
	char *path = given ? xstrdup(given) : adapter_dataset_path(&ctx->reg, owner);
	if (!path) {
		loco_error("adapter '%s' has no eval dataset%s; pass --dataset FILE",
		           j->adapter->name,
		           ctx->reg.dir ? "" : " (the built-in registry has no dataset files)");
		return LOCO_USAGE;
	}
	char *err = NULL;
	int rc = dataset_load(&j->ds, path, owner->eval_type, &err);
	free(path);
	if (rc < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	return 0;
}

/* Items that run code need the sandbox (or --allow-unsandboxed): find out
 * before any request instead of after the answers. */
static int check_types(const struct eval_job *j, size_t limit, bool allow_unsandboxed)
{
	size_t n = limit && limit < j->ds.n ? limit : j->ds.n;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(j->ds.items[i].type, "code_execution"))
			continue;
		struct sandbox_result r;
		char *err = NULL;
		if (sandbox_run_python("pass\n", NULL, allow_unsandboxed, &r, &err) < 0) {
			loco_error("%s:%d: item '%s' runs code: %s", j->ds.path,
			           j->ds.items[i].line, j->ds.items[i].id, err);
			free(err);
			return LOCO_FAIL;
		}
		sandbox_result_free(&r);
		return 0;
	}
	return 0;
}

/* Both models must be installed; their digests key the cache. With spare
 * servers (may_drop), one that cannot be reached returns -1 quietly so the
 * caller can leave it out. */
static int check_models_on(struct hostset *h, size_t i, struct eval_job *j, bool base_only,
                           bool may_drop)
{
	struct backend *b = h->b[i];
	struct net_error e = {0};
	if (!h->listed[i] && backend_list_models(b, &h->models[i], &h->n_models[i], &e) < 0) {
		if (may_drop && e.status == NET_UNREACHABLE) {
			loco_warn("%s is unreachable (%s); evaluating on the other servers",
			          backend_address(b), e.message);
			net_error_clear(&e);
			return -1;
		}
		int foreign = e.status == NET_UNREACHABLE ? 0 : answer_not_ollama(b);
		if (foreign) {
			net_error_clear(&e);
			return foreign;
		}
		loco_error(
		    "cannot reach %s at %s (%s); start it with 'ollama serve' or set OLLAMA_HOST",
		    backend_kind(b) == BACKEND_OLLAMA ? "Ollama" : "the server", backend_address(b),
		    e.message);
		int rc = e.status == NET_UNREACHABLE ? LOCO_UNREACHABLE : LOCO_FAIL;
		net_error_clear(&e);
		return rc;
	}
	h->listed[i] = true;
	const struct model_info *list = h->models[i];
	size_t n = h->n_models[i];
	int rc = 0;
	for (int s = base_only ? 0 : 1; s >= 0; s--) {
		const struct model_info *m = NULL;
		for (size_t k = 0; k < n && !m; k++)
			if (model_name_equal(list[k].name, j->model[s]))
				m = &list[k];
		if (!j->digest[s])
			j->digest[s] = xstrdup(m ? m->digest : "");
		if (!m && !rc && (rc = answer_not_ollama(b)) != 0)
			break;
		if (!m && !rc) {
			if (s == SIDE_ADAPTER)
				loco_error("model '%s' not found; run 'loco setup'", j->model[s]);
			else
				loco_error("model '%s' not found; run 'ollama pull %s'",
				           j->model[s], j->model[s]);
			rc = LOCO_NOT_FOUND;
		}
	}
	return rc;
}

static void drop_host(struct hostset *h, size_t i)
{
	backend_free(h->b[i]);
	model_list_free(h->models[i], h->n_models[i]);
	size_t tail = h->n - i - 1;
	memmove(&h->b[i], &h->b[i + 1], tail * sizeof h->b[0]);
	memmove(&h->models[i], &h->models[i + 1], tail * sizeof h->models[0]);
	memmove(&h->n_models[i], &h->n_models[i + 1], tail * sizeof h->n_models[0]);
	memmove(&h->listed[i], &h->listed[i + 1], tail * sizeof h->listed[0]);
	h->n--;
	h->models[h->n] = NULL;
	h->n_models[h->n] = 0;
	h->listed[h->n] = false;
}

/* On every server: a missing model anywhere would fail half the requests; a
 * server that does not answer at all leaves a set of several. */
static int check_models(struct hostset *h, struct eval_job *j, bool base_only)
{
	for (size_t i = 0; i < h->n;) {
		int rc = check_models_on(h, i, j, base_only, h->n > 1);
		if (rc > 0)
			return rc;
		if (rc == 0)
			i++;
		else
			drop_host(h, i);
	}
	return 0;
}

static struct chat_options eval_chat_options(const struct loco_config *c)
{
	struct chat_options o = {
	    .think = c->think,
	    .has_temperature = true,
	    .temperature = c->eval_temperature,
	    .has_top_p = true,
	    .top_p = c->eval_top_p,
	    .has_seed = true,
	    .seed = c->eval_seed,
	    .num_ctx = c->num_ctx,
	    .num_predict = c->eval_max_tokens,
	};
	return o;
}

/* ---- the archive ------------------------------------------------------- */

static char *utc_stamp(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
	return xstrdup(buf);
}

/* Earlier results recorded on another version of the dataset are not comparable. */
static char *earlier_results_note(const struct loco_ctx *ctx, const char *adapter, const char *sha)
{
	struct results_list l;
	results_list(ctx->cfg.home, adapter, &l);
	int other = 0;
	for (size_t i = 0; i < l.n; i++) {
		cJSON *j = results_read(l.files[i].path, NULL);
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "dataset_sha256");
		other += cJSON_IsString(h) && strcmp(h->valuestring, sha) != 0;
		cJSON_Delete(j);
	}
	results_list_free(&l);
	if (!other)
		return NULL;
	return xasprintf("%d earlier result%s used another version of this dataset and %s not "
	                 "comparable",
	                 other, other == 1 ? "" : "s", other == 1 ? "is" : "are");
}

/* ---- the report ---------------------------------------------------------- */

static cJSON *side_json(size_t correct, size_t total, double score)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "correct", (double)correct);
	cJSON_AddNumberToObject(o, "total", (double)total);
	cJSON_AddNumberToObject(o, "score", round(score * 10000) / 10000);
	return o;
}

static double r4(double x)
{
	return round(x * 10000) / 10000;
}

/* A fraction as points with two decimals, or null when unknown. */
static cJSON *points_json(double x)
{
	return isnan(x) ? cJSON_CreateNull() : cJSON_CreateNumber(round(x * 10000) / 100);
}

static cJSON *difficulty_json(const struct eval_job *j)
{
	cJSON *o = cJSON_CreateObject();
	static const char *const levels[] = {"easy", "medium", "hard"};
	for (size_t l = 0; l < 3; l++) {
		size_t n = 0, c[2] = {0, 0};
		for (size_t i = 0; i < j->result.n; i++) {
			const char *d = j->ds.items[i].difficulty;
			if (!d || strcmp(d, levels[l]))
				continue;
			n++;
			for (int s = 0; s < 2; s++)
				c[s] += j->result.answers[s][i].score.correct;
		}
		if (!n)
			continue;
		cJSON *x = cJSON_AddObjectToObject(o, levels[l]);
		cJSON_AddNumberToObject(x, "n", (double)n);
		cJSON_AddNumberToObject(x, "base", r4((double)c[0] / (double)n));
		cJSON_AddNumberToObject(x, "adapter", r4((double)c[1] / (double)n));
	}
	return o;
}

/* Six significant digits: p-values can be tiny, so no fixed decimals. */
static double sig6(double x)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.6g", x);
	return strtod(buf, NULL);
}

/* Mean share of tests passed (code_execution), beside pass@1. */
static double partial_credit(const struct eval_job *j, int side)
{
	double sum = 0;
	size_t n = 0;
	for (size_t i = 0; i < j->result.n; i++) {
		const struct item_score *s = &j->result.answers[side][i].score;
		if (s->total) {
			sum += (double)s->passed / s->total;
			n++;
		}
	}
	return n ? sum / (double)n : 0;
}

static cJSON *power_json(const struct eval_summary *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "mde", points_json(s->mde));
	cJSON_AddNumberToObject(o, "alpha", STATS_ALPHA);
	cJSON_AddNumberToObject(o, "power", STATS_POWER);
	if (s->test == EVAL_TEST_MCNEMAR) {
		cJSON_AddStringToObject(o, "method", "connor1987");
		cJSON_AddNumberToObject(o, "discordance", r4(s->discordance));
	} else {
		cJSON_AddStringToObject(o, "method", "paired_normal");
		cJSON_AddNumberToObject(o, "sd", r4(s->sd));
	}
	return o;
}

/* The comparison's keys: the test, its p-value and interval, the discordant pairs, the
 * power and the verdict (null with --base-only, which compares nothing). */
static void add_comparison(cJSON *o, const struct eval_summary *s, bool base_only)
{
	static const char *const keys[] = {"delta",     "test",      "p",     "ci95",
	                                   "ci_method", "mcnemar_p", "power", "verdict"};
	if (base_only) {
		for (size_t k = 0; k < LOCO_ARRAY_LEN(keys); k++)
			cJSON_AddItemToObject(o, keys[k], cJSON_CreateNull());
		return;
	}
	bool mc = s->test == EVAL_TEST_MCNEMAR;
	cJSON_AddNumberToObject(o, "delta", r4(s->delta));
	cJSON_AddStringToObject(o, "test", eval_test_name(s->test));
	cJSON_AddNumberToObject(o, "p", sig6(s->p));
	if (!mc) {
		cJSON_AddBoolToObject(o, "exact", s->exact);
		cJSON_AddNumberToObject(o, "resamples", (double)s->resamples);
	}
	cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(r4(s->ci_lo)));
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(r4(s->ci_hi)));
	cJSON_AddStringToObject(o, "ci_method", mc ? "tango_score" : "sign_flip_inversion");
	cJSON_AddItemToObject(o, "mcnemar_p",
	                      mc ? cJSON_CreateNumber(sig6(s->mcnemar_p)) : cJSON_CreateNull());
	cJSON *dis = cJSON_AddObjectToObject(o, "discordant");
	cJSON_AddNumberToObject(dis, "only_base", (double)s->only_base);
	cJSON_AddNumberToObject(dis, "only_adapter", (double)s->only_adapter);
	cJSON_AddNumberToObject(o, "differing", (double)s->differing);
	cJSON_AddItemToObject(o, "power", power_json(s));
	cJSON_AddNumberToObject(o, "min_items", (double)s->min_items);
	cJSON_AddStringToObject(o, "test_verdict", verdict_name(s->test_verdict));
	cJSON_AddStringToObject(o, "verdict", verdict_name(s->verdict));
}

/* What was sent: with --votes the samples went out at the vote temperature, one seed
 * each; llm_judge items were graded by the judge model at its own temperature. */
static cJSON *settings_json(const struct loco_ctx *ctx, const struct eval_job *j)
{
	cJSON *set = cJSON_CreateObject();
	int votes = j->result.votes > 1 ? j->result.votes : 1;
	double seed = (double)ctx->cfg.eval_seed;
	cJSON_AddBoolToObject(set, "reread", j->reread);
	cJSON_AddNumberToObject(set, "votes", votes);
	cJSON_AddNumberToObject(set, "temperature",
	                        votes > 1 ? ctx->cfg.vote_temperature : ctx->cfg.eval_temperature);
	cJSON_AddNumberToObject(set, "seed", seed);
	cJSON *seeds = cJSON_AddArrayToObject(set, "seeds");
	for (int v = 0; v < votes; v++)
		cJSON_AddItemToArray(seeds, cJSON_CreateNumber(seed + v));
	bool judged = false;
	for (size_t i = 0; i < j->result.n && !judged; i++)
		judged = !strcmp(j->ds.items[i].type, "llm_judge");
	if (judged) {
		cJSON *jd = cJSON_AddObjectToObject(set, "judge");
		cJSON_AddStringToObject(jd, "model",
		                        ctx->cfg.eval_judge_model ? ctx->cfg.eval_judge_model
		                                                  : ctx->reg.base_ollama_name);
		cJSON_AddNumberToObject(jd, "temperature", ctx->cfg.vote_temperature);
		cJSON *js = cJSON_AddArrayToObject(jd, "seeds");
		for (int k = 0; k < JUDGE_RUNS; k++)
			cJSON_AddItemToArray(js, cJSON_CreateNumber(seed + k));
	}
	return set;
}

static cJSON *ood_json(const struct ood_check *c);

/* ---- adapter swap time ----------------------------------------------------- */

/* The run's loads of a model (zeros when it loaded none). */
static struct eval_loads loads_of(const struct eval_status *st, const char *model)
{
	struct eval_loads l = {model, 0, 0};
	for (size_t i = 0; st && i < st->n_loads; i++)
		if (model_name_equal(st->loads[i].model, model))
			l = st->loads[i];
	return l;
}

/* "adapter_swap_time": per model of the job, the runner loads seen and the seconds
 * they took (from load_duration), beside the target. */
static cJSON *swap_json(const struct eval_job *j, bool base_only)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "target_ms", EVAL_SWAP_TARGET_SECONDS * 1000);
	cJSON *list = cJSON_AddArrayToObject(o, "models");
	for (int s = 0; s < (base_only ? 1 : 2); s++) {
		struct eval_loads l = loads_of(j->run, j->model[s]);
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "model", j->model[s]);
		cJSON_AddNumberToObject(m, "loads", l.loads);
		cJSON_AddNumberToObject(m, "seconds", round(l.seconds * 1000) / 1000);
		cJSON_AddItemToArray(list, m);
	}
	return o;
}

/* One line when any load was seen: each model's loads and their time. With j NULL,
 * every model of the run (--all). */
static void print_loads(const struct eval_status *st, const struct eval_job *j)
{
	const char *names[EVAL_MAX_MODELS];
	size_t n = 0;
	for (size_t i = 0; st && i < st->n_loads; i++)
		if (!j || model_name_equal(st->loads[i].model, j->model[0]) ||
		    model_name_equal(st->loads[i].model, j->model[1]))
			names[n++] = st->loads[i].model;
	if (!n)
		return;
	printf("%s  %-14s", j ? "" : "\n", "adapter swap");
	for (size_t i = 0; i < n; i++) {
		struct eval_loads l = loads_of(st, names[i]);
		printf("%s %s: %d load%s, %.2f s", i ? ";" : "", names[i], l.loads,
		       l.loads == 1 ? "" : "s", l.seconds);
	}
	printf(" (target under %.0f ms a load)\n", EVAL_SWAP_TARGET_SECONDS * 1000);
}

static cJSON *report_json(const struct loco_ctx *ctx, const struct eval_job *j, bool base_only)
{
	const struct eval_summary *s = &j->sum;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter_name",
	                        j->adapter->name); /* "adapter" holds the scores */
	cJSON_AddStringToObject(o, "base_model", j->model[SIDE_BASE]);
	cJSON_AddStringToObject(o, "adapter_model", j->model[SIDE_ADAPTER]);
	cJSON_AddStringToObject(o, "dataset", j->ds.path);
	cJSON_AddStringToObject(o, "dataset_sha256", j->ds.sha256);
	cJSON_AddNumberToObject(o, "n", (double)s->n);
	cJSON_AddStringToObject(o, "eval_type",
	                        j->adapter->eval_type ? j->adapter->eval_type : "mixed");
	cJSON_AddItemToObject(o, "base", side_json(s->correct[0], s->n, s->score[0]));
	cJSON_AddItemToObject(o, "adapter",
	                      base_only ? cJSON_CreateNull()
	                                : side_json(s->correct[1], s->n, s->score[1]));
	add_comparison(o, s, base_only);
	if (j->env.ran) {
		char *layers = sandbox_layers_text(&j->env.layers);
		cJSON_AddStringToObject(o, "sandbox", layers);
		free(layers);
		cJSON *pc = cJSON_AddObjectToObject(o, "partial_credit");
		for (int k = 0; k < (base_only ? 1 : 2); k++)
			cJSON_AddNumberToObject(pc, k ? "adapter" : "base",
			                        r4(partial_credit(j, k)));
		cJSON *as = cJSON_AddObjectToObject(o, "asserts");
		cJSON_AddNumberToObject(as, "checked_by_loco", j->env.asserts_by_loco);
		cJSON_AddNumberToObject(as, "in_process", j->env.asserts_in_process);
	}
	cJSON_AddItemToObject(o, "settings", settings_json(ctx, j));
	cJSON_AddItemToObject(o, "adapter_swap_time", swap_json(j, base_only));
	if (!base_only) {
		cJSON_AddItemToObject(o, "out_of_domain", ood_json(&j->ood));
		if (j->ood.checked)
			cJSON_AddNumberToObject(o, "ood_max_drop", ctx->cfg.eval_ood_max_drop);
	}
	return o;
}

/* The test's lines: the difference with its interval, and the p-value. */
static void print_test(const struct eval_summary *s)
{
	if (s->test == EVAL_TEST_MCNEMAR) {
		printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, Tango score)\n",
		       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
		printf("  McNemar p      %.4g (only the adapter right: %ld, only the base: %ld)\n",
		       s->p, s->only_adapter, s->only_base);
		return;
	}
	if (!s->differing) {
		printf(
		    "\n  difference     +0.0 points: every item scored the same for both models\n");
		printf("  sign-flip p    1 (no item differs)\n");
		return;
	}
	printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, sign-flip inversion)\n",
	       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
	if (s->exact)
		printf("  sign-flip p    %.4g (exact over the %zu items that differ)\n", s->p,
		       s->differing);
	else
		printf("  sign-flip p    %.4g (%ld random sign patterns; %zu items differ)\n", s->p,
		       s->resamples, s->differing);
	printf("  thresholds     only the adapter passed: %ld, only the base: %ld (not tested)\n",
	       s->only_adapter, s->only_base);
}

static void print_power(const struct eval_summary *s)
{
	if (!isnan(s->mde) && s->test == EVAL_TEST_MCNEMAR)
		printf("  power          80%% to detect %.1f points (%.1f%% of items disagree)\n",
		       100 * s->mde, 100 * s->discordance);
	else if (!isnan(s->mde))
		printf("  power          80%% to detect %.1f points (sd of differences %.1f)\n",
		       100 * s->mde, 100 * s->sd);
	else if (s->test == EVAL_TEST_MCNEMAR)
		printf(
		    "  power          too few items disagree (%.1f%%) to detect any difference\n",
		    100 * s->discordance);
	else
		printf("  power          unknown: the differences do not vary\n");
}

static void print_report(const struct eval_job *j, bool base_only)
{
	const struct eval_summary *s = &j->sum;
	printf("eval %s: %s vs %s on %s (%zu items)\n\n", j->adapter->name, j->model[SIDE_ADAPTER],
	       j->model[SIDE_BASE], j->ds.path, s->n);
	printf("  %-14s %9s %8s\n", "", "correct", "score");
	printf("  %-14s %4zu/%-4zu %7.1f%%\n", "base model", s->correct[0], s->n,
	       100 * s->score[0]);
	if (j->env.ran) {
		char *layers = sandbox_layers_text(&j->env.layers);
		printf("  %-14s %s\n", "sandbox", layers);
		free(layers);
	}
	if (j->env.asserts_in_process) /* only these can be forged by the answer */
		printf("  %-14s %d of %d checked by loco; %d ran in the answer's process\n",
		       "asserts", j->env.asserts_by_loco,
		       j->env.asserts_by_loco + j->env.asserts_in_process,
		       j->env.asserts_in_process);
	if (base_only) {
		print_loads(j->run, j);
		return;
	}
	printf("  %-14s %4zu/%-4zu %7.1f%%\n", "adapter", s->correct[1], s->n, 100 * s->score[1]);
	if (j->env.ran)
		printf("  %-14s base %.1f%%, adapter %.1f%% of tests passed\n", "partial credit",
		       100 * partial_credit(j, 0), 100 * partial_credit(j, 1));
	print_loads(j->run, j);
	print_test(s);
	print_power(s);
	if (j->ds.has_difficulty) {
		printf("\n  %-10s %5s %8s %8s %8s\n", "difficulty", "n", "base", "adapter",
		       "delta");
		cJSON *d = difficulty_json(j), *x;
		cJSON_ArrayForEach(x, d)
		{
			double b = cJSON_GetObjectItem(x, "base")->valuedouble,
			       a = cJSON_GetObjectItem(x, "adapter")->valuedouble;
			printf("  %-10s %5d %7.1f%% %7.1f%% %+8.1f\n", x->string,
			       cJSON_GetObjectItem(x, "n")->valueint, 100 * b, 100 * a,
			       100 * (a - b));
		}
		cJSON_Delete(d);
	}
}

/* The out-of-domain row with the largest drop past the limit. */
static const struct ood_row *worst_regression(const struct ood_check *c)
{
	const struct ood_row *w = NULL;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].regression && (!w || c->rows[i].sum.delta < w->sum.delta))
			w = &c->rows[i];
	return w;
}

/* The last line: the verdict, and why when it is not the test's own. */
static void print_verdict(const struct loco_ctx *ctx, const struct eval_job *j)
{
	const struct eval_summary *s = &j->sum;
	const struct ood_row *w = worst_regression(&j->ood);
	printf("\n  verdict: %s", verdict_name(s->verdict));
	if (s->verdict == VERDICT_TOO_FEW)
		printf(" (%zu; eval.min_items needs %zu, so add %zu)", s->n, s->min_items,
		       s->min_items - s->n);
	else if (s->verdict == VERDICT_OOD_REGRESSION && w)
		printf(" (%s: %+.1f points; eval.ood_max_drop is %g)", w->domain->name,
		       100 * w->sum.delta, ctx->cfg.eval_ood_max_drop);
	else if (s->verdict == VERDICT_SHIPS && !j->ood.checked)
		printf(" (on its own dataset; add --out-of-domain to check the others)");
	printf("\n");
}

/* ---- writes that failed -------------------------------------------------- */

/* A cache entry or an archive that could not be written is said once, with
 * the path and the reason; the run still reports, then exits 1 (SPEC 10:
 * a full disk is never silent). eval --help and the man page name this. */
static int write_status;

static void cache_failures(const struct eval_status *r)
{
	if (!r->cache_failed)
		return;
	loco_error("%zu answer%s could not be cached (first: %s); a rerun asks the server for "
	           "%s again",
	           r->cache_failed, r->cache_failed == 1 ? "" : "s", r->cache_error,
	           r->cache_failed == 1 ? "it" : "them");
	write_status = LOCO_FAIL;
}

static void archive_failure(const char *err)
{
	loco_error("could not archive the result: %s; the leaderboard and 'adapters list' "
	           "will not show this run",
	           err);
	write_status = LOCO_FAIL;
}

static void archive(const struct loco_ctx *ctx, struct eval_job *j, bool base_only)
{
	char *dir = results_dir(ctx->cfg.home, j->adapter->name);
	j->earlier_note = earlier_results_note(ctx, j->adapter->name, j->ds.sha256);
	cJSON *o = report_json(ctx, j, base_only);
	cJSON_AddStringToObject(o, "semester", ctx->cfg.semester);
	char *stamp = utc_stamp();
	cJSON_AddStringToObject(o, "timestamp", stamp);
	cJSON_AddBoolToObject(o, "base_only", base_only);
	cJSON_AddItemToObject(o, "by_difficulty", difficulty_json(j));
	char *text = cJSON_Print(o), *path = xasprintf("%s/%s.json", dir, stamp), *err = NULL;
	/* Two runs within a second must not overwrite each other. */
	for (int k = 2; file_exists(path); k++) {
		free(path);
		path = xasprintf("%s/%s-%d.json", dir, stamp, k);
	}
	/* results are the user's own, like the answers behind them (0600, 0700) */
	if (mkdir_private(path, true, &err) < 0 ||
	    write_file_private(path, text, strlen(text), &err) < 0) {
		archive_failure(err);
		free(err);
	}
	free(text);
	free(path);
	free(stamp);
	free(dir);
	cJSON_Delete(o);
}

/* ---- one adapter ------------------------------------------------------- */

/* The dataset, the models and the system context of one job, before any chat. */
static int prepare_job(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                       const struct run_opts *ro, struct eval_job *j)
{
	j->model[SIDE_BASE] = xstrdup(ctx->reg.base_ollama_name);
	j->model[SIDE_ADAPTER] = adapter_model_name(j->adapter);
	int rc = load_dataset(ctx, args, j);
	if (rc == 0)
		rc = check_types(j, (size_t)ro->limit, arg_flag(args, "allow-unsandboxed"));
	if (rc == 0)
		rc = check_models(h, j, ro->base_only);
	if (rc)
		return rc;
	j->system = prompt_system(j->adapter, NULL);
	j->env.allow_unsandboxed = arg_flag(args, "allow-unsandboxed");
	j->env.max_disk_mb = ctx->cfg.sandbox_max_disk_mb;
	j->reread = ctx->cfg.reread && !arg_flag(args, "no-reread");
	return 0;
}

/* Says why a run stopped; per_job names each job whose requests failed
 * (--all, where the others still report). */
static int run_failure(const struct eval_status *st, struct eval_job **jobs, size_t n, bool per_job)
{
	if (st->interrupted) {
		loco_error("interrupted; finished answers are cached, so a rerun sends only what "
		           "is missing");
		return LOCO_INTERRUPTED;
	}
	if (!per_job || st->fatal) {
		loco_error(
		    "%zu request%s got no answer (first: %s); finished answers are cached, so "
		    "a rerun retries only those",
		    st->failed, st->failed == 1 ? "" : "s", st->first_error.message);
		return net_exit_code(st->first_error.status);
	}
	for (size_t k = 0; k < n; k++) {
		const struct eval_result *r = &jobs[k]->result;
		if (r->failed)
			loco_error("eval %s on %s: %zu request%s got no answer (first: %s)",
			           jobs[k]->adapter->name, jobs[k]->ds.path, r->failed,
			           r->failed == 1 ? "" : "s", r->first_error.message);
	}
	return 0;
}

/* Every job in one run, so that each model loads once per server; each job
 * that got all its answers is summarized. */
static int run_jobs(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                    const struct run_opts *ro, struct eval_job **jobs, size_t n, const char *label,
                    FILE *log, bool per_job, struct eval_status *st)
{
	char *cache = ctx->cfg.eval_cache && !arg_flag(args, "no-cache")
	                  ? path_join(ctx->cfg.home, "cache/chat")
	                  : NULL;
	struct bar bar = {ctx, label, 0};
	struct eval_part *parts = xcalloc(n + 1, sizeof *parts);
	for (size_t k = 0; k < n; k++) {
		struct eval_job *j = jobs[k];
		parts[k] = (struct eval_part){
		    .ds = &j->ds,
		    .limit = (size_t)ro->limit,
		    .model = {j->model[0], j->model[1]},
		    .digest = {j->digest[0], j->digest[1]},
		    .system = j->system,
		    .r = &j->result,
		    .score_env = &j->env,
		};
		j->run = st;
	}
	struct eval_opts o = {
	    .hosts = (struct backend **)h->b,
	    .n_hosts = h->n,
	    .jobs = (int)ro->jobs,
	    .base_only = ro->base_only,
	    .reread = ctx->cfg.reread && !arg_flag(args, "no-reread"),
	    .votes = (int)ro->votes,
	    .vote_temperature = ctx->cfg.vote_temperature,
	    .chat = eval_chat_options(&ctx->cfg),
	    .cache_dir = cache,
	    .judge_model =
	        ctx->cfg.eval_judge_model ? ctx->cfg.eval_judge_model : ctx->reg.base_ollama_name,
	    .judge_temperature = ctx->cfg.vote_temperature,
	    .log = log,
	    .progress = ctx->quiet ? NULL : progress,
	    .progress_ctx = &bar,
	};
	struct sigaction old;
	backend_catch_sigint(&old);
	int run = eval_run(&o, parts, n, st);
	for (size_t i = 0; i < h->n; i++)
		if (st->host_down[i])
			loco_warn(
			    "%s left the rotation (%s); its requests went to the other servers",
			    backend_address(h->b[i]), st->host_error[i]);
	backend_release_sigint(&old);
	if (ctx->tty_err && !ctx->quiet)
		fprintf(stderr, "\r\033[K");
	cache_failures(st);
	free(cache);
	free(parts);
	int rc = run < 0 ? run_failure(st, jobs, n, per_job) : 0;
	if (rc)
		return rc;
	for (size_t k = 0; k < n; k++)
		if (!jobs[k]->result.failed)
			eval_summarize(&jobs[k]->result, &jobs[k]->ds,
			               (size_t)ctx->cfg.eval_min_items, ro->base_only,
			               &jobs[k]->sum);
	return 0;
}

static void job_free(struct eval_job *j)
{
	free(j->system);
	eval_result_free(&j->result);
	dataset_free(&j->ds);
	for (int s = 0; s < 2; s++) {
		free(j->model[s]);
		free(j->digest[s]);
	}
	free(j->earlier_note);
	score_env_free(&j->env);
}

static FILE *open_log(const struct cmd_args *args, int *rc)
{
	const char *path = arg_value(args, "log");
	if (!path)
		return NULL;
	/* the log holds every prompt and answer: private, like the cache */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		loco_error("cannot write '%s': %s", path, strerror(errno));
		*rc = LOCO_FAIL;
	}
	return f;
}

/* ---- out of domain --------------------------------------------------------- */

/* Whether the adapter has a dataset that loads (no output). */
static bool has_dataset(const struct loco_ctx *ctx, const struct adapter *a, const char **why)
{
	char *path = adapter_dataset_path(&ctx->reg, a), *err = NULL;
	struct dataset ds;
	bool ok = path && dataset_load(&ds, path, a->eval_type, &err) == 0;
	*why = path ? "its dataset does not load" : "no eval dataset";
	if (ok)
		dataset_free(&ds);
	free(err);
	free(path);
	return ok;
}

/* Whether the out-of-domain rule is asked for: --out-of-domain, or --gate (which makes it
 * part of what ships); --no-out-of-domain opts out, and --base-only has no adapter. */
static bool ood_wanted(const struct cmd_args *args)
{
	if (arg_flag(args, "base-only") || arg_flag(args, "no-out-of-domain"))
		return false;
	return arg_flag(args, "out-of-domain") || arg_flag(args, "gate");
}

/* Every other adapter's dataset, each a job of the adapter's run (compare = false only
 * looks whether there is one: with none, the rule holds trivially). */
static int ood_prepare(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                       const struct run_opts *ro, struct eval_job *j, bool compare)
{
	struct ood_check *c = &j->ood;
	c->rows = xcalloc(ctx->reg.n_adapters + 1, sizeof *c->rows);
	size_t compared = 0;
	for (size_t i = 0; i < ctx->reg.n_adapters; i++) {
		const struct adapter *d = &ctx->reg.adapters[i];
		if (d == j->adapter)
			continue;
		struct ood_row *row = &c->rows[c->n++];
		const char *why;
		row->domain = d;
		if (!has_dataset(ctx, d, &why)) {
			row->skipped = why;
			continue;
		}
		compared++;
		if (!compare)
			continue;
		row->job = xcalloc(1, sizeof *row->job);
		row->job->adapter = j->adapter;
		row->job->domain = d;
		int rc = prepare_job(ctx, args, h, ro, row->job);
		if (rc)
			return rc;
	}
	c->checked = compare || compared == 0;
	return 0;
}

/* The jobs of one adapter: its own dataset, then the others it is compared on. */
static size_t job_list(struct eval_job *j, struct eval_job **out)
{
	size_t n = 0;
	out[n++] = j;
	for (size_t i = 0; i < j->ood.n; i++)
		if (j->ood.rows[i].job)
			out[n++] = j->ood.rows[i].job;
	return n;
}

/* Whether a request of any of the adapter's jobs got no answer. */
static bool jobs_failed(struct eval_job *j)
{
	struct eval_job *list[EVAL_MAX_MODELS + 1];
	bool failed = false;
	size_t n = j->ood.n < EVAL_MAX_MODELS ? job_list(j, list) : 0;
	for (size_t k = 0; k < n; k++)
		failed = failed || list[k]->result.failed;
	return failed;
}

/* The comparisons' regressions, with Holm's adjustment over the datasets compared. */
static void ood_finish(const struct loco_ctx *ctx, struct eval_job *j)
{
	struct ood_check *c = &j->ood;
	size_t compared = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct ood_row *row = &c->rows[i];
		if (!row->job)
			continue;
		const struct eval_summary *s = &row->job->sum;
		row->sum = *s;
		row->regression = stats_ood_regression(s->total[SIDE_BASE], s->total[SIDE_ADAPTER],
		                                       s->n, ctx->cfg.eval_ood_max_drop);
		c->regression = c->regression || row->regression;
		compared++;
	}
	if (!compared)
		return;
	double *p = xcalloc(compared + 1, sizeof *p), *adj = xcalloc(compared + 1, sizeof *adj);
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].job)
			p[k++] = c->rows[i].sum.p;
	stats_holm(p, k, adj);
	k = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].job)
			c->rows[i].holm_p = adj[k++];
	free(p);
	free(adj);
}

static void job_free(struct eval_job *j);

static void ood_free(struct ood_check *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].job) {
			job_free(c->rows[i].job);
			free(c->rows[i].job);
		}
	free(c->rows);
	memset(c, 0, sizeof *c);
}

/* null when the rule was not applied; else every other dataset, compared or skipped. */
static cJSON *ood_json(const struct ood_check *c)
{
	if (!c->checked)
		return cJSON_CreateNull();
	cJSON *list = cJSON_CreateArray();
	for (size_t i = 0; i < c->n; i++) {
		const struct ood_row *r = &c->rows[i];
		const struct eval_summary *s = &r->sum;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dataset_of", r->domain->name);
		if (r->skipped || !s->n) {
			cJSON_AddStringToObject(o, "skipped",
			                        r->skipped ? r->skipped : "not compared");
			cJSON_AddItemToArray(list, o);
			continue;
		}
		cJSON_AddNumberToObject(o, "n", (double)s->n);
		cJSON_AddNumberToObject(o, "base", r4(s->score[SIDE_BASE]));
		cJSON_AddNumberToObject(o, "adapter", r4(s->score[SIDE_ADAPTER]));
		cJSON_AddNumberToObject(o, "delta", r4(s->delta));
		cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
		cJSON_AddItemToArray(ci, cJSON_CreateNumber(r4(s->ci_lo)));
		cJSON_AddItemToArray(ci, cJSON_CreateNumber(r4(s->ci_hi)));
		cJSON_AddStringToObject(o, "test", eval_test_name(s->test));
		cJSON_AddNumberToObject(o, "p", sig6(s->p));
		cJSON_AddNumberToObject(o, "holm_p", sig6(r->holm_p));
		cJSON_AddBoolToObject(o, "regression", r->regression);
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

static void ood_print(const struct loco_ctx *ctx, const struct eval_job *j, bool asked)
{
	const struct ood_check *c = &j->ood;
	size_t compared = 0;
	for (size_t i = 0; i < c->n; i++)
		compared += !c->rows[i].skipped;
	if (!c->checked || (!asked && !compared))
		return;
	printf("\nout of domain (%s's model vs the base; a drop over %g points regresses):\n",
	       j->adapter->name, ctx->cfg.eval_ood_max_drop);
	if (compared)
		printf("  %-11s %4s %6s %7s %6s  %-16s %7s\n", "dataset", "n", "base", "adapter",
		       "delta", "95% CI", "Holm p");
	for (size_t i = 0; i < c->n; i++) {
		const struct ood_row *r = &c->rows[i];
		const struct eval_summary *s = &r->sum;
		if (r->skipped) {
			printf("  %-11s skipped: %s\n", r->domain->name, r->skipped);
			continue;
		}
		printf("  %-11s %4zu %5.1f%% %6.1f%% %+6.1f  %+6.1f to %+6.1f %7.3g%s\n",
		       r->domain->name, s->n, 100 * s->score[SIDE_BASE],
		       100 * s->score[SIDE_ADAPTER], 100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi,
		       r->holm_p, r->regression ? "  regression" : "");
	}
}

/* The verdict with the floor and the out-of-domain rule. */
static void settle_verdict(struct eval_job *j)
{
	struct eval_summary *s = &j->sum;
	s->verdict = stats_final_verdict(s->test_verdict, s->n, s->min_items, j->ood.regression);
}

/* ---- --all --------------------------------------------------------------- */

struct all_entry {
	const char *skipped; /* no dataset that loads */
	bool failed;         /* the run stopped (see the error above) */
	struct eval_job job;
	double holm_p;
};

static void all_table(const struct loco_ctx *ctx, const struct all_entry *e, size_t n)
{
	printf("%-12s %4s %6s %7s %6s %7s %7s  %s\n", "adapter", "n", "base", "adapter", "delta",
	       "p", "Holm p", "verdict");
	for (size_t i = 0; i < n; i++) {
		const char *name = ctx->reg.adapters[i].name;
		const struct eval_summary *s = &e[i].job.sum;
		if (e[i].skipped)
			printf("%-12s skipped: %s\n", name, e[i].skipped);
		else if (e[i].failed)
			printf("%-12s failed (see above)\n", name);
		else
			printf("%-12s %4zu %5.1f%% %6.1f%% %+6.1f %7.2g %7.2g  %s\n", name, s->n,
			       100 * s->score[0], 100 * s->score[1], 100 * s->delta, s->p,
			       e[i].holm_p, verdict_name(s->verdict));
	}
	bool unchecked = false;
	for (size_t i = 0; i < n; i++) {
		const struct ood_row *w = worst_regression(&e[i].job.ood);
		bool ran = !e[i].skipped && !e[i].failed;
		if (ran && w)
			printf(
			    "\n%s regresses out of domain: %+.1f points on %s's dataset (more than "
			    "%g)\n",
			    ctx->reg.adapters[i].name, 100 * w->sum.delta, w->domain->name,
			    ctx->cfg.eval_ood_max_drop);
		unchecked = unchecked ||
		            (ran && !e[i].job.ood.checked && e[i].job.sum.verdict == VERDICT_SHIPS);
	}
	if (unchecked)
		printf("\nships: on its own dataset; add --out-of-domain to check the others\n");
}

/* Holm's adjustment over the adapters that were compared. */
static void all_holm(struct all_entry *e, size_t n)
{
	double *p = xcalloc(n + 1, sizeof *p), *adj = xcalloc(n + 1, sizeof *adj);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!e[i].skipped && !e[i].failed)
			p[k++] = e[i].job.sum.p;
	stats_holm(p, k, adj);
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (!e[i].skipped && !e[i].failed)
			e[i].holm_p = adj[k++];
	free(p);
	free(adj);
}

/* One adapter of --all, before the run: its own dataset and (when asked) the others.
 * Returns LOCO_UNREACHABLE to stop everything, else 0 or its failure. */
static int all_prepare(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                       const struct run_opts *ro, const struct adapter *a, struct all_entry *e)
{
	const char *why;
	if (!has_dataset(ctx, a, &why)) {
		e->skipped = why;
		return 0;
	}
	e->job.adapter = a;
	int rc = prepare_job(ctx, args, h, ro, &e->job);
	if (rc == 0)
		rc = ood_prepare(ctx, args, h, ro, &e->job, ood_wanted(args));
	e->failed = rc != 0;
	return rc;
}

/* After the run: its verdict and its archive (or its failure). */
static int all_settle(struct loco_ctx *ctx, const struct cmd_args *args, struct all_entry *e)
{
	if (e->skipped || e->failed)
		return 0;
	if (jobs_failed(&e->job)) {
		e->failed = true;
		return LOCO_FAIL;
	}
	ood_finish(ctx, &e->job);
	settle_verdict(&e->job);
	archive(ctx, &e->job, false);
	return arg_flag(args, "gate") && e->job.sum.verdict != VERDICT_SHIPS ? LOCO_FAIL : 0;
}

/* Every job of every adapter that prepared, in one run. */
static int all_run(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                   const struct run_opts *ro, struct all_entry *e, size_t n, struct eval_status *st)
{
	size_t cap = 1;
	for (size_t i = 0; i < n; i++)
		cap += 1 + e[i].job.ood.n;
	struct eval_job **jobs = xcalloc(cap, sizeof *jobs);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!e[i].skipped && !e[i].failed)
			k += job_list(&e[i].job, jobs + k);
	int rc = k ? run_jobs(ctx, args, h, ro, jobs, k, "every adapter", NULL, true, st) : 0;
	free(jobs);
	return rc;
}

/* Every adapter with a dataset loco can score, one row each, printed when all are done
 * (the Holm column needs every p-value). */
static int eval_all(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct hostset h;
	struct run_opts ro;
	struct eval_status st;
	memset(&st, 0, sizeof st);
	int rc = run_options(ctx, args, &ro), worst = 0;
	if (rc == 0)
		rc = hosts_open(ctx, args, &h);
	else
		memset(&h, 0, sizeof h);
	size_t n = ctx->reg.n_adapters;
	struct all_entry *e = xcalloc(n + 1, sizeof *e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int jr = all_prepare(ctx, args, &h, &ro, &ctx->reg.adapters[i], &e[i]);
		if (jr == LOCO_UNREACHABLE)
			rc = jr;
		else if (jr)
			worst = worst ? worst : jr;
	}
	if (rc == 0)
		rc = all_run(ctx, args, &h, &ro, e, n, &st);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int jr = all_settle(ctx, args, &e[i]);
		worst = worst ? worst : jr;
	}
	all_holm(e, n);
	if (rc == 0 && ctx->json) {
		cJSON *list = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			if (e[i].skipped || e[i].failed)
				continue;
			cJSON *o = report_json(ctx, &e[i].job, false);
			cJSON_AddNumberToObject(o, "holm_p", sig6(e[i].holm_p));
			cJSON_AddItemToArray(list, o);
		}
		print_json(list);
	} else if (rc == 0) {
		all_table(ctx, e, n);
		print_loads(&st, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		if (e[i].job.earlier_note)
			loco_warn("%s: %s", ctx->reg.adapters[i].name, e[i].job.earlier_note);
		ood_free(&e[i].job.ood);
		job_free(&e[i].job);
	}
	free(e);
	eval_status_free(&st);
	hosts_close(&h);
	return rc ? rc : worst;
}

/* ---- one adapter ---------------------------------------------------------- */

static void report(struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j)
{
	bool base_only = arg_flag(args, "base-only");
	if (ctx->json) {
		print_json(report_json(ctx, j, base_only));
		return;
	}
	print_report(j, base_only);
	if (!base_only) {
		ood_print(ctx, j, arg_flag(args, "out-of-domain"));
		print_verdict(ctx, j);
	}
}

static int eval_one(struct loco_ctx *ctx, const struct cmd_args *args, const char *name)
{
	struct eval_job j;
	memset(&j, 0, sizeof j);
	j.adapter = find_adapter(ctx, name);
	if (!j.adapter)
		return LOCO_NOT_FOUND;
	struct hostset h;
	memset(&h, 0, sizeof h);
	struct run_opts ro;
	struct eval_status st;
	memset(&st, 0, sizeof st);
	int rc = run_options(ctx, args, &ro);
	bool base_only = ro.base_only;
	FILE *log = rc ? NULL : open_log(args, &rc);
	if (rc == 0)
		rc = hosts_open(ctx, args, &h);
	if (rc == 0)
		rc = prepare_job(ctx, args, &h, &ro, &j);
	if (rc == 0 && !base_only)
		rc = ood_prepare(ctx, args, &h, &ro, &j, ood_wanted(args));
	if (rc == 0) {
		struct eval_job **jobs = xcalloc(j.ood.n + 2, sizeof *jobs);
		size_t n = job_list(&j, jobs);
		rc = run_jobs(ctx, args, &h, &ro, jobs, n, j.adapter->name, log, false, &st);
		free(jobs);
	}
	if (rc == 0) {
		if (!base_only) {
			ood_finish(ctx, &j);
			settle_verdict(&j);
		}
		archive(ctx, &j, base_only);
		report(ctx, args, &j);
		if (j.earlier_note)
			loco_warn("%s", j.earlier_note);
		if (arg_flag(args, "gate") && (base_only || j.sum.verdict != VERDICT_SHIPS)) {
			loco_error("gate: the verdict is '%s', not 'ships'",
			           base_only ? "none (--base-only)" : verdict_name(j.sum.verdict));
			rc = LOCO_FAIL;
		}
	}
	if (log && fclose(log) != 0 && rc == 0) {
		loco_error("cannot write '%s': %s", arg_value(args, "log"), strerror(errno));
		rc = LOCO_FAIL;
	}
	hosts_close(&h);
	ood_free(&j.ood);
	job_free(&j);
	eval_status_free(&st);
	return rc;
}

/* ---- --router ------------------------------------------------------------ */

static int eval_router(struct loco_ctx *ctx)
{
	const struct registry *reg = &ctx->reg;
	size_t n = reg->n_adapters, total = 0, right = 0;
	size_t *m = xcalloc((n + 1) * (n + 1), sizeof *m); /* [actual][predicted], n = base */
	char *err = NULL;
	struct router_opts ro = {ctx->cfg.router_min_score, ctx->cfg.router_low_confidence};
	struct router *r = router_new(reg, &ro, &err);
	int rc = r ? 0 : LOCO_BAD_INPUT;
	if (!r)
		loco_error("%s: %s", reg->path, err);
	for (size_t a = 0; a < n && rc == 0; a++) {
		char *path = adapter_dataset_path(reg, &reg->adapters[a]);
		if (!path)
			continue;
		struct dataset ds;
		if (dataset_load(&ds, path, reg->adapters[a].eval_type, &err) < 0) {
			loco_error("%s", err);
			rc = LOCO_BAD_INPUT;
		} else {
			for (size_t i = 0; i < ds.n; i++) {
				struct route_decision d;
				router_decide(r, ds.items[i].prompt, strlen(ds.items[i].prompt),
				              &d);
				size_t p = d.adapter >= 0 ? (size_t)d.adapter : n;
				m[a * (n + 1) + p]++;
				total++;
				right += p == a;
			}
			dataset_free(&ds);
		}
		free(path);
	}
	free(err);
	router_free(r);
	if (rc == 0 && !total) {
		loco_error("no adapter of %s has an eval dataset to route", reg->path);
		rc = LOCO_BAD_INPUT;
	}
	if (rc == 0 && ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "correct", (double)right);
		cJSON_AddNumberToObject(o, "total", (double)total);
		cJSON_AddNumberToObject(o, "accuracy", r4((double)right / (double)total));
		cJSON *c = cJSON_AddObjectToObject(o, "confusion");
		for (size_t a = 0; a < n; a++) {
			cJSON *row = cJSON_AddObjectToObject(c, reg->adapters[a].name);
			for (size_t p = 0; p <= n; p++)
				cJSON_AddNumberToObject(
				    row, p < n ? reg->adapters[p].name : "base model",
				    (double)m[a * (n + 1) + p]);
		}
		print_json(o);
	} else if (rc == 0) {
		printf("router accuracy: %zu/%zu (%.1f%%, target > 90%%)\n\n", right, total,
		       pct(right, total));
		printf("  %-14s", "actual \\ got");
		for (size_t p = 0; p <= n; p++)
			printf(" %10s", p < n ? reg->adapters[p].name : "base model");
		printf("\n");
		for (size_t a = 0; a < n; a++) {
			printf("  %-14s", reg->adapters[a].name);
			for (size_t p = 0; p <= n; p++)
				printf(" %10zu", m[a * (n + 1) + p]);
			printf("\n");
		}
	}
	free(m);
	return rc;
}

/* ---- --plan ---------------------------------------------------------------- */

/* How many items a dataset needs, before any request: the rates come from the options,
 * else from the latest archived comparison (else, for the discordance, from the base rate
 * and the effect, as if the two models erred independently). */
struct plan {
	bool graded;
	double effect, base_rate, discordance, sd; /* fractions; NAN when unknown */
	const char *from[4];                       /* where each came from, in that order */
	const char *stamp;                         /* the latest comparison's, or NULL */
	double items;                              /* for 80% power, not rounded */
	size_t needed;                             /* rounded up, and at least eval.min_items */
};

enum { FROM_EFFECT, FROM_BASE, FROM_DISCORDANCE, FROM_SD };

static int plan_options(const struct cmd_args *args, struct plan *p)
{
	static const char *const names[] = {"effect", "base-rate", "discordance"};
	double *slots[] = {&p->effect, &p->base_rate, &p->discordance};
	int rc = 0;
	p->effect = p->base_rate = p->discordance = p->sd = NAN;
	for (int k = 0; k < 3; k++) {
		double v;
		double hi = k ? 1 : 100;
		if (!arg_number(args, names[k], 0, hi, false, &v, &rc) || rc)
			continue;
		if (k == 0 && v <= 0) {
			loco_error("--effect must be more than 0 points, not '%s'",
			           arg_value(args, "effect"));
			return LOCO_USAGE;
		}
		*slots[k] = k ? v : v / 100;
		p->from[k] = "given";
	}
	return rc;
}

static double json_number(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Fills what the options left open from the latest comparison; returns it (owned). */
static cJSON *plan_archived(const struct loco_ctx *ctx, const struct eval_job *j, struct plan *p)
{
	struct results_latest l;
	results_latest(ctx->cfg.home, j->adapter->name, j->ds.sha256, &l);
	if (l.standing != RESULTS_CURRENT && l.standing != RESULTS_OTHER_DATASET)
		return l.run;
	const cJSON *run = l.run, *dis = cJSON_GetObjectItemCaseSensitive(run, "discordant");
	p->stamp = l.rec.timestamp;
	double n = l.rec.n,
	       values[4] = {
	           l.rec.delta,
	           l.rec.base_score,
	           (json_number(dis, "only_base") + json_number(dis, "only_adapter")) / n,
	           json_number(cJSON_GetObjectItemCaseSensitive(run, "power"), "sd"),
	       };
	double *slots[4] = {&p->effect, &p->base_rate, &p->discordance, &p->sd};
	for (int k = 0; k < 4; k++) {
		if (!isnan(*slots[k]) || isnan(values[k]) || (k == FROM_EFFECT && values[k] <= 0))
			continue;
		*slots[k] = values[k];
		p->from[k] = "latest run";
	}
	return l.run;
}

/* The items for 80% power; a usage error naming the missing rate, or the impossible one. */
static int plan_compute(const struct loco_ctx *ctx, const struct eval_job *j, struct plan *p)
{
	const char *name = j->adapter->name;
	if (isnan(p->effect)) {
		loco_error(
		    "give the difference to detect as --effect POINTS (no archived comparison "
		    "of %s shows the adapter ahead)",
		    name);
		return LOCO_USAGE;
	}
	if (p->graded) {
		if (p->from[FROM_DISCORDANCE] && !strcmp(p->from[FROM_DISCORDANCE], "given")) {
			loco_error(
			    "--discordance is for pass/fail datasets; a graded one is planned "
			    "from the spread of its score differences");
			return LOCO_USAGE;
		}
		if (isnan(p->sd) || p->sd <= 0) {
			loco_error(
			    "no archived comparison of %s has a spread of score differences; "
			    "run 'loco eval %s' once, then plan",
			    name, name);
			return LOCO_USAGE;
		}
		p->items = stats_items_graded(p->effect, p->sd);
	} else {
		if (!p->from[FROM_DISCORDANCE] && !isnan(p->base_rate)) {
			double b = p->base_rate, a = b + p->effect;
			if (a > 1) {
				loco_error("a base rate of %.1f%% leaves no room for %+.1f points",
				           100 * b, 100 * p->effect);
				return LOCO_USAGE;
			}
			p->discordance = b * (1 - a) + a * (1 - b);
			p->from[FROM_DISCORDANCE] = "independent errors";
		}
		if (isnan(p->discordance)) {
			loco_error(
			    "give --discordance D (the share of items the models disagree on) "
			    "or --base-rate P, or run 'loco eval %s' once",
			    name);
			return LOCO_USAGE;
		}
		if (p->effect > p->discordance) {
			loco_error("a difference of %.1f points needs at least %.1f%% of items to "
			           "disagree, not %.1f%%",
			           100 * p->effect, 100 * p->effect, 100 * p->discordance);
			return LOCO_USAGE;
		}
		p->items = stats_items_pass_fail(p->effect, p->discordance);
	}
	double need = ceil(p->items);
	p->needed =
	    need > (double)ctx->cfg.eval_min_items ? (size_t)need : (size_t)ctx->cfg.eval_min_items;
	return 0;
}

static cJSON *plan_json(const struct loco_ctx *ctx, const struct eval_job *j, const struct plan *p)
{
	static const char *const keys[] = {"effect", "base_rate", "discordance", "sd"};
	const double values[] = {p->effect, p->base_rate, p->discordance, p->sd};
	cJSON *o = cJSON_CreateObject(), *from = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter_name", j->adapter->name);
	cJSON_AddStringToObject(o, "dataset", j->ds.path);
	cJSON_AddNumberToObject(o, "n", (double)j->ds.n);
	cJSON_AddStringToObject(
	    o, "test", eval_test_name(p->graded ? EVAL_TEST_SIGN_FLIP : EVAL_TEST_MCNEMAR));
	for (int k = 0; k < 4; k++) {
		bool known = !isnan(values[k]) && p->from[k];
		cJSON_AddItemToObject(o, keys[k],
		                      !known ? cJSON_CreateNull()
		                      : k    ? cJSON_CreateNumber(r4(values[k]))
		                             : points_json(values[k]));
		cJSON_AddItemToObject(from, keys[k],
		                      known ? cJSON_CreateString(p->from[k]) : cJSON_CreateNull());
	}
	cJSON_AddItemToObject(o, "from", from);
	cJSON_AddItemToObject(o, "latest_run",
	                      p->stamp ? cJSON_CreateString(p->stamp) : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "items_for_power", ceil(p->items));
	cJSON_AddNumberToObject(o, "min_items", (double)ctx->cfg.eval_min_items);
	cJSON_AddNumberToObject(o, "items_needed", (double)p->needed);
	cJSON_AddNumberToObject(o, "add", p->needed > j->ds.n ? (double)(p->needed - j->ds.n) : 0);
	return o;
}

static const char *plan_from(const struct plan *p, int k)
{
	static char buf[64];
	if (strcmp(p->from[k], "latest run") || !p->stamp)
		return p->from[k];
	snprintf(buf, sizeof buf, "latest run %s", p->stamp);
	return buf;
}

static void plan_print(const struct loco_ctx *ctx, const struct eval_job *j, const struct plan *p)
{
	printf("plan %s: %s (%zu items, %s)\n\n", j->adapter->name, j->ds.path, j->ds.n,
	       p->graded ? "graded: sign-flip test" : "pass/fail: exact McNemar");
	printf("  %-14s %+.1f points (%s)\n", "effect", 100 * p->effect, plan_from(p, FROM_EFFECT));
	if (!isnan(p->base_rate) && p->from[FROM_BASE])
		printf("  %-14s %.1f%% (%s)\n", "base rate", 100 * p->base_rate,
		       plan_from(p, FROM_BASE));
	if (p->graded)
		printf("  %-14s %.1f points (%s)\n", "sd of diffs", 100 * p->sd,
		       plan_from(p, FROM_SD));
	else
		printf("  %-14s %.1f%% of items disagree (%s)\n", "discordance",
		       100 * p->discordance, plan_from(p, FROM_DISCORDANCE));
	printf("  %-14s %.0f items at alpha 0.05 (%s)\n", "80% power", ceil(p->items),
	       p->graded ? "paired normal approximation" : "Connor 1987");
	printf("  %-14s %zu (eval.min_items is %ld)", "items needed", p->needed,
	       ctx->cfg.eval_min_items);
	if (p->needed > j->ds.n)
		printf(": add %zu\n", p->needed - j->ds.n);
	else
		printf(": the dataset has enough\n");
}

static int eval_plan(struct loco_ctx *ctx, const struct cmd_args *args, const char *name)
{
	struct eval_job j;
	memset(&j, 0, sizeof j);
	j.adapter = find_adapter(ctx, name);
	if (!j.adapter)
		return LOCO_NOT_FOUND;
	struct plan p;
	memset(&p, 0, sizeof p);
	int rc = plan_options(args, &p);
	if (rc == 0)
		rc = load_dataset(ctx, args, &j);
	cJSON *run = NULL;
	if (rc == 0) {
		for (size_t i = 0; i < j.ds.n && !p.graded; i++)
			p.graded = eval_type_graded(j.ds.items[i].type);
		run = plan_archived(ctx, &j, &p);
		rc = plan_compute(ctx, &j, &p);
	}
	if (rc == 0 && ctx->json)
		print_json(plan_json(ctx, &j, &p));
	else if (rc == 0)
		plan_print(ctx, &j, &p);
	cJSON_Delete(run);
	job_free(&j);
	return rc;
}

/* Options that only make sense with another: a mistyped combination is an error, not
 * silently ignored. */
static int check_combinations(const struct cmd_args *args)
{
	static const char *const plan_only[] = {"effect", "base-rate", "discordance"};
	for (size_t k = 0; k < LOCO_ARRAY_LEN(plan_only); k++)
		if (arg_value(args, plan_only[k]) && !arg_flag(args, "plan")) {
			loco_error("--%s goes with --plan ADAPTER", plan_only[k]);
			return LOCO_USAGE;
		}
	if (arg_flag(args, "out-of-domain") && arg_flag(args, "no-out-of-domain")) {
		loco_error(
		    "--out-of-domain and --no-out-of-domain contradict each other; give one");
		return LOCO_USAGE;
	}
	if (arg_flag(args, "out-of-domain") && arg_flag(args, "base-only")) {
		loco_error("--out-of-domain compares the adapter; it cannot go with --base-only");
		return LOCO_USAGE;
	}
	return 0;
}

static int run_eval(struct loco_ctx *ctx, const struct cmd_args *args)
{
	int rc = check_combinations(args);
	if (rc)
		return rc;
	if (arg_flag(args, "router")) {
		if (args->npos) {
			loco_error(
			    "eval --router takes no adapter: it routes every adapter's dataset");
			return LOCO_USAGE;
		}
		return eval_router(ctx);
	}
	if (arg_flag(args, "all")) {
		if (args->npos || arg_flag(args, "dataset") || arg_flag(args, "base-only") ||
		    arg_flag(args, "log") || arg_flag(args, "plan")) {
			loco_error("eval --all runs every adapter on its own dataset; it takes no "
			           "ADAPTER, --dataset, --base-only, --log or --plan");
			return LOCO_USAGE;
		}
		rc = eval_all(ctx, args);
		return rc ? rc : write_status;
	}
	if (args->npos != 1) {
		loco_error("eval needs one ADAPTER (or --router, --all); usage: loco eval %s",
		           "[options] ADAPTER");
		return LOCO_USAGE;
	}
	if (arg_flag(args, "plan"))
		return eval_plan(ctx, args, args->pos[0]);
	rc = eval_one(ctx, args, args->pos[0]);
	return rc ? rc : write_status;
}

static const struct optspec eval_opts[] = {
    {"dataset", 'd', "FILE", "use FILE instead of the adapter's eval_dataset"},
    {"limit", 0, "N", "only the first N items"},
    {"votes", 'n', "N", "N samples per answer, the majority by item type"},
    {"jobs", 'j', "N", "requests at once (default eval.jobs)"},
    {"no-reread", 0, NULL, "send each question once (RE2 is on by default)"},
    {"no-cache", 0, NULL, "ask the server again even for cached answers"},
    {"log", 0, "FILE", "write one JSON line per (item, model) to FILE"},
    {"base-only", 0, NULL, "score only the base model"},
    {"gate", 0, NULL, "exit 1 unless it ships (CI); checks out of domain too"},
    {"router", 0, NULL, "routing accuracy over every dataset (no server)"},
    {"all", 0, NULL, "every adapter on its own dataset, one table"},
    {"allow-unsandboxed", 0, NULL, "run code_execution items even with no seccomp filter"},
    {"out-of-domain", 0, NULL, "compare on every other dataset too (a big drop fails)"},
    {"no-out-of-domain", 0, NULL, "with --gate: do not compare on the other datasets"},
    {"plan", 0, NULL, "how many items the dataset needs (no request is sent)"},
    {"effect", 0, "POINTS", "--plan: difference to detect (default: latest run)"},
    {"base-rate", 0, "P", "--plan: base pass rate, 0 to 1 (default: latest run)"},
    {"discordance", 0, "D", "--plan: share of items disagreeing (default: latest)"},
    {"json", 0, NULL, "print the report as one JSON object"},
};

const struct command cmd_eval = {
    .name = "eval",
    .run = run_eval,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "does ADAPTER beat the base model? (--router: routing accuracy)",
    .usage = "[options] ADAPTER | --all | --router | --plan ADAPTER",
    .description = "Asks the base model and the adapter's model every item of the adapter's eval\n"
                   "dataset with the same pipeline (RE2, deterministic options: eval.temperature,\n"
                   "eval.top_p, eval.max_tokens, eval.seed, think off; the adapter also gets its\n"
                   "system context), scores the answers by each item's type, and reports both\n"
                   "scores, the difference with its 95% CI, one test and the verdict. Pass/fail\n"
                   "items: exact McNemar, Tango's interval. Graded items (rouge, f1, llm_judge,\n"
                   "custom): a paired sign-flip test on the scores. Verdicts: ships (better,\n"
                   "p < 0.05), not significant, worse than base, too few items (under\n"
                   "eval.min_items), regresses out of domain (a drop over eval.ood_max_drop on\n"
                   "another adapter's dataset, checked with --out-of-domain and by --gate).\n"
                   "Requests go out in blocks of one model (the base, then the adapter's, the\n"
                   "judge's last), --jobs at a time inside a block, so that Ollama loads each\n"
                   "model once; the report's adapter swap line gives the loads and their time.\n"
                   "Answers are cached (eval.cache), so an interrupted run resumes and a rerun\n"
                   "sends nothing. Every run is archived in LOCO_HOME/results/ADAPTER/.\n"
                   "Cached answers, the archive and --log are private (0600, folders 0700).\n\n"
                   "Exit status: 0; 1 when requests got no answer, --gate is not met, or an\n"
                   "answer could not be cached or the result archived (a full disk, a folder\n"
                   "that cannot be written: said once with the path and the reason, and the\n"
                   "report is still printed); 2 usage, 3 server unreachable, 4 adapter or\n"
                   "model not found, 5 invalid dataset or registry, 130 Ctrl-C.",
    .opts = eval_opts,
    .nopts = LOCO_ARRAY_LEN(eval_opts),
    .min_pos = 0,
    .max_pos = 1,
};
