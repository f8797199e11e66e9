/* dataset.c: reads an eval dataset line by line, with a ceiling on every line,
 * and holds each item to the rules of its evaluation type, so that a bad line
 * stops the run as "<path>:<line>: <reason>" before any request is sent. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define PCRE2_CODE_UNIT_WIDTH 8
#include "dataset.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pcre2.h>
#include <search.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pattern.h"
#include "netlib.h"
#include "number.h"
#include "json.h"
#include "util.h"

#define TYPE_LIST                                                                                  \
	"numeric, exact_match, analysis, contains, code, code_execution, rouge, f1, llm_judge, "   \
	"custom"

/* One load in progress: where it is, and the line being read. A key set to
 * null counts as absent (exporters write null for "no value"). */
struct loader {
	struct dataset *d;
	size_t cap;
	const char *path;
	char *stem;
	const char *default_type;
	int line;
	char *where;            /* "<path>:<line>", the place in json.h's messages */
	void *ids;              /* tsearch() tree of struct id_line, to find repeats */
	cJSON *obj;             /* the current line */
	struct eval_item *it;   /* the item it becomes */
	const char *answer_key; /* "answer" (simple form) or "expected_output" (rich form) */
	char **err;
};

struct id_line {
	const char *id; /* borrowed from the item */
	int line;
};

static int lerr(struct loader *l, const char *fmt, ...) LOCO_PRINTF(2, 3);
static int lerr(struct loader *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_err(l->err, "%s:%d: %s", l->path, l->line, msg);
	free(msg);
	return -1;
}

/* The place of json.h's reads on this line; prefix goes before each key. */
static struct json_at at_line(const struct loader *l, const char *prefix)
{
	return (struct json_at){l->where, prefix, l->err};
}

/* A string of the item (NULL when absent and allowed); need as in json.h. */
static int want_string(struct loader *l, const char *key, int need, const char **out)
{
	struct json_at at = at_line(l, NULL);
	*out = NULL;
	return json_read_string(&at, l->obj, key, need, out) < 0 ? -1 : 0;
}

/* ---- numbers ----------------------------------------------------------- */

/* The shortest text that reads back as v: "17.75", not "17.750000". */
static char *number_text(double v)
{
	char buf[32];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return xstrdup(buf);
}

/* ---- the keys every item may have --------------------------------------- */

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* cJSON keeps both copies of a repeated key and reads the first; Python's json
 * reads the last. Rather than pick one silently, refuse. */
static int check_repeated_keys(struct loader *l)
{
	size_t n = 0;
	for (const cJSON *c = l->obj->child; c; c = c->next)
		n++;
	const char **keys = xcalloc(n ? n : 1, sizeof *keys);
	n = 0;
	for (const cJSON *c = l->obj->child; c; c = c->next)
		keys[n++] = c->string;
	qsort(keys, n, sizeof *keys, cmp_key);
	const char *twice = NULL;
	for (size_t i = 1; i < n && !twice; i++)
		if (!strcmp(keys[i - 1], keys[i]))
			twice = keys[i];
	int rc = twice ? lerr(l, "key '%s' appears twice", twice) : 0;
	free(keys);
	return rc;
}

/* The form decides the prompt and which key holds the expected answer. */
static int read_prompt(struct loader *l)
{
	const cJSON *q = json_get(l->obj, "question"), *ins = json_get(l->obj, "instruction");
	const char *text, *input;
	if (q && ins)
		return lerr(l, "both question and instruction given; use one form per item");
	if (!q && !ins)
		return lerr(l, "question or instruction missing");
	if (q) {
		l->answer_key = "answer";
		if (want_string(l, "question", JSON_NONEMPTY, &text) < 0)
			return -1;
		l->it->prompt = xstrdup(text);
		return 0;
	}
	l->answer_key = "expected_output";
	if (want_string(l, "instruction", JSON_NONEMPTY, &text) < 0 ||
	    want_string(l, "input", JSON_OPTIONAL, &input) < 0)
		return -1;
	l->it->prompt = input && *input ? xasprintf("%s\n\n%s", text, input) : xstrdup(text);
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct id_line *)a)->id, ((const struct id_line *)b)->id);
}

