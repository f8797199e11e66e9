/* classifier.c: TF-IDF features, multinomial logistic regression trained by
 * L-BFGS, and the model file (see classifier.h).
 *
 * The objective is scikit-learn's LogisticRegression(multi_class="multinomial",
 * class_weight="balanced") written as a weighted mean:
 *   f(W, b) = sum_i c_i * (logsumexp(z_i) - z_i[y_i]) / sum_i c_i
 *             + (l2 / 2) * |W|^2,   z_i = x_i W + b,
 * with c_i = n / (k * n_{y_i}); the bias is not penalised. L-BFGS with a
 * backtracking (Armijo) line search is Nocedal and Wright, Numerical
 * Optimization, 2nd ed., algorithms 7.4 and 3.1.
 */
#define _GNU_SOURCE
#include "classifier.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"
#include "text.h"

#define CHAR_GRAM_WORD 64 /* longer words: grams of their first 64 bytes */

/* l2 and the 4-grams chosen by 5-fold cross-validation on the training
 * data of the shipped and the overlap registries (docs/routing.md). */
const struct classifier_params classifier_defaults = {3e-5, 300, 2, 4, 1e-4};

/* ---- features ------------------------------------------------------------ */

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c >= 0x80;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The words of text, each NUL-terminated in *words; returns how many. */
static size_t split_words(const char *text, size_t len, struct strbuf *words)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		if (!word_byte((unsigned char)text[i])) {
			i++;
			continue;
		}
		size_t j = i;
		bool digits = true;
		while (j < len && word_byte((unsigned char)text[j]))
			digits &= is_digit((unsigned char)text[j++]);
		if (digits) {
			sb_adds(words, "#n");
		} else {
			for (size_t k = i; k < j; k++) {
				char c = text[k];
				if (c >= 'A' && c <= 'Z')
					c = (char)(c + 32);
				sb_add(words, &c, 1);
			}
		}
		sb_add(words, "", 1);
		n++;
		i = j;
	}
	return n;
}

/* The nearest byte that is not a blank, from i in direction step, or 0. */
static unsigned char neighbour(const char *s, size_t len, size_t i, int step)
{
	for (size_t j = i;;) {
		if (step < 0 && j == 0)
			return 0;
		j = step < 0 ? j - 1 : j + 1;
		if (j >= len)
			return 0;
		if (s[j] != ' ' && s[j] != '\t')
			return (unsigned char)s[j];
	}
}

static bool starts(const char *s, size_t len, size_t i, const char *two)
{
	return i + 1 < len && s[i] == two[0] && s[i + 1] == two[1];
}

/* Indicator features (classifier.h), each at most once, appended to out. */
static void indicators(const char *s, size_t len, const struct strbuf *words, size_t nw,
                       struct strbuf *out, size_t *n)
{
	static const char *const syms[] = {
	    "==", "!=", "=>", "->", "::", "&&", "||", "++", "<<", ">>"};
	bool digit = false, op = false, brace = false, call = false, semi = false, dollar = false,
	     sym = false, def = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		digit |= is_digit(c);
		if (c && strchr("+-*/^=", c) && is_digit(neighbour(s, len, i, -1)) &&
		    is_digit(neighbour(s, len, i, 1)))
			op = true;
		if (c == '%' && is_digit(neighbour(s, len, i, -1)))
			op = true;
		brace |= c == '{' || c == '}' || c == '[' || c == ']';
		if (c == '(' && ((i > 0 && word_byte((unsigned char)s[i - 1])) ||
		                 (i + 1 < len && s[i + 1] == ')')))
			call = true;
		semi |= c == ';';
		dollar |= c == '$';
		for (size_t k = 0; k < LOCO_ARRAY_LEN(syms) && !sym; k++)
			sym = starts(s, len, i, syms[k]);
	}
	const char *w = words->buf;
	for (size_t i = 0; i + 1 < nw && !def; i++) {
		def = !strcmp(w, "def");
		w += strlen(w) + 1;
	}
	const struct {
		bool on;
		const char *name;
	} flags[] = {{digit, "#digit"}, {op, "#op"},         {brace, "#brace"}, {call, "#call"},
	             {semi, "#semi"},   {dollar, "#dollar"}, {def, "#def"},     {sym, "#sym"}};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(flags); i++)
		if (flags[i].on) {
			sb_add(out, flags[i].name, strlen(flags[i].name) + 1);
			++*n;
		}
}

/* The character g-grams of every word of ASCII letters, digits and '_' (not
 * "#n"; a word's first CHAR_GRAM_WORD bytes), the word between '<' and '>'
 * (g = 3, "<cat>": "~<ca", "~cat", "~at>"), each with a leading '~' that no
 * word or indicator has. */
static void char_grams(const struct strbuf *words, size_t nw, int g, struct strbuf *out, size_t *n)
{
	const char *w = words->buf;
	for (size_t i = 0; i < nw; i++, w += strlen(w) + 1) {
		size_t len = strlen(w);
		bool ascii = w[0] != '#';
		for (size_t j = 0; j < len && ascii; j++)
			ascii = (unsigned char)w[j] < 0x80;
		if (!ascii)
			continue;
		char pad[CHAR_GRAM_WORD + 2];
		if (len > CHAR_GRAM_WORD)
			len = CHAR_GRAM_WORD;
		pad[0] = '<';
		memcpy(pad + 1, w, len);
		pad[len + 1] = '>';
		for (size_t j = 0; j + (size_t)g <= len + 2; j++) {
			sb_add(out, "~", 1);
			sb_add(out, pad + j, (size_t)g);
			sb_add(out, "", 1);
			++*n;
		}
	}
}

/* Every feature occurrence of text, NUL-separated in out (repeats kept). */
static size_t raw_features(const char *text, size_t len, int grams, struct strbuf *out)
{
	struct strbuf words;
	sb_init(&words, STRBUF_NO_CEILING);
	size_t nw = split_words(text, len, &words), n = 0;
	const char *prev = NULL, *w = words.buf;
	for (size_t i = 0; i < nw; i++) {
		sb_add(out, w, strlen(w) + 1);
		n++;
		if (prev) {
			sb_adds(out, prev);
			sb_adds(out, " ");
			sb_add(out, w, strlen(w) + 1);
			n++;
		}
		prev = w;
		w += strlen(w) + 1;
	}
	indicators(text, len, &words, nw, out, &n);
	if (grams)
		char_grams(&words, nw, grams, out, &n);
	sb_free(&words);
	return n;
}

