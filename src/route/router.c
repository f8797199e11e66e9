/* router.c: the router interface (router.h) and its keyword kind, the
 * keyword router v1. Keywords made of words are folded to lower case
 * and indexed by their first word in one hash table, so a query is scored in one
 * pass over its words, whatever the number of adapters. Keywords with
 * punctuation ("c++") and router_patterns are PCRE2 regexes tried once each.
 *
 * Words and case follow Unicode: a word is a run of \w under PCRE2_UCP (pure
 * ASCII text takes a byte loop that gives the same words), and case is folded
 * by text_fold().
 */
#define _GNU_SOURCE
#define PCRE2_CODE_UNIT_WIDTH 8
#include "router.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classifier.h"
#include "embedding.h"
#include "pattern.h"
#include "registry.h"
#include "text.h"
#include "trainset.h"
#include "util.h"

struct keyword {
	uint32_t adapter;
	uint32_t ntok;    /* words in a plain keyword; 0 for a regex */
	uint32_t tok;     /* index of its first word in r->kw_tok */
	uint32_t next;    /* next keyword with the same first word (UINT32_MAX ends) */
	uint32_t stamp;   /* decision number of the last hit: counts each keyword once */
	const char *text; /* as written in the registry */
};

struct slot {
	uint32_t hash;
	uint32_t off, len; /* folded first word in r->arena */
	uint32_t head;     /* first keyword, UINT32_MAX = empty slot */
	uint32_t tail;     /* last keyword: chains keep registry order */
};

struct regex_kw {
	pcre2_code *re;
	uint32_t kw;
};

struct span {
	uint32_t start, end; /* bytes of the word in the query */
	uint32_t off, len;   /* folded word in r->qfold */
};

struct kw_router {
	const struct registry *reg;
	struct router_opts opts;
	struct keyword *kw;
	size_t n_kw, cap_kw;
	uint32_t *kw_start;  /* per adapter: first keyword id; kw_start[n] = n_kw */
	struct span *kw_tok; /* words of plain keywords (off/len into arena) */
	size_t n_kw_tok, cap_kw_tok;
	struct strbuf arena; /* folded keyword words */
	struct slot *slots;
	size_t n_slots; /* power of two */
	struct regex_kw *rx;
	size_t n_rx;
	pcre2_match_data *md;
	uint32_t gen;
	unsigned long decisions;
	int *scores;
	bool *eligible;
	/* per-query scratch */
	struct span *q;
	size_t n_q, cap_q;
	struct strbuf qfold;
};

static pcre2_code *word_regex(void)
{
	static pcre2_code *re;
	if (!re) {
		int code;
		PCRE2_SIZE off;
		re = pcre2_compile((PCRE2_SPTR) "\\w+", PCRE2_ZERO_TERMINATED,
		                   PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code, &off,
		                   NULL);
		if (re && loco_use_jit())
			pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	}
	return re;
}

static bool is_ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Finds the words of s; calls back with each word's byte range. */
typedef void (*word_fn)(void *ctx, size_t start, size_t end);
static void each_word(const char *s, size_t n, pcre2_match_data *md, word_fn fn, void *ctx)
{
	if (!has_high_bytes(s, n)) {
		for (size_t i = 0; i < n;) {
			if (!is_ascii_word((unsigned char)s[i])) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < n && is_ascii_word((unsigned char)s[j]))
				j++;
			fn(ctx, i, j);
			i = j;
		}
		return;
	}
	pcre2_code *re = word_regex();
	for (size_t at = 0; re && at < n;) {
		int rc = pcre2_match(re, (PCRE2_SPTR)s, n, at, 0, md, NULL);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		fn(ctx, ov[0], ov[1]);
		at = ov[1] > at ? ov[1] : at + 1;
	}
}

/* Whether the bytes between two words are only whitespace. */
static bool gap_is_space(const char *s, size_t a, size_t b)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = a; i < b;) {
		if (p[i] < 0x80) {
			if (!strchr(" \t\n\r\v\f", p[i]) || !p[i])
				return false;
			i++;
			continue;
		}
		size_t used;
		if (!text_is_space(utf8_decode(p + i, b - i, &used)))
			return false;
		i += used;
	}
	return true;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
	/* FNV-1a: the index needs a small, fast string hash and none of our
	 * libraries exports one. */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* ---- building the index ---------------------------------------------- */

