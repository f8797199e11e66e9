/* lines.h: reading loco's own line-based text files (the classifier's and
 * the embedding router's model files) one line at a time, with errors that
 * say "label:line:column: what was expected". The text is not copied: the
 * current line points into it, without its LF, and need not end with a NUL.
 * Splitting a line into fields is the caller's. */
#ifndef LOCO_LINES_H
#define LOCO_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct line_reader {
	const char *label; /* names the text in errors */
	const char *text;
	size_t len, at; /* at: where the next line starts */
	int line;       /* the current line's number, from 1; 0 before the first */
	const char *l;  /* the current line, without its LF */
	size_t ll;
	char **err;
};

void line_reader_init(struct line_reader *r, const char *label, const char *text, size_t len,
                      char **err);
/* The next line into r->l and r->ll; false at the end of the text (a last
 * line without an LF is a line; nothing after a final LF is not). */
bool line_next(struct line_reader *r);
/* The next n bytes as the current line, when the caller found its end
 * itself: text[at + n] must be the LF or the end of the text. */
void line_take(struct line_reader *r, size_t n);
/* Sets *r->err to "label:LINE:COL: message" (COL is col + 1; line 1 before
 * the first line) and returns -1. */
int line_err(struct line_reader *r, size_t col, const char *fmt, ...) LOCO_PRINTF(3, 4);
int line_verr(struct line_reader *r, size_t col, const char *fmt, va_list ap) LOCO_PRINTF(3, 0);

#endif
