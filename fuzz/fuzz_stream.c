/* fuzz_stream.c: libFuzzer target for the stream readers (NDJSON lines, SSE
 * events) and the <think> filter. Invariant: cutting the input into reads at
 * any points gives exactly what one read gives. The first two bytes choose
 * the cut points; the rest is the stream. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stream.h"
#include "think.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int collect(void *ctx, const char *line, size_t len)
{
	struct strbuf *sb = ctx;
	sb_add(sb, line, len);
	sb_add(sb, "\n", 1);
	return 0;
}

static int on_event(void *ctx, const char *event, const char *d, size_t len)
{
	struct strbuf *sb = ctx;
	sb_adds(sb, event);
	sb_add(sb, ":", 1);
	sb_add(sb, d, len);
	sb_add(sb, "\n", 1);
	return 0;
}

/* Everything the readers make of text fed in reads cut at a and b. */
static void run(const char *text, size_t n, size_t a, size_t b, struct strbuf *out)
{
	size_t cuts[3] = {a, b, n};
	struct line_splitter ls;
	struct sse_reader sse;
	struct think_filter tf;
	struct strbuf lines = STRBUF_INIT, events = STRBUF_INIT, ans = STRBUF_INIT,
	              th = STRBUF_INIT;
	line_splitter_init(&ls, 4096);
	sse_reader_init(&sse, 4096, on_event, &events);
	think_filter_init(&tf);
	int lrc = 0, src = 0;
	for (size_t i = 0, at = 0; i < 3; at = cuts[i++]) {
		if (lrc == 0)
			lrc =
			    line_splitter_feed(&ls, text + at, cuts[i] - at, collect, &lines, NULL);
		if (src == 0)
			src = sse_reader_feed(&sse, text + at, cuts[i] - at, NULL);
		think_filter_feed(&tf, text + at, cuts[i] - at, &ans, &th);
	}
	if (lrc == 0)
		lrc = line_splitter_finish(&ls, collect, &lines, NULL);
	if (src == 0)
		src = sse_reader_finish(&sse, NULL);
	think_filter_finish(&tf, &ans, &th);
	sb_addf(out, "%d|%d|%d|", lrc, src, sse.done);
	sb_add(out, lines.buf, lines.len);
	sb_adds(out, "|");
	sb_add(out, events.buf, events.len);
	sb_adds(out, "|");
	sb_add(out, ans.buf, ans.len);
	sb_adds(out, "|");
	sb_add(out, th.buf, th.len);
	line_splitter_free(&ls);
	sse_reader_free(&sse);
	think_filter_free(&tf);
	sb_free(&lines);
	sb_free(&events);
	sb_free(&ans);
	sb_free(&th);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	const char *text = (const char *)data + 2;
	size_t n = size - 2;
	size_t a = n ? data[0] % (n + 1) : 0, b = n ? data[1] % (n + 1) : 0;
	if (a > b) {
		size_t t = a;
		a = b;
		b = t;
	}
	struct strbuf whole = STRBUF_INIT, cut = STRBUF_INIT;
	run(text, n, n, n, &whole);
	run(text, n, a, b, &cut);
	/* A line past the ceiling fails either way, but may fail after a
	 * different number of lines; compare only streams that were accepted. */
	if (whole.len && whole.buf[0] == '0' &&
	    (whole.len != cut.len || memcmp(whole.buf, cut.buf, whole.len)))
		abort();
	sb_free(&whole);
	sb_free(&cut);
	return 0;
}
