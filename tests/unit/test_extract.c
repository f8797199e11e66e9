/* test_extract.c: every pinned case of SPEC section 7, the traps of issue 4,
 * the pattern and final-line extractors, normalization and comparison. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "extract.h"
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
    /* numbers */
    {"It costs $ 45 in total", "45"},
    {"ages 10-20 years", "20"},
    {"temperature fell to -3 degrees", "-3"},
    {"The answer is +5", "5"},
    {"The answer is \xe2\x88\x92"
     "4",
     "-4"},
    {"1,8 is not eighteen", "8"},
    {"18.0", "18"},
    {"The answer is 0", "0"},
    {"The answer is -0", "0"},
    {"Final answer: $1,000,000", "1000000"},
    {"the final answer is \\(42\\)", "42"},
    {"**Answer:** 12", "12"},
    {"12,345,678 people", "12345678"},
    {"The answer is 3.14159", "3.14159"},
    {"version 2.0.1", "1"},
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
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(norm); i++) {
		char *n = answer_normalize(norm[i].in);
		CHECK_STR(n, norm[i].out, norm[i].in);
		free(n);
	}
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
	test_final_line();
	test_normalize_and_equal();
	return check_done("extract");
}
