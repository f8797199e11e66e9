/* bench.c: the grid of `loco bench` (see bench.h). Every cell is one
 * eval_run() whose parts are (domain, model) groups of items, so a routed
 * cell sends each adapter's items in one block; the comparisons pair the
 * cells item by item and hand them to eval_summarize(), the same tests,
 * intervals and power `loco eval` reports. */
#define _GNU_SOURCE
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prompt.h"
#include "registry.h"
#include "router.h"
#include "util.h"

/* ---- cell names ------------------------------------------------------------ */

static const char *const who_names[] = {"base", "oracle", "routed", "reference"};

static void cell_name(struct bench_cell_spec *c)
{
	char votes[24] = "";
	if (c->votes > 1)
		snprintf(votes, sizeof votes, "+votes%d", c->votes);
	snprintf(c->name, sizeof c->name, "%s%s%s%s%s", who_names[c->who], c->re2 ? "+re2" : "",
	         c->tools ? "+tools" : "", c->ensemble ? "+ensemble" : "", votes);
}

/* "votesN": N from 2 to BENCH_VOTES_MAX; 0 when the word is not votes-shaped. */
static int votes_word(const char *w, size_t len, long *n)
{
	if (len < 6 || strncmp(w, "votes", 5))
		return 0;
	char digits[16];
	if (len - 5 >= sizeof digits)
		return -1;
	memcpy(digits, w + 5, len - 5);
	digits[len - 5] = '\0';
	return parse_long(digits, n) && *n >= 2 && *n <= BENCH_VOTES_MAX ? 1 : -1;
}

static int layer_word(const char *w, size_t len, struct bench_cell_spec *c, bool *who_set,
                      char **err)
{
	long n = 0;
	for (int k = 0; k < (int)LOCO_ARRAY_LEN(who_names); k++)
		if (strlen(who_names[k]) == len && !strncmp(w, who_names[k], len)) {
			if (*who_set)
				return set_err(err, "two answerers in one cell ('%.*s')", (int)len,
				               w);
			c->who = (enum bench_who)k;
			*who_set = true;
			return 0;
		}
	if (len == 3 && !strncmp(w, "re2", 3)) {
		if (c->re2)
			return set_err(err, "re2 given twice");
		c->re2 = true;
		return 0;
	}
	int v = votes_word(w, len, &n);
	if (v > 0 && c->votes == 1) {
		c->votes = (int)n;
		return 0;
	}
	if (v != 0)
		return set_err(err, "'%.*s': expected votesN with N from 2 to %d, once", (int)len,
		               w, BENCH_VOTES_MAX);
	if (len == 8 && !strncmp(w, "ensemble", 8)) {
		if (c->ensemble)
			return set_err(err, "ensemble given twice");
		c->ensemble = true;
		return 0;
	}
	if (len == 5 && !strncmp(w, "tools", 5)) {
		if (c->tools)
			return set_err(err, "tools given twice");
		c->tools = true;
		return 0;
	}
	return set_err(err, "unknown layer '%.*s'", (int)len, w);
}

