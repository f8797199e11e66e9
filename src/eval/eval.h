/* eval.h: the evaluation harness (SPEC section 7). eval_run() asks the base
 * model and the adapter's model every item of one or more datasets, in blocks
 * of one model so that a server loads each model once, --jobs at a time
 * through the backend's multi handle, answering repeats from the cache, and
 * scores each answer; eval_summarize() turns the scores into the report
 * (the test, its interval, power and the verdict).
 *
 * struct eval_result owns its per-item arrays (eval_result_free()) and
 * struct eval_status its messages (eval_status_free()); datasets, backends,
 * names and options are borrowed.
 */
#ifndef LOCO_EVAL_H
#define LOCO_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "backend.h"
#include "score.h"
#include "stats.h"

struct dataset;
struct cJSON;

enum eval_side { SIDE_BASE, SIDE_ADAPTER };

struct eval_progress {
	size_t done, total;           /* requests */
	size_t correct[2], scored[2]; /* per side */
	double elapsed;
};

#define EVAL_MAX_HOSTS  16
#define EVAL_MAX_MODELS 64

/* One dataset asked of the base and an adapter's model. A run holds one or
 * more (the adapter's own dataset, --out-of-domain's others, every adapter's
 * with --all), so that every request for one model goes out in one block. */
struct eval_part {
	const struct dataset *ds;
	size_t limit;                /* 0 = every item */
	const char *model[2];        /* base and adapter model names */
	const char *digest[2];       /* their digests (cache keys) */
	const char *system;          /* the adapter's system context; the base gets none */
	struct score_env *score_env; /* code_execution's sandbox settings and layers */
	struct eval_result *r;       /* filled by eval_run() */
	/* layers of this part on top of the options' (bench runs cells with and without
	 * them in one run): RE2 when either says so; votes 0 = the options' */
	bool reread;
	int votes;
	/* sample at the vote temperature and keep every sample (eval_answer.samples)
	 * even with one vote: an ensemble's member (ensemble_vote.h) */
	bool keep_samples;
	/* tools (issue 19): which sides are offered the python tool; same_system gives
	 * the base side the system context too (--compare-tools asks the adapter's
	 * model on both sides, with and without tools) */
	bool tools[2];
	bool same_system;
};

struct eval_opts {
	struct backend **hosts; /* one or more servers; each keeps one model loaded at a time */
	size_t n_hosts;
	int jobs; /* requests at once */
	bool base_only;
	bool adapter_only; /* only the adapter side: each part's model[SIDE_ADAPTER] (bench) */
	bool reread;       /* RE2 */
	int votes;         /* samples per answer (1 = off), majority by the item's type */
	/* votes: once the leader cannot be overtaken (tally.h), cancel the answer's
	 * samples in flight and send none of the rest (not code_execution, tools or
	 * keep_samples parts); the decision is the full vote's (issue 20) */
	bool early_stop;
	double vote_temperature;
	struct chat_options chat; /* deterministic options */
	const char *cache_dir;    /* NULL = no cache */
	const char *judge_model;  /* llm_judge items: who grades (default the base model) */
	double judge_temperature; /* the judge runs differ by seed at this temperature */
	FILE *log;                /* --log: one JSON line per (item, model), or NULL */
	int tool_max_calls;       /* tools.max_calls: runs per answer (0 = 3) */
	void (*progress)(void *ctx, const struct eval_progress *p);
	void *progress_ctx;
};

#define JUDGE_RUNS 3

struct eval_answer {
	bool answered;
	struct item_score score;
	double latency;
	bool cached;
	char *response;           /* kept for llm_judge items until judged */
	char **samples;           /* --votes: each sample's answer (NULL when it failed) */
	int sampled;              /* samples finished */
	int saved;                /* samples the early stop cancelled or never sent */
	char *tally;              /* --votes: the vote's tally line */
	double judge[JUDGE_RUNS]; /* llm_judge: each run's score, NAN when unreadable */
	int judged;               /* judge runs finished */
	bool lost;                /* a request of it got no answer */
	long tokens;              /* generated, summed over the samples (judges not counted) */
	struct cJSON *tool_trace; /* tools: every run, as --json's tool_calls; NULL without */
	size_t tool_calls;        /* runs, over the samples */
	size_t tool_ok;           /* of them, the runs that exited 0 */
};

/* One part's answers. */
struct eval_result {
	size_t n;                       /* items evaluated */
	int votes;                      /* samples per answer */
	struct eval_answer *answers[2]; /* per side, per item */
	size_t failed;                  /* requests that got no answer */
	struct net_error first_error;   /* the first of them */
	/* the early stop: samples not needed, and the tokens they would have cost
	 * (each answer's saved samples at the mean of its finished ones) */
	size_t samples_saved;
	double tokens_saved;
};

/* A load of a runner is a request whose load_duration is at least this (a
 * loaded runner answers in milliseconds). */
#define EVAL_LOAD_MIN_SECONDS 0.1
/* The seed's "adapter swap time" target. */
#define EVAL_SWAP_TARGET_SECONDS 0.5

/* The runner loads one model cost, read from the servers' load_duration:
 * requests that waited for the same load on one server count once. */
struct eval_loads {
	const char *model; /* borrowed from the parts or the options */
	int loads;
	double seconds;
};

