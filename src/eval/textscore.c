/* textscore.c: SQuAD token F1 and ROUGE-L F1 (SPEC section 7). Both walk the
 * UTF-8 text one code point at a time and sort each into a word character,
 * white space or anything else; textscore.h states the rules. */
#include "textscore.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

enum char_kind { CHAR_WORD, CHAR_SPACE, CHAR_OTHER };

/* glibc classes combining marks as punctuation, which would cut a decomposed
 * "é" in two; the blocks below hold the marks Latin, Greek and Cyrillic use. */
static bool is_combining_mark(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	       (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	       (c >= 0xfe20 && c <= 0xfe2f);
}

static enum char_kind char_kind(uint32_t c)
{
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			return CHAR_WORD;
		return text_is_space(c) ? CHAR_SPACE : CHAR_OTHER;
	}
	/* glibc counts no-break spaces as punctuation; Python's split() does not */
	if (text_is_space(c) || c == 0xa0 || c == 0x2007 || c == 0x202f)
		return CHAR_SPACE;
	if (text_is_alnum(c) || is_combining_mark(c))
		return CHAR_WORD;
	return CHAR_OTHER;
}

/* The kind of the code point at s[*i], moving *i past it. */
static enum char_kind next_char(const char *s, size_t n, size_t *i)
{
	size_t used;
	uint32_t c = utf8_decode((const unsigned char *)s + *i, n - *i, &used);
	*i += used;
	return char_kind(c);
}

/* Where the run starting at s[i] ends: the run of word characters when
 * words_only, else the run of anything but white space. */
static size_t run_end(const char *s, size_t n, size_t i, bool words_only)
{
	while (i < n) {
		size_t next = i;
		enum char_kind k = next_char(s, n, &next);
		if (k == CHAR_SPACE || (words_only && k != CHAR_WORD))
			break;
		i = next;
	}
	return i;
}

/* A buffer for the folded form of n bytes. Folding grows only U+023A and
 * U+023E (2 bytes to 3), so the text stays under 1.5 n and the ceiling is never
 * reached, which text_fold() relies on: it does not check. */
static void fold_buffer_init(struct strbuf *sb, size_t n)
{
	sb_init(sb, 2 * n + 1);
}

static double f_measure(double precision, double recall)
{
	return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}

/* ---- SQuAD v1.1 token F1 ----
 *
 * evaluate-v1.1.py, run by Python 3, does
 *     white_space_fix(remove_articles(remove_punc(lower(s)))).split()
 * with remove_punc deleting string.punctuation (ASCII only) and
 * remove_articles replacing re's \b(a|an|the)\b with a space. Each step is
 * reproduced below with Python's own character classes where they differ
 * from text.c's. */

/* Python's str.isspace(), what str.split() splits on. */
static bool python_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 ||
	       c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Python's \w in a str pattern: letters and digits of every script, and "_". */
static bool python_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       c == '_';
	return text_is_alnum(c);
}

/* string.punctuation */
static bool ascii_punctuation(uint32_t c)
{
	return c > 0 && c < 0x80 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", (int)c);
}

/* For str.lower()'s final-sigma rule: letters stand in for Unicode's Cased
 * property, and these for Case_Ignorable (combining and modifier marks,
 * apostrophes, "." and ":"). Both are close approximations, exact for Greek. */
static bool cased(uint32_t c)
{
	return (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) ||
	       (c >= 0x80 && c < 0x2000 && text_is_alnum(c));
}

static bool case_ignorable(uint32_t c)
{
	return is_combining_mark(c) || (c >= 0x2b0 && c <= 0x2ff) || c == '\'' || c == '.' ||
	       c == ':' || c == '^' || c == '`' || c == 0xa8 || c == 0xad || c == 0xaf ||
	       c == 0xb4 || c == 0xb7 || c == 0xb8 || c == 0x2018 || c == 0x2019;
}

struct code_point {
	uint32_t c;
	size_t at, len; /* its bytes in the text */
};

/* U+03A3 lowers to final U+03C2 after a cased letter and not before one
 * (case-ignorable characters between do not count), as CPython decides. */
static bool final_sigma(const struct code_point *cp, size_t count, size_t i)
{
	size_t j = i;
	while (j > 0 && case_ignorable(cp[j - 1].c))
		j--;
	if (j == 0 || !cased(cp[j - 1].c))
		return false;
	for (j = i + 1; j < count && case_ignorable(cp[j].c); j++)
		;
	return j == count || !cased(cp[j].c);
}