static int read_id(struct loader *l)
{
	const char *id;
	if (want_string(l, "id", JSON_NONEMPTY, &id) < 0)
		return -1;
	l->it->id = id ? xstrdup(id) : xasprintf("%s-%d", l->stem, l->line);
	struct id_line *key = xmalloc(sizeof *key);
	key->id = l->it->id;
	key->line = l->line;
	struct id_line **found = tsearch(key, &l->ids, cmp_id);
	if (found && *found == key)
		return 0;
	free(key);
	if (!found)
		return lerr(l, "out of memory");
	return lerr(l, "duplicate id '%s' (first at line %d)", l->it->id, (*found)->line);
}

/* Above 2^53 a double no longer holds every integer, so the digits the
 * author wrote may already be lost: ask for a string, which stays exact. */
#define EXACT_JSON_LIMIT 9007199254740992.0

static int read_expected_number(struct loader *l, const cJSON *v)
{
	struct eval_item *it = l->it;
	if (!isfinite(v->valuedouble))
		return lerr(l, "%s: the number is out of range", l->answer_key);
	if (fabs(v->valuedouble) >= EXACT_JSON_LIMIT)
		return lerr(
		    l,
		    "%s: a JSON number this large (2^53 or more) may have lost digits; "
		    "write it as a string of its digits, e.g. \"%s\": \"12345678901234567891\"",
		    l->answer_key, l->answer_key);
	it->expected = number_text(v->valuedouble);
	it->expected_is_number = true;
	it->expected_number = v->valuedouble;
	return 0;
}

/* f1 items may list every acceptable answer, as SQuAD does; the first is
 * also the item's expected text. */
static int read_expected_list(struct loader *l, const cJSON *v)
{
	struct eval_item *it = l->it;
	size_t n = (size_t)cJSON_GetArraySize(v);
	if (!n)
		return lerr(l, "%s is an empty list; give at least one answer", l->answer_key);
	it->answers = xcalloc(n, sizeof *it->answers);
	for (const cJSON *a = v->child; a; a = a->next) {
		size_t k = it->n_answers + 1;
		if (cJSON_IsString(a) && *a->valuestring)
			it->answers[it->n_answers++] = xstrdup(a->valuestring);
		else if (cJSON_IsNumber(a) && isfinite(a->valuedouble))
			it->answers[it->n_answers++] = number_text(a->valuedouble);
		else
			return lerr(l, "%s: item %zu: expected a non-empty string, found %s",
			            l->answer_key, k,
			            cJSON_IsString(a) ? "an empty string" : json_kind(a));
	}
	it->expected = xstrdup(it->answers[0]);
	return 0;
}

static int read_expected(struct loader *l)
{
	struct eval_item *it = l->it;
	const cJSON *v = json_get(l->obj, l->answer_key);
	if (!v)
		return 0;
	if (cJSON_IsNumber(v))
		return read_expected_number(l, v);
	if (cJSON_IsArray(v))
		return read_expected_list(l, v);
	if (!cJSON_IsString(v))
		return lerr(l, "%s: expected a string, a number or a list of strings, found %s",
		            l->answer_key, json_kind(v));
	it->expected = xstrdup(v->valuestring);
	char *canon = number_canonical(it->expected, strlen(it->expected));
	if (canon) {
		it->expected_is_number = true;
		it->expected_number = number_value(canon);
		free(canon);
	}
	return 0;
}

static int read_type(struct loader *l)
{
	const char *t;
	if (want_string(l, "evaluation_type", JSON_OPTIONAL, &t) < 0)
		return -1;
	if (!t && !l->default_type)
		return lerr(l, "evaluation_type missing (the adapter has no eval_type)");
	if (t && !dataset_type_known(t))
		return lerr(l, "evaluation_type '%s' is not one of " TYPE_LIST, t);
	l->it->type = xstrdup(t ? t : l->default_type);
	return 0;
}

