/* score_code.c: the code_execution scorer. The response's code and the item's tests run in the
 * sandbox inside one Python harness, which reports on a pipe of its own (fd 3, not stdout, so
 * what the code prints neither fakes nor hides a result). The trusted side decides:
 *
 * - test_cases: only the inputs go into the sandbox. The harness reports each call's return
 *   value as JSON, and loco compares it with expected_output here, in C, so an object whose
 *   __eq__ always says yes, or a forged report, passes only by producing the expected value.
 * - tests (assert strings): a first sandboxed run, without the code, reads the asserts with
 *   Python's ast module. `assert EXPR == LITERAL` (either side) becomes a test_cases-like check:
 *   the code's run gets only EXPR, reports its value as JSON, and loco compares it with the
 *   literal. `assert CALL` and `assert not CALL` report bool(CALL), and loco compares it with the
 *   hidden polarity. Other asserts run in the code's process and must report success; a test
 *   with no report failed, so code that exits (os._exit) or crashes before or during the tests
 *   fails them. Those are forgeable (the code shares their process), and the note says how many.
 *
 * pass@1 means every test passed; partial credit goes to the log. docs/evaluation.md has the
 * threat model (what a hostile answer can and cannot do). */
#define _GNU_SOURCE
#include "score.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "extract.h"
#include "sandbox.h"
#include "json.h"
#include "util.h"

#define CHANNEL_MAX (1024 * 1024) /* the harness's report; beyond it, tests go unreported */
#define MAX_NOTES   5

/* What both harnesses share: send() writes a record on fd 3, describe() an exception, plain() a
 * value as JSON of exactly the JSON types (a subclass or an object with its own __eq__ is not
 * JSON). xasprintf() formats (%%). */
#define PY_COMMON                                                                                  \
	"def send(rec):\n"                                                                         \
	"    b = (json.dumps(rec, ensure_ascii=True, allow_nan=False) + '\\n').encode()\n"         \
	"    while b:\n"                                                                           \
	"        b = b[os.write(3, b):]\n"                                                         \
	"def describe(e):\n"                                                                       \
	"    try:\n"                                                                               \
	"        return ('%%s: %%s' %% (type(e).__name__, e))[:300]\n"                             \
	"    except BaseException:\n"                                                              \
	"        return 'an exception that cannot be shown'\n"                                     \
	"def plain(v, depth=0):\n"                                                                 \
	"    t = type(v)\n"                                                                        \
	"    if depth > 100:\n"                                                                    \
	"        raise ValueError('the value is nested too deeply')\n"                             \
	"    if v is None or t in (bool, int, str):\n"                                             \
	"        return v\n"                                                                       \
	"    if t is float:\n"                                                                     \
	"        if v != v or v in (float('inf'), float('-inf')):\n"                               \
	"            raise ValueError('%%r is not a JSON number' %% v)\n"                          \
	"        return v\n"                                                                       \
	"    if t in (list, tuple):\n"                                                             \
	"        return [plain(x, depth + 1) for x in v]\n"                                        \
	"    if t is dict:\n"                                                                      \
	"        for k in v:\n"                                                                    \
	"            if type(k) is not str:\n"                                                     \
	"                raise TypeError('a dict key of type %%s is not a JSON key' %% "           \
	"type(k).__name__)\n"                                                                      \
	"        return {k: plain(x, depth + 1) for k, x in v.items()}\n"                          \
	"    raise TypeError('a value of type %%s is not JSON' %% t.__name__)\n"

/* The code's run. %1 code, %2 tests, %3 True for test_cases, %4 the function name: all Python
 * literals, in that order. Tests are argument lists (test_cases), or per assert ["exec", text]
 * (run in the code's namespace), ["value", EXPR] (its value as JSON), ["truth", EXPR] (its
 * bool()) or null (the parse run rejected it). Records are JSON lines on fd 3:
 * {"ran": bool[, "error"]}, then {"i": k, "value": v} | {"i": k, "ok": true} |
 * {"i": k, "error": text} per test, then {"done": true}. */
