/* test_extract.c: every pinned case of SPEC section 7, the traps of issue 4,
 * every tricky reply of review eval.md (D3, M1, M2) with the extraction
 * decided for it, the pattern and final-line extractors, normalization,
 * exact number reading and comparison. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "extract.h"
#include "number.h"
#include "util.h"

struct num_case {
	const char *response;
	const char *want; /* canonical number, NULL = none */
};

static const struct num_case numeric[] = {
    /* SPEC section 7, pinned */
    {"So the answer is 42", "42"},
    {"The Answer Is 7", "7"},
    {"Answer: 15", "15"},
    {"Therefore \\boxed{36}", "36"},
    {"2 + 2 = 4", "4"},
    {"x = $12$", "12"},
    {"We compute 3 times 5 which gives us 15", "15"},
    {"The answer is -8", "-8"},
    {"The answer is 0.625", "0.625"},
    {"The answer is 1,000", "1000"},
    {"I don't know", NULL},
    {"", NULL},
    {"First we get 10, then 20. The answer is 30.", "30"},
    {"The answer is 18", "18"},
    /* issue 4's traps */
    {"Adding gives 9 + 9 = 18.\nThe answer is 18", "18"},
    {"3 + 6 = 9. The answer is 9", "9"},
    {"The total is 1,234.", "1234"},
    {"She pays $1,200.50.", "1200.5"},
    {"<think>The answer is 5, no wait</think>The answer is 7", "7"},
    {"<think>so 99</think>\n\nWe get 12 apples.", "12"},
    {"<think>only thinking 5", NULL},
    /* rule order: #### beats everything, then "answer is", then boxed, then "= N" */
    {"The answer is 3.\n#### 4", "4"},
    {"\\boxed{5} so the answer is 6", "6"},
    {"x = 2\nthen \\boxed{8}", "8"},
    {"y = 7\nwhich is more than 3 apples", "7"},
    {"a = 1\nb = 2\nc has 9", "2"},
    /* review eval.md M1: where the marker already beat lm-eval's flexible
     * extract (last number), kept */
    {"The answer is 72. Check: 72+8=80", "72"},
    {"So the answer is 7. That leaves 2 more questions for tomorrow.", "7"},
    {"Putting it together, \\boxed{42}", "42"},
    {"The temperature is \xe2\x88\x92"
     "3 degrees",
     "-3"},
    {"Natalia sold 48/2 = 24 clips in May.\n#### 72", "72"},
    {"She has 3 + 4 = 7 left.\n#### 7", "7"},
    /* M1: where loco used to fail, and what it reads now */
    {"The answer is 5. Wait, I miscounted: 2 + 4 gives 6.", "6"}, /* was 5 */
    {"The answer is 5. That's wrong, the total is 6.", "6"},
    {"The answer is 0.1 + 0.2 = 0.3", "0.3"}, /* was 0.1 */
    {"The answer is 5 + 3 = 8 apples.", "8"},
    /* "5,00" is a decimal comma, 5 (flexible reads 500; SPEC section 6 says
     * "1,8" is not 18, and "5,00" was read as 0) */
    {"5,00.", "5"},
    {"She ate 3/4 of the pie.", "0.75"},     /* was 4 */
    {"The answer is \\frac{3}{4}", "0.75"},  /* was 4 */
    {"so x = \\frac{1}{2}", "0.5"},          /* was 2 */
    {"The answer is \\dfrac{7}{3}.", "7/3"}, /* no finite decimal */
    {"\\boxed{\\frac{3}{4}}", "0.75"},
    {"It needs 1 1/2 cups of flour.", "1.5"}, /* mixed number */
    {"The answer is 2\\frac{1}{3}", "7/3"},
    {"The answer is -\\frac{1}{2}", "-0.5"},
    {"The answer is \\frac12", "0.5"},
    {"The answer is 12/4", "3"},
    {"That is 1e3 grams.", "1000"},       /* was 3 */
    {"The answer is twenty-nine.", "29"}, /* was none */
    {"The answer is one hundred and five", "105"},
    {"It takes 3.5 hours, i.e. 3 hours 30 minutes.", "3.5"}, /* was 30 */
    {"That is, 5 apples.", "5"}, /* a restatement holding the only number */
    {"<think>The reply never closes its thinking, 42", NULL},
    /* final-answer markers win over a stray last number */
    {"Final answer: 12. (I used 3 steps.)", "12"},
    {"Answer: 12\n\nNote: 5 items were skipped.", "12"},
    {"Final Answer: The final answer is 18. I hope it is correct.", "18"},
    {"The answer is $\\boxed{18}$.", "18"},
    {"**Answer:** 12", "12"},
    {"The answer is approximately 3.5", "3.5"},
    {"The answer is one of these: 5", "5"}, /* "one of" is not the number one */
    /* D3: big integers stay exact */
    {"The answer is 9007199254740993", "9007199254740993"},
    {"The answer is 123,456,789,012,345,678,901", "123456789012345678901"},
    {"The answer is 1234568.", "1234568"},
    /* numbers */
    {"It costs $ 45 in total", "45"},
    {"ages 10-20 years", "20"},
    {"temperature fell to -3 degrees", "-3"},
    {"10 - 5", "5"}, /* a spaced minus is an operator */
    {"The answer is +5", "5"},
    {"The answer is \xe2\x88\x92"
     "4",
     "-4"},
    {"1,8 is not eighteen", "1.8"},
    {"18.0", "18"},
    {"The answer is 0", "0"},
    {"The answer is -0", "0"},
    {"Final answer: $1,000,000", "1000000"},
    {"the final answer is \\(42\\)", "42"},
    {"12,345,678 people", "12345678"},
    {"1,00,000 rupees", "100000"},
    {"The answer is 3.14159", "3.14159"},
    {"It costs .50 now", "0.5"},
    {"version 2.0.1", NULL},
    {"at 3:30 pm", NULL},
    {"on 3/4/2024", NULL},
    {"3,14159", NULL},
    {"The answer is 3/0", NULL},
    {"x = 3/0", NULL},
};

