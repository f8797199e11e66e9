/* leaderboard.c: `loco leaderboard [DOMAIN]` — per domain, the adapters ranked
 * by their latest archived eval on the domain's benchmark (board.h), as a
 * table, JSON, or a Markdown / HTML report (board_report.h). No server. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "board_report.h"
#include "cmd.h"
#include "termsafe.h"

/* ---- JSON ---------------------------------------------------------------- */

static double r4(double x)
{
	return round(x * 10000) / 10000;
}

static cJSON *opt_string(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *entry_json(const struct board_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	if (e->ranked)
		cJSON_AddNumberToObject(o, "rank", e->rank);
	cJSON_AddStringToObject(o, "adapter", e->adapter->name);
	cJSON_AddStringToObject(o, "version", e->adapter->version);
	cJSON_AddBoolToObject(o, "active", e->adapter->active);
	if (e->ranked) {
		cJSON_AddNumberToObject(o, "score", r4(e->score));
		cJSON_AddNumberToObject(o, "base_score", r4(e->base_score));
		cJSON_AddNumberToObject(o, "delta", r4(e->delta));
		cJSON_AddStringToObject(o, "verdict", e->verdict);
		cJSON_AddNumberToObject(o, "n", e->n);
		cJSON_AddStringToObject(o, "semester", e->semester);
		cJSON_AddStringToObject(o, "timestamp", e->timestamp);
		cJSON_AddStringToObject(o, "result", e->result_path);
		cJSON *t = cJSON_AddArrayToObject(o, "trend");
		for (size_t i = 0; i < e->n_trend; i++) {
			cJSON *p = cJSON_CreateObject();
			cJSON_AddStringToObject(p, "semester", e->trend[i].semester);
			cJSON_AddNumberToObject(p, "score", r4(e->trend[i].score));
			cJSON_AddItemToArray(t, p);
		}
	}
	cJSON_AddNumberToObject(o, "not_comparable", (double)e->not_comparable);
	if (!e->ranked)
		cJSON_AddStringToObject(o, "command", e->eval_command);
	return o;
}

static cJSON *board_json(const struct board *b, const struct registry *reg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "registry", reg->path);
	cJSON_AddItemToObject(o, "base_model", opt_string(reg->base_ollama_name));
	cJSON *doms = cJSON_AddArrayToObject(o, "domains");
	for (size_t i = 0; i < b->n; i++) {
		const struct board_domain *d = &b->domains[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "domain", d->name);
		cJSON *bench = cJSON_AddObjectToObject(x, "benchmark");
		cJSON_AddItemToObject(bench, "adapter",
		                      opt_string(d->reference ? d->reference->name : NULL));
		cJSON_AddItemToObject(bench, "dataset", opt_string(d->dataset));
		cJSON_AddItemToObject(bench, "dataset_sha256",
		                      opt_string(d->sha256[0] ? d->sha256 : NULL));
		cJSON_AddItemToObject(bench, "note", opt_string(d->note));
		cJSON *ranked = cJSON_AddArrayToObject(x, "ranked");
		cJSON *rest = cJSON_AddArrayToObject(x, "not_evaluated");
		for (size_t k = 0; k < d->n; k++)
			cJSON_AddItemToArray(d->entries[k].ranked ? ranked : rest,
			                     entry_json(&d->entries[k]));
		cJSON_AddNumberToObject(x, "not_comparable", (double)d->not_comparable);
		cJSON *sem = cJSON_AddArrayToObject(x, "semesters");
		for (size_t s = 0; s < d->n_semesters; s++)
			cJSON_AddItemToArray(sem, cJSON_CreateString(d->semesters[s]));
		cJSON_AddItemToArray(doms, x);
	}
	cJSON *skipped = cJSON_AddArrayToObject(o, "skipped_files");
	for (size_t i = 0; i < b->n_skipped; i++) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "path", b->skipped[i].path);
		cJSON_AddStringToObject(s, "reason", b->skipped[i].reason);
		cJSON_AddItemToArray(skipped, s);
	}
	return o;
}

/* ---- the table ----------------------------------------------------------- */

static int max_width(const struct board_domain *d, int floor,
                     const char *(*field)(const struct board_entry *))
{
	int w = floor;
	for (size_t i = 0; i < d->n; i++) {
		const char *s = field(&d->entries[i]);
		if (s && (int)strlen(s) > w)
			w = (int)strlen(s);
	}
	return w;
}

static const char *name_of(const struct board_entry *e)
{
	return e->adapter->name;
}

static const char *version_of(const struct board_entry *e)
{
	return e->adapter->version;
}

static const char *verdict_of(const struct board_entry *e)
{
	return e->ranked ? e->verdict : NULL;
}

