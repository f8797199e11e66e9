/* stream.h: turning the bytes of a response body, as they arrive in reads
 * that can end anywhere, into lines (NDJSON, Ollama) or events (SSE, the
 * OpenAI-compatible servers).
 *
 * A splitter owns its partial-line buffer, which has a ceiling: a line longer
 * than max is an error, not a memory exhaustion. Lines handed to callbacks
 * are borrowed and valid only during the call.
 */
#ifndef LOCO_STREAM_H
#define LOCO_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Called per complete line (without "\n" or a trailing "\r"; blank lines are
 * skipped). The line is NOT NUL-terminated: use len. Return 0 to go on, -1 to
 * stop (the feed then returns -1 with no message of its own). */
typedef int (*line_fn)(void *ctx, const char *line, size_t len);

struct line_splitter {
	struct strbuf partial;
	size_t max;
	size_t lines;    /* complete lines delivered so far */
	bool keep_blank; /* deliver blank lines too (SSE needs them) */
};

void line_splitter_init(struct line_splitter *s, size_t max);
void line_splitter_free(struct line_splitter *s);
int line_splitter_feed(struct line_splitter *s, const char *data, size_t n, line_fn fn, void *ctx,
                       char **err);
/* End of stream: a last line without "\n" is still a line. */
int line_splitter_finish(struct line_splitter *s, line_fn fn, void *ctx, char **err);

/* Server-sent events: "data:" lines joined by "\n", dispatched at a blank
 * line (or at the end of the stream). `event:` names are kept; comments and
 * other fields are ignored. data "[DONE]" sets done and is not dispatched. */
typedef int (*event_fn)(void *ctx, const char *event, const char *data, size_t len);

struct sse_reader {
	struct line_splitter lines;
	struct strbuf data, event;
	bool has_data;
	bool done;
	bool overflow;
	event_fn fn;
	void *ctx;
};

void sse_reader_init(struct sse_reader *r, size_t max, event_fn fn, void *ctx);
void sse_reader_free(struct sse_reader *r);
int sse_reader_feed(struct sse_reader *r, const char *data, size_t n, char **err);
int sse_reader_finish(struct sse_reader *r, char **err);

#endif