static const char harness[] =
    "import json, os\n"
    "CODE = json.loads(%s)\n"
    "TESTS = json.loads(%s)\n"
    "CASES = %s\n"
    "FN = %s\n" PY_COMMON "ns = {'__name__': '__solution__'}\n"
    "try:\n"
    "    exec(compile(CODE, 'solution.py', 'exec'), ns)\n"
    "    send({'ran': True})\n"
    "except BaseException as e:\n"
    "    send({'ran': False, 'error': 'the code does not run: ' + describe(e)})\n"
    "    TESTS = []\n"
    "for i, t in enumerate(TESTS):\n"
    "    if t is None:\n"
    "        continue\n"
    "    try:\n"
    "        if CASES:\n"
    "            rec = {'i': i, 'value': plain(ns[FN](*t))}\n"
    "        elif t[0] == 'exec':\n"
    "            exec(t[1], ns)\n"
    "            rec = {'i': i, 'ok': True}\n"
    "        elif t[0] == 'truth':\n"
    "            rec = {'i': i, 'value': bool(eval(t[1], ns))}\n"
    "        else:\n"
    "            rec = {'i': i, 'value': plain(eval(t[1], ns))}\n"
    "        send(rec)\n"
    "    except BaseException as e:\n"
    "        send({'i': i, 'error': describe(e)})\n"
    "send({'done': True})\n";

/* The parse run: no code in it, only the dataset's assert strings (%1, a Python literal of
 * their JSON). Per test, {"i": k, "expr": EXPR, "expected": JSON} for `assert EXPR == LITERAL`
 * or `assert LITERAL == EXPR` (a literal ast.literal_eval reads and plain() can write: no NaN,
 * infinity, set, bytes or complex), {"i": k, "expr": CALL, "truth": bool} for `assert CALL` and
 * `assert not CALL`, {"i": k} for any other valid test, {"i": k, "error": text} for one that does
 * not parse; then {"done": true}. A message after the comma does not matter: the check's own
 * note replaces it. */
static const char parse_harness[] =
    "import ast, json, os\n"
    "TESTS = json.loads(%s)\n" PY_COMMON "def by_value(tree):\n"
    "    if len(tree.body) != 1 or type(tree.body[0]) is not ast.Assert:\n"
    "        return {}\n"
    "    e = tree.body[0].test\n"
    "    if type(e) is ast.Compare and len(e.ops) == 1 and type(e.ops[0]) is ast.Eq:\n"
    "        for x, lit in ((e.left, e.comparators[0]), (e.comparators[0], e.left)):\n"
    "            try:\n"
    "                want = plain(ast.literal_eval(lit))\n"
    "            except Exception:\n"
    "                continue\n"
    "            return {'expr': ast.unparse(x), 'expected': want}\n"
    "    if type(e) is ast.UnaryOp and type(e.op) is ast.Not and type(e.operand) is ast.Call:\n"
    "        return {'expr': ast.unparse(e.operand), 'truth': False}\n"
    "    if type(e) is ast.Call:\n"
    "        return {'expr': ast.unparse(e), 'truth': True}\n"
    "    return {}\n"
    "for i, t in enumerate(TESTS):\n"
    "    try:\n"
    "        tree = ast.parse(t, 'test', 'exec')\n"
    "    except BaseException as e:\n"
    "        send({'i': i, 'error': 'the test is not valid Python: ' + describe(e)})\n"
    "        continue\n"
    "    try:\n"
    "        rec = by_value(tree)\n"
    "    except BaseException:\n"
    "        rec = {}\n"
    "    rec['i'] = i\n"
    "    send(rec)\n"
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

/* How an item's asserts are checked, from the parse run (owned by score_env's cache, or by the
 * caller when the parse run did not finish). check[k] is test k's record, NULL when the parse run
 * gave none (the test then fails with why). */
struct assert_plan {
	char *key; /* the tests as JSON text */
	cJSON **check;
	size_t n;
	char *why; /* the parse run did not finish: the reason, else NULL */
	int by_loco, in_process;
	struct assert_plan *next;
};

static const char *check_expr(const cJSON *check)
{
	return json_string_or(check, "expr", NULL);
}

