/* eval.c: `loco eval` — does an adapter beat the base model on its dataset?
 * This file holds the options, the servers, the run and one adapter; the
 * report and the archive are in eval_report.c, the out-of-domain rule in
 * eval_ood.c, the modes --all, --plan and --router in eval_all.c,
 * eval_plan.c and eval_router.c (their shared state: eval_job.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "backend.h"
#include "cmd.h"
#include "dataset.h"
#include "eval.h"
#include "eval_job.h"
#include "interrupt.h"
#include "models.h"
#include "prompt.h"
#include "sandbox.h"

void eval_hosts_close(struct hostset *h)
{
	for (size_t i = 0; i < h->n; i++) {
		backend_free(h->b[i]);
		model_list_free(h->models[i], h->n_models[i]);
	}
	memset(h, 0, sizeof *h);
}

int eval_run_options(const struct loco_ctx *ctx, const struct cmd_args *args, struct run_opts *r)
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

int eval_hosts_open(const struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h)
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
	if (n < 2 || config_backend_kind(&ctx->cfg) != BACKEND_OLLAMA) {
		int rc = open_backend(ctx, &h->b[0]);
		h->n = rc ? 0 : 1;
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = open_backend_at(ctx, urls[i], &h->b[h->n]);
		if (rc) {
			eval_hosts_close(h);
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

double eval_pct(size_t a, size_t b)
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
		        pr->total, eval_pct(pr->correct[0], pr->scored[0]),
		        eval_pct(pr->correct[1], pr->scored[1]), (int)eta / 60, (int)eta % 60);
		fflush(stderr);
		return;
	}
	int tenth = pr->total ? (int)(10 * pr->done / pr->total) : 10;
	if (tenth > bar->last_tenth) {
		bar->last_tenth = tenth;
		fprintf(stderr, "loco: eval %s: %zu/%zu requests, base %.1f%%, adapter %.1f%%\n",
		        bar->name, pr->done, pr->total, eval_pct(pr->correct[0], pr->scored[0]),
		        eval_pct(pr->correct[1], pr->scored[1]));
	}
}

/* ---- preparing --------------------------------------------------------- */

