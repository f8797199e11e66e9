/* test_json.c: the typed, located cJSON reads (json.h): each kind of value,
 * absent, null, of another type, empty or out of range, and the message each
 * gives; the lenient reads; the depth scan. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"
#include "util.h"

enum read_kind { STRING, NUMBER, NUMBER_IN, INTEGER, BOOL, ARRAY, OBJECT };

/* One read of key "k" from the object text, at "f.jsonl:3" with prefix "cfg.":
 * rc is what the read returns; want is the value it gives ("" for an array or
 * object read, NULL when none) or the message. */
static const struct read_case {
	enum read_kind kind;
	int need;
	const char *text;
	int rc;
	const char *want;
} read_cases[] = {
    {STRING, JSON_REQUIRED, "{\"k\": \"v\"}", 1, "v"},
    {STRING, JSON_OPTIONAL, "{}", 0, NULL},
    {STRING, JSON_OPTIONAL, "{\"k\": null}", 0, NULL}, /* null is absent */
    {STRING, JSON_REQUIRED, "{}", -1, "f.jsonl:3: cfg.k missing"},
    {STRING, JSON_REQUIRED, "{\"k\": null}", -1, "f.jsonl:3: cfg.k missing"},
    {STRING, JSON_REQUIRED, "{\"K\": \"v\"}", -1, "f.jsonl:3: cfg.k missing"}, /* case counts */
    {STRING, JSON_OPTIONAL, "{\"k\": 1}", -1,
     "f.jsonl:3: cfg.k: expected a string, found a number"},
    {STRING, JSON_OPTIONAL, "{\"k\": [\"v\"]}", -1,
     "f.jsonl:3: cfg.k: expected a string, found an array"},
    {STRING, JSON_OPTIONAL, "{\"k\": \"\"}", 1, ""},
    {STRING, JSON_NONEMPTY, "{\"k\": \"\"}", -1, "f.jsonl:3: cfg.k is empty"},
    {STRING, JSON_NONEMPTY, "{}", 0, NULL},
    {STRING, JSON_REQUIRED | JSON_NONEMPTY, "{}", -1, "f.jsonl:3: cfg.k missing"},
    {STRING, JSON_REQUIRED, "[\"k\"]", -1, "f.jsonl:3: cfg.k missing"}, /* not an object */
    {NUMBER, JSON_REQUIRED, "{\"k\": -2.5e3}", 1, "-2500"},
    {NUMBER, JSON_REQUIRED, "{\"k\": \"1\"}", -1,
     "f.jsonl:3: cfg.k: expected a number, found a string"},
    {NUMBER, JSON_REQUIRED, "{\"k\": 1e999}", -1,
     "f.jsonl:3: cfg.k: the number is out of range"}, /* cJSON: infinity */
    {NUMBER, JSON_OPTIONAL, "{\"k\": true}", -1, "f.jsonl:3: cfg.k: expected a number, found true"},
    {NUMBER_IN, JSON_REQUIRED, "{\"k\": 0}", 1, "0"},
    {NUMBER_IN, JSON_REQUIRED, "{\"k\": 1}", 1, "1"},
    {NUMBER_IN, JSON_REQUIRED, "{\"k\": 72.5}", -1,
     "f.jsonl:3: cfg.k: expected a number from 0 to 1, found 72.5"},
    {NUMBER_IN, JSON_REQUIRED, "{\"k\": -0.01}", -1,
     "f.jsonl:3: cfg.k: expected a number from 0 to 1, found -0.01"},
    {NUMBER_IN, JSON_OPTIONAL, "{}", 0, NULL},
    {INTEGER, JSON_REQUIRED, "{\"k\": 9}", 1, "9"},
    {INTEGER, JSON_REQUIRED, "{\"k\": -1}", 1, "-1"},
    {INTEGER, JSON_REQUIRED, "{\"k\": 2.5}", -1,
     "f.jsonl:3: cfg.k: expected a whole number from -1 to 9, found 2.5"},
    {INTEGER, JSON_REQUIRED, "{\"k\": 10}", -1,
     "f.jsonl:3: cfg.k: expected a whole number from -1 to 9, found 10"},
    {INTEGER, JSON_REQUIRED, "{\"k\": 1e300}", -1,
     "f.jsonl:3: cfg.k: expected a whole number from -1 to 9, found 1e+300"},
    {INTEGER, JSON_REQUIRED, "{\"k\": \"3\"}", -1,
     "f.jsonl:3: cfg.k: expected a whole number from -1 to 9, found a string"},
    {NUMBER_IN, JSON_REQUIRED, "{\"k\": null}", -1, "f.jsonl:3: cfg.k missing"},
    {NUMBER_IN, JSON_REQUIRED, "{\"k\": []}", -1,
     "f.jsonl:3: cfg.k: expected a number from 0 to 1, found an array"},
    {BOOL, JSON_REQUIRED, "{\"k\": false}", 1, "false"},
    {BOOL, JSON_REQUIRED, "{\"k\": true}", 1, "true"},
    {BOOL, JSON_OPTIONAL, "{\"k\": 0}", -1,
     "f.jsonl:3: cfg.k: expected true or false, found a number"},
    {BOOL, JSON_OPTIONAL, "{\"k\": null}", 0, NULL},
    {ARRAY, JSON_REQUIRED, "{\"k\": []}", 1, ""},
    {ARRAY, JSON_REQUIRED, "{\"k\": {}}", -1,
     "f.jsonl:3: cfg.k: expected an array, found an object"},
    {ARRAY, JSON_REQUIRED, "{}", -1, "f.jsonl:3: cfg.k missing"},
    {OBJECT, JSON_REQUIRED, "{\"k\": {\"a\": 1}}", 1, ""},
    {OBJECT, JSON_OPTIONAL, "{\"k\": \"x\"}", -1,
     "f.jsonl:3: cfg.k: expected an object, found a string"},
    {OBJECT, JSON_OPTIONAL, "{\"k\": false}", -1,
     "f.jsonl:3: cfg.k: expected an object, found false"},
};