static void test_numeric(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(numeric); i++) {
		struct extracted e;
		extract_numeric(numeric[i].response, &e);
		if (numeric[i].want)
			CHECK(e.found && e.text && !strcmp(e.text, numeric[i].want),
			      "'%s' -> %s, want %s", numeric[i].response, e.found ? e.text : "none",
			      numeric[i].want);
		else
			CHECK(!e.found, "'%s' -> %s, want none", numeric[i].response, e.text);
		extracted_free(&e);
	}
}

static void test_pattern(void)
{
	struct extracted e;
	char *err = NULL;
	CHECK(extract_pattern("The rate rose to 12.5% last year, then 3%", "\\d+\\.?\\d*%", true,
	                      &e, &err) == 0 &&
	          e.found && !strcmp(e.text, "12.5%"),
	      "first match: %s", e.text);
	extracted_free(&e);
	CHECK(extract_pattern("Capital: **Paris**.", "Capital:\\s*(.+)", true, &e, &err) == 0 &&
	          e.found && !strcmp(e.text, "paris"),
	      "group 1, normalized: %s", e.text);
	extracted_free(&e);
	CHECK(extract_pattern("Capital: **Paris**.", "Capital:\\s*(.+)", false, &e, &err) == 0 &&
	          e.found && !strcmp(e.text, "**Paris**."),
	      "group 1, raw: %s", e.text);
	extracted_free(&e);
	CHECK(extract_pattern("<think>Label: B</think>Label: A", "Label: ([A-D])", true, &e,
	                      &err) == 0 &&
	          e.found && !strcmp(e.text, "a"),
	      "thinking removed first: %s", e.text);
	extracted_free(&e);
	CHECK(extract_pattern("nothing", "(\\d+)", true, &e, &err) == 0 && !e.found, "no match");
	extracted_free(&e);
	CHECK(extract_pattern("x", "(", true, &e, &err) < 0 && err &&
	          strstr(err, "pattern '(' does not compile"),
	      "bad pattern: %s", err ? err : "");
	free(err);
}

