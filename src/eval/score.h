/* score.h: the scorers of SPEC section 7: does a response answer an eval item
 * correctly, and how well (0..1). Each item's type picks the scorer.
 * struct item_score owns its strings (item_score_free()). */
#ifndef LOCO_SCORE_H
#define LOCO_SCORE_H

#include <stdbool.h>

struct eval_item;

struct item_score {
	int passed, total; /* code_execution: tests passed (partial credit) */
	double score;      /* 0..1: 1/0 for pass/fail scorers, the overlap for rouge and f1 */
	bool correct;      /* pass/fail (McNemar counts these) */
	char *extracted;   /* what the scorer read from the response, or NULL */
	char *note;        /* why it failed when that is not obvious (syntax error, timeout) */
};

#include "sandbox.h"

struct assert_plan;

/* What the scorers share across items: code_execution's sandbox settings, the isolation layers
 * that were in force, and how each item's asserts are checked (the parse run's output, cached
 * per list of tests; score_env_free() releases it). */
struct score_env {
	bool allow_unsandboxed;
	long max_disk_mb;             /* sandbox.max_disk_mb; 0 = the sandbox's default */
	bool ran;                     /* some code ran */
	struct sandbox_layers layers; /* of the last run */
	struct assert_plan *plans;    /* owned */
	int asserts_by_loco;          /* over the distinct lists of asserts: checked by value */
	int asserts_in_process;       /* run in the answer's process (forgeable) */
};

void score_env_free(struct score_env *env);

void score_item(const struct eval_item *it, const char *response, struct score_env *env,
                struct item_score *out);
void score_code_execution(const struct eval_item *it, const char *response, struct score_env *env,
                          struct item_score *s);
void item_score_free(struct item_score *s);

struct cJSON;
/* code_execution's comparison of a returned value with expected_output: exact JSON equality
 * (same types, so true is not 1; numbers equal as doubles, 2 equals 2.0, no tolerance; strings
 * byte for byte; arrays in order; objects by key). */
bool code_json_equal(const struct cJSON *got, const struct cJSON *want);

#endif
