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

#include "backend.h"
#include "cli.h"
#include "dataset.h"
#include "eval.h"
#include "prompt.h"
#include "results.h"
#include "router.h"
#include "sandbox.h"

struct eval_job {
	const struct adapter *adapter;
	const struct adapter *domain; /* whose dataset (--out-of-domain); NULL = the adapter's */
	bool no_archive;
	struct dataset ds;
	char *model[2];
	char *digest[2];
	struct eval_result result;
	struct eval_summary sum;
	struct score_env env; /* the sandbox layers code_execution ran under */
	char *earlier_note;   /* results on another version of the dataset */
	bool reread;          /* RE2 as sent (config and --no-reread) */
};

/* The servers an eval uses: --host given more than once, else config
 * ollama.hosts when it lists several, else the one server. */
struct hostset {
	struct backend *b[EVAL_MAX_HOSTS];
	size_t n;
};

static void hosts_close(struct hostset *h)
{
	for (size_t i = 0; i < h->n; i++)
		backend_free(h->b[i]);
	h->n = 0;
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
	h->n = 0;
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

/* Both models must be installed; their digests key the cache. */
/* Both models on one server. With spare servers (may_drop), one that cannot
 * be reached returns -1 quietly so the caller can leave it out. */
static int check_models_on(struct backend *b, struct eval_job *j, bool base_only, bool may_drop)
{
	struct model_info *list = NULL;
	size_t n = 0;
	struct net_error e = {0};
	if (backend_list_models(b, &list, &n, &e) < 0) {
		if (may_drop && e.status == NET_UNREACHABLE) {
			loco_warn("%s is unreachable (%s); evaluating on the other servers",
			          backend_address(b), e.message);
			net_error_clear(&e);
			return -1;
		}
		loco_error(
		    "cannot reach %s at %s (%s); start it with 'ollama serve' or set OLLAMA_HOST",
		    backend_kind(b) == BACKEND_OLLAMA ? "Ollama" : "the server", backend_address(b),
		    e.message);
		int rc = e.status == NET_UNREACHABLE ? LOCO_UNREACHABLE : LOCO_FAIL;
		net_error_clear(&e);
		return rc;
	}
	int rc = 0;
	for (int s = base_only ? 0 : 1; s >= 0; s--) {
		const struct model_info *m = NULL;
		for (size_t i = 0; i < n && !m; i++)
			if (model_name_equal(list[i].name, j->model[s]))
				m = &list[i];
		if (!j->digest[s])
			j->digest[s] = xstrdup(m ? m->digest : "");
		if (!m && !rc) {
			if (s == SIDE_ADAPTER)
				loco_error("model '%s' not found; run 'loco setup'", j->model[s]);
			else
				loco_error("model '%s' not found; run 'ollama pull %s'",
				           j->model[s], j->model[s]);
			rc = LOCO_NOT_FOUND;
		}
	}
	model_list_free(list, n);
	return rc;
}

/* On every server: a missing model anywhere would fail half the requests; a
 * server that does not answer at all leaves a set of several. */
static int check_models(struct hostset *h, struct eval_job *j, bool base_only)
{
	for (size_t i = 0; i < h->n;) {
		int rc = check_models_on(h->b[i], j, base_only, h->n > 1);
		if (rc > 0)
			return rc;
		if (rc == 0) {
			i++;
			continue;
		}
		backend_free(h->b[i]);
		memmove(&h->b[i], &h->b[i + 1], (h->n - i - 1) * sizeof h->b[0]);
		h->n--;
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
	if (base_only) {
		cJSON_AddItemToObject(o, "adapter", cJSON_CreateNull());
		cJSON_AddItemToObject(o, "delta", cJSON_CreateNull());
		cJSON_AddItemToObject(o, "ci95", cJSON_CreateNull());
		cJSON_AddItemToObject(o, "mcnemar_p", cJSON_CreateNull());
		cJSON_AddItemToObject(o, "verdict", cJSON_CreateNull());
	} else {
		cJSON_AddItemToObject(o, "adapter", side_json(s->correct[1], s->n, s->score[1]));
		cJSON_AddNumberToObject(o, "delta", r4(s->delta));
		cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
		cJSON_AddItemToArray(ci, cJSON_CreateNumber(r4(s->ci_lo)));
		cJSON_AddItemToArray(ci, cJSON_CreateNumber(r4(s->ci_hi)));
		cJSON_AddNumberToObject(o, "mcnemar_p", sig6(s->mcnemar_p));
		cJSON_AddStringToObject(o, "verdict", verdict_name(s->verdict));
	}
	if (j->env.ran) {
		char *layers = sandbox_layers_text(&j->env.layers);
		cJSON_AddStringToObject(o, "sandbox", layers);
		free(layers);
		cJSON *pc = cJSON_AddObjectToObject(o, "partial_credit");
		for (int k = 0; k < (base_only ? 1 : 2); k++)
			cJSON_AddNumberToObject(pc, k ? "adapter" : "base",
			                        r4(partial_credit(j, k)));
	}
	cJSON *set = cJSON_AddObjectToObject(o, "settings");
	cJSON_AddBoolToObject(set, "reread", j->reread);
	cJSON_AddNumberToObject(set, "votes", j->result.votes ? j->result.votes : 1);
	cJSON_AddNumberToObject(set, "temperature", ctx->cfg.eval_temperature);
	cJSON_AddNumberToObject(set, "seed", (double)ctx->cfg.eval_seed);
	return o;
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
	if (base_only)
		return;
	printf("  %-14s %4zu/%-4zu %7.1f%%\n", "adapter", s->correct[1], s->n, 100 * s->score[1]);
	if (j->env.ran)
		printf("  %-14s base %.1f%%, adapter %.1f%% of tests passed\n", "partial credit",
		       100 * partial_credit(j, 0), 100 * partial_credit(j, 1));
	printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, paired bootstrap)\n",
	       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
	printf("  McNemar p      %.4g (only the adapter right: %ld, only the base: %ld)\n",
	       s->mcnemar_p, s->only_adapter, s->only_base);
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
	printf("\n  verdict: %s\n", verdict_name(s->verdict));
}

/* ---- writes that failed -------------------------------------------------- */

/* A cache entry or an archive that could not be written is said once, with
 * the path and the reason; the run still reports, then exits 1 (SPEC 10:
 * a full disk is never silent). eval --help and the man page name this. */
static int write_status;

static void cache_failures(const struct eval_result *r)
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

static int run_job(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                   struct eval_job *j, FILE *log)
{
	bool base_only = arg_flag(args, "base-only");
	long limit = 0;
	const char *lv = arg_value(args, "limit");
	if (lv && (!parse_long(lv, &limit) || limit < 1)) {
		loco_error("--limit must be a whole number of at least 1, not '%s'", lv);
		return LOCO_USAGE;
	}
	long votes = 1;
	const char *vv = arg_value(args, "votes");
	if (vv && (!parse_long(vv, &votes) || votes < 1 || votes > 64)) {
		loco_error("--votes must be a whole number from 1 to 64, not '%s'", vv);
		return LOCO_USAGE;
	}
	long jobs = ctx->cfg.eval_jobs;
	const char *jv = arg_value(args, "jobs");
	if (jv && (!parse_long(jv, &jobs) || jobs < 1 || jobs > 64)) {
		loco_error("--jobs must be a whole number from 1 to 64, not '%s'", jv);
		return LOCO_USAGE;
	}
	j->model[SIDE_BASE] = xstrdup(ctx->reg.base_ollama_name);
	j->model[SIDE_ADAPTER] = adapter_model_name(j->adapter);
	int rc = load_dataset(ctx, args, j);
	if (rc == 0)
		rc = check_types(j, (size_t)limit, arg_flag(args, "allow-unsandboxed"));
	if (rc == 0)
		rc = check_models(h, j, base_only);
	if (rc)
		return rc;
	char *system = prompt_system(j->adapter, NULL);
	char *cache = ctx->cfg.eval_cache && !arg_flag(args, "no-cache")
	                  ? path_join(ctx->cfg.home, "cache/chat")
	                  : NULL;
	struct bar bar = {ctx, j->adapter->name, 0};
	j->env.allow_unsandboxed = arg_flag(args, "allow-unsandboxed");
	struct eval_opts o = {
	    .hosts = (struct backend **)h->b,
	    .n_hosts = h->n,
	    .ds = &j->ds,
	    .limit = (size_t)limit,
	    .jobs = (int)jobs,
	    .base_only = base_only,
	    .model = {j->model[0], j->model[1]},
	    .digest = {j->digest[0], j->digest[1]},
	    .system = system,
	    .reread = j->reread = ctx->cfg.reread && !arg_flag(args, "no-reread"),
	    .votes = votes,
	    .vote_temperature = ctx->cfg.vote_temperature,
	    .chat = eval_chat_options(&ctx->cfg),
	    .cache_dir = cache,
	    .score_env = &j->env,
	    .judge_model =
	        ctx->cfg.eval_judge_model ? ctx->cfg.eval_judge_model : ctx->reg.base_ollama_name,
	    .judge_temperature = ctx->cfg.vote_temperature,
	    .log = log,
	    .progress = ctx->quiet ? NULL : progress,
	    .progress_ctx = &bar,
	};
	struct sigaction old;
	backend_catch_sigint(&old);
	int run = eval_run(&o, &j->result);
	for (size_t i = 0; i < h->n; i++)
		if (j->result.host_down[i])
			loco_warn(
			    "%s left the rotation (%s); its requests went to the other servers",
			    backend_address(h->b[i]), j->result.host_error[i]);
	backend_release_sigint(&old);
	if (ctx->tty_err && !ctx->quiet)
		fprintf(stderr, "\r\033[K");
	cache_failures(&j->result);
	free(system);
	free(cache);
	if (run < 0) {
		const struct eval_result *r = &j->result;
		if (r->interrupted) {
			loco_error(
			    "interrupted; finished answers are cached, so a rerun sends only what "
			    "is missing");
			return LOCO_INTERRUPTED;
		}
		loco_error(
		    "%zu request%s got no answer (first: %s); finished answers are cached, so "
		    "a rerun retries only those",
		    r->failed, r->failed == 1 ? "" : "s", r->first_error.message);
		return net_exit_code(r->first_error.status);
	}
	eval_summarize(&j->result, base_only, &j->sum);
	if (!j->no_archive)
		archive(ctx, j, base_only);
	return 0;
}

static void job_free(struct eval_job *j)
{
	eval_result_free(&j->result);
	dataset_free(&j->ds);
	for (int s = 0; s < 2; s++) {
		free(j->model[s]);
		free(j->digest[s]);
	}
	free(j->earlier_note);
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

/* ---- --out-of-domain ----------------------------------------------------- */

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

static const char *drop_flag(double delta)
{
	return delta < -0.10 ? "training problem" : delta < -0.05 ? "regression" : NULL;
}

/* The adapter and the base on every other adapter's dataset: a specialist
 * should not get worse outside its domain. */
static int out_of_domain(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                         const struct adapter *a, cJSON *json)
{
	if (!ctx->json)
		printf("\nout of domain (%s's model vs the base on other datasets):\n", a->name);
	for (size_t i = 0; i < ctx->reg.n_adapters; i++) {
		const struct adapter *d = &ctx->reg.adapters[i];
		const char *why;
		if (d == a)
			continue;
		if (!has_dataset(ctx, d, &why)) {
			if (!ctx->json)
				printf("  %-12s skipped: %s\n", d->name, why);
			continue;
		}
		struct eval_job j;
		memset(&j, 0, sizeof j);
		j.adapter = a;
		j.domain = d;
		j.no_archive = true;
		int rc = run_job(ctx, args, h, &j, NULL);
		if (rc) {
			job_free(&j);
			return rc;
		}
		const struct eval_summary *s = &j.sum;
		const char *flag = drop_flag(s->delta);
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "dataset_of", d->name);
			cJSON_AddNumberToObject(o, "n", (double)s->n);
			cJSON_AddNumberToObject(o, "base", r4(s->score[0]));
			cJSON_AddNumberToObject(o, "adapter", r4(s->score[1]));
			cJSON_AddNumberToObject(o, "delta", r4(s->delta));
			cJSON_AddItemToObject(o, "flag",
			                      flag ? cJSON_CreateString(flag) : cJSON_CreateNull());
			cJSON_AddItemToArray(json, o);
		} else {
			printf("  %-12s %4zu items  base %5.1f%%  adapter %5.1f%%  %+6.1f "
			       "points%s%s\n",
			       d->name, s->n, 100 * s->score[0], 100 * s->score[1], 100 * s->delta,
			       flag ? "  " : "", flag ? flag : "");
		}
		job_free(&j);
	}
	return 0;
}

