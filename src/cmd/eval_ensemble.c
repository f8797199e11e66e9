/* eval_ensemble.c: `loco eval ADAPTER --ensemble` (issue 20): does voting
 * across the adapter's domain beat the adapter alone? Each item gets N
 * samples from the ensemble (round-robin over the domain's models, as query
 * --ensemble draws them) and N from the adapter alone; the two majorities
 * are compared paired, with eval's test (McNemar, or sign-flip on graded
 * items). The numbers are the eval module's (ensemble_vote.h,
 * eval_summarize());
 * this file runs, prints and explains. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ensemble.h"
#include "ensemble_vote.h"
#include "eval_job.h"
#include "interrupt.h"
#include "prompt.h"

struct ens_run {
	struct eval_single s; /* the adapter: its dataset, sandbox and base check */
	struct ensemble e;
	int votes;
	struct eval_result *res; /* per member */
	char **system;           /* per member */
	struct eval_result out;  /* SIDE_BASE: the adapter alone; SIDE_ADAPTER: the ensemble */
	struct ensemble_stats st;
};

static int check_args(const struct cmd_args *args)
{
	static const char *const not_with[] = {"base-only", "out-of-domain", "gate", "log"};
	for (size_t k = 0; k < LOCO_ARRAY_LEN(not_with); k++)
		if (arg_flag(args, not_with[k])) {
			loco_error("--ensemble cannot go with --%s", not_with[k]);
			return LOCO_USAGE;
		}
	return 0;
}

static int check_items(const struct ens_run *r, long limit)
{
	size_t n = limit && (size_t)limit < r->s.j.ds.n ? (size_t)limit : r->s.j.ds.n;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r->s.j.ds.items[i].type, "llm_judge")) {
			loco_error(
			    "%s:%d: item '%s' is graded by a judge, which --ensemble does not "
			    "run yet",
			    r->s.j.ds.path, r->s.j.ds.items[i].line, r->s.j.ds.items[i].id);
			loco_hint(
			    "evaluate datasets without llm_judge items, or the adapter alone");
			return LOCO_USAGE;
		}
	return 0;
}

static void progress(void *p, const struct eval_progress *pr)
{
	int *last = p;
	int tenth = pr->total ? (int)(10 * pr->done / pr->total) : 10;
	if (tenth > *last) {
		*last = tenth;
		fprintf(stderr, "loco: eval --ensemble: %zu/%zu requests\n", pr->done, pr->total);
	}
}

/* Every member's share of the samples in one eval run: the adapter's part
 * asks all N (its first share is the ensemble's), the others their share. */
static int run_members(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                       const struct run_opts *ro, struct ens_run *r)
{
	size_t k = r->e.n;
	struct eval_part *parts = xcalloc(k, sizeof *parts);
	r->res = xcalloc(k, sizeof *r->res);
	r->system = xcalloc(k, sizeof *r->system);
	for (size_t m = 0; m < k; m++) {
		const struct ensemble_member *em = &r->e.m[m];
		r->system[m] = prompt_system(em->adapter, NULL);
		parts[m] = (struct eval_part){
		    .ds = &r->s.j.ds,
		    .limit = (size_t)ro->limit,
		    .model = {r->s.j.model[SIDE_BASE], em->model},
		    .digest = {r->s.j.digest[SIDE_BASE], em->digest},
		    .system = r->system[m],
		    .r = &r->res[m],
		    .score_env = &r->s.j.env,
		    .votes = m ? eval_ensemble_share(r->votes, k, m) : r->votes,
		    .keep_samples = true,
		};
	}
	char *cache = ctx->cfg.eval_cache && !arg_flag(args, "no-cache")
	                  ? path_join(ctx->cfg.home, "cache/chat")
	                  : NULL;
	int last = -1;
	struct eval_opts o = {
	    .hosts = (struct backend **)h->b,
	    .n_hosts = h->n,
	    .jobs = (int)ro->jobs,
	    .adapter_only = true,
	    .reread = r->s.j.reread,
	    .votes = 1,
	    .vote_temperature = ctx->cfg.vote_temperature,
	    .chat = eval_chat_options(&ctx->cfg),
	    .cache_dir = cache,
	    .progress = ctx->quiet || ctx->json ? NULL : progress,
	    .progress_ctx = &last,
	};
	struct sigaction old;
	interrupt_catch(&old);
	int rc = eval_run(&o, parts, k, &r->s.st);
	interrupt_release(&old);
	free(cache);
	free(parts);
	if (rc == 0)
		return 0;
	if (r->s.st.interrupted) {
		loco_error("interrupted");
		loco_hint("finished answers are cached: a rerun sends only what is missing");
		return LOCO_INTERRUPTED;
	}
	loco_error("%zu request%s got no answer (first: %s)", r->s.st.failed,
	           r->s.st.failed == 1 ? "" : "s", r->s.st.first_error.message);
	loco_hint("finished answers are cached: a rerun retries only those");
	return net_exit_code(r->s.st.first_error.status);
}