struct collect {
	struct span *spans;
	size_t n, cap;
	const char *s;
	struct strbuf *fold;
};

static void collect_word(void *ctx, size_t start, size_t end)
{
	struct collect *c = ctx;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->spans = xrealloc(c->spans, c->cap * sizeof *c->spans);
	}
	struct span *sp = &c->spans[c->n++];
	sp->start = (uint32_t)start;
	sp->end = (uint32_t)end;
	sp->off = (uint32_t)c->fold->len;
	text_fold(c->fold, c->s + start, end - start);
	sp->len = (uint32_t)(c->fold->len - sp->off);
}

static struct slot *find_slot(struct kw_router *r, const char *w, size_t n, uint32_t h)
{
	size_t mask = r->n_slots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *s = &r->slots[i];
		if (s->head == UINT32_MAX)
			return s;
		if (s->hash == h && s->len == n && !memcmp(r->arena.buf + s->off, w, n))
			return s;
	}
}

/* "c++" and other keywords with punctuation: a literal regex with word
 * boundaries only where the keyword starts or ends with a word character. */
static char *keyword_regex(const char *kw)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(kw);
	if (is_ascii_word((unsigned char)kw[0]) || (unsigned char)kw[0] >= 0x80)
		sb_adds(&sb, "(?<!\\w)");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)kw[i];
		if (strchr(" \t\n\r\v\f", c)) {
			sb_adds(&sb, "\\s+");
			while (i + 1 < n && strchr(" \t\n\r\v\f", kw[i + 1]))
				i++;
		} else if (c < 0x80 && !is_ascii_word(c)) {
			sb_addf(&sb, "\\%c", c);
		} else {
			sb_add(&sb, &kw[i], 1);
		}
	}
	if (is_ascii_word((unsigned char)kw[n - 1]) || (unsigned char)kw[n - 1] >= 0x80)
		sb_adds(&sb, "(?!\\w)");
	return sb_detach(&sb);
}

static int add_regex(struct kw_router *r, const char *src, uint32_t kw, const char *what,
                     char **err)
{
	char *why = NULL;
	pcre2_code *re = pattern_compile(src, registry_pattern_flags(), false, &why);
	if (!re) {
		int rc = set_err(err, "%s '%s' does not compile: %s", what, src, why);
		free(why);
		return rc;
	}
	r->rx = xrealloc(r->rx, (r->n_rx + 1) * sizeof *r->rx);
	r->rx[r->n_rx].re = re;
	r->rx[r->n_rx++].kw = kw;
	return 0;
}

static uint32_t new_keyword(struct kw_router *r, size_t adapter, const char *text)
{
	if (r->n_kw == r->cap_kw) {
		r->cap_kw = r->cap_kw ? 2 * r->cap_kw : 64;
		r->kw = xrealloc(r->kw, r->cap_kw * sizeof *r->kw);
	}
	struct keyword *k = &r->kw[r->n_kw];
	memset(k, 0, sizeof *k);
	k->adapter = (uint32_t)adapter;
	k->text = text;
	k->next = UINT32_MAX;
	return (uint32_t)r->n_kw++;
}

static void index_plain(struct kw_router *r, size_t adapter, const char *text, struct collect *c)
{
	uint32_t id = new_keyword(r, adapter, text);
	struct keyword *k = &r->kw[id];
	k->ntok = (uint32_t)c->n;
	k->tok = (uint32_t)r->n_kw_tok;
	while (r->n_kw_tok + c->n > r->cap_kw_tok) {
		r->cap_kw_tok = r->cap_kw_tok ? 2 * r->cap_kw_tok : 64;
		r->kw_tok = xrealloc(r->kw_tok, r->cap_kw_tok * sizeof *r->kw_tok);
	}
	memcpy(r->kw_tok + r->n_kw_tok, c->spans, c->n * sizeof *c->spans);
	r->n_kw_tok += c->n;
}