size_t classifier_features(const char *text, size_t len, int char_ngrams, struct strbuf *feats,
                           int **counts)
{
	struct strbuf raw;
	sb_init(&raw, STRBUF_NO_CEILING);
	size_t n = raw_features(text, len, char_ngrams, &raw), m = 0;
	const char **seen = xcalloc(n ? n : 1, sizeof *seen);
	*counts = xcalloc(n ? n : 1, sizeof **counts);
	sb_init(feats, STRBUF_NO_CEILING);
	const char *f = raw.buf;
	for (size_t i = 0; i < n; i++, f += strlen(f) + 1) {
		size_t j = 0;
		while (j < m && strcmp(seen[j], f))
			j++;
		if (j == m) {
			seen[m++] = f;
			sb_add(feats, f, strlen(f) + 1);
		}
		(*counts)[j]++;
	}
	free(seen);
	sb_free(&raw);
	return m;
}

/* ---- sparse vectors ------------------------------------------------------- */

struct entry {
	uint32_t f;
	double v;
};

struct sparse {
	struct entry *e;
	size_t n;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->f < y->f ? -1 : x->f > y->f;
}

/* Feature id of s in c, or -1: a binary search of the sorted features. */
static long find_feature(const struct classifier *c, const char *s)
{
	size_t lo = 0, hi = c->nf;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->arena + c->feat_off[mid], s);
		if (!d)
			return (long)mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The TF-IDF vector of text under c's vocabulary, sorted by feature. */
static void vectorize(const struct classifier *c, const char *text, size_t len, struct sparse *out)
{
	struct strbuf raw;
	sb_init(&raw, STRBUF_NO_CEILING);
	size_t n = raw_features(text, len, c->char_ngrams, &raw);
	out->e = xcalloc(n ? n : 1, sizeof *out->e);
	out->n = 0;
	const char *f = raw.buf;
	for (size_t i = 0; i < n; i++, f += strlen(f) + 1) {
		long id = find_feature(c, f);
		if (id >= 0)
			out->e[out->n++] = (struct entry){(uint32_t)id, 1};
	}
	sb_free(&raw);
	qsort(out->e, out->n, sizeof *out->e, cmp_entry);
	size_t m = 0;
	for (size_t i = 0; i < out->n; i++) {
		if (m && out->e[m - 1].f == out->e[i].f)
			out->e[m - 1].v++;
		else
			out->e[m++] = out->e[i];
	}
	out->n = m;
	double norm = 0;
	for (size_t i = 0; i < m; i++) {
		out->e[i].v = (1 + log(out->e[i].v)) * c->idf[out->e[i].f];
		norm += out->e[i].v * out->e[i].v;
	}
	norm = sqrt(norm);
	for (size_t i = 0; i < m && norm > 0; i++)
		out->e[i].v /= norm;
}

static void softmax(double *z, size_t k)
{
	double mx = z[0], sum = 0;
	for (size_t j = 1; j < k; j++)
		mx = z[j] > mx ? z[j] : mx;
	for (size_t j = 0; j < k; j++)
		sum += z[j] = exp(z[j] - mx);
	for (size_t j = 0; j < k; j++)
		z[j] /= sum;
}

static void logits(const struct classifier *c, const double *w, const double *b,
                   const struct sparse *x, double *z)
{
	for (size_t j = 0; j < c->k; j++)
		z[j] = b[j];
	for (size_t i = 0; i < x->n; i++) {
		const double *row = w + (size_t)x->e[i].f * c->k;
		for (size_t j = 0; j < c->k; j++)
			z[j] += x->e[i].v * row[j];
	}
}

void classifier_predict(const struct classifier *c, const char *text, size_t len, double *probs)
{
	struct sparse x;
	vectorize(c, text, len, &x);
	logits(c, c->w, c->bias, &x, probs);
	softmax(probs, c->k);
	free(x.e);
}

/* ---- the vocabulary ------------------------------------------------------- */

struct occurrence {
	const char *f;
	size_t example;
};

static int cmp_occurrence(const void *a, const void *b)
{
	const struct occurrence *x = a, *y = b;
	int d = strcmp(x->f, y->f);
	return d ? d : (x->example > y->example) - (x->example < y->example);
}

/* The sorted features of the training texts that at least min_df texts
 * have, with their idf. */
static void build_vocabulary(struct classifier *c, const struct classifier_example *ex, size_t n,
                             int min_df)
{
	struct strbuf *raw = xcalloc(n ? n : 1, sizeof *raw);
	size_t total = 0, *counts = xcalloc(n ? n : 1, sizeof *counts);
	for (size_t i = 0; i < n; i++) {
		sb_init(&raw[i], STRBUF_NO_CEILING);
		total += counts[i] = raw_features(ex[i].text, ex[i].len, c->char_ngrams, &raw[i]);
	}
	struct occurrence *occ = xcalloc(total ? total : 1, sizeof *occ);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const char *f = raw[i].buf;
		for (size_t j = 0; j < counts[i]; j++, f += strlen(f) + 1)
			occ[m++] = (struct occurrence){f, i};
	}
	qsort(occ, m, sizeof *occ, cmp_occurrence);
	struct strbuf arena;
	sb_init(&arena, STRBUF_NO_CEILING);
	c->feat_off = xcalloc(m ? m : 1, sizeof *c->feat_off);
	c->idf = xcalloc(m ? m : 1, sizeof *c->idf);
	for (size_t i = 0; i < m;) {
		size_t j = i, df = 0;
		for (; j < m && !strcmp(occ[j].f, occ[i].f); j++)
			df += j == i || occ[j].example != occ[j - 1].example;
		if ((long)df >= min_df) {
			c->feat_off[c->nf] = (uint32_t)arena.len;
			c->idf[c->nf++] = log((1.0 + (double)n) / (1.0 + (double)df)) + 1;
			sb_add(&arena, occ[i].f, strlen(occ[i].f) + 1);
		}
		i = j;
	}
	c->arena = sb_detach(&arena);
	free(occ);
	for (size_t i = 0; i < n; i++)
		sb_free(&raw[i]);
	free(raw);
	free(counts);
}

/* ---- training --------------------------------------------------------------- */

struct problem {
	const struct classifier *c;
	struct sparse *x;
	const int *y;
	double *cw; /* per example: its class weight / sum of weights */
	size_t n;
	double l2;
	double *z;  /* k scratch */
	double tol; /* stop when no gradient entry is larger */
};

/* f(theta) and its gradient; theta = [W (nf * k), b (k)]. */
static double loss_grad(const struct problem *p, const double *theta, double *g)
{
	const struct classifier *c = p->c;
	size_t k = c->k, nw = c->nf * k;
	const double *w = theta, *b = theta + nw;
	double f = 0;
	for (size_t i = 0; i < nw; i++) {
		f += 0.5 * p->l2 * w[i] * w[i];
		g[i] = p->l2 * w[i];
	}
	memset(g + nw, 0, k * sizeof *g);
	for (size_t i = 0; i < p->n; i++) {
		double *z = p->z;
		logits(c, w, b, &p->x[i], z);
		double mx = z[0];
		for (size_t j = 1; j < k; j++)
			mx = z[j] > mx ? z[j] : mx;
		double sum = exp(z[0] - mx); /* >= 1: the largest term is exp(0) */
		for (size_t j = 1; j < k; j++)
			sum += exp(z[j] - mx);
		f += p->cw[i] * (mx + log(sum) - z[p->y[i]]);
		for (size_t j = 0; j < k; j++)
			z[j] = p->cw[i] * (exp(z[j] - mx) / sum - (j == (size_t)p->y[i]));
		for (size_t e = 0; e < p->x[i].n; e++) {
			double *row = g + (size_t)p->x[i].e[e].f * k;
			for (size_t j = 0; j < k; j++)
				row[j] += p->x[i].e[e].v * z[j];
		}
		for (size_t j = 0; j < k; j++)
			g[nw + j] += z[j];
	}
	return f;
}

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

