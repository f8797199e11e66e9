/* embedding.h: the embedding router (issue 17 item 4): each text becomes
 * the vector the server's embedding endpoint gives for it (backend_embed()),
 * scaled to length 1; the head is a nearest centroid: each class's centroid
 * is the mean of its training vectors scaled to length 1, and a text's class
 * probabilities are softmax(scale * cosine to each centroid), scale chosen by
 * cross-validation (embed_fit()).
 *
 * Two files in $LOCO_HOME/router/ (docs/routing.md, "The embedding
 * router's files"), both text, versioned and read strictly with
 * "<label>:<line>:<column>: what was expected" on any mistake:
 *   embeddings/<key>.cache  the vectors of texts already embedded, one file
 *                           per embedding model (key: its digest, or a hash
 *                           of its name when the server gives no digest),
 *                           each vector under the SHA-256 of its text;
 *   embedding.model         the centroids, the threshold, and what they were
 *                           trained from (as the classifier's model file).
 * Vector components are stored as whole numbers of millionths, which a unit
 * vector's components (at most 1 in size) always fit.
 *
 * Every struct here owns what it holds (its _free()).
 */
#ifndef LOCO_EMBEDDING_H
#define LOCO_EMBEDDING_H

#include <stdbool.h>
#include <stddef.h>

#include "classifier.h"
#include "trainset.h"

#define EMBED_CACHE_FORMAT 1
#define EMBED_MODEL_FORMAT 1
#define EMBED_FILE_MAX     (256u << 20)
#define EMBED_DIM_MAX      (1u << 16)

/* Scales v to length 1; false (v unchanged) when it has no length. */
bool embed_normalize(float *v, size_t dim);

/* ---- the cache of embedded texts --------------------------------------- */

struct embed_cache {
	char *model;  /* the embedding model's name */
	char *digest; /* its digest, "" when the server gives none */
	size_t dim;   /* 0 until the first vector */
	size_t n, cap;
	char (*key)[65]; /* SHA-256 of each text, hex */
	float *vec;      /* n * dim, each of length 1 */
	size_t *slot;    /* hash table of indexes + 1 (0 empty), n_slot a power of two */
	size_t n_slot;
	bool changed; /* put() added a vector since it was loaded */
};

struct embed_cache *embed_cache_new(const char *model, const char *digest);
/* The vector stored under key, or NULL. */
const float *embed_cache_get(const struct embed_cache *c, const char key[65]);
/* Stores v (dim floats, scaled to length 1 here) under key; -1 with *err
 * when dim is not the cache's, or v has no length. */
int embed_cache_put(struct embed_cache *c, const char key[65], const float *v, size_t dim,
                    char **err);
char *embed_cache_format(const struct embed_cache *c, size_t *len);
struct embed_cache *embed_cache_parse(const char *label, const char *text, size_t len, char **err);
/* Reads path (at most EMBED_FILE_MAX bytes). NULL with *err. */
struct embed_cache *embed_cache_load(const char *path, char **err);
void embed_cache_free(struct embed_cache *c);
/* $LOCO_HOME/router/embeddings/<key>.cache (caller frees). */
char *embed_cache_path(const char *home, const char *model, const char *digest);

/* ---- the model ------------------------------------------------------------- */

struct embed_model {
	/* what it was trained from, the classes, threshold and measures, in the
	 * classifier's fields (nf 0: no features), so freshness and `router
	 * show` read both kinds alike */
	struct classifier *meta;
	char *model;  /* the embedding model */
	char *digest; /* "" when the server gave none */
	size_t dim;
	double scale;    /* softmax(scale * cosine) */
	float *centroid; /* meta->k * dim, each of length 1 */
};

/* Centroids of the n vectors (n * dim, each of length 1) with labels < k.
 * NULL with *err when a class has no vector. */
struct embed_model *embed_model_train(const char *const *classes, size_t k, const float *vecs,
                                      const int *labels, size_t n, size_t dim, double scale,
                                      char **err);
/* probs[0..k): softmax(scale * cosine) of v (dim floats, length 1). */
void embed_model_predict(const struct embed_model *m, const float *v, double *probs);
char *embed_model_format(const struct embed_model *m, size_t *len);
struct embed_model *embed_model_parse(const char *label, const char *text, size_t len, char **err);
struct embed_model *embed_model_load(const char *path, char **err);
void embed_model_free(struct embed_model *m);
/* $LOCO_HOME/router/embedding.model (caller frees). */
char *embed_model_path(const char *home);

/* ---- training (`router train --kind embedding`) ----------------------------- */

struct embed_fit {
	struct embed_model *model; /* the caller's */
	int folds;
	double scale;
	double threshold;
	bool reached;
	double precision; /* out-of-fold precision of routing at the threshold */
	size_t cv_right;  /* out-of-fold decisions right, with the threshold, */
	size_t cv_total;  /* over the examples that are not keywords */
};

/* The scales cross-validation chooses from. */
extern const double embed_scales[];
extern const size_t embed_n_scales;

/* k-fold cross-validation of the head on d's examples (vecs: d->n rows of
 * dim), folds as fit.h makes them; the scale with the lowest out-of-fold
 * log loss; the threshold calibrated to target on the out-of-fold
 * decisions (router_calibrate()); the final centroids from every example. */
int embed_fit(const struct router_data *d, const float *vecs, size_t dim, double target, int folds,
              struct embed_fit *out, char **err);

/* ---- as a learner (learner.h) ------------------------------------------------ */

/* The embedding kind's env for embedding_learner: how to embed texts, and
 * the cache every call looks in first, so that cross-validation embeds
 * each text once whatever the folds. */
struct embed_env {
	/* the vectors of n texts: *dim floats each in *vecs (caller frees) */
	int (*embed)(void *ctx, const char *const *texts, size_t n, float **vecs, size_t *dim,
	             char **err);
	void *ctx;
	struct embed_cache *cache;
	size_t asked; /* texts the cache did not have */
};

/* The unit vectors of ex[0..n) into *vecs (caller frees), from the cache or,
 * for the texts it lacks, one embed() call (then cached). */
int embed_env_vectors(struct embed_env *e, const struct classifier_example *ex, size_t n,
                      float **vecs, size_t *dim, char **err);

#endif
