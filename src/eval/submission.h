/* submission.h: the adapter submission checklist (the seed's "Required for
 * Every Adapter", issue 13 item 9) as findings a command can print or a CI
 * job can act on. `loco adapters check` is its command.
 *
 * The checks, in order:
 *   registry       the entry has a description, authors, router keywords or
 *                  patterns, an eval_dataset, a system_prompt (system-prompt
 *                  type) or a model file that is there or has a url;
 *   dataset        the eval dataset loads and has at least min_items items;
 *   training_log   lora and merged-gguf adapters: TRAINING_LOG.md beside the
 *                  dataset (not empty), or a training: block in the registry;
 *   training_data  when there is training data (training.data_file, else
 *                  training_data.jsonl beside the dataset): no eval item in
 *                  it, exactly or by 13-gram overlap (overlap.h);
 *   router_examples  when router_examples.jsonl is beside the dataset: it
 *                  loads (examples.h) and no eval item is in it, by the same
 *                  rules (no finding when there is no such file);
 *   eval           the latest archived eval of the adapter (LOCO_HOME/results)
 *                  ran on this version of the dataset and says "ships".
 * Every failure is one finding whose text says what is wrong and what to do.
 * A check that does not apply, or cannot run because an earlier one failed,
 * is skipped, which is not a failure.
 *
 * Nothing here prints or exits; everything returned is the caller's
 * (submission_report_free()).
 */
#ifndef LOCO_SUBMISSION_H
#define LOCO_SUBMISSION_H

#include <stdbool.h>
#include <stddef.h>

#include "registry.h"

enum submission_check {
	SUBMISSION_REGISTRY,
	SUBMISSION_DATASET,
	SUBMISSION_TRAINING_LOG,
	SUBMISSION_TRAINING_DATA,
	SUBMISSION_ROUTER_EXAMPLES,
	SUBMISSION_EVAL,
};

enum finding_status { FINDING_PASS, FINDING_FAIL, FINDING_SKIP };

struct finding {
	enum submission_check check;
	enum finding_status status;
	char *text; /* one line, no newline */
	/* a leak (training_data failures): both files and lines; else NULL, 0 */
	char *eval_file, *training_file;
	int eval_line, training_line;
	const char *leak_kind; /* "exact" or "n-gram" */
	char *words;           /* the normalized words the two share */
};

struct submission_report {
	char *adapter;
	struct finding *findings;
	size_t n, failures;
};

struct submission_opts {
	const char *home; /* LOCO_HOME, where the eval archive is */
	long min_items;   /* eval.min_items */
	bool skip_eval;   /* leave the archived-eval check out (a CI step before loco eval) */
};

void submission_check(const struct registry *r, const struct adapter *a,
                      const struct submission_opts *o, struct submission_report *out);
void submission_report_free(struct submission_report *r);

/* "registry", "dataset", "training_log", "training_data", "router_examples",
 * "eval" */
const char *submission_check_name(enum submission_check c);

#endif
