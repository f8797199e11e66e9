/* text.c: case folding and UTF-8 decoding. Folding uses towlower_l() in the
 * C.UTF-8 locale (glibc's Unicode tables), loaded only when text is not pure
 * ASCII; without that locale, non-ASCII letters are left as they are. */
#define _GNU_SOURCE
#include "text.h"

#include <locale.h>
#include <string.h>
#include <wctype.h>

static locale_t utf8_locale(void)
{
	static locale_t loc;
	static bool tried;
	if (!tried) {
		tried = true;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

/* Decodes one UTF-8 sequence (already known to be valid) at s. */
uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *used)
{
	if (s[0] < 0x80 || n < 2) {
		*used = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*used = 2;
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if ((s[0] & 0xf0) == 0xe0 && n >= 3) {
		*used = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) |
		       (s[2] & 0x3f);
	}
	if (n >= 4) {
		*used = 4;
		return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
		       ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	}
	*used = 1;
	return s[0];
}

static void utf8_put(struct strbuf *sb, uint32_t c)
{
	unsigned char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (unsigned char)c, n = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xc0 | (c >> 6)), b[1] = (unsigned char)(0x80 | (c & 0x3f)),
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (c >> 12));
		b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (c & 0x3f)), n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | (c >> 18));
		b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		b[3] = (unsigned char)(0x80 | (c & 0x3f)), n = 4;
	}
	sb_add(sb, b, n);
}

/* Appends the lower-case form of word s[0..n) to sb. */
void text_fold(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!has_high_bytes(s, n)) {
		char *out = sb_extend(sb, n);
		for (size_t i = 0; i < n; i++)
			out[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]);
		return;
	}
	locale_t loc = utf8_locale();
	for (size_t i = 0; i < n;) {
		size_t used;
		uint32_t c = utf8_decode(p + i, n - i, &used);
		utf8_put(sb, loc ? (uint32_t)towlower_l((wint_t)c, loc) : c);
		i += used;
	}
}

bool has_high_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

bool text_is_space(uint32_t c)
{
	if (c < 0x80)
		return c && strchr(" \t\n\r\v\f", (int)c);
	locale_t loc = utf8_locale();
	return loc && iswspace_l((wint_t)c, loc);
}

bool text_is_alnum(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	locale_t loc = utf8_locale();
	return !loc || iswalnum_l((wint_t)c, loc); /* no tables: count every letter-ish byte */
}

/* Length of the valid UTF-8 sequence at s, or 0: overlong forms, surrogates
 * and code points past U+10FFFF are invalid. */
size_t text_utf8_sequence(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t len;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

bool text_valid_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0, n; i < len; i += n)
		if (!(n = text_utf8_sequence(s + i, len - i)))
			return false;
	return true;
}