/* ---- --all --------------------------------------------------------------- */

static void all_row(const struct eval_job *j)
{
	const struct eval_summary *s = &j->sum;
	printf("%-14s %4zu %7.1f%% %7.1f%% %+7.1f %9.4g  %s\n", j->adapter->name, s->n,
	       100 * s->score[0], 100 * s->score[1], 100 * s->delta, s->mcnemar_p,
	       verdict_name(s->verdict));
}

/* Every adapter with a dataset loco can score, one row each. */
static int eval_all(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct hostset h;
	int rc = hosts_open(ctx, args, &h), worst = 0;
	cJSON *list = cJSON_CreateArray();
	if (rc == 0 && !ctx->json)
		printf("%-14s %4s %8s %8s %7s %9s  %s\n", "adapter", "n", "base", "adapter",
		       "delta", "McNemar p", "verdict");
	for (size_t i = 0; rc == 0 && i < ctx->reg.n_adapters; i++) {
		const struct adapter *a = &ctx->reg.adapters[i];
		const char *why;
		if (!has_dataset(ctx, a, &why)) {
			if (!ctx->json)
				printf("%-14s skipped: %s\n", a->name, why);
			continue;
		}
		struct eval_job j;
		memset(&j, 0, sizeof j);
		j.adapter = a;
		int jr = run_job(ctx, args, &h, &j, NULL);
		if (jr == LOCO_INTERRUPTED || jr == LOCO_UNREACHABLE) {
			rc = jr;
		} else if (jr) {
			worst = worst ? worst : jr;
			if (!ctx->json)
				printf("%-14s failed (see above)\n", a->name);
		} else {
			if (ctx->json)
				cJSON_AddItemToArray(list, report_json(ctx, &j, false));
			else
				all_row(&j);
			if (j.earlier_note)
				loco_warn("%s: %s", a->name, j.earlier_note);
			if (arg_flag(args, "gate") && j.sum.verdict != VERDICT_SHIPS)
				worst = worst ? worst : LOCO_FAIL;
		}
		job_free(&j);
	}
	if (rc == 0 && ctx->json)
		print_json(list);
	else
		cJSON_Delete(list);
	hosts_close(&h);
	return rc ? rc : worst;
}

