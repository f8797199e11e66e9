/* semver.h: Semantic Versioning 2.0 precedence, for the registry validator
 * and `adapters update`. Strings are borrowed; nothing is allocated. */
#ifndef LOCO_SEMVER_H
#define LOCO_SEMVER_H

#include <stdbool.h>

/* Compares two versions by Semantic Versioning 2.0 precedence
 * (MAJOR.MINOR.PATCH, a pre-release is lower than its release, pre-release
 * identifiers compared one by one, numbers numerically and below words; build
 * metadata after '+' is ignored; a leading 'v' is allowed). Returns 0 and sets
 * *cmp to -1, 0 or 1, or -1 when either is not a semantic version. */
int semver_compare(const char *a, const char *b, int *cmp);
bool semver_valid(const char *v);

#endif
