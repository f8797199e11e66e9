/* trainset.h: what a learned router trains on (issue 17 items 2 and 3;
 * docs/routing.md), gathered from a registry, and whether a model file was
 * trained on what the registry names today.
 *
 * The classes are the registry's eligible adapters (active, or inactive in a
 * domain without an active adapter: the keyword router's rule), in registry
 * order, then "base". Each adapter's examples are its eval dataset's
 * prompts, its router_examples.jsonl (beside the dataset, or in its folder),
 * its registry router_examples list and its router_keywords; the base class
 * is <registry folder>/base/router_examples.jsonl, less the examples whose
 * topic an adapter claims (moved to it) or two adapters claim (dropped, with
 * a note).
 *
 * Two hashes say what a model was trained from: data_sha256 of the examples
 * themselves (label TAB text LF, in order), and registry_hash (FNV-1a 64) of
 * the registry fields that choose them plus which source files exist. A check
 * recomputes the second (no file is read) and compares each source file by
 * size and mtime, hashing it only when those changed.
 *
 * struct router_data owns everything in it (router_data_free()); the
 * registry is borrowed.
 */
#ifndef LOCO_TRAINSET_H
#define LOCO_TRAINSET_H

#include <stdbool.h>
#include <stddef.h>

#include "classifier.h"

struct registry;
struct examples;

enum router_source_kind { FROM_DATASET, FROM_EXAMPLES, FROM_REGISTRY, FROM_KEYWORDS, FROM_BASE };

struct router_data {
	char **classes; /* k names, the last "base" */
	size_t k;
	int *adapter; /* per class: registry index, -1 for base */
	struct classifier_example *ex;
	unsigned char *from; /* per example: enum router_source_kind */
	size_t n, cap;
	struct classifier_source *sources;
	size_t n_sources;
	char registry_hash[17];
	char data_sha256[65];
	char **notes; /* ambiguous topics, one line each */
	size_t n_notes;
};

/* Gathers the training data of reg. -1 with *err (file:line:column for a
 * bad file) when a file does not load, the registry has no folder or no base
 * set, or no adapter is eligible. */
int router_data_collect(const struct registry *reg, struct router_data *out, char **err);
void router_data_free(struct router_data *d);

/* The class a base-set topic goes to: the one adapter class that claims it,
 * k - 1 (base) when none does (or topic is NULL), -1 when two or more do. */
int router_topic_class(const struct router_data *d, const struct registry *reg, const char *topic);

/* The same by registry index: the eligible adapter claiming topic, -1 for
 * none (the base model's), -2 for two or more. */
int router_topic_owner(const struct registry *reg, const char *topic);

/* Fills hash with registry_hash as reg stands now. */
void router_registry_hash(const struct registry *reg, char hash[17]);

/* Whether c was trained on what reg names now. false with *why (caller
 * frees): what changed. */
bool router_model_fresh(const struct registry *reg, const struct classifier *c, char **why);

/* $LOCO_HOME/router/classifier.model (caller frees). */
char *router_model_path(const char *home);

#endif
