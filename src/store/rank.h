/* rank.h: ranking registry entries for `adapters search`. Strings are
 * borrowed; nothing is allocated. */
#ifndef LOCO_RANK_H
#define LOCO_RANK_H

#include "registry.h"

/* How well entry a matches the search text: 0 when some word of the text
 * matches nothing, else higher is better. Case-insensitive (Unicode). Per
 * word, the best match in each field is added: the name (exact 100, prefix 50,
 * inside 30), the tags (exact 40, prefix 20, inside 10) and the description
 * (a whole word 15, a word's start 8, inside 4). */
int adapter_search_score(const struct adapter *a, const char *text);

#endif
