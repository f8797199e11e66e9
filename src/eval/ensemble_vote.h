/* ensemble_vote.h: `eval --ensemble` (issue 20): the votes of an item drawn
 * round-robin from several models (members) of one domain, against the
 * first member alone with the same number of samples. eval_run() asks each
 * member its share of the samples (eval_part.keep_samples); this file
 * combines them: sample g of an item is member g % k's sample g / k. The
 * first member's part asks all N of its own samples, and the ensemble uses
 * its first share of them (same seeds, so one request serves both).
 *
 * The combined result puts the first member alone on SIDE_BASE and the
 * ensemble on SIDE_ADAPTER, so that eval_summarize() gives the paired test
 * of the ensemble against the adapter alone. */
#ifndef LOCO_EVAL_ENSEMBLE_VOTE_H
#define LOCO_EVAL_ENSEMBLE_VOTE_H

#include <stddef.h>

#include "eval.h"

struct dataset;

/* Samples of votes that member j of k gets in the round (j < k). */
int eval_ensemble_share(int votes, size_t k, size_t j);

/* What the vote says besides the scores. */
struct ensemble_stats {
	/* mean share of samples agreeing with the winner, alone and ensemble, over
	 * the items decided by majority (code_execution items go by tests) */
	double agreement[2];
	size_t voted_items;
	size_t votes_won[8]; /* items whose winning sample came from member j (first 8) */
};

/* out (owned: eval_result_free()) from the members' finished results
 * (members[0]: the adapter alone, with alone_votes samples per item: votes
 * for eval --ensemble, its share for bench), scored by each item's type with
 * env. The ensemble's answer has the members' slowest latency and summed
 * tokens, and is cached when all its samples were. */
void eval_ensemble_combine(const struct dataset *ds, struct eval_result *const *members, size_t k,
                           int votes, int alone_votes, struct score_env *env,
                           struct eval_result *out, struct ensemble_stats *st);

#endif