static cJSON *report_json(const struct ens_run *r)
{
	const struct eval_summary *s = &r->s.j.sum;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter", r->s.j.adapter->name);
	cJSON_AddStringToObject(o, "domain", r->e.domain);
	cJSON *m = cJSON_AddArrayToObject(o, "members");
	for (size_t i = 0; i < r->e.n; i++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "name", r->e.m[i].label);
		cJSON_AddStringToObject(x, "model", r->e.m[i].model);
		cJSON_AddNumberToObject(x, "samples", eval_ensemble_share(r->votes, r->e.n, i));
		if (i < LOCO_ARRAY_LEN(r->st.votes_won))
			cJSON_AddNumberToObject(x, "winning_samples", (double)r->st.votes_won[i]);
		cJSON_AddItemToArray(m, x);
	}
	cJSON_AddStringToObject(o, "dataset", r->s.j.ds.path);
	cJSON_AddNumberToObject(o, "n", (double)s->n);
	cJSON_AddNumberToObject(o, "votes", r->votes);
	const char *names[2] = {"alone", "ensemble"};
	for (int k = 0; k < 2; k++) {
		cJSON *x = cJSON_AddObjectToObject(o, names[k]);
		cJSON_AddNumberToObject(x, "correct", (double)s->correct[k]);
		cJSON_AddNumberToObject(x, "score", eval_r4(s->score[k]));
		cJSON_AddNumberToObject(x, "agreement", eval_r4(r->st.agreement[k]));
	}
	cJSON_AddItemToObject(o, "delta", eval_points_json(s->delta));
	cJSON_AddStringToObject(o, "test", eval_test_name(s->test));
	cJSON_AddNumberToObject(o, "p_value", eval_sig6(s->p));
	cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
	cJSON_AddItemToArray(ci, eval_points_json(s->ci_lo));
	cJSON_AddItemToArray(ci, eval_points_json(s->ci_hi));
	cJSON_AddNumberToObject(o, "only_ensemble", (double)s->only_adapter);
	cJSON_AddNumberToObject(o, "only_alone", (double)s->only_base);
	cJSON_AddStringToObject(o, "verdict", verdict_name(s->verdict));
	return o;
}

/* The verdict in the comparison's words: "ships" is "the ensemble is better". */
static const char *verdict_text(enum verdict v)
{
	return v == VERDICT_SHIPS   ? "the ensemble is better"
	       : v == VERDICT_WORSE ? "the ensemble is worse"
	                            : verdict_name(v);
}

