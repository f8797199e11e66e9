/* think.h: separating inline <think>...</think> blocks (older servers, merged
 * GGUFs) from the answer, even when a tag is cut across stream chunks.
 * The filter owns the few bytes it holds back; output goes to the caller's
 * buffers. */
#ifndef LOCO_THINK_H
#define LOCO_THINK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct think_filter {
	bool inside;        /* between <think> and </think> */
	bool trim_next;     /* drop blank space that follows a closed block */
	struct strbuf hold; /* a possible partial tag at the end of the last feed */
};

void think_filter_init(struct think_filter *f);
void think_filter_free(struct think_filter *f);
/* Appends the visible part of s to answer and the thinking part to thinking. */
void think_filter_feed(struct think_filter *f, const char *s, size_t n, struct strbuf *answer,
                       struct strbuf *thinking);
/* End of the stream: held-back bytes that never became a tag are text again. */
void think_filter_finish(struct think_filter *f, struct strbuf *answer, struct strbuf *thinking);

#endif