int bench_cell_parse(const char *name, struct bench_cell_spec *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->votes = 1;
	bool who_set = false;
	const char *p = name;
	for (;;) {
		const char *end = strchr(p, '+');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (!len)
			return set_err(err, "cell '%s': an empty layer (expected NAME+NAME)", name);
		char *why = NULL;
		if (layer_word(p, len, out, &who_set, &why) < 0) {
			set_err(err, "cell '%s': %s", name, why);
			free(why);
			return -1;
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (!who_set)
		return set_err(err,
		               "cell '%s' names no answerer; start it with base, oracle, "
		               "routed or reference",
		               name);
	if (out->who == BENCH_REFERENCE && (out->re2 || out->tools || out->votes > 1))
		return set_err(err,
		               "cell '%s': the reference model is asked as it is, without "
		               "re2, tools or votes",
		               name);
	if (out->ensemble && (out->who != BENCH_ORACLE || out->votes < 2 || out->tools))
		return set_err(err, "cell '%s': ensemble is oracle+votesN only", name);
	cell_name(out);
	return 0;
}

int bench_cells_parse(const char *list, struct bench_cell_spec *out, size_t max, size_t *n,
                      char **err)
{
	*n = 0;
	for (const char *p = list;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (!len)
			return set_err(err,
			               "an empty cell in '%s'; expected a comma-separated list of "
			               "cells",
			               list);
		if (*n == max)
			return set_err(err, "more than %zu cells", max);
		char *name = xstrndup(p, len);
		int rc = bench_cell_parse(name, &out[*n], err);
		free(name);
		if (rc < 0)
			return -1;
		for (size_t k = 0; k < *n; k++)
			if (!strcmp(out[k].name, out[*n].name))
				return set_err(err, "cell '%s' is given twice", out[k].name);
		(*n)++;
		if (!end)
			return 0;
		p = end + 1;
	}
}

size_t bench_default_cells(bool with_reference, struct bench_cell_spec *out)
{
	static const char *const grid[] = {"base",       "base+re2",          "oracle+re2",
	                                   "routed+re2", "routed+re2+votes5", "reference"};
	size_t n = LOCO_ARRAY_LEN(grid) - !with_reference;
	for (size_t k = 0; k < n; k++)
		bench_cell_parse(grid[k], &out[k], NULL);
	return n;
}

/* ---- domains ----------------------------------------------------------------- */

/* The adapter whose dataset stands for domain a's: the first active one with a
 * dataset, else the first with one. */
static bool stands_for_domain(const struct registry *reg, size_t a)
{
	const char *domain = reg->adapters[a].domain;
	long first = -1, first_active = -1;
	for (size_t k = 0; k < reg->n_adapters; k++) {
		const struct adapter *y = &reg->adapters[k];
		if (strcmp(y->domain, domain) || !y->eval_dataset)
			continue;
		if (first < 0)
			first = (long)k;
		if (y->active && first_active < 0)
			first_active = (long)k;
	}
	return (first_active >= 0 ? first_active : first) == (long)a;
}

static bool domain_wanted(const char *only, const char *domain)
{
	if (!only)
		return true;
	size_t len = strlen(domain);
	for (const char *p = only; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && !strncmp(p, domain, n))
			return true;
		p = end ? end + 1 : p + n;
	}
	return false;
}

/* Every name of --domains must be a domain with a dataset. */
static int check_only(const struct bench *b, const char *only, char **err)
{
	for (const char *p = only; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool found = false;
		for (size_t d = 0; d < b->n_domains && !found; d++)
			found =
			    strlen(b->domains[d].name) == n && !strncmp(p, b->domains[d].name, n);
		if (!found)
			return set_err(err,
			               "--domains: no adapter of domain '%.*s' has an eval dataset",
			               (int)n, p);
		p = end ? end + 1 : p + n;
	}
	return 0;
}

static int load_domain(struct bench *b, size_t a, size_t limit, char **err)
{
	const struct adapter *x = &b->reg->adapters[a];
	char *path = adapter_dataset_path(b->reg, x);
	if (!path)
		return set_err(err,
		               "adapter '%s' has an eval dataset but no folder to find it in "
		               "(the built-in registry has no dataset files)",
		               x->name);
	struct bench_domain *d = &b->domains[b->n_domains];
	memset(d, 0, sizeof *d);
	int rc = dataset_load(&d->ds, path, x->eval_type, err);
	free(path);
	if (rc < 0)
		return -1;
	d->name = x->domain;
	d->adapter = a;
	d->n = limit && limit < d->ds.n ? limit : d->ds.n;
	b->n_domains++;
	return 0;
}

int bench_domains_load(struct bench *b, const struct registry *reg, const char *only, size_t limit,
                       char **err)
{
	memset(b, 0, sizeof *b);
	b->reg = reg;
	b->domains = xcalloc(reg->n_adapters + 1, sizeof *b->domains);
	for (size_t a = 0; a < reg->n_adapters; a++)
		if (stands_for_domain(reg, a) && domain_wanted(only, reg->adapters[a].domain) &&
		    load_domain(b, a, limit, err) < 0)
			return -1;
	if (check_only(b, only, err) < 0)
		return -2;
	if (!b->n_domains)
		return set_err(err, "no adapter of %s has an eval dataset to benchmark on",
		               reg->path ? reg->path : "the built-in registry");
	b->offset = xcalloc(b->n_domains + 1, sizeof *b->offset);
	for (size_t d = 0; d < b->n_domains; d++) {
		b->offset[d] = b->n_items;
		b->n_items += b->domains[d].n;
	}
	b->offset[b->n_domains] = b->n_items;
	b->all.items = xcalloc(b->n_items + 1, sizeof *b->all.items);
	b->all.n = b->n_items;
	b->all.path = "";
	for (size_t d = 0; d < b->n_domains; d++)
		memcpy(&b->all.items[b->offset[d]], b->domains[d].ds.items,
		       b->domains[d].n * sizeof *b->all.items);
	return 0;
}

/* ---- the plan ---------------------------------------------------------------- */

static size_t reference_model(const struct bench *b)
{
	return b->n_models - 1;
}

static void make_models(struct bench *b, const char *reference)
{
	const struct registry *reg = b->reg;
	b->n_models = reg->n_adapters + 2;
	b->models = xcalloc(b->n_models, sizeof *b->models);
	b->models[0].name = xstrdup(reg->base_ollama_name);
	for (size_t a = 0; a < reg->n_adapters; a++) {
		b->models[1 + a].name = adapter_model_name(&reg->adapters[a]);
		b->models[1 + a].system = prompt_system(&reg->adapters[a], NULL);
	}
	b->models[reference_model(b)].name = xstrdup(reference ? reference : "");
}

static void route_items(struct bench *b, struct router *rt)
{
	b->route = xcalloc(b->n_items + 1, sizeof *b->route);
	for (size_t d = 0; d < b->n_domains; d++)
		for (size_t i = 0; i < b->domains[d].n; i++) {
			const char *q = b->domains[d].ds.items[i].prompt;
			struct route_decision dec;
			router_decide(rt, q, strlen(q), &dec);
			b->route[b->offset[d] + i] = dec.adapter;
			b->routed_right += dec.adapter == (int)b->domains[d].adapter;
			b->routed_base += dec.adapter < 0;
		}
}

/* The model cell c sends item i of domain d to. */
static size_t target(const struct bench *b, const struct bench_cell *c, size_t d, size_t i)
{
	switch (c->spec.who) {
	case BENCH_ORACLE:
		return 1 + b->domains[d].adapter;
	case BENCH_ROUTED: {
		int r = b->route[b->offset[d] + i];
		return r < 0 ? 0 : 1 + (size_t)r;
	}
	case BENCH_REFERENCE:
		return reference_model(b);
	case BENCH_BASE:
		break;
	}
	return 0;
}

/* Parts of cell c: one per (domain, model), items in dataset order. */
static void plan_cell(struct bench *b, size_t c)
{
	struct bench_cell *cell = &b->cells[c];
	if (cell->spec.ensemble) {
		bench_plan_ensemble(b, c);
		return;
	}
	for (size_t d = 0; d < b->n_domains; d++) {
		const struct bench_domain *dom = &b->domains[d];
		for (size_t m = 0; m < b->n_models; m++) {
			size_t k = 0;
			for (size_t i = 0; i < dom->n; i++)
				k += target(b, cell, d, i) == m;
			if (!k)
				continue;
			b->models[m].used = true;
			b->parts = xrealloc(b->parts, (b->n_parts + 1) * sizeof *b->parts);
			struct bench_part *p = &b->parts[b->n_parts++];
			memset(p, 0, sizeof *p);
			*p = (struct bench_part){.cell = c, .domain = d, .model = m};
			p->sub.path = dom->ds.path;
			p->sub.items = xcalloc(k, sizeof *p->sub.items);
			p->items = xcalloc(k, sizeof *p->items);
			for (size_t i = 0; i < dom->n; i++)
				if (target(b, cell, d, i) == m) {
					p->items[p->sub.n] = i;
					p->sub.items[p->sub.n++] = dom->ds.items[i];
				}
		}
	}
}

int bench_plan(struct bench *b, const struct bench_cell_spec *cells, size_t n,
               const char *reference, struct router *rt, char **err)
{
	bool has_base = false, wants_reference = false, wants_routing = false;
	for (size_t k = 0; k < n; k++) {
		has_base = has_base || !strcmp(cells[k].name, "base");
		wants_reference = wants_reference || cells[k].who == BENCH_REFERENCE;
		wants_routing = wants_routing || cells[k].who == BENCH_ROUTED;
	}
	if (wants_reference && !reference)
		return set_err(err, "cell 'reference' needs a model: pass --reference MODEL");
	if (n + !has_base > BENCH_CELLS_MAX)
		return set_err(err, "more than %d cells", BENCH_CELLS_MAX);
	if (!has_base)
		bench_cell_parse("base", &b->cells[b->n_cells++].spec, NULL);
	for (size_t k = 0; k < n; k++)
		b->cells[b->n_cells++].spec = cells[k];
	for (size_t k = 0; k < b->n_cells; k++)
		if (!strcmp(b->cells[k].spec.name, "base"))
			b->baseline = k;
	make_models(b, reference);
	if (wants_routing)
		route_items(b, rt);
	for (size_t c = 0; c < b->n_cells; c++)
		plan_cell(b, c);
	return 0;
}

/* ---- running ------------------------------------------------------------------ */

size_t bench_cell_requests(const struct bench *b, size_t c)
{
	size_t n = 0;
	for (size_t k = 0; k < b->n_parts; k++)
		if (b->parts[k].cell == c)
			n += b->parts[k].sub.n * (size_t)(b->parts[k].votes
			                                      ? b->parts[k].votes
			                                      : b->cells[c].spec.votes);
	return n;
}

int bench_run_cell(struct bench *b, size_t c, const struct eval_opts *o, struct eval_status *st)
{
	struct bench_cell *cell = &b->cells[c];
	struct eval_part *parts = xcalloc(b->n_parts + 1, sizeof *parts);
	size_t n = 0;
	for (size_t k = 0; k < b->n_parts; k++) {
		struct bench_part *p = &b->parts[k];
		if (p->cell != c)
			continue;
		const struct bench_model *m = &b->models[p->model];
		parts[n++] = (struct eval_part){
		    .ds = &p->sub,
		    .model = {b->models[0].name, m->name},
		    .digest = {b->models[0].digest, m->digest},
		    .system = m->system,
		    .score_env = &b->domains[p->domain].env,
		    .r = &p->r,
		    .reread = cell->spec.re2,
		    .votes = p->votes ? p->votes : cell->spec.votes,
		    .keep_samples = cell->spec.ensemble,
		    .tools = {false, cell->spec.tools},
		};
	}
	struct eval_opts co = *o;
	co.adapter_only = true;
	co.base_only = false;
	co.reread = false;
	co.votes = 1;
	int rc = eval_run(&co, parts, n, st);
	free(parts);
	cell->ran = rc == 0;
	return rc;
}

/* ---- the numbers ---------------------------------------------------------------- */

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The nearest-rank percentile: the ceil(q n)-th smallest. */
static double percentile(double *v, size_t n, double q)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof *v, by_value);
	size_t rank = (size_t)ceil(q * (double)n);
	return v[rank ? rank - 1 : 0];
}

