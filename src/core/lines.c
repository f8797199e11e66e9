/* lines.c: loco's own text files a line at a time (see lines.h). */
#include "lines.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void line_reader_init(struct line_reader *r, const char *label, const char *text, size_t len,
                      char **err)
{
	*r = (struct line_reader){.label = label, .text = text, .len = len, .err = err};
}

bool line_next(struct line_reader *r)
{
	if (r->at >= r->len)
		return false;
	const char *nl = memchr(r->text + r->at, '\n', r->len - r->at);
	line_take(r, nl ? (size_t)(nl - (r->text + r->at)) : r->len - r->at);
	return true;
}

void line_take(struct line_reader *r, size_t n)
{
	r->l = r->text + r->at;
	r->ll = n;
	r->at += n + (r->at + n < r->len);
	r->line++;
}

int line_verr(struct line_reader *r, size_t col, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	set_err(r->err, "%s:%d:%zu: %s", r->label, r->line ? r->line : 1, col + 1, msg);
	free(msg);
	return -1;
}

int line_err(struct line_reader *r, size_t col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line_verr(r, col, fmt, ap);
	va_end(ap);
	return -1;
}
