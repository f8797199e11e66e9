/* number.c: reading answers' numbers exactly (see number.h). Values are kept
 * as decimal digit strings, so a 30-digit integer stays exact and a
 * comparison never goes through a double; the arithmetic below is the
 * schoolbook kind on those strings, enough for numbers of a few hundred
 * digits. Denominators are reduced with 64-bit integers, which is why they
 * are limited to 18 digits. */
#include "number.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* ---- magnitudes: digit strings without leading zeros ("0" for zero) ---- */

static char *mag_trim(char *s)
{
	size_t z = strspn(s, "0");
	if (z && !s[z])
		z--;
	memmove(s, s + z, strlen(s + z) + 1);
	return s;
}

static bool mag_zero(const char *a)
{
	return !strcmp(a, "0");
}

static int mag_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	int c = strcmp(a, b);
	return (c > 0) - (c < 0);
}

static char *mag_add(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = (la > lb ? la : lb) + 1;
	char *r = xmalloc(n + 1);
	r[n] = '\0';
	int carry = 0;
	for (size_t k = 0; k < n; k++) {
		int d = carry;
		if (k < la)
			d += a[la - 1 - k] - '0';
		if (k < lb)
			d += b[lb - 1 - k] - '0';
		r[n - 1 - k] = (char)('0' + d % 10);
		carry = d / 10;
	}
	return mag_trim(r);
}

/* a - b, for a >= b. */
static char *mag_sub(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *r = xstrdup(a);
	int borrow = 0;
	for (size_t k = 0; k < la; k++) {
		int d = a[la - 1 - k] - '0' - borrow - (k < lb ? b[lb - 1 - k] - '0' : 0);
		borrow = d < 0;
		r[la - 1 - k] = (char)('0' + d + (borrow ? 10 : 0));
	}
	return mag_trim(r);
}

static char *mag_mul(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la + lb;
	unsigned *acc = xcalloc(n, sizeof *acc);
	for (size_t i = 0; i < la; i++)
		for (size_t j = 0; j < lb; j++)
			acc[i + j + 1] += (unsigned)(a[i] - '0') * (unsigned)(b[j] - '0');
	for (size_t k = n; k-- > 1;) {
		acc[k - 1] += acc[k] / 10;
		acc[k] %= 10;
	}
	char *r = xmalloc(n + 1);
	for (size_t k = 0; k < n; k++)
		r[k] = (char)('0' + acc[k]);
	r[n] = '\0';
	free(acc);
	return mag_trim(r);
}

/* a x 10^k */
static char *mag_shift(const char *a, size_t k)
{
	if (mag_zero(a))
		return xstrdup(a);
	size_t la = strlen(a);
	char *r = xmalloc(la + k + 1);
	memcpy(r, a, la);
	memset(r + la, '0', k);
	r[la + k] = '\0';
	return r;
}

/* The remainder and quotient by d <= 10^18: r * 10 + 9 stays below 2^64. */
static uint64_t mag_mod(const char *a, uint64_t d)
{
	uint64_t r = 0;
	for (const char *p = a; *p; p++)
		r = (r * 10 + (uint64_t)(*p - '0')) % d;
	return r;
}

static char *mag_div(const char *a, uint64_t d)
{
	char *q = xstrdup(a);
	uint64_t r = 0;
	for (size_t k = 0; a[k]; k++) {
		r = r * 10 + (uint64_t)(a[k] - '0');
		q[k] = (char)('0' + r / d);
		r %= d;
	}
	return mag_trim(q);
}

static bool mag_u64(const char *a, uint64_t *out)
{
	if (strlen(a) > 18)
		return false;
	*out = strtoull(a, NULL, 10);
	return true;
}

static uint64_t gcd_u64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* ---- canonical text ---------------------------------------------------- */

