/* think.c: a two-state scanner for <think> blocks. At the end of each feed,
 * a tail that could still grow into the tag being looked for is held back, so
 * "<thi" + "nk>" in two chunks is still recognised. */
#include "think.h"

#include <string.h>

static const char open_tag[] = "<think>", close_tag[] = "</think>";

void think_filter_init(struct think_filter *f)
{
	f->inside = false;
	f->trim_next = false;
	sb_init(&f->hold, sizeof close_tag); /* a proper prefix of a tag */
}

void think_filter_free(struct think_filter *f)
{
	sb_free(&f->hold);
}

/* Length of the longest tail of s[0..n) that is a proper prefix of tag. */
static size_t partial_tag(const char *s, size_t n, const char *tag)
{
	size_t tl = strlen(tag);
	for (size_t k = tl - 1; k > 0; k--)
		if (k <= n && !memcmp(s + n - k, tag, k))
			return k;
	return 0;
}

static void emit(struct think_filter *f, const char *s, size_t n, struct strbuf *answer,
                 struct strbuf *thinking)
{
	if (f->inside) {
		sb_add_text(thinking, s, n, LOCO_TEXT_CUT_NOTE);
		return;
	}
	if (f->trim_next) {
		while (n && (*s == '\n' || *s == ' ' || *s == '\r' || *s == '\t'))
			s++, n--;
		if (n)
			f->trim_next = false;
	}
	sb_add_text(answer, s, n, LOCO_TEXT_CUT_NOTE);
}

static const char *find(const char *s, size_t n, const char *tag)
{
	size_t tl = strlen(tag);
	for (const char *p = s; p + tl <= s + n; p++) {
		p = memchr(p, '<', (size_t)(s + n - p));
		if (!p || p + tl > s + n)
			return NULL;
		if (!memcmp(p, tag, tl))
			return p;
	}
	return NULL;
}

void think_filter_feed(struct think_filter *f, const char *s, size_t n, struct strbuf *answer,
                       struct strbuf *thinking)
{
	struct strbuf work = STRBUF_INIT; /* no ceiling: the piece s and a held tag prefix */
	if (f->hold.len) {
		sb_add(&work, f->hold.buf, f->hold.len);
		sb_add(&work, s, n);
		sb_reset(&f->hold);
		s = work.buf;
		n = work.len;
	}
	while (n) {
		const char *tag = f->inside ? close_tag : open_tag;
		const char *at = find(s, n, tag);
		if (!at) {
			size_t keep = partial_tag(s, n, tag);
			emit(f, s, n - keep, answer, thinking);
			sb_add(&f->hold, s + n - keep, keep);
			break;
		}
		emit(f, s, (size_t)(at - s), answer, thinking);
		size_t skip = (size_t)(at - s) + strlen(tag);
		f->inside = !f->inside;
		if (!f->inside)
			f->trim_next = true;
		s += skip;
		n -= skip;
	}
	sb_free(&work);
}

void think_filter_finish(struct think_filter *f, struct strbuf *answer, struct strbuf *thinking)
{
	if (f->hold.len)
		emit(f, f->hold.buf, f->hold.len, answer, thinking);
	sb_reset(&f->hold);
}