/* review eval.md M2: the last match by default, the first on request */
struct pick_case {
	const char *response, *pattern;
	enum pattern_pick pick;
	bool normalize;
	const char *want; /* NULL = no match */
};

static const struct pick_case picks[] = {
    {"With a 10% coupon the total discount is 40.5%.", "\\d+\\.?\\d*%", PATTERN_LAST, true,
     "40.5%"},
    {"With a 10% coupon the total discount is 40.5%.", "\\d+\\.?\\d*%", PATTERN_FIRST, true, "10%"},
    {"The total discount is 40.50%.", "\\d+\\.?\\d*%", PATTERN_LAST, true, "40.5%"},
    {"The total discount is 40.50%.", "\\d+\\.?\\d*%", PATTERN_LAST, false, "40.50%"},
    /* "40.5 %": the pattern decides; one that allows the space gets "40.5%" */
    {"The total discount is 40.5 %.", "\\d+\\.?\\d*%", PATTERN_LAST, true, NULL},
    {"The total discount is 40.5 %.", "\\d+(?:\\.\\d+)?\\s*%", PATTERN_LAST, true, "40.5%"},
    {"Label: B, then Label: C", "Label: ([A-D])", PATTERN_LAST, true, "c"},
    {"Label: B, then Label: C", "Label: ([A-D])", PATTERN_FIRST, true, "b"},
    /* a match whose group 1 is unset does not count */
    {"x=1 y", "x=(\\d)|(y)", PATTERN_LAST, true, "1"},
    {"a \xc3\xa9 b", "", PATTERN_LAST, false, ""}, /* empty matches step whole characters */
    {"Total: $1,200.50", "Total:\\s*(.+)", PATTERN_LAST, true, "1200.5"},
};

static void test_pattern_pick(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(picks); i++) {
		const struct pick_case *c = &picks[i];
		struct extracted e;
		char *err = NULL;
		int rc =
		    extract_pattern_pick(c->response, c->pattern, c->normalize, c->pick, &e, &err);
		if (c->want)
			CHECK(rc == 0 && e.found && e.text && !strcmp(e.text, c->want),
			      "'%s' ~ /%s/ -> %s, want %s", c->response, c->pattern,
			      e.found ? e.text : "none", c->want);
		else
			CHECK(rc == 0 && !e.found, "'%s' ~ /%s/ -> %s, want none", c->response,
			      c->pattern, e.text);
		extracted_free(&e);
		free(err);
	}
}

struct canon_case {
	const char *in, *want; /* want NULL = not one number */
};

static const struct canon_case canon[] = {
    {"42", "42"},
    {"-0", "0"},
    {"007", "7"},
    {"18.0", "18"},
    {"40.50", "40.5"},
    {"1,234", "1234"},
    {"1,234.500", "1234.5"},
    {"$1,200.50", "1200.5"},
    {"-$5", "-5"},
    {"$-5", "-5"},
    {"\xe2\x82\xac"
     "3",
     "3"},
    {"\xe2\x88\x92"
     "2.5",
     "-2.5"},
    {"1,00,000", "100000"},
    {"12,34,567", "1234567"},
    {"1,8", "1.8"},
    {"5,00", "5"},
    {"1,2345", NULL},
    {"1,23,4", NULL},
    {"1.2.3", NULL},
    {".5", "0.5"},
    {"42.", "42"},
    {"1e3", "1000"},
    {"2.5E-2", "0.025"},
    {"1e999", NULL},
    {"3/4", "0.75"},
    {"6/3", "2"},
    {"1/3", "1/3"},
    {"-2/6", "-1/3"},
    {"10/4", "2.5"},
    {"1/1024", "0.0009765625"},
    {"3/0", NULL},
    {"1 1/2", "1.5"},
    {"-1 1/2", "-1.5"},
    {"2 2/3", "8/3"},
    {"\\frac{3}{4}", "0.75"},
    {"\\dfrac{1}{3}", "1/3"},
    {"\\tfrac{1.5}{2}", "0.75"},
    {"\\frac12", "0.5"},
    {"2\\frac{1}{3}", "7/3"},
    {"2 \\frac{1}{4}", "2.25"},
    {"\\frac{1}{0}", NULL},
    {"9007199254740993", "9007199254740993"},
    {"12 apples", NULL},
    {"12 34", NULL},
    {"1.5/2", NULL},
    {"", NULL},
    {"abc", NULL},
    {"inf", NULL},
    {"0x10", NULL},
    {"  7  ", "7"},
};