/* A keyword is plain when it is words separated by whitespace only. */
static bool is_plain(const char *kw, size_t n, const struct collect *c)
{
	if (!c->n || c->spans[0].start != 0 || c->spans[c->n - 1].end != n)
		return false;
	for (size_t i = 1; i < c->n; i++)
		if (!gap_is_space(kw, c->spans[i - 1].end, c->spans[i].start))
			return false;
	return true;
}

static bool is_blank(char c)
{
	return c && strchr(" \t\n\r\v\f", c);
}

static int add_keyword(struct kw_router *r, size_t ai, const char *original, struct collect *c,
                       char **err)
{
	/* Surrounding blanks are not part of a keyword. */
	const char *text = original;
	while (is_blank(*text))
		text++;
	size_t len = strlen(text);
	while (len && is_blank(text[len - 1]))
		len--;
	c->n = 0;
	c->s = text;
	each_word(text, len, r->md, collect_word, c);
	if (is_plain(text, len, c)) {
		index_plain(r, ai, original, c);
		return 0;
	}
	if (c->n)
		r->arena.len = c->spans[0].off; /* not indexed: drop its folded words */
	char *trimmed = xstrndup(text, len);
	char *src = keyword_regex(trimmed);
	int rc = add_regex(r, src, new_keyword(r, ai, original), "router keyword", err);
	free(src);
	free(trimmed);
	return rc;
}

static int add_keywords(struct kw_router *r, size_t ai, struct collect *c, char **err)
{
	const struct adapter *a = &r->reg->adapters[ai];
	r->kw_start[ai] = (uint32_t)r->n_kw;
	for (size_t i = 0; i < a->n_router_keywords; i++)
		if (add_keyword(r, ai, a->router_keywords[i], c, err) < 0)
			return -1;
	for (size_t i = 0; i < a->n_router_patterns; i++) {
		const char *src = a->router_patterns[i].text;
		if (add_regex(r, src, new_keyword(r, ai, src), "router pattern", err) < 0)
			return -1;
	}
	return 0;
}

static bool same_words(const struct kw_router *r, const struct keyword *a, const struct keyword *b)
{
	if (a->ntok != b->ntok)
		return false;
	for (uint32_t t = 0; t < a->ntok; t++) {
		const struct span *x = &r->kw_tok[a->tok + t], *y = &r->kw_tok[b->tok + t];
		if (x->len != y->len ||
		    memcmp(r->arena.buf + x->off, r->arena.buf + y->off, x->len))
			return false;
	}
	return true;
}

/* Indexes plain keywords by their first word. Two keywords of one adapter
 * that fold to the same words ("Solve", "solve") count once: the later one
 * stays out of the index. */
static void build_hash(struct kw_router *r)
{
	size_t want = 16;
	while (want < r->n_kw * 2)
		want *= 2;
	r->n_slots = want;
	r->slots = xmalloc(want * sizeof *r->slots);
	for (size_t i = 0; i < want; i++)
		r->slots[i].head = UINT32_MAX;
	for (size_t i = 0; i < r->n_kw; i++) {
		struct keyword *k = &r->kw[i];
		if (!k->ntok)
			continue;
		struct span *w = &r->kw_tok[k->tok];
		const char *word = r->arena.buf + w->off;
		uint32_t h = hash_bytes(word, w->len);
		struct slot *s = find_slot(r, word, w->len, h);
		if (s->head == UINT32_MAX) {
			s->hash = h;
			s->off = w->off;
			s->len = w->len;
			s->head = s->tail = (uint32_t)i;
			continue;
		}
		bool dup = false;
		for (uint32_t id = s->head; id != UINT32_MAX && !dup; id = r->kw[id].next)
			dup = r->kw[id].adapter == k->adapter && same_words(r, &r->kw[id], k);
		if (dup)
			continue;
		r->kw[s->tail].next = (uint32_t)i;
		s->tail = (uint32_t)i;
	}
}

