/* board.h: the leaderboard (SPEC section 8) as data: per domain, the adapters
 * ranked by their latest archived eval on the domain's benchmark, with a
 * per-semester trend, built from the eval archive (results.h). The command
 * renders it as a table, JSON, Markdown or HTML (board_report.h).
 *
 * The benchmark of a domain is the eval dataset of its active adapter (with
 * no active adapter: of its first adapter in registry order that has one).
 * A run counts only when the SHA-256 it recorded equals that file's digest;
 * runs on any other version of the file are counted as not comparable.
 * --base-only runs score no adapter and are neither.
 *
 * struct board owns what it holds (board_free()); adapters, domain names and
 * the registry are borrowed from the registry, which must outlive the board.
 * Strings read from archive files stay inside the board's parsed runs.
 */
#ifndef LOCO_BOARD_H
#define LOCO_BOARD_H

#include <stdbool.h>
#include <stddef.h>

struct registry;
struct adapter;
struct cJSON;

/* The latest comparable run of one semester. */
struct board_point {
	const char *semester;
	double score;
};

struct board_entry {
	const struct adapter *adapter;
	bool ranked; /* has a comparable run */
	int rank;    /* 1-based, shared by equal scores; 0 when not ranked */
	/* the latest comparable run (when ranked) */
	double score, base_score, delta, n; /* fractions in [0, 1]; n items */
	const char *verdict, *semester, *timestamp;
	char *result_path;         /* its archive file */
	struct board_point *trend; /* by semester, oldest first */
	size_t n_trend;
	size_t not_comparable; /* runs on another version of the dataset */
	char *eval_command;    /* what to run to (re)rank it */
};

struct board_domain {
	const char *name;
	const struct adapter
	    *reference;              /* whose dataset is the benchmark; NULL when none has one */
	char *dataset;               /* its path, or NULL */
	char sha256[65];             /* what runs are compared with; "" when no run counts */
	char *note;                  /* why sha256 came from a run, not the file, or NULL */
	struct board_entry *entries; /* ranked first (by rank, then name), then the rest
	                              * in registry order */
	size_t n, n_ranked;
	size_t not_comparable;  /* over every adapter of the domain */
	const char **semesters; /* every semester in the trends, sorted */
	size_t n_semesters;
};

/* An archive file that could not be used, and why (the reason names the file). */
struct board_skip {
	char *path, *reason;
};

struct board {
	struct board_domain *domains; /* in registry order */
	size_t n;
	struct board_skip *skipped;
	size_t n_skipped;
	struct cJSON **runs; /* every parsed archive file (the strings above live here) */
	size_t n_runs;
};

/* Builds the board from home's archive for every domain of reg, or only for
 * domain `only` (NULL = all; a name no adapter has gives an empty board).
 * Unreadable or malformed archive files are left out and listed in skipped;
 * a benchmark file that cannot be hashed leaves a note. Never fails. */
void board_build(struct board *b, const struct registry *reg, const char *home, const char *only);
void board_free(struct board *b);

/* Whether some adapter of reg has this domain. */
bool board_has_domain(const struct registry *reg, const char *domain);

#endif