static void test_canonical(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(canon); i++) {
		char *c = number_canonical(canon[i].in, strlen(canon[i].in));
		if (canon[i].want)
			CHECK_STR(c, canon[i].want, canon[i].in);
		else
			CHECK(!c, "'%s' -> %s, want not a number", canon[i].in, c);
		free(c);
	}
	struct {
		const char *in, *want;
		size_t used;
	} words[] = {
	    {"twenty-nine.", "29", 11},
	    {"Twenty nine apples", "29", 11},
	    {"one hundred and five", "105", 20},
	    {"three thousand two hundred", "3200", 26},
	    {"zero", "0", 4},
	    {"eleven five", "11", 6},
	    {"five and", "5", 4},
	    {"one of them", NULL, 0},
	    {"a lot", NULL, 0},
	    {"fivefold", NULL, 0},
	    {"two million", "2000000", 11},
	    {"thousand", NULL, 0},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(words); i++) {
		size_t used = 0;
		char *c = number_words(words[i].in, strlen(words[i].in), &used);
		if (words[i].want)
			CHECK(c && !strcmp(c, words[i].want) && used == words[i].used,
			      "'%s' -> %s (%zu bytes), want %s (%zu)", words[i].in, c ? c : "none",
			      used, words[i].want, words[i].used);
		else
			CHECK(!c, "'%s' -> %s, want none", words[i].in, c);
		free(c);
	}
}

/* review eval.md D3: integers exactly, other numbers within 1e-6 absolute
 * from magnitude 1 up and 1e-6 relative below it, decided on the digits */
struct equal_case {
	const char *a, *b;
	bool equal;
};

static const struct equal_case equal[] = {
    {"1234567", "1234568", false},
    {"10000000", "10000009", false},
    {"999999", "1000000", false},
    {"2500000", "2500002", false},
    {"100", "100.00005", false}, /* |d| = 5e-5 > 1e-6 */
    {"9007199254740993", "9007199254740992", false},
    {"123456789012345678901", "123456789012345678901", true},
    {"1234567", "1,234,567.0", true},
    {"18", "18.0000001", true},  /* |d| = 1e-7 */
    {"18", "18.000001", true},   /* |d| = 1e-6, the edge, inside */
    {"18", "18.0000011", false}, /* |d| = 1.1e-6 */
    {"1e9", "1000000000.0000005", true},
    {"1e12", "1000000000000.000002", false},
    {"0.75", "3/4", true},
    {"2.5", "5/2", true},
    {"1.5", "1 1/2", true},
    {"1/3", "0.333333", true}, /* |d| = 1/3e6 = 1e-6 x 1/3, the relative edge */
    {"1/3", "0.33333", false}, /* |d| = 3.3e-6 */
    {"0.000001", "0.000002", false},
    {"0.0000010000001", "0.000001", true},
    {"1e-7", "0", false}, /* nothing is within a relative tolerance of 0 */
    {"0", "-0", true},
    {"-5", "5", false},
    {"-0.5", "0.5", false},
    {"$5", "5", true},
    {"abc", "abc", false}, /* not numbers */
    {"5", "five", false},
};

static void test_numbers_equal(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(equal); i++) {
		bool got = numbers_equal(equal[i].a, equal[i].b);
		bool back = numbers_equal(equal[i].b, equal[i].a);
		CHECK(got == equal[i].equal && back == got, "%s vs %s: %d (%d), want %d",
		      equal[i].a, equal[i].b, got, back, equal[i].equal);
	}
	/* the scorer's path: an extracted reply against an expected answer */
	struct extracted e;
	extract_numeric("The answer is 1234568.", &e);
	CHECK(e.found && !numbers_equal(e.text, "1234567"), "off by one at 10^6 fails");
	extracted_free(&e);
	extract_numeric("She ate 3/4 of the pie.", &e);
	CHECK(e.found && numbers_equal(e.text, "0.75") && e.value == 0.75, "3/4 is 0.75");
	extracted_free(&e);
}

