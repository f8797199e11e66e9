/* examples.h: router examples, the short questions a router learns from and
 * is scored on (issue 17 item 2; the format is in docs/routing.md).
 *
 * A file is JSONL: one object per line, blank lines skipped, a byte order
 * mark on line 1 and CRLF endings allowed. Keys:
 *   question  required: a non-empty string of at most EXAMPLES_QUESTION_MAX
 *             bytes, the question as a user would type it;
 *   topic     optional: what it is about, lowercase letters, digits and '-'
 *             (at most 32), e.g. "travel"; a registry adapter can claim a
 *             base example's topic (docs/routing.md);
 *   adapter   the adapter it belongs to, or "base": required in a labelled
 *             file (a held-out set), refused in an adapter's own
 *             router_examples.jsonl, whose folder already says it.
 * Any other key, a repeated key, a wrong type, or a question that repeats an
 * earlier line once normalized (overlap_normalize()) stops the load with
 * "<path>:<line>:<column>: <what is wrong and what was expected>", the
 * column (1-based, in bytes) pointing at the key or value at fault. A file
 * without any example is an error too.
 *
 * Everything returned is the caller's (examples_free()).
 */
#ifndef LOCO_EXAMPLES_H
#define LOCO_EXAMPLES_H

#include <stdbool.h>
#include <stddef.h>

#define EXAMPLES_QUESTION_MAX 4096
#define EXAMPLES_TOPIC_MAX    32
#define EXAMPLES_FILE_MAX     (64u << 20)

struct example {
	int line;
	char *question;
	char *topic;   /* NULL when the line has none */
	char *adapter; /* labelled files only; "base" or an adapter name */
};

struct examples {
	char *path;
	struct example *items;
	size_t n;
};

/* Loads path; labelled: every line must say its adapter. Returns 0, or -1
 * with *err (and out empty). */
int examples_load(struct examples *out, const char *path, bool labelled, char **err);
void examples_free(struct examples *e);

#endif
