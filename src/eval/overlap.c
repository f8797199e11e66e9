/* overlap.c: eval items found in training data (see overlap.h). The eval
 * side is indexed once: each item's normalized prompt, and each of its
 * 13-grams by a 64-bit hash. The training file is then read line by line;
 * every hit is confirmed word by word, so a hash collision never reports a
 * leak. */
#define _GNU_SOURCE
#include "overlap.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

/* ---- words ------------------------------------------------------------- */

/* Words back to back in one buffer, each NUL-terminated. */
struct words {
	struct strbuf text;
	size_t *off;
	size_t n, cap;
	bool open; /* the last word is still being written */
};

static void words_init(struct words *w)
{
	memset(w, 0, sizeof *w);
	sb_adds(&w->text, "");
}

static void words_free(struct words *w)
{
	sb_free(&w->text);
	free(w->off);
}

static const char *word_at(const struct words *w, size_t k)
{
	return w->text.buf + w->off[k];
}

static void word_end(struct words *w)
{
	if (w->open)
		sb_add(&w->text, "", 1);
	w->open = false;
}

static void word_add(struct words *w, const char *s, size_t n)
{
	if (!w->open) {
		if (w->n == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 64;
			w->off = xrealloc(w->off, w->cap * sizeof *w->off);
		}
		w->off[w->n++] = w->text.len;
		w->open = true;
	}
	sb_add(&w->text, s, n);
}

static bool is_space(uint32_t c)
{
	return text_is_space(c) || c == 0xa0 || c == 0x2007 || c == 0x202f;
}

/* Appends the normalized words of s: lower-cased, split on white space,
 * letters and digits kept, everything else deleted. */
static void add_words(struct words *w, const char *s)
{
	struct strbuf low = STRBUF_INIT;
	sb_adds(&low, "");
	text_fold(&low, s, strlen(s));
	const unsigned char *p = (const unsigned char *)low.buf;
	for (size_t i = 0; i < low.len;) {
		size_t used;
		uint32_t c = utf8_decode(p + i, low.len - i, &used);
		if (is_space(c))
			word_end(w);
		else if (text_is_alnum(c))
			word_add(w, low.buf + i, used);
		i += used;
	}
	word_end(w);
	sb_free(&low);
}

/* Words k..k+count-1 joined by spaces (caller frees). */
static char *join_words(const struct words *w, size_t k, size_t count)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (size_t i = 0; i < count; i++) {
		if (i)
			sb_add(&sb, " ", 1);
		sb_adds(&sb, word_at(w, k + i));
	}
	return sb_detach(&sb);
}

char *overlap_normalize(const char *text)
{
	struct words w;
	words_init(&w);
	add_words(&w, text ? text : "");
	char *s = join_words(&w, 0, w.n);
	words_free(&w);
	return s;
}

/* ---- hashing ----------------------------------------------------------- */

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static uint64_t gram_hash(const uint64_t *word_hashes, size_t len)
{
	uint64_t h = 0x84222325cbf29ce4ull ^ len;
	for (size_t k = 0; k < len; k++)
		h = (h ^ word_hashes[k]) * 0x100000001b3ull + k;
	return h;
}

/* The gram length of an item of n words: 13, or the whole item from 8
 * words up; 0 when it is too short for any. */
static size_t gram_length(size_t n)
{
	return n >= OVERLAP_N ? OVERLAP_N : n >= OVERLAP_MIN_N ? n : 0;
}

static bool same_words(const struct words *a, size_t ka, const struct words *b, size_t kb,
                       size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(word_at(a, ka + i), word_at(b, kb + i)))
			return false;
	return true;
}

/* ---- the eval side ----------------------------------------------------- */

struct eval_entry {
	struct words words; /* the prompt's words, then the expected answer's */
	char *prompt;       /* the prompt's words joined */
	int line;
	int exact_line, ngram_line; /* first training line of each kind, 0 = none */
	size_t ngram_off;           /* where the reported gram starts */
	size_t gram_len;            /* gram_length() of its words */
};

/* One distinct gram of the eval items; where it occurs is a chain of refs. */
struct gram {
	uint64_t hash;
	size_t len;
	size_t ref;     /* first of its occurrences */
	size_t lines;   /* training lines holding it */
	int last_line;  /* the last training line counted, to count each once */
	int first_line; /* the first training line holding it */
};

struct gram_ref {
	size_t item, off, next; /* next: SIZE_MAX at the end */
};

