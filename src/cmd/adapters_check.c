/* adapters_check.c: `loco adapters check NAME... | --all` — the submission
 * checklist (submission.h) for CI: one line per check, every failure saying
 * what to fix, exit 0 only when everything holds. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters.h"
#include "submission.h"
#include "termsafe.h"

static const char *status_name(enum finding_status s)
{
	return s == FINDING_PASS ? "pass" : s == FINDING_FAIL ? "fail" : "skip";
}

static cJSON *finding_json(const struct finding *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "check", submission_check_name(f->check));
	cJSON_AddStringToObject(o, "status", status_name(f->status));
	cJSON_AddStringToObject(o, "message", f->text);
	if (f->leak_kind) {
		cJSON_AddStringToObject(o, "kind", f->leak_kind);
		cJSON_AddStringToObject(o, "eval_file", f->eval_file);
		cJSON_AddNumberToObject(o, "eval_line", f->eval_line);
		cJSON_AddStringToObject(o, "training_file", f->training_file);
		cJSON_AddNumberToObject(o, "training_line", f->training_line);
		cJSON_AddStringToObject(o, "words", f->words);
	}
	return o;
}

static cJSON *report_json(const struct submission_report *rep)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter", rep->adapter);
	cJSON_AddBoolToObject(o, "ok", rep->failures == 0);
	cJSON_AddNumberToObject(o, "failures", (double)rep->failures);
	cJSON *list = cJSON_AddArrayToObject(o, "checks");
	for (size_t i = 0; i < rep->n; i++)
		cJSON_AddItemToArray(list, finding_json(&rep->findings[i]));
	return o;
}

/* The whole report, or with -q only the failures, each naming the adapter.
 * A finding quotes paths and dataset text, made safe for a terminal. */
static void print_report(const struct loco_ctx *ctx, const struct submission_report *rep)
{
	static const char *const mark[] = {
	    [FINDING_PASS] = "ok", [FINDING_FAIL] = "FAIL", [FINDING_SKIP] = "-"};
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, ctx->tty_out);
	if (!ctx->quiet)
		printf("%s\n", rep->adapter);
	for (size_t i = 0; i < rep->n; i++) {
		const struct finding *f = &rep->findings[i];
		if (!ctx->quiet)
			printf("  %-5s %s\n", mark[f->status], termsafe_str(&ts, f->text));
		else if (f->status == FINDING_FAIL)
			printf("%s: %s\n", rep->adapter, termsafe_str(&ts, f->text));
	}
	termsafe_pool_free(&ts);
	if (ctx->quiet)
		return;
	if (rep->failures)
		printf("%s: %zu problem%s to fix\n", rep->adapter, rep->failures,
		       rep->failures == 1 ? "" : "s");
	else
		printf("%s: ready to submit\n", rep->adapter);
}

/* The adapters asked for, in registry order with --all; NULL after saying
 * what is wrong (*rc is then the exit code). */
static const struct adapter **chosen(const struct loco_ctx *ctx, const struct cmd_args *args,
                                     size_t *n, int *rc)
{
	const struct registry *reg = &ctx->reg;
	bool all = arg_flag(args, "all");
	*rc = LOCO_OK;
	if (all == (args->npos > 0)) {
		loco_error(all ? "give adapter names or --all, not both"
		               : "which adapter? give its name, or --all for every one");
		*rc = LOCO_USAGE;
		return NULL;
	}
	*n = all ? reg->n_adapters : (size_t)args->npos;
	const struct adapter **list = xcalloc(*n ? *n : 1, sizeof *list);
	for (size_t i = 0; i < *n; i++) {
		list[i] = all ? &reg->adapters[i] : find_adapter(ctx, args->pos[i]);
		if (!list[i]) {
			free(list);
			*rc = LOCO_NOT_FOUND;
			return NULL;
		}
	}
	return list;
}

static int run_check(struct loco_ctx *ctx, const struct cmd_args *args)
{
	size_t n;
	int rc;
	const struct adapter **list = chosen(ctx, args, &n, &rc);
	if (!list)
		return rc;
	struct submission_opts o = {.home = ctx->cfg.home,
	                            .min_items = ctx->cfg.eval_min_items,
	                            .skip_eval = arg_flag(args, "no-eval")};
	cJSON *json = ctx->json ? cJSON_CreateObject() : NULL;
	cJSON *reports = json ? cJSON_AddArrayToObject(json, "adapters") : NULL;
	size_t failing = 0;
	for (size_t i = 0; i < n; i++) {
		struct submission_report rep;
		submission_check(&ctx->reg, list[i], &o, &rep);
		failing += rep.failures > 0;
		if (json)
			cJSON_AddItemToArray(reports, report_json(&rep));
		else
			print_report(ctx, &rep);
		if (!json && !ctx->quiet && i + 1 < n)
			printf("\n");
		submission_report_free(&rep);
	}
	if (json) {
		cJSON_AddBoolToObject(json, "ok", failing == 0);
		print_json(json);
	} else if (!ctx->quiet && n > 1) {
		printf("\n%zu adapters checked: %zu ready, %zu with problems\n", n, n - failing,
		       failing);
	}
	free(list);
	return failing ? LOCO_FAIL : LOCO_OK;
}

static const struct optspec check_opts[] = {
    {"all", 0, NULL, "check every adapter of the registry"},
    {"no-eval", 0, NULL, "leave out the archived-eval check (a CI step before loco eval)"},
    {"json", 0, NULL, "print the findings as JSON"},
};

const struct command cmd_adapters_check = {
    .name = "check",
    .run = run_check,
    .needs = CMD_NO_NETWORK | CMD_NEEDS_REGISTRY | CMD_HASHES_FILES,
    .summary = "the submission checklist, for CI: what an adapter still lacks",
    .usage = "[--no-eval] [--json] NAME... | --all",
    .description = "Checks what an adapter needs before it is submitted, one line per check:\n"
                   "its registry entry (description, authors, router keywords, eval_dataset,\n"
                   "system_prompt or model file); that its eval dataset loads with at least\n"
                   "eval.min_items items; for lora and merged-gguf adapters, a TRAINING_LOG.md\n"
                   "beside the dataset or a training: block in the registry; when it has\n"
                   "training data (training.data_file, else training_data.jsonl beside the\n"
                   "dataset), that no eval item is in it (the same prompt, or 13 words in a\n"
                   "row in common: the GPT-3 paper's rule); and that the latest archived eval\n"
                   "ran on this version of the dataset and says ships (--no-eval leaves this\n"
                   "out, for a CI step that runs before 'loco eval --gate'). Every failure\n"
                   "says what to fix; -q prints only the failures. Exit 0 only when\n"
                   "everything holds, 1 when something does not.",
    .opts = check_opts,
    .nopts = LOCO_ARRAY_LEN(check_opts),
    .min_pos = 0,
    .max_pos = -1,
};
