/* test_lines.c: the line reader of loco's own text files (lines.h): lines
 * with and without a last LF, empty lines, line numbers, line_take(), and
 * errors as "label:line:column: message". */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lines.h"
#include "util.h"

/* The lines of text joined by '|', read with line_next(). */
static char *lines_of(const char *text, size_t len, int *count)
{
	struct line_reader r;
	line_reader_init(&r, "t", text, len, NULL);
	struct strbuf sb = STRBUF_INIT;
	while (line_next(&r)) {
		sb_add(&sb, r.l, r.ll);
		sb_adds(&sb, "|");
		CHECK(r.l >= text && r.l + r.ll <= text + len, "a line outside the text");
	}
	*count = r.line;
	return sb_detach(&sb);
}

static void test_next(void)
{
	static const struct {
		const char *text, *want;
		int lines;
	} cases[] = {
	    {"", "", 0},
	    {"\n", "|", 1},
	    {"a", "a|", 1},
	    {"a\n", "a|", 1},
	    {"a\nb", "a|b|", 2},
	    {"a\n\nb\n", "a||b|", 3},
	    {"\n\n", "||", 2},
	    {"a\tb\r\nc", "a\tb\r|c|", 2}, /* a CR stays: the callers refuse it */
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		int n;
		char *got = lines_of(cases[i].text, strlen(cases[i].text), &n);
		CHECK(!strcmp(got, cases[i].want) && n == cases[i].lines,
		      "'%s': got '%s' in %d lines, want '%s' in %d", cases[i].text, got, n,
		      cases[i].want, cases[i].lines);
		free(got);
	}
	/* A text not ending in a NUL: the reader stops at len. */
	int n;
	char *got = lines_of("ab\ncdXYZ", 5, &n);
	CHECK(!strcmp(got, "ab|cd|") && n == 2, "bounded by len: '%s'", got);
	free(got);
}

static void test_take(void)
{
	const char *text = "f 1 2\nrest\nlast";
	struct line_reader r;
	line_reader_init(&r, "t", text, strlen(text), NULL);
	line_take(&r, 5);
	CHECK(r.line == 1 && r.ll == 5 && r.at == 6, "take: line %d, %zu bytes, next at %zu",
	      r.line, r.ll, r.at);
	CHECK(line_next(&r) && r.ll == 4 && !memcmp(r.l, "rest", 4), "the line after a take");
	line_take(&r, 4); /* the last line, no LF */
	CHECK(r.line == 3 && r.at == r.len && !line_next(&r), "take at the end");
}

static void test_err(void)
{
	char *err = NULL;
	struct line_reader r;
	line_reader_init(&r, "m.model", "a\nbc", 4, &err);
	CHECK(line_err(&r, 0, "nothing read yet") == -1, "returns -1");
	CHECK_STR(err, "m.model:1:1: nothing read yet", "before the first line");
	free(err);
	err = NULL;
	line_next(&r);
	line_next(&r);
	line_err(&r, 1, "expected %s, found '%c'", "a digit", r.l[1]);
	CHECK_STR(err, "m.model:2:2: expected a digit, found 'c'", "line 2 column 2");
	free(err);
	line_reader_init(&r, "x", "", 0, NULL);
	CHECK(line_err(&r, 0, "no err to set") == -1, "a NULL err");
}

int main(void)
{
	test_next();
	test_take();
	test_err();
	return check_done("lines");
}
