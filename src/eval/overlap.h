/* overlap.h: whether eval items appear in an adapter's training data (the
 * contamination check of `loco adapters check`, issue 13 item 9).
 *
 * Two rules, each naming the eval line and the training line:
 *   exact   the item's prompt, normalized, equals a training line's string
 *           value, or up to 16 consecutive ones joined (instruction + input);
 *   n-gram  the item (prompt, then expected answer) and a training line
 *           share 13 consecutive normalized words, or all of the item's
 *           words when it has 8 to 12: the rule of the GPT-3 paper (Brown
 *           et al. 2020, "Language Models are Few-Shot Learners", appendix
 *           C): 13-gram collisions, and for its overlap analysis N words,
 *           N from 8 to 13, for shorter examples. Its filter comes too: a
 *           gram found in more than 10 training lines is common text
 *           (boilerplate, a shared instruction) and is not counted. Items
 *           of fewer than 8 words are checked by the exact rule only.
 * Normalization, also as in that appendix: lower-case (Unicode), split on
 * white space, delete every character of a word that is not a letter or a
 * digit, drop words left empty ("Don't stop!" is "dont stop").
 *
 * Training data is JSONL: every line a JSON value (usually an object such as
 * {"instruction", "input", "output"} or {"messages": [...]}); its text is
 * every string in it, keys left out, in document order. Blank lines are
 * skipped. A line that is not valid UTF-8 or JSON, or is longer than
 * OVERLAP_LINE_MAX, stops the scan with "<path>:<line>: <reason>".
 *
 * Memory grows with the eval items, not the training file, which is read
 * one line at a time. Everything returned is the caller's (overlap_free()).
 */
#ifndef LOCO_OVERLAP_H
#define LOCO_OVERLAP_H

#include <stdbool.h>
#include <stddef.h>

#define OVERLAP_N         13
#define OVERLAP_MIN_N     8  /* shorter items get no gram */
#define OVERLAP_MAX_LINES 10 /* a gram in more training lines than this is common text */
#define OVERLAP_LINE_MAX  (16u << 20)

struct overlap_item {
	int line;             /* its line in the eval dataset */
	const char *prompt;   /* borrowed */
	const char *expected; /* borrowed; may be NULL */
};

enum leak_kind { LEAK_EXACT, LEAK_NGRAM };

struct leak {
	size_t item;       /* index into the items given */
	int eval_line;     /* the item's line in the eval dataset */
	int training_line; /* the first training line it is in */
	enum leak_kind kind;
	size_t n_words; /* LEAK_NGRAM: how many words in a row (13, or 8 to 12) */
	char *words;    /* the shared words, or the whole normalized prompt */
};

struct overlap_result {
	struct leak *leaks; /* in item order, at most one per item (exact first) */
	size_t n_leaks;
	size_t training_lines; /* non-blank lines read */
	size_t common_ngrams;  /* eval grams left out as common (> OVERLAP_MAX_LINES) */
};

/* Scans the training file for the items. Returns 0 (leaks or none), or -1
 * with *err when the file cannot be read or a line is bad; out is then
 * empty. */
int overlap_scan(const struct overlap_item *items, size_t n, const char *training_path,
                 struct overlap_result *out, char **err);
void overlap_free(struct overlap_result *r);

/* The normalized words of text joined by single spaces (caller frees). */
char *overlap_normalize(const char *text);

#endif