static const char *verdict_colour(const char *v)
{
	if (!strcmp(v, "ships"))
		return "\033[32m";
	if (!strcmp(v, "worse than base"))
		return "\033[31m";
	return "";
}

/* Every string here comes from the registry or an archive file: on a
 * terminal each goes through ts, so none can drive it. */
static void print_domain(const struct loco_ctx *ctx, struct termsafe_pool *ts,
                         const struct board_domain *d)
{
	const char *bold = sgr(ctx, stdout, "\033[1m"), *dim = sgr(ctx, stdout, "\033[2m"),
	           *off = sgr(ctx, stdout, "\033[0m");
	printf("%s%s%s", bold, termsafe_str(ts, d->name), off);
	if (d->dataset)
		printf("%s  benchmark %s%s", dim, termsafe_str(ts, d->dataset), off);
	printf("\n");
	int wn = max_width(d, 7, name_of), wv = max_width(d, 7, version_of),
	    wd = max_width(d, 7, verdict_of);
	printf("  %4s   %-*s  %-*s  %6s  %6s  %6s  %-*s  %s\n", "RANK", wn, "ADAPTER", wv,
	       "VERSION", "SCORE", "BASE", "DELTA", wd, "VERDICT", "TREND");
	for (size_t i = 0; i < d->n; i++) {
		const struct board_entry *e = &d->entries[i];
		const char *star = e->adapter->active ? "*" : " ";
		const char *version = termsafe_str(ts, e->adapter->version);
		if (!e->ranked) {
			printf("  %4s %s %-*s  %-*s  %snot evaluated: run '%s'", "-", star, wn,
			       e->adapter->name, wv, version, dim,
			       termsafe_str(ts, e->eval_command));
			if (e->not_comparable)
				printf(" (%zu result%s on another version of the dataset)",
				       e->not_comparable, e->not_comparable == 1 ? "" : "s");
			printf("%s\n", off);
			continue;
		}
		char *trend = board_trend_text(e);
		printf("  %4d %s %-*s  %-*s  %5.1f%%  %5.1f%%  %+6.1f  %s%-*s%s  %s\n", e->rank,
		       star, wn, e->adapter->name, wv, version, 100 * e->score, 100 * e->base_score,
		       100 * e->delta, sgr(ctx, stdout, verdict_colour(e->verdict)), wd,
		       termsafe_str(ts, e->verdict), off, termsafe_str(ts, trend));
		free(trend);
	}
	if (d->not_comparable) {
		char *t = board_stale_text(d->not_comparable);
		printf("  %s%s%s\n", dim, t, off);
		free(t);
	}
	if (d->note)
		printf("  %snote: %s%s\n", dim, termsafe_str(ts, d->note), off);
}

static void print_table(const struct loco_ctx *ctx, const struct board *b)
{
	if (!b->n) {
		printf("no adapters in %s; scaffold one with 'loco adapters add NAME'\n",
		       ctx->reg.path);
		return;
	}
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, ctx->tty_out);
	for (size_t i = 0; i < b->n; i++) {
		if (i)
			printf("\n");
		print_domain(ctx, &ts, &b->domains[i]);
	}
	termsafe_pool_free(&ts);
}

/* ---- running -------------------------------------------------------------- */

/* DOMAIN must be one of the registry's; else say what was meant. */
static int check_domain(const struct registry *reg, const char *domain)
{
	if (board_has_domain(reg, domain))
		return 0;
	const struct adapter *a = registry_find(reg, domain);
	if (a) {
		loco_error("no domain '%s': it is an adapter of domain '%s'", domain, a->domain);
		loco_hint("run 'loco leaderboard %s'", a->domain);
		return LOCO_NOT_FOUND;
	}
	struct suggestion sg;
	suggest_init(&sg, domain);
	for (size_t i = 0; i < reg->n_adapters; i++)
		suggest_consider(&sg, reg->adapters[i].domain);
	const char *best = suggest_result(&sg);
	if (best)
		loco_error("no domain '%s' in %s; did you mean '%s'?", domain, reg->path, best);
	else
		loco_error("no domain '%s' in %s; 'loco leaderboard' lists every domain", domain,
		           reg->path);
	return LOCO_NOT_FOUND;
}

/* Writes a report to path ("-" = stdout, written by the caller). */
static int write_report(const struct loco_ctx *ctx, const char *path, const char *what,
                        const char *text)
{
	char *err = NULL;
	if (write_file_atomic(path, text, strlen(text), &err) < 0) {
		loco_error("%s", err);
		loco_hint("the %s report was not written", what);
		free(err);
		return LOCO_FAIL;
	}
	loco_note(ctx, "wrote the %s leaderboard to %s", what, path);
	return 0;
}

