/* json.c: typed, located reads of cJSON values (json.h). */
#include "json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

long json_too_deep(const char *text, size_t len, int max)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return (long)i;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return -1;
}

const char *json_kind(const cJSON *v)
{
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsTrue(v))
		return "true";
	if (cJSON_IsFalse(v))
		return "false";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsString(v))
		return "a string";
	return cJSON_IsArray(v) ? "an array" : "an object";
}

const cJSON *json_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNull(v) ? NULL : v;
}

const char *json_string_or(const cJSON *obj, const char *key, const char *fallback)
{
	const cJSON *v = json_get(obj, key);
	return cJSON_IsString(v) ? v->valuestring : fallback;
}

double json_number_or(const cJSON *obj, const char *key, double fallback)
{
	const cJSON *v = json_get(obj, key);
	return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

bool json_true(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(json_get(obj, key));
}

/* "LABEL: PREFIXKEYSEPmessage" */
static int place_err(const struct json_at *at, const char *key, const char *sep, const char *fmt,
                     va_list ap) LOCO_PRINTF(4, 0);
static int place_err(const struct json_at *at, const char *key, const char *sep, const char *fmt,
                     va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	const char *label = at->label ? at->label : "", *colon = at->label ? ": " : "";
	if (key)
		set_err(at->err, "%s%s%s%s%s%s", label, colon, at->prefix ? at->prefix : "", key,
		        sep, msg);
	else
		set_err(at->err, "%s%s%s", label, colon, msg);
	free(msg);
	return -1;
}

int json_err(const struct json_at *at, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	place_err(at, key, ": ", fmt, ap);
	va_end(ap);
	return -1;
}

/* "KEY missing", "KEY is empty": the words follow the key. */
static int key_err(const struct json_at *at, const char *key, const char *fmt, ...)
    LOCO_PRINTF(3, 4);
static int key_err(const struct json_at *at, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	place_err(at, key, " ", fmt, ap);
	va_end(ap);
	return -1;
}

/* The value of key, or NULL: then *rc is 0 (absent and allowed) or -1. */
static const cJSON *member(const struct json_at *at, const cJSON *obj, const char *key, int need,
                           int *rc)
{
	const cJSON *v = json_get(obj, key);
	*rc = v ? 1 : (need & JSON_REQUIRED) ? key_err(at, key, "missing") : 0;
	return v;
}

static int wrong(const struct json_at *at, const char *key, const char *want, const cJSON *v)
{
	return json_err(at, key, "expected %s, found %s", want, json_kind(v));
}

int json_read_string(const struct json_at *at, const cJSON *obj, const char *key, int need,
                     const char **out)
{
	int rc;
	const cJSON *v = member(at, obj, key, need, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsString(v))
		return wrong(at, key, "a string", v);
	if ((need & JSON_NONEMPTY) && !v->valuestring[0])
		return key_err(at, key, "is empty");
	*out = v->valuestring;
	return 1;
}

/* A finite number; want says what was expected ("a number from 0 to 1"). */
static int read_finite(const struct json_at *at, const cJSON *obj, const char *key, int need,
                       const char *want, double *out)
{
	int rc;
	const cJSON *v = member(at, obj, key, need, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsNumber(v))
		return wrong(at, key, want, v);
	if (!isfinite(v->valuedouble)) /* cJSON reads 1e999 as infinity */
		return json_err(at, key, "the number is out of range");
	*out = v->valuedouble;
	return 1;
}

int json_read_number(const struct json_at *at, const cJSON *obj, const char *key, int need,
                     double *out)
{
	return read_finite(at, obj, key, need, "a number", out);
}

int json_read_number_in(const struct json_at *at, const cJSON *obj, const char *key, int need,
                        double lo, double hi, double *out)
{
	char want[80];
	snprintf(want, sizeof want, "a number from %g to %g", lo, hi);
	double x = 0; /* gcc -O2 cannot see read_finite set it when rc > 0 */
	int rc = read_finite(at, obj, key, need, want, &x);
	if (rc <= 0)
		return rc;
	if (x < lo || x > hi)
		return json_err(at, key, "expected %s, found %g", want, x);
	*out = x;
	return 1;
}

int json_read_integer(const struct json_at *at, const cJSON *obj, const char *key, int need,
                      long lo, long hi, long *out)
{
	char want[80];
	snprintf(want, sizeof want, "a whole number from %ld to %ld", lo, hi);
	double x = 0; /* gcc -O2 cannot see read_finite set it when rc > 0 */
	int rc = read_finite(at, obj, key, need, want, &x);
	if (rc <= 0)
		return rc;
	if (x != floor(x) || x < (double)lo || x > (double)hi)
		return json_err(at, key, "expected %s, found %g", want, x);
	*out = (long)x;
	return 1;
}

int json_read_bool(const struct json_at *at, const cJSON *obj, const char *key, int need, bool *out)
{
	int rc;
	const cJSON *v = member(at, obj, key, need, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsBool(v))
		return wrong(at, key, "true or false", v);
	*out = cJSON_IsTrue(v);
	return 1;
}

int json_read_array(const struct json_at *at, const cJSON *obj, const char *key, int need,
                    const cJSON **out)
{
	int rc;
	const cJSON *v = member(at, obj, key, need, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsArray(v))
		return wrong(at, key, "an array", v);
	*out = v;
	return 1;
}

int json_read_object(const struct json_at *at, const cJSON *obj, const char *key, int need,
                     const cJSON **out)
{
	int rc;
	const cJSON *v = member(at, obj, key, need, &rc);
	if (!v)
		return rc;
	if (!cJSON_IsObject(v))
		return wrong(at, key, "an object", v);
	*out = v;
	return 1;
}