static bool check_broken(const cJSON *check)
{
	return !check || cJSON_GetObjectItemCaseSensitive(check, "error");
}

/* One assert as the code's run gets it: never the expected value or the polarity. */
static cJSON *assert_entry(const cJSON *test, const cJSON *check)
{
	if (check_broken(check))
		return cJSON_CreateNull();
	const char *expr = check_expr(check);
	bool truth = cJSON_GetObjectItemCaseSensitive(check, "truth") != NULL;
	cJSON *e = cJSON_CreateArray();
	cJSON_AddItemToArray(e, cJSON_CreateString(!expr ? "exec" : truth ? "truth" : "value"));
	cJSON_AddItemToArray(e, cJSON_CreateString(expr ? expr : test->valuestring));
	return e;
}

/* What goes into the sandbox: the inputs of test_cases, never their expected outputs; for
 * asserts, the entries of assert_entry(). */
static char *sandbox_tests_json(const cJSON *tests, bool cases, const struct assert_plan *plan)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *t;
	size_t k = 0;
	cJSON_ArrayForEach(t, tests)
	{
		if (cases) {
			const cJSON *in = cJSON_GetObjectItemCaseSensitive(t, "input");
			cJSON_AddItemToArray(out,
			                     in ? cJSON_Duplicate(in, 1) : cJSON_CreateArray());
		} else {
			cJSON_AddItemToArray(out,
			                     assert_entry(t, k < plan->n ? plan->check[k] : NULL));
		}
		k++;
	}
	char *text = cJSON_PrintUnformatted(out);
	cJSON_Delete(out);
	return text;
}

