/* semver.c: Semantic Versioning 2.0 precedence (see semver.h), for the
 * registry validator and `adapters update`. */
#include "semver.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct semver {
	unsigned long long core[3];
	const char *pre; /* after '-', up to '+' or the end; NULL when none */
	size_t pre_len;
};

static bool parse_number(const char **p, unsigned long long *out)
{
	const char *s = *p;
	if (!isdigit((unsigned char)*s) || (s[0] == '0' && isdigit((unsigned char)s[1])))
		return false;
	unsigned long long v = 0;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (~0ULL - 9) / 10)
			return false;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	*p = s;
	return true;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '-';
}

/* Dot-separated non-empty identifiers of [0-9A-Za-z-]; numeric ones
 * without leading zeros. */
static bool valid_idents(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0)
		return false;
	while (i <= n) {
		size_t start = i;
		bool digits = true;
		while (i < n && s[i] != '.') {
			if (!ident_char(s[i]))
				return false;
			digits &= isdigit((unsigned char)s[i]) != 0;
			i++;
		}
		if (i == start || (digits && s[start] == '0' && i - start > 1))
			return false;
		i++;
	}
	return true;
}

static bool semver_parse(const char *v, struct semver *out)
{
	memset(out, 0, sizeof *out);
	const char *p = v;
	if (*p == 'v' || *p == 'V')
		p++;
	for (int i = 0; i < 3; i++) {
		if (!parse_number(&p, &out->core[i]))
			return false;
		if (i < 2 && *p++ != '.')
			return false;
	}
	if (*p == '-') {
		out->pre = ++p;
		out->pre_len = strcspn(p, "+");
		if (!valid_idents(out->pre, out->pre_len))
			return false;
		p += out->pre_len;
	}
	if (*p == '+') {
		p++;
		if (!valid_idents(p, strlen(p)))
			return false;
		p += strlen(p);
	}
	return *p == '\0';
}

bool semver_valid(const char *v)
{
	struct semver s;
	return v && semver_parse(v, &s);
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int compare_idents(const char *a, size_t an, const char *b, size_t bn)
{
	bool na = all_digits(a, an), nb = all_digits(b, bn);
	if (na && nb) {
		if (an != bn) /* no leading zeros: the longer number is larger */
			return an < bn ? -1 : 1;
		int c = memcmp(a, b, an);
		return c < 0 ? -1 : c > 0;
	}
	if (na != nb)
		return na ? -1 : 1; /* numeric identifiers sort below alphanumeric ones */
	size_t n = an < bn ? an : bn;
	int c = memcmp(a, b, n);
	if (c)
		return c < 0 ? -1 : 1;
	return an == bn ? 0 : an < bn ? -1 : 1;
}

static int compare_pre(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		size_t ie = i, je = j;
		while (ie < an && a[ie] != '.')
			ie++;
		while (je < bn && b[je] != '.')
			je++;
		int c = compare_idents(a + i, ie - i, b + j, je - j);
		if (c)
			return c;
		i = ie + 1;
		j = je + 1;
	}
	/* all shared identifiers equal: the one with more identifiers is higher */
	bool a_more = i < an, b_more = j < bn;
	return a_more == b_more ? 0 : a_more ? 1 : -1;
}

int semver_compare(const char *a, const char *b, int *cmp)
{
	struct semver x, y;
	if (!a || !b || !semver_parse(a, &x) || !semver_parse(b, &y))
		return -1;
	for (int i = 0; i < 3; i++) {
		if (x.core[i] != y.core[i]) {
			*cmp = x.core[i] < y.core[i] ? -1 : 1;
			return 0;
		}
	}
	if (!x.pre || !y.pre)
		*cmp = x.pre == y.pre ? 0 : x.pre ? -1 : 1; /* a pre-release is lower */
	else
		*cmp = compare_pre(x.pre, x.pre_len, y.pre, y.pre_len);
	return 0;
}
