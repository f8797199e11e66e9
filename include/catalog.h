/* catalog.h: the decisions `adapters search`, `install` and `update` make
 * about registry entries, with no files and no network: semantic-version
 * order, how well an entry matches a search, and whether its files are here.
 *
 * Strings are borrowed; nothing is allocated that the caller must free unless
 * said so.
 */
#ifndef LOCO_CATALOG_H
#define LOCO_CATALOG_H

#include <stdbool.h>

#include "registry.h"

/* Compares two versions by Semantic Versioning 2.0 precedence
 * (MAJOR.MINOR.PATCH, a pre-release is lower than its release, pre-release
 * identifiers compared one by one, numbers numerically and below words; build
 * metadata after '+' is ignored; a leading 'v' is allowed). Returns 0 and sets
 * *cmp to -1, 0 or 1, or -1 when either is not a semantic version. */
int semver_compare(const char *a, const char *b, int *cmp);
bool semver_valid(const char *v);

/* How well entry a matches the search text: 0 when some word of the text
 * matches nothing, else higher is better. Case-insensitive (Unicode). Per
 * word, the best match in each field is added: the name (exact 100, prefix 50,
 * inside 30), the tags (exact 40, prefix 20, inside 10) and the description
 * (a whole word 15, a word's start 8, inside 4). */
int catalog_search_score(const struct adapter *a, const char *text);

/* Whether the adapter can be made here without downloading: a system-prompt
 * adapter always, a merged-gguf or lora one when its file exists. */
bool adapter_files_present(const struct registry *r, const struct adapter *a);

#endif