static char *harness_script(const char *code, const cJSON *config, const struct assert_plan *plan)
{
	bool cases;
	const cJSON *tests = item_tests(config, &cases);
	const char *fn = json_string_or(config, "function_name", "");
	char *code_json = py_literal(code), *tests_json = sandbox_tests_json(tests, cases, plan);
	char *a = py_literal(code_json), *b = py_literal(tests_json ? tests_json : "[]");
	char *f = py_literal(fn);
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
	const char *err = json_string_or(j, "error", NULL);
	if (cJSON_IsBool(json_get(j, "ran"))) {
		rp->ran = json_true(j, "ran");
		if (err)
			note(rp, err);
	} else if (json_true(j, "done")) {
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

static void note_fmt(struct report *rp, const char *fmt, ...) LOCO_PRINTF(2, 3);

static void note_fmt(struct report *rp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	note(rp, text);
	free(text);
}

/* A run that did not send {"done": true}: why, with its stderr when nothing ran. who: "the
 * code" or "the parse run". */
static char *unfinished(const struct sandbox_result *r, double wall, bool ran, const char *who)
{
	char *why =
	    r->timed_out ? xasprintf("timed out after %g s", wall)
	    : r->channel_truncated
	        ? xstrdup("the report passed its 1 MiB cap")
	        : xasprintf("%s ended before the tests finished (status %d)", who, r->status);
	if (ran || r->timed_out || !r->err_len)
		return why;
	char *text = xasprintf("%s: %.200s", why, r->err);
	free(why);
	return text;
}

/* Whether test_cases test k passed; a failure adds its reason to the notes. */
static bool judge_case(struct report *rp, size_t k, const cJSON *test, const char *fn)
{
	const cJSON *rec = rp->rec[k];
	const char *err = json_string_or(rec, "error", NULL);
	if (!rec)
		return false;
	if (err) {
		note(rp, err);
		return false;
	}
	const cJSON *got = cJSON_GetObjectItemCaseSensitive(rec, "value");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(test, "expected_output");
	if (cJSON_GetObjectItemCaseSensitive(rec, "nul")) {
		note_fmt(rp, "%s returned a string holding a NUL character", fn);
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
	note_fmt(rp, "%s(%s) returned %s, expected %s", fn, args, g, w);
	free(g);
	free(w);
	free(args);
	return false;
}

/* A value check of an assert: the reported value against the parse run's literal, or its
 * bool() against the assert's polarity. */
static bool judge_value(struct report *rp, const cJSON *rec, const cJSON *check)
{
	char expr[128];
	snprintf(expr, sizeof expr, "%.120s%s", check_expr(check),
	         strlen(check_expr(check)) > 120 ? "..." : "");
	const cJSON *got = cJSON_GetObjectItemCaseSensitive(rec, "value");
	const cJSON *truth = cJSON_GetObjectItemCaseSensitive(check, "truth");
	if (!got) {
		note_fmt(rp, "%s: no value was reported", expr);
		return false;
	}
	if (cJSON_GetObjectItemCaseSensitive(rec, "nul")) {
		note_fmt(rp, "%s returned a string holding a NUL character", expr);
		return false;
	}
	if (truth) {
		if (cJSON_IsBool(got) && cJSON_IsTrue(got) == cJSON_IsTrue(truth))
			return true;
		note_fmt(rp, "%s is %s, the test expects it %s", expr,
		         cJSON_IsTrue(got) ? "true" : "false",
		         cJSON_IsTrue(truth) ? "true" : "false");
		return false;
	}
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(check, "expected");
	if (code_json_equal(got, want))
		return true;
	char *g = show(got), *w = show(want);
	note_fmt(rp, "%s returned %s, expected %s", expr, g, w);
	free(g);
	free(w);
	return false;
}

/* Whether assert k passed: the parse run's verdict, then the code run's record. */
static bool judge_assert(struct report *rp, size_t k, const cJSON *check)
{
	const cJSON *rec = rp->rec[k];
	const char *err = json_string_or(check, "error", NULL);
	if (err) {
		note_fmt(rp, "test %zu: %s", k + 1, err);
		return false;
	}
	if (!check || !rec)
		return false;
	err = json_string_or(rec, "error", NULL);
	if (err) {
		note(rp, err);
		return false;
	}
	if (!check_expr(check))
		return json_true(rec, "ok");
	return judge_value(rp, rec, check);
}

/* The first notes of an assert item: a parse run that did not finish, and how many asserts
 * ran where ("3 of 4 asserts checked by loco; 1 ran in the answer's process"). */
static void plan_notes(struct report *rp, const struct assert_plan *plan)
{
	if (plan->why)
		note(rp, plan->why);
	if (!plan->in_process)
		return;
	note_fmt(rp, "%d of %d asserts checked by loco; %d ran in the answer's process",
	         plan->by_loco, plan->by_loco + plan->in_process, plan->in_process);
}

static void score_report(const struct eval_item *it, const struct assert_plan *plan,
                         const struct sandbox_result *r, double wall, long disk_mb,
                         struct item_score *s)
{
	bool cases;
	const cJSON *tests = item_tests(it->config, &cases), *t;
	const char *name = json_string_or(it->config, "function_name", "f");
	struct report rp = {.n = (size_t)cJSON_GetArraySize(tests), .notes = STRBUF_INIT};
	rp.rec = xcalloc(rp.n ? rp.n : 1, sizeof *rp.rec);
	parse_channel(&rp, r->channel ? r->channel : "", r->channel_len);
	if (plan)
		plan_notes(&rp, plan);
	size_t k = 0;
	cJSON_ArrayForEach(t, tests)
	{
		s->passed += cases ? judge_case(&rp, k, t, name)
		                   : judge_assert(&rp, k, k < plan->n ? plan->check[k] : NULL);
		k++;
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
		char *text = unfinished(r, wall, rp.ran, "the code");
		note(&rp, text);
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

/* ---- the parse run, and its cache ---- */

static void run_limits(struct sandbox_limits *lim, const struct score_env *env)
{
	sandbox_default_limits(lim);
	lim->max_channel = CHANNEL_MAX;
	if (env->max_disk_mb > 0)
		lim->max_disk_mb = env->max_disk_mb;
}

static void plan_free(struct assert_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		cJSON_Delete(p->check[i]);
	free(p->check);
	free(p->key);
	free(p->why);
	free(p);
}

/* The parse run's records as a plan; a check whose text held a NUL (which cJSON cuts) runs in
 * the code's process instead. */
static struct assert_plan *plan_of(const char *key, size_t n, const struct sandbox_result *r,
                                   double wall)
{
	struct assert_plan *p = xcalloc(1, sizeof *p);
	struct report rp = {.n = n, .notes = STRBUF_INIT};
	rp.rec = xcalloc(n ? n : 1, sizeof *rp.rec);
	parse_channel(&rp, r->channel ? r->channel : "", r->channel_len);
	sb_free(&rp.notes);
	p->key = xstrdup(key);
	p->check = rp.rec;
	p->n = n;
	for (size_t k = 0; k < n; k++) {
		cJSON *c = p->check[k];
		if (cJSON_GetObjectItemCaseSensitive(c, "nul") && !check_broken(c)) {
			cJSON_DeleteItemFromObjectCaseSensitive(c, "expr");
			cJSON_DeleteItemFromObjectCaseSensitive(c, "expected");
			cJSON_DeleteItemFromObjectCaseSensitive(c, "truth");
		}
		if (!check_broken(c))
			*(check_expr(c) ? &p->by_loco : &p->in_process) += 1;
	}
	if (!rp.done) {
		char *why = unfinished(r, wall, false, "the parse run");
		p->why = xasprintf("the asserts could not be read: %s", why);
		free(why);
	}
	return p;
}

static struct assert_plan *parse_asserts(const char *key, size_t n, struct score_env *env,
                                         char **err)
{
	char *lit = py_literal(key);
	char *script = xasprintf(parse_harness, lit);
	free(lit);
	struct sandbox_limits lim;
	run_limits(&lim, env);
	struct sandbox_result r;
	int rc = sandbox_run_python(script, &lim, env->allow_unsandboxed, &r, err);
	free(script);
	if (rc < 0)
		return NULL;
	struct assert_plan *p = plan_of(key, n, &r, lim.wall_seconds);
	sandbox_result_free(&r);
	return p;
}

/* The plan of an item's asserts: from the cache (eval scores each item at least twice), else
 * from a parse run, which is cached when it finished. *owned: the caller frees it. */
static struct assert_plan *assert_plan(const cJSON *tests, struct score_env *env, bool *owned,
                                       char **err)
{
	char *key = tests ? cJSON_PrintUnformatted(tests) : xstrdup("[]");
	struct assert_plan *p;
	for (p = env->plans; p && strcmp(p->key, key); p = p->next)
		;
	*owned = false;
	if (!p) {
		p = parse_asserts(key, (size_t)cJSON_GetArraySize(tests), env, err);
		*owned = p && p->why;
		if (p && !p->why) {
			p->next = env->plans;
			env->plans = p;
			env->asserts_by_loco += p->by_loco;
			env->asserts_in_process += p->in_process;
		}
	}
	free(key);
	return p;
}

void score_env_free(struct score_env *env)
{
	while (env->plans) {
		struct assert_plan *p = env->plans;
		env->plans = p->next;
		plan_free(p);
	}
}

void score_code_execution(const struct eval_item *it, const char *response, struct score_env *env,
                          struct item_score *s)
{
	bool cases, owned = false;
	const cJSON *tests = item_tests(it->config, &cases);
	char *err = NULL;
	struct assert_plan *plan = cases ? NULL : assert_plan(tests, env, &owned, &err);
	if (!cases && !plan) {
		s->note = err;
		return;
	}
	char *code = extract_code(response);
	char *script = harness_script(code, it->config, plan);
	struct sandbox_limits lim;
	run_limits(&lim, env);
	struct sandbox_result r;
	if (sandbox_run_python(script, &lim, env->allow_unsandboxed, &r, &err) < 0) {
		s->note = err;
	} else {
		env->layers = r.layers;
		env->ran = true;
		score_report(it, plan, &r, lim.wall_seconds, lim.max_disk_mb, s);
		s->correct = s->total > 0 && s->passed == s->total;
		s->score = s->correct ? 1 : 0;
		s->extracted = xasprintf("passed %d/%d", s->passed, s->total);
		sandbox_result_free(&r);
	}
	if (owned)
		plan_free(plan);
	free(script);
	free(code);
}
