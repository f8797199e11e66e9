/* bench.h: `loco bench`'s grid (issue 18). The registry's domain datasets are
 * asked of a grid of cells, each a way of answering named by its layers joined
 * with '+': who answers (base: the base model; oracle: each item's own domain
 * adapter; routed: the adapter the router picks, as students use it;
 * reference: a model to compare with), then re2, tools (the python tool
 * offered, issue 19) and votesN. Each cell runs
 * through eval's harness (eval_run(): the cache, blocks of one model, several
 * servers); the numbers come from eval_summarize() and stats.h, so a cell
 * against the baseline is the same test `loco eval` runs.
 *
 * struct bench owns its domains (and their datasets), cells, parts and
 * answers (bench_free()); the registry, the router and the options are
 * borrowed. Nothing prints.
 */
#ifndef LOCO_BENCH_H
#define LOCO_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include "dataset.h"
#include "eval.h"
#include "score.h"

struct registry;
struct router;

enum bench_who { BENCH_BASE, BENCH_ORACLE, BENCH_ROUTED, BENCH_REFERENCE };

#define BENCH_NAME_MAX  48
#define BENCH_CELLS_MAX 32
#define BENCH_VOTES_MAX 64

struct bench_cell_spec {
	enum bench_who who;
	bool re2;
	bool tools; /* the python tool offered (the sandbox runs its code) */
	int votes;  /* 1 = one sample */
	/* oracle+ensemble+votesN: the votes round-robin over every adapter of the
	 * item's domain, the domain's own first (issue 20, bench_ensemble.c) */
	bool ensemble;
	char name[BENCH_NAME_MAX]; /* canonical: who, re2, tools, ensemble, votesN */
};

/* One cell name ("routed+re2+votes5", layers in any order). -1 with *err saying
 * which part is wrong and what was expected. */
int bench_cell_parse(const char *name, struct bench_cell_spec *out, char **err);
/* A comma-separated list; duplicates (after canonical naming) are an error. */
int bench_cells_parse(const char *list, struct bench_cell_spec *out, size_t max, size_t *n,
                      char **err);
/* The default grid: base, base+re2, oracle+re2, routed+re2, routed+re2+votes5,
 * then reference when with_reference. */
size_t bench_default_cells(bool with_reference, struct bench_cell_spec *out);

/* One domain: the dataset of its adapter. */
struct bench_domain {
	const char *name;  /* the adapter's domain (borrowed from the registry) */
	size_t adapter;    /* registry index of the adapter whose dataset this is */
	struct dataset ds; /* owned */
	size_t n;          /* items used (--limit) */
	struct score_env env;
};

/* A model a cell may send to: [0] the base, [1 + a] adapter a, the last the
 * reference. */
struct bench_model {
	char *name;
	char *digest; /* the server's, filled by the caller before the run ("" unknown) */
	char *system; /* the adapter's system context; NULL for the base and reference */
	bool used;    /* some cell of the grid sends to it */
};

/* The items of one (cell, domain) that go to one model: one eval part. */
struct bench_part {
	size_t cell, domain, model;
	/* an ensemble cell's part: member `member` of `members`, its share of the
	 * cell's votes (0: the cell's votes), every sample kept */
	size_t member, members;
	int votes;
	struct dataset sub; /* the items, copied shallowly from the domain's dataset */
	size_t *items;      /* their indices in the domain's dataset */
	struct eval_result r;
};

struct bench_comparison {
	size_t against; /* cell index */
	/* "baseline", "re2", "votes", "adapters", "misrouting", "reference", "tools",
	 * "ensemble" */
	const char *why;
	struct eval_summary sum; /* side 0: against, side 1: the cell */
	double p_holm;           /* over every comparison of the table */
};