static void collect_answers(struct bench *b, size_t c)
{
	struct bench_cell *cell = &b->cells[c];
	if (cell->spec.ensemble) {
		bench_collect_ensemble(b, c);
		return;
	}
	cell->answer = xcalloc(b->n_items + 1, sizeof *cell->answer);
	for (size_t k = 0; k < b->n_parts; k++) {
		const struct bench_part *p = &b->parts[k];
		if (p->cell != c)
			continue;
		for (size_t j = 0; j < p->sub.n; j++)
			cell->answer[b->offset[p->domain] + p->items[j]] =
			    &p->r.answers[SIDE_ADAPTER][j];
	}
}

/* The latency this run measured for item i of domain d in cell c: its own, or
 * when the answer came from the cache, that of an earlier cell that sent the
 * same request (the same model and layers: routed items share oracle's and
 * base's). NAN when the answer was cached before this run. */
static double measured_latency(const struct bench *b, size_t c, size_t d, size_t i)
{
	const struct bench_cell *cell = &b->cells[c];
	size_t at = b->offset[d] + i;
	for (size_t k = 0; k <= c; k++) {
		const struct bench_cell *o = &b->cells[k];
		const struct eval_answer *a = o->answer ? o->answer[at] : NULL;
		if (a && a->answered && !a->cached && o->spec.re2 == cell->spec.re2 &&
		    o->spec.votes == cell->spec.votes && o->spec.tools == cell->spec.tools &&
		    o->spec.ensemble == cell->spec.ensemble &&
		    target(b, o, d, i) == target(b, cell, d, i))
			return a->latency;
	}
	return NAN;
}