/* neg x digits x 10^-scale: "-0.75" for (true, "75", 2). */
static char *render_decimal(bool neg, const char *digits, long scale)
{
	struct strbuf sb = STRBUF_INIT;
	char *d = mag_trim(xstrdup(digits));
	if (scale <= 0) {
		char *whole = mag_shift(d, (size_t)-scale);
		free(d);
		d = whole;
		scale = 0;
	}
	size_t len = strlen(d);
	if (len + (size_t)scale > NUMBER_MAX_DIGITS) {
		free(d);
		return NULL;
	}
	if (neg && !mag_zero(d))
		sb_adds(&sb, "-");
	if (len <= (size_t)scale) {
		sb_adds(&sb, "0.");
		for (size_t k = len; k < (size_t)scale; k++)
			sb_adds(&sb, "0");
		sb_adds(&sb, d);
	} else {
		sb_add(&sb, d, len - (size_t)scale);
		sb_adds(&sb, ".");
		sb_adds(&sb, d + len - scale);
	}
	free(d);
	if (strchr(sb.buf, '.')) {
		while (sb.buf[sb.len - 1] == '0')
			sb.buf[--sb.len] = '\0';
		if (sb.buf[sb.len - 1] == '.')
			sb.buf[--sb.len] = '\0';
	}
	if (!strcmp(sb.buf, "-0"))
		sb_reset(&sb), sb_adds(&sb, "0");
	return sb_detach(&sb);
}

/* neg x num / den, reduced; a decimal when den has no prime factor but 2 and
 * 5, else "n/d". */
static char *render_fraction(bool neg, const char *num, const char *den)
{
	uint64_t d;
	if (!mag_u64(den, &d) || d == 0 || strlen(num) > NUMBER_MAX_DIGITS)
		return NULL;
	uint64_t g = gcd_u64(mag_mod(num, d), d);
	char *n = mag_div(num, g);
	d /= g;
	int e2 = 0, e5 = 0;
	uint64_t t = d;
	for (; t % 2 == 0; t /= 2)
		e2++;
	for (; t % 5 == 0; t /= 5)
		e5++;
	char *out;
	if (t == 1) {
		/* n / (2^e2 5^e5) = n 2^(k-e2) 5^(k-e5) / 10^k */
		int k = e2 > e5 ? e2 : e5;
		for (int i = 0; i < (k - e2) + (k - e5); i++) {
			char *m = mag_mul(n, i < k - e2 ? "2" : "5");
			free(n);
			n = m;
		}
		out = render_decimal(neg, n, k);
	} else {
		out = xasprintf("%s%s/%llu", neg && !mag_zero(n) ? "-" : "", n,
		                (unsigned long long)d);
	}
	free(n);
	return out;
}

/* ---- reading ----------------------------------------------------------- */

struct decimal {
	char *digits; /* every digit, the point taken out */
	long scale;   /* value = digits x 10^-scale */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Groups of an integer part with commas: 1,234,567 or 1,23,45,678. */
static bool grouping_ok(const char *s, size_t n)
{
	/* The last pass (i == n) always writes groups[0]; the zeros are for
	 * cppcheck, which cannot see that the loop runs at least once. */
	size_t groups[NUMBER_MAX_DIGITS] = {0}, ng = 0, run = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == ',') {
			if (ng == LOCO_ARRAY_LEN(groups))
				return false;
			groups[ng++] = run;
			run = 0;
		} else {
			run++;
		}
	}
	bool western = groups[0] >= 1 && groups[0] <= 3, indian = groups[0] >= 1 && groups[0] <= 2;
	for (size_t g = 1; g < ng; g++) {
		western &= groups[g] == 3;
		indian &= groups[g] == (g + 1 == ng ? 3u : 2u);
	}
	return western || indian;
}

/* "1e3", "2.5E-2": the exponent at *pp, when there is one (at most three
 * digits, not followed by another). */
static bool read_exponent(const char **pp, const char *end, long *exp)
{
	const char *p = *pp;
	if (p >= end || (*p != 'e' && *p != 'E'))
		return true;
	p++;
	bool neg = p < end && *p == '-';
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	const char *start = p;
	while (p < end && is_digit(*p))
		p++;
	if (p == start || p - start > 3)
		return true; /* not an exponent: "3eggs" is 3 and then a word */
	*exp = strtol(start, NULL, 10) * (neg ? -1 : 1);
	*pp = p;
	return true;
}

/* Digits with commas, a point and an exponent at *pp. A point or comma
 * counts only with a digit after it. */
