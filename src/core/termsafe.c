/* termsafe.c: control characters in untrusted text made visible, byte by
 * byte, so a stream cut anywhere filters exactly like the whole (termsafe.h). */
#include "termsafe.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

void termsafe_init(struct termsafe *t)
{
	memset(t, 0, sizeof *t);
}

/* Bytes that pass as they are, in bulk. */
static bool plain(unsigned char c)
{
	return c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f);
}

/* The length of the UTF-8 character a lead byte starts, 0 when none can. */
static size_t utf8_length(unsigned char c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* Whether c may follow held[0..n): after E0, ED, F0 and F4 the second byte
 * has a narrower range (no overlong forms, surrogates or code points past
 * U+10FFFF), as text_utf8_sequence() checks. */
static bool continues(const unsigned char *held, size_t n, unsigned char c)
{
	if (c < 0x80 || c > 0xBF)
		return false;
	if (n != 1)
		return true;
	switch (held[0]) {
	case 0xE0:
		return c >= 0xA0;
	case 0xED:
		return c <= 0x9F;
	case 0xF0:
		return c >= 0x90;
	case 0xF4:
		return c <= 0x8F;
	default:
		return true;
	}
}

static void caret(struct strbuf *out, unsigned char c)
{
	char s[2] = {'^', c == 0x7f ? '?' : (char)(c + 0x40)};
	sb_add(out, s, 2);
}

/* A whole character: C1 controls (C2 80..C2 9F) are named, not sent. */
static void put_char(struct strbuf *out, const unsigned char *s, size_t n)
{
	if (n == 2 && s[0] == 0xC2 && s[1] <= 0x9F)
		sb_addf(out, "<U+%04X>", (unsigned)s[1]);
	else
		sb_add(out, s, n);
}

static void hold(struct termsafe *t, unsigned char c, size_t need)
{
	t->held[0] = c;
	t->n_held = 1;
	t->need = need;
}

static void feed_byte(struct termsafe *t, unsigned char c, struct strbuf *out)
{
	if (t->n_held && t->held[0] == '\r') {
		t->n_held = 0;
		if (c == '\n') {
			sb_add(out, "\n", 1);
			return;
		}
		sb_add(out, "^M", 2);
	} else if (t->n_held) {
		if (continues(t->held, t->n_held, c)) {
			t->held[t->n_held++] = c;
			if (t->n_held == t->need) {
				put_char(out, t->held, t->n_held);
				t->n_held = 0;
			}
			return;
		}
		/* one U+FFFD for the started character, then c on its own */
		sb_add(out, REPLACEMENT, 3);
		t->n_held = 0;
	}
	size_t need;
	if (c == '\r')
		hold(t, c, 1); /* "\r\n" is a line end; anything else makes it visible */
	else if (plain(c))
		sb_add(out, &c, 1);
	else if (c < 0x80)
		caret(out, c);
	else if ((need = utf8_length(c)))
		hold(t, c, need);
	else
		sb_add(out, REPLACEMENT, 3);
}

void termsafe_feed(struct termsafe *t, const char *text, size_t n, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (!t->n_held && run < n && plain(s[run]))
			run++;
		if (run > i) {
			sb_add(out, s + i, run - i);
			i = run;
			continue;
		}
		feed_byte(t, s[i++], out);
	}
}

void termsafe_finish(struct termsafe *t, struct strbuf *out)
{
	if (t->n_held && t->held[0] == '\r')
		sb_add(out, "^M", 2);
	else if (t->n_held)
		sb_add(out, REPLACEMENT, 3);
	termsafe_init(t);
}

bool termsafe_is_safe(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (plain(u[i])) {
			i++;
			continue;
		}
		size_t len = text_utf8_sequence(u + i, n - i);
		if (len < 2 || (len == 2 && u[i] == 0xC2 && u[i + 1] <= 0x9F))
			return false;
		i += len;
	}
	return true;
}

char *termsafe_text(const char *s, size_t n)
{
	struct termsafe t;
	struct strbuf out = STRBUF_INIT;
	termsafe_init(&t);
	sb_add(&out, "", 0);
	termsafe_feed(&t, s, n, &out);
	termsafe_finish(&t, &out);
	return sb_detach(&out);
}

void termsafe_pool_init(struct termsafe_pool *p, bool on)
{
	memset(p, 0, sizeof *p);
	p->on = on;
}

const char *termsafe_str(struct termsafe_pool *p, const char *s)
{
	if (!s || !p->on || termsafe_is_safe(s, strlen(s)))
		return s;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->copies = xrealloc(p->copies, p->cap * sizeof *p->copies);
	}
	p->copies[p->n] = termsafe_text(s, strlen(s));
	return p->copies[p->n++];
}

void termsafe_pool_free(struct termsafe_pool *p)
{
	free_string_list(p->copies, p->n);
	memset(p, 0, sizeof *p);
}