/* lower() and remove_punc(): str.lower() is the full Unicode mapping, which
 * is towlower's simple one except for U+0130 and the final sigma. */
static void squad_lower(struct strbuf *out, const char *s, size_t n)
{
	struct code_point *cp = xcalloc(n + 1, sizeof *cp);
	size_t count = 0;
	for (size_t i = 0; i < n; count++) {
		cp[count].at = i;
		cp[count].c = utf8_decode((const unsigned char *)s + i, n - i, &cp[count].len);
		i += cp[count].len;
	}
	for (size_t i = 0; i < count; i++) {
		uint32_t c = cp[i].c;
		if (ascii_punctuation(c))
			continue;
		if (c == 0x130)
			sb_adds(out, "i\xcc\x87");
		else if (c == 0x3a3)
			sb_adds(out, final_sigma(cp, count, i) ? "\xcf\x82" : "\xcf\x83");
		else
			text_fold(out, s + cp[i].at, cp[i].len);
	}
	free(cp);
}

static bool is_article(const char *w, size_t n)
{
	return (n == 1 && !memcmp(w, "a", 1)) || (n == 2 && !memcmp(w, "an", 2)) ||
	       (n == 3 && !memcmp(w, "the", 3));
}

/* The end of the run of Python word characters starting at s[i]. */
static size_t word_run_end(const char *s, size_t n, size_t i)
{
	while (i < n) {
		size_t used;
		uint32_t c = utf8_decode((const unsigned char *)s + i, n - i, &used);
		if (!python_word(c))
			break;
		i += used;
	}
	return i;
}

/* remove_articles(), then split(): an article that is a whole \w run
 * becomes a space, so it also cuts the token it stood in ("the“" leaves
 * "“"). Tokens are joined with single spaces. */
static void squad_tokens(struct strbuf *out, const char *s, size_t n)
{
	bool in_token = false;
	for (size_t i = 0; i < n;) {
		size_t used, at = i;
		uint32_t c = utf8_decode((const unsigned char *)s + i, n - i, &used);
		size_t end = python_word(c) ? word_run_end(s, n, i) : i + used;
		i = end;
		if (python_space(c) || (python_word(c) && is_article(s + at, end - at))) {
			in_token = false;
			continue;
		}
		if (!in_token && out->len)
			sb_add(out, " ", 1);
		sb_add(out, s + at, end - at);
		in_token = true;
	}
}

char *squad_normalize(const char *s)
{
	s = s ? s : "";
	size_t n = strlen(s);
	struct strbuf low, out;
	fold_buffer_init(&low, n);
	squad_lower(&low, s, n);
	fold_buffer_init(&out, low.len);
	sb_adds(&out, "");
	squad_tokens(&out, low.buf ? low.buf : "", low.len);
	sb_free(&low);
	return sb_detach(&out);
}

/* Cuts normalized text (single spaces, none at the ends) into words in place. */
static char **split_words(char *s, size_t *count)
{
	size_t n = 0;
	if (*s) {
		n = 1;
		for (const char *p = s; *p; p++)
			n += *p == ' ';
	}
	char **words = xcalloc(n, sizeof *words);
	for (size_t k = 0; k < n; k++) {
		words[k] = s;
		s += strcspn(s, " ");
		if (*s)
			*s++ = '\0';
	}
	*count = n;
	return words;
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The size of the multiset intersection: sort both lists, then merge. */
static size_t common_words(char **a, size_t na, char **b, size_t nb)
{
	qsort(a, na, sizeof *a, cmp_word);
	qsort(b, nb, sizeof *b, cmp_word);
	size_t i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		int c = strcmp(a[i], b[j]);
		if (c == 0)
			common++, i++, j++;
		else if (c < 0)
			i++;
		else
			j++;
	}
	return common;
}

double token_f1(const char *prediction, const char *truth)
{
	char *pred = squad_normalize(prediction), *gold = squad_normalize(truth);
	size_t np, ng;
	char **pw = split_words(pred, &np), **gw = split_words(gold, &ng);
	/* v1.1 returns 0 whenever nothing is in common, two empty answers included */
	size_t common = np && ng ? common_words(pw, np, gw, ng) : 0;
	double f1 =
	    common ? f_measure((double)common / (double)np, (double)common / (double)ng) : 0;
	free(pw);
	free(gw);
	free(pred);
	free(gold);
	return f1;
}

