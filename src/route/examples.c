/* examples.c: reads a file of router examples (see examples.h), pointing
 * every mistake at its line and column. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "examples.h"

#include <cjson/cJSON.h>
#include <search.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "overlap.h"
#include "registry.h"
#include "text.h"
#include "json.h"
#include "util.h"

static const char *const known_keys[] = {"question", "topic", "adapter"};

/* One load in progress. */
struct loader {
	struct examples *e;
	size_t cap;
	bool labelled;
	int line;
	const char *text; /* the current line */
	size_t len;
	void *seen; /* tsearch() tree of struct seen, to find repeated questions */
	char **err;
};

struct seen {
	char *norm;
	int line;
};

static int lerr(struct loader *l, size_t off, const char *fmt, ...) LOCO_PRINTF(3, 4);
static int lerr(struct loader *l, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_err(l->err, "%s:%d:%zu: %s", l->e->path, l->line, off + 1, msg);
	free(msg);
	return -1;
}

/* ---- where a key is ----------------------------------------------------- */

/* The end of the JSON string starting at text[i] (its closing quote). */
static size_t string_end(const char *text, size_t len, size_t i)
{
	for (i++; i < len && text[i] != '"'; i++)
		if (text[i] == '\\')
			i++;
	return i;
}

/* Byte offsets of the nth (0-based) occurrence of key at the top level of
 * the line, and of its value. The line is valid JSON (cJSON said so), so a
 * plain scan suffices; a key written with escapes is not found, and the
 * offsets stay 0 (the start of the line). */
static void find_key(const struct loader *l, const char *key, int nth, size_t *key_off,
                     size_t *val_off)
{
	*key_off = *val_off = 0;
	size_t klen = strlen(key);
	int depth = 0;
	for (size_t i = 0; i < l->len; i++) {
		char c = l->text[i];
		if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			depth--;
		if (c != '"')
			continue;
		size_t end = string_end(l->text, l->len, i), j = end + 1;
		j += strspn(l->text + j, " \t\r\n");
		bool is_key = depth == 1 && j < l->len && l->text[j] == ':';
		if (is_key && end - i - 1 == klen && !memcmp(l->text + i + 1, key, klen) &&
		    nth-- == 0) {
			*key_off = i;
			*val_off = j + 1 + strspn(l->text + j + 1, " \t\r\n");
			return;
		}
		i = end;
	}
}

static size_t key_at(const struct loader *l, const char *key)
{
	size_t k, v;
	find_key(l, key, 0, &k, &v);
	return k;
}

static size_t value_at(const struct loader *l, const char *key)
{
	size_t k, v;
	find_key(l, key, 0, &k, &v);
	return v;
}

/* ---- the keys ----------------------------------------------------------- */

static int check_keys(struct loader *l, const cJSON *obj)
{
	for (const cJSON *c = obj->child; c; c = c->next) {
		bool known = false;
		for (size_t i = 0; i < LOCO_ARRAY_LEN(known_keys); i++)
			known |= !strcmp(c->string, known_keys[i]);
		if (!known) {
			struct suggestion sg;
			suggest_init(&sg, c->string);
			for (size_t i = 0; i < LOCO_ARRAY_LEN(known_keys); i++)
				suggest_consider(&sg, known_keys[i]);
			const char *s = suggest_result(&sg);
			return lerr(l, key_at(l, c->string),
			            "unknown key '%s'%s%s%s; expected question, topic or adapter",
			            c->string, s ? " (did you mean '" : "", s ? s : "",
			            s ? "'?)" : "");
		}
		for (const cJSON *d = c->next; d; d = d->next)
			if (!strcmp(c->string, d->string)) {
				size_t k, v;
				find_key(l, c->string, 1, &k, &v);
				return lerr(l, k, "key '%s' appears twice; keep one", c->string);
			}
	}
	return 0;
}

