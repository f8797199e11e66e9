/* ensemble_vote.c: one vote per item over the samples of several models
 * (ensemble_vote.h). */
#include "ensemble_vote.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "tally.h"
#include "util.h"

int eval_ensemble_share(int votes, size_t k, size_t j)
{
	return (int)j < votes ? (votes - (int)j + (int)k - 1) / (int)k : 0;
}

/* The majority over n responses as eval reads the item's type (eval.c's
 * vote_winner): the winner's index (the first answered when none can be
 * read, -1 when none answered), its agreement, and the tally text. */
static int majority(const struct eval_item *it, const char **resp, int n, double *agreement,
                    char **text)
{
	struct vote_sample *s = xcalloc((size_t)n + 1, sizeof *s);
	for (int i = 0; i < n; i++)
		s[i].response = resp[i];
	const char *match = item_config_string(it, "match");
	struct vote_tally t;
	vote_majority(s, (size_t)n, vote_extractor_for(it->type),
	              item_config_string(it, "extract_pattern"),
	              match && !strcmp(match, "first") ? PATTERN_FIRST : PATTERN_LAST, &t);
	int w = t.winner;
	for (int i = 0; w < 0 && i < n; i++)
		if (resp[i])
			w = i;
	*agreement = vote_agreement(&t);
	if (text)
		*text = vote_tally_text(&t);
	vote_tally_free(&t);
	for (int i = 0; i < n; i++)
		extracted_free(&s[i].answer);
	free(s);
	return w;
}

/* Code items: the sample passing most tests wins, the earliest on a tie, as
 * eval's own code votes. */
static int best_by_tests(const struct eval_item *it, const char **resp, int n,
                         struct score_env *env, char **text)
{
	int best = -1, best_passed = -1;
	for (int i = 0; i < n; i++) {
		if (!resp[i])
			continue;
		struct item_score s;
		score_item(it, resp[i], env, &s);
		if (s.passed > best_passed)
			best = i, best_passed = s.passed;
		item_score_free(&s);
	}
	*text = xasprintf("best of %d samples by tests: sample %d passed %d", n, best + 1,
	                  best_passed < 0 ? 0 : best_passed);
	return best;
}

static void combine_item(const struct eval_item *it, size_t i, struct eval_result *const *members,
                         size_t k, const int votes[2], struct score_env *env,
                         struct eval_result *out, struct ensemble_stats *st)
{
	int alone_votes = votes[1];
	const char **resp =
	    xcalloc((size_t)(votes[0] > alone_votes ? votes[0] : alone_votes) + 1, sizeof *resp);
	const struct eval_answer *alone = &members[0]->answers[SIDE_ADAPTER][i];
	for (int v = 0; v < alone_votes; v++)
		resp[v] = alone->samples ? alone->samples[v] : NULL;
	double a = 0;
	bool code = !strcmp(it->type, "code_execution");
	majority(it, resp, alone_votes, &a, NULL);
	st->agreement[0] += code ? 0 : a;
	st->voted_items += !code;
	struct eval_answer *base = &out->answers[SIDE_BASE][i];
	base->answered = alone->answered;
	base->score.score = alone->score.score;
	base->score.correct = alone->score.correct;
	base->score.passed = alone->score.passed;
	base->score.total = alone->score.total;
	base->tokens = alone->tokens;
	struct eval_answer *ens = &out->answers[SIDE_ADAPTER][i];
	ens->cached = true;
	for (size_t j = 0; j < k; j++) {
		const struct eval_answer *m = &members[j]->answers[SIDE_ADAPTER][i];
		ens->latency = m->latency > ens->latency ? m->latency : ens->latency;
		ens->cached = ens->cached && m->cached;
		ens->tokens += m->tokens;
	}
	for (int g = 0; g < votes[0]; g++) {
		const struct eval_answer *m = &members[(size_t)g % k]->answers[SIDE_ADAPTER][i];
		resp[g] = m->samples ? m->samples[(size_t)g / k] : NULL;
	}
	int w = code ? best_by_tests(it, resp, votes[0], env, &ens->tally)
	             : majority(it, resp, votes[0], &a, &ens->tally);
	st->agreement[1] += code ? 0 : a;
	if (w >= 0 && (size_t)w % k < LOCO_ARRAY_LEN(st->votes_won))
		st->votes_won[(size_t)w % k]++;
	score_item(it, w >= 0 ? resp[w] : "", env, &ens->score);
	ens->answered = true;
	free(resp);
}

void eval_ensemble_combine(const struct dataset *ds, struct eval_result *const *members, size_t k,
                           int votes, int alone_votes, struct score_env *env,
                           struct eval_result *out, struct ensemble_stats *st)
{
	const int v[2] = {votes, alone_votes};
	memset(out, 0, sizeof *out);
	memset(st, 0, sizeof *st);
	out->n = members[0]->n;
	out->votes = 1;
	for (int s = 0; s < 2; s++)
		out->answers[s] = xcalloc(out->n ? out->n : 1, sizeof *out->answers[s]);
	for (size_t i = 0; i < out->n; i++)
		combine_item(&ds->items[i], i, members, k, v, env, out, st);
	for (int s = 0; s < 2 && st->voted_items; s++)
		st->agreement[s] /= (double)st->voted_items;
}
