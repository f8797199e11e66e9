/* test_textscore.c: the text-overlap scorers of SPEC section 7.
 * - SQuAD F1: every value and normalized form below is the output of
 *   tests/reference/squad_v1_f1.py (an independent Python 3 implementation
 *   of evaluate-v1.1.py's normalize_answer and f1_score; run it to print
 *   these rows), copied unchanged.
 * - ROUGE-L: values from a scratch Python LCS over rouge-score's tokens; the
 *   arithmetic is beside each. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "textscore.h"
#include "util.h"

#define TOLERANCE 1e-9

struct pair_case {
	const char *a; /* prediction or candidate */
	const char *b; /* ground truth or reference */
	double want;
};

struct norm_case {
	const char *in;
	const char *want;
};

static const struct norm_case normalized[] = {
    {"Denver Broncos", "denver broncos"},
    {"The cat sat", "cat sat"},
    {"blue sky", "blue sky"},
    {"", ""},
    {"the", ""},
    {"", ""},
    {"Paris", "paris"},
    {"the Eiffel Tower.", "eiffel tower"},
    {"A dog, an apple & the end!", "dog apple end"},
    {"Levi's Stadium", "levis stadium"},
    {"theatre", "theatre"},
    {"cat cat cat dog", "cat cat cat dog"},
    {"Super Bowl L", "super bowl l"},
    {"The answer is Paris, France", "answer is paris france"},
    {"\xc3\x89"
     "COLE",
     "\xc3\xa9"
     "cole"},
    {"\xc3\x87"
     "a va?",
     "\xc3\xa7"
     "a va"},
    {"3.14", "314"},
    {"New\xc2\xa0"
     "York",
     "new york"},
    {"\xe2\x80\x9c"
     "Paris\xe2\x80\x9d",
     "\xe2\x80\x9c"
     "paris\xe2\x80\x9d"},
    {"\xe2\x80\x9c"
     "The river froze\xe2\x80\x9d"
     " \xe2\x80\x94"
     " it did",
     "\xe2\x80\x9c"
     " river froze\xe2\x80\x9d"
     " \xe2\x80\x94"
     " it did"},
    {"Reasoning: first step.\nFinal: the river froze", "reasoning first step final river froze"},
    {"the\xe2\x80\x9c"
     "end\xe2\x80\x9d",
     "\xe2\x80\x9c"
     "end\xe2\x80\x9d"},
    {"x\x01"
     "y",
     "x\x01"
     "y"},
    {"under_score", "underscore"},
    {"a\xc3\xa9"
     " the",
     "a\xc3\xa9"},
    {"\xc4\xb0"
     "stanbul",
     "i\xcc\x87"
     "stanbul"},
    {"\xce\x9f"
     "\xce\x94"
     "\xce\x9f"
     "\xce\xa3",
     "\xce\xbf"
     "\xce\xb4"
     "\xce\xbf"
     "\xcf\x82"},
    {"zero\xe2\x80\x8b"
     "width",
     "zero\xe2\x80\x8b"
     "width"},
    {NULL, ""},
};

/* SQuAD v1.1 keeps what this table shows, where a reader might expect otherwise:
 * - two empty answers score 0 ("" vs "", and "the" vs "a an");
 * - curly quotes, dashes and other non-ASCII punctuation stay in their tokens;
 * - controls stay too ("x\x01y" is not "xy"), and U+200B does not split;
 * - the whole reply counts: "Reasoning: ...\nFinal: the river froze" is 0.5. */
static const struct pair_case f1_cases[] = {
    {"Denver Broncos", "Denver Broncos", 1},
    {"The cat sat", "cat sat on the mat", 0.66666666666666663},
    {"blue sky", "green grass", 0},
    {"", "", 0},
    {"the", "a an", 0},
    {"", "Paris", 0},
    {"Paris", "", 0},
    {"the Eiffel Tower.", "Eiffel Tower", 1},
    {"A dog, an apple & the end!", "dog apple end", 1},
    {"Levi's Stadium", "levis stadium", 1},
    {"theatre", "the atre", 0},
    {"cat cat cat dog", "cat dog dog", 0.57142857142857151},
    {"Super Bowl L", "L", 0.5},
    {"The answer is Paris, France", "Paris", 0.40000000000000002},
    {"\xc3\x89"
     "COLE",
     "\xc3\xa9"
     "cole",
     1},
    {"\xc3\x87"
     "a va?",
     "\xc3\xa7"
     "a va",
     1},
    {"3.14", "314", 1},
    {"New\xc2\xa0"
     "York",
     "new york", 1},
    {"\xe2\x80\x9c"
     "Paris\xe2\x80\x9d",
     "Paris", 0},
    {"\xe2\x80\x9c"
     "The river froze\xe2\x80\x9d"
     " \xe2\x80\x94"
     " it did",
     "the river froze", 0.25},
    {"Reasoning: first step.\nFinal: the river froze", "the river froze", 0.5},
    {"the\xe2\x80\x9c"
     "end\xe2\x80\x9d",
     "end", 0},
    {"x\x01"
     "y",
     "xy", 0},
    {"under_score", "underscore", 1},
    {"a\xc3\xa9"
     " the",
     "a\xc3\xa9", 1},
    {"\xc4\xb0"
     "stanbul",
     "i\xcc\x87"
     "stanbul",
     1},
    {"\xce\x9f"
     "\xce\x94"
     "\xce\x9f"
     "\xce\xa3",
     "\xce\xbf"
     "\xce\xb4"
     "\xce\xbf"
     "\xcf\x82",
     1},
    {"zero\xe2\x80\x8b"
     "width",
     "zero width", 0},
    {NULL, "", 0},
};