struct bench_cost {
	size_t fresh; /* answers sent to a server in this run (not cached) */
	/* of the answers this run measured (also for another cell with the same
	 * request), seconds; NAN when every answer was cached before the run */
	double latency_p50, latency_p95;
	long tokens;   /* generated, every sample, cached answers included */
	double wall_s; /* the cell's run */
	int loads;
	double load_s;
	/* a server that swaps adapters per request (issue 22): no loads; the
	 * answers' times to the first byte instead */
	bool per_request;
	int first_bytes;
	double first_byte_s;
	size_t sent;          /* requests */
	size_t samples_saved; /* votes: the early stop's (eval_status) */
	double tokens_saved;
	size_t tool_calls, tool_ok;    /* a tools cell's runs, and those that exited 0 */
	size_t tool_items;             /* items with a run */
	long long mem_peak, vram_peak; /* bytes, from /api/ps; -1 unknown */
};

struct bench_cell {
	struct bench_cell_spec spec;
	bool ran;                          /* every answer in */
	const struct eval_answer **answer; /* per item of the whole grid (domain offsets) */
	double *per_domain;                /* mean item score per domain */
	double score;                      /* composite: the mean over domains */
	size_t n;
	struct bench_comparison cmp[8];
	size_t n_cmp;
	/* per domain, against the baseline on that domain's items alone (NULL for the
	 * baseline itself): "better on every domain" is a claim per domain */
	struct eval_summary *vs_base;
	struct bench_cost cost;
	struct eval_result *ens; /* ensemble cells: per domain, the combined vote */
};

struct bench {
	const struct registry *reg;
	struct bench_domain *domains;
	size_t n_domains;
	size_t *offset;      /* first item of each domain in the grid's item order */
	size_t n_items;      /* over every domain */
	struct dataset all;  /* every item used, copied shallowly (the comparisons' types) */
	int *route;          /* per item: the registry index the router picks, -1 the base */
	size_t routed_right; /* items routed to their own domain's adapter */
	size_t routed_base;  /* items routed to the base model */
	struct bench_model *models;
	size_t n_models;
	struct bench_cell cells[BENCH_CELLS_MAX];
	size_t n_cells;
	size_t baseline; /* the base cell */
	struct bench_part *parts;
	size_t n_parts;
};

/* The registry's domains: per domain, its first active adapter with an eval
 * dataset (else its first with one); only (a comma-separated list of domain
 * names, NULL = all) chooses. Datasets load now; -1 with *err (the file and
 * line); -2 with *err when a name of only is no domain with a dataset.
 * limit: items per domain, 0 = all. */
int bench_domains_load(struct bench *b, const struct registry *reg, const char *only, size_t limit,
                       char **err);
/* The grid: cells (the base cell is added first when missing), the models and
 * the parts. reference may be NULL when no cell needs it; the router routes
 * every item once (routed cells). */
int bench_plan(struct bench *b, const struct bench_cell_spec *cells, size_t n,
               const char *reference, struct router *rt, char **err);
/* Requests cell c will send, for progress. */
size_t bench_cell_requests(const struct bench *b, size_t c);
/* bench_ensemble.c: an ensemble cell's parts (one per member of each domain),
 * and after its run the combined vote per domain (cell->ens, cell->answer). */
void bench_plan_ensemble(struct bench *b, size_t c);
void bench_collect_ensemble(struct bench *b, size_t c);

/* Runs cell c: its parts through eval_run() with o (borrowed; its reread and votes
 * are ignored, the cell's layers apply). Returns eval_run()'s status. */
int bench_run_cell(struct bench *b, size_t c, const struct eval_opts *o, struct eval_status *st);
/* After every cell ran: scores, costs (loads from st), comparisons and Holm. */
void bench_cell_costs(struct bench *b, size_t c, const struct eval_status *st);
void bench_summarize(struct bench *b, size_t min_items);
/* Domains where cell c scores above the baseline, and where that is significant
 * (the domain's own test, p < 0.05, not adjusted). */
void bench_domains_above(const struct bench *b, size_t c, size_t *above, size_t *significant);
/* Routed items in domain d sent to the base model, and to d's own adapter. */
void bench_route_counts(const struct bench *b, size_t d, size_t *to_base, size_t *right);
void bench_free(struct bench *b);

/* The report as one self-contained HTML page with SVG charts (bench_html.c);
 * the caller frees it. */
char *bench_html(const struct bench *b);

#endif
