/* results.h: the eval archive (SPEC section 7). Every `loco eval` run is kept
 * as LOCO_HOME/results/<adapter>/<UTC stamp>[-N].json ("-N" for a second run
 * within the same second); this module writes those files, finds them and reads them back,
 * for `adapters list` and `adapters check` (the newest run and whether it
 * still counts), `eval` (earlier runs on another dataset, `--plan`'s rates)
 * and `leaderboard` (every run).
 *
 * Everything returned is owned by the caller: results_list_free() for a list,
 * cJSON_Delete() for a parsed file. A record's strings are borrowed from the
 * cJSON object it was read from and live as long as it does. Nothing prints.
 */
#ifndef LOCO_RESULTS_H
#define LOCO_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

/* Archive files are loco's own output, but a hand-edited or truncated one must
 * hit a limit, not exhaust memory. */
#define RESULTS_FILE_MAX (16u << 20)

struct archived_file {
	char *path;  /* LOCO_HOME/results/<adapter>/<name> */
	char *stamp; /* "20260301T120000Z" (the name without "-N.json") */
	long seq;    /* N of "-N", 1 without */
};

struct results_list {
	struct archived_file *files;
	size_t n;
};

/* LOCO_HOME/results/<adapter> (caller frees). */
char *results_dir(const char *home, const char *adapter);

/* Every *.json in the adapter's folder, oldest first (by stamp, then N). A
 * folder that does not exist is an empty list; so is one that cannot be
 * opened (the caller has nothing to rank either way). */
void results_list(const char *home, const char *adapter, struct results_list *out);
void results_list_free(struct results_list *l);

/* The UTC stamp a run written now is named by, "20260301T120000Z" (caller frees). */
char *results_stamp_now(void);

/* Writes one run as LOCO_HOME/results/<adapter>/<stamp>.json, or <stamp>-N.json
 * (N = 2, 3, ...) when a run of the same second is there already, whole and private
 * (0600, folders 0700). -1 with *err (path and reason) when it cannot be written. */
int results_write(const char *home, const char *adapter, const char *stamp, const struct cJSON *run,
                  char **err);

/* How many archived runs of the adapter were recorded on a dataset whose SHA-256 is
 * not sha (their results are not comparable with a run on it). */
size_t results_other_dataset(const char *home, const char *adapter, const char *sha);

/* Parses one archive file: a JSON object, or NULL with *err saying why (the
 * message names the file). */
struct cJSON *results_read(const char *path, char **err);

/* The newest archived run of an adapter that parses, or NULL. */
struct cJSON *results_newest(const char *home, const char *adapter);

/* The fields of one run that comparisons need, checked for type. Scores are
 * fractions in [0, 1]; a --base-only run has no adapter score, delta or
 * verdict (NaN and NULL). */
struct eval_record {
	const char *adapter;        /* adapter_name */
	const char *dataset_sha256; /* 64 hex digits */
	const char *semester;       /* "2026-S2" */
	const char *timestamp;      /* "20260301T120000Z" */
	bool base_only;
	double n;
	double base_score, adapter_score, delta;
	const char *verdict;
	bool ood_checked; /* "out_of_domain" is a list: the verdict includes that rule */
};

/* Fills r from a parsed archive file; -1 with *err naming the first key that
 * is missing or of the wrong type (not the file: the caller knows it). */
int results_record(const struct cJSON *run, struct eval_record *r, char **err);

/* How the newest archived comparison of an adapter stands against its dataset now. */
enum results_standing {
	RESULTS_NONE,          /* no run that compares the adapter (base-only runs skipped) */
	RESULTS_CURRENT,       /* recorded on the dataset as it is now */
	RESULTS_OTHER_DATASET, /* recorded on another version of it: stale */
	RESULTS_NO_HASH,       /* recorded no valid dataset_sha256: stale, as the leaderboard
	                          does not rank it either */
};

/* The newest run of the adapter that parses and is not --base-only; with dataset_sha (the
 * SHA-256 of the adapter's dataset file now, or NULL when there is no file to compare) its
 * standing. Files that do not parse, or whose other fields fail results_record(), are
 * passed over for the next older one. run is owned by the caller (cJSON_Delete); rec is
 * filled unless standing is RESULTS_NONE or RESULTS_NO_HASH, and borrows from run. */
struct results_latest {
	enum results_standing standing;
	struct cJSON *run;
	struct eval_record rec;
};
void results_latest(const char *home, const char *adapter, const char *dataset_sha,
                    struct results_latest *out);
bool results_stale(const struct results_latest *l); /* other dataset or no hash */

/* For `loco adapters check`: whether the newest archived comparison of the adapter was made
 * on the dataset whose SHA-256 is dataset_sha, included the out-of-domain rule, and ships.
 * 1: it does. 0: it does not, and *why (caller frees) says so in one line with the fix,
 * e.g. "the latest eval (20260301T120000Z) says 'not significant', not 'ships'". */
int results_latest_verdict(const char *home, const char *adapter, const char *dataset_sha,
                           char **why);

#endif
