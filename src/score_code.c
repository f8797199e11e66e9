/* score_code.c: the code_execution scorer. The response's code and the item's tests run in the
 * sandbox inside one Python harness, which reports on a pipe of its own (fd 3, not stdout, so
 * what the code prints neither fakes nor hides a result). The trusted side decides:
 *
 * - test_cases: only the inputs go into the sandbox. The harness reports each call's return
 *   value as JSON, and loco compares it with expected_output here, in C, so an object whose
 *   __eq__ always says yes, or a forged report, passes only by producing the expected value.
 * - tests (assert strings): each must report success; a test with no report failed, so code
 *   that exits (os._exit) or crashes before or during the tests fails them.
 *
 * pass@1 means every test passed; partial credit goes to the log. docs/evaluation.md has the
 * threat model (what a hostile answer can and cannot do). */
#define _GNU_SOURCE
#include "score.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "extract.h"
#include "sandbox.h"
#include "util.h"

#define CHANNEL_MAX (1024 * 1024) /* the harness's report; beyond it, tests go unreported */
#define MAX_NOTES   5

/* %1 code, %2 tests (argument lists or assert strings), %3 True for argument lists, %4 the
 * function name: all Python literals, in that order. Records are JSON lines on fd 3:
 * {"ran": bool[, "error"]}, then {"i": k, "value": v} | {"i": k, "ok": true} |
 * {"i": k, "error": text} per test, then {"done": true}. */
static const char harness[] =
    "import json, os\n"
    "CODE = json.loads(%s)\n"
    "TESTS = json.loads(%s)\n"
    "CASES = %s\n"
    "FN = %s\n"
    "def send(rec):\n"
    "    b = (json.dumps(rec, ensure_ascii=True, allow_nan=False) + '\\n').encode()\n"
    "    while b:\n"
    "        b = b[os.write(3, b):]\n"
    "def describe(e):\n"
    "    try:\n"
    "        return ('%%s: %%s' %% (type(e).__name__, e))[:300]\n"
    "    except BaseException:\n"
    "        return 'an exception that cannot be shown'\n"
    "def plain(v, depth=0):\n"
    "    t = type(v)\n"
    "    if depth > 100:\n"
    "        raise ValueError('the value is nested too deeply')\n"
    "    if v is None or t in (bool, int, str):\n"
    "        return v\n"
    "    if t is float:\n"
    "        if v != v or v in (float('inf'), float('-inf')):\n"
    "            raise ValueError('%%r is not a JSON number' %% v)\n"
    "        return v\n"
    "    if t in (list, tuple):\n"
    "        return [plain(x, depth + 1) for x in v]\n"
    "    if t is dict:\n"
    "        for k in v:\n"
    "            if type(k) is not str:\n"
    "                raise TypeError('a dict key of type %%s is not a JSON key' %% "
    "type(k).__name__)\n"
    "        return {k: plain(x, depth + 1) for k, x in v.items()}\n"
    "    raise TypeError('a value of type %%s is not JSON' %% t.__name__)\n"
    "ns = {'__name__': '__solution__'}\n"
    "try:\n"
    "    exec(compile(CODE, 'solution.py', 'exec'), ns)\n"
    "    send({'ran': True})\n"
    "except BaseException as e:\n"
    "    send({'ran': False, 'error': 'the code does not run: ' + describe(e)})\n"
    "    TESTS = []\n"
    "for i, t in enumerate(TESTS):\n"
    "    try:\n"
    "        if CASES:\n"
    "            rec = {'i': i, 'value': plain(ns[FN](*t))}\n"
    "        else:\n"
    "            exec(t, ns)\n"
    "            rec = {'i': i, 'ok': True}\n"
    "        send(rec)\n"
    "    except BaseException as e:\n"
    "        send({'i': i, 'error': describe(e)})\n"
    "send({'done': True})\n";

/* A string as a Python literal: JSON string syntax is valid Python. */
static char *py_literal(const char *s)
{
	cJSON *j = cJSON_CreateString(s);
	char *lit = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return lit;
}

static const cJSON *item_tests(const cJSON *config, bool *cases)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(config, "test_cases");
	*cases = t != NULL;
	return t ? t : cJSON_GetObjectItemCaseSensitive(config, "tests");
}

