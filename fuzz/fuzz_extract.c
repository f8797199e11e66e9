#define _GNU_SOURCE
/* fuzz_extract.c: libFuzzer target for reading answers out of replies
 * (extract.h) and the text scorers built on them (score.h numeric,
 * exact_match, contains, f1, rouge; textscore.h). The input is a reply, and
 * after its first NUL an expected answer. Invariants:
 *  - answer_normalize is idempotent: a normalized answer normalizes to itself;
 *  - a found answer is found again, equal, in its own text (numeric and final
 *    line), and answers_equal is reflexive and symmetric;
 *  - a one-line expected answer given back as the reply is an exact match;
 *  - token F1 and ROUGE-L are in [0, 1], symmetric, and 1 for a text and
 *    itself when it has words;
 *  - every scorer's score is in [0, 1]. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "extract.h"
#include "number.h"
#include "score.h"
#include "textscore.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_normalize(const char *s)
{
	char *once = answer_normalize(s), *twice = answer_normalize(once);
	if (strcmp(once, twice))
		abort();
	free(once);
	free(twice);
}

static void check_found_again(const struct extracted *e, bool numeric)
{
	/* dropping "$" or "*" can make a "<think>" ("<thi$nk>"), which hides the rest */
	if (!e->found || (e->text && strchr(e->text, '<')))
		return;
	if (!e->text || (e->numeric && !numbers_equal(e->text, e->text)))
		abort();
	struct extracted again;
	if (numeric)
		extract_numeric(e->text, &again);
	else
		extract_final_line(e->text, &again);
	if (!again.found || !answers_equal(e, &again) || !answers_equal(&again, e))
		abort();
	extracted_free(&again);
}

static void check_scores(const char *a, const char *b)
{
	double f = token_f1(a, b), g = token_f1(b, a), r = rouge_l_f1(a, b), q = rouge_l_f1(b, a);
	if (!(f >= 0 && f <= 1) || !(r >= 0 && r <= 1) || fabs(f - g) > 1e-12 ||
	    fabs(r - q) > 1e-12)
		abort();
	char *norm = squad_normalize(a);
	if (norm[strspn(norm, " ")] && token_f1(a, a) != 1)
		abort();
	free(norm);
}

static void check_scorers(const char *response, char *expected)
{
	static const char *const types[] = {"numeric", "exact_match", "contains", "f1", "rouge"};
	struct eval_item it = {.id = "fuzz-1", .prompt = "q", .expected = expected};
	it.config = cJSON_Parse("{\"extract_pattern\": \"(?i)answer:\\\\s*(\\\\S+)\", "
	                        "\"normalize\": true}");
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
			it.type = (char *)types[i];
			struct item_score s;
			score_item(&it, response, NULL, &s);
			if (!(s.score >= 0 && s.score <= 1) || (s.correct && s.score <= 0))
				abort();
			item_score_free(&s);
		}
		cJSON_Delete(it.config);
		it.config = NULL;
	}
}

/* A one-line expected answer, given back as the reply, is an exact match. */
static void check_self_match(char *expected)
{
	if (strpbrk(expected, "\n\r<"))
		return;
	char *norm = answer_normalize(expected);
	bool empty = !norm[0];
	free(norm);
	if (empty)
		return;
	struct eval_item it = {
	    .id = "fuzz-1", .prompt = "q", .expected = expected, .type = "exact_match"};
	struct item_score s;
	score_item(&it, expected, NULL, &s);
	if (!s.correct)
		abort();
	item_score_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *reply = xstrndup((const char *)data, size);
	size_t n = strlen(reply);
	char *expected =
	    n < size ? xstrndup((const char *)data + n + 1, size - n - 1) : xstrdup("");
	check_normalize(reply);
	check_normalize(expected);
	struct extracted num, line, pat;
	extract_numeric(reply, &num);
	check_found_again(&num, true);
	extract_final_line(reply, &line);
	check_found_again(&line, false);
	if (extract_pattern_pick(reply, "\\b([A-D])\\b", true, PATTERN_LAST, &pat, NULL) < 0)
		abort();
	if (pat.found && !pat.text)
		abort();
	free(extract_code(reply));
	free(last_nonempty_line(reply));
	check_scores(reply, expected);
	check_scorers(reply, expected);
	check_self_match(expected);
	extracted_free(&num);
	extracted_free(&line);
	extracted_free(&pat);
	free(expected);
	free(reply);
	return 0;
}
