/* test_stream.c: the NDJSON splitter and the SSE reader under adversarial
 * chunkings: every single split point, every pair of split points, one byte
 * per read; reads ending inside UTF-8 characters and inside \u escapes; a
 * final line without "\n"; CRLF; lines at and past the ceiling. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stream.h"
#include "util.h"

struct collected {
	struct strbuf all; /* lines joined with '|' */
	int stop_after;    /* stop when this many lines were seen (0 = never) */
	int seen;
};

static int collect(void *ctx, const char *line, size_t len)
{
	struct collected *c = ctx;
	if (c->all.len)
		sb_add(&c->all, "|", 1);
	sb_add(&c->all, line, len);
	c->seen++;
	return c->stop_after && c->seen >= c->stop_after ? -1 : 0;
}

/* Feeds text in pieces cut at the given offsets and returns the joined lines. */
static char *split_feed(const char *text, size_t n, const size_t *cuts, size_t ncuts, size_t max,
                        int *rc_out)
{
	struct line_splitter s;
	line_splitter_init(&s, max);
	struct collected c = {STRBUF_INIT, 0, 0};
	sb_adds(&c.all, "");
	size_t at = 0;
	int rc = 0;
	char *err = NULL;
	for (size_t i = 0; i <= ncuts && rc == 0; i++) {
		size_t end = i < ncuts ? cuts[i] : n;
		rc = line_splitter_feed(&s, text + at, end - at, collect, &c, &err);
		at = end;
	}
	if (rc == 0)
		rc = line_splitter_finish(&s, collect, &c, &err);
	*rc_out = rc;
	free(err);
	line_splitter_free(&s);
	return sb_detach(&c.all);
}

static const char ndjson[] =
    "{\"message\":{\"content\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}}\n"
    "{\"message\":{\"content\":\"\\u003cthink\\u003e \\u0026\"}}\r\n"
    "\n"
    "{\"done\":true}";
static const char want[] =
    "{\"message\":{\"content\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}}|"
    "{\"message\":{\"content\":\"\\u003cthink\\u003e \\u0026\"}}|"
    "{\"done\":true}";

static void test_splits(void)
{
	size_t n = strlen(ndjson);
	int rc, bad = 0;
	for (size_t a = 0; a <= n; a++) {
		char *got = split_feed(ndjson, n, &a, 1, 1 << 20, &rc);
		bad += rc != 0 || strcmp(got, want) != 0;
		free(got);
		for (size_t b = a; b <= n; b += 3) {
			size_t cuts[2] = {a, b};
			got = split_feed(ndjson, n, cuts, 2, 1 << 20, &rc);
			bad += rc != 0 || strcmp(got, want) != 0;
			free(got);
		}
	}
	CHECK(bad == 0, "%d chunkings gave other lines", bad);
	size_t *every = xcalloc(n, sizeof *every);
	for (size_t i = 0; i < n; i++)
		every[i] = i;
	char *got = split_feed(ndjson, n, every, n, 1 << 20, &rc);
	CHECK(rc == 0 && !strcmp(got, want), "one byte per read: %s", got);
	free(got);
	free(every);
}

static void test_ceiling(void)
{
	int rc;
	/* exactly at the ceiling: fine, in place and across reads */
	char *got = split_feed("abcd\nef", 7, NULL, 0, 4, &rc);
	CHECK(rc == 0 && !strcmp(got, "abcd|ef"), "at ceiling: %s", got);
	free(got);
	size_t cut = 2;
	got = split_feed("abcd\nef", 7, &cut, 1, 4, &rc);
	CHECK(rc == 0 && !strcmp(got, "abcd|ef"), "at ceiling across reads: %s", got);
	free(got);
	/* past it: an error with a message, in place or buffered */
	struct line_splitter s;
	struct collected c = {STRBUF_INIT, 0, 0};
	char *err = NULL;
	line_splitter_init(&s, 4);
	CHECK(line_splitter_feed(&s, "abcde\n", 6, collect, &c, &err) < 0, "in place too long");
	CHECK_STR(err, "the server sent a line longer than 4 bytes", "message");
	free(err);
	err = NULL;
	CHECK(line_splitter_feed(&s, "abc", 3, collect, &c, &err) == 0, "partial ok");
	CHECK(line_splitter_feed(&s, "de", 2, collect, &c, &err) < 0, "buffered too long");
	free(err);
	line_splitter_free(&s);
	sb_free(&c.all);

	/* a callback that stops: -1 and no message */
	line_splitter_init(&s, 100);
	struct collected stop = {STRBUF_INIT, 1, 0};
	err = NULL;
	CHECK(line_splitter_feed(&s, "a\nb\nc\n", 6, collect, &stop, &err) < 0 && !err &&
	          stop.seen == 1,
	      "stop after one line");
	line_splitter_free(&s);
	sb_free(&stop.all);
}

/* ---- SSE ---- */

struct events {
	struct strbuf all;
};

static int on_event(void *ctx, const char *event, const char *data, size_t len)
{
	struct events *e = ctx;
	sb_addf(&e->all, "[%s]", event);
	sb_add(&e->all, data, len);
	sb_adds(&e->all, ";");
	return 0;
}

static const char sse[] = ": keep-alive comment\r\n"
                          "data: {\"a\":\"\xc3\xa9\"}\r\n\r\n"
                          "event: error\n"
                          "data: line one\n"
                          "data:line two\n"
                          "\n"
                          "retry: 100\n"
                          "data: {\"b\":1}\n\n"
                          "data: [DONE]\n\n";
static const char sse_want[] =
    "[message]{\"a\":\"\xc3\xa9\"};[error]line one\nline two;[message]{\"b\":1};";

static void test_sse(void)
{
	size_t n = strlen(sse);
	int bad = 0;
	for (size_t a = 0; a <= n; a++) {
		struct events e = {STRBUF_INIT};
		sb_adds(&e.all, "");
		struct sse_reader r;
		char *err = NULL;
		sse_reader_init(&r, 1 << 16, on_event, &e);
		int rc = sse_reader_feed(&r, sse, a, &err);
		rc |= sse_reader_feed(&r, sse + a, n - a, &err);
		rc |= sse_reader_finish(&r, &err);
		bad += rc != 0 || !r.done || strcmp(e.all.buf, sse_want) != 0;
		if (a == 0)
			CHECK_STR(e.all.buf, sse_want, "events");
		sse_reader_free(&r);
		sb_free(&e.all);
		free(err);
	}
	CHECK(bad == 0, "%d SSE chunkings differ", bad);

	/* the last event without a blank line is still dispatched at the end */
	struct events e = {STRBUF_INIT};
	sb_adds(&e.all, "");
	struct sse_reader r;
	sse_reader_init(&r, 64, on_event, &e);
	CHECK(sse_reader_feed(&r, "data: x", 7, NULL) == 0 && sse_reader_finish(&r, NULL) == 0,
	      "finish");
	CHECK_STR(e.all.buf, "[message]x;", "unterminated event");
	CHECK(!r.done, "no [DONE] seen");
	sse_reader_free(&r);
	sb_free(&e.all);

	/* an event past the ceiling */
	sse_reader_init(&r, 12, on_event, &e);
	char *err = NULL;
	CHECK(sse_reader_feed(&r, "data: 123456\ndata: 123456\n", 26, &err) < 0, "event too big");
	CHECK_STR(err, "the server sent an event larger than 12 bytes", "message");
	free(err);
	sse_reader_free(&r);
}

int main(void)
{
	test_splits();
	test_ceiling();
	test_sse();
	return check_done("stream");
}
