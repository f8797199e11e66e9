/* ydoc.h: a parsed YAML document with positions, for the typed loaders
 * (config, registry) and their located error messages.
 *
 * A struct ydoc owns its libyaml document and a copy of the file's label; nodes
 * returned by the lookups are borrowed from it and live until ydoc_free().
 * Every error message starts with "LABEL:LINE:COLUMN: " (1-based).
 */
#ifndef LOCO_YDOC_H
#define LOCO_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "util.h"

struct ydoc {
	yaml_document_t doc;
	char *label; /* file path as shown in messages */
	bool loaded;
};

/* Limits for a hostile or runaway file (registry, config, adapter index),
 * checked before libyaml builds the document, whose scanner is quadratic in
 * the nesting depth: a text larger than YDOC_MAX_BYTES, nested deeper than
 * YDOC_MAX_DEPTH lists and mappings, or holding more than YDOC_MAX_VALUES
 * values fails with a located message. loco's own files nest 4 deep. */
#define YDOC_MAX_BYTES  (64u << 20)
#define YDOC_MAX_DEPTH  64
#define YDOC_MAX_VALUES 2000000

/* Parses the first (and only) YAML document of text. An empty text yields a
 * document whose root is NULL. */
int ydoc_load(struct ydoc *d, const char *label, const char *text, size_t len, char **err);
void ydoc_free(struct ydoc *d);

yaml_node_t *ydoc_root(struct ydoc *d);
yaml_node_t *ydoc_node(struct ydoc *d, int index);

/* "LABEL:LINE:COL: message" at node n (line 1 column 1 when n is NULL). */
int ydoc_err(struct ydoc *d, const yaml_node_t *n, char **err, const char *fmt, ...)
    LOCO_PRINTF(4, 5);

/* The scalar's text, or NULL when n is not a scalar. */
const char *ydoc_scalar(const yaml_node_t *n);
bool ydoc_is_null(const yaml_node_t *n);
const char *ydoc_kind(const yaml_node_t *n); /* "a list", "a mapping", "a string" */

/* Iterates a mapping's pairs: for (i = 0; ydoc_pair(d, map, i, &k, &v); i++). */
bool ydoc_pair(struct ydoc *d, yaml_node_t *map, size_t i, yaml_node_t **key, yaml_node_t **val);
/* Value for key in map (NULL if absent); *keynode gets the key node when found. */
yaml_node_t *ydoc_get(struct ydoc *d, yaml_node_t *map, const char *key, yaml_node_t **keynode);
/* Reports the first key that occurs twice in map. */
int ydoc_check_duplicates(struct ydoc *d, yaml_node_t *map, const char *what, char **err);

/* Typed reads of a value node; `what` names the key in the message. */
int ydoc_string(struct ydoc *d, yaml_node_t *n, const char *what, char **out, char **err);
int ydoc_bool(struct ydoc *d, yaml_node_t *n, const char *what, bool *out, char **err);
int ydoc_long(struct ydoc *d, yaml_node_t *n, const char *what, long *out, char **err);
int ydoc_double(struct ydoc *d, yaml_node_t *n, const char *what, double *out, char **err);
/* A list of non-empty strings (a single scalar is an error, not a list of one). */
int ydoc_string_list(struct ydoc *d, yaml_node_t *n, const char *what, char ***out, size_t *count,
                     char **err);

#endif