enum { LBFGS_M = 10 };

/* Minimises loss_grad from theta (zeros) in place. */
static void lbfgs(const struct problem *p, double *theta, size_t d, int max_iter)
{
	double *g = xcalloc(d, sizeof *g), *gn = xcalloc(d, sizeof *gn);
	double *dir = xcalloc(d, sizeof *dir), *tn = xcalloc(d, sizeof *tn);
	double *s = xcalloc(d * LBFGS_M, sizeof *s), *y = xcalloc(d * LBFGS_M, sizeof *y);
	double rho[LBFGS_M], alpha[LBFGS_M];
	size_t used = 0, head = 0;
	double f = loss_grad(p, theta, g);
	for (int it = 0; it < max_iter; it++) {
		double gmax = 0;
		for (size_t i = 0; i < d; i++)
			gmax = fabs(g[i]) > gmax ? fabs(g[i]) : gmax;
		if (gmax <= p->tol)
			break;
		/* two-loop recursion: dir = -H g */
		for (size_t i = 0; i < d; i++)
			dir[i] = -g[i];
		for (size_t m = 0; m < used; m++) {
			size_t at = (head + LBFGS_M - 1 - m) % LBFGS_M;
			alpha[at] = rho[at] * dot(s + at * d, dir, d);
			for (size_t i = 0; i < d; i++)
				dir[i] -= alpha[at] * y[at * d + i];
		}
		double gamma = 1;
		if (used) {
			size_t last = (head + LBFGS_M - 1) % LBFGS_M;
			gamma =
			    dot(s + last * d, y + last * d, d) / dot(y + last * d, y + last * d, d);
		} else {
			gamma = 1 / sqrt(dot(g, g, d));
		}
		for (size_t i = 0; i < d; i++)
			dir[i] *= gamma;
		for (size_t m = used; m-- > 0;) {
			size_t at = (head + LBFGS_M - 1 - m) % LBFGS_M;
			double beta = rho[at] * dot(y + at * d, dir, d);
			for (size_t i = 0; i < d; i++)
				dir[i] += s[at * d + i] * (alpha[at] - beta);
		}
		double slope = dot(g, dir, d);
		if (slope >= 0) { /* not a descent direction: restart from steepest descent */
			used = 0;
			for (size_t i = 0; i < d; i++)
				dir[i] = -g[i] / sqrt(dot(g, g, d));
			slope = dot(g, dir, d);
		}
		double step = 1, fn = f;
		for (int tries = 0; tries < 40; tries++, step *= 0.5) {
			for (size_t i = 0; i < d; i++)
				tn[i] = theta[i] + step * dir[i];
			fn = loss_grad(p, tn, gn);
			if (fn <= f + 1e-4 * step * slope)
				break;
		}
		if (!(fn < f))
			break;
		double *sn = s + head * d, *yn = y + head * d;
		for (size_t i = 0; i < d; i++) {
			sn[i] = tn[i] - theta[i];
			yn[i] = gn[i] - g[i];
		}
		double sy = dot(sn, yn, d);
		bool done = f - fn < 1e-12 * (fabs(f) > 1 ? fabs(f) : 1);
		memcpy(theta, tn, d * sizeof *theta);
		memcpy(g, gn, d * sizeof *g);
		f = fn;
		if (sy > 1e-12) {
			rho[head] = 1 / sy;
			head = (head + 1) % LBFGS_M;
			used += used < LBFGS_M;
		}
		if (done)
			break;
	}
	free(g), free(gn), free(dir), free(tn), free(s), free(y);
}

struct classifier *classifier_train(const char *const *classes, size_t k,
                                    const struct classifier_example *ex, size_t n,
                                    const struct classifier_params *p, char **err)
{
	struct classifier *c = xcalloc(1, sizeof *c);
	c->k = k;
	c->classes = xcalloc(k, sizeof *c->classes);
	for (size_t j = 0; j < k; j++)
		c->classes[j] = xstrdup(classes[j]);
	c->target_precision = 0.95;
	c->n_examples = (long)n;
	c->char_ngrams = p->char_ngrams;
	build_vocabulary(c, ex, n, p->min_df);
	if (!c->nf) {
		classifier_free(c);
		set_err(err, "no training example has a word");
		return NULL;
	}
	struct problem pr = {
	    c,     xcalloc(n ? n : 1, sizeof *pr.x), NULL,  xcalloc(n ? n : 1, sizeof *pr.cw), n,
	    p->l2, xcalloc(k, sizeof(double)),       p->tol};
	int *y = xcalloc(n ? n : 1, sizeof *y);
	size_t *per = xcalloc(k, sizeof *per);
	for (size_t i = 0; i < n; i++)
		per[ex[i].label]++;
	double wsum = 0;
	for (size_t i = 0; i < n; i++) {
		y[i] = ex[i].label;
		pr.cw[i] = (double)n / ((double)k * (double)per[y[i]]);
		wsum += pr.cw[i];
		vectorize(c, ex[i].text, ex[i].len, &pr.x[i]);
	}
	for (size_t i = 0; i < n; i++)
		pr.cw[i] /= wsum;
	pr.y = y;
	size_t d = c->nf * k + k;
	double *theta = xcalloc(d, sizeof *theta);
	lbfgs(&pr, theta, d, p->max_iter);
	c->w = xcalloc(c->nf * k, sizeof *c->w);
	c->bias = xcalloc(k, sizeof *c->bias);
	memcpy(c->w, theta, c->nf * k * sizeof *c->w);
	memcpy(c->bias, theta + c->nf * k, k * sizeof *c->bias);
	free(theta);
	for (size_t i = 0; i < n; i++)
		free(pr.x[i].e);
	free(pr.x), free(pr.cw), free(pr.z), free(y), free(per);
	return c;
}

void classifier_free(struct classifier *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_sources; i++)
		free(c->sources[i].path);
	free(c->sources);
	for (size_t i = 0; i < c->n_measures; i++) {
		free(c->measures[i].set);
		free(c->measures[i].kind);
	}
	free(c->measures);
	if (c->classes)
		free_string_list(c->classes, c->k);
	if (!c->view) {
		free(c->bias);
		free(c->arena);
		free(c->feat_off);
		free(c->idf);
		free(c->w);
	}
	bc_unmap(&c->map);
	free(c);
}