/* An open-addressing table of indexes, keyed by 64-bit hashes. */
struct table {
	size_t *slot; /* SIZE_MAX = empty */
	uint64_t *key;
	size_t cap;
};

struct index {
	struct eval_entry *items;
	size_t n_items;
	struct gram *grams;
	size_t n_grams, cap_grams;
	struct gram_ref *refs;
	size_t n_refs, cap_refs;
	struct table gram_table, prompt_table; /* grams by hash; items by prompt hash */
	size_t longest_prompt;                 /* bytes */
	bool has_len[OVERLAP_N + 1];           /* gram lengths in use */
};

static void table_init(struct table *t, size_t count)
{
	t->cap = 16;
	while (t->cap < 2 * count + 1)
		t->cap *= 2;
	t->slot = xmalloc(t->cap * sizeof *t->slot);
	t->key = xcalloc(t->cap, sizeof *t->key);
	for (size_t i = 0; i < t->cap; i++)
		t->slot[i] = SIZE_MAX;
}

static void table_free(struct table *t)
{
	free(t->slot);
	free(t->key);
}

/* Slots holding key start at the key's home and run to the first empty one;
 * *pos walks them (start it at SIZE_MAX). Returns the next value or SIZE_MAX. */
static size_t table_next(const struct table *t, uint64_t key, size_t *pos)
{
	size_t mask = t->cap - 1;
	size_t i = *pos == SIZE_MAX ? (size_t)key & mask : (*pos + 1) & mask;
	for (; t->slot[i] != SIZE_MAX; i = (i + 1) & mask) {
		if (t->key[i] == key) {
			*pos = i;
			return t->slot[i];
		}
	}
	*pos = i;
	return SIZE_MAX;
}

static void table_put(struct table *t, uint64_t key, size_t value)
{
	size_t mask = t->cap - 1, i = (size_t)key & mask;
	while (t->slot[i] != SIZE_MAX)
		i = (i + 1) & mask;
	t->slot[i] = value;
	t->key[i] = key;
}

static size_t add_ref(struct index *x, size_t item, size_t off, size_t next)
{
	if (x->n_refs == x->cap_refs) {
		x->cap_refs = x->cap_refs ? 2 * x->cap_refs : 256;
		x->refs = xrealloc(x->refs, x->cap_refs * sizeof *x->refs);
	}
	x->refs[x->n_refs] = (struct gram_ref){item, off, next};
	return x->n_refs++;
}

/* The gram of item i at off: a new entry, or one more occurrence of an
 * equal gram already indexed. */
static void index_gram(struct index *x, size_t i, size_t off, size_t len, uint64_t h)
{
	const struct words *w = &x->items[i].words;
	size_t pos = SIZE_MAX, g;
	while ((g = table_next(&x->gram_table, h, &pos)) != SIZE_MAX) {
		const struct gram_ref *r = &x->refs[x->grams[g].ref];
		if (x->grams[g].len == len &&
		    same_words(&x->items[r->item].words, r->off, w, off, len)) {
			x->grams[g].ref = add_ref(x, i, off, x->grams[g].ref);
			return;
		}
	}
	if (x->n_grams == x->cap_grams) {
		x->cap_grams = x->cap_grams ? 2 * x->cap_grams : 256;
		x->grams = xrealloc(x->grams, x->cap_grams * sizeof *x->grams);
	}
	x->grams[x->n_grams] = (struct gram){h, len, add_ref(x, i, off, SIZE_MAX), 0, 0, 0};
	table_put(&x->gram_table, h, x->n_grams++);
}

static void hash_words(const struct words *w, uint64_t **hashes)
{
	*hashes = xcalloc(w->n ? w->n : 1, sizeof **hashes);
	for (size_t k = 0; k < w->n; k++)
		(*hashes)[k] = fnv1a(word_at(w, k));
}

static void index_build(struct index *x, const struct overlap_item *items, size_t n)
{
	memset(x, 0, sizeof *x);
	x->items = xcalloc(n ? n : 1, sizeof *x->items);
	x->n_items = n;
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		struct eval_entry *e = &x->items[i];
		words_init(&e->words);
		add_words(&e->words, items[i].prompt ? items[i].prompt : "");
		e->prompt = join_words(&e->words, 0, e->words.n);
		if (items[i].expected)
			add_words(&e->words, items[i].expected);
		e->line = items[i].line;
		total += e->words.n;
		size_t len = strlen(e->prompt);
		if (len > x->longest_prompt)
			x->longest_prompt = len;
	}
	table_init(&x->gram_table, total);
	table_init(&x->prompt_table, n);
	for (size_t i = 0; i < n; i++) {
		struct eval_entry *e = &x->items[i];
		if (*e->prompt)
			table_put(&x->prompt_table, fnv1a(e->prompt), i);
		e->gram_len = gram_length(e->words.n);
		if (!e->gram_len)
			continue;
		x->has_len[e->gram_len] = true;
		uint64_t *wh;
		hash_words(&e->words, &wh);
		for (size_t off = 0; off + e->gram_len <= e->words.n; off++)
			index_gram(x, i, off, e->gram_len, gram_hash(wh + off, e->gram_len));
		free(wh);
	}
}