void bench_cell_costs(struct bench *b, size_t c, const struct eval_status *st)
{
	struct bench_cell *cell = &b->cells[c];
	struct bench_cost *k = &cell->cost;
	collect_answers(b, c);
	double *lat = xcalloc(b->n_items + 1, sizeof *lat);
	size_t n = 0;
	for (size_t d = 0; d < b->n_domains; d++)
		for (size_t i = 0; i < b->domains[d].n; i++) {
			const struct eval_answer *a = cell->answer[b->offset[d] + i];
			if (!a || !a->answered)
				continue;
			k->tokens += a->tokens;
			k->tool_calls += a->tool_calls;
			k->tool_ok += a->tool_ok;
			k->tool_items += a->tool_calls > 0;
			k->fresh += !a->cached;
			double s = measured_latency(b, c, d, i);
			if (!isnan(s))
				lat[n++] = s;
		}
	k->latency_p50 = percentile(lat, n, 0.5);
	k->latency_p95 = percentile(lat, n, 0.95);
	free(lat);
	k->wall_s = st->seconds;
	k->sent = st->sent;
	k->samples_saved = st->samples_saved;
	k->tokens_saved = st->tokens_saved;
	for (size_t m = 0; m < st->n_loads; m++) {
		k->loads += st->loads[m].loads;
		k->load_s += st->loads[m].seconds;
	}
	k->per_request = st->per_request;
	for (size_t m = 0; m < st->n_first_byte; m++) {
		k->first_bytes += st->first_byte[m].n;
		k->first_byte_s += st->first_byte[m].seconds;
	}
}

