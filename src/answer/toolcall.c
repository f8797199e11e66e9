/* toolcall.c: tool calls out of a reply, structured or written as text (see
 * toolcall.h). Text is untrusted: every search is bounded by its length, JSON
 * deeper than JSON_MAX_DEPTH is not parsed, and at most TOOLCALL_MAX calls are
 * kept. */
#define _GNU_SOURCE /* memmem */
#include "toolcall.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define OPEN_TAG     "<tool_call>"
#define CLOSE_TAG    "</tool_call>"
#define NAME_MAX_LEN 64

static const char *find(const char *s, size_t n, const char *what)
{
	return memmem(s, n, what, strlen(what));
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Tool and argument names as OpenAI's API allows them: 1..64 of
 * [A-Za-z0-9_.-] (so no NUL, no newline, nothing a terminal obeys). */
static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n > NAME_MAX_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-' || s[i] == '.'))
			return false;
	return true;
}

static void append(struct tool_calls *out, const char *name, size_t name_len, cJSON *args,
                   enum tool_call_form form)
{
	if (out->n >= TOOLCALL_MAX) {
		cJSON_Delete(args);
		return;
	}
	out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
	out->v[out->n++] = (struct tool_call){xstrndup(name, name_len), args, form};
}

/* A JSON object at the start of text (after blanks), or NULL; *used is how
 * many bytes it took, blanks before it included. */
static cJSON *object_at(const char *text, size_t n, size_t *used)
{
	size_t i = 0;
	while (i < n && blank(text[i]))
		i++;
	if (i == n || text[i] != '{' || json_too_deep(text + i, n - i, JSON_MAX_DEPTH) >= 0)
		return NULL;
	const char *end = NULL;
	cJSON *o = cJSON_ParseWithLengthOpts(text + i, n - i, &end, 0);
	if (!cJSON_IsObject(o) || !end) {
		cJSON_Delete(o);
		return NULL;
	}
	*used = (size_t)(end - text);
	return o;
}

/* The arguments of a call object: an object, or a string holding one
 * (OpenAI), under "arguments" or "parameters"; none is an empty object. */
static cJSON *arguments_of(const cJSON *call, bool *ok)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(call, "arguments");
	if (!a)
		a = cJSON_GetObjectItemCaseSensitive(call, "parameters");
	*ok = true;
	if (!a || cJSON_IsNull(a))
		return cJSON_CreateObject();
	if (cJSON_IsObject(a))
		return cJSON_Duplicate(a, 1);
	if (cJSON_IsString(a)) {
		size_t used = 0, len = strlen(a->valuestring);
		cJSON *o = object_at(a->valuestring, len, &used);
		while (o && used < len && blank(a->valuestring[used]))
			used++;
		if (o && used == len)
			return o;
		cJSON_Delete(o);
	}
	*ok = false;
	return NULL;
}

static const char *name_of(const cJSON *call)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(call, "name");
	if (!cJSON_IsString(name) || !name_ok(name->valuestring, strlen(name->valuestring)))
		return NULL;
	return name->valuestring;
}

/* Appends the call that object o names; false when o is not a call. */
static bool take_object(const cJSON *o, enum tool_call_form form, struct tool_calls *out)
{
	const char *name = name_of(o);
	bool ok;
	if (!name)
		return false;
	cJSON *args = arguments_of(o, &ok);
	if (!ok)
		return false;
	append(out, name, strlen(name), args, form);
	return true;
}

int tool_calls_from_json(const cJSON *array, struct tool_calls *out, char **err)
{
	if (!cJSON_IsArray(array))
		return set_err(err, "tool_calls is %s, expected an array", json_kind(array));
	int found = 0, i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, array)
	{
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "function");
		if (!cJSON_IsObject(f) || !take_object(f, TOOLCALL_STRUCTURED, out))
			return set_err(err,
			               "tool_calls[%d] has no function with a name and object "
			               "arguments",
			               i);
		found++;
		i++;
	}
	return found;
}

/* ---- calls written as text ----------------------------------------------- */

/* <function=NAME><parameter=KEY>VALUE</parameter>...</function>, the form
 * qwen3-coder writes (one newline around each value is the template's). */
static bool take_xml(const char *s, size_t n, struct tool_calls *out)
{
	size_t i = 0;
	while (i < n && blank(s[i]))
		i++;
	if (n - i < 10 || memcmp(s + i, "<function=", 10) != 0)
		return false;
	const char *name = s + i + 10, *gt = memchr(name, '>', n - i - 10);
	if (!gt || !name_ok(name, (size_t)(gt - name)))
		return false;
	cJSON *args = cJSON_CreateObject();
	const char *p = gt + 1, *end = s + n;
	const char *param;
	while ((param = find(p, (size_t)(end - p), "<parameter=")) != NULL) {
		const char *key = param + 11, *kgt = memchr(key, '>', (size_t)(end - key));
		const char *close = kgt ? find(kgt, (size_t)(end - kgt), "</parameter>") : NULL;
		if (!kgt || !close || !name_ok(key, (size_t)(kgt - key)))
			break;
		const char *v = kgt + 1, *ve = close;
		if (v < ve && *v == '\n')
			v++;
		if (ve > v && ve[-1] == '\n')
			ve--;
		char *k = xstrndup(key, (size_t)(kgt - key)), *val = xstrndup(v, (size_t)(ve - v));
		cJSON_DeleteItemFromObjectCaseSensitive(args, k);
		cJSON_AddStringToObject(args, k, val);
		free(k);
		free(val);
		p = close + 12;
	}
	append(out, name, (size_t)(gt - name), args, TOOLCALL_XML);
	return true;
}