static const struct pair_case rouge_cases[] = {
    /* LCS "the cat on the mat" = 5 of 6 and 6: P = R = 5/6, F1 = 5/6 */
    {"the cat sat on the mat", "the cat is on the mat", 5.0 / 6.0},
    {"the cat sat on the mat", "the cat sat on the mat", 1.0},
    {"alpha beta", "gamma delta", 0.0},
    {"", "the cat", 0.0},
    {"the cat", "", 0.0},
    {"", "", 0.0},
    {NULL, NULL, 0.0},
    {"!!!", "...", 0.0}, /* no tokens at all */
    /* order matters: reversed, the LCS is one word: P = R = 1/5, F1 = 1/5 */
    {"the quick brown fox jumps", "jumps fox brown quick the", 0.2},
    {"The Cat, sat.", "the cat sat", 1.0},
    /* Lin (2004)'s example: LCS "police the gunman" = 3 of 4 and 4, F1 = 3/4 */
    {"police kill the gunman", "police killed the gunman", 0.75},
    /* and its other candidate: LCS "the gunman" = 2 of 4 and 4, F1 = 1/2 */
    {"the gunman kill police", "police killed the gunman", 0.5},
    /* LCS 2: P = 2/2, R = 2/6, F1 = 2(1)(1/3)/(4/3) = 1/2 */
    {"the cat", "the cat sat on the mat", 0.5},
    {"don't stop", "don t stop", 1.0}, /* tokens don, t, stop */
    {"snake_case", "snake case", 1.0},
    /* LCS "a b" = 2 of 4 and 4: F1 = 1/2 */
    {"a a a b", "a b b b", 0.5},
    {"In 1969.", "in 1969", 1.0},
    /* Unicode letters stay in their words: LCS 2, P = 2/3, R = 2/2, F1 = (4/3)/(5/3) = 4/5 */
    {"Élève très sérieux", "élève sérieux", 0.8},
    /* LCS "東京" = 1 of 2 and 2: F1 = 1/2 (rouge-score drops CJK and gives 0) */
    {"東京 大阪", "東京 京都", 0.5},
};

static bool close_to(double got, double want)
{
	return fabs(got - want) <= TOLERANCE;
}

static void test_normalize(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(normalized); i++) {
		const struct norm_case *c = &normalized[i];
		char *got = squad_normalize(c->in);
		CHECK_STR(got, c->want, c->in ? c->in : "(null)");
		free(got);
	}
}

static void test_pairs(const char *name, double (*score)(const char *, const char *),
                       const struct pair_case *cases, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct pair_case *c = &cases[i];
		double got = score(c->a, c->b);
		CHECK(close_to(got, c->want), "%s('%s', '%s') = %.12f, want %.12f", name,
		      c->a ? c->a : "(null)", c->b ? c->b : "(null)", got, c->want);
	}
}

/* count copies of word, space-separated */
static char *repeat_word(const char *word, size_t count)
{
	struct strbuf sb;
	sb_init(&sb, 0);
	for (size_t i = 0; i < count; i++)
		sb_addf(&sb, "%s ", word);
	return sb_detach(&sb);
}

/* Past ROUGE_MAX_TOKENS the rest is ignored, so a runaway generation costs at
 * most ROUGE_MAX_TOKENS x len(reference) steps. */
static void test_rouge_cap(void)
{
	char *flood = repeat_word("alpha", 2 * ROUGE_MAX_TOKENS + 500);
	/* cut to N = ROUGE_MAX_TOKENS tokens: LCS 1, P = 1/N, R = 1/2, F1 = 2(1/N)(1/2)/(1/N + 1/2)
	 * = 2/(N + 2) = 1/10001; without the cap it would be 2/(2N + 502) */
	double got = rouge_l_f1(flood, "alpha beta");
	CHECK(close_to(got, 2.0 / (ROUGE_MAX_TOKENS + 2)), "capped rouge = %.12g", got);
	CHECK(close_to(rouge_l_f1("alpha beta", flood), got), "the cap applies to both sides");
	/* both sides flooded: the worst case, ROUGE_MAX_TOKENS^2 steps */
	CHECK(close_to(rouge_l_f1(flood, flood), 1.0), "flood vs flood");
	/* one token as long as the whole text */
	char *blob = xmalloc(1 << 20);
	memset(blob, 'x', (1 << 20) - 1);
	blob[(1 << 20) - 1] = '\0';
	CHECK(close_to(rouge_l_f1(blob, blob), 1.0), "one long token");
	/* n = 2N + 500 words: P = 1/n, R = 1, F1 = 2(1/n)/(1/n + 1) = 2/(n + 1) */
	CHECK(close_to(token_f1(flood, "alpha"), 2.0 / (2 * ROUGE_MAX_TOKENS + 500 + 1)),
	      "token F1 has no cap");
	free(blob);
	free(flood);
}

int main(void)
{
	test_normalize();
	test_pairs("token_f1", token_f1, f1_cases, LOCO_ARRAY_LEN(f1_cases));
	test_pairs("rouge_l_f1", rouge_l_f1, rouge_cases, LOCO_ARRAY_LEN(rouge_cases));
	test_rouge_cap();
	return check_done("textscore");
}