static int eval_one(struct loco_ctx *ctx, const struct cmd_args *args, const char *name)
{
	struct eval_job j;
	memset(&j, 0, sizeof j);
	j.adapter = find_adapter(ctx, name);
	if (!j.adapter)
		return LOCO_NOT_FOUND;
	struct hostset h = {.n = 0};
	int rc = 0;
	FILE *log = open_log(args, &rc);
	if (rc == 0)
		rc = hosts_open(ctx, args, &h);
	if (rc == 0)
		rc = run_job(ctx, args, &h, &j, log);
	bool base_only = arg_flag(args, "base-only");
	if (rc == 0) {
		cJSON *report = ctx->json ? report_json(ctx, &j, base_only) : NULL;
		if (!ctx->json)
			print_report(&j, base_only);
		if (arg_flag(args, "out-of-domain"))
			rc = out_of_domain(ctx, args, &h, j.adapter,
			                   report ? cJSON_AddArrayToObject(report, "out_of_domain")
			                          : NULL);
		if (report && rc == 0)
			print_json(report);
		else
			cJSON_Delete(report);
	}
	if (rc == 0) {
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
	job_free(&j);
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

static int run_eval(struct loco_ctx *ctx, const struct cmd_args *args)
{
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
		    arg_flag(args, "log") || arg_flag(args, "out-of-domain")) {
			loco_error("eval --all runs every adapter on its own dataset; it takes no "
			           "ADAPTER, "
			           "--dataset, --base-only, --log or --out-of-domain");
			return LOCO_USAGE;
		}
		int rc = eval_all(ctx, args);
		return rc ? rc : write_status;
	}
	if (args->npos != 1) {
		loco_error("eval needs one ADAPTER (or --router, --all); usage: loco eval %s",
		           "[options] ADAPTER");
		return LOCO_USAGE;
	}
	int rc = eval_one(ctx, args, args->pos[0]);
	return rc ? rc : write_status;
}

