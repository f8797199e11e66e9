/* bench_report.c: `loco bench`'s report: scores per cell and domain, the
 * comparisons with their intervals and Holm p-values, the costs against the
 * seed's targets; as tables, as JSON (printed and archived) and as Markdown.
 * The numbers are the bench module's; this file only lays them out. */
#include "bench_report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_report.h" /* md_escape() */
#include "eval_job.h"
#include "termsafe.h"

/* ---- JSON ------------------------------------------------------------------ */

static cJSON *seconds_json(double s)
{
	return isnan(s) ? cJSON_CreateNull() : cJSON_CreateNumber(round(s * 1000) / 1000);
}

static cJSON *bytes_json(long long n)
{
	return n < 0 ? cJSON_CreateNull() : cJSON_CreateNumber((double)n);
}

static cJSON *comparison_json(const struct bench *b, const struct bench_comparison *x)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "against", b->cells[x->against].spec.name);
	cJSON_AddNumberToObject(o, "delta", eval_r4(x->sum.delta));
	cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(x->sum.ci_lo)));
	cJSON_AddItemToArray(ci, cJSON_CreateNumber(eval_r4(x->sum.ci_hi)));
	cJSON_AddNumberToObject(o, "p", eval_sig6(x->sum.p));
	cJSON_AddNumberToObject(o, "p_holm", eval_sig6(x->p_holm));
	cJSON_AddStringToObject(o, "test", eval_test_name(x->sum.test));
	return o;
}

static cJSON *cell_json(const struct bench *b, const struct bench_cell *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", c->spec.name);
	cJSON_AddNumberToObject(o, "n", (double)c->n);
	cJSON_AddNumberToObject(o, "score", eval_r4(c->score));
	cJSON *pd = cJSON_AddObjectToObject(o, "per_domain");
	for (size_t d = 0; d < b->n_domains; d++)
		cJSON_AddNumberToObject(pd, b->domains[d].name, eval_r4(c->per_domain[d]));
	cJSON *cmp = cJSON_AddArrayToObject(o, "comparisons");
	for (size_t k = 0; k < c->n_cmp; k++)
		cJSON_AddItemToArray(cmp, comparison_json(b, &c->cmp[k]));
	cJSON_AddItemToObject(o, "latency_p50_s", seconds_json(c->cost.latency_p50));
	cJSON_AddItemToObject(o, "latency_p95_s", seconds_json(c->cost.latency_p95));
	cJSON_AddNumberToObject(o, "tokens", (double)c->cost.tokens);
	if (c->spec.votes > 1) { /* the early stop (issue 20) */
		cJSON_AddNumberToObject(o, "samples_saved", (double)c->cost.samples_saved);
		cJSON_AddNumberToObject(o, "tokens_saved", round(c->cost.tokens_saved));
	}
	cJSON_AddNumberToObject(o, "loads", c->cost.loads);
	cJSON_AddItemToObject(o, "load_s", seconds_json(c->cost.load_s));
	cJSON_AddItemToObject(o, "wall_s", seconds_json(c->cost.wall_s));
	cJSON_AddNumberToObject(o, "requests_sent", (double)c->cost.sent);
	cJSON_AddItemToObject(o, "memory_peak_bytes", bytes_json(c->cost.mem_peak));
	if (c->spec.tools) {
		cJSON *t = cJSON_AddObjectToObject(o, "tool_calls");
		cJSON_AddNumberToObject(t, "calls", (double)c->cost.tool_calls);
		cJSON_AddNumberToObject(t, "ok", (double)c->cost.tool_ok);
		cJSON_AddNumberToObject(t, "items", (double)c->cost.tool_items);
	}
	return o;
}

static cJSON *domains_json(const struct bench *b)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t d = 0; d < b->n_domains; d++) {
		const struct bench_domain *x = &b->domains[d];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", x->name);
		cJSON_AddStringToObject(o, "adapter", b->reg->adapters[x->adapter].name);
		cJSON_AddStringToObject(o, "dataset", x->ds.path);
		cJSON_AddStringToObject(o, "dataset_sha256", x->ds.sha256);
		cJSON_AddNumberToObject(o, "n", (double)x->n);
		size_t to_base, right;
		bench_route_counts(b, d, &to_base, &right);
		if (b->route) {
			cJSON_AddNumberToObject(o, "routed_right", (double)right);
			cJSON_AddNumberToObject(o, "routed_to_base", (double)to_base);
		}
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *settings_json(const struct bench_run *r)
{
	const struct loco_config *c = &r->ctx->cfg;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "base_model", r->b->models[0].name);
	cJSON_AddItemToObject(o, "reference_model",
	                      r->reference ? cJSON_CreateString(r->reference) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "reference_backend",
	                      r->reference_url ? cJSON_CreateString(r->reference_url)
	                                       : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "limit", (double)r->limit);
	cJSON_AddNumberToObject(o, "temperature", c->eval_temperature);
	cJSON_AddNumberToObject(o, "top_p", c->eval_top_p);
	cJSON_AddNumberToObject(o, "seed", (double)c->eval_seed);
	cJSON_AddNumberToObject(o, "max_tokens", (double)c->eval_max_tokens);
	cJSON_AddNumberToObject(o, "vote_temperature", c->vote_temperature);
	cJSON_AddNumberToObject(o, "router_min_score", (double)c->router_min_score);
	cJSON_AddNumberToObject(o, "jobs", r->jobs);
	cJSON_AddNumberToObject(o, "servers", (double)r->n_hosts);
	cJSON_AddNumberToObject(o, "min_items", (double)c->eval_min_items);
	return o;
}

