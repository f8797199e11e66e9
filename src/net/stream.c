/* stream.c: line splitting and SSE events over reads that end anywhere.
 * Lines that arrive whole inside one read are handed over in place; only a
 * line cut by the end of a read is copied, so a fast stream costs one pass. */
#include "stream.h"

#include <stdlib.h>
#include <string.h>

void line_splitter_init(struct line_splitter *s, size_t max)
{
	sb_init(&s->partial, max);
	s->max = max;
	s->lines = 0;
	s->keep_blank = false;
}

void line_splitter_free(struct line_splitter *s)
{
	sb_free(&s->partial);
}

static int deliver(struct line_splitter *s, const char *line, size_t len, line_fn fn, void *ctx)
{
	if (len && line[len - 1] == '\r')
		len--;
	if (!len && !s->keep_blank)
		return 0;
	s->lines++;
	return fn(ctx, line, len);
}

static int too_long(struct line_splitter *s, char **err)
{
	sb_reset(&s->partial);
	return set_err(err, "the server sent a line longer than %zu bytes", s->max);
}

int line_splitter_feed(struct line_splitter *s, const char *data, size_t n, line_fn fn, void *ctx,
                       char **err)
{
	while (n) {
		const char *nl = memchr(data, '\n', n);
		if (!nl) {
			if (sb_add(&s->partial, data, n) < 0)
				return too_long(s, err);
			return 0;
		}
		size_t len = (size_t)(nl - data);
		int rc;
		if (s->partial.len) {
			if (sb_add(&s->partial, data, len) < 0)
				return too_long(s, err);
			rc = deliver(s, s->partial.buf, s->partial.len, fn, ctx);
			sb_reset(&s->partial);
		} else if (len > s->max) {
			return too_long(s, err);
		} else {
			rc = deliver(s, data, len, fn, ctx); /* in place, no copy */
		}
		if (rc < 0)
			return -1;
		data = nl + 1;
		n -= len + 1;
	}
	return 0;
}

int line_splitter_finish(struct line_splitter *s, line_fn fn, void *ctx, char **err)
{
	(void)err;
	if (!s->partial.len)
		return 0;
	int rc = deliver(s, s->partial.buf, s->partial.len, fn, ctx);
	sb_reset(&s->partial);
	return rc;
}

/* ---- SSE ---------------------------------------------------------------- */

static int sse_dispatch(struct sse_reader *r)
{
	int rc = 0;
	if (r->has_data) {
		if (!strcmp(r->data.buf, "[DONE]"))
			r->done = true;
		else
			rc = r->fn(r->ctx, r->event.len ? r->event.buf : "message", r->data.buf,
			           r->data.len);
	}
	sb_reset(&r->data);
	sb_reset(&r->event);
	r->has_data = false;
	return rc;
}

static int sse_line(void *ctx, const char *line, size_t len)
{
	struct sse_reader *r = ctx;
	if (!len)
		return sse_dispatch(r);
	if (line[0] == ':')
		return 0; /* comment */
	const char *colon = memchr(line, ':', len);
	size_t name_len = colon ? (size_t)(colon - line) : len;
	const char *value = colon ? colon + 1 : line + len;
	if (value < line + len && *value == ' ')
		value++;
	size_t value_len = (size_t)(line + len - value);
	if (name_len == 4 && !memcmp(line, "data", 4)) {
		if ((r->has_data && sb_add(&r->data, "\n", 1) < 0) ||
		    sb_add(&r->data, value, value_len) < 0) {
			r->overflow = true;
			return -1;
		}
		r->has_data = true;
	} else if (name_len == 5 && !memcmp(line, "event", 5)) {
		sb_reset(&r->event);
		if (sb_add(&r->event, value, value_len) < 0) {
			r->overflow = true;
			return -1;
		}
	}
	return 0;
}

void sse_reader_init(struct sse_reader *r, size_t max, event_fn fn, void *ctx)
{
	memset(r, 0, sizeof *r);
	line_splitter_init(&r->lines, max);
	r->lines.keep_blank = true;
	sb_init(&r->data, max);
	sb_add(&r->data, "", 0);
	sb_init(&r->event, 256);
	sb_add(&r->event, "", 0);
	r->fn = fn;
	r->ctx = ctx;
}

void sse_reader_free(struct sse_reader *r)
{
	line_splitter_free(&r->lines);
	sb_free(&r->data);
	sb_free(&r->event);
}

int sse_reader_feed(struct sse_reader *r, const char *data, size_t n, char **err)
{
	int rc = line_splitter_feed(&r->lines, data, n, sse_line, r, err);
	if (rc < 0 && r->overflow)
		set_err(err, "the server sent an event larger than %zu bytes", r->lines.max);
	return rc;
}

int sse_reader_finish(struct sse_reader *r, char **err)
{
	if (line_splitter_finish(&r->lines, sse_line, r, err) < 0) {
		if (r->overflow)
			set_err(err, "the server sent an event larger than %zu bytes",
			        r->lines.max);
		return -1;
	}
	return sse_dispatch(r);
}
