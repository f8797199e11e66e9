/* learner.h: a learned router kind as cross-validation and `router train`
 * see it (issue 17 items 1 and 6): "train on these examples, predict
 * these". Every learned kind is one struct route_learner; the code that
 * measures kinds (cv.h, src/cmd/eval_router.c) only calls these functions,
 * so a new kind plugs in with one row.
 *
 * How to add a kind (say embedding):
 *   1. write, in src/route/NAME.c, the three functions below and
 *        const struct route_learner NAME_learner = {ROUTER_NAME, "NAME",
 *            NAME_train, NAME_predict, NAME_free};
 *      and declare it here, next to classifier_learner;
 *   2. add one row to the table `kinds[]` in src/cmd/eval_router.c, with an
 *      env_open/env_close pair when the kind needs something the module
 *      cannot make itself (a server connection, the embed model's name):
 *      env is that pointer, passed back untouched to every call;
 *   3. `loco eval --router` then cross-validates it beside the others and
 *      McNemar compares it with each of them.
 *
 * The contract:
 *   train(env, classes, k, ex, n, err) learns from ex[0..n) (ex[i].label in
 *     0..k-1, class k-1 the base model; classes are the k names) and returns
 *     an opaque model, or NULL with *err. It must not keep pointers into ex
 *     or classes after it returns. It is called once per fold (and per inner
 *     fold when a threshold is calibrated), so it should cost little more
 *     than the fit itself: cache what does not depend on the examples chosen
 *     (an embedding of a text, by its hash) across calls.
 *   predict(env, model, ex, n, probs, err) fills probs[i * k + j] with the
 *     probability (or any score in [0, 1] that sums to 1 over j) of class j
 *     for text ex[i] (labels ignored), for all n texts at once, so a kind
 *     can batch its requests; 0, or -1 with *err.
 *   drop(model) frees a model train returned (NULL allowed).
 * Deterministic: the same examples in the same order must give the same
 * predictions, so cross-validated figures are reproducible.
 */
#ifndef LOCO_LEARNER_H
#define LOCO_LEARNER_H

#include <stdbool.h>
#include <stddef.h>

#include "classifier.h"
#include "router.h"

struct route_learner {
	enum router_kind kind;
	const char *name; /* as router.kind spells it */
	void *(*train)(void *env, const char *const *classes, size_t k,
	               const struct classifier_example *ex, size_t n, char **err);
	int (*predict)(void *env, const void *model, const struct classifier_example *ex, size_t n,
	               double *probs, char **err);
	void (*drop)(void *model);
	/* train and predict may run in several threads at once, one fold each
	 * (they touch nothing shared but env, which they only read) */
	bool threads;
};

/* TF-IDF and logistic regression (classifier.h); env is a struct
 * classifier_params, or NULL for classifier_defaults. */
extern const struct route_learner classifier_learner;

/* The nearest-centroid embedding router (embedding.h); env is a struct
 * embed_env. The softmax scale is chosen on the training examples by an
 * inner 5-fold cross-validation (embed_fit()'s rule). */
extern const struct route_learner embedding_learner;

#endif