static int want_string(struct loader *l, const cJSON *v, const char *key, const char *example)
{
	if (cJSON_IsString(v))
		return 0;
	return lerr(l, value_at(l, key), "%s: expected a string such as %s, found %s", key, example,
	            json_kind(v));
}

static int read_question(struct loader *l, const cJSON *obj, struct example *ex)
{
	const cJSON *v = json_get(obj, "question");
	if (!v)
		return lerr(l, 0, "no question; each line is {\"question\": \"...\"}");
	if (want_string(l, v, "question", "\"how do i reverse a list\"") < 0)
		return -1;
	size_t n = strlen(v->valuestring);
	if (strspn(v->valuestring, " \t\r\n\f\v") == n)
		return lerr(l, value_at(l, "question"), "question is empty; write the question");
	if (n > EXAMPLES_QUESTION_MAX)
		return lerr(l, value_at(l, "question"),
		            "question is %zu bytes; at most %d (a question, not a document)", n,
		            EXAMPLES_QUESTION_MAX);
	ex->question = xstrdup(v->valuestring);
	return 0;
}

static bool topic_ok(const char *s)
{
	size_t n = strlen(s);
	return n && n <= EXAMPLES_TOPIC_MAX && s[0] != '-' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static int read_topic(struct loader *l, const cJSON *obj, struct example *ex)
{
	const cJSON *v = json_get(obj, "topic");
	if (!v)
		return 0;
	if (want_string(l, v, "topic", "\"travel\"") < 0)
		return -1;
	if (!topic_ok(v->valuestring))
		return lerr(l, value_at(l, "topic"),
		            "topic '%s': expected lowercase letters, digits and '-' (at most %d), "
		            "such as \"travel\"",
		            v->valuestring, EXAMPLES_TOPIC_MAX);
	ex->topic = xstrdup(v->valuestring);
	return 0;
}

static int read_adapter(struct loader *l, const cJSON *obj, struct example *ex)
{
	const cJSON *v = json_get(obj, "adapter");
	if (!v && l->labelled)
		return lerr(l, 0,
		            "no adapter; each line of a labelled set says where the question "
		            "belongs: \"adapter\": \"math\" (an adapter's name) or \"base\"");
	if (!v)
		return 0;
	if (!l->labelled)
		return lerr(l, key_at(l, "adapter"),
		            "adapter: not used here; an adapter's router examples belong to it "
		            "(take the key out, or move the line to that adapter's file)");
	if (want_string(l, v, "adapter", "\"math\" or \"base\"") < 0)
		return -1;
	if (!registry_name_ok(v->valuestring))
		return lerr(
		    l, value_at(l, "adapter"),
		    "adapter '%s': expected \"base\" or an adapter name (lowercase letters, "
		    "digits, '.', '_' or '-')",
		    v->valuestring);
	ex->adapter = xstrdup(v->valuestring);
	return 0;
}

/* ---- repeats ------------------------------------------------------------ */

static int cmp_seen(const void *a, const void *b)
{
	return strcmp(((const struct seen *)a)->norm, ((const struct seen *)b)->norm);
}

static void free_seen(void *p)
{
	struct seen *s = p;
	free(s->norm);
	free(s);
}

static int check_repeat(struct loader *l, const struct example *ex)
{
	struct seen *s = xmalloc(sizeof *s);
	s->norm = overlap_normalize(ex->question);
	s->line = l->line;
	struct seen **found = tsearch(s, &l->seen, cmp_seen);
	if (!found) {
		free_seen(s);
		return lerr(l, 0, "out of memory");
	}
	if (*found == s)
		return 0;
	int first = (*found)->line;
	free_seen(s);
	return lerr(l, value_at(l, "question"),
	            "the same question as line %d (ignoring case and punctuation); keep one",
	            first);
}

/* ---- lines -------------------------------------------------------------- */

static int check_bytes(struct loader *l)
{
	const unsigned char *s = (const unsigned char *)l->text;
	for (size_t i = 0, n; i < l->len; i += n) {
		if (!s[i])
			return lerr(l, i, "NUL byte; a line is UTF-8 text");
		n = text_utf8_sequence(s + i, l->len - i);
		if (!n)
			return lerr(l, i, "invalid UTF-8");
	}
	return 0;
}

/* cJSON decodes "\u0000" into a NUL that would end the string early. */
static int check_nul_escape(struct loader *l)
{
	for (size_t i = 0; i + 5 < l->len; i++) {
		if (l->text[i] != '\\')
			continue;
		if (!strncmp(l->text + i + 1, "u0000", 5))
			return lerr(l, i, "\\u0000 (a NUL character); a question is text");
		i++; /* the escaped character */
	}
	return 0;
}

static struct example *add_example(struct loader *l)
{
	struct examples *e = l->e;
	if (e->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		e->items = xrealloc(e->items, l->cap * sizeof *e->items);
	}
	struct example *ex = &e->items[e->n];
	memset(ex, 0, sizeof *ex);
	ex->line = l->line;
	return ex;
}

static int read_object(struct loader *l, const cJSON *obj)
{
	if (!cJSON_IsObject(obj))
		return lerr(l, 0,
		            "expected a JSON object such as {\"question\": \"...\"}, found %s",
		            json_kind(obj));
	struct example *ex = add_example(l);
	int rc = check_keys(l, obj) < 0 || read_question(l, obj, ex) < 0 ||
	                 read_topic(l, obj, ex) < 0 || read_adapter(l, obj, ex) < 0 ||
	                 check_repeat(l, ex) < 0
	             ? -1
	             : 0;
	l->e->n++; /* kept even when bad, so examples_free() frees its strings */
	return rc;
}

/* One line without its '\n'. */
static int load_line(struct loader *l, const char *text, size_t len)
{
	if (len && text[len - 1] == '\r')
		len--;
	l->text = text;
	l->len = len;
	if (check_bytes(l) < 0 || check_nul_escape(l) < 0)
		return -1;
	size_t skip = l->line == 1 && len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
	if (strspn(text + skip, " \t\f\v") >= len - skip)
		return 0;
	long deep = json_too_deep(text, len, JSON_MAX_DEPTH);
	if (deep >= 0)
		return lerr(l, (size_t)deep, "nested deeper than %d lists or objects",
		            JSON_MAX_DEPTH);
	char *copy = xstrndup(text + skip, len - skip);
	const char *end = NULL;
	cJSON *obj = cJSON_ParseWithLengthOpts(copy, len - skip + 1, &end, true);
	int rc = obj ? read_object(l, obj)
	             : lerr(l, skip + (size_t)(end - copy),
	                    "invalid JSON; expected "
	                    "{\"question\": \"...\"}");
	cJSON_Delete(obj);
	free(copy);
	return rc;
}

static int load_text(struct loader *l, const char *text, size_t len)
{
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text - at) : len - at;
		l->line++;
		if (load_line(l, text + at, n) < 0)
			return -1;
		at += n + 1;
	}
	if (!l->e->n)
		return set_err(l->err,
		               "%s: no examples; write one {\"question\": \"...\"} per line",
		               l->e->path);
	return 0;
}

int examples_load(struct examples *out, const char *path, bool labelled, char **err)
{
	memset(out, 0, sizeof *out);
	out->path = xstrdup(path);
	char *text = NULL;
	size_t len = 0;
	int rc = read_file(path, EXAMPLES_FILE_MAX, &text, &len, err);
	if (rc == 0) {
		struct loader l = {.e = out, .labelled = labelled, .err = err};
		rc = load_text(&l, text, len);
		tdestroy(l.seen, free_seen);
	}
	free(text);
	if (rc < 0)
		examples_free(out);
	return rc;
}

void examples_free(struct examples *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->items[i].question);
		free(e->items[i].topic);
		free(e->items[i].adapter);
	}
	free(e->items);
	free(e->path);
	memset(e, 0, sizeof *e);
}
