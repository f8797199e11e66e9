/* extract.h: the answer inside a response, for voting and scoring (SPEC
 * sections 6 and 7). Three extractors: numeric (the final number, by the
 * pinned rules), pattern (a PCRE2 extract_pattern), and the final line for
 * free text. Thinking blocks are taken out first. Results are normalized so
 * that equal answers compare equal.
 *
 * struct extracted owns its text; extracted_free() releases it.
 */
#ifndef LOCO_EXTRACT_H
#define LOCO_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

struct extracted {
	bool found;
	bool numeric; /* value is meaningful */
	double value;
	char *text; /* normalized answer ("42", "0.625", "paris"), NULL when not found */
	const char
	    *rule; /* which rule matched: "####", "answer is", "boxed", "= N", "last number", ... */
};

void extracted_free(struct extracted *e);

/* Numeric: "#### N", "the answer is N" / "answer: N", \boxed{N}, a line ending
 * in "= N", else the last number. Signs, thousands commas, decimals and "$"
 * are understood. */
void extract_numeric(const char *response, struct extracted *out);

/* Pattern: the first match of a PCRE2 pattern (group 1 when the pattern has
 * one); with normalize, the result is normalized. Returns -1 with *err when
 * the pattern does not compile. */
int extract_pattern(const char *response, const char *pattern, bool normalize,
                    struct extracted *out, char **err);

/* Free text: the last non-empty line, normalized. */
void extract_final_line(const char *response, struct extracted *out);

/* casefold, trim, drop "$", commas inside numbers and a trailing "."
 * (caller frees). */
char *answer_normalize(const char *s);

/* Equal answers: numbers within 1e-6 relative, else the same normalized text. */
bool answers_equal(const struct extracted *a, const struct extracted *b);

/* The code in a response: fenced blocks (```python, ```py, bare ```) joined by
 * newlines, else the whole text without thinking (caller frees). */
char *extract_code(const char *response);

/* The response without <think>...</think> blocks (caller frees). */
char *strip_thinking(const char *response);

#endif