static int read_difficulty(struct loader *l)
{
	const char *s;
	if (want_string(l, "difficulty", JSON_NONEMPTY, &s) < 0)
		return -1;
	if (s) {
		l->it->difficulty = xstrdup(s);
		l->d->has_difficulty = true;
	}
	return 0;
}

static int read_config(struct loader *l)
{
	struct json_at at = at_line(l, NULL);
	const cJSON *v;
	int rc = json_read_object(&at, l->obj, "evaluation_config", JSON_OPTIONAL, &v);
	if (rc == 1) /* the item keeps it; v is a member of l->obj, which is ours */
		l->it->config = cJSON_DetachItemViaPointer(l->obj, (cJSON *)v);
	return rc < 0 ? -1 : 0;
}

static int read_keywords(struct loader *l)
{
	struct eval_item *it = l->it;
	const cJSON *v = json_get(l->obj, "answer_keywords");
	if (!v)
		return 0;
	if (!cJSON_IsArray(v))
		return lerr(l, "answer_keywords: expected a list of strings, found %s",
		            json_kind(v));
	size_t n = 0;
	for (const cJSON *k = v->child; k; k = k->next)
		n++;
	it->keywords = xcalloc(n ? n : 1, sizeof *it->keywords);
	for (const cJSON *k = v->child; k; k = k->next) {
		if (!cJSON_IsString(k) || !*k->valuestring)
			return lerr(l,
			            "answer_keywords: item %zu: expected a non-empty string, "
			            "found %s",
			            it->n_keywords + 1,
			            cJSON_IsString(k) ? "an empty string" : json_kind(k));
		it->keywords[it->n_keywords++] = xstrdup(k->valuestring);
	}
	return 0;
}

/* ---- evaluation_config -------------------------------------------------- */

#define CONFIG "evaluation_config."

static const cJSON *config_field(struct loader *l, const char *key)
{
	return json_get(l->it->config, key);
}

/* A required string must also not be empty. */
static int config_string(struct loader *l, const char *key, bool required, const char **out)
{
	struct json_at at = at_line(l, CONFIG);
	*out = NULL;
	int need = required ? JSON_REQUIRED | JSON_NONEMPTY : JSON_OPTIONAL;
	return json_read_string(&at, l->it->config, key, need, out) < 0 ? -1 : 0;
}

static int config_fraction(struct loader *l, const char *key)
{
	struct json_at at = at_line(l, CONFIG);
	double x;
	return json_read_number_in(&at, l->it->config, key, JSON_OPTIONAL, 0, 1, &x) < 0 ? -1 : 0;
}

static int config_positive(struct loader *l, const char *key)
{
	struct json_at at = at_line(l, CONFIG);
	const cJSON *v = config_field(l, key);
	if (v && !cJSON_IsNumber(v))
		return json_err(&at, key, "expected a number above 0, found %s", json_kind(v));
	double x = 1;
	if (json_read_number(&at, l->it->config, key, JSON_OPTIONAL, &x) < 0)
		return -1;
	return x > 0 ? 0 : json_err(&at, key, "expected a number above 0, found %g", x);
}

static int config_bool(struct loader *l, const char *key)
{
	struct json_at at = at_line(l, CONFIG);
	bool b;
	return json_read_bool(&at, l->it->config, key, JSON_OPTIONAL, &b) < 0 ? -1 : 0;
}

/* A string that must be one of two words. */
static int config_choice(struct loader *l, const char *key, const char *a, const char *b)
{
	const char *v;
	if (config_string(l, key, false, &v) < 0)
		return -1;
	if (v && strcmp(v, a) && strcmp(v, b))
		return lerr(l, "evaluation_config.%s: expected \"%s\" or \"%s\", found \"%s\"", key,
		            a, b, v);
	return 0;
}

/* Compiled here only to be checked: a pattern that fails mid-run would waste
 * every request sent before it. */
