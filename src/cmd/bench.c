/* bench.c: `loco bench` (issue 18) — the routed system against the base model
 * and a reference, layer by layer, on every domain's dataset. This file holds
 * the options, the servers, the models, the run (one eval run per cell, with
 * progress and /api/ps samples) and the archive; bench_report.c lays out the
 * report, src/eval/bench.c computes it. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "bench.h"
#include "bench_report.h"
#include "cmd.h"
#include "eval.h"
#include "eval_job.h"
#include "interrupt.h"
#include "models.h"
#include "ps.h"
#include "results.h"
#include "router.h"
#include "sandbox.h"

/* /api/ps is asked at most this often during a cell, and after each. */
#define PS_EVERY_SECONDS 1.0
#define PS_TIMEOUT_S     2

struct bench_progress {
	const struct loco_ctx *ctx;
	struct hostset *h;
	const char *cell;
	size_t before, total; /* requests of the cells before this one, of all cells */
	double t0, last_ps;
	int last_tenth;
	long long mem, vram; /* this cell's peak, -1 unknown */
};

/* ---- memory ------------------------------------------------------------------- */

/* Every Ollama server's loaded models, summed per server; the peak is that of
 * the server holding most. */
static void sample_memory(struct bench_progress *bp)
{
	for (size_t i = 0; i < bp->h->n; i++) {
		if (backend_kind(bp->h->b[i]) != BACKEND_OLLAMA)
			continue;
		struct server_memory m;
		char *err = NULL;
		if (server_memory_read(backend_address(bp->h->b[i]), PS_TIMEOUT_S, &m, &err) == 0) {
			if (m.size > bp->mem)
				bp->mem = m.size;
			if (m.size_vram > bp->vram)
				bp->vram = m.size_vram;
		}
		free(err);
	}
	bp->last_ps = monotonic_seconds();
}

/* ---- progress ------------------------------------------------------------------ */

static void progress(void *p, const struct eval_progress *pr)
{
	struct bench_progress *bp = p;
	if (monotonic_seconds() - bp->last_ps >= PS_EVERY_SECONDS)
		sample_memory(bp);
	if (bp->ctx->quiet)
		return;
	size_t done = bp->before + pr->done;
	size_t total = bp->total > done ? bp->total : done;
	double elapsed = monotonic_seconds() - bp->t0;
	double eta = done ? elapsed / (double)done * (double)(total - done) : 0;
	if (bp->ctx->tty_err) {
		int width = 24, fill = total ? (int)((size_t)width * done / total) : 0;
		fprintf(stderr, "\rbench %.*s%*s %zu/%zu  %s  ETA %d:%02d\033[K", fill,
		        "########################", width - fill, "", done, total, bp->cell,
		        (int)eta / 60, (int)eta % 60);
		fflush(stderr);
		return;
	}
	int tenth = total ? (int)(10 * done / total) : 10;
	if (tenth > bp->last_tenth) {
		bp->last_tenth = tenth;
		fprintf(stderr, "loco: bench: %zu/%zu requests (%s), ETA %d:%02d\n", done, total,
		        bp->cell, (int)eta / 60, (int)eta % 60);
	}
}

/* ---- options ------------------------------------------------------------------- */

struct bench_args {
	size_t limit;
	int jobs;
	const char *domains, *reference;
	bool remote_reference; /* on the backend of config bench.reference */
	struct bench_cell_spec cells[BENCH_CELLS_MAX];
	size_t n_cells;
};