static bool read_decimal(const char **pp, const char *end, bool allow_exponent, struct decimal *out)
{
	const char *p = *pp, *start = p, *point = NULL;
	size_t commas = 0;
	while (p < end &&
	       (is_digit(*p) || ((*p == ',' || *p == '.') && p + 1 < end && is_digit(p[1])))) {
		if (*p == '.') {
			if (point)
				return false;
			point = p;
		}
		commas += *p == ',';
		p++;
	}
	if (p == start || (size_t)(p - start) > NUMBER_MAX_DIGITS)
		return false;
	const char *int_end = point ? point : p;
	bool decimal_comma = false;
	if (commas) {
		const char *c = memchr(start, ',', (size_t)(int_end - start));
		if (!point && commas == 1 && p - c - 1 <= 2)
			decimal_comma = true;
		else if (point && memchr(point, ',', (size_t)(p - point)))
			return false;
		else if (!grouping_ok(start, (size_t)(int_end - start)))
			return false;
		if (decimal_comma)
			point = c;
	}
	struct strbuf d = STRBUF_INIT;
	sb_adds(&d, "");
	long scale = 0;
	for (const char *q = start; q < p; q++) {
		if (is_digit(*q)) {
			sb_add(&d, q, 1);
			scale += point && q > point;
		}
	}
	long exp = 0;
	if (allow_exponent)
		read_exponent(&p, end, &exp);
	out->digits = sb_detach(&d);
	out->scale = scale - exp;
	*pp = p;
	return true;
}

static bool read_integer(const char **pp, const char *end, char **out)
{
	const char *p = *pp;
	while (p < end && is_digit(*p))
		p++;
	if (p == *pp || (size_t)(p - *pp) > NUMBER_MAX_DIGITS)
		return false;
	*out = mag_trim(xstrndup(*pp, (size_t)(p - *pp)));
	*pp = p;
	return true;
}

static void skip_blanks(const char **pp, const char *end)
{
	while (*pp < end && (**pp == ' ' || **pp == '\t'))
		(*pp)++;
}

static bool skip_prefix(const char **pp, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);
	if ((size_t)(end - *pp) < n || memcmp(*pp, prefix, n))
		return false;
	*pp += n;
	return true;
}

static bool read_sign(const char **pp, const char *end, bool *neg)
{
	if (skip_prefix(pp, end, "-") || skip_prefix(pp, end, "\xe2\x88\x92")) {
		*neg = true;
		return true;
	}
	return skip_prefix(pp, end, "+");
}

/* num / den as a fraction of two decimals: (a 10^-sa) / (b 10^-sb). */
static char *decimal_ratio(bool neg, const struct decimal *a, const struct decimal *b)
{
	long s = b->scale - a->scale;
	char *num = s > 0 ? mag_shift(a->digits, (size_t)s) : xstrdup(a->digits);
	char *den = s < 0 ? mag_shift(b->digits, (size_t)-s) : xstrdup(b->digits);
	mag_trim(num);
	mag_trim(den);
	char *out = render_fraction(neg, num, den);
	free(num);
	free(den);
	return out;
}

/* {A}{B} after \frac, or "12" in the shorthand \frac12. The caller frees
 * what was read, on failure too. */
static bool read_frac_args(const char **pp, const char *end, struct decimal *a, struct decimal *b)
{
	const char *p = *pp;
	skip_blanks(&p, end);
	if (p + 1 < end && is_digit(p[0]) && is_digit(p[1])) {
		a->digits = xstrndup(p, 1);
		b->digits = xstrndup(p + 1, 1);
		*pp = p + 2;
		return true;
	}
	struct decimal *parts[2] = {a, b};
	for (int k = 0; k < 2; k++) {
		skip_blanks(&p, end);
		if (!skip_prefix(&p, end, "{"))
			return false;
		skip_blanks(&p, end);
		if (!read_decimal(&p, end, false, parts[k]))
			return false;
		skip_blanks(&p, end);
		if (!skip_prefix(&p, end, "}"))
			return false;
	}
	*pp = p;
	return true;
}

static bool read_frac(const char **pp, const char *end, struct decimal *a, struct decimal *b)
{
	const char *p = *pp;
	memset(a, 0, sizeof *a);
	memset(b, 0, sizeof *b);
	if (!skip_prefix(&p, end, "\\frac") && !skip_prefix(&p, end, "\\dfrac") &&
	    !skip_prefix(&p, end, "\\tfrac"))
		return false;
	if (!read_frac_args(&p, end, a, b)) {
		free(a->digits);
		free(b->digits);
		return false;
	}
	*pp = p;
	return true;
}

/* whole + a / b = (whole b + a) / b, for an integer whole, in the larger of
 * the two scales. */