/* ---- the model file --------------------------------------------------------- */

/* Settings are written with 9 significant digits, which strtod() reads back
 * as the same float. */
static void add_num(struct strbuf *sb, double v)
{
	sb_addf(sb, "\t%.9g", v);
}

/* Weights, biases and idfs are whole numbers of millionths: enough for a
 * route, and read without strtod(), which would take most of a route's
 * time on a file of thousands of lines. */
#define FIXED_SCALE 1e6
#define FIXED_MAX   999999999999LL /* 12 digits: about 1e6 either way */

static void add_fixed(struct strbuf *sb, double v)
{
	double r = round(v * FIXED_SCALE);
	long long q = r > (double)FIXED_MAX    ? FIXED_MAX
	              : r < -(double)FIXED_MAX ? -FIXED_MAX
	                                       : (long long)r;
	sb_addf(sb, "\t%lld", q);
}

char *classifier_format(const struct classifier *c, size_t *len)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	sb_addf(&sb, "loco-router-model\t%d\n", CLASSIFIER_FORMAT);
	sb_addf(&sb, "kind\tclassifier\n");
	sb_addf(&sb, "data\t%s\n", c->data_sha256);
	sb_addf(&sb, "registry\t%s\n", c->registry_hash);
	for (size_t i = 0; i < c->n_sources; i++)
		sb_addf(&sb, "source\t%s\t%lld\t%lld\t%s\n", c->sources[i].sha256,
		        c->sources[i].size, c->sources[i].mtime_ns, c->sources[i].path);
	sb_addf(&sb, "examples\t%ld\n", c->n_examples);
	sb_addf(&sb, "char_ngrams\t%d\n", c->char_ngrams);
	sb_adds(&sb, "target_precision");
	add_num(&sb, c->target_precision);
	sb_adds(&sb, "\nthreshold");
	add_num(&sb, c->threshold);
	sb_adds(&sb, "\n");
	for (size_t i = 0; i < c->n_measures; i++)
		sb_addf(&sb, "measured\t%s\t%s\t%ld\t%ld\n", c->measures[i].set,
		        c->measures[i].kind, c->measures[i].right, c->measures[i].total);
	for (size_t j = 0; j < c->k; j++)
		sb_addf(&sb, "class\t%s\n", c->classes[j]);
	sb_adds(&sb, "bias");
	for (size_t j = 0; j < c->k; j++)
		add_fixed(&sb, c->bias[j]);
	sb_addf(&sb, "\nfeatures\t%zu\n", c->nf);
	for (size_t f = 0; f < c->nf; f++) {
		sb_adds(&sb, "f");
		add_fixed(&sb, c->idf[f]);
		for (size_t j = 0; j < c->k; j++)
			add_fixed(&sb, c->w[f * c->k + j]);
		sb_addf(&sb, "\t%s\n", c->arena + c->feat_off[f]);
	}
	sb_adds(&sb, "end\n");
	*len = sb.len;
	return sb_detach(&sb);
}

/* One parse in progress: the current line split at tabs. */
struct parser {
	struct line_reader r;
	size_t fo[CLASSIFIER_MAX_K + 3], fl[CLASSIFIER_MAX_K + 3]; /* fields: offset, length */
	size_t nfields;
	bool too_many;
};