static int config_pattern(struct loader *l, const char *key)
{
	const char *s;
	if (config_string(l, key, false, &s) < 0)
		return -1;
	if (!s)
		return 0;
	char *why = NULL;
	pcre2_code *re = pattern_compile(s, PCRE2_UTF | PCRE2_UCP, false, &why);
	if (re) {
		pcre2_code_free(re);
		return 0;
	}
	int rc = lerr(l, "evaluation_config.%s '%s' does not compile: %s", key, s, why);
	free(why);
	return rc;
}

/* ---- the rules of each evaluation type ---------------------------------- */

static int need_expected(struct loader *l, bool nonempty)
{
	if (!l->it->expected)
		return lerr(l, "%s missing", l->answer_key);
	if (nonempty && !*l->it->expected)
		return lerr(l, "%s is empty", l->answer_key);
	return 0;
}

static int check_numeric(struct loader *l)
{
	if (need_expected(l, true) < 0)
		return -1;
	if (!l->it->expected_is_number)
		return lerr(l, "%s '%s' is not a number", l->answer_key, l->it->expected);
	return 0;
}

static int check_exact_match(struct loader *l)
{
	if (need_expected(l, false) < 0 || config_pattern(l, "extract_pattern") < 0 ||
	    config_choice(l, "match", "last", "first") < 0)
		return -1;
	return config_bool(l, "normalize");
}

/* analysis, contains: some text to look for. */
static int check_text(struct loader *l)
{
	return need_expected(l, true);
}

static int check_f1(struct loader *l)
{
	if (need_expected(l, true) < 0)
		return -1;
	return config_choice(l, "answer_line", "whole", "last");
}

static int check_rouge(struct loader *l)
{
	if (need_expected(l, true) < 0)
		return -1;
	return config_fraction(l, "threshold");
}

static int check_code(struct loader *l)
{
	if (!json_get(l->obj, "answer_keywords"))
		return lerr(l, "answer_keywords missing");
	if (!l->it->n_keywords)
		return lerr(l, "answer_keywords is empty");
	if (l->it->expected)
		return lerr(l, "type code takes answer_keywords, not %s", l->answer_key);
	return 0;
}

static int check_test_case(struct loader *l, const cJSON *tc, size_t i)
{
	if (!cJSON_IsObject(tc))
		return lerr(l,
		            "evaluation_config.test_cases: item %zu: expected an object, found %s",
		            i, json_kind(tc));
	/* Here null is a value: a function may be expected to return None. */
	const cJSON *in = cJSON_GetObjectItemCaseSensitive(tc, "input");
	if (!in)
		return lerr(l, "evaluation_config.test_cases: item %zu: input missing", i);
	if (!cJSON_IsArray(in))
		return lerr(l,
		            "evaluation_config.test_cases: item %zu: input: expected an array of "
		            "arguments, found %s",
		            i, json_kind(in));
	if (!cJSON_GetObjectItemCaseSensitive(tc, "expected_output"))
		return lerr(l, "evaluation_config.test_cases: item %zu: expected_output missing",
		            i);
	return 0;
}

static int check_test_cases(struct loader *l, const cJSON *cases)
{
	if (!cases->child)
		return lerr(l, "evaluation_config.test_cases is empty");
	size_t i = 1;
	for (const cJSON *tc = cases->child; tc; tc = tc->next, i++)
		if (check_test_case(l, tc, i) < 0)
			return -1;
	return 0;
}

static int check_tests(struct loader *l, const cJSON *tests)
{
	if (!cJSON_IsArray(tests))
		return lerr(l, "evaluation_config.tests: expected an array of strings, found %s",
		            json_kind(tests));
	if (!tests->child)
		return lerr(l, "evaluation_config.tests is empty");
	size_t i = 1;
	for (const cJSON *t = tests->child; t; t = t->next, i++)
		if (!cJSON_IsString(t))
			return lerr(l,
			            "evaluation_config.tests: item %zu: expected a string, "
			            "found %s",
			            i, json_kind(t));
	return 0;
}