static void cell_scores(struct bench *b, struct bench_cell *cell)
{
	cell->per_domain = xcalloc(b->n_domains + 1, sizeof *cell->per_domain);
	double sum = 0;
	for (size_t d = 0; d < b->n_domains; d++) {
		double s = 0;
		for (size_t i = b->offset[d]; i < b->offset[d + 1]; i++)
			s += cell->answer[i]->score.score;
		cell->per_domain[d] = b->domains[d].n ? s / (double)b->domains[d].n : 0;
		sum += cell->per_domain[d];
	}
	cell->score = sum / (double)b->n_domains;
	cell->n = b->n_items;
}

static long find_cell(const struct bench *b, enum bench_who who, bool re2, int votes, bool tools)
{
	for (size_t k = 0; k < b->n_cells; k++) {
		const struct bench_cell_spec *s = &b->cells[k].spec;
		if (b->cells[k].ran && s->who == who && s->re2 == re2 && s->votes == votes &&
		    s->tools == tools && !s->ensemble)
			return (long)k;
	}
	return -1;
}

/* Cell c against cell a, item by item over the whole grid. */
static void compare(struct bench *b, size_t c, long a, const char *why, size_t min_items)
{
	struct bench_cell *cell = &b->cells[c];
	if (a < 0 || (size_t)a == c || cell->n_cmp == LOCO_ARRAY_LEN(cell->cmp))
		return;
	for (size_t k = 0; k < cell->n_cmp; k++)
		if (cell->cmp[k].against == (size_t)a)
			return;
	struct eval_result r = {.n = b->n_items, .votes = 1};
	for (int s = 0; s < 2; s++)
		r.answers[s] = xcalloc(b->n_items + 1, sizeof *r.answers[s]);
	for (size_t i = 0; i < b->n_items; i++) {
		r.answers[SIDE_BASE][i] = *b->cells[a].answer[i];
		r.answers[SIDE_ADAPTER][i] = *cell->answer[i];
	}
	struct bench_comparison *x = &cell->cmp[cell->n_cmp++];
	x->against = (size_t)a;
	x->why = why;
	eval_summarize(&r, &b->all, min_items, false, &x->sum);
	for (int s = 0; s < 2; s++)
		free(r.answers[s]); /* the answers themselves are the cells' */
}

/* Cell c against the baseline on each domain's items alone. */
static void per_domain_vs_base(struct bench *b, size_t c, size_t min_items)
{
	struct bench_cell *cell = &b->cells[c], *base = &b->cells[b->baseline];
	cell->vs_base = xcalloc(b->n_domains, sizeof *cell->vs_base);
	for (size_t d = 0; d < b->n_domains; d++) {
		size_t n = b->domains[d].n, at = b->offset[d];
		struct eval_result r = {.n = n, .votes = 1};
		for (int s = 0; s < 2; s++)
			r.answers[s] = xcalloc(n + 1, sizeof *r.answers[s]);
		for (size_t i = 0; i < n; i++) {
			r.answers[SIDE_BASE][i] = *base->answer[at + i];
			r.answers[SIDE_ADAPTER][i] = *cell->answer[at + i];
		}
		eval_summarize(&r, &b->domains[d].ds, min_items, false, &cell->vs_base[d]);
		for (int s = 0; s < 2; s++)
			free(r.answers[s]);
	}
}

void bench_domains_above(const struct bench *b, size_t c, size_t *above, size_t *significant)
{
	*above = *significant = 0;
	const struct bench_cell *cell = &b->cells[c];
	for (size_t d = 0; cell->vs_base && d < b->n_domains; d++) {
		*above += cell->vs_base[d].delta > 0;
		*significant += cell->vs_base[d].test_verdict == VERDICT_SHIPS;
	}
}

