/* test_score.c: the numeric, exact_match and f1 scorers of SPEC section 7 as
 * issue 13 pins them, on the replies of review eval.md (D3, D4, M2). f1
 * values are from tests/reference/squad_v1_f1.py (an independent Python
 * implementation of SQuAD's evaluate-v1.1.py); the arithmetic is beside each. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dataset.h"
#include "score.h"
#include "util.h"

struct score_case {
	const char *type;
	const char *expected;
	const char *config; /* evaluation_config as JSON, or NULL */
	const char *response;
	double score;
	const char *extracted; /* NULL: none expected */
};

static const struct score_case cases[] = {
    /* D3: integers compare exactly */
    {"numeric", "1234567", NULL, "The answer is 1234568.", 0, "1234568"},
    {"numeric", "1234567", NULL, "The answer is 1,234,567.", 1, "1234567"},
    {"numeric", "10000000", NULL, "The answer is 10000009.", 0, "10000009"},
    {"numeric", "999999", NULL, "The answer is 1000000.", 0, "1000000"},
    {"numeric", "2500000", NULL, "The answer is 2500002.", 0, "2500002"},
    {"numeric", "100", NULL, "The answer is 100.00005.", 0, "100.00005"},
    {"numeric", "9007199254740993", NULL, "#### 9007199254740992", 0, "9007199254740992"},
    {"numeric", "9007199254740993", NULL, "#### 9,007,199,254,740,993", 1, "9007199254740993"},
    {"numeric", "18", NULL, "The answer is 18.0", 1, "18"},
    {"numeric", "0.75", NULL, "She ate \\frac{3}{4} of it.", 1, "0.75"},
    {"numeric", "3/4", NULL, "The answer is 0.75", 1, "0.75"},
    {"numeric", "1.5", NULL, "Use 1 1/2 cups.", 1, "1.5"},
    {"numeric", "$1,200.50", NULL, "It costs $1200.5 in all.", 1, "1200.5"},
    {"numeric", "42", NULL, "<think>The answer is 42</think>I am not sure.", 0, NULL},
    /* M2: the last match by default */
    {"exact_match", "40.5%", "{\"extract_pattern\": \"\\\\d+\\\\.?\\\\d*%\", \"normalize\": true}",
     "With a 10% coupon, the total discount is 40.5%.", 1, "40.5%"},
    {"exact_match", "40.5%",
     "{\"extract_pattern\": \"\\\\d+\\\\.?\\\\d*%\", \"normalize\": true, \"match\": \"first\"}",
     "With a 10% coupon, the total discount is 40.5%.", 0, "10%"},
    /* numbers inside matches compare numerically under normalize */
    {"exact_match", "40.5%", "{\"extract_pattern\": \"\\\\d+\\\\.?\\\\d*%\", \"normalize\": true}",
     "The total discount is 40.50%.", 1, "40.5%"},
    {"exact_match", "40.5%", "{\"extract_pattern\": \"\\\\d+\\\\.?\\\\d*%\"}",
     "The total discount is 40.50%.", 0, "40.50%"},
    /* "40.5 %": only when the pattern lets the space in */
    {"exact_match", "40.5%", "{\"extract_pattern\": \"\\\\d+\\\\.?\\\\d*%\", \"normalize\": true}",
     "The total discount is 40.5 %.", 0, NULL},
    {"exact_match", "40.5%",
     "{\"extract_pattern\": \"\\\\d+(?:\\\\.\\\\d+)?\\\\s*%\", \"normalize\": true}",
     "The total discount is 40.5 %.", 1, "40.5%"},
    {"exact_match", "Total: 1,200",
     "{\"extract_pattern\": \"Total:\\\\s*(\\\\S+)\", \"normalize\": true}", "Total: 1200.00", 1,
     "1200"},
    /* no pattern: the final line against the whole answer, normalized */
    {"exact_match", "Paris", NULL, "Let me think.\nParis.", 1, "paris"},
    {"exact_match", "18", NULL, "Working...\n18.0", 1, "18"},
    /* D4: SQuAD v1.1 F1 of the whole reply. "reasoning first step final river froze" vs
     * "river froze": common 2, P = 2/6, R = 2/2, F1 = (2/3)/(4/3) = 0.5 */
    {"f1", "the river froze", NULL, "Reasoning: first step.\nFinal: the river froze", 0.5, NULL},
    /* answer_line "last": "final river froze": P = 2/3, R = 1, F1 = (4/3)/(5/3) = 0.8 */
    {"f1", "the river froze", "{\"answer_line\": \"last\"}",
     "Reasoning: first step.\nFinal: the river froze\n\n  \n", 0.8, "Final: the river froze"},
    {"f1", "the river froze", "{\"answer_line\": \"whole\"}",
     "Reasoning: first step.\nFinal: the river froze", 0.5, NULL},
    /* curly quotes stay: "“" is not \w, so "the" is still a whole word and goes,
     * leaving tokens "“", "river", "froze”", "—", "it", "did"; vs "river froze":
     * common 1, P = 1/6, R = 1/2, F1 = (1/6)/(2/3) = 0.25 */
    {"f1", "the river froze", NULL, "\xe2\x80\x9cThe river froze\xe2\x80\x9d \xe2\x80\x94 it did",
     0.25, NULL},
    {"f1", "the", NULL, "a", 0, NULL}, /* both sides empty after normalization: v1.1 gives 0 */
};