static cJSON *routing_json(const struct bench *b)
{
	if (!b->route)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "items", (double)b->n_items);
	cJSON_AddNumberToObject(o, "to_own_adapter", (double)b->routed_right);
	cJSON_AddNumberToObject(o, "to_base", (double)b->routed_base);
	cJSON_AddNumberToObject(o, "share_to_base",
	                        eval_r4((double)b->routed_base / (double)b->n_items));
	cJSON_AddNumberToObject(o, "accuracy",
	                        eval_r4((double)b->routed_right / (double)b->n_items));
	return o;
}

cJSON *bench_report_json(const struct bench_run *r)
{
	const struct bench *b = r->b;
	cJSON *o = cJSON_CreateObject();
	cJSON *cells = cJSON_AddArrayToObject(o, "cells");
	for (size_t c = 0; c < b->n_cells; c++)
		cJSON_AddItemToArray(cells, cell_json(b, &b->cells[c]));
	cJSON_AddItemToObject(o, "domains", domains_json(b));
	cJSON_AddItemToObject(o, "settings", settings_json(r));
	cJSON_AddItemToObject(o, "routing", routing_json(b));
	cJSON_AddItemToObject(o, "server_memory_peak_bytes", bytes_json(r->mem_peak));
	cJSON_AddItemToObject(o, "server_vram_peak_bytes", bytes_json(r->vram_peak));
	cJSON *t = cJSON_AddObjectToObject(o, "targets");
	cJSON_AddNumberToObject(t, "latency_s", BENCH_TARGET_LATENCY_S);
	cJSON_AddNumberToObject(t, "memory_bytes", BENCH_TARGET_MEMORY);
	cJSON_AddNumberToObject(t, "swap_s", EVAL_SWAP_TARGET_SECONDS);
	cJSON_AddItemToObject(o, "seconds", seconds_json(r->seconds));
	return o;
}

/* ---- the tables --------------------------------------------------------------- */

/* Domains per score table, so that a row stays within 80 columns. */
#define DOMAINS_PER_TABLE 6

static void scores_table(const struct bench *b, struct termsafe_pool *ts, size_t from, size_t to)
{
	printf("%-22s %5s %6s", "cell", "n", "score");
	for (size_t d = from; d < to; d++)
		printf(" %7.7s", termsafe_str(ts, b->domains[d].name));
	printf("\n");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cell *x = &b->cells[c];
		printf("%-22s %5zu %5.1f%%", x->spec.name, x->n, 100 * x->score);
		for (size_t d = from; d < to; d++)
			printf(" %6.1f%%", 100 * x->per_domain[d]);
		printf("\n");
	}
}

static void comparisons_table(const struct bench *b)
{
	printf("\n%-34s %6s  %-16s %7s %7s\n", "comparison (points)", "delta", "95% CI", "p",
	       "Holm p");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cell *x = &b->cells[c];
		for (size_t k = 0; k < x->n_cmp; k++) {
			const struct bench_comparison *m = &x->cmp[k];
			char name[2 * BENCH_NAME_MAX + 8];
			snprintf(name, sizeof name, "%s vs %s", x->spec.name,
			         b->cells[m->against].spec.name);
			printf("%-34s %+6.1f  %+6.1f to %+6.1f %7.3g %7.3g\n", name,
			       100 * m->sum.delta, 100 * m->sum.ci_lo, 100 * m->sum.ci_hi, m->sum.p,
			       m->p_holm);
		}
	}
}

static void fmt_seconds(char *buf, size_t n, double s)
{
	if (isnan(s))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.2f", s);
}