/* What goes into the sandbox: the inputs of test_cases, never their expected outputs. */
static char *sandbox_tests_json(const cJSON *tests, bool cases)
{
	if (!cases)
		return cJSON_PrintUnformatted(tests);
	cJSON *inputs = cJSON_CreateArray();
	const cJSON *t;
	cJSON_ArrayForEach(t, tests)
	{
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(t, "input");
		cJSON_AddItemToArray(inputs, in ? cJSON_Duplicate(in, 1) : cJSON_CreateArray());
	}
	char *text = cJSON_PrintUnformatted(inputs);
	cJSON_Delete(inputs);
	return text;
}

static char *harness_script(const char *code, const cJSON *config)
{
	bool cases;
	const cJSON *tests = item_tests(config, &cases);
	const cJSON *fn = cJSON_GetObjectItemCaseSensitive(config, "function_name");
	char *code_json = py_literal(code), *tests_json = sandbox_tests_json(tests, cases);
	char *a = py_literal(code_json), *b = py_literal(tests_json ? tests_json : "[]");
	char *f = py_literal(cJSON_IsString(fn) ? fn->valuestring : "");
	char *script = xasprintf(harness, a, b, cases ? "True" : "False", f);
	free(code_json);
	free(tests_json);
	free(a);
	free(b);
	free(f);
	return script;
}

/* ---- the trusted side ---- */

/* Exact JSON equality: same types (true is not 1), numbers equal as doubles (2 equals 2.0; no
 * tolerance; integers beyond 2^53 are as precise as the dataset loader read them), strings
 * byte for byte, arrays in order, objects with the same keys both ways. Unlike cJSON_Compare,
 * no epsilon on numbers. */
bool code_json_equal(const cJSON *a, const cJSON *b)
{
	if (!a || !b || (a->type & 0xff) != (b->type & 0xff))
		return false;
	if (cJSON_IsNumber(a))
		return a->valuedouble == b->valuedouble;
	if (cJSON_IsString(a))
		return !strcmp(a->valuestring, b->valuestring);
	if (cJSON_IsArray(a) || cJSON_IsObject(a)) {
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
			return false;
		const cJSON *x = a->child, *y = b->child;
		bool obj = cJSON_IsObject(a);
		for (; x && y; x = x->next, y = y->next) {
			const cJSON *ya = obj ? cJSON_GetObjectItemCaseSensitive(b, x->string) : y;
			const cJSON *xb = obj ? cJSON_GetObjectItemCaseSensitive(a, y->string) : x;
			if (!code_json_equal(x, ya) || !code_json_equal(xb, y))
				return false;
		}
		return true;
	}
	return true; /* null, true, false */
}

/* Whether a JSON text (as json.dumps writes it) holds the escape of a NUL character, which a
 * cJSON string cannot keep: such a value never matches. */
static bool has_nul_escape(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '\\') {
			if (s[i + 1] == 'u' && i + 5 < n && !strncmp(s + i + 2, "0000", 4))
				return true;
			i++;
		}
	return false;
}

struct report {
	bool ran, done;
	cJSON **rec; /* per test: its first record, or NULL */
	size_t n;
	struct strbuf notes;
	int n_notes;
};

static void note(struct report *rp, const char *text)
{
	if (rp->n_notes++ >= MAX_NOTES)
		return;
	if (rp->notes.len)
		sb_adds(&rp->notes, "; ");
	sb_adds(&rp->notes, text);
}

static void take_record(struct report *rp, const char *line, size_t len)
{
	cJSON *j = memchr(line, '\0', len) ? NULL : cJSON_ParseWithLength(line, len);
	const cJSON *i = cJSON_GetObjectItemCaseSensitive(j, "i");
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(j, "ran"))) {
		rp->ran = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "ran"));
		if (cJSON_IsString(err))
			note(rp, err->valuestring);
	} else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "done"))) {
		rp->done = true;
	} else if (cJSON_IsNumber(i) && i->valuedouble >= 0 && i->valuedouble < (double)rp->n &&
	           !rp->rec[(size_t)i->valuedouble]) {
		if (has_nul_escape(line, len))
			cJSON_AddBoolToObject(j, "nul", true);
		rp->rec[(size_t)i->valuedouble] = j;
		return;
	}
	cJSON_Delete(j);
}

static void parse_channel(struct report *rp, const char *buf, size_t len)
{
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
		if (nl) /* a line cut by the cap is not a record */
			take_record(rp, buf + at, n);
		at += n + 1;
	}
}