/* Eligible unless inactive in a domain that has an active adapter. Active
 * adapters are few, so each inactive one is checked against that short list. */
static void compute_eligible(struct kw_router *r)
{
	const struct registry *reg = r->reg;
	size_t n_active = 0;
	const char **active = xcalloc(reg->n_adapters ? reg->n_adapters : 1, sizeof *active);
	for (size_t i = 0; i < reg->n_adapters; i++)
		if (reg->adapters[i].active)
			active[n_active++] = reg->adapters[i].domain;
	for (size_t i = 0; i < reg->n_adapters; i++) {
		const struct adapter *a = &reg->adapters[i];
		bool eligible = true;
		for (size_t j = 0; j < n_active && !a->active && eligible; j++)
			eligible = strcmp(active[j], a->domain) != 0;
		r->eligible[i] = eligible;
	}
	free(active);
}

static void kw_free(struct kw_router *r);

static struct kw_router *kw_new(const struct registry *reg, const struct router_opts *opts,
                                char **err)
{
	struct kw_router *r = xcalloc(1, sizeof *r);
	r->reg = reg;
	r->opts = *opts;
	size_t n = reg->n_adapters;
	r->kw_start = xcalloc(n + 1, sizeof *r->kw_start);
	r->scores = xcalloc(n ? n : 1, sizeof *r->scores);
	r->eligible = xcalloc(n ? n : 1, sizeof *r->eligible);
	sb_init(&r->arena, 0);
	sb_add(&r->arena, "", 0);
	sb_init(&r->qfold, 0);
	sb_add(&r->qfold, "", 0);
	r->md = pcre2_match_data_create(1, NULL);
	struct collect c = {NULL, 0, 0, NULL, &r->arena};
	for (size_t i = 0; i < n; i++) {
		if (add_keywords(r, i, &c, err) < 0) {
			free(c.spans);
			kw_free(r);
			return NULL;
		}
	}
	free(c.spans);
	r->kw_start[n] = (uint32_t)r->n_kw;
	build_hash(r);
	compute_eligible(r);
	return r;
}

static void kw_free(struct kw_router *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_rx; i++)
		pcre2_code_free(r->rx[i].re);
	free(r->rx);
	free(r->kw);
	free(r->kw_start);
	free(r->kw_tok);
	sb_free(&r->arena);
	free(r->slots);
	pcre2_match_data_free(r->md);
	free(r->scores);
	free(r->eligible);
	free(r->q);
	sb_free(&r->qfold);
	free(r);
}

/* ---- deciding ---------------------------------------------------------- */

static void hit(struct kw_router *r, uint32_t id)
{
	struct keyword *k = &r->kw[id];
	if (k->stamp == r->gen)
		return;
	k->stamp = r->gen;
	r->scores[k->adapter]++;
}

static void query_word(void *ctx, size_t start, size_t end)
{
	struct kw_router *r = ctx;
	if (r->n_q == r->cap_q) {
		r->cap_q = r->cap_q ? r->cap_q * 2 : 32;
		r->q = xrealloc(r->q, r->cap_q * sizeof *r->q);
	}
	struct span *sp = &r->q[r->n_q++];
	sp->start = (uint32_t)start;
	sp->end = (uint32_t)end;
	sp->off = sp->len = 0; /* folded below, once the words are known */
}

/* A plain keyword starting at query word i: every word equal, only whitespace
 * between them. */
static bool plain_matches(struct kw_router *r, const char *query, const struct keyword *k, size_t i)
{
	if (i + k->ntok > r->n_q)
		return false;
	for (size_t t = 1; t < k->ntok; t++) {
		const struct span *qw = &r->q[i + t], *kw = &r->kw_tok[k->tok + t];
		if (qw->len != kw->len ||
		    memcmp(r->qfold.buf + qw->off, r->arena.buf + kw->off, kw->len) ||
		    !gap_is_space(query, r->q[i + t - 1].end, qw->start))
			return false;
	}
	return true;
}