static int read_args(const struct loco_ctx *ctx, const struct cmd_args *args, struct bench_args *a)
{
	memset(a, 0, sizeof *a);
	int rc = 0;
	double v;
	if (arg_number(args, "limit", 1, 1e6, true, &v, &rc))
		a->limit = (size_t)v;
	a->jobs = (int)ctx->cfg.eval_jobs;
	if (arg_number(args, "jobs", 1, 64, true, &v, &rc))
		a->jobs = (int)v;
	if (rc)
		return rc;
	a->domains = arg_value(args, "domains");
	a->reference = arg_value(args, "reference");
	if (a->reference && !*a->reference) {
		loco_error("--reference needs a model name");
		return LOCO_USAGE;
	}
	if (!a->reference && ctx->cfg.bench_reference_model) {
		a->reference = ctx->cfg.bench_reference_model;
		a->remote_reference = ctx->cfg.bench_reference_base_url != NULL;
	}
	const char *list = arg_value(args, "cells");
	if (!list) {
		a->n_cells = bench_default_cells(a->reference != NULL, a->cells);
		return bench_tools_cells(args, a->cells, &a->n_cells);
	}
	char *err = NULL;
	if (bench_cells_parse(list, a->cells, BENCH_CELLS_MAX, &a->n_cells, &err) < 0) {
		loco_error("--cells: %s", err);
		loco_hint(
		    "a cell is base, oracle, routed or reference, +re2 +tools +ensemble +votesN");
		free(err);
		return LOCO_USAGE;
	}
	return bench_tools_cells(args, a->cells, &a->n_cells);
}

/* ---- models ---------------------------------------------------------------------- */

/* Every model a cell sends to must be on every server (only is_reference:
 * the reference model alone; skip_reference: all but it); the first server's
 * digests key the cache. */
static int check_models(struct hostset *h, struct bench *b, bool only_reference,
                        bool skip_reference)
{
	for (size_t i = 0; i < h->n; i++) {
		struct net_error e = {0};
		if (!h->listed[i] &&
		    backend_list_models(h->b[i], &h->models[i], &h->n_models[i], &e) < 0) {
			loco_error(
			    "cannot reach the server at %s (%s); start it with 'ollama serve' or "
			    "set OLLAMA_HOST",
			    backend_address(h->b[i]), e.message);
			int rc = e.status == NET_UNREACHABLE ? LOCO_UNREACHABLE : LOCO_FAIL;
			net_error_clear(&e);
			return rc;
		}
		h->listed[i] = true;
		for (size_t m = 0; m < b->n_models; m++) {
			struct bench_model *x = &b->models[m];
			bool is_reference = m + 1 == b->n_models;
			if (!x->used || (only_reference && !is_reference) ||
			    (skip_reference && is_reference))
				continue;
			const struct model_info *found =
			    model_find(h->models[i], h->n_models[i], x->name);
			if (!found) {
				bool adapter = m > 0 && !is_reference;
				if (adapter)
					loco_error("model '%s' not found on %s; run 'loco setup'",
					           x->name, backend_address(h->b[i]));
				else
					loco_error(
					    "model '%s' not found on %s; run 'ollama pull %s'",
					    x->name, backend_address(h->b[i]), x->name);
				return LOCO_NOT_FOUND;
			}
			if (!x->digest)
				x->digest = xstrdup(found->digest);
		}
	}
	return 0;
}

/* Items that run code need the sandbox (or --allow-unsandboxed): found out
 * before any request, as eval does, and the sandbox settings each domain
 * scores under. */
static int check_sandbox(const struct loco_ctx *ctx, const struct cmd_args *args, struct bench *b)
{
	bool allow = arg_flag(args, "allow-unsandboxed");
	int trc = bench_tools_check(ctx, args, b);
	if (trc)
		return trc;
	for (size_t d = 0; d < b->n_domains; d++) {
		struct bench_domain *x = &b->domains[d];
		x->env.allow_unsandboxed = allow;
		x->env.max_disk_mb = ctx->cfg.sandbox_max_disk_mb;
		for (size_t i = 0; i < x->n; i++) {
			if (strcmp(x->ds.items[i].type, "code_execution"))
				continue;
			struct sandbox_result r;
			char *err = NULL;
			if (sandbox_run_python("pass\n", NULL, allow, &r, &err) < 0) {
				loco_error("%s:%d: item '%s' runs code: %s", x->ds.path,
				           x->ds.items[i].line, x->ds.items[i].id, err);
				free(err);
				return LOCO_FAIL;
			}
			sandbox_result_free(&r);
			break;
		}
	}
	return 0;
}

/* The backend of config bench.reference (a frontier API through the OpenAI
 * protocol, or another Ollama), as open_backend() makes the main one. */
