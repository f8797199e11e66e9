/* cache.h: answers to identical requests, kept on disk so reruns (eval
 * resumes, repeated votes) send only what is missing. The key covers the model
 * and its digest, the messages, every option that shapes the answer, the
 * seed and the sample index (SPEC section 6). Entries are written atomically.
 */
#ifndef LOCO_CACHE_H
#define LOCO_CACHE_H

#include "backend.h"

struct cJSON;

/* SHA-256 hex key (65 bytes with the NUL). */
int cache_key(const char *model, const char *digest, const struct cJSON *messages,
              const struct chat_options *o, int sample, char key[65], char **err);

/* A stored answer as a finished call, or NULL on a miss (a damaged entry is a
 * miss). */
struct chat_call *cache_get(const char *dir, const char *key);

/* Stores a successful result as a private file (0600, folders 0700);
 * returns 0, or -1 with *err naming the file and the reason (the caller
 * decides whether that is fatal). */
int cache_put(const char *dir, const char *key, const struct chat_result *r, char **err);

#endif