static void fmt_bytes(char *buf, size_t n, long long v)
{
	if (v < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f GB", (double)v / 1e9);
}

static void costs_table(const struct bench *b)
{
	printf("\n%-20s %6s %6s %8s %7s %5s %7s %8s\n", "cost", "p50 s", "p95 s", "tokens",
	       "wall s", "loads", "load s", "memory");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cost *k = &b->cells[c].cost;
		char p50[16], p95[16], mem[24];
		fmt_seconds(p50, sizeof p50, k->latency_p50);
		fmt_seconds(p95, sizeof p95, k->latency_p95);
		fmt_bytes(mem, sizeof mem, k->mem_peak);
		printf("%-20s %6s %6s %8ld %7.1f %5d %7.2f %8s\n", b->cells[c].spec.name, p50, p95,
		       k->tokens, k->wall_s, k->loads, k->load_s, mem);
	}
	for (size_t c = 0; c < b->n_cells; c++) /* votes: what the early stop saved */
		if (b->cells[c].spec.votes > 1)
			printf("%-20s early stop: %zu samples not needed, about %.0f tokens\n",
			       b->cells[c].spec.name, b->cells[c].cost.samples_saved,
			       b->cells[c].cost.tokens_saved);
}

static const char *met(bool known, bool ok)
{
	return !known ? "not measured" : ok ? "met" : "missed";
}

/* The seed's targets against the worst cell. */
static void targets_lines(const struct bench_run *r)
{
	const struct bench *b = r->b;
	double p95 = NAN, load_s = 0;
	int loads = 0, first_bytes = 0;
	double first_byte_s = 0;
	bool per_request = false;
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cost *k = &b->cells[c].cost;
		if (!isnan(k->latency_p95) && (isnan(p95) || k->latency_p95 > p95))
			p95 = k->latency_p95;
		loads += k->loads;
		load_s += k->load_s;
		per_request |= k->per_request;
		first_bytes += k->first_bytes;
		first_byte_s += k->first_byte_s;
	}
	char lat[16], mem[24], swap[24];
	fmt_seconds(lat, sizeof lat, p95);
	fmt_bytes(mem, sizeof mem, r->mem_peak);
	if (loads)
		snprintf(swap, sizeof swap, "%.0f ms", 1000 * load_s / loads);
	else
		snprintf(swap, sizeof swap, "-");
	printf("\ntargets: latency p95 < %.0f s: %s (worst cell %s s)\n", BENCH_TARGET_LATENCY_S,
	       met(!isnan(p95), p95 < BENCH_TARGET_LATENCY_S), lat);
	printf("         memory < %.0f GB: %s (peak %s)\n", BENCH_TARGET_MEMORY / 1e9,
	       met(r->mem_peak >= 0, (double)r->mem_peak < BENCH_TARGET_MEMORY), mem);
	if (per_request) { /* issue 22: no loads; the answers' first bytes */
		if (first_bytes)
			snprintf(swap, sizeof swap, "%.0f ms", 1000 * first_byte_s / first_bytes);
		printf("         swap < %.0f ms: %s (per request, mean first byte %s)\n",
		       1000 * EVAL_SWAP_TARGET_SECONDS,
		       met(first_bytes > 0, first_byte_s / first_bytes < EVAL_SWAP_TARGET_SECONDS),
		       first_bytes ? swap : "-");
		return;
	}
	printf("         swap < %.0f ms: %s (mean load %s)\n", 1000 * EVAL_SWAP_TARGET_SECONDS,
	       met(loads > 0, load_s / loads < EVAL_SWAP_TARGET_SECONDS), swap);
}

static void routing_line(const struct bench *b)
{
	if (!b->route)
		return;
	printf("\nrouting: %zu of %zu items to their domain's adapter (%.1f%%), %zu to the base "
	       "(%.1f%%)\n",
	       b->routed_right, b->n_items, eval_pct(b->routed_right, b->n_items), b->routed_base,
	       eval_pct(b->routed_base, b->n_items));
}

/* The comparisons a research question asks for by name: what misrouting costs
 * (routed against oracle), how far the reference is, and what the python tool
 * adds (a tools cell against the same cell without it). */
static void named_lines(const struct bench *b)
{
	for (size_t c = 0; c < b->n_cells; c++)
		for (size_t k = 0; k < b->cells[c].n_cmp; k++) {
			const struct bench_comparison *m = &b->cells[c].cmp[k];
			if (strcmp(m->why, "misrouting") && strcmp(m->why, "reference") &&
			    strcmp(m->why, "tools"))
				continue;
			printf(
			    "%s (%s vs %s): %+.1f points,\n  95%% CI %+.1f to %+.1f, Holm p %.3g\n",
			    m->why, b->cells[c].spec.name, b->cells[m->against].spec.name,
			    100 * m->sum.delta, 100 * m->sum.ci_lo, 100 * m->sum.ci_hi, m->p_holm);
		}
}

/* Whether each cell scores above the baseline on every domain, and where its
 * domain's own test says so. */