static int open_reference(const struct loco_ctx *ctx, struct hostset *ref)
{
	const struct loco_config *c = &ctx->cfg;
	bool openai = c->bench_reference_kind && !strcmp(c->bench_reference_kind, "openai");
	struct backend_opts o = {
	    .kind = openai ? BACKEND_OPENAI : BACKEND_OLLAMA,
	    .url = c->bench_reference_base_url,
	    .connect_timeout = c->connect_timeout,
	    .stall_timeout = c->stall_timeout,
	    .keep_alive = c->keep_alive,
	    .api_key = openai && c->bench_reference_api_key_env
	                   ? getenv(c->bench_reference_api_key_env)
	                   : NULL,
	    .max_line = 16u << 20,
	};
	char *err = NULL;
	memset(ref, 0, sizeof *ref);
	ref->b[0] = backend_new(&o, &err);
	if (!ref->b[0]) {
		loco_error("bench.reference: %s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	ref->n = 1;
	if (backend_warning(ref->b[0]))
		loco_warn("bench.reference: %s", backend_warning(ref->b[0]));
	return 0;
}

/* ---- the run ------------------------------------------------------------------------ */

static int cell_failed(const struct eval_status *st, const char *cell)
{
	if (st->interrupted) {
		loco_error(
		    "interrupted; finished answers are cached, so a rerun sends only what is "
		    "missing");
		return LOCO_INTERRUPTED;
	}
	loco_error("cell %s: %zu request%s got no answer (first: %s); finished answers are "
	           "cached, so a rerun retries only those",
	           cell, st->failed, st->failed == 1 ? "" : "s", st->first_error.message);
	return net_exit_code(st->first_error.status);
}

static void cache_failures(const struct eval_status *st)
{
	if (!st->cache_failed)
		return;
	loco_error("%zu answer%s could not be cached (first: %s); a rerun asks the server for "
	           "%s again",
	           st->cache_failed, st->cache_failed == 1 ? "" : "s", st->cache_error,
	           st->cache_failed == 1 ? "it" : "them");
	eval_write_status = LOCO_FAIL;
}

/* Every cell in turn, each one eval run (its own loads, wall time and memory). */
static int run_cells(struct loco_ctx *ctx, const struct cmd_args *args, struct hostset *h,
                     struct hostset *ref, struct bench_run *r)
{
	struct bench *b = r->b;
	char *cache = ctx->cfg.eval_cache && !arg_flag(args, "no-cache")
	                  ? path_join(ctx->cfg.home, "cache/chat")
	                  : NULL;
	struct bench_progress bp = {.ctx = ctx, .h = h, .t0 = monotonic_seconds(), .last_ps = -1e9};
	for (size_t c = 0; c < b->n_cells; c++)
		bp.total += bench_cell_requests(b, c);
	struct eval_opts o = {
	    .hosts = (struct backend **)h->b,
	    .n_hosts = h->n,
	    .jobs = r->jobs,
	    .votes = 1,
	    .early_stop = !arg_flag(args, "no-early-stop"),
	    .vote_temperature = ctx->cfg.vote_temperature,
	    .chat = eval_chat_options(&ctx->cfg),
	    .cache_dir = cache,
	    .judge_model =
	        ctx->cfg.eval_judge_model ? ctx->cfg.eval_judge_model : ctx->reg.base_ollama_name,
	    .judge_temperature = ctx->cfg.vote_temperature,
	    .tool_max_calls = (int)ctx->cfg.tools_max_calls,
	    .progress = progress,
	    .progress_ctx = &bp,
	};
	struct sigaction old;
	interrupt_catch(&old);
	int rc = 0;
	for (size_t c = 0; c < b->n_cells && rc == 0; c++) {
		struct eval_status st;
		bool remote = ref->n && b->cells[c].spec.who == BENCH_REFERENCE;
		struct hostset *on = remote ? ref : h;
		o.hosts = (struct backend **)on->b;
		o.n_hosts = on->n;
		bp.h = on;
		bp.cell = b->cells[c].spec.name;
		bp.mem = bp.vram = -1;
		int run = bench_run_cell(b, c, &o, &st);
		sample_memory(&bp);
		bp.before += bench_cell_requests(b, c);
		cache_failures(&st);
		if (run < 0)
			rc = cell_failed(&st, bp.cell);
		else
			bench_cell_costs(b, c, &st);
		b->cells[c].cost.mem_peak = bp.mem;
		b->cells[c].cost.vram_peak = bp.vram;
		if (!remote && bp.mem > r->mem_peak)
			r->mem_peak = bp.mem;
		if (!remote && bp.vram > r->vram_peak)
			r->vram_peak = bp.vram;
		eval_status_free(&st);
	}
	interrupt_release(&old);
	if (ctx->tty_err && !ctx->quiet)
		fprintf(stderr, "\r\033[K");
	r->seconds = monotonic_seconds() - bp.t0;
	free(cache);
	return rc;
}

/* ---- the archive ------------------------------------------------------------------- */

/* LOCO_HOME/bench/<stamp>.json, private like eval's results (not under results/,
 * where an adapter could be called bench). */
static void archive(const struct bench_run *r)
{
	cJSON *o = bench_report_json(r);
	cJSON_AddStringToObject(o, "timestamp", r->stamp);
	cJSON_AddStringToObject(o, "semester", r->ctx->cfg.semester);
	char *dir = path_join(r->ctx->cfg.home, "bench");
	char *path = xasprintf("%s/%s.json", dir, r->stamp), *text = cJSON_Print(o), *err = NULL;
	for (int k = 2; file_exists(path); k++) {
		free(path);
		path = xasprintf("%s/%s-%d.json", dir, r->stamp, k);
	}
	if (mkdir_private(path, true, &err) < 0 ||
	    write_file_private(path, text, strlen(text), &err) < 0) {
		loco_error("cannot archive the bench run: %s", err);
		eval_write_status = LOCO_FAIL;
	}
	free(err);
	free(text);
	free(path);
	free(dir);
	cJSON_Delete(o);
}

static int write_reports(const struct bench_run *r, const struct cmd_args *args)
{
	int rc = 0;
	const char *md = arg_value(args, "markdown"), *html = arg_value(args, "html");
	char *err = NULL;
	if (md && bench_report_markdown(r, md, &err) < 0) {
		loco_error("%s", err);
		free(err);
		err = NULL;
		rc = LOCO_FAIL;
	}
	if (html) {
		char *page = bench_html(r->b);
		if (write_file_atomic(html, page, strlen(page), &err) < 0) {
			loco_error("%s", err);
			free(err);
			rc = LOCO_FAIL;
		}
		free(page);
	}
	return rc;
}

/* ---- the command ---------------------------------------------------------------------- */

static int plan(struct loco_ctx *ctx, const struct cmd_args *args, const struct bench_args *a,
                struct bench *b)
{
	char *err = NULL;
	struct router *rt = NULL;
	int loaded = bench_domains_load(b, &ctx->reg, a->domains, a->limit, &err);
	int rc = loaded == -2 ? LOCO_USAGE : loaded < 0 ? LOCO_BAD_INPUT : 0;
	/* the routed cell routes as students do: router.kind, or --router-kind */
	if (rc == 0 && (rc = cmd_open_router(ctx, args, &rt)) != 0)
		return rc;
	if (rc == 0 && bench_plan(b, a->cells, a->n_cells, a->reference, rt, &err) < 0)
		rc = LOCO_USAGE;
	if (rc)
		loco_error("%s", err);
	free(err);
	router_free(rt);
	return rc;
}

static int run_bench(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct bench_args a;
	struct bench b;
	memset(&b, 0, sizeof b);
	struct hostset h, ref;
	memset(&h, 0, sizeof h);
	memset(&ref, 0, sizeof ref);
	int rc = read_args(ctx, args, &a);
	if (rc == 0)
		rc = plan(ctx, args, &a, &b);
	if (rc == 0)
		rc = check_sandbox(ctx, args, &b);
	if (rc == 0)
		rc = eval_hosts_open(ctx, args, &h);
	bool remote = rc == 0 && a.remote_reference && b.models[b.n_models - 1].used;
	if (rc == 0)
		rc = check_models(&h, &b, false, remote);
	if (rc == 0 && remote)
		rc = open_reference(ctx, &ref);
	if (rc == 0 && remote)
		rc = check_models(&ref, &b, true, false);
	struct bench_run r = {.ctx = ctx,
	                      .b = &b,
	                      .limit = a.limit,
	                      .reference = a.reference,
	                      .reference_url =
	                          a.remote_reference ? ctx->cfg.bench_reference_base_url : NULL,
	                      .jobs = a.jobs,
	                      .n_hosts = h.n,
	                      .mem_peak = -1,
	                      .vram_peak = -1};
	if (rc == 0)
		rc = run_cells(ctx, args, &h, &ref, &r);
	if (rc == 0) {
		bench_summarize(&b, (size_t)ctx->cfg.eval_min_items);
		r.stamp = results_stamp_now();
		archive(&r);
		rc = write_reports(&r, args);
		if (ctx->json)
			print_json(bench_report_json(&r));
		else
			bench_report_print(&r);
	}
	free(r.stamp);
	eval_hosts_close(&h);
	eval_hosts_close(&ref);
	bench_free(&b);
	return rc ? rc : eval_write_status;
}

static const struct optspec bench_opts[] = {
    {"domains", 0, "LIST", "only these domains (comma-separated)"},
    {"limit", 0, "N", "only the first N items of each domain's dataset"},
    {"cells", 0, "LIST", "the grid, e.g. base,base+re2,routed+re2+votes5"},
    {"reference", 0, "MODEL", "a model on the server to compare with (default bench.reference)"},
    {"router-kind", 0, "KIND", "the routed cells' router: keyword, classifier or embedding"},
    {"jobs", 'j', "N", "requests at once (default eval.jobs)"},
    {"no-cache", 0, NULL, "ask the server again even for cached answers"},
    {"no-early-stop", 0, NULL, "votesN cells: let every sample finish"},
    {"allow-unsandboxed", 0, NULL, "run code_execution items even with no seccomp filter"},
    {"tools", 0, NULL, "add the cell oracle+re2+tools (the python tool offered)"},
    {"markdown", 0, "FILE", "also write the report as Markdown to FILE"},
    {"html", 0, "FILE", "also write one HTML page with SVG charts to FILE"},
    {"json", 0, NULL, "print the report as one JSON object"},
};

const struct command cmd_bench = {
    .name = "bench",
    .run = run_bench,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "the routed system against the base model, layer by layer",
    .usage = "[options]",
    .description = "Asks every domain's eval dataset (the registry's active adapter per domain)\n"
                   "of a grid of cells and compares them item by item. A cell is its layers\n"
                   "joined with '+': base (the base model), oracle (each item's own domain\n"
                   "adapter), routed (the adapter the router picks) or reference (--reference\n"
                   "MODEL, or config bench.reference: a model on another backend, such as a\n"
                   "frontier API), then re2 and votesN. Default grid: base, base+re2, oracle+re2,\n"
                   "routed+re2, routed+re2+votes5, and reference when given. Each cell is\n"
                   "compared with base and with the cell without each of its layers (routed\n"
                   "with oracle: the cost of misrouting) by loco eval's tests, 95% intervals\n"
                   "and Holm over the table. Costs per cell: latency p50 and p95 (answers\n"
                   "measured in this run), tokens, wall time, model loads and their seconds, the\n"
                   "server's memory from /api/ps, against the targets (< 5 s, < 8 GB,\n"
                   "< 500 ms swap). Answers are cached like eval's, so a rerun sends nothing;\n"
                   "every run is archived in LOCO_HOME/bench/. --markdown and --html write\n"
                   "the report as Markdown or as one page with SVG charts.\n"
                   "oracle+ensemble+votesN draws each item's N votes round-robin from every\n"
                   "adapter of its domain and is compared with oracle+votesN.\n\n"
                   "Exit status: 0; 1 when requests got no answer or a file could not be\n"
                   "written; 2 usage; 3 server unreachable; 4 model not found; 5 invalid\n"
                   "dataset or registry; 130 Ctrl-C.",
    .opts = bench_opts,
    .nopts = LOCO_ARRAY_LEN(bench_opts),
    .min_pos = 0,
    .max_pos = 0,
};
