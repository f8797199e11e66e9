/* tally.h: the decision over N sampled answers (SPEC section 6).
 * The majority rule is pure: it reads samples and fills a tally; asking a
 * judge for best-of-n is the caller's request, parsed here.
 *
 * Samples are the caller's; a tally owns its strings (vote_tally_free()).
 */
#ifndef LOCO_TALLY_H
#define LOCO_TALLY_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"

struct vote_sample {
	const char *response; /* NULL when the request failed */
	struct extracted answer;
	bool voted; /* set by vote_majority: an answer was extracted */
};

/* How a vote reads an answer: by the adapter's eval type. */
enum vote_extractor { VOTE_NUMERIC, VOTE_PATTERN, VOTE_FINAL_LINE, VOTE_CODE };

struct vote_count {
	char *answer; /* normalized */
	int count;
	int first; /* index of the first sample with this answer */
};

struct vote_tally {
	int winner;                /* sample index whose full response is printed; -1 = none */
	int voters;                /* samples with an extractable answer */
	int samples;               /* samples that answered at all */
	struct vote_count *counts; /* [0] is the winner; others by count, then order */
	size_t n_counts;
	bool no_answers; /* nothing extractable: best-of-n should decide */
};

enum vote_extractor vote_extractor_for(const char *eval_type);

/* Extracts each sample's answer and takes the majority; ties go to the answer
 * seen first in sample order. pattern (and which of its matches, pick, as the
 * exact_match scorer reads it) is used by VOTE_PATTERN. */
void vote_majority(struct vote_sample *s, size_t n, enum vote_extractor how, const char *pattern,
                   enum pattern_pick pick, struct vote_tally *t);
void vote_tally_free(struct vote_tally *t);

/* Whether the samples still running can no longer change the decision: the
 * leading answer's count exceeds the runner-up's plus unfinished (issue 20's
 * early stop). Strictly exceeds, so not even a tie is left: the full vote
 * would pick the same answer. A tally with no answer is never settled. */
bool vote_settled(const struct vote_tally *t, int unfinished);

/* The share of the samples that answered which agree with the winner, 0..1
 * (0 when none answered): the vote's confidence. */
double vote_agreement(const struct vote_tally *t);

/* "3/5 agree on 51; others: 52 (1), 41 (1)" (caller frees). */
char *vote_tally_text(const struct vote_tally *t);

/* The tally with who gave each answer, for an ensemble: "3/5 agree on 29
 * (math 2, algebra); others: 30 (2: algebra, base)". label[i] names sample
 * i's model; s are the samples the tally was taken from (caller frees). */
char *vote_tally_text_by(const struct vote_tally *t, const struct vote_sample *s, size_t n,
                         const char *const *label);

/* The judging prompt for best-of-n: the question and the numbered responses
 * (NULL responses are left out, numbering follows sample order). */
char *best_of_n_prompt(const char *question, const struct vote_sample *s, size_t n);
/* The judge's pick as a sample index, or -1 when its reply names none of the
 * offered responses (the caller then takes the first). */
int best_of_n_pick(const char *judge_reply, const struct vote_sample *s, size_t n);

#endif