static int perr(struct parser *p, size_t col, const char *fmt, ...) LOCO_PRINTF(3, 4);
static int perr(struct parser *p, size_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line_verr(&p->r, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reads the next line and splits it; false at the end of the text. */
static bool next_line(struct parser *p)
{
	if (!line_next(&p->r))
		return false;
	p->nfields = 0;
	p->too_many = false;
	for (size_t start = 0;;) {
		if (p->nfields == LOCO_ARRAY_LEN(p->fo)) {
			p->too_many = true;
			break;
		}
		const char *tab = memchr(p->r.l + start, '\t', p->r.ll - start);
		size_t end = tab ? (size_t)(tab - p->r.l) : p->r.ll;
		p->fo[p->nfields] = start;
		p->fl[p->nfields++] = end - start;
		if (!tab)
			break;
		start = end + 1;
	}
	return true;
}

static bool field_is(const struct parser *p, size_t i, const char *s)
{
	return i < p->nfields && p->fl[i] == strlen(s) && !memcmp(p->r.l + p->fo[i], s, p->fl[i]);
}

/* Field i as a string (caller frees). */
static char *field(const struct parser *p, size_t i)
{
	return xstrndup(p->r.l + p->fo[i], p->fl[i]);
}

static int want_fields(struct parser *p, size_t n, const char *what)
{
	if (p->too_many || p->nfields != n)
		return perr(p, 0, "expected %s (%zu tab-separated fields), found %zu", what, n,
		            p->too_many ? p->nfields + 1 : p->nfields);
	return 0;
}

static int num_field(struct parser *p, size_t i, double *out)
{
	char buf[64];
	if (p->fl[i] == 0 || p->fl[i] >= sizeof buf)
		return perr(p, p->fo[i], "expected a number");
	memcpy(buf, p->r.l + p->fo[i], p->fl[i]);
	buf[p->fl[i]] = 0;
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (*end || errno || !isfinite(v) || buf[0] == ' ' || buf[0] == '+')
		return perr(p, p->fo[i], "expected a finite number, found '%s'", buf);
	*out = v;
	return 0;
}

/* A whole number of millionths: -?[0-9]{1,12}, no leading zeros but "0". */
static int fixed_field(struct parser *p, size_t i, double *out)
{
	const char *s = p->r.l + p->fo[i];
	size_t n = p->fl[i], at = n && s[0] == '-';
	if (n == at || n - at > 12 || (s[at] == '0' && n - at > 1))
		return perr(p, p->fo[i], "expected a whole number of millionths (up to 12 digits)");
	long long v = 0;
	for (size_t k = at; k < n; k++) {
		if (!is_digit((unsigned char)s[k]))
			return perr(p, p->fo[i] + k, "expected a digit");
		v = v * 10 + (s[k] - '0');
	}
	*out = (double)(at ? -v : v) / FIXED_SCALE;
	return 0;
}

static int int_field(struct parser *p, size_t i, long long min, long long *out)
{
	char buf[32];
	if (p->fl[i] == 0 || p->fl[i] >= sizeof buf)
		return perr(p, p->fo[i], "expected a whole number");
	memcpy(buf, p->r.l + p->fo[i], p->fl[i]);
	buf[p->fl[i]] = 0;
	char *end;
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (*end || errno || v < min || !is_digit((unsigned char)buf[buf[0] == '-']))
		return perr(p, p->fo[i], "expected a whole number >= %lld, found '%s'", min, buf);
	*out = v;
	return 0;
}

/* Whether s[0..n) is lowercase hex: bounded by n, since a field of the
 * input need not be followed by a NUL (a fuzz find: strspn read past it). */
static bool lower_hex(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
			return false;
	return true;
}

static int hex_field(struct parser *p, size_t i, char out[65])
{
	if (p->fl[i] != 64 || !lower_hex(p->r.l + p->fo[i], 64))
		return perr(p, p->fo[i], "expected a SHA-256 as 64 lowercase hex digits");
	memcpy(out, p->r.l + p->fo[i], 64);
	out[64] = 0;
	return 0;
}

/* A name or feature: not empty, no control bytes. */
static int text_field(struct parser *p, size_t i, const char *what)
{
	if (!p->fl[i])
		return perr(p, p->fo[i], "expected %s, found nothing", what);
	for (size_t k = 0; k < p->fl[i]; k++)
		if ((unsigned char)p->r.l[p->fo[i] + k] < 0x20 || p->r.l[p->fo[i] + k] == 0x7f)
			return perr(p, p->fo[i] + k, "control byte 0x%02x in %s",
			            (unsigned char)p->r.l[p->fo[i] + k], what);
	return 0;
}

enum {
	SEEN_DATA = 1,
	SEEN_REGISTRY = 2,
	SEEN_EXAMPLES = 4,
	SEEN_TARGET = 8,
	SEEN_THRESHOLD = 16,
	SEEN_GRAMS = 32,
	SEEN_ALL = 63
};

static int header_line(struct parser *p, struct classifier *c, unsigned *seen)
{
	static const struct {
		const char *key;
		unsigned bit;
	} once[] = {{"data", SEEN_DATA},           {"registry", SEEN_REGISTRY},
	            {"examples", SEEN_EXAMPLES},   {"target_precision", SEEN_TARGET},
	            {"threshold", SEEN_THRESHOLD}, {"char_ngrams", SEEN_GRAMS}};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(once); i++) {
		if (!field_is(p, 0, once[i].key))
			continue;
		if (*seen & once[i].bit)
			return perr(p, 0, "a second '%s' line; expected one", once[i].key);
		*seen |= once[i].bit;
		if (want_fields(p, 2, once[i].key) < 0)
			return -1;
		long long v = 0;
		double d = 0;
		switch (once[i].bit) {
		case SEEN_DATA:
			return hex_field(p, 1, c->data_sha256);
		case SEEN_REGISTRY:
			if (p->fl[1] != 16 || !lower_hex(p->r.l + p->fo[1], 16))
				return perr(p, p->fo[1], "expected 16 lowercase hex digits");
			memcpy(c->registry_hash, p->r.l + p->fo[1], 16);
			c->registry_hash[16] = 0;
			return 0;
		case SEEN_EXAMPLES:
			if (int_field(p, 1, 1, &v) < 0)
				return -1;
			c->n_examples = (long)(v > LONG_MAX ? LONG_MAX : v);
			return 0;
		case SEEN_GRAMS:
			if (int_field(p, 1, 0, &v) < 0)
				return -1;
			if (v == 1 || v > CLASSIFIER_MAX_GRAM)
				return perr(p, p->fo[1], "expected 0 (none) or 2 to %d",
				            CLASSIFIER_MAX_GRAM);
			c->char_ngrams = (int)v;
			return 0;
		default:
			if (num_field(p, 1, &d) < 0)
				return -1;
			if (d < 0 || d > 1)
				return perr(p, p->fo[1], "expected a number from 0 to 1");
			*(once[i].bit == SEEN_TARGET ? &c->target_precision : &c->threshold) = d;
			return 0;
		}
	}
	if (field_is(p, 0, "source")) {
		if (want_fields(p, 5, "source SHA256 SIZE MTIME_NS PATH") < 0)
			return -1;
		struct classifier_source s = {0};
		if (hex_field(p, 1, s.sha256) < 0 || int_field(p, 2, 0, &s.size) < 0 ||
		    int_field(p, 3, LLONG_MIN, &s.mtime_ns) < 0 || text_field(p, 4, "a path") < 0)
			return -1;
		s.path = field(p, 4);
		c->sources = xrealloc(c->sources, (c->n_sources + 1) * sizeof *c->sources);
		c->sources[c->n_sources++] = s;
		return 0;
	}
	if (field_is(p, 0, "measured")) {
		if (want_fields(p, 5, "measured SET KIND RIGHT TOTAL") < 0)
			return -1;
		long long right, total;
		if (text_field(p, 1, "a set") < 0 || text_field(p, 2, "a kind") < 0 ||
		    int_field(p, 3, 0, &right) < 0 || int_field(p, 4, 1, &total) < 0)
			return -1;
		if (right > total || total > LONG_MAX)
			return perr(p, p->fo[3], "expected RIGHT <= TOTAL");
		c->measures = xrealloc(c->measures, (c->n_measures + 1) * sizeof *c->measures);
		c->measures[c->n_measures++] =
		    (struct classifier_measure){field(p, 1), field(p, 2), (long)right, (long)total};
		return 0;
	}
	return perr(p, 0,
	            "unknown line; expected data, registry, source, examples, "
	            "char_ngrams, target_precision, threshold, measured or class");
}

static int parse_classes(struct parser *p, struct classifier *c)
{
	size_t cap = 0;
	do {
		if (want_fields(p, 2, "class NAME") < 0 || text_field(p, 1, "a class name") < 0)
			return -1;
		char *name = field(p, 1);
		for (size_t j = 0; j < c->k; j++)
			if (!strcmp(c->classes[j], name)) {
				free(name);
				return perr(p, p->fo[1], "class '%s' a second time", c->classes[j]);
			}
		if (c->k == CLASSIFIER_MAX_K) {
			free(name);
			return perr(p, 0, "more than %d classes", CLASSIFIER_MAX_K);
		}
		if (c->k == cap) {
			cap = cap ? 2 * cap : 8;
			c->classes = xrealloc(c->classes, cap * sizeof *c->classes);
		}
		c->classes[c->k++] = name;
		if (!next_line(p))
			return perr(p, 0, "the file ends after the classes; expected bias");
	} while (field_is(p, 0, "class"));
	if (c->k < 2 || strcmp(c->classes[c->k - 1], "base"))
		return perr(p, 0, "expected at least two classes, the last one 'base'");
	return 0;
}

/* One number of an 'f' line as fixed_field() reads it, then a tab: the
 * value, and where the tab is; NULL for anything fixed_field() would refuse
 * or question, which the strict path then reads again. */
/* The digits at the start of the 8 bytes at s (0 to 8), and their value,
 * eight at a time: the model file holds some 17,000 numbers of about seven
 * digits. Little-endian only (the caller checks). */
static size_t digits8(const char *s, uint64_t *value)
{
	uint64_t w;
	memcpy(&w, s, 8);
	uint64_t x = w - 0x3030303030303030u; /* a borrow only runs past the first non-digit */
	uint64_t bad = (x | (x + 0x7676767676767676u)) & 0x8080808080808080u;
	size_t n = bad ? (size_t)__builtin_ctzll(bad) / 8 : 8;
	if (n == 0)
		return 0;
	x = (x & 0x0f0f0f0f0f0f0f0fu) << (8 * (8 - n)); /* leading zeros for missing digits */
	x = (x * 10 + (x >> 8)) & 0x00ff00ff00ff00ffu;
	x = (x * 100 + (x >> 16)) & 0x0000ffff0000ffffu;
	*value = (x * 10000 + (x >> 32)) & 0xffffffffu;
	return n;
}

static const char *quick_fixed(const char *s, const char *end, double *out)
{
	bool neg = s < end && *s == '-';
	const char *d = s + neg;
	long long v = 0;
	const char *q = d;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t head;
	size_t got = end - d >= 8 ? digits8(d, &head) : 0;
	if (got) {
		v = (long long)head;
		q += got;
	}
	if (got == 8) /* more than eight digits: the rest one at a time */
#endif
		while (q < end && q - d < 13 && is_digit((unsigned char)*q))
			v = v * 10 + (*q++ - '0');
	size_t n = (size_t)(q - d);
	if (n == 0 || n > 12 || (d[0] == '0' && n > 1) || q >= end || *q != '\t')
		return NULL;
	*out = (double)(neg ? -v : v) / FIXED_SCALE;
	return q;
}

/* The features make up nearly all of a model file, and `loco route` reads
 * it on every run (issue 17's target: 2 ms): a line that is exactly
 * "f IDF WEIGHT... FEATURE" as parse_feature() wants it is read here in one
 * pass, with the same values; any other line is left to the strict path
 * (false), which names what is wrong. */
static bool quick_feature(struct parser *p, struct classifier *c, size_t f)
{
	const char *s = p->r.text + p->r.at, *end = p->r.text + p->r.len;
	if (end - s < 2 || s[0] != 'f' || s[1] != '\t')
		return false;
	s += 2;
	for (size_t j = 0; j <= c->k; j++) {
		if (!(s = quick_fixed(s, end, j ? &c->w[f * c->k + j - 1] : &c->idf[f])))
			return false;
		s++;
	}
	const char *t = s;
	while (s < end && *s != '\n' && (unsigned char)*s >= 0x20 && *s != 0x7f)
		s++;
	if (s == t || (s < end && *s != '\n'))
		return false;
	line_take(&p->r, (size_t)(s - (p->r.text + p->r.at)));
	p->nfields = c->k + 3;
	p->too_many = false;
	p->fo[c->k + 2] = (size_t)(t - p->r.l);
	p->fl[c->k + 2] = (size_t)(s - t);
	return true;
}

static int parse_feature(struct parser *p, struct classifier *c, size_t f)
{
	if (!field_is(p, 0, "f"))
		return perr(p, 0, "expected feature %zu of %zu ('f' line)", f + 1, c->nf);
	if (want_fields(p, c->k + 3, "f IDF WEIGHT... FEATURE") < 0 ||
	    fixed_field(p, 1, &c->idf[f]) < 0 || text_field(p, c->k + 2, "a feature") < 0)
		return -1;
	for (size_t j = 0; j < c->k; j++)
		if (fixed_field(p, j + 2, &c->w[f * c->k + j]) < 0)
			return -1;
	return 0;
}

/* Feature f's text (the line's last field): after the one before it in
 * byte order, then kept in the arena. */
static int add_feature(struct parser *p, struct classifier *c, size_t f, struct strbuf *arena)
{
	const char *text = p->r.l + p->fo[c->k + 2];
	size_t n = p->fl[c->k + 2];
	if (f) {
		const char *prev = arena->buf + c->feat_off[f - 1];
		size_t pl = arena->len - c->feat_off[f - 1] - 1;
		int d = memcmp(prev, text, pl < n ? pl : n);
		if (d > 0 || (d == 0 && pl >= n))
			return perr(
			    p, p->fo[c->k + 2],
			    "feature out of order or repeated; features are sorted by bytes");
	}
	c->feat_off[f] = (uint32_t)arena->len;
	sb_add(arena, text, n);
	sb_add(arena, "", 1);
	return 0;
}

static int parse_model(struct parser *p, struct classifier *c)
{
	if (!next_line(p) || !field_is(p, 0, "loco-router-model"))
		return perr(p, 0, "not a loco router model: expected 'loco-router-model\\t%d'",
		            CLASSIFIER_FORMAT);
	char version[16];
	snprintf(version, sizeof version, "%d", CLASSIFIER_FORMAT);
	if (!field_is(p, 1, version) || p->nfields != 2)
		return perr(p, p->nfields > 1 ? p->fo[1] : 0,
		            "format version not understood: expected %d (retrain with loco router "
		            "train)",
		            CLASSIFIER_FORMAT);
	if (!next_line(p) || !field_is(p, 0, "kind") || !field_is(p, 1, "classifier") ||
	    p->nfields != 2)
		return perr(p, 0, "expected 'kind\\tclassifier'");
	unsigned seen = 0;
	while (next_line(p) && !field_is(p, 0, "class"))
		if (header_line(p, c, &seen) < 0)
			return -1;
	if (seen != SEEN_ALL)
		return perr(p, 0,
		            "expected data, registry, examples, char_ngrams, target_precision "
		            "and threshold lines before the classes");
	if (!field_is(p, 0, "class"))
		return perr(p, 0, "the file ends before the classes");
	if (parse_classes(p, c) < 0)
		return -1;
	if (!field_is(p, 0, "bias"))
		return perr(p, 0, "expected 'bias' and %zu numbers", c->k);
	if (want_fields(p, c->k + 1, "bias and one number per class") < 0)
		return -1;
	c->bias = xcalloc(c->k, sizeof *c->bias);
	for (size_t j = 0; j < c->k; j++)
		if (fixed_field(p, j + 1, &c->bias[j]) < 0)
			return -1;
	long long nf;
	if (!next_line(p) || !field_is(p, 0, "features"))
		return perr(p, 0, "expected 'features' and a count");
	if (want_fields(p, 2, "features N") < 0 || int_field(p, 1, 1, &nf) < 0)
		return -1;
	/* Each feature line takes at least 2k + 4 bytes: a count past that is a lie. */
	if ((unsigned long long)nf > (p->r.len - p->r.at) / (2 * c->k + 4))
		return perr(p, p->fo[1], "%lld features cannot fit in the rest of the file", nf);
	c->nf = (size_t)nf;
	c->feat_off = xcalloc(c->nf, sizeof *c->feat_off);
	c->idf = xcalloc(c->nf, sizeof *c->idf);
	c->w = xcalloc(c->nf * c->k, sizeof *c->w);
	struct strbuf arena;
	sb_init(&arena, STRBUF_NO_CEILING);
	int rc = 0;
	for (size_t f = 0; f < c->nf && rc == 0; f++) {
		if (quick_feature(p, c, f))
			rc = 0;
		else if (next_line(p))
			rc = parse_feature(p, c, f);
		else
			rc = perr(p, 0, "the file ends after %zu of %zu features", f, c->nf);
		if (rc == 0)
			rc = add_feature(p, c, f, &arena);
	}
	c->arena = sb_detach(&arena);
	if (rc < 0)
		return -1;
	if (!next_line(p) || !field_is(p, 0, "end") || p->nfields != 1)
		return perr(p, 0, "expected 'end' after the features (a cut-off file?)");
	if (p->r.at < p->r.len)
		return perr(p, 0, "text after 'end'");
	return 0;
}

struct classifier *classifier_parse(const char *label, const char *text, size_t len, char **err)
{
	struct classifier *c = xcalloc(1, sizeof *c);
	struct parser p = {.nfields = 0};
	line_reader_init(&p.r, label, text, len, err);
	if (memchr(text, 0, len)) {
		size_t line, col;
		text_line_col(text, (size_t)((const char *)memchr(text, 0, len) - text), &line,
		              &col);
		set_err(err, "%s:%zu:%zu: a NUL byte; a model file is text", label, line, col);
		classifier_free(c);
		return NULL;
	}
	if (parse_model(&p, c) < 0) {
		classifier_free(c);
		return NULL;
	}
	return c;
}

struct classifier *classifier_load(const char *path, char **err)
{
	char *text;
	size_t len;
	if (read_file(path, CLASSIFIER_FILE_MAX, &text, &len, err) < 0)
		return NULL;
	struct classifier *c = classifier_parse(path, text, len, err);
	free(text);
	return c;
}

/* ---- the model's cache ------------------------------------------------------ */

/* `loco route` reads the model on every run, and parsing its text was a
 * third of the route's time (issue 17: 2 ms). The cache holds the same
 * model in native binary form, checked whole by a checksum and used in
 * place; docs/routing.md describes it. The layout (any change: a new
 * number here): */
#define CACHE_STR2(x) #x
#define CACHE_STR(x)  CACHE_STR2(x)
#define CACHE_MAGIC   "loco-classifier-cache 2 model " CACHE_STR(CLASSIFIER_FORMAT) " " LOCO_VERSION
#define CACHE_HEAD    (sizeof CACHE_MAGIC + sizeof(uint64_t)) /* the magic, then the checksum */
#define CACHE_MAX     (4 * (size_t)CLASSIFIER_FILE_MAX)
/* The largest number a model file can hold (FIXED_MAX millionths). */
#define CACHE_NUM_MAX ((double)FIXED_MAX / FIXED_SCALE)

static size_t arena_len(const struct classifier *c)
{
	return c->nf ? c->feat_off[c->nf - 1] + strlen(c->arena + c->feat_off[c->nf - 1]) + 1 : 0;
}

void classifier_cache_format(const struct classifier *c, const char *path,
                             const struct file_key *key, struct strbuf *out)
{
	size_t at = out->len;
	sb_add(out, CACHE_MAGIC, sizeof CACHE_MAGIC);
	bc_put_u64(out, 0); /* the checksum, filled in below */
	sb_add(out, key, sizeof *key);
	bc_put_str(out, path);
	bc_put_str(out, c->data_sha256);
	bc_put_str(out, c->registry_hash);
	bc_put_u64(out, (uint64_t)c->n_examples);
	bc_put_u32(out, (uint32_t)c->char_ngrams);
	bc_put_f64(out, c->target_precision);
	bc_put_f64(out, c->threshold);
	bc_put_u32(out, (uint32_t)c->n_sources);
	for (size_t i = 0; i < c->n_sources; i++) {
		bc_put_str(out, c->sources[i].sha256);
		bc_put_u64(out, (uint64_t)c->sources[i].size);
		bc_put_u64(out, (uint64_t)c->sources[i].mtime_ns);
		bc_put_str(out, c->sources[i].path);
	}
	bc_put_u32(out, (uint32_t)c->n_measures);
	for (size_t i = 0; i < c->n_measures; i++) {
		bc_put_str(out, c->measures[i].set);
		bc_put_str(out, c->measures[i].kind);
		bc_put_u64(out, (uint64_t)c->measures[i].right);
		bc_put_u64(out, (uint64_t)c->measures[i].total);
	}
	bc_put_u32(out, (uint32_t)c->k);
	for (size_t j = 0; j < c->k; j++)
		bc_put_str(out, c->classes[j]);
	size_t alen = arena_len(c);
	bc_put_u64(out, c->nf);
	bc_put_u64(out, alen);
	bc_pad(out, 8); /* the arrays, in order of alignment, into one extension
	                 * of out (no copies as it grows: a route may be doing this) */
	const struct {
		const void *p;
		size_t n;
	} arrays[] = {{c->bias, c->k * sizeof *c->bias},
	              {c->idf, c->nf * sizeof *c->idf},
	              {c->w, c->nf * c->k * sizeof *c->w},
	              {c->feat_off, c->nf * sizeof *c->feat_off},
	              {c->arena, alen}};
	size_t total = 0;
	for (size_t i = 0; i < LOCO_ARRAY_LEN(arrays); i++)
		total += arrays[i].n;
	char *dst = sb_extend(out, total);
	for (size_t i = 0; i < LOCO_ARRAY_LEN(arrays); i++) {
		memcpy(dst, arrays[i].p, arrays[i].n);
		dst += arrays[i].n;
	}
	uint64_t sum = bc_checksum(out->buf + at + CACHE_HEAD, out->len - at - CACHE_HEAD);
	memcpy(out->buf + at + sizeof CACHE_MAGIC, &sum, sizeof sum);
}

/* A string of exactly n bytes (n 0: any, but there) into out. */
static bool cache_fixed_str(struct bc_cursor *cur, char *out, size_t n)
{
	char *s = bc_get_str(cur);
	bool ok = s && strlen(s) == n;
	if (ok)
		memcpy(out, s, n + 1);
	free(s);
	return ok;
}

static bool cache_in_range(double v, double lo, double hi)
{
	return v >= lo && v <= hi; /* false for NaN */
}

static bool cache_meta(struct bc_cursor *cur, struct classifier *c)
{
	if (!cache_fixed_str(cur, c->data_sha256, 64) ||
	    !cache_fixed_str(cur, c->registry_hash, 16))
		return false;
	uint64_t ex = bc_get_u64(cur);
	c->n_examples = ex > LONG_MAX ? 0 : (long)ex;
	uint32_t grams = bc_get_u32(cur);
	c->char_ngrams = grams == 1 || grams > CLASSIFIER_MAX_GRAM ? -1 : (int)grams;
	c->target_precision = bc_get_f64(cur);
	c->threshold = bc_get_f64(cur);
	if (cur->bad || c->n_examples < 1 || c->char_ngrams < 0 ||
	    !cache_in_range(c->target_precision, 0, 1) || !cache_in_range(c->threshold, 0, 1))
		return false;
	size_t n = bc_get_count(cur);
	c->sources = xcalloc(n ? n : 1, sizeof *c->sources);
	for (size_t i = 0; i < n && !cur->bad; i++) {
		struct classifier_source *s = &c->sources[c->n_sources++];
		if (!cache_fixed_str(cur, s->sha256, 64))
			return false;
		s->size = (long long)bc_get_u64(cur);
		s->mtime_ns = (long long)bc_get_u64(cur);
		s->path = bc_get_str(cur);
		if (!s->path || s->size < 0)
			return false;
	}
	n = bc_get_count(cur);
	c->measures = xcalloc(n ? n : 1, sizeof *c->measures);
	for (size_t i = 0; i < n && !cur->bad; i++) {
		struct classifier_measure *m = &c->measures[c->n_measures++];
		m->set = bc_get_str(cur);
		m->kind = bc_get_str(cur);
		uint64_t right = bc_get_u64(cur), total = bc_get_u64(cur);
		if (!m->set || !m->kind || right > total || total < 1 || total > LONG_MAX)
			return false;
		m->right = (long)right;
		m->total = (long)total;
	}
	return !cur->bad;
}

static bool cache_classes(struct bc_cursor *cur, struct classifier *c)
{
	size_t k = bc_get_count(cur);
	if (k < 2 || k > CLASSIFIER_MAX_K)
		return false;
	c->classes = xcalloc(k, sizeof *c->classes);
	for (size_t j = 0; j < k; j++) {
		c->classes[c->k++] = bc_get_str(cur);
		if (!c->classes[j] || !*c->classes[j])
			return false;
	}
	return !strcmp(c->classes[k - 1], "base");
}

/* Whether every |v[i]| <= CACHE_NUM_MAX, NaN never: as integers, the bits
 * of non-negative doubles are in the order of their values, infinities and
 * NaNs above all others; so limit - bits borrows (the top bit) for any
 * value out of range, and the loop is subtractions and ORs, which
 * vectorize (30,000 numbers on each route) when not inlined (gcc 12). */
__attribute__((noinline)) static bool cache_numbers_ok(const double *v, size_t n)
{
	const double max = CACHE_NUM_MAX;
	uint64_t limit, out = 0;
	memcpy(&limit, &max, sizeof limit);
	for (size_t i = 0; i < n; i++) {
		uint64_t b;
		memcpy(&b, &v[i], sizeof b);
		out |= limit - (b & INT64_MAX);
	}
	return !(out >> 63);
}

/* The arrays, used in place: offsets that start NUL-separated features in
 * increasing order inside an arena that ends with a NUL, numbers that a
 * model file could hold, and nothing after them. */
static bool cache_arrays(struct bc_cursor *cur, struct classifier *c)
{
	uint64_t nf = bc_get_u64(cur), alen = bc_get_u64(cur);
	bc_skip_pad(cur, 8);
	if (cur->bad || nf < 1 || nf > (uint64_t)(cur->end - cur->p) || alen < 2 ||
	    alen > UINT32_MAX)
		return false;
	c->nf = (size_t)nf;
	c->bias = (double *)bc_get_array(cur, c->k, sizeof(double));
	c->idf = (double *)bc_get_array(cur, c->nf, sizeof(double));
	c->w = (c->nf > SIZE_MAX / c->k)
	           ? NULL
	           : (double *)bc_get_array(cur, c->nf * c->k, sizeof(double));
	c->feat_off = (uint32_t *)bc_get_array(cur, c->nf, sizeof(uint32_t));
	c->arena = (char *)bc_get_array(cur, (size_t)alen, 1);
	if (!c->bias || !c->idf || !c->w || !c->feat_off || !c->arena || cur->p != cur->end)
		return false;
	if (c->arena[alen - 1] || c->feat_off[0] != 0 || c->feat_off[c->nf - 1] + 2 > alen)
		return false;
	for (size_t f = 1; f < c->nf; f++)
		if (c->feat_off[f] <= c->feat_off[f - 1] + 1 || c->feat_off[f] >= alen ||
		    c->arena[c->feat_off[f] - 1])
			return false;
	return cache_numbers_ok(c->bias, c->k) && cache_numbers_ok(c->idf, c->nf) &&
	       cache_numbers_ok(c->w, c->nf * c->k);
}

struct classifier *classifier_cache_read(const void *data, size_t len, const char *path,
                                         const struct file_key *key)
{
	uint64_t sum;
	if (len < CACHE_HEAD + sizeof *key || memcmp(data, CACHE_MAGIC, sizeof CACHE_MAGIC) ||
	    ((uintptr_t)data & 7))
		return NULL;
	memcpy(&sum, (const char *)data + sizeof CACHE_MAGIC, sizeof sum);
	if (memcmp((const char *)data + CACHE_HEAD, key, sizeof *key) ||
	    sum != bc_checksum((const char *)data + CACHE_HEAD, len - CACHE_HEAD))
		return NULL;
	struct bc_cursor cur;
	bc_cursor_init(&cur, data, len);
	cur.p += CACHE_HEAD + sizeof *key;
	struct classifier *c = xcalloc(1, sizeof *c);
	c->view = true;
	char *cached_path = bc_get_str(&cur);
	bool ok = cached_path && !strcmp(cached_path, path) && cache_meta(&cur, c) &&
	          cache_classes(&cur, c) && cache_arrays(&cur, c);
	free(cached_path);
	if (!ok) {
		classifier_free(c);
		return NULL;
	}
	return c;
}

struct classifier *classifier_load_cached(const char *path, const char *cache_dir, char **err)
{
	/* The key and, on a miss, the text come from one open file, so a model
	 * replaced meanwhile cannot be cached under the old one's key. */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct file_key key;
	if (fd < 0 || file_key_of_fd(fd, &key) < 0) {
		if (fd >= 0)
			close(fd);
		return classifier_load(path, err);
	}
	char *cf = bc_file_name(cache_dir, path);
	struct bc_map m;
	struct classifier *c = NULL;
	if (bc_map_file(cf, CACHE_MAX, &m) == 0) {
		if ((c = classifier_cache_read(m.data, m.len, path, &key)))
			c->map = m;
		else
			bc_unmap(&m);
	}
	if (!c) {
		/* The text mapped rather than read: a copy of it on the heap would
		 * take the rebuilding route past its 4 MiB (issue 17). */
		struct bc_map text;
		if (bc_map_fd(fd, CLASSIFIER_FILE_MAX, &text) == 0) {
			c = classifier_parse(path, text.data, text.len, err);
			bc_unmap(&text);
		} else { /* empty, too big or unreadable: the reader's message */
			c = classifier_load(path, err);
		}
		if (c) {
			struct strbuf sb;
			sb_init(&sb, STRBUF_NO_CEILING);
			classifier_cache_format(c, path, &key, &sb);
			bc_write(cf, sb.buf, sb.len);
			sb_free(&sb);
		}
	}
	close(fd);
	free(cf);
	return c;
}
