/* fuzz_since.c: libFuzzer target for what `loco logs` parses from its
 * command line: --since (a duration or a date) and --search (words quoted
 * for FTS5). Whatever the text, --since either gives a time no later than
 * now and at most 100 years back (a duration) or a time from 1970 on (a
 * date, give or take a local offset), or an
 * error that names a column inside the text; the search query is NULL
 * only for text without words, and is otherwise a run of quoted strings
 * whose quotes balance. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "logs.h"
#include "util.h"

#define NOW ((int64_t)1764700000000)

static void check_since(const char *text, size_t n)
{
	int64_t ms = 0;
	char *err = NULL;
	if (logs_parse_since(text, NOW, &ms, &err) == 0) {
		bool date = n >= 5 && text[4] == '-';
		if (err || (date && ms < -86400000LL * 2) || (!date && ms > NOW) ||
		    (!date && ms < NOW - (int64_t)100 * 366 * 86400 * 1000))
			abort();
		return;
	}
	/* "'TEXT': column N: ...", N within the text (or just past its end) */
	if (!err || err[0] != '\'' || strncmp(err + 1, text, n) || strncmp(err + 1 + n, "': ", 3))
		abort();
	const char *col = err + n + 4;
	if (n && (strncmp(col, "column ", 7) || atol(col + 7) < 1 || (size_t)atol(col + 7) > n + 1))
		abort();
	free(err);
}

static void check_search(const char *text)
{
	char *q = logs_fts_query(text);
	bool words = text[strspn(text, " \t\r\n\f\v")] != '\0';
	if (!q != !words)
		abort();
	if (q) {
		size_t quotes = 0;
		for (const char *p = q; *p; p++)
			quotes += *p == '"';
		if (q[0] != '"' || q[strlen(q) - 1] != '"' || quotes % 2)
			abort();
	}
	free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	size_t n = strlen(text); /* the command line cannot hold a NUL */
	check_since(text, n);
	check_search(text);
	free(text);
	return 0;
}
