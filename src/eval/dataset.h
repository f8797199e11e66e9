/* dataset.h: an adapter's evaluation dataset (SPEC section 7), a JSONL file of
 * items in the simple (question/answer) or rich (instruction/expected_output)
 * form, loaded and checked whole before the harness sends anything.
 *
 * struct dataset owns everything in it: the items, their strings, keyword lists
 * and evaluation_config objects; dataset_free() releases it all. Arguments are
 * borrowed. Items keep the file's order.
 */
#ifndef LOCO_DATASET_H
#define LOCO_DATASET_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

/* Limits a hostile or runaway file runs into (STYLE lesson 5). */
#define DATASET_LINE_MAX  (1u << 20)
#define DATASET_ITEMS_MAX 1000000u

struct eval_item {
	char *id;                /* "id" if present, else "<file stem>-<line>" */
	int line;                /* 1-based line in the file */
	char *prompt;            /* simple form: question; rich form: instruction, and after a
	                          * blank line input when input is not empty */
	char *expected;          /* the expected answer as text ("42", "Paris"), or NULL */
	char **answers;          /* f1 items: every gold answer when the answer is a list */
	size_t n_answers;        /* (expected is then the first); 0 otherwise */
	bool expected_is_number; /* it is one number as number.h reads it ("1,234", "$5", "3/4") */
	double expected_number;
	char *type;           /* the item's evaluation_type, else the adapter's eval_type */
	char *difficulty;     /* NULL when absent */
	struct cJSON *config; /* evaluation_config, or NULL */
	char **keywords;      /* answer_keywords */
	size_t n_keywords;
};

struct dataset {
	char *path;
	char sha256[65]; /* of the file's bytes, 64 lowercase hex digits */
	struct eval_item *items;
	size_t n;
	bool has_difficulty; /* some item has one */
};

/* Loads and validates every line; the first problem is reported as
 * "<path>:<line>: <reason>" (e.g. "eval_dataset.jsonl:17: expected_output missing"),
 * with the path as given. default_type is the adapter's eval_type; when NULL,
 * every item must carry its own evaluation_type. A key set to null counts as absent;
 * keys loco does not use are ignored. On failure d is left empty. */
int dataset_load(struct dataset *d, const char *path, const char *default_type, char **err);
void dataset_free(struct dataset *d);

/* Whether type is one of the evaluation types of SPEC section 7. */
bool dataset_type_known(const char *type);

/* An item's evaluation_config value: a string (NULL when absent or not a
 * string) or a number (fallback when absent or not a number). */
const char *item_config_string(const struct eval_item *it, const char *key);
double item_config_number(const struct eval_item *it, const char *key, double fallback);

#endif