static char *mixed(bool neg, const char *whole, const struct decimal *a, const struct decimal *b)
{
	long scale = a->scale > b->scale ? a->scale : b->scale;
	char *wb = mag_mul(whole, b->digits);
	char *x = mag_shift(wb, (size_t)(scale - b->scale));
	char *y = mag_shift(a->digits, (size_t)(scale - a->scale));
	struct decimal sum = {mag_add(x, y), scale};
	char *out = decimal_ratio(neg, &sum, b);
	free(wb);
	free(x);
	free(y);
	free(sum.digits);
	return out;
}

/* After a decimal: a fraction ("/4"), a mixed number (" 1/2", " \frac12"),
 * or nothing. */
static char *read_after_decimal(bool neg, struct decimal *a, const char **pp, const char *end)
{
	const char *p = *pp;
	struct decimal fa, fb;
	char *whole = a->scale == 0 ? a->digits : NULL;
	if (whole && p < end && *p == '/') {
		p++;
		struct decimal b = {NULL, 0};
		if (!read_integer(&p, end, &b.digits))
			return NULL;
		char *out = decimal_ratio(neg, a, &b);
		free(b.digits);
		*pp = p;
		return out;
	}
	const char *q = p;
	skip_blanks(&q, end);
	if (whole && q > p && read_integer(&q, end, &fa.digits)) {
		fa.scale = 0;
		fb.digits = NULL;
		fb.scale = 0;
		char *out = NULL;
		if (q < end && *q == '/' && (q++, read_integer(&q, end, &fb.digits)) &&
		    !mag_zero(fb.digits)) {
			out = mixed(neg, whole, &fa, &fb);
			*pp = q;
		}
		free(fa.digits);
		free(fb.digits);
		return out;
	}
	q = p;
	skip_blanks(&q, end);
	if (whole && read_frac(&q, end, &fa, &fb)) {
		char *out = mag_zero(fb.digits) ? NULL : mixed(neg, whole, &fa, &fb);
		free(fa.digits);
		free(fb.digits);
		if (out)
			*pp = q;
		return out;
	}
	return render_decimal(neg, a->digits, a->scale);
}

char *number_canonical(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	bool neg = false;
	skip_blanks(&p, end);
	bool signed_ = read_sign(&p, end, &neg);
	if (skip_prefix(&p, end, "$") || skip_prefix(&p, end, "\xe2\x82\xac") ||
	    skip_prefix(&p, end, "\xc2\xa3")) {
		skip_blanks(&p, end);
		if (!signed_)
			read_sign(&p, end, &neg);
	}
	char *out = NULL;
	struct decimal a, b;
	if (read_frac(&p, end, &a, &b)) {
		out = decimal_ratio(neg, &a, &b);
		free(a.digits);
		free(b.digits);
	} else if (read_decimal(&p, end, true, &a)) {
		out = read_after_decimal(neg, &a, &p, end);
		free(a.digits);
	}
	skip_blanks(&p, end);
	if (out && p < end && *p == '.') { /* "42." as a sentence ends */
		p++;
		skip_blanks(&p, end);
	}
	if (out && p != end) {
		free(out);
		out = NULL;
	}
	return out;
}

/* ---- words ------------------------------------------------------------- */

static const char *const unit_words[] = {"zero",    "one",     "two",       "three",    "four",
                                         "five",    "six",     "seven",     "eight",    "nine",
                                         "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                         "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const ten_words[] = {"twenty", "thirty",  "forty",  "fifty",
                                        "sixty",  "seventy", "eighty", "ninety"};

static int word_index(const char *w, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && !strncasecmp(w, list[i], n))
			return (int)i;
	return -1;
}

static bool word_is(const char *w, size_t n, const char *word)
{
	return strlen(word) == n && !strncasecmp(w, word, n);
}

/* One word of the phrase, applied to (total, cur); false when it cannot
 * continue the number read so far. */
static bool add_word(const char *w, size_t n, uint64_t *total, uint64_t *cur, uint64_t *last_scale,
                     bool *any)
{
	int u = word_index(w, n, unit_words, LOCO_ARRAY_LEN(unit_words));
	int t = word_index(w, n, ten_words, LOCO_ARRAY_LEN(ten_words));
	uint64_t low = *cur % 100;
	if (u == 0)
		return !*any && (*any = true); /* "zero" stands alone */
	if (u > 0 && (low == 0 || (low >= 20 && low % 10 == 0 && u < 10))) {
		*cur += (uint64_t)u;
	} else if (t >= 0 && low == 0) {
		*cur += 20 + 10 * (uint64_t)t;
	} else if (word_is(w, n, "hundred") && *cur >= 1 && *cur <= 9) {
		*cur *= 100;
	} else {
		uint64_t scale = word_is(w, n, "thousand")  ? 1000
		                 : word_is(w, n, "million") ? 1000000
		                 : word_is(w, n, "billion") ? 1000000000
		                                            : 0;
		if (!scale || !*cur || scale >= *last_scale)
			return false;
		*total += *cur * scale;
		*cur = 0;
		*last_scale = scale;
	}
	*any = true;
	return true;
}

