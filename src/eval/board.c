/* board.c: building the leaderboard from the eval archive (see board.h for
 * which runs count and how a domain's benchmark is chosen). */
#include "board.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "netlib.h"
#include "registry.h"
#include "results.h"
#include "util.h"

/* One archive file that parsed, with the run it records. */
struct run {
	struct eval_record rec; /* strings live in the board's runs */
	char *path;
};

struct adapter_runs {
	struct run *runs; /* oldest first */
	size_t n;
};

static void adapter_runs_free(struct adapter_runs *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->runs[i].path);
	free(r->runs);
}

bool board_has_domain(const struct registry *reg, const char *domain)
{
	for (size_t i = 0; i < reg->n_adapters; i++)
		if (!strcmp(reg->adapters[i].domain, domain))
			return true;
	return false;
}

static void add_skip(struct board *b, const char *path, char *reason)
{
	b->skipped = xrealloc(b->skipped, (b->n_skipped + 1) * sizeof *b->skipped);
	b->skipped[b->n_skipped].path = xstrdup(path);
	b->skipped[b->n_skipped].reason = reason;
	b->n_skipped++;
}

/* Every usable archived run of one adapter; the rest goes to b->skipped. The
 * board keeps the parsed files, so the records' strings stay valid. */
static void read_runs(struct board *b, const char *home, const struct adapter *a,
                      struct adapter_runs *out)
{
	struct results_list l;
	results_list(home, a->name, &l);
	out->runs = xcalloc(l.n ? l.n : 1, sizeof *out->runs);
	out->n = 0;
	for (size_t i = 0; i < l.n; i++) {
		const char *path = l.files[i].path;
		char *err = NULL;
		struct run *r = &out->runs[out->n];
		cJSON *j = results_read(path, &err);
		if (!j) {
			add_skip(b, path, err);
			continue;
		}
		if (results_record(j, &r->rec, &err) < 0) {
			add_skip(b, path, xasprintf("%s: %s", path, err));
			free(err);
			cJSON_Delete(j);
			continue;
		}
		if (strcmp(r->rec.adapter, a->name)) {
			add_skip(
			    b, path,
			    xasprintf("%s: it records adapter '%s' but is in the folder of '%s'",
			              path, r->rec.adapter, a->name));
			cJSON_Delete(j);
			continue;
		}
		b->runs = xrealloc(b->runs, (b->n_runs + 1) * sizeof *b->runs);
		b->runs[b->n_runs++] = j;
		r->path = xstrdup(path);
		out->n++;
	}
	results_list_free(&l);
}

static const struct adapter *reference_adapter(const struct registry *reg, const char *domain)
{
	const struct adapter *first = NULL;
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		if (strcmp(a->domain, domain))
			continue;
		if (a->active && a->eval_dataset)
			return a;
		if (!first && a->eval_dataset)
			first = a;
	}
	return first;
}

/* The digest runs are compared with: the benchmark file's, or when it cannot
 * be hashed, the one the domain's newest run recorded (with a note saying so). */
static void domain_digest(struct board_domain *d, struct adapter_runs *runs, size_t n)
{
	const struct run *newest = NULL;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < runs[k].n; i++)
			if (!runs[k].runs[i].rec.base_only &&
			    (!newest ||
			     strcmp(runs[k].runs[i].rec.timestamp, newest->rec.timestamp) > 0))
				newest = &runs[k].runs[i];
	if (!newest)
		return; /* nothing to rank: no need to read (or hash) the dataset */
	char *err = NULL;
	if (d->dataset && sha256_file(d->dataset, d->sha256, &err) == 0)
		return;
	memcpy(d->sha256, newest->rec.dataset_sha256, 65);
	if (d->dataset)
		d->note =
		    xasprintf("cannot hash the benchmark dataset (%s); ranking runs on the dataset "
		              "of the newest archived run (sha256 %.12s)",
		              err, d->sha256);
	else
		d->note = xasprintf(
		    "no adapter of the domain has a dataset file to compare with%s; "
		    "ranking runs on the dataset of the newest archived run (sha256 %.12s)",
		    d->reference ? " (the built-in registry has none)" : "", d->sha256);
	free(err);
}

/* A word the shell takes as it is, else single-quoted. */
static char *shell_word(const char *s)
{
	if (*s &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+=:,@") ==
	        strlen(s))
		return xstrdup(s);
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "'");
	for (const char *p = s; *p; p++)
		*p == '\'' ? sb_adds(&sb, "'\\''") : sb_add(&sb, p, 1);
	sb_adds(&sb, "'");
	return sb_detach(&sb);
}

static char *eval_command(const struct registry *reg, const struct board_domain *d,
                          const struct adapter *a)
{
	char *own = adapter_dataset_path(reg, a);
	char *cmd;
	if (!d->dataset || (own && !strcmp(own, d->dataset))) {
		cmd = xasprintf("loco eval %s", a->name);
	} else {
		char *q = shell_word(d->dataset);
		cmd = xasprintf("loco eval %s --dataset %s", a->name, q);
		free(q);
	}
	free(own);
	return cmd;
}

static int point_cmp(const void *x, const void *y)
{
	return strcmp(((const struct board_point *)x)->semester,
	              ((const struct board_point *)y)->semester);
}

/* The entry from an adapter's runs: the latest comparable one ranks it; the
 * latest of each semester makes the trend. */
