#define _GNU_SOURCE
/* fuzz_number.c: libFuzzer target for number.h. Any bytes: a canonical
 * text reads back as itself and equals itself, equality is symmetric, and
 * number words report a length inside the input. The input also goes
 * through the numeric extractor and answer_normalize, which use them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "number.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	size_t n = strlen(s); /* the text functions take C strings */
	char *c = number_canonical(s, n);
	if (c) {
		char *again = number_canonical(c, strlen(c));
		if (!again || strcmp(again, c) || !numbers_equal(c, c))
			abort();
		free(again);
	}
	size_t half = n / 2;
	char *a = strndup(s, half), *b = strdup(s + half);
	if (!a || !b || numbers_equal(a, b) != numbers_equal(b, a))
		abort();
	size_t used = 0;
	char *w = number_words(s, n, &used);
	if (w && (used == 0 || used > n))
		abort();
	struct extracted e;
	extract_numeric(s, &e);
	if (e.found && (!e.text || !numbers_equal(e.text, e.text)))
		abort();
	extracted_free(&e);
	free(answer_normalize(s));
	free(w);
	free(a);
	free(b);
	free(c);
	free(s);
	return 0;
}