int eval_load_dataset(const struct loco_ctx *ctx, const struct cmd_args *args, struct eval_job *j)
{
	const char *given = j->domain ? NULL : arg_value(args, "dataset");
	const struct adapter *owner = j->domain ? j->domain : j->adapter;
	char *path = given ? xstrdup(given) : adapter_dataset_path(&ctx->reg, owner);
	if (!path) {
		loco_error("adapter '%s' has no eval dataset%s", j->adapter->name,
		           ctx->reg.dir ? "" : " here");
		loco_hint("pass one with --dataset FILE");
		loco_hint_builtin_registry(ctx);
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
static int check_models_on(const struct loco_ctx *ctx, struct hostset *h, size_t i,
                           struct eval_job *j, bool base_only, bool may_drop)
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
		loco_error("cannot reach %s at %s (%s)",
		           backend_kind(b) == BACKEND_OLLAMA ? "Ollama" : "the server",
		           backend_address(b), e.message);
		if (backend_kind(b) == BACKEND_OLLAMA)
			loco_hint_server(ctx);
		else
			loco_hint("check backend.base_url ('loco config get backend.base_url')");
		int rc = e.status == NET_UNREACHABLE ? LOCO_UNREACHABLE : LOCO_FAIL;
		net_error_clear(&e);
		return rc;
	}
	h->listed[i] = true;
	const struct model_info *list = h->models[i];
	size_t n = h->n_models[i];
	int rc = 0;
	for (int s = base_only ? 0 : 1; s >= 0; s--) {
		const struct model_info *m = model_find(list, n, j->model[s]);
		if (!j->digest[s])
			j->digest[s] = xstrdup(m ? m->digest : "");
		if (!m && !rc && (rc = answer_not_ollama(b)) != 0)
			break;
		if (!m && !rc && backend_route_error(b, j->model[s])) {
			loco_error("%s", backend_route_error(b, j->model[s]));
			rc = LOCO_NOT_FOUND;
		}
		if (!m && !rc && backend_kind_openai(backend_kind(b)) && s != SIDE_ADAPTER) {
			rc = answer_check_served(b, list, n, j->model[s]);
			continue;
		}
		if (!m && !rc && backend_kind(b) == BACKEND_VLLM) {
			loco_error("%s does not serve '%s'", backend_address(b), j->model[s]);
			loco_hint("start vLLM with --lora-modules %s=PATH ('loco setup --dry-run' "
			          "prints it)",
			          j->model[s]);
			rc = LOCO_NOT_FOUND;
		}
		if (!m && !rc && backend_kind_openai(backend_kind(b))) {
			/* an eval of a single-model server would compare it with itself */
			loco_error(
			    "%s does not serve '%s'; serve the adapter's model under that id "
			    "(llama-server: --alias %s)",
			    backend_address(b), j->model[s], j->model[s]);
			rc = LOCO_NOT_FOUND;
		}
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
static int check_models(const struct loco_ctx *ctx, struct hostset *h, struct eval_job *j,
                        bool base_only)
{
	for (size_t i = 0; i < h->n;) {
		int rc = check_models_on(ctx, h, i, j, base_only, h->n > 1);
		if (rc > 0)
			return rc;
		if (rc == 0)
			i++;
		else
			drop_host(h, i);
	}
	return 0;
}

struct chat_options eval_chat_options(const struct loco_config *c)
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

/* ---- writes that failed -------------------------------------------------- */

int eval_write_status;

static void cache_failures(const struct eval_status *r)
{
	if (!r->cache_failed)
		return;
	loco_error("%zu answer%s could not be cached (first: %s); a rerun asks the server for "
	           "%s again",
	           r->cache_failed, r->cache_failed == 1 ? "" : "s", r->cache_error,
	           r->cache_failed == 1 ? "it" : "them");
	eval_write_status = LOCO_FAIL;
}

/* No silent truncation (issue 16, item 5): Ollama cuts a prompt that does
 * not fit num_ctx without a word, and eval keeps num_ctx fixed so that each
 * model loads once, so items too long for it are named before the run. */
static void check_context(const struct loco_ctx *ctx, const struct eval_job *j, size_t limit)
{
	long num_ctx = ctx->cfg.num_ctx, room = ctx->cfg.eval_max_tokens;
	if (config_backend_kind(&ctx->cfg) != BACKEND_OLLAMA)
		return; /* num_ctx is not sent: the server's own limit answers */
	long sys = j->system ? prompt_estimate_tokens(j->system) : 0, longest = 0;
	size_t n = limit && limit < j->ds.n ? limit : j->ds.n, over = 0;
	const char *first = NULL;
	for (size_t i = 0; i < n; i++) {
		long need =
		    sys + prompt_estimate_tokens(j->ds.items[i].prompt) * (j->reread ? 2 : 1);
		if (need + room <= num_ctx)
			continue;
		if (!over++)
			first = j->ds.items[i].id;
		longest = need > longest ? need : longest;
	}
	if (over)
		loco_warn("%zu of %zu items of %s do not fit num_ctx %ld with room for the answer "
		          "(eval.max_tokens %ld; first: %s, the longest about %ld tokens); Ollama "
		          "cuts such prompts; set inference.num_ctx to %ld or more",
		          over, n, j->ds.path, num_ctx, room, first, longest, longest + room);
}

/* ---- one adapter ------------------------------------------------------- */

/* The dataset, the models and the system context of one job, before any chat. */
int eval_prepare_job(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                     const struct run_opts *ro, struct eval_job *j)
{
	j->model[SIDE_BASE] = xstrdup(ctx->reg.base_ollama_name);
	j->model[SIDE_ADAPTER] = adapter_model_name(j->adapter);
	int rc = eval_load_dataset(ctx, args, j);
	if (rc == 0)
		rc = check_types(j, (size_t)ro->limit, arg_flag(args, "allow-unsandboxed"));
	if (rc == 0)
		rc = check_models(ctx, h, j, ro->base_only);
	if (rc == 0)
		rc = eval_tools_prepare(ctx, args, j);
	if (rc)
		return rc;
	j->system = prompt_system(j->adapter, NULL);
	j->env.allow_unsandboxed = arg_flag(args, "allow-unsandboxed");
	j->env.max_disk_mb = ctx->cfg.sandbox_max_disk_mb;
	j->reread = ctx->cfg.reread && !arg_flag(args, "no-reread");
	j->early_stop = !arg_flag(args, "no-early-stop");
	check_context(ctx, j, (size_t)ro->limit);
	return 0;
}

/* Says why a run stopped; per_job names each job whose requests failed
 * (--all, where the others still report). */
static int run_failure(const struct eval_status *st, struct eval_job **jobs, size_t n, bool per_job)
{
	if (st->interrupted) {
		loco_error("interrupted");
		loco_hint("finished answers are cached: a rerun sends only what is missing");
		return LOCO_INTERRUPTED;
	}
	if (!per_job || st->fatal) {
		loco_error("%zu request%s got no answer (first: %s)", st->failed,
		           st->failed == 1 ? "" : "s", st->first_error.message);
		loco_hint("finished answers are cached: a rerun retries only those");
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
int eval_run_jobs(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
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
		    .tools = {j->tools[0], j->tools[1]},
		    .same_system = j->same_system,
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
	    .early_stop = !arg_flag(args, "no-early-stop"),
	    .vote_temperature = ctx->cfg.vote_temperature,
	    .chat = eval_chat_options(&ctx->cfg),
	    .cache_dir = cache,
	    .judge_model =
	        ctx->cfg.eval_judge_model ? ctx->cfg.eval_judge_model : ctx->reg.base_ollama_name,
	    .judge_temperature = ctx->cfg.vote_temperature,
	    .log = log,
	    .tool_max_calls = (int)ctx->cfg.tools_max_calls,
	    .progress = ctx->quiet ? NULL : progress,
	    .progress_ctx = &bar,
	};
	struct sigaction old;
	interrupt_catch(&old);
	int run = eval_run(&o, parts, n, st);
	for (size_t i = 0; i < h->n; i++)
		if (st->host_down[i])
			loco_warn(
			    "%s left the rotation (%s); its requests went to the other servers",
			    backend_address(h->b[i]), st->host_error[i]);
	interrupt_release(&old);
	if (ctx->tty_err && !ctx->quiet)
		fprintf(stderr, "\r\033[K");
	if (st->serial)
		answer_serial_hint(ctx, h->b[0], o.jobs, "requests of --jobs");
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

void eval_job_free(struct eval_job *j)
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

FILE *eval_open_log(const struct cmd_args *args, int *rc)
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

/* ---- one adapter ---------------------------------------------------------- */

int eval_job_begin(struct loco_ctx *ctx, const struct cmd_args *args, const char *name,
                   struct eval_single *s)
{
	memset(s, 0, sizeof *s);
	s->j.adapter = find_adapter(ctx, name);
	if (!s->j.adapter)
		return LOCO_NOT_FOUND;
	int rc = eval_run_options(ctx, args, &s->ro);
	s->log = rc ? NULL : eval_open_log(args, &rc);
	if (rc == 0)
		rc = eval_hosts_open(ctx, args, &s->h);
	if (rc == 0)
		rc = eval_prepare_job(ctx, args, &s->h, &s->ro, &s->j);
	return rc;
}

int eval_job_end(const struct cmd_args *args, struct eval_single *s, int rc)
{
	if (s->log && fclose(s->log) != 0 && rc == 0) {
		loco_error("cannot write '%s': %s", arg_value(args, "log"), strerror(errno));
		rc = LOCO_FAIL;
	}
	eval_hosts_close(&s->h);
	eval_ood_free(&s->j.ood);
	eval_job_free(&s->j);
	eval_status_free(&s->st);
	memset(s, 0, sizeof *s);
	return rc;
}

static int eval_one(struct loco_ctx *ctx, const struct cmd_args *args, const char *name)
{
	struct eval_single s;
	int rc = eval_job_begin(ctx, args, name, &s);
	struct eval_job *j = &s.j;
	bool base_only = s.ro.base_only;
	if (rc == 0 && !base_only)
		rc = eval_ood_prepare(ctx, args, &s.h, &s.ro, j, eval_ood_wanted(args));
	if (rc == 0) {
		struct eval_job **jobs = xcalloc(j->ood.n + 2, sizeof *jobs);
		size_t n = eval_job_list(j, jobs);
		rc = eval_run_jobs(ctx, args, &s.h, &s.ro, jobs, n, j->adapter->name, s.log, false,
		                   &s.st);
		free(jobs);
	}
	if (rc == 0) {
		if (!base_only) {
			eval_ood_finish(ctx, j);
			eval_settle_verdict(j);
		}
		eval_archive(ctx, j, base_only);
		eval_report(ctx, args, j);
		if (j->earlier_note)
			loco_warn("%s", j->earlier_note);
		if (arg_flag(args, "gate") && (base_only || j->sum.verdict != VERDICT_SHIPS)) {
			loco_error("gate: the verdict is '%s', not 'ships'",
			           base_only ? "none (--base-only)" : verdict_name(j->sum.verdict));
			rc = LOCO_FAIL;
		}
	}
	return eval_job_end(args, &s, rc);
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
		loco_error("--out-of-domain and --no-out-of-domain contradict each other");
		loco_hint("give one");
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
		return eval_router(ctx, args);
	}
	if (arg_flag(args, "all")) {
		if (args->npos || arg_flag(args, "dataset") || arg_flag(args, "base-only") ||
		    arg_flag(args, "log") || arg_flag(args, "plan")) {
			loco_error("--all takes no ADAPTER, --dataset, --base-only, --log or "
			           "--plan");
			loco_hint("it runs every adapter on its own dataset");
			return LOCO_USAGE;
		}
		rc = eval_all(ctx, args);
		return rc ? rc : eval_write_status;
	}
	if (args->npos != 1) {
		loco_error("eval needs one ADAPTER (or --router, --all); usage: loco eval %s",
		           "[options] ADAPTER");
		return LOCO_USAGE;
	}
	if (arg_flag(args, "plan"))
		return eval_plan(ctx, args, args->pos[0]);
	if (arg_flag(args, "ensemble") || arg_flag(args, "ensemble-base"))
		return eval_ensemble(ctx, args, args->pos[0]);
	if (arg_flag(args, "compare-tools"))
		return eval_compare_tools(ctx, args, args->pos[0]);
	rc = eval_one(ctx, args, args->pos[0]);
	return rc ? rc : eval_write_status;
}

static const struct optspec eval_opts[] = {
    {"dataset", 'd', "FILE", "use FILE instead of the adapter's eval_dataset"},
    {"limit", 0, "N", "only the first N items"},
    {"votes", 'n', "N", "N samples per answer, the majority by item type"},
    {"no-early-stop", 0, NULL, "with --votes, let every sample finish"},
    {"jobs", 'j', "N", "requests at once (default eval.jobs)"},
    {"no-reread", 0, NULL, "send each question once (RE2 is on by default)"},
    {"no-cache", 0, NULL, "ask the server again even for cached answers"},
    {"log", 0, "FILE", "write one JSON line per (item, model) to FILE"},
    {"base-only", 0, NULL, "score only the base model"},
    {"gate", 0, NULL, "exit 1 unless it ships (CI); checks out of domain too"},
    {"router", 0, NULL, "routing accuracy of every router kind, cross-validated (no server)"},
    {"router-kind", 0, "KIND", "--router: score only this kind (keyword, classifier, embedding)"},
    {"router-set", 0, "FILE", "--router: score a labelled held-out set instead"},
    {"folds", 0, "K", "--router: cross-validation folds (default 5)"},
    {"all", 0, NULL, "every adapter on its own dataset, one table"},
    {"allow-unsandboxed", 0, NULL, "run code_execution items even with no seccomp filter"},
    {"tools", 0, NULL, "offer the adapter's model the python tool (sandboxed)"},
    {"no-tools", 0, NULL, "offer no tools, even when the adapter declares them"},
    {"compare-tools", 0, NULL, "the adapter with the python tool against without it"},
    {"out-of-domain", 0, NULL, "compare on every other dataset too (a big drop fails)"},
    {"no-out-of-domain", 0, NULL, "with --gate: do not compare on the other datasets"},
    {"plan", 0, NULL, "how many items the dataset needs (no request is sent)"},
    {"effect", 0, "POINTS", "--plan: difference to detect (default: latest run)"},
    {"base-rate", 0, "P", "--plan: base pass rate, 0 to 1 (default: latest run)"},
    {"discordance", 0, "D", "--plan: share of items disagreeing (default: latest)"},
    {"ensemble", 0, NULL, "the domain's adapters voting together vs ADAPTER alone"},
    {"ensemble-base", 0, NULL, "--ensemble with the base model voting too"},
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
                   "On llamacpp and vllm, which swap adapters per request, nothing reloads:\n"
                   "base and adapter requests go out side by side, and the swap line gives\n"
                   "each model's mean time to the first byte.\n"
                   "Answers are cached (eval.cache), so an interrupted run resumes and a rerun\n"
                   "sends nothing. Every run is archived in LOCO_HOME/results/ADAPTER/.\n"
                   "Cached answers, the archive and --log are private (0600, folders 0700).\n"
                   "--ensemble compares N samples per item drawn round-robin from every\n"
                   "adapter of ADAPTER's domain with N from ADAPTER alone, paired.\n\n"
                   "--tools offers the adapter's model the python tool (sandboxed);\n"
                   "--compare-tools compares it with the tool and without, paired.\n\n"
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