static void index_free(struct index *x)
{
	for (size_t i = 0; i < x->n_items; i++) {
		words_free(&x->items[i].words);
		free(x->items[i].prompt);
	}
	free(x->items);
	free(x->grams);
	free(x->refs);
	table_free(&x->gram_table);
	table_free(&x->prompt_table);
}

/* ---- one training line ------------------------------------------------- */

static void collect_strings(const cJSON *v, const char ***out, size_t *n, size_t *cap)
{
	if (cJSON_IsString(v)) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*out = xrealloc(*out, *cap * sizeof **out);
		}
		(*out)[(*n)++] = v->valuestring;
	}
	for (const cJSON *c = v->child; c; c = c->next)
		collect_strings(c, out, n, cap);
}

/* A prompt made of more consecutive string values than this is not looked for. */
#define RUN_MAX_VALUES 16

static void match_prompt(struct index *x, const char *run, int line)
{
	size_t pos = SIZE_MAX, i;
	uint64_t h = fnv1a(run);
	while ((i = table_next(&x->prompt_table, h, &pos)) != SIZE_MAX)
		if (!strcmp(x->items[i].prompt, run) && !x->items[i].exact_line)
			x->items[i].exact_line = line;
}

/* Exact: the words of string values v..u joined, for every run of up to
 * RUN_MAX_VALUES values that is not longer than the longest prompt. */
static void match_prompts(struct index *x, const struct words *w, const size_t *first,
                          size_t n_values, int line)
{
	struct strbuf run = STRBUF_INIT;
	for (size_t v = 0; v < n_values; v++) {
		if (first[v + 1] == first[v])
			continue; /* a value with no words starts no prompt */
		sb_reset(&run);
		sb_adds(&run, "");
		for (size_t u = v; u < n_values && u < v + RUN_MAX_VALUES; u++) {
			for (size_t k = first[u]; k < first[u + 1]; k++) {
				if (run.len)
					sb_add(&run, " ", 1);
				sb_adds(&run, word_at(w, k));
			}
			if (run.len > x->longest_prompt)
				break;
			if (first[u + 1] > first[u])
				match_prompt(x, run.buf, line);
		}
	}
	sb_free(&run);
}

static void match_grams(struct index *x, const struct words *w, int line)
{
	uint64_t *wh;
	hash_words(w, &wh);
	for (size_t len = OVERLAP_MIN_N; len <= OVERLAP_N; len++) {
		if (!x->has_len[len])
			continue;
		for (size_t off = 0; off + len <= w->n; off++) {
			uint64_t h = gram_hash(wh + off, len);
			size_t pos = SIZE_MAX, g;
			while ((g = table_next(&x->gram_table, h, &pos)) != SIZE_MAX) {
				struct gram *gr = &x->grams[g];
				const struct gram_ref *r = &x->refs[gr->ref];
				if (gr->len != len || gr->last_line == line ||
				    !same_words(&x->items[r->item].words, r->off, w, off, len))
					continue;
				gr->last_line = line;
				gr->lines++;
				if (!gr->first_line)
					gr->first_line = line;
			}
		}
	}
	free(wh);
}

static int scan_line(struct index *x, const char *path, int line, const char *text, size_t len,
                     char **err)
{
	if (!text_valid_utf8(text, len) || memchr(text, '\0', len))
		return set_err(err, "%s:%d: not UTF-8 text", path, line);
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(text, len + 1, &end, true);
	if (!j)
		return set_err(err, "%s:%d: invalid JSON at byte column %zu", path, line,
		               (size_t)(end ? end - text : 0) + 1);
	const char **values = NULL;
	size_t n_values = 0, cap = 0;
	collect_strings(j, &values, &n_values, &cap);
	struct words w;
	words_init(&w);
	size_t *first = xcalloc(n_values + 1, sizeof *first);
	for (size_t v = 0; v < n_values; v++) {
		first[v] = w.n;
		add_words(&w, values[v]);
	}
	first[n_values] = w.n;
	match_prompts(x, &w, first, n_values, line);
	match_grams(x, &w, line);
	free(first);
	words_free(&w);
	free(values);
	cJSON_Delete(j);
	return 0;
}

