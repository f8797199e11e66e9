/* bench_ensemble.c: the oracle+ensemble+votesN cell of `loco bench` (issue
 * 20): each domain's items voted on round-robin by every adapter of that
 * domain in the registry (the domain's own first), as `loco eval
 * --ensemble` does (ensemble_vote.h). One eval part per (domain, member)
 * asks the member its share of the votes and keeps every sample; after the
 * run the samples are combined and scored per item. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ensemble_vote.h"
#include "registry.h"
#include "util.h"

/* The members of domain d: registry indices, the domain's adapter first, at
 * most votes of them (each must get a sample). */
static size_t members_of(const struct bench *b, size_t d, int votes, size_t *out)
{
	const struct adapter *own = &b->reg->adapters[b->domains[d].adapter];
	size_t n = 0;
	out[n++] = b->domains[d].adapter;
	for (size_t a = 0; a < b->reg->n_adapters && n < (size_t)votes; a++)
		if (a != b->domains[d].adapter && !strcmp(b->reg->adapters[a].domain, own->domain))
			out[n++] = a;
	return n;
}

void bench_plan_ensemble(struct bench *b, size_t c)
{
	int votes = b->cells[c].spec.votes;
	size_t *mem = xcalloc(b->reg->n_adapters + 1, sizeof *mem);
	for (size_t d = 0; d < b->n_domains; d++) {
		const struct bench_domain *dom = &b->domains[d];
		size_t k = members_of(b, d, votes, mem);
		for (size_t j = 0; j < k && dom->n; j++) {
			size_t m = 1 + mem[j]; /* bench_model: [1 + a] is adapter a */
			b->models[m].used = true;
			b->parts = xrealloc(b->parts, (b->n_parts + 1) * sizeof *b->parts);
			struct bench_part *p = &b->parts[b->n_parts++];
			memset(p, 0, sizeof *p);
			*p = (struct bench_part){.cell = c,
			                         .domain = d,
			                         .model = m,
			                         .member = j,
			                         .members = k,
			                         .votes = eval_ensemble_share(votes, k, j)};
			p->sub.path = dom->ds.path;
			p->sub.items = xcalloc(dom->n, sizeof *p->sub.items);
			p->items = xcalloc(dom->n, sizeof *p->items);
			for (size_t i = 0; i < dom->n; i++) {
				p->items[i] = i;
				p->sub.items[p->sub.n++] = dom->ds.items[i];
			}
		}
	}
	free(mem);
}

void bench_collect_ensemble(struct bench *b, size_t c)
{
	struct bench_cell *cell = &b->cells[c];
	int votes = cell->spec.votes;
	cell->answer = xcalloc(b->n_items + 1, sizeof *cell->answer);
	cell->ens = xcalloc(b->n_domains + 1, sizeof *cell->ens);
	struct eval_result **m = xcalloc(b->n_parts + 1, sizeof *m);
	for (size_t d = 0; d < b->n_domains; d++) {
		size_t k = 0;
		const struct bench_part *first = NULL;
		for (size_t p = 0; p < b->n_parts; p++)
			if (b->parts[p].cell == c && b->parts[p].domain == d) {
				m[b->parts[p].member] = &b->parts[p].r;
				k = b->parts[p].members;
				first = first ? first : &b->parts[p];
			}
		if (!first)
			continue;
		struct ensemble_stats st;
		eval_ensemble_combine(&first->sub, m, k, votes, eval_ensemble_share(votes, k, 0),
		                      &b->domains[d].env, &cell->ens[d], &st);
		for (size_t i = 0; i < first->sub.n; i++)
			cell->answer[b->offset[d] + first->items[i]] =
			    &cell->ens[d].answers[SIDE_ADAPTER][i];
	}
	free(m);
}