static size_t letters(const char *p, const char *end)
{
	size_t k = 0;
	while (p + k < end && ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z')))
		k++;
	return k;
}

char *number_words(const char *s, size_t n, size_t *used)
{
	const char *p = s, *end = s + n, *last = s;
	uint64_t total = 0, cur = 0, last_scale = UINT64_MAX;
	bool any = false, zero = false;
	for (;;) {
		size_t k = letters(p, end);
		if (!k)
			break;
		if (any && word_is(p, k, "and")) {
			p += k;
		} else {
			if (zero || !add_word(p, k, &total, &cur, &last_scale, &any))
				break;
			zero = !total && !cur;
			p += k;
			last = p;
		}
		if (p < end && *p == '-' && any)
			p++;
		else
			skip_blanks(&p, end);
	}
	if (!any)
		return NULL;
	const char *q = last;
	skip_blanks(&q, end);
	if (letters(q, end) == 2 && !strncasecmp(q, "of", 2))
		return NULL; /* "one of them" is not the number one */
	*used = (size_t)(last - s);
	return xasprintf("%llu", (unsigned long long)(total + cur));
}

/* ---- comparing --------------------------------------------------------- */

bool number_is_integer(const char *c)
{
	return !strchr(c, '.') && !strchr(c, '/');
}

double number_value(const char *c)
{
	const char *slash = strchr(c, '/');
	if (!slash)
		return strtod(c, NULL);
	return strtod(c, NULL) / strtod(slash + 1, NULL);
}

/* Canonical text as sign, numerator and denominator magnitudes. */
static void split_number(const char *c, bool *neg, char **num, char **den)
{
	*neg = c[0] == '-';
	c += *neg;
	const char *slash = strchr(c, '/'), *dot = strchr(c, '.');
	if (slash) {
		*num = xstrndup(c, (size_t)(slash - c));
		*den = xstrdup(slash + 1);
	} else if (dot) {
		size_t frac = strlen(dot + 1);
		*num = mag_trim(xasprintf("%.*s%s", (int)(dot - c), c, dot + 1));
		*den = mag_shift("1", frac);
	} else {
		*num = xstrdup(c);
		*den = xstrdup("1");
	}
}

/* |a - b| <= 1e-6 min(1, max(|a|, |b|)), with a = na/da and b = nb/db:
 * 10^6 |na db - nb da| <= min(da db, max(|na| db, |nb| da)). */
static bool within_tolerance(const char *ca, const char *cb)
{
	bool neg_a, neg_b;
	char *na, *da, *nb, *db;
	split_number(ca, &neg_a, &na, &da);
	split_number(cb, &neg_b, &nb, &db);
	char *p = mag_mul(na, db), *q = mag_mul(nb, da), *dd = mag_mul(da, db), *x;
	if (neg_a != neg_b)
		x = mag_add(p, q);
	else
		x = mag_cmp(p, q) >= 0 ? mag_sub(p, q) : mag_sub(q, p);
	char *lhs = mag_shift(x, 6);
	const char *m = mag_cmp(p, q) >= 0 ? p : q;
	const char *rhs = mag_cmp(dd, m) <= 0 ? dd : m;
	bool ok = mag_cmp(lhs, rhs) <= 0;
	free(na), free(da), free(nb), free(db);
	free(p), free(q), free(dd), free(x), free(lhs);
	return ok;
}

bool numbers_equal(const char *a, const char *b)
{
	char *ca = number_canonical(a, strlen(a)), *cb = number_canonical(b, strlen(b));
	bool eq = false;
	if (ca && cb) {
		if (number_is_integer(ca) && number_is_integer(cb))
			eq = !strcmp(ca, cb);
		else
			eq = !strcmp(ca, cb) || within_tolerance(ca, cb);
	}
	free(ca);
	free(cb);
	return eq;
}