static void score_words(struct kw_router *r, const char *query, size_t len)
{
	r->n_q = 0;
	sb_reset(&r->qfold);
	each_word(query, len, r->md, query_word, r);
	for (size_t i = 0; i < r->n_q; i++) {
		struct span *w = &r->q[i];
		w->off = (uint32_t)r->qfold.len;
		text_fold(&r->qfold, query + w->start, w->end - w->start);
		w->len = (uint32_t)(r->qfold.len - w->off);
	}
	for (size_t i = 0; i < r->n_q; i++) {
		const char *word = r->qfold.buf + r->q[i].off;
		uint32_t h = hash_bytes(word, r->q[i].len);
		struct slot *s = find_slot(r, word, r->q[i].len, h);
		for (uint32_t id = s->head; id != UINT32_MAX; id = r->kw[id].next)
			if (plain_matches(r, query, &r->kw[id], i))
				hit(r, id);
	}
}

static void score_regexes(struct kw_router *r, const char *query, size_t len)
{
	for (size_t i = 0; i < r->n_rx; i++)
		if (r->kw[r->rx[i].kw].stamp != r->gen &&
		    pcre2_match(r->rx[i].re, (PCRE2_SPTR)query, len, 0, 0, r->md, NULL) >= 0)
			hit(r, r->rx[i].kw);
}

static void pick(struct kw_router *r, struct route_decision *d)
{
	const struct registry *reg = r->reg;
	int best = -1, second = -1;
	for (size_t i = 0; i < reg->n_adapters; i++) {
		if (!r->eligible[i])
			continue;
		int s = r->scores[i];
		if (best < 0 || s > r->scores[best] ||
		    (s == r->scores[best] &&
		     strcmp(reg->adapters[i].name, reg->adapters[best].name) < 0)) {
			second = best;
			best = (int)i;
		} else if (second < 0 || s > r->scores[second] ||
		           (s == r->scores[second] &&
		            strcmp(reg->adapters[i].name, reg->adapters[second].name) < 0)) {
			second = (int)i;
		}
	}
	d->best = best >= 0 ? r->scores[best] : 0;
	d->second = second >= 0 ? r->scores[second] : 0;
	d->runner_up = second;
	if (best >= 0 && d->best >= r->opts.min_score) {
		d->adapter = best;
		d->confidence = (double)(d->best - d->second) / d->best;
		d->low_confidence = d->confidence < r->opts.low_confidence;
	} else {
		d->adapter = -1;
		d->confidence = 0;
		d->low_confidence = false;
	}
}

/* JIT compiling a regex costs more than matching it a few times without:
 * `loco route` decides once, so the regexes are JIT compiled only when a
 * router decides more often (chat, eval --router, bench). Either way the
 * matches are the same. */
#define JIT_AFTER_DECISIONS 4

static void jit_regexes(struct kw_router *r)
{
	if (!loco_use_jit())
		return;
	for (size_t i = 0; i < r->n_rx; i++)
		pcre2_jit_compile(r->rx[i].re, PCRE2_JIT_COMPLETE);
}

static void kw_decide(struct kw_router *r, const char *query, size_t len, struct route_decision *d)
{
	if (++r->decisions == JIT_AFTER_DECISIONS)
		jit_regexes(r);
	if (++r->gen == 0) { /* wrapped: forget every old stamp */
		for (size_t i = 0; i < r->n_kw; i++)
			r->kw[i].stamp = 0;
		r->gen = 1;
	}
	memset(r->scores, 0, r->reg->n_adapters * sizeof *r->scores);
	score_words(r, query, len);
	score_regexes(r, query, len);
	pick(r, d);
	d->scores = r->scores;
	d->eligible = r->eligible;
}

static size_t kw_matched(const struct kw_router *r, size_t adapter, const char **out, size_t max)
{
	size_t n = 0;
	for (uint32_t i = r->kw_start[adapter]; i < r->kw_start[adapter + 1]; i++) {
		if (r->kw[i].stamp != r->gen)
			continue;
		if (n < max)
			out[n] = r->kw[i].text;
		n++;
	}
	return n;
}

/* ---- the interface: kinds ------------------------------------------------ */