static void fill_entry(struct board_entry *e, const struct board_domain *d,
                       const struct adapter_runs *r)
{
	e->trend = xcalloc(r->n ? r->n : 1, sizeof *e->trend);
	for (size_t i = 0; i < r->n; i++) {
		const struct run *run = &r->runs[i];
		if (run->rec.base_only)
			continue; /* scores only the base model: nothing to rank */
		if (strcmp(run->rec.dataset_sha256, d->sha256)) {
			e->not_comparable++;
			continue;
		}
		e->ranked = true;
		e->score = run->rec.adapter_score;
		e->base_score = run->rec.base_score;
		e->delta = run->rec.delta;
		e->n = run->rec.n;
		e->verdict = run->rec.verdict;
		e->semester = run->rec.semester;
		e->timestamp = run->rec.timestamp;
		free(e->result_path);
		e->result_path = xstrdup(run->path);
		size_t k = 0;
		while (k < e->n_trend && strcmp(e->trend[k].semester, run->rec.semester))
			k++;
		e->trend[k].semester = run->rec.semester;
		e->trend[k].score = run->rec.adapter_score; /* runs are oldest first */
		if (k == e->n_trend)
			e->n_trend++;
	}
	if (e->n_trend)
		qsort(e->trend, e->n_trend, sizeof *e->trend, point_cmp);
}

struct indexed {
	struct board_entry e;
	size_t index; /* registry order */
};

/* Ranked first, by score (higher first), then name; the rest in registry order. */
static int indexed_cmp(const void *x, const void *y)
{
	const struct indexed *p = x, *q = y;
	const struct board_entry *a = &p->e, *b = &q->e;
	if (a->ranked != b->ranked)
		return a->ranked ? -1 : 1;
	if (a->ranked && a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->ranked)
		return strcmp(a->adapter->name, b->adapter->name);
	return (p->index > q->index) - (p->index < q->index);
}

static void rank_entries(struct board_domain *d)
{
	struct indexed *tmp = xcalloc(d->n ? d->n : 1, sizeof *tmp);
	for (size_t i = 0; i < d->n; i++) {
		tmp[i].e = d->entries[i];
		tmp[i].index = i;
	}
	qsort(tmp, d->n, sizeof *tmp, indexed_cmp);
	for (size_t i = 0; i < d->n; i++) {
		d->entries[i] = tmp[i].e;
		if (!d->entries[i].ranked)
			continue;
		d->n_ranked++;
		/* Equal scores share a rank (1, 2, 2, 4). */
		d->entries[i].rank = i && d->entries[i - 1].score == d->entries[i].score
		                         ? d->entries[i - 1].rank
		                         : (int)i + 1;
	}
	free(tmp);
}

static void collect_semesters(struct board_domain *d)
{
	size_t cap = 0;
	for (size_t i = 0; i < d->n; i++)
		cap += d->entries[i].n_trend;
	d->semesters = xcalloc(cap ? cap : 1, sizeof *d->semesters);
	for (size_t i = 0; i < d->n; i++)
		for (size_t t = 0; t < d->entries[i].n_trend; t++) {
			const char *s = d->entries[i].trend[t].semester;
			size_t k = 0;
			while (k < d->n_semesters && strcmp(d->semesters[k], s) < 0)
				k++;
			if (k < d->n_semesters && !strcmp(d->semesters[k], s))
				continue;
			memmove(&d->semesters[k + 1], &d->semesters[k],
			        (d->n_semesters - k) * sizeof *d->semesters);
			d->semesters[k] = s;
			d->n_semesters++;
		}
}

static void build_domain(struct board *b, struct board_domain *d, const struct registry *reg,
                         const char *home)
{
	d->reference = reference_adapter(reg, d->name);
	d->dataset = d->reference ? adapter_dataset_path(reg, d->reference) : NULL;
	size_t n = 0;
	for (size_t i = 0; i < reg->n_adapters; i++)
		n += !strcmp(reg->adapters[i].domain, d->name);
	struct adapter_runs *runs = xcalloc(n, sizeof *runs);
	d->entries = xcalloc(n, sizeof *d->entries);
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		if (strcmp(a->domain, d->name))
			continue;
		d->entries[d->n].adapter = a;
		read_runs(b, home, a, &runs[d->n]);
		d->n++;
	}
	domain_digest(d, runs, d->n);
	for (size_t k = 0; k < d->n; k++) {
		fill_entry(&d->entries[k], d, &runs[k]);
		d->entries[k].eval_command = eval_command(reg, d, d->entries[k].adapter);
		d->not_comparable += d->entries[k].not_comparable;
		adapter_runs_free(&runs[k]);
	}
	free(runs);
	rank_entries(d);
	collect_semesters(d);
}

void board_build(struct board *b, const struct registry *reg, const char *home, const char *only)
{
	memset(b, 0, sizeof *b);
	b->domains = xcalloc(reg->n_adapters ? reg->n_adapters : 1, sizeof *b->domains);
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const char *dom = reg->adapters[i].domain;
		if (only && strcmp(dom, only))
			continue;
		bool seen = false;
		for (size_t k = 0; k < b->n && !seen; k++)
			seen = !strcmp(b->domains[k].name, dom);
		if (seen)
			continue;
		b->domains[b->n].name = dom;
		build_domain(b, &b->domains[b->n], reg, home);
		b->n++;
	}
}

void board_free(struct board *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct board_domain *d = &b->domains[i];
		for (size_t k = 0; k < d->n; k++) {
			free(d->entries[k].trend);
			free(d->entries[k].eval_command);
			free(d->entries[k].result_path);
		}
		free(d->entries);
		free(d->dataset);
		free(d->note);
		free(d->semesters);
	}
	free(b->domains);
	for (size_t i = 0; i < b->n_skipped; i++) {
		free(b->skipped[i].path);
		free(b->skipped[i].reason);
	}
	free(b->skipped);
	for (size_t i = 0; i < b->n_runs; i++)
		cJSON_Delete(b->runs[i]);
	free(b->runs);
	memset(b, 0, sizeof *b);
}