static int check_code_execution(struct loader *l)
{
	const char *fn;
	if (config_string(l, "function_name", true, &fn) < 0)
		return -1;
	struct json_at at = at_line(l, CONFIG);
	const cJSON *cases = NULL, *tests = config_field(l, "tests");
	if (json_read_array(&at, l->it->config, "test_cases", JSON_OPTIONAL, &cases) < 0)
		return -1;
	if (!cases && !tests)
		return lerr(l, "evaluation_config.test_cases (or tests) missing");
	if (cases && check_test_cases(l, cases) < 0)
		return -1;
	return tests ? check_tests(l, tests) : 0;
}

static int check_llm_judge(struct loader *l)
{
	const char *rubric;
	if (config_string(l, "rubric", true, &rubric) < 0 ||
	    config_pattern(l, "extract_score_pattern") < 0)
		return -1;
	return config_positive(l, "max_score");
}

static int check_custom(struct loader *l)
{
	const char *command;
	if (config_string(l, "command", true, &command) < 0)
		return -1;
	return config_positive(l, "timeout");
}

static const struct type_rule {
	const char *type;
	int (*check)(struct loader *l);
} type_rules[] = {
    {"numeric", check_numeric},     {"exact_match", check_exact_match},
    {"analysis", check_text},       {"contains", check_text},
    {"code", check_code},           {"code_execution", check_code_execution},
    {"rouge", check_rouge},         {"f1", check_f1},
    {"llm_judge", check_llm_judge}, {"custom", check_custom},
};

static const struct type_rule *type_rule_find(const char *type)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(type_rules); i++)
		if (!strcmp(type, type_rules[i].type))
			return &type_rules[i];
	return NULL;
}

bool dataset_type_known(const char *type)
{
	return type && type_rule_find(type);
}

/* ---- lines -------------------------------------------------------------- */

static int check_bytes(struct loader *l, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0, n; i < len; i += n) {
		if (!s[i])
			return lerr(l, "NUL byte at byte column %zu", i + 1);
		n = text_utf8_sequence(s + i, len - i);
		if (!n)
			return lerr(l, "invalid UTF-8 at byte column %zu", i + 1);
	}
	return 0;
}

static struct eval_item *add_item(struct loader *l)
{
	struct dataset *d = l->d;
	if (d->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		d->items = xrealloc(d->items, l->cap * sizeof *d->items);
	}
	struct eval_item *it = &d->items[d->n++];
	memset(it, 0, sizeof *it);
	it->line = l->line;
	return it;
}

static int read_item(struct loader *l)
{
	if (check_repeated_keys(l) < 0 || read_prompt(l) < 0 || read_id(l) < 0 ||
	    read_expected(l) < 0 || read_type(l) < 0 || read_difficulty(l) < 0 ||
	    read_config(l) < 0 || read_keywords(l) < 0)
		return -1;
	if (l->it->n_answers && strcmp(l->it->type, "f1"))
		return lerr(l,
		            "%s: a list of answers is only for f1 items, not %s; give one answer",
		            l->answer_key, l->it->type);
	return type_rule_find(l->it->type)->check(l);
}