static char *show(const cJSON *v)
{
	char *text = cJSON_PrintUnformatted(v);
	if (text && strlen(text) > 120)
		strcpy(text + 117, "...");
	return text ? text : xstrdup("?");
}

/* Whether test k passed; a failure adds its reason to the notes. */
static bool judge(struct report *rp, size_t k, const cJSON *test, bool cases, const char *fn)
{
	const cJSON *rec = rp->rec[k];
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(rec, "error");
	if (!rec)
		return false;
	if (cJSON_IsString(err)) {
		note(rp, err->valuestring);
		return false;
	}
	if (!cases)
		return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "ok"));
	const cJSON *got = cJSON_GetObjectItemCaseSensitive(rec, "value");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(test, "expected_output");
	if (cJSON_GetObjectItemCaseSensitive(rec, "nul")) {
		char *text = xasprintf("%s returned a string holding a NUL character", fn);
		note(rp, text);
		free(text);
		return false;
	}
	if (code_json_equal(got, want))
		return true;
	char *g = show(got), *w = show(want), *args = show(cJSON_GetObjectItem(test, "input"));
	size_t n = strlen(args);
	if (n >= 2 && args[0] == '[' && args[n - 1] == ']') { /* f(2), not f([2]) */
		memmove(args, args + 1, n - 2);
		args[n - 2] = '\0';
	}
	char *text = xasprintf("%s(%s) returned %s, expected %s", fn, args, g, w);
	note(rp, text);
	free(text);
	free(g);
	free(w);
	free(args);
	return false;
}

static void score_report(const struct eval_item *it, const struct sandbox_result *r, double wall,
                         long disk_mb, struct item_score *s)
{
	bool cases;
	const cJSON *tests = item_tests(it->config, &cases), *t;
	const cJSON *fn = cJSON_GetObjectItemCaseSensitive(it->config, "function_name");
	struct report rp = {.n = (size_t)cJSON_GetArraySize(tests), .notes = STRBUF_INIT};
	rp.rec = xcalloc(rp.n ? rp.n : 1, sizeof *rp.rec);
	parse_channel(&rp, r->channel ? r->channel : "", r->channel_len);
	size_t k = 0;
	const char *name = cJSON_IsString(fn) ? fn->valuestring : "f";
	cJSON_ArrayForEach(t, tests)
	{
		s->passed += judge(&rp, k++, t, cases, name);
	}
	s->total = (int)rp.n;
	if (r->disk_full) { /* checked after the fact (no tmpfs): the whole run fails */
		s->passed = 0;
		char *text =
		    xasprintf("the code wrote more than %ld MB (sandbox.max_disk_mb)", disk_mb);
		note(&rp, text);
		free(text);
	}
	if (!rp.done) {
		char *why = r->timed_out ? xasprintf("timed out after %g s", wall)
		            : r->channel_truncated
		                ? xstrdup("the report passed its 1 MiB cap")
		                : xasprintf("the code ended before the tests finished (status %d)",
		                            r->status);
		char *text = !rp.ran && !r->timed_out && r->err_len
		                 ? xasprintf("%s: %.200s", why, r->err)
		                 : xstrdup(why);
		note(&rp, text);
		free(why);
		free(text);
	}
	if (rp.notes.len)
		s->note = sb_detach(&rp.notes);
	else
		sb_free(&rp.notes);
	for (size_t i = 0; i < rp.n; i++)
		cJSON_Delete(rp.rec[i]);
	free(rp.rec);
}

void score_code_execution(const struct eval_item *it, const char *response, struct score_env *env,
                          struct item_score *s)
{
	char *code = extract_code(response);
	char *script = harness_script(code, it->config), *err = NULL;
	struct sandbox_limits lim;
	sandbox_default_limits(&lim);
	lim.max_channel = CHANNEL_MAX;
	if (env->max_disk_mb > 0)
		lim.max_disk_mb = env->max_disk_mb;
	struct sandbox_result r;
	if (sandbox_run_python(script, &lim, env->allow_unsandboxed, &r, &err) < 0) {
		s->note = err;
	} else {
		env->layers = r.layers;
		env->ran = true;
		score_report(it, &r, lim.wall_seconds, lim.max_disk_mb, s);
		s->correct = s->total > 0 && s->passed == s->total;
		s->score = s->correct ? 1 : 0;
		s->extracted = xasprintf("passed %d/%d", s->passed, s->total);
		sandbox_result_free(&r);
	}
	free(script);
	free(code);
}