/* A report on stdout: as written to a file, unless stdout is a terminal. */
static void print_report(const struct loco_ctx *ctx, const char *text)
{
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, ctx->tty_out);
	fputs(termsafe_str(&ts, text), stdout);
	termsafe_pool_free(&ts);
}

static int run_leaderboard(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct registry *reg = &ctx->reg;
	const char *domain = args->npos ? args->pos[0] : NULL;
	const char *md = arg_value(args, "markdown"), *html = arg_value(args, "html");
	int to_stdout = (md && !strcmp(md, "-")) + (html && !strcmp(html, "-")) + ctx->json;
	if (to_stdout > 1) {
		loco_error("only one of --json, --markdown - and --html - can use stdout");
		loco_hint("write the others to files");
		return LOCO_USAGE;
	}
	if ((md && !*md) || (html && !*html)) {
		loco_error("--markdown and --html need a file name (or '-' for stdout)");
		return LOCO_USAGE;
	}
	int rc = domain ? check_domain(reg, domain) : 0;
	if (rc)
		return rc;
	struct board b;
	board_build(&b, reg, ctx->cfg.home, domain);
	for (size_t i = 0; i < b.n_skipped; i++) {
		loco_warn("%s", b.skipped[i].reason);
		loco_hint("that run is left out; fix or delete the file");
	}
	bool noted = false;
	for (size_t i = 0; i < b.n; i++)
		noted = noted || b.domains[i].note;
	if (noted && !reg->dir && !ctx->quiet) /* the notes say why: no dataset files */
		loco_hint_builtin_registry(ctx);
	char *md_text = md ? board_markdown(&b, reg) : NULL;
	char *html_text = html ? board_html(&b, reg) : NULL;
	if (md && strcmp(md, "-"))
		rc = write_report(ctx, md, "Markdown", md_text);
	if (rc == 0 && html && strcmp(html, "-"))
		rc = write_report(ctx, html, "HTML", html_text);
	if (rc == 0) {
		if (ctx->json)
			print_json(board_json(&b, reg));
		else if (md && !strcmp(md, "-"))
			print_report(ctx, md_text);
		else if (html && !strcmp(html, "-"))
			print_report(ctx, html_text);
		else
			print_table(ctx, &b);
	}
	free(md_text);
	free(html_text);
	board_free(&b);
	return rc;
}

static const struct optspec leaderboard_opts[] = {
    {"markdown", 0, "FILE", "also write the leaderboard as Markdown to FILE ('-': stdout instead)"},
    {"html", 0, "FILE",
     "also write a self-contained HTML page with an SVG chart ('-': stdout instead)"},
    {"json", 0, NULL, "print the leaderboard as one JSON object"},
};

const struct command cmd_leaderboard = {
    .name = "leaderboard",
    .run = run_leaderboard,
    .needs = CMD_NO_NETWORK | CMD_HASHES_FILES | CMD_NEEDS_REGISTRY,
    .summary = "per-domain ranking of adapters from archived eval results",
    .usage = "[--json] [--markdown FILE] [--html FILE] [DOMAIN]",
    .description = "Ranks the adapters of each domain (or only DOMAIN) by their latest archived\n"
                   "eval (LOCO_HOME/results/ADAPTER/) on the domain's benchmark, with the base\n"
                   "model's score in that run, the delta in points, the verdict, '*' on the\n"
                   "active adapter, and a trend: the latest score of each semester. Equal scores\n"
                   "share a rank.\n"
                   "\n"
                   "A domain's benchmark is the eval dataset of its active adapter (with none\n"
                   "active, of its first adapter in registry order that has one). Only runs whose\n"
                   "recorded SHA-256 matches that file count; runs on another version of it are\n"
                   "counted as not comparable, and adapters without a comparable run are listed\n"
                   "last as not evaluated, with the command that ranks them ('loco eval NAME', or\n"
                   "with --dataset when their own dataset is another file). When the benchmark\n"
                   "file cannot be read, runs are compared with the dataset of the domain's\n"
                   "newest run, and a note says so. An archive file that cannot be read is named\n"
                   "in a warning and left out. Needs no server.\n"
                   "\n"
                   "--markdown and --html write their report atomically; with '-' the report goes\n"
                   "to stdout in place of the table. The HTML page has no scripts and no external\n"
                   "assets: a table and an inline SVG chart (one bar per adapter and semester,\n"
                   "the base model's score as a dashed line) per domain.\n"
                   "\n"
                   "Exit status: 0, or 4 when DOMAIN is not a domain of the registry, 2 for a\n"
                   "usage error, 1 when a report cannot be written.",
    .opts = leaderboard_opts,
    .nopts = LOCO_ARRAY_LEN(leaderboard_opts),
    .min_pos = 0,
    .max_pos = 1,
};