struct router {
	const struct registry *reg;
	struct router_opts opts;
	enum router_kind kind;        /* the kind deciding */
	struct kw_router *kw;         /* always built: keyword kind, fallback, hits */
	struct classifier *owned;     /* the model loaded from LOCO_HOME */
	const struct classifier *c;   /* the model in use (the embedding kind's meta), or NULL */
	struct embed_model *e_owned;  /* the embedding model loaded from LOCO_HOME */
	const struct embed_model *em; /* the embedding model in use, or NULL */
	char *error;                  /* the last decision could not embed */
	struct router_embedder emb;   /* zeroed when none */
	int *class_adapter;           /* per class: registry index, -1 for base */
	double *probs;                /* n_adapters + 1 */
	double *class_probs;          /* k */
	double threshold;
	const char *threshold_from;
	char *note;
};

static const char *const kind_names[] = {"keyword", "classifier", "embedding"};

const char *router_kind_name(enum router_kind k)
{
	return kind_names[k];
}

bool router_kind_parse(const char *s, enum router_kind *out)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(kind_names); i++)
		if (!strcmp(s, kind_names[i])) {
			*out = (enum router_kind)i;
			return true;
		}
	return false;
}

/* Maps c's classes onto the registry; false when one is not an eligible
 * adapter there (the model is for another registry). */
static bool map_classes(struct router *r, const struct classifier *c)
{
	r->class_adapter = xcalloc(c->k, sizeof *r->class_adapter);
	for (size_t j = 0; j < c->k; j++) {
		r->class_adapter[j] = -1;
		if (j + 1 == c->k)
			break;
		const struct adapter *a = registry_find(r->reg, c->classes[j]);
		if (!a || !r->kw->eligible[a - r->reg->adapters])
			return false;
		r->class_adapter[j] = (int)(a - r->reg->adapters);
	}
	return true;
}

static void use_model(struct router *r, const struct classifier *c)
{
	r->c = c;
	r->kind = r->em ? ROUTER_EMBEDDING : ROUTER_CLASSIFIER;
	r->class_probs = xcalloc(c->k, sizeof *r->class_probs);
	r->threshold = r->opts.has_min_confidence ? r->opts.min_confidence : c->threshold;
	r->threshold_from = r->opts.has_min_confidence ? "router.min_confidence" : "the model file";
}

/* Where LOCO_HOME's compiled classifier models are kept (caller frees). */
static char *model_cache_dir(const char *home)
{
	return path_join(home, "cache/router");
}

void router_model_compile(const char *home)
{
	char *path = router_model_path(home), *cache = model_cache_dir(home);
	classifier_free(classifier_load_cached(path, cache, NULL));
	free(path);
	free(cache);
}

/* The classifier's model from LOCO_HOME, when it is there and fresh; else a
 * note, and the keyword kind decides. */
static void load_model(struct router *r)
{
	const char *home = r->opts.home ? r->opts.home : ".";
	char *path = router_model_path(home), *cache = model_cache_dir(home);
	char *err = NULL, *why = NULL;
	if (!file_exists(path)) {
		r->note = xasprintf("no classifier model at %s: train one with loco router train; "
		                    "the keyword router decides meanwhile",
		                    path);
	} else if (!(r->owned = classifier_load_cached(path, cache, &err))) {
		r->note =
		    xasprintf("%s; retrain with loco router train (the keyword router decides "
		              "meanwhile)",
		              err);
	} else if (!router_model_fresh(r->reg, r->owned, &why) || !map_classes(r, r->owned)) {
		r->note = xasprintf("the classifier model is out of date (%s): retrain with loco "
		                    "router train; the keyword router decides meanwhile",
		                    why ? why : "its adapters are not the registry's");
		classifier_free(r->owned);
		r->owned = NULL;
	} else {
		use_model(r, r->owned);
	}
	free(err);
	free(why);
	free(path);
	free(cache);
}

/* Why an embedding model does not fit the registry or the server now, or
 * NULL (caller frees). */