static void test_final_line(void)
{
	struct extracted e;
	extract_final_line("Let me think.\n\nThe capital is **Paris**.\n\n  \n", &e);
	CHECK(e.found && !strcmp(e.text, "the capital is paris"), "final line: %s", e.text);
	extracted_free(&e);
	extract_final_line("<think>x</think>", &e);
	CHECK(!e.found, "nothing left");
	extracted_free(&e);
	extract_final_line("Result:\n1,234", &e);
	CHECK(e.found && e.numeric && e.value == 1234, "numeric final line");
	extracted_free(&e);
}

static void test_normalize_and_equal(void)
{
	struct {
		const char *in, *out;
	} norm[] = {
	    {"  Paris. ", "paris"},
	    {"$1,200", "1200"},
	    {"\"ÉCOLE\"", "école"},
	    {"a,b", "a,b"},
	    {"many   spaces\there", "many spaces here"},
	    {"**42**!", "42"},
	    {"40.50%", "40.5%"},
	    {"40.5 %", "40.5%"},
	    {"total 007", "total 7"},
	    {"v1.10", "v1.10"},   /* glued to a letter: an identifier */
	    {"1.10.2", "1.10.2"}, /* not one number: a version */
	    {"2,3,5", "2,3,5"},   /* a list */
	    {"1,8", "1.8"},       /* a decimal comma */
	    {"x 3/4", "x 3/4"},   /* fractions stay as written in text */
	    {"$ 42", "42"},       /* a blank after a dropped "$" is trimmed too */
	    {"42.$", "42"},       /* and punctuation before it */
	    {"` paris `", "paris"},
	    {"*a*  *b*", "a b"},
	    {"90,.0", "90,.0"}, /* not "90,0", which would then read as 90 */
	    {"x,.5", "x,0.5"},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(norm); i++) {
		char *n = answer_normalize(norm[i].in), *again = answer_normalize(n);
		CHECK_STR(n, norm[i].out, norm[i].in);
		CHECK_STR(again, n,
		          "normalizing twice changes nothing"); /* fuzz_extract checks it too */
		free(again);
		free(n);
	}
	/* A number too long to read exactly is no number, not a rounded one (1e+63). */
	size_t digits = 500000;
	char *huge = xmalloc(digits + 16);
	memcpy(huge, "answer: ", 8);
	memset(huge + 8, '7', digits);
	huge[8 + digits] = '\0';
	struct extracted h;
	extract_numeric(huge, &h);
	CHECK(!h.found || (h.text && strlen(h.text) >= digits), "a 500,000-digit number: %s",
	      h.text ? h.text : "none");
	extracted_free(&h);
	free(huge);
	struct extracted a, b;
	extract_numeric("The answer is 18", &a);
	extract_numeric("The answer is 18.0", &b);
	CHECK(answers_equal(&a, &b), "18 == 18.0");
	extracted_free(&b);
	extract_numeric("The answer is 1,8", &b);
	CHECK(!answers_equal(&a, &b), "18 != 1,8");
	extracted_free(&b);
	extract_numeric("The answer is 18.0000001", &b);
	CHECK(answers_equal(&a, &b), "within 1e-6 relative");
	extracted_free(&b);
	extract_numeric("The answer is 18.001", &b);
	CHECK(!answers_equal(&a, &b), "beyond 1e-6 relative");
	extracted_free(&b);
	extract_numeric("no number", &b);
	CHECK(!answers_equal(&a, &b), "missing never equals");
	extracted_free(&b);
	extracted_free(&a);
}

int main(void)
{
	test_numeric();
	test_pattern();
	test_pattern_pick();
	test_canonical();
	test_numbers_equal();
	test_final_line();
	test_normalize_and_equal();
	return check_done("extract");
}