static void print_report(const struct ens_run *r)
{
	const struct eval_summary *s = &r->s.j.sum;
	char *names = ensemble_names(&r->e);
	const char *a = r->s.j.adapter->name;
	/* three short lines: one passed 80 columns with any path */
	printf("eval %s --ensemble: domain '%s' (%s) vs %s alone\n", a, r->e.domain, names, a);
	printf("  on %s (%zu item%s)\n", r->s.j.ds.path, s->n, s->n == 1 ? "" : "s");
	printf("  %d samples per item each\n\n", r->votes);
	free(names);
	printf("  %-14s %9s %8s %10s\n", "", "correct", "score", "agreement");
	printf("  %-14s %4zu/%-4zu %7.1f%% %9.0f%%\n", "alone", s->correct[0], s->n,
	       100 * s->score[0], 100 * r->st.agreement[0]);
	printf("  %-14s %4zu/%-4zu %7.1f%% %9.0f%%\n", "ensemble", s->correct[1], s->n,
	       100 * s->score[1], 100 * r->st.agreement[1]);
	printf("  %-14s", "winners from");
	for (size_t i = 0; i < r->e.n && i < LOCO_ARRAY_LEN(r->st.votes_won); i++)
		printf("%s %s %zu", i ? "," : "", r->e.m[i].label, r->st.votes_won[i]);
	printf("\n");
	if (s->test == EVAL_TEST_MCNEMAR) {
		printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, Tango score)\n",
		       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
		printf("  McNemar p      %.4g (only the ensemble right: %ld, only %s alone: %ld)\n",
		       s->p, s->only_adapter, a, s->only_base);
	} else {
		printf("\n  difference     %+.1f points (95%% CI %+.1f to %+.1f, sign-flip)\n",
		       100 * s->delta, 100 * s->ci_lo, 100 * s->ci_hi);
		printf("  sign-flip p    %.4g (%zu items differ)\n", s->p, s->differing);
	}
	printf("\n  verdict: %s\n", verdict_text(s->verdict));
}

static void run_free(struct ens_run *r)
{
	for (size_t m = 0; r->res && m < r->e.n; m++) {
		eval_result_free(&r->res[m]);
		free(r->system[m]);
	}
	free(r->res);
	free(r->system);
	eval_result_free(&r->out);
	ensemble_free(&r->e); /* the job and its servers: eval_job_end() */
}

/* --votes, else one sample per member, three at least. */
static int pick_votes(const struct cmd_args *args, const struct run_opts *ro, struct ens_run *r)
{
	r->votes = (int)ro->votes;
	if (!arg_value(args, "votes"))
		r->votes = r->e.n < 3 ? 3 : (int)r->e.n;
	if (r->votes >= 2)
		return 0;
	loco_error("--ensemble needs two votes or more, not --votes %d", r->votes);
	return LOCO_USAGE;
}

int eval_ensemble(struct loco_ctx *ctx, const struct cmd_args *args, const char *name)
{
	struct ens_run r;
	memset(&r, 0, sizeof r);
	int rc = check_args(args);
	if (rc)
		return rc;
	rc = eval_job_begin(ctx, args, name, &r.s);
	if (rc == 0)
		rc = check_items(&r, r.s.ro.limit);
	if (rc == 0)
		rc = ensemble_collect(ctx, r.s.j.adapter, arg_flag(args, "ensemble-base"), &r.e);
	if (rc == 0)
		rc = ensemble_check(ctx, r.s.h.b[0], &r.e);
	if (rc == 0)
		rc = pick_votes(args, &r.s.ro, &r);
	if (rc == 0)
		rc = run_members(ctx, args, &r.s.h, &r.s.ro, &r);
	if (rc == 0) {
		struct eval_result **list = xcalloc(r.e.n, sizeof *list);
		for (size_t i = 0; i < r.e.n; i++)
			list[i] = &r.res[i];
		eval_ensemble_combine(&r.s.j.ds, list, r.e.n, r.votes, r.votes, &r.s.j.env, &r.out,
		                      &r.st);
		free(list);
		eval_summarize(&r.out, &r.s.j.ds, (size_t)ctx->cfg.eval_min_items, false,
		               &r.s.j.sum);
		if (ctx->json)
			print_json(report_json(&r));
		else
			print_report(&r);
	}
	run_free(&r);
	return eval_job_end(args, &r.s, rc);
}