static char *embedding_stale(struct router *r, const struct embed_model *m)
{
	char *why = NULL;
	const char *want = r->emb.model, *digest = r->emb.digest;
	if (!router_model_fresh(r->reg, m->meta, &why))
		return why;
	if (!map_classes(r, m->meta))
		return xstrdup("its adapters are not the registry's");
	if (want && strcmp(want, m->model))
		return xasprintf("trained with '%s', router.embed_model is '%s'", m->model, want);
	if (digest && *digest && *m->digest && strcmp(digest, m->digest))
		return xasprintf("'%s' changed on the server: digest %.12s, trained with %.12s",
		                 m->model, digest, m->digest);
	return NULL;
}

/* The embedding model from LOCO_HOME, as load_model() does the classifier's. */
static void load_embedding(struct router *r)
{
	char *path = embed_model_path(r->opts.home ? r->opts.home : ".");
	char *err = NULL, *why = NULL;
	if (!file_exists(path)) {
		r->note = xasprintf("no embedding model at %s\n"
		                    "train one with loco router train --kind embedding\n"
		                    "the keyword router decides meanwhile",
		                    path);
	} else if (!(r->e_owned = embed_model_load(path, &err))) {
		r->note = xasprintf("%s\n"
		                    "retrain with loco router train --kind embedding\n"
		                    "the keyword router decides meanwhile",
		                    err);
	} else if ((why = embedding_stale(r, r->e_owned))) {
		r->note =
		    xasprintf("the embedding model is out of date; keywords decide meanwhile\n"
		              "%s\n"
		              "retrain with loco router train --kind embedding",
		              why);
		embed_model_free(r->e_owned);
		r->e_owned = NULL;
	} else if (!r->emb.embed) {
		r->note = xstrdup("the embedding router needs a server to embed the question\n"
		                  "the keyword router decides");
		embed_model_free(r->e_owned);
		r->e_owned = NULL;
	} else {
		r->em = r->e_owned;
		use_model(r, r->em->meta);
	}
	free(err);
	free(why);
	free(path);
}

static struct router *new_router(const struct registry *reg, const struct router_opts *opts,
                                 char **err)
{
	struct kw_router *kw = kw_new(reg, opts, err);
	if (!kw)
		return NULL;
	struct router *r = xcalloc(1, sizeof *r);
	r->reg = reg;
	r->opts = *opts;
	r->kw = kw;
	r->kind = ROUTER_KEYWORD;
	r->probs = xcalloc(reg->n_adapters + 1, sizeof *r->probs);
	return r;
}

struct router *router_new(const struct registry *reg, const struct router_opts *opts, char **err)
{
	return router_new_with(reg, opts, NULL, err);
}

struct router *router_new_with(const struct registry *reg, const struct router_opts *opts,
                               const struct router_embedder *e, char **err)
{
	struct router *r = new_router(reg, opts, err);
	if (r && e)
		r->emb = *e;
	if (r && opts->kind == ROUTER_CLASSIFIER)
		load_model(r);
	else if (r && opts->kind == ROUTER_EMBEDDING)
		load_embedding(r);
	return r;
}

struct router *router_new_embedding(const struct registry *reg, const struct router_opts *opts,
                                    const struct router_embedder *e, const struct embed_model *m,
                                    char **err)
{
	struct router *r = new_router(reg, opts, err);
	if (!r)
		return NULL;
	r->emb = *e;
	if (!map_classes(r, m->meta)) {
		router_free(r);
		set_err(err, "the model's classes are not %s's adapters", reg->path);
		return NULL;
	}
	r->em = m;
	use_model(r, m->meta);
	return r;
}

struct router *router_new_model(const struct registry *reg, const struct router_opts *opts,
                                const struct classifier *c, char **err)
{
	struct router *r = new_router(reg, opts, err);
	if (!r)
		return NULL;
	if (!map_classes(r, c)) {
		router_free(r);
		set_err(err, "the model's classes are not %s's adapters", reg->path);
		return NULL;
	}
	use_model(r, c);
	return r;
}

void router_free(struct router *r)
{
	if (!r)
		return;
	kw_free(r->kw);
	classifier_free(r->owned);
	embed_model_free(r->e_owned);
	free(r->error);
	free(r->class_adapter);
	free(r->probs);
	free(r->class_probs);
	free(r->note);
	free(r);
}