/* Runs one read; *got receives the value read as text (the caller frees). */
static int run_read(const struct read_case *c, const struct json_at *at, const cJSON *o, char **got)
{
	const char *s = NULL;
	const cJSON *node = NULL;
	double x = 0;
	long n = 0;
	bool b = false;
	int rc = 0;
	switch (c->kind) {
	case STRING:
		rc = json_read_string(at, o, "k", c->need, &s);
		*got = s ? xstrdup(s) : NULL;
		return rc;
	case NUMBER:
	case NUMBER_IN:
		rc = c->kind == NUMBER ? json_read_number(at, o, "k", c->need, &x)
		                       : json_read_number_in(at, o, "k", c->need, 0, 1, &x);
		*got = rc == 1 ? xasprintf("%g", x) : NULL;
		return rc;
	case INTEGER:
		rc = json_read_integer(at, o, "k", c->need, -1, 9, &n);
		*got = rc == 1 ? xasprintf("%ld", n) : NULL;
		return rc;
	case BOOL:
		rc = json_read_bool(at, o, "k", c->need, &b);
		*got = rc == 1 ? xstrdup(b ? "true" : "false") : NULL;
		return rc;
	case ARRAY:
	case OBJECT:
		rc = c->kind == ARRAY ? json_read_array(at, o, "k", c->need, &node)
		                      : json_read_object(at, o, "k", c->need, &node);
		*got = node ? xstrdup("") : NULL;
		return rc;
	}
	return -2;
}

static void test_reads(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(read_cases); i++) {
		const struct read_case *c = &read_cases[i];
		cJSON *o = cJSON_Parse(c->text);
		CHECK(o != NULL, "case %zu parses", i);
		char *err = NULL, *got = NULL;
		struct json_at at = {"f.jsonl:3", "cfg.", &err};
		int rc = run_read(c, &at, o, &got);
		CHECK(rc == c->rc, "case %zu (%s): rc %d, want %d", i, c->text, rc, c->rc);
		const char *shown = rc < 0 ? err : got;
		if (c->want)
			CHECK_STR(shown, c->want, c->text);
		else
			CHECK(!shown, "case %zu (%s): got '%s', want nothing", i, c->text, shown);
		CHECK(rc < 0 || !err, "case %zu: a message on success: %s", i, err);
		free(err);
		free(got);
		cJSON_Delete(o);
	}
}