/* Against the baseline, then each layer taken away (when that cell is in the
 * grid), routed against oracle with the same layers, and routed against the
 * reference. */
static void cell_comparisons(struct bench *b, size_t c, size_t min_items)
{
	const struct bench_cell_spec *s = &b->cells[c].spec;
	if (c == b->baseline)
		return;
	per_domain_vs_base(b, c, min_items);
	compare(b, c, (long)b->baseline, "baseline", min_items);
	if (s->who == BENCH_REFERENCE)
		return;
	if (s->ensemble) { /* the domain voting together vs its adapter alone, same votes */
		compare(b, c, find_cell(b, BENCH_ORACLE, s->re2, s->votes, false), "ensemble",
		        min_items);
		return;
	}
	bool t = s->tools;
	if (t) /* the same answerer and layers without the tool, item by item */
		compare(b, c, find_cell(b, s->who, s->re2, s->votes, false), "tools", min_items);
	if (s->votes > 1)
		compare(b, c, find_cell(b, s->who, s->re2, 1, t), "votes", min_items);
	if (s->re2)
		compare(b, c, find_cell(b, s->who, false, s->votes, t), "re2", min_items);
	if (s->who != BENCH_BASE)
		compare(b, c, find_cell(b, BENCH_BASE, s->re2, s->votes, t), "adapters", min_items);
	if (s->who == BENCH_ROUTED) {
		compare(b, c, find_cell(b, BENCH_ORACLE, s->re2, s->votes, t), "misrouting",
		        min_items);
		compare(b, c, find_cell(b, BENCH_REFERENCE, false, 1, false), "reference",
		        min_items);
	}
}

/* Holm's adjustment over every comparison of the table. */
static void holm_all(struct bench *b)
{
	size_t m = 0;
	for (size_t c = 0; c < b->n_cells; c++)
		m += b->cells[c].n_cmp;
	double *p = xcalloc(m + 1, sizeof *p), *adj = xcalloc(m + 1, sizeof *adj);
	size_t k = 0;
	for (size_t c = 0; c < b->n_cells; c++)
		for (size_t j = 0; j < b->cells[c].n_cmp; j++)
			p[k++] = b->cells[c].cmp[j].sum.p;
	stats_holm(p, m, adj);
	k = 0;
	for (size_t c = 0; c < b->n_cells; c++)
		for (size_t j = 0; j < b->cells[c].n_cmp; j++)
			b->cells[c].cmp[j].p_holm = adj[k++];
	free(p);
	free(adj);
}

void bench_summarize(struct bench *b, size_t min_items)
{
	for (size_t c = 0; c < b->n_cells; c++)
		if (b->cells[c].ran)
			cell_scores(b, &b->cells[c]);
	if (b->cells[b->baseline].ran)
		for (size_t c = 0; c < b->n_cells; c++)
			if (b->cells[c].ran)
				cell_comparisons(b, c, min_items);
	holm_all(b);
}

void bench_route_counts(const struct bench *b, size_t d, size_t *to_base, size_t *right)
{
	*to_base = *right = 0;
	for (size_t i = b->offset[d]; b->route && i < b->offset[d + 1]; i++) {
		*to_base += b->route[i] < 0;
		*right += b->route[i] == (int)b->domains[d].adapter;
	}
}

void bench_free(struct bench *b)
{
	for (size_t k = 0; k < b->n_parts; k++) {
		eval_result_free(&b->parts[k].r);
		free(b->parts[k].sub.items);
		free(b->parts[k].items);
	}
	free(b->parts);
	for (size_t c = 0; c < b->n_cells; c++) {
		free(b->cells[c].answer);
		free(b->cells[c].per_domain);
		free(b->cells[c].vs_base);
		for (size_t d = 0; b->cells[c].ens && d < b->n_domains; d++)
			eval_result_free(&b->cells[c].ens[d]);
		free(b->cells[c].ens);
	}
	for (size_t m = 0; m < b->n_models; m++) {
		free(b->models[m].name);
		free(b->models[m].digest);
		free(b->models[m].system);
	}
	free(b->models);
	for (size_t d = 0; d < b->n_domains; d++) {
		dataset_free(&b->domains[d].ds);
		score_env_free(&b->domains[d].env);
	}
	free(b->domains);
	free(b->offset);
	free(b->all.items);
	free(b->route);
	memset(b, 0, sizeof *b);
}
