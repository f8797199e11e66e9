/* votes.h: running a vote against the server: N samples of one prompt sent
 * at once through the backend's multi handle, then majority (tally.h) or a
 * best-of-n judge. Shared by query, chat and eval.
 *
 * A struct vote_run owns its calls, samples and tally; vote_run_free()
 * releases them. The backend and messages are borrowed.
 */
#ifndef LOCO_VOTES_H
#define LOCO_VOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "tally.h"

enum vote_method { VOTE_MAJORITY, VOTE_BEST_OF_N };

/* Below this a vote is quick enough that a serial server costs nothing worth
 * a hint. */
#define VOTE_SERIAL_SECONDS 1.0

/* One model of an ensemble (issue 20): it asks with its own messages (its
 * adapter's system context); label names it in the tally and the samples. */
struct vote_member {
	const char *model;
	const char *digest; /* cache key */
	const struct cJSON *messages;
	const char *label; /* an adapter's name, or "base" */
};

struct vote_opts {
	int n; /* samples, 2..64 */
	enum vote_method method;
	struct chat_options chat; /* per sample; temperature set by the caller */
	bool has_seed;            /* sample i gets seed + i */
	long seed;
	enum vote_extractor how;
	const char *pattern;                          /* VOTE_PATTERN */
	const char *question;                         /* shown to the best-of-n judge */
	void (*progress)(void *ctx, int done, int n); /* after each finished sample */
	void *progress_ctx;
	bool early_stop; /* cancel the samples a settled vote does not need (issue 20) */
	/* --votes auto: while the agreement of the samples so far is below
	 * min_agreement, two more are drawn, up to max_n (0: n is fixed). */
	int max_n;
	double min_agreement;
	const char *cache_dir; /* NULL: no cache */
	const char *digest;    /* the model's digest, part of the cache key */
	/* --ensemble: sample i asks members[i % n_members] (its seed stays
	 * seed + i); 0 members: every sample asks the model given. */
	const struct vote_member *members;
	int n_members;
};

struct vote_run {
	int n;
	struct chat_call **calls;
	struct vote_sample *samples;
	long *seeds; /* per sample; meaningful when has_seed */
	bool has_seed;
	int succeeded;
	int saved; /* samples cancelled by the early stop: not needed */
	struct vote_tally tally;
	const char **labels;     /* per sample, an ensemble's member (borrowed); NULL: none */
	enum vote_method method; /* what decided: majority, or the judge */
	int winner;              /* sample index printed, -1 = none */
	bool judged;
	int judge_pick; /* judge's choice, -1 = unparseable (first sample taken) */
	char *judge_reply;
	struct net_error judge_error;
	double seconds;
	/* The samples came back strictly one at a time (each began after the one
	 * before had ended) on a vote that took at least VOTE_SERIAL_SECONDS: the
	 * server runs one request at a time (Ollama's OLLAMA_NUM_PARALLEL=1). */
	bool serial;
	int cache_failed;  /* samples the cache could not keep */
	char *cache_error; /* the first of those failures: path and reason */
};

/* Runs the vote (n samples, or with max_n from n up, two at a time, as
 * the agreement asks); returns 0 when at least half the samples answered (else -1:
 * the first failure is in calls[i]'s result). Interrupts leave a partial run. */
int vote_collect(struct backend *b, const char *model, const struct cJSON *messages,
                 const struct vote_opts *o, struct vote_run *r);
void vote_run_free(struct vote_run *r);

/* What decided, for the stats line: the tally, or what the judge did. */
char *vote_run_decision(const struct vote_run *r);

/* The vote for the metadata line: decision, and the winner's mean token
 * log-probability when the server sent them ("...; mean logprob -0.42")
 * (caller frees). */
char *vote_run_meta(const struct vote_run *r, const char *decision);

/* The first failed sample's error, or NULL. */
const struct net_error *vote_run_first_error(const struct vote_run *r);

#endif
