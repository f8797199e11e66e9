/* score.h: the scorers of SPEC section 7: does a response answer an eval item
 * correctly, and how well (0..1). Each item's type picks the scorer.
 * struct item_score owns its strings (item_score_free()). */
#ifndef LOCO_SCORE_H
#define LOCO_SCORE_H

#include <stdbool.h>

struct eval_item;

struct item_score {
	double score;	 /* 0..1: 1/0 for pass/fail scorers, the overlap for rouge and f1 */
	bool correct;	 /* pass/fail (McNemar counts these) */
	char *extracted; /* what the scorer read from the response, or NULL */
	char *note;	 /* why it failed when that is not obvious (syntax error, timeout) */
};

/* Whether this build can score the type; *why says what is missing. */
bool scorer_supported(const char *type, const char **why);

void score_item(const struct eval_item *it, const char *response, struct item_score *out);
void item_score_free(struct item_score *s);

#endif