/* One line without its '\n'; text is NUL-terminated and may be changed. */
static int load_line(struct loader *l, char *text, size_t len)
{
	const char *start = text;
	free(l->where);
	l->where = xasprintf("%s:%d", l->path, l->line);
	if (len && text[len - 1] == '\r')
		text[--len] = '\0';
	if (len > DATASET_LINE_MAX)
		return lerr(l, "line is longer than 1 MiB");
	if (check_bytes(l, text, len) < 0)
		return -1;
	if (l->line == 1 && len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		text += 3, len -= 3; /* a byte order mark, as some editors write */
	if (strspn(text, " \t\r\f\v") == len)
		return 0;
	long deep = json_too_deep(text, len, JSON_MAX_DEPTH);
	if (deep >= 0)
		return lerr(l, "nested deeper than %d lists or objects at byte column %ld",
		            JSON_MAX_DEPTH, deep + (long)(text - start) + 1);
	const char *end = NULL;
	/* The length counts the terminator: cJSON wants to see it to rule out trailing text. */
	cJSON *obj = cJSON_ParseWithLengthOpts(text, len + 1, &end, true);
	if (!obj)
		return lerr(l, "invalid JSON at byte column %zu", (size_t)(end - start) + 1);
	int rc;
	if (!cJSON_IsObject(obj))
		rc = lerr(l, "expected a JSON object, found %s", json_kind(obj));
	else if (l->d->n >= DATASET_ITEMS_MAX)
		rc = lerr(l, "more than %u items", DATASET_ITEMS_MAX);
	else {
		l->obj = obj;
		l->it = add_item(l);
		rc = read_item(l);
	}
	cJSON_Delete(obj);
	l->obj = NULL;
	return rc;
}

/* Splits a chunk of the file into lines, carrying a partial one in line. */
static int load_chunk(struct loader *l, struct strbuf *line, const char *p, size_t n)
{
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) : n;
		if (sb_add(line, p, take) < 0) {
			l->line++;
			return lerr(l, "line is longer than 1 MiB");
		}
		if (!nl)
			return 0;
		l->line++;
		if (load_line(l, line->buf, line->len) < 0)
			return -1;
		sb_reset(line);
		p = nl + 1;
		n -= take + 1;
	}
	return 0;
}

static int load_fd(struct loader *l, int fd)
{
	struct strbuf line;
	sb_init(&line, DATASET_LINE_MAX + 1); /* + 1 for the '\r' of a CRLF line */
	sb_add(&line, "", 0);
	char chunk[65536];
	int rc = 0;
	while (rc == 0) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = set_err(l->err, "cannot read '%s': %s", l->path, strerror(errno));
		if (n <= 0)
			break;
		rc = load_chunk(l, &line, chunk, (size_t)n);
	}
	if (rc == 0 && line.len) {
		l->line++;
		rc = load_line(l, line.buf, line.len);
	}
	sb_free(&line);
	return rc;
}

/* "eval_dataset" for ".../eval_dataset.jsonl": the prefix of generated ids. */
static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

int dataset_load(struct dataset *d, const char *path, const char *default_type, char **err)
{
	memset(d, 0, sizeof *d);
	if (default_type && !dataset_type_known(default_type))
		return set_err(err, "%s: the adapter's eval_type '%s' is not one of " TYPE_LIST,
		               path, default_type);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return set_err(err, "cannot read '%s': %s", path, strerror(errno));
	struct loader l = {.d = d, .path = path, .default_type = default_type, .err = err};
	l.stem = file_stem(path);
	int rc = load_fd(&l, fd);
	close(fd);
	tdestroy(l.ids, free);
	free(l.stem);
	free(l.where);
	if (rc == 0 && d->n == 0)
		rc = set_err(err, "%s: no items", path);
	if (rc == 0)
		rc = sha256_file(path, d->sha256, err);
	if (rc < 0) {
		dataset_free(d);
		return -1;
	}
	d->path = xstrdup(path);
	return 0;
}

static void eval_item_free(struct eval_item *it)
{
	free(it->id);
	free(it->prompt);
	free(it->expected);
	free(it->type);
	free(it->difficulty);
	cJSON_Delete(it->config);
	free_string_list(it->keywords, it->n_keywords);
	free_string_list(it->answers, it->n_answers);
}

void dataset_free(struct dataset *d)
{
	for (size_t i = 0; i < d->n; i++)
		eval_item_free(&d->items[i]);
	free(d->items);
	free(d->path);
	memset(d, 0, sizeof *d);
}

const char *item_config_string(const struct eval_item *it, const char *key)
{
	return json_string_or(it->config, key, NULL);
}

double item_config_number(const struct eval_item *it, const char *key, double fallback)
{
	return json_number_or(it->config, key, fallback);
}