/* ---- ROUGE-L ---- */

/* One side's tokens, folded and back to back in text: token i is
 * text.buf[off[i] .. off[i + 1]). At most ROUGE_MAX_TOKENS of them. */
struct rouge_tokens {
	struct strbuf text;
	size_t *off;
	size_t count, alloc;
};

/* Doubles off as needed, up to its ceiling of ROUGE_MAX_TOKENS + 1 offsets. */
static void add_token_end(struct rouge_tokens *t, size_t end)
{
	if (t->count + 1 >= t->alloc) {
		t->alloc *= 2;
		if (t->alloc > ROUGE_MAX_TOKENS + 1)
			t->alloc = ROUGE_MAX_TOKENS + 1;
		t->off = xrealloc(t->off, t->alloc * sizeof *t->off);
	}
	t->off[++t->count] = end;
}

static void rouge_tokenize(struct rouge_tokens *t, const char *s)
{
	s = s ? s : "";
	size_t n = strlen(s);
	fold_buffer_init(&t->text, n);
	t->alloc = 64;
	t->off = xcalloc(t->alloc, sizeof *t->off);
	t->count = 0;
	for (size_t i = 0; i < n && t->count < ROUGE_MAX_TOKENS;) {
		size_t at = i;
		if (next_char(s, n, &i) != CHAR_WORD)
			continue;
		i = run_end(s, n, i, true);
		text_fold(&t->text, s + at, i - at);
		add_token_end(t, t->text.len);
	}
}

static void rouge_tokens_free(struct rouge_tokens *t)
{
	sb_free(&t->text);
	free(t->off);
}

struct token_ref {
	const char *s;
	size_t len;
	size_t slot;
};

static int cmp_token(const void *a, const void *b)
{
	const struct token_ref *x = a, *y = b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

static void add_refs(struct token_ref *refs, size_t slot, const struct rouge_tokens *t)
{
	for (size_t k = 0; k < t->count; k++, slot++) {
		refs[slot].s = t->text.buf + t->off[k];
		refs[slot].len = t->off[k + 1] - t->off[k];
		refs[slot].slot = slot;
	}
}

/* Numbers the tokens of both sides (a's first, then b's) so that equal tokens
 * get equal numbers and the LCS compares integers, not strings. */
static uint32_t *token_ids(const struct rouge_tokens *a, const struct rouge_tokens *b)
{
	size_t total = a->count + b->count;
	struct token_ref *refs = xcalloc(total, sizeof *refs);
	add_refs(refs, 0, a);
	add_refs(refs, a->count, b);
	qsort(refs, total, sizeof *refs, cmp_token);
	uint32_t *ids = xcalloc(total, sizeof *ids), id = 0;
	for (size_t k = 0; k < total; k++) {
		if (k && cmp_token(&refs[k - 1], &refs[k]))
			id++;
		ids[refs[k].slot] = id;
	}
	free(refs);
	return ids;
}

/* The classic LCS table, keeping only the previous and current rows, each as
 * long as the shorter sequence. */
static size_t lcs_length(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (nb > na) {
		const uint32_t *t = a;
		a = b, b = t;
		size_t tn = na;
		na = nb, nb = tn;
	}
	uint32_t *prev = xcalloc(nb + 1, sizeof *prev), *cur = xcalloc(nb + 1, sizeof *cur);
	for (size_t i = 0; i < na; i++) {
		for (size_t j = 1; j <= nb; j++) {
			uint32_t skip = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
			cur[j] = a[i] == b[j - 1] ? prev[j - 1] + 1 : skip;
		}
		uint32_t *t = prev;
		prev = cur, cur = t;
	}
	size_t len = prev[nb];
	free(prev);
	free(cur);
	return len;
}

double rouge_l_f1(const char *candidate, const char *reference)
{
	struct rouge_tokens cand, ref;
	rouge_tokenize(&cand, candidate);
	rouge_tokenize(&ref, reference);
	double f1 = 0;
	if (cand.count && ref.count) {
		uint32_t *ids = token_ids(&cand, &ref);
		size_t lcs = lcs_length(ids, cand.count, ids + cand.count, ref.count);
		f1 = f_measure((double)lcs / (double)cand.count, (double)lcs / (double)ref.count);
		free(ids);
	}
	rouge_tokens_free(&cand);
	rouge_tokens_free(&ref);
	return f1;
}
