/* test_vote.c: majority tallies (ties, non-voters, numeric equality), the
 * tally line, and best-of-n prompts and picks. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"
#include "tally.h"
#include "ensemble_vote.h"

static void tally_pick(const char **responses, size_t n, enum vote_extractor how,
                       const char *pattern, enum pattern_pick pick, int want_winner,
                       const char *want_text)
{
	struct vote_sample s[16];
	memset(s, 0, sizeof s);
	for (size_t i = 0; i < n; i++)
		s[i].response = responses[i];
	struct vote_tally t;
	vote_majority(s, n, how, pattern, pick, &t);
	char *text = vote_tally_text(&t);
	CHECK(t.winner == want_winner, "%s: winner %d, want %d", want_text, t.winner, want_winner);
	CHECK_STR(text, want_text, "tally text");
	free(text);
	vote_tally_free(&t);
	for (size_t i = 0; i < n; i++)
		extracted_free(&s[i].answer);
}

static void tally(const char **responses, size_t n, enum vote_extractor how, const char *pattern,
                  int want_winner, const char *want_text)
{
	tally_pick(responses, n, how, pattern, PATTERN_LAST, want_winner, want_text);
}

/* The early stop and the agreement: responses are the finished samples,
 * unfinished how many are still running. Each row is worked by hand: the
 * leader's count must exceed the runner-up's plus the unfinished. */
struct settle_case {
	const char *responses[8];
	size_t n;
	int unfinished;
	bool settled;
	double agreement; /* leader / answered */
};

static const struct settle_case settle_cases[] = {
    {{"29", "29", "29"}, 3, 2, true, 1.0},        /* 3 > 0 + 2: two not needed */
    {{"29", "29"}, 2, 3, false, 1.0},             /* 2 > 0 + 3 fails: three could win */
    {{"29", "29", "30"}, 3, 2, false, 2.0 / 3},   /* 2 > 1 + 2 fails */
    {{"29", "29", "29", "30"}, 4, 1, true, 0.75}, /* 3 > 1 + 1 */
    {{"29", "29", "30", "30"}, 4, 0, false, 0.5}, /* a tie is not settled */
    {{"29", "29", "29", "30", "30"}, 5, 0, true, 0.6},
    {{"no number here", "none"}, 2, 1, false, 0.0}, /* nothing extractable */
    {{"29", "no number"}, 2, 0, true, 0.5},         /* 1 > 0 + 0; one answered sample of 2 */
};

static void test_settled(void)
{
	for (size_t c = 0; c < sizeof settle_cases / sizeof *settle_cases; c++) {
		const struct settle_case *k = &settle_cases[c];
		struct vote_sample s[8];
		memset(s, 0, sizeof s);
		for (size_t i = 0; i < k->n; i++)
			s[i].response = k->responses[i];
		struct vote_tally t;
		vote_majority(s, k->n, VOTE_NUMERIC, NULL, PATTERN_LAST, &t);
		CHECK(vote_settled(&t, k->unfinished) == k->settled, "case %zu: settled", c);
		double a = vote_agreement(&t);
		CHECK(a > k->agreement - 1e-12 && a < k->agreement + 1e-12,
		      "case %zu: agreement %g", c, a);
		vote_tally_free(&t);
		for (size_t i = 0; i < k->n; i++)
			extracted_free(&s[i].answer);
	}
}

/* An ensemble's tally names who gave each answer, in sample order, with a
 * count when a member gave it more than once (issue 20). */
static void test_by_label(void)
{
	const char *resp[] = {"29", "29", "30", "#### 29", NULL, "30", "no number"};
	const char *label[] = {"math", "algebra", "base", "math", "algebra", "algebra", "base"};
	struct vote_sample s[7];
	memset(s, 0, sizeof s);
	for (size_t i = 0; i < 7; i++)
		s[i].response = resp[i];
	struct vote_tally t;
	vote_majority(s, 7, VOTE_NUMERIC, NULL, PATTERN_LAST, &t);
	char *text = vote_tally_text_by(&t, s, 7, label);
	CHECK_STR(text, "3/6 agree on 29 (math 2, algebra); others: 30 (2: base, algebra)",
	          "labelled tally");
	free(text);
	vote_tally_free(&t);
	for (size_t i = 0; i < 7; i++)
		extracted_free(&s[i].answer);
}

/* eval --ensemble's round-robin: member j of k gets the samples g < votes
 * with g % k == j (counted by hand). */
static void test_shares(void)
{
	static const struct {
		int votes;
		size_t k, j;
		int want;
	} rows[] = {{5, 3, 0, 2}, {5, 3, 1, 2}, {5, 3, 2, 1}, {4, 2, 0, 2}, {4, 2, 1, 2},
	            {3, 3, 2, 1}, {2, 3, 2, 0}, {9, 2, 0, 5}, {9, 2, 1, 4}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		int got = eval_ensemble_share(rows[i].votes, rows[i].k, rows[i].j);
		CHECK(got == rows[i].want, "share(%d, %zu, %zu) = %d, want %d", rows[i].votes,
		      rows[i].k, rows[i].j, got, rows[i].want);
	}
}