static void run_case(const struct score_case *c, size_t i)
{
	struct eval_item it = {0};
	it.id = "t";
	it.type = (char *)c->type;
	it.expected = (char *)c->expected;
	it.config = c->config ? cJSON_Parse(c->config) : NULL;
	CHECK(!c->config || it.config, "case %zu: config does not parse", i);
	struct score_env env = {0};
	struct item_score s;
	score_item(&it, c->response, &env, &s);
	CHECK(fabs(s.score - c->score) < 1e-12, "case %zu (%s, '%s'): score %.17g, want %.17g", i,
	      c->type, c->response, s.score, c->score);
	if (c->extracted)
		CHECK(s.extracted && !strcmp(s.extracted, c->extracted),
		      "case %zu: extracted '%s', want '%s'", i,
		      s.extracted ? s.extracted : "(none)", c->extracted);
	else if (strcmp(c->type, "f1"))
		CHECK(!s.extracted, "case %zu: extracted '%s', want none", i, s.extracted);
	else
		CHECK(!s.extracted, "case %zu: f1 of the whole reply reports no line", i);
	item_score_free(&s);
	cJSON_Delete(it.config);
}

/* Several gold answers: the best F1 over them (values from squad_v1_f1.py). */
static void test_f1_gold_list(void)
{
	struct {
		const char *response;
		char *golds[3];
		size_t n;
		double want;
		bool correct;
	} lists[] = {
	    /* vs "broncos": P = 1/3, R = 1, F1 = 0.5; vs "denver broncos": P = 2/3, R = 1, 0.8 */
	    {"Denver Broncos won", {"Broncos", "Denver Broncos"}, 2, 0.8, true},
	    /* vs "1912": P = 1/2, R = 1, F1 = 2/3 */
	    {"in 1912", {"1912", "the year 1912", "1911"}, 3, 2.0 / 3.0, true},
	    {"no idea", {"Paris", "France"}, 2, 0, false},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(lists); i++) {
		struct eval_item it = {0};
		it.id = "t";
		it.type = "f1";
		it.answers = lists[i].golds;
		it.n_answers = lists[i].n;
		it.expected = lists[i].golds[0];
		struct score_env env = {0};
		struct item_score s;
		score_item(&it, lists[i].response, &env, &s);
		CHECK(fabs(s.score - lists[i].want) < 1e-12 && s.correct == lists[i].correct,
		      "'%s': %.17g (%d), want %.17g", lists[i].response, s.score, s.correct,
		      lists[i].want);
		item_score_free(&s);
	}
}

int main(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++)
		run_case(&cases[i], i);
	test_f1_gold_list();
	return check_done("score");
}
