/* classifier.h: the classifier router's model (issue 17 item 3): TF-IDF over
 * word unigrams, bigrams and a few indicator features, and a multinomial
 * logistic regression with L2 and class weights, trained here in C.
 *
 * Features of a text (classifier_features()): its words (runs of ASCII
 * letters, digits and '_', or of bytes >= 0x80), ASCII-lower-cased, a word of
 * digits only becoming "#n"; every pair of neighbouring words ("how many");
 * and indicators, which start with '#' so no word can collide with them:
 * #digit (a digit), #op (an operator between numbers: 3*4, 12 / 5, 2^3, 15%),
 * #brace ({ } [ ]), #call (a word touching '(' like f(x), or "()"),
 * #semi (';'), #dollar ('$'), #def ("def" then a word), #sym (==, !=, =>,
 * ->, ::, &&, ||, ++, <<, >>); and, when the model has char_ngrams n, the
 * character n-grams within each ASCII word ("~" then n bytes of "<word>":
 * "~<ca", "~cat", "~at>" for "cat" and n = 3). A feature's value is (1 + ln count) * idf,
 * idf = ln((1 + N) / (1 + df)) + 1 over the N training texts (scikit-learn's
 * smooth, sublinear TF-IDF), and the vector is scaled to length 1.
 *
 * The model file is the text format in docs/routing.md ("The classifier's
 * model file"); classifier_parse() reads it strictly, with
 * "<label>:<line>:<column>: what was expected" on any mistake.
 *
 * `loco route` reads the model through a compiled cache instead
 * (classifier_load_cached(), docs/routing.md "The model's cache"): the same
 * model in native binary form, mapped read-only, its arrays used in place.
 *
 * A struct classifier owns everything in it (classifier_free()), the
 * mapping of its cache included.
 */
#ifndef LOCO_CLASSIFIER_H
#define LOCO_CLASSIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bincache.h"
#include "util.h"

#define CLASSIFIER_FORMAT   2
#define CLASSIFIER_MAX_GRAM 5
#define CLASSIFIER_FILE_MAX (32u << 20)
#define CLASSIFIER_MAX_K    1024

struct classifier_example {
	const char *text;
	size_t len;
	int label; /* 0..k-1 */
};

struct classifier_params {
	double l2;       /* lambda of (lambda / 2) * |W|^2, added to the weighted mean loss */
	int max_iter;    /* L-BFGS iterations */
	int min_df;      /* a feature must be in this many training texts */
	int char_ngrams; /* n of the character n-grams within words; 0: none */
	double tol;      /* L-BFGS stops when no gradient entry exceeds it (0: never) */
};

/* The defaults `loco router train` uses. */
extern const struct classifier_params classifier_defaults;

/* A file the training data came from, as it was at training time. */
struct classifier_source {
	char sha256[65];
	long long size;
	long long mtime_ns;
	char *path;
};

/* One accuracy measured by `loco router train`: set is "heldout" or "cv5"
 * (k-fold), kind "classifier" or "keyword". */
struct classifier_measure {
	char *set, *kind;
	long right, total;
};

struct classifier {
	/* what the model was trained from (docs/routing.md) */
	char data_sha256[65];   /* the training examples, label and text */
	char registry_hash[17]; /* FNV-1a 64 of the registry fields and files they came from */
	struct classifier_source *sources;
	size_t n_sources;
	long n_examples;
	int char_ngrams; /* 0, or n of the character n-grams in the features */
	double target_precision;
	double threshold; /* confidence needed to route to an adapter */
	struct classifier_measure *measures;
	size_t n_measures;
	/* the model */
	char **classes; /* k names; the last is "base" */
	size_t k;
	double *bias;       /* k */
	size_t nf;          /* features, sorted by bytes (memcmp order) */
	char *arena;        /* their texts, NUL-separated */
	uint32_t *feat_off; /* nf offsets into arena */
	double *idf;        /* nf */
	double *w;          /* nf * k, feature-major */
	/* from a cache: bias, idf, w, feat_off and arena point into the cache's
	 * bytes (map, when mapped), not the heap */
	bool view;
	struct bc_map map;
};

/* Trains on ex (labels < k; class names copied). Deterministic: the same
 * examples in the same order give the same model, byte for byte. NULL only
 * when no example has a feature (*err says so). */
struct classifier *classifier_train(const char *const *classes, size_t k,
                                    const struct classifier_example *ex, size_t n,
                                    const struct classifier_params *p, char **err);

/* Fills probs[0..k) with the softmax probabilities of text's classes. */
void classifier_predict(const struct classifier *c, const char *text, size_t len, double *probs);

void classifier_free(struct classifier *c);

/* The model file's text (caller frees). */
char *classifier_format(const struct classifier *c, size_t *len);
/* Parses a model file's text; label names it in messages. NULL with *err. */
struct classifier *classifier_parse(const char *label, const char *text, size_t len, char **err);
/* Reads path (at most CLASSIFIER_FILE_MAX bytes) and parses it. */
struct classifier *classifier_load(const char *path, char **err);

/* The compiled cache of the model file at path, as it was when key was
 * taken (docs/routing.md), appended to out. */
void classifier_cache_format(const struct classifier *c, const char *path,
                             const struct file_key *key, struct strbuf *out);
/* The model in a cache's bytes (at least 8-byte aligned), when they are whole,
 * of this loco and model format, for path as key says it is now, and
 * checksummed right; else NULL. The model's arrays point into data, which
 * must outlive it. */
struct classifier *classifier_cache_read(const void *data, size_t len, const char *path,
                                         const struct file_key *key);
/* classifier_load() through the cache of path in cache_dir: a cache that is
 * missing, stale or damaged in any way is rebuilt from the model file
 * (atomically; a cache that cannot be written only costs speed). Errors are
 * the model file's, as classifier_load() gives them. */
struct classifier *classifier_load_cached(const char *path, const char *cache_dir, char **err);

/* The features of text (with character n-grams when char_ngrams is n), each
 * once with its count, in *feats (NUL-separated, in the order first seen)
 * and counts[]; for tests. Returns how many. Caller frees *feats (strbuf)
 * and *counts. */
size_t classifier_features(const char *text, size_t len, int char_ngrams, struct strbuf *feats,
                           int **counts);

#endif