/* The body of a <tool_call> block: JSON or the XML form. */
static bool take_body(const char *s, size_t n, struct tool_calls *out)
{
	size_t used = 0;
	cJSON *o = object_at(s, n, &used);
	if (!o)
		return take_xml(s, n, out);
	bool ok = take_object(o, TOOLCALL_TAGGED, out);
	cJSON_Delete(o);
	return ok;
}

/* The unopened form: a call object that ends, blanks aside, where the closing
 * tag starts. Returns where the object starts, or NULL. */
static const char *take_unopened(const char *s, size_t n, struct tool_calls *out)
{
	for (const char *b = memchr(s, '{', n); b;
	     b = memchr(b + 1, '{', n - (size_t)(b + 1 - s))) {
		size_t used = 0, len = n - (size_t)(b - s);
		cJSON *o = object_at(b, len, &used);
		while (o && used < len && blank(b[used]))
			used++;
		bool ok = o && used == len && take_object(o, TOOLCALL_UNOPENED, out);
		cJSON_Delete(o);
		if (ok)
			return b;
		if (b + 1 >= s + n)
			break;
	}
	return NULL;
}

static void keep(struct strbuf *rest, const char *s, size_t n)
{
	if (rest)
		sb_add(rest, s, n);
}

/* Pass one: <tool_call> blocks, and calls whose opening tag was lost. */
static size_t tagged_calls(const char *s, size_t n, struct tool_calls *out, struct strbuf *rest)
{
	size_t pos = 0, found = 0;
	while (pos < n) {
		const char *open = find(s + pos, n - pos, OPEN_TAG);
		const char *close = find(s + pos, n - pos, CLOSE_TAG);
		if (open && (!close || open < close)) {
			const char *body = open + strlen(OPEN_TAG);
			const char *bend = find(body, n - (size_t)(body - s), CLOSE_TAG);
			size_t blen = bend ? (size_t)(bend - body) : n - (size_t)(body - s);
			size_t tail = bend ? strlen(CLOSE_TAG) : 0;
			keep(rest, s + pos, (size_t)(open - (s + pos)));
			if (take_body(body, blen, out))
				found++;
			else
				keep(rest, open, (size_t)(body - open) + blen + tail);
			pos = (size_t)(body - s) + blen + tail;
		} else if (close) {
			const char *b = take_unopened(s + pos, (size_t)(close - (s + pos)), out);
			keep(rest, s + pos,
			     (size_t)((b ? b : close + strlen(CLOSE_TAG)) - (s + pos)));
			found += b != NULL;
			pos = (size_t)(close - s) + strlen(CLOSE_TAG);
		} else {
			keep(rest, s + pos, n - pos);
			pos = n;
		}
	}
	return found;
}

static bool offered(const char *name, const char *const *names, size_t n_names)
{
	for (size_t i = 0; i < n_names; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* A fenced block's object is a call when it has a name of an offered tool and
 * nothing but arguments (or parameters) besides. */
static bool fenced_call(const cJSON *o, const char *const *names, size_t n_names)
{
	const char *name = name_of(o);
	if (!name || !offered(name, names, n_names))
		return false;
	const cJSON *k;
	cJSON_ArrayForEach(k, o)
	{
		if (strcmp(k->string, "name") != 0 && strcmp(k->string, "arguments") != 0 &&
		    strcmp(k->string, "parameters") != 0)
			return false;
	}
	return true;
}

/* Pass two, when no tag was seen: ```json (or ``` or ```tool_call) blocks. */
static size_t fenced_calls(const char *s, size_t n, const char *const *names, size_t n_names,
                           struct tool_calls *out, struct strbuf *rest)
{
	size_t pos = 0, found = 0;
	const char *f;
	while (pos < n && (f = find(s + pos, n - pos, "```")) != NULL) {
		const char *nl = memchr(f + 3, '\n', n - (size_t)(f + 3 - s));
		const char *fend = nl ? find(nl, n - (size_t)(nl - s), "```") : NULL;
		if (!fend)
			break;
		size_t used = 0, blen = (size_t)(fend - nl);
		cJSON *o = object_at(nl, blen, &used);
		while (o && used < blen && blank(nl[used]))
			used++;
		bool call = o && used == blen && fenced_call(o, names, n_names) &&
		            take_object(o, TOOLCALL_FENCED, out);
		cJSON_Delete(o);
		size_t upto = (size_t)(fend + 3 - s);
		keep(rest, s + pos, (size_t)((call ? f : fend + 3) - (s + pos)));
		found += call;
		pos = upto;
	}
	if (pos < n)
		keep(rest, s + pos, n - pos);
	return found;
}

static void trim_end(struct strbuf *rest)
{
	while (rest->len && blank(rest->buf[rest->len - 1]))
		rest->buf[--rest->len] = '\0';
}

size_t tool_calls_from_text(const char *content, size_t n, const char *const *names, size_t n_names,
                            struct tool_calls *out, struct strbuf *rest)
{
	size_t before = rest ? rest->len : 0;
	size_t found = tagged_calls(content, n, out, rest);
	if (!found && !find(content, n, OPEN_TAG) && !find(content, n, CLOSE_TAG)) {
		if (rest) {
			rest->len = before;
			if (rest->buf)
				rest->buf[before] = '\0';
		}
		found = fenced_calls(content, n, names, n_names, out, rest);
	}
	if (rest && rest->buf)
		trim_end(rest);
	return found;
}

const char *tool_call_form_name(enum tool_call_form f)
{
	static const char *const names[] = {"structured", "tagged", "unopened", "xml", "fenced"};
	return (unsigned)f < sizeof names / sizeof *names ? names[f] : "unknown";
}

void tool_calls_free(struct tool_calls *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		cJSON_Delete(c->v[i].arguments);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}