static void every_domain_lines(const struct bench *b)
{
	bool first = true;
	for (size_t c = 0; c < b->n_cells; c++) {
		if (c == b->baseline)
			continue;
		size_t above, significant;
		bench_domains_above(b, c, &above, &significant);
		printf("%s%s: above base on %zu of %zu domains, significantly on %zu\n",
		       first ? "\n" : "", b->cells[c].spec.name, above, b->n_domains, significant);
		first = false;
	}
}

void bench_report_print(const struct bench_run *r)
{
	const struct bench *b = r->b;
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, r->ctx->tty_out);
	printf("bench: %zu domain%s, %zu items, %zu cells\n\n", b->n_domains,
	       b->n_domains == 1 ? "" : "s", b->n_items, b->n_cells);
	for (size_t d = 0; d < b->n_domains; d += DOMAINS_PER_TABLE) {
		size_t to =
		    d + DOMAINS_PER_TABLE < b->n_domains ? d + DOMAINS_PER_TABLE : b->n_domains;
		if (d)
			printf("\n");
		scores_table(b, &ts, d, to);
	}
	termsafe_pool_free(&ts);
	comparisons_table(b);
	routing_line(b);
	named_lines(b);
	every_domain_lines(b);
	costs_table(b);
	targets_lines(r);
}

/* ---- Markdown ------------------------------------------------------------------- */

static void md_scores(struct strbuf *sb, const struct bench *b)
{
	sb_adds(sb, "| cell | n | score |");
	for (size_t d = 0; d < b->n_domains; d++) {
		sb_adds(sb, " ");
		md_escape(sb, b->domains[d].name);
		sb_adds(sb, " |");
	}
	sb_adds(sb, "\n|---|---:|---:|");
	for (size_t d = 0; d < b->n_domains; d++)
		sb_adds(sb, "---:|");
	sb_adds(sb, "\n");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cell *x = &b->cells[c];
		sb_addf(sb, "| `%s` | %zu | %.1f%% |", x->spec.name, x->n, 100 * x->score);
		for (size_t d = 0; d < b->n_domains; d++)
			sb_addf(sb, " %.1f%% |", 100 * x->per_domain[d]);
		sb_adds(sb, "\n");
	}
}

static void md_comparisons(struct strbuf *sb, const struct bench *b)
{
	sb_adds(sb, "\n| comparison | delta (points) | 95% CI | test | p | Holm p |\n"
	            "|---|---:|---|---|---:|---:|\n");
	for (size_t c = 0; c < b->n_cells; c++)
		for (size_t k = 0; k < b->cells[c].n_cmp; k++) {
			const struct bench_comparison *m = &b->cells[c].cmp[k];
			sb_addf(
			    sb,
			    "| `%s` vs `%s` (%s) | %+.1f | %+.1f to %+.1f | %s | %.3g | %.3g |\n",
			    b->cells[c].spec.name, b->cells[m->against].spec.name, m->why,
			    100 * m->sum.delta, 100 * m->sum.ci_lo, 100 * m->sum.ci_hi,
			    eval_test_name(m->sum.test), m->sum.p, m->p_holm);
		}
}

static void md_costs(struct strbuf *sb, const struct bench *b)
{
	sb_adds(sb, "\n| cell | latency p50 (s) | p95 (s) | tokens | wall (s) | loads | load (s) "
	            "| memory |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cost *k = &b->cells[c].cost;
		char p50[16], p95[16], mem[24];
		fmt_seconds(p50, sizeof p50, k->latency_p50);
		fmt_seconds(p95, sizeof p95, k->latency_p95);
		fmt_bytes(mem, sizeof mem, k->mem_peak);
		sb_addf(sb, "| `%s` | %s | %s | %ld | %.1f | %d | %.2f | %s |\n",
		        b->cells[c].spec.name, p50, p95, k->tokens, k->wall_s, k->loads, k->load_s,
		        mem);
	}
}

int bench_report_markdown(const struct bench_run *r, const char *path, char **err)
{
	const struct bench *b = r->b;
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "# loco bench\n\n%zu domain%s, %zu items; base model ", b->n_domains,
	        b->n_domains == 1 ? "" : "s", b->n_items);
	md_escape(&sb, b->models[0].name);
	sb_adds(&sb, ".\n\n");
	md_scores(&sb, b);
	md_comparisons(&sb, b);
	if (b->route)
		sb_addf(&sb,
		        "\nRouting: %zu of %zu items to their own domain's adapter, %zu to the "
		        "base model.\n",
		        b->routed_right, b->n_items, b->routed_base);
	md_costs(&sb, b);
	int rc = write_file_atomic(path, sb.buf, sb.len, err);
	sb_free(&sb);
	return rc;
}