/* Keyword scores as shares of all hits; the base model 1 when none. */
static void keyword_probs(struct router *r, struct route_decision *d)
{
	size_t n = r->reg->n_adapters;
	long total = 0;
	for (size_t i = 0; i < n; i++)
		total += d->eligible[i] ? d->scores[i] : 0;
	for (size_t i = 0; i < n; i++)
		r->probs[i] = total && d->eligible[i] ? (double)d->scores[i] / (double)total : 0;
	r->probs[n] = total ? 0 : 1;
}

/* A learned kind's decision from r->class_probs. */
static void decide_probs(struct router *r, struct route_decision *d)
{
	const struct classifier *c = r->c;
	size_t n = r->reg->n_adapters;
	memset(r->probs, 0, (n + 1) * sizeof *r->probs);
	size_t top = 0, second = c->k;
	for (size_t j = 0; j < c->k; j++) {
		int a = r->class_adapter[j];
		r->probs[a < 0 ? n : (size_t)a] = r->class_probs[j];
		if (r->class_probs[j] > r->class_probs[top])
			top = j;
	}
	for (size_t j = 0; j + 1 < c->k; j++)
		if (j != top && (second == c->k || r->class_probs[j] > r->class_probs[second]))
			second = j;
	d->kind = r->kind;
	d->top = r->class_adapter[top];
	d->confidence = r->class_probs[top];
	d->threshold = r->threshold;
	d->below_threshold = d->top >= 0 && d->confidence < r->threshold;
	d->adapter = d->below_threshold ? -1 : d->top;
	d->runner_up = second < c->k ? r->class_adapter[second] : -1;
	d->low_confidence = false;
}

/* The query's vector and its class probabilities; false (r->error says
 * why) when the server could not give a vector that fits the model. */
static bool embed_probs(struct router *r, const char *query, size_t len)
{
	const struct embed_model *m = r->em;
	float *v = NULL;
	size_t dim = 0;
	char *err = NULL;
	free(r->error);
	r->error = NULL;
	if (r->emb.embed(r->emb.ctx, query, len, &v, &dim, &err) < 0) {
		r->error = err ? err : xstrdup("the question could not be embedded");
	} else if (dim != m->dim) {
		r->error = xasprintf("'%s' gives vectors of %zu numbers, not %zu\n"
		                     "retrain with loco router train --kind embedding",
		                     m->model, dim, m->dim);
	} else if (!embed_normalize(v, dim)) {
		r->error = xasprintf("the embedding model '%s' gave the question a vector of zeros",
		                     m->model);
	} else {
		embed_model_predict(m, v, r->class_probs);
	}
	free(v);
	return r->error == NULL;
}

void router_decide(struct router *r, const char *query, size_t len, struct route_decision *d)
{
	kw_decide(r->kw, query, len, d);
	d->kind = ROUTER_KEYWORD;
	d->top = d->adapter;
	d->threshold = 0;
	d->below_threshold = false;
	if (r->kind == ROUTER_CLASSIFIER) {
		classifier_predict(r->c, query, len, r->class_probs);
		decide_probs(r, d);
	} else if (r->kind == ROUTER_EMBEDDING && embed_probs(r, query, len)) {
		decide_probs(r, d);
	} else {
		keyword_probs(r, d);
	}
	d->probs = r->probs;
}

size_t router_matched(const struct router *r, size_t adapter, const char **out, size_t max)
{
	return kw_matched(r->kw, adapter, out, max);
}

const char *router_note(const struct router *r)
{
	return r->note;
}

enum router_kind router_kind_used(const struct router *r)
{
	return r->kind;
}

const char *router_threshold_source(const struct router *r)
{
	return r->threshold_from;
}

const struct classifier *router_model(const struct router *r)
{
	return r->c;
}

const struct embed_model *router_embedding(const struct router *r)
{
	return r->em;
}

const char *router_error(const struct router *r)
{
	return r->error;
}