static const struct optspec eval_opts[] = {
    {"dataset", 'd', "FILE", "evaluate on FILE instead of the adapter's eval_dataset"},
    {"limit", 0, "N", "only the first N items"},
    {"votes", 'n', "N", "N samples per answer at vote_temperature, majority by item type"},
    {"jobs", 'j', "N", "requests at once (default eval.jobs)"},
    {"no-reread", 0, NULL, "send each question once (RE2 is on by default)"},
    {"no-cache", 0, NULL, "ask the server again even for cached answers"},
    {"log", 0, "FILE", "write one JSON line per (item, model) to FILE"},
    {"base-only", 0, NULL, "score only the base model"},
    {"gate", 0, NULL, "exit 1 unless the verdict is 'ships' (for CI)"},
    {"router", 0, NULL, "routing accuracy over every adapter's dataset (no server)"},
    {"all", 0, NULL, "every adapter on its own dataset, one table"},
    {"allow-unsandboxed", 0, NULL, "run code_execution items even where no sandbox layer works"},
    {"out-of-domain", 0, NULL,
     "also compare on every other adapter's dataset (flags drops over 5 points)"},
    {"json", 0, NULL, "print the report as one JSON object"},
};

const struct command cmd_eval = {
    .name = "eval",
    .run = run_eval,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "does ADAPTER beat the base model? (--router: routing accuracy)",
    .usage = "[options] ADAPTER | --all | --router",
    .description = "Asks the base model and the adapter's model every item of the adapter's eval\n"
                   "dataset with the same pipeline (RE2, deterministic options: eval.temperature,\n"
                   "eval.top_p, eval.max_tokens, eval.seed, think off; the adapter also gets its\n"
                   "system context), scores the answers by each item's type, and reports both\n"
                   "scores, the difference with a paired-bootstrap 95% CI, the exact McNemar\n"
                   "p-value and the verdict: ships (better, p < 0.05), not significant, or worse\n"
                   "than base. Answers are cached (eval.cache), so an interrupted run resumes and\n"
                   "a rerun sends nothing. Every run is archived in LOCO_HOME/results/ADAPTER/.\n"
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