/* The run as a whole. */
struct eval_status {
	size_t failed;                /* requests that got no answer */
	struct net_error first_error; /* the first of them */
	bool fatal; /* a failure that stops the run (server gone, model missing) */
	bool interrupted;
	size_t sent;          /* requests actually sent (not from the cache) */
	size_t samples_saved; /* the early stop's, over every part (eval_result's) */
	double tokens_saved;
	double seconds;
	bool host_down[EVAL_MAX_HOSTS];   /* servers taken out of rotation */
	char *host_error[EVAL_MAX_HOSTS]; /* and why */
	size_t cache_failed;              /* answers the cache could not keep */
	char *cache_error;                /* the first of those failures: path and reason */
	struct eval_loads loads[EVAL_MAX_MODELS];
	size_t n_loads;
	int blocks; /* configurations the requests were grouped in */
	/* The servers swap adapters per request (llama.cpp, vLLM; issue 22):
	 * nothing reloads, so the requests of every model went out side by side
	 * in one block, and the swap's cost is in each answer's time to its
	 * first byte, summed here per model (answers from the cache left out). */
	bool per_request;
	struct eval_first_byte {
		const char *model; /* borrowed like eval_loads' */
		int n;
		double seconds;
	} first_byte[EVAL_MAX_MODELS];
	size_t n_first_byte;
	/* With --jobs above 1 on one server, the answers came back strictly one
	 * at a time (none began before the one before had ended) over at least
	 * EVAL_SERIAL_SECONDS: the server runs one request at a time. */
	bool serial;
};
#define EVAL_SERIAL_SECONDS 1.0

/* Asks every part's items, one block of one (model, runner options) at a
 * time per server, --jobs at once inside a block; with several servers the
 * blocks are shared out so that each server keeps its model. Returns -1 when
 * a request got no answer or the user interrupted. */
int eval_run(const struct eval_opts *o, struct eval_part *parts, size_t n_parts,
             struct eval_status *st);
void eval_status_free(struct eval_status *st);
/* The run's loads of model (tags compared as Ollama does), or NULL when it
 * loaded none or st is NULL. */
const struct eval_loads *eval_loads_find(const struct eval_status *st, const char *model);
/* The model's first-byte times, or NULL when none was seen. */
const struct eval_first_byte *eval_first_byte_find(const struct eval_status *st, const char *model);

void eval_result_free(struct eval_result *r);

/* Pass/fail item types score 0 or 1; graded ones (rouge, f1, llm_judge, custom) score
 * anywhere from 0 to 1 and have a threshold only for `correct`. */
bool eval_type_graded(const char *type);

/* The report's numbers. A dataset with any graded item is compared on its scores as a
 * whole (sign-flip test; its pass/fail items count as 0 or 1, and on those alone the
 * sign-flip test is McNemar's); otherwise on pass/fail (exact McNemar, Tango's interval).
 * Either way delta is the mean score difference, which for pass/fail items is the
 * difference of pass rates, so the sign and the p-value come from one statistic. */
enum eval_test { EVAL_TEST_MCNEMAR, EVAL_TEST_SIGN_FLIP };

struct eval_summary {
	size_t n;
	size_t correct[2];
	double score[2]; /* mean item score */
	double total[2]; /* summed item scores (= correct counts on pass/fail datasets) */
	double delta;    /* adapter - base, in score units (x100 = points) */
	enum eval_test test;
	double p;       /* the test's two-sided p-value */
	bool exact;     /* p from every sign pattern (always, for McNemar) */
	long resamples; /* Monte Carlo sign patterns (0: none) */
	double ci_lo, ci_hi;
	size_t differing;             /* items where the two scores differ */
	long only_base, only_adapter; /* discordant pairs by `correct` */
	double mcnemar_p;             /* pass/fail datasets; NAN for graded ones */
	double sd;                    /* of the per-item differences (graded power) */
	double discordance;           /* (only_base + only_adapter) / n */
	double mde;                   /* minimum detectable difference (fraction), NAN: none */
	size_t min_items;             /* the floor the verdict applied */
	enum verdict test_verdict;    /* what the test alone says */
	enum verdict verdict;         /* with the floor (and, later, out of domain) */
	/* code_execution: the mean share of an item's tests passed, over the items that
	 * ran tests (0 when none did), beside pass@1 */
	double partial_credit[2];
	/* the items that carry a difficulty, per level present (easy, medium, hard in that
	 * order): how many, and the share each side got right */
	struct eval_level {
		const char *name; /* "easy", "medium", "hard" (static) */
		size_t n;
		double correct[2];
	} levels[3];
	size_t n_levels;
};

/* Fills s from a finished run; items are r->answers[*][0..r->n), typed by ds->items:
 * the scores, the comparison (unless base_only), partial credit and the difficulty
 * table. */
void eval_summarize(const struct eval_result *r, const struct dataset *ds, size_t min_items,
                    bool base_only, struct eval_summary *s);
/* "mcnemar_exact" or "sign_flip_permutation" (the --json names) */
const char *eval_test_name(enum eval_test t);

/* The user message an item is sent as (RE2 applied when reread). */
char *eval_prompt(const char *item_prompt, bool reread);

#endif
