/* chat_input.c: what `loco chat` reads: a line edited with libedit on a
 * terminal, or read as it comes on a pipe; """ blocks; input that cannot be
 * sent (too long, a NUL, not UTF-8) refused with its line number on a pipe. */
#define _GNU_SOURCE
#include "chat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "text.h"

/* Input the user cannot see refused on a pipe makes the exit status 1. */
static void refuse(struct chat *c, const char *fmt, ...) LOCO_PRINTF(2, 3);
static void refuse(struct chat *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (c->le)
		loco_error("%s", msg);
	else
		loco_error("line %ld: %s", c->line_no, msg);
	free(msg);
	if (!c->interactive)
		c->failed = true;
}

static enum input read_terminal_line(struct chat *c, struct strbuf *out, bool continuation)
{
	char prompt[96];
	if (continuation)
		snprintf(prompt, sizeof prompt, "... ");
	else
		snprintf(prompt, sizeof prompt, "%s> ", chat_prompt_label(c));
	lineedit_set_prompt(c->le, prompt);
	const char *line;
	size_t len;
	bool had_text;
	switch (lineedit_read(c->le, &line, &len, &had_text)) {
	case LINE_OK:
		if (sb_add(out, line, len) < 0) {
			refuse(c, "a message is limited to %u MiB; it was not sent",
			       INPUT_MAX >> 20);
			return INPUT_TOO_LONG;
		}
		return INPUT_TEXT;
	case LINE_INTERRUPTED:
		fputc('\n', stderr);
		return had_text || continuation ? INPUT_SKIP : INPUT_LEAVE;
	case LINE_EOF:
		fputc('\n', stderr);
		return INPUT_LEAVE;
	}
	return INPUT_LEAVE;
}

/* Text that goes into JSON and to the model must be UTF-8 without NULs. */
static bool check_text(struct chat *c, const struct strbuf *line)
{
	if (memchr(line->buf, '\0', line->len)) {
		refuse(c, "the line holds a NUL byte; it was not sent");
		return false;
	}
	if (!text_valid_utf8(line->buf, line->len)) {
		refuse(c, "the line is not valid UTF-8; it was not sent");
		return false;
	}
	return true;
}

/* One line from the terminal or the pipe (without its newline). */
static enum input read_line(struct chat *c, struct strbuf *out, bool continuation)
{
	sb_reset(out);
	c->line_no++;
	if (c->le)
		return read_terminal_line(c, out, continuation);
	int ch;
	bool too_long = false;
	errno = 0;
	while ((ch = getchar()) != EOF && ch != '\n') {
		char b = (char)ch;
		if (!too_long && sb_add(out, &b, 1) < 0)
			too_long = true; /* read the rest of the line away */
	}
	if (ch == EOF && ferror(stdin) && errno == EINTR) {
		c->interrupted = true; /* Ctrl-C while waiting for input */
		return INPUT_LEAVE;
	}
	if (too_long) {
		refuse(c, "a message is limited to %u MiB; it was not sent", INPUT_MAX >> 20);
		return INPUT_TOO_LONG;
	}
	if (ch == EOF && !out->len)
		return INPUT_LEAVE;
	if (out->len && out->buf[out->len - 1] == '\r')
		out->buf[--out->len] = '\0';
	return check_text(c, out) ? INPUT_TEXT : INPUT_SKIP;
}

static void lineedit_remember_or_warn(struct chat *c, const char *line)
{
	char *err = NULL;
	if (lineedit_remember(c->le, line, &err) < 0) {
		loco_warn("line history is not saved: %s", err);
		free(err);
	}
}

static bool opens_block(const char *line, size_t len)
{
	return len >= 3 && !memcmp(line, "\"\"\"", 3);
}

/* Only a line that is """ (blanks around it allowed) closes a block, so a
 * pasted Python docstring ending in """ stays inside. */
static bool closes_block(const char *line, size_t len)
{
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	size_t lead = strspn(line, " \t");
	return len >= lead + 3 && len - lead == 3 && !memcmp(line + lead, "\"\"\"", 3);
}

/* The rest of a block after a refused line: read up to its closing fence. */
static enum input drop_block(struct chat *c, struct strbuf *line)
{
	for (;;) {
		enum input r = read_line(c, line, true);
		if (r == INPUT_LEAVE)
			return INPUT_LEAVE;
		if (r == INPUT_TEXT && closes_block(line->buf, line->len))
			return INPUT_SKIP;
	}
}

/* The lines after an opening fence, up to the closing one. */
static enum input read_block(struct chat *c, struct strbuf *line, struct strbuf *msg)
{
	/* """text on the opening line; """text""" is a block of one line */
	const char *first = line->buf + 3;
	size_t flen = line->len - 3;
	if (flen >= 3 && !memcmp(first + flen - 3, "\"\"\"", 3)) {
		sb_add(msg, first, flen - 3);
		return INPUT_BLOCK;
	}
	sb_add(msg, first, flen);
	for (;;) {
		enum input r = read_line(c, line, true);
		if (r == INPUT_LEAVE) {
			if (!c->interrupted)
				refuse(
				    c,
				    "input ended inside a \"\"\" block; that message was not sent");
			return INPUT_LEAVE;
		}
		if (r == INPUT_TOO_LONG || (r == INPUT_SKIP && !c->le))
			return drop_block(c, line); /* a refused line spoils the whole block */
		if (r == INPUT_SKIP)
			return INPUT_SKIP; /* Ctrl-C: the block is dropped */
		if (c->le)
			lineedit_remember_or_warn(c, line->buf);
		if (closes_block(line->buf, line->len))
			return INPUT_BLOCK;
		if (sb_add(msg, "\n", msg->len ? 1 : 0) < 0 ||
		    sb_add(msg, line->buf, line->len) < 0) {
			refuse(c, "a message is limited to %u MiB; it was not sent",
			       INPUT_MAX >> 20);
			return drop_block(c, line);
		}
	}
}

/* A message: one line, or the lines between two """ fences. */
enum input chat_read_message(struct chat *c, struct strbuf *msg)
{
	struct strbuf line;
	sb_init(&line, INPUT_MAX);
	sb_reset(msg);
	enum input r = read_line(c, &line, false);
	if (r == INPUT_TEXT && c->le)
		lineedit_remember_or_warn(c, line.buf);
	if (r == INPUT_TEXT && opens_block(line.buf, line.len))
		r = read_block(c, &line, msg); /* never a command, whatever it starts with */
	else if (r == INPUT_TEXT)
		sb_add(msg, line.buf, line.len);
	sb_free(&line);
	return r == INPUT_TOO_LONG ? INPUT_SKIP : r;
}