int main(void)
{
	test_settled();
	test_shares();
	test_by_label();
	const char *five[] = {"The answer is 52", "So 51.\nThe answer is 51", "The answer is 51.0",
	                      "#### 41", "I think it is 51"};
	tally(five, 5, VOTE_NUMERIC, NULL, 1, "3/5 agree on 51; others: 52 (1), 41 (1)");

	/* a tie goes to the answer seen first */
	const char *tie[] = {"The answer is 7", "The answer is 8", "The answer is 8",
	                     "The answer is 7"};
	tally(tie, 4, VOTE_NUMERIC, NULL, 0, "2/4 agree on 7; others: 8 (2)");

	/* samples without an answer do not vote; failed samples are not counted */
	const char *gaps[] = {"I don't know", NULL, "The answer is 3", "no idea"};
	tally(gaps, 4, VOTE_NUMERIC, NULL, 2, "1/3 agree on 3");

	/* nothing extractable: no winner, best-of-n decides */
	const char *none[] = {"hmm", "no idea"};
	struct vote_sample s[2] = {{none[0], {0}, false}, {none[1], {0}, false}};
	struct vote_tally t;
	vote_majority(s, 2, VOTE_NUMERIC, NULL, PATTERN_LAST, &t);
	CHECK(t.winner == -1 && t.no_answers, "no answers");
	char *text = vote_tally_text(&t);
	CHECK_STR(text, "0/2 samples gave an answer", "empty tally");
	free(text);
	vote_tally_free(&t);

	/* final line and pattern extractors */
	const char *cities[] = {"Let me see.\nParis.", "It is Lyon", "**paris**"};
	tally(cities, 3, VOTE_FINAL_LINE, NULL, 0, "2/3 agree on paris; others: it is lyon (1)");
	/* the tally stays short: 40 bytes of each answer (cut between UTF-8
	 * characters), five others at most (the review's I6) */
	const char *longs[] = {
	    "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee",
	    "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee",
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x\xc3\xa9\xc3"
	    "\xa9"};
	tally(longs, 3, VOTE_FINAL_LINE, NULL, 0,
	      "2/3 agree on aaaaaaaaaa bbbbbbbbbb cccccccccc ddddddd ...; others: "
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x ... (1)");
	const char *many[] = {"1", "1", "2", "3", "4", "5", "6", "7", "8"};
	tally(many, 9, VOTE_NUMERIC, NULL, 0,
	      "2/9 agree on 1; others: 2 (1), 3 (1), 4 (1), 5 (1), 6 (1) and 2 more");
	const char *labels[] = {"Label: B", "I pick Label: A", "Label: a."};
	tally(labels, 3, VOTE_PATTERN, "Label: ([A-Da-d])", 1, "2/3 agree on a; others: b (1)");
	/* the pattern's match is read as the exact_match scorer reads it: the
	 * last one unless the item says "match": "first" (issue 13, review M2) */
	const char *coupons[] = {"a 10% coupon, so the total discount is 40.5%",
	                         "the total discount is 40.5%", "10% off"};
	tally(coupons, 3, VOTE_PATTERN, "\\d+\\.?\\d*%", 0, "2/3 agree on 40.5%; others: 10% (1)");
	tally_pick(coupons, 3, VOTE_PATTERN, "\\d+\\.?\\d*%", PATTERN_FIRST, 0,
	           "2/3 agree on 10%; others: 40.5% (1)");
	/* code: blank lines, trailing blanks and comments do not split a vote */
	const char *code[] = {"```python\ndef f(x):\n    return x + 1\n```",
	                      "Here:\n```py\ndef f(x):  \n\n    # add one\n    return x + 1\n```",
	                      "```python\ndef f(x):\n    return 1 + x\n```"};
	struct vote_sample cs[3] = {
	    {code[0], {0}, false}, {code[1], {0}, false}, {code[2], {0}, false}};
	vote_majority(cs, 3, VOTE_CODE, NULL, PATTERN_LAST, &t);
	CHECK(t.winner == 0 && t.counts[0].count == 2, "code majority: winner %d", t.winner);
	vote_tally_free(&t);
	for (int i = 0; i < 3; i++)
		extracted_free(&cs[i].answer);
	CHECK(vote_extractor_for("code_execution") == VOTE_CODE &&
	          vote_extractor_for("code") == VOTE_CODE,
	      "code types vote on code");
	CHECK(vote_extractor_for("numeric") == VOTE_NUMERIC &&
	          vote_extractor_for("exact_match") == VOTE_PATTERN &&
	          vote_extractor_for("analysis") == VOTE_FINAL_LINE &&
	          vote_extractor_for(NULL) == VOTE_FINAL_LINE,
	      "extractor by eval type");

	/* best-of-n */
	struct vote_sample b[3] = {
	    {"first", {0}, false}, {NULL, {0}, false}, {"third", {0}, false}};
	char *prompt = best_of_n_prompt("Q?", b, 3);
	CHECK(strstr(prompt, "Response 1:\nfirst") && strstr(prompt, "Response 2:\nthird") &&
	          !strstr(prompt, "Response 3") && strstr(prompt, "(1 to 2)"),
	      "numbered prompt: %s", prompt);
	free(prompt);
	CHECK(best_of_n_pick("I compared them.\nBest: 2", b, 3) == 2,
	      "Best: 2 is the third sample");
	CHECK(best_of_n_pick("Response #1 is clearly better", b, 3) == -1 ||
	          best_of_n_pick("Best response: 1", b, 3) == 0,
	      "best response: 1");
	CHECK(best_of_n_pick("<think>Best: 2</think>The answer is 1", b, 3) == 0,
	      "thinking ignored");
	CHECK(best_of_n_pick("Best: 7", b, 3) == -1, "out of range");
	CHECK(best_of_n_pick("they are all fine", b, 3) == -1, "no pick");
	return check_done("vote");
}