/* ---- the file ---------------------------------------------------------- */

/* One line without its '\n' (and '\r'); false at the end of the file.
 * Bytes past OVERLAP_LINE_MAX are read and dropped, and *too_long set. */
static bool read_line(FILE *f, struct strbuf *sb, bool *too_long)
{
	sb_reset(sb);
	*too_long = false;
	char chunk[4096];
	size_t k = 0;
	bool any = false;
	int c;
	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		any = true;
		chunk[k++] = (char)c;
		if (k == sizeof chunk) {
			if (sb->len + k > OVERLAP_LINE_MAX)
				*too_long = true;
			else
				sb_add(sb, chunk, k);
			k = 0;
		}
	}
	any |= c == '\n';
	if (sb->len + k > OVERLAP_LINE_MAX)
		*too_long = true;
	else
		sb_add(sb, chunk, k);
	if (sb->len && sb->buf[sb->len - 1] == '\r')
		sb->buf[--sb->len] = '\0';
	return any;
}

static int scan_file(struct index *x, const char *path, size_t *lines, char **err)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return set_err(err, "cannot read '%s': %s", path, strerror(errno));
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	int rc = 0, line = 0;
	bool too_long;
	while (rc == 0 && read_line(f, &sb, &too_long)) {
		line++;
		const char *text = sb.buf;
		size_t len = sb.len;
		if (line == 1 && len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
			text += 3, len -= 3;
		if (too_long)
			rc = set_err(err, "%s:%d: line is longer than %u MiB", path, line,
			             OVERLAP_LINE_MAX >> 20);
		else if (strspn(text, " \t\r\f\v") < len) {
			(*lines)++;
			rc = scan_line(x, path, line, text, len, err);
		}
	}
	if (rc == 0 && ferror(f))
		rc = set_err(err, "cannot read '%s': %s", path, strerror(errno));
	fclose(f);
	sb_free(&sb);
	return rc;
}

/* ---- the result -------------------------------------------------------- */

/* Each gram that is not common text marks the items holding it. */
static size_t mark_ngram_leaks(struct index *x)
{
	size_t common = 0;
	for (size_t g = 0; g < x->n_grams; g++) {
		const struct gram *gr = &x->grams[g];
		if (gr->lines > OVERLAP_MAX_LINES) {
			common++;
			continue;
		}
		if (!gr->lines)
			continue;
		for (size_t r = gr->ref; r != SIZE_MAX; r = x->refs[r].next) {
			struct eval_entry *e = &x->items[x->refs[r].item];
			if (!e->ngram_line || gr->first_line < e->ngram_line) {
				e->ngram_line = gr->first_line;
				e->ngram_off = x->refs[r].off;
			}
		}
	}
	return common;
}

static void collect_leaks(struct index *x, struct overlap_result *out)
{
	out->leaks = xcalloc(x->n_items ? x->n_items : 1, sizeof *out->leaks);
	for (size_t i = 0; i < x->n_items; i++) {
		struct eval_entry *e = &x->items[i];
		if (!e->exact_line && !e->ngram_line)
			continue;
		struct leak *l = &out->leaks[out->n_leaks++];
		l->item = i;
		l->eval_line = e->line;
		if (e->exact_line) {
			l->kind = LEAK_EXACT;
			l->training_line = e->exact_line;
			l->words = xstrdup(e->prompt);
		} else {
			l->kind = LEAK_NGRAM;
			l->training_line = e->ngram_line;
			l->n_words = e->gram_len;
			l->words = join_words(&e->words, e->ngram_off, e->gram_len);
		}
	}
}

int overlap_scan(const struct overlap_item *items, size_t n, const char *training_path,
                 struct overlap_result *out, char **err)
{
	memset(out, 0, sizeof *out);
	struct index x;
	index_build(&x, items, n);
	int rc = scan_file(&x, training_path, &out->training_lines, err);
	if (rc == 0) {
		out->common_ngrams = mark_ngram_leaks(&x);
		collect_leaks(&x, out);
	} else {
		out->training_lines = 0;
	}
	index_free(&x);
	return rc;
}

void overlap_free(struct overlap_result *r)
{
	for (size_t i = 0; i < r->n_leaks; i++)
		free(r->leaks[i].words);
	free(r->leaks);
	memset(r, 0, sizeof *r);
}