/* A place without a label or prefix, and a message without a key. */
static void test_places(void)
{
	cJSON *o = cJSON_Parse("{\"n\": \"x\"}");
	char *err = NULL;
	double x;
	struct json_at bare = {NULL, NULL, &err};
	CHECK(json_read_number(&bare, o, "n", JSON_REQUIRED, &x) == -1, "bare read fails");
	CHECK_STR(err, "n: expected a number, found a string", "no label, no prefix");
	struct json_at at = {"run.json", "messages[2].", &err};
	CHECK(json_err(&at, NULL, "not %s", "a session") == -1, "json_err returns -1");
	CHECK_STR(err, "run.json: not a session", "no key");
	CHECK(json_err(&at, "role", "expected \"user\", found \"%s\"", "bot") == -1, "with key");
	CHECK_STR(err, "run.json: messages[2].role: expected \"user\", found \"bot\"", "key");
	struct json_at quiet = {"x", NULL, NULL}; /* err NULL: no message kept */
	CHECK(json_read_string(&quiet, o, "missing", JSON_REQUIRED, &(const char *){0}) == -1,
	      "a NULL err still fails");
	free(err);
	cJSON_Delete(o);
}

static void test_lenient(void)
{
	cJSON *o = cJSON_Parse("{\"s\": \"v\", \"n\": 4, \"t\": true, \"z\": null, \"f\": 0}");
	CHECK_STR(json_string_or(o, "s", "d"), "v", "string");
	CHECK_STR(json_string_or(o, "n", "d"), "d", "a number for a string");
	CHECK(json_string_or(o, "none", NULL) == NULL, "absent string");
	CHECK(json_number_or(o, "n", -1) == 4, "number");
	CHECK(isnan(json_number_or(o, "s", NAN)), "a string for a number");
	CHECK(json_number_or(o, "z", 7) == 7, "null number");
	CHECK(json_true(o, "t") && !json_true(o, "f") && !json_true(o, "none"), "flags");
	CHECK(json_get(o, "z") == NULL && json_get(o, "s") != NULL, "null is absent");
	CHECK(json_get(NULL, "s") == NULL && json_string_or(NULL, "s", "d")[0] == 'd', "NULL obj");
	cJSON_Delete(o);
}

static const struct kind_case {
	const char *text, *kind;
} kind_cases[] = {
    {"null", "null"},     {"true", "true"},   {"false", "false"},  {"1", "a number"},
    {"\"\"", "a string"}, {"[]", "an array"}, {"{}", "an object"},
};

static const struct deep_case {
	const char *text;
	long at; /* with max 2 */
} deep_cases[] = {
    {"[[]]", -1},
    {"[[[]]]", 2},
    {"{\"a\": {\"b\": [1]}}", 12},
    {"[\"[[[\", [\"\\\"[[\"]]", -1}, /* brackets in strings, an escaped quote */
    {"]]]][[", -1},                  /* closing first never goes below zero */
    {"", -1},
};

static void test_kind_and_depth(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(kind_cases); i++) {
		cJSON *v = cJSON_Parse(kind_cases[i].text);
		CHECK_STR(json_kind(v), kind_cases[i].kind, kind_cases[i].text);
		cJSON_Delete(v);
	}
	for (size_t i = 0; i < LOCO_ARRAY_LEN(deep_cases); i++) {
		const struct deep_case *c = &deep_cases[i];
		long at = json_too_deep(c->text, strlen(c->text), 2);
		CHECK(at == c->at, "%s: %ld, want %ld", c->text, at, c->at);
	}
}

int main(void)
{
	test_reads();
	test_places();
	test_lenient();
	test_kind_and_depth();
	return check_done("json");
}
