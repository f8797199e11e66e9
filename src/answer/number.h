/* number.h: numbers as answers write them ("1,234", "$5", "3/4", "1 1/2",
 * "\frac{3}{4}", "1e3", "twenty-nine"), read exactly, and compared by the
 * numeric scorer's rule (SPEC section 7, issue 13).
 *
 * A number's canonical text is exact and unique for its value:
 *   an integer    "-12", "0", "9007199254740993" (no limit of 2^53: digits are
 *                 kept as text, never passed through a double);
 *   a decimal     "0.75", "-3.5" (no leading zeros but one, no trailing zeros);
 *   a fraction    "1/3", "-7/6", reduced, for values with no finite decimal.
 * Strings returned are the caller's to free. Nothing here prints or keeps
 * state; every function accepts any bytes.
 */
#ifndef LOCO_NUMBER_H
#define LOCO_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/* Digits a number may have (before and after the point, after an exponent
 * is applied); longer ones are not read as numbers. */
#define NUMBER_MAX_DIGITS 400

/* The canonical text of s[0..n) when all of it (blanks around aside) is one
 * number: an optional sign (-, +, U+2212), an optional currency sign ($, €,
 * £), then
 *   digits with thousands commas ("1,234,567.5") or Indian grouping
 *   ("1,00,000"); a decimal comma when a single comma has one or two digits
 *   after it ("1,8" is 1.8, "5,00" is 5); an exponent ("1e3", "2.5E-2");
 *   a fraction "3/4" or mixed number "1 1/2" (integer parts);
 *   \frac{A}{B}, \dfrac, \tfrac (A and B may have decimals; "\frac12" too),
 *   optionally after a whole part ("2\frac{1}{3}").
 * NULL when it is anything else, has a zero denominator, or a denominator
 * past 10^18. */
char *number_canonical(const char *s, size_t n);

/* English number words at s ("twenty-nine", "one hundred and five", "zero",
 * "three thousand"), up to the billions. On success returns the canonical
 * integer and sets *used to the bytes read; NULL when s does not start with
 * a number word. Matching ignores ASCII case. */
char *number_words(const char *s, size_t n, size_t *used);

/* Whether canonical text c is an integer. */
bool number_is_integer(const char *c);

/* The nearest double to canonical text c (for display and sorting only). */
double number_value(const char *c);

/* The numeric scorer's equality, on canonical texts:
 *   two integers are equal only when their digits are (exact, any size);
 *   otherwise |a - b| <= 1e-6 x min(1, max(|a|, |b|)), computed exactly on
 *   the digits: 1e-6 absolute from magnitude 1 up, 1e-6 relative below it.
 * The tolerance never exceeds 1e-6, so no integer ever matches a different
 * integer, and 1234568 never passes for 1234567. */
bool numbers_equal(const char *a, const char *b);

#endif
