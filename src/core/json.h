/* json.h: typed reads of cJSON values with messages that say where and what
 * was expected, for the files loco reads (datasets, router examples,
 * sessions, the eval archive, the answer cache, model records): what ydoc.h
 * is for YAML.
 *
 * cJSON keeps no positions, so a place is a label (the file, or "FILE:LINE"
 * for one line of a JSON Lines file) and the key's path within the value
 * ("evaluation_config.threshold", "messages[2].role"). A key set to null
 * counts as absent everywhere: exporters write null for "no value". Values
 * handed out are borrowed from the object read (util.h's rule for lookups).
 */
#ifndef LOCO_JSON_H
#define LOCO_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct cJSON;

/* JSON files loco reads nest at most this deep; cJSON's own limit
 * (CJSON_NESTING_LIMIT, 1000) would only say "invalid JSON". */
#define JSON_MAX_DEPTH 64

/* Where JSON text first opens a list or object deeper than max levels (a byte
 * offset), or -1 when it never does. Brackets inside strings do not count. */
long json_too_deep(const char *text, size_t len, int max);

/* What a JSON value is, for "expected ..., found X" messages: "null", "true",
 * "false", "a number", "a string", "an array" or "an object". */
const char *json_kind(const struct cJSON *v);

/* The member key of obj when it is present and not null, else NULL (also
 * when obj is NULL or not an object). */
const struct cJSON *json_get(const struct cJSON *obj, const char *key);

/* Lenient reads, for files loco wrote itself and reads back as a hint (the
 * answer cache, model records, an archived run's extras): the value, or
 * fallback when the key is absent or holds another type. */
const char *json_string_or(const struct cJSON *obj, const char *key, const char *fallback);
double json_number_or(const struct cJSON *obj, const char *key, double fallback);
bool json_true(const struct cJSON *obj, const char *key);

/* The place of the reads that follow; messages read
 * "LABEL: PREFIXKEY: expected a string, found a number". label NULL leaves
 * the place to the caller; prefix ("evaluation_config.", "messages[2].") may
 * be NULL. err receives the message, as everywhere (util.h). */
struct json_at {
	const char *label;
	const char *prefix;
	char **err;
};

enum json_need {
	JSON_OPTIONAL = 0, /* absent is fine: the read returns 0 */
	JSON_REQUIRED = 1, /* absent is "KEY missing" */
	JSON_NONEMPTY = 2, /* a string must not be "" ("KEY is empty"); or with REQUIRED */
};

/* "LABEL: PREFIXKEY: message" (key NULL: "LABEL: message"); returns -1, so
 * that callers can write `return json_err(...)`. */
int json_err(const struct json_at *at, const char *key, const char *fmt, ...) LOCO_PRINTF(3, 4);

/* Typed reads of obj's member key. Each returns 1 with *out set when the
 * value is there and right, 0 when it is absent and may be (*out untouched),
 * and -1 with a message otherwise. */
int json_read_string(const struct json_at *at, const struct cJSON *obj, const char *key, int need,
                     const char **out);
/* A finite number. */
int json_read_number(const struct json_at *at, const struct cJSON *obj, const char *key, int need,
                     double *out);
/* A finite number from lo to hi: "KEY: expected a number from 0 to 1, found 1.5". */
int json_read_number_in(const struct json_at *at, const struct cJSON *obj, const char *key,
                        int need, double lo, double hi, double *out);
/* A whole number from lo to hi: "KEY: expected a whole number from 0 to 9, found 2.5". */
int json_read_integer(const struct json_at *at, const struct cJSON *obj, const char *key, int need,
                      long lo, long hi, long *out);
int json_read_bool(const struct json_at *at, const struct cJSON *obj, const char *key, int need,
                   bool *out);
int json_read_array(const struct json_at *at, const struct cJSON *obj, const char *key, int need,
                    const struct cJSON **out);
int json_read_object(const struct json_at *at, const struct cJSON *obj, const char *key, int need,
                     const struct cJSON **out);

#endif
