/* extract.h: the answer inside a response, for voting and scoring (SPEC
 * sections 6 and 7). Three extractors: numeric (the final number, by the
 * pinned rules), pattern (a PCRE2 extract_pattern), and the final line for
 * free text. Thinking blocks are taken out first (an unclosed <think> makes
 * the rest thinking, so such a reply has no answer). Results are normalized
 * so that equal answers compare equal; numbers are read exactly (number.h).
 *
 * struct extracted owns its text; extracted_free() releases it.
 */
#ifndef LOCO_EXTRACT_H
#define LOCO_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

struct extracted {
	bool found;
	bool numeric; /* text is a canonical number (number.h); value is its double */
	double value;
	char *text; /* normalized answer ("42", "0.625", "1/3", "paris"), NULL when not found */
	/* which rule matched: "####", "answer is", "boxed", "= N", "last number",
	 * "correction", "pattern", "final line" */
	const char *rule;
};

void extracted_free(struct extracted *e);

/* Numeric, the first rule that finds a number wins (SPEC section 7):
 *  1. "#### N" (the last one);
 *  2. the last "the answer is N" / "answer: N" marker followed by a number
 *     (markdown, $, \(, \boxed{ and "approximately" may come between) or by
 *     number words ("twenty-nine"); when an equation follows the number
 *     ("the answer is 0.1 + 0.2 = 0.3") its result is the answer;
 *  3. the last \boxed{N} (or \boxed{x = N});
 *  4. the last line ending in "= N";
 *  5. the last number, passing over numbers in a restatement ("i.e. ...",
 *     "e.g. ...", "in other words ...") up to the end of its sentence when
 *     some number stands outside one.
 * After rules 1-3, a correction later in the text ("I miscounted", "that's
 * wrong", "correction", "wait, no", "oops", "I made a mistake") replaces
 * the answer with what the rules find after it. Numbers are every form
 * number.h reads: signs, $, thousands commas, decimal commas ("5,00" is 5),
 * decimals, exponents, fractions ("3/4"), mixed numbers ("1 1/2") and
 * \frac{3}{4} / \dfrac / \tfrac. A number is never read out of the middle
 * of another one: "2.0.1", "3:30" and "3/4/2024" give none. */
void extract_numeric(const char *response, struct extracted *out);

enum pattern_pick { PATTERN_FIRST, PATTERN_LAST };

/* Pattern: the first or last match of a PCRE2 pattern (group 1 when the
 * pattern has one; a match where group 1 is unset does not count); with
 * normalize, the result is normalized. Returns -1 with *err when the pattern
 * does not compile. */
int extract_pattern_pick(const char *response, const char *pattern, bool normalize,
                         enum pattern_pick pick, struct extracted *out, char **err);

/* extract_pattern_pick() with PATTERN_FIRST. */
int extract_pattern(const char *response, const char *pattern, bool normalize,
                    struct extracted *out, char **err);

/* Free text: the last non-empty line, normalized. */
void extract_final_line(const char *response, struct extracted *out);

/* The last line of text with something but blanks on it, or "" (caller frees). */
char *last_nonempty_line(const char *text);

/* casefold, trim, drop "$", markdown emphasis and a trailing "."; every
 * number standing alone in canonical form ("40.50" -> "40.5", "$1,200" ->
 * "1200", "1,8" -> "1.8"), with blanks before a "%" dropped ("40.5 %" ->
 * "40.5%"). Numbers glued to a letter ("x1.50") and runs that are not one
 * number ("1.10.2") stay as written. Caller frees. */
char *answer_normalize(const char *s);

/* Equal answers: two numbers by numbers_equal() (integers exactly, others
 * within 1e-6, see number.h), else the same normalized text. */
bool answers_equal(const struct extracted *a, const struct extracted *b);

/* The code in a response: fenced blocks (```python, ```py, bare ```) joined by
 * newlines, else the whole text without thinking (caller frees). */
char *extract_code(const char *response);

/* The response without <think>...</think> blocks (caller frees). */
char *strip_thinking(const char *response);

#endif
