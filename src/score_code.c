/* score_code.c: the code_execution scorer. The response's code and the
 * item's tests run in the sandbox inside one Python harness that reports
 * passed/total on a line marked with a nonce the code cannot know in
 * advance; pass@1 means every test passed, partial credit goes to the log. */
#define _GNU_SOURCE
#include "score.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dataset.h"
#include "extract.h"
#include "sandbox.h"
#include "util.h"

/* %1$s code, %2$s tests, %3$s function name, %4$s marker: all Python literals. */
static const char harness[] =
    "import json, sys\n"
    "CODE = json.loads(%s)\n"
    "TESTS = json.loads(%s)\n"
    "FN = %s\n"
    "MARK = %s\n"
    "out = sys.stdout\n"
    "res = {'passed': 0, 'total': len(TESTS), 'errors': []}\n"
    "ns = {'__name__': '__solution__'}\n"
    "def note(msg):\n"
    "    if len(res['errors']) < 5:\n"
    "        res['errors'].append(msg[:300])\n"
    "try:\n"
    "    exec(compile(CODE, 'solution.py', 'exec'), ns)\n"
    "except BaseException as e:\n"
    "    note('the code does not run: %%s: %%s' %% (type(e).__name__, e))\n"
    "    TESTS = []\n"
    "for t in TESTS:\n"
    "    try:\n"
    "        if isinstance(t, str):\n"
    "            exec(t, ns)\n"
    "        else:\n"
    "            got = ns[FN](*t['input'])\n"
    "            if got != t['expected_output']:\n"
    "                raise AssertionError('%%s%%r returned %%r, expected %%r' %% (FN, "
    "tuple(t['input']), "
    "got, t['expected_output']))\n"
    "        res['passed'] += 1\n"
    "    except BaseException as e:\n"
    "        note('%%s: %%s' %% (type(e).__name__, e))\n"
    "out.write('\\n' + MARK + ' ' + json.dumps(res) + '\\n')\n"
    "out.flush()\n";

/* A string as a Python literal: JSON string syntax is valid Python. */
static char *py_literal(const char *s)
{
	cJSON *j = cJSON_CreateString(s);
	char *lit = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return lit;
}

static char *marker(void)
{
	unsigned char b[12] = {0};
	FILE *f = fopen("/dev/urandom", "rb");
	if (!f || fread(b, 1, sizeof b, f) != sizeof b) {
		srand((unsigned)time(NULL) ^ (unsigned)getpid());
		for (size_t i = 0; i < sizeof b; i++)
			b[i] = (unsigned char)rand();
	}
	if (f)
		fclose(f);
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "LOCO-RESULT-");
	for (size_t i = 0; i < sizeof b; i++)
		sb_addf(&sb, "%02x", b[i]);
	return sb_detach(&sb);
}

static char *harness_script(const char *code, const cJSON *config, const char *mark)
{
	const cJSON *cases = cJSON_GetObjectItemCaseSensitive(config, "test_cases");
	const cJSON *tests = cJSON_GetObjectItemCaseSensitive(config, "tests");
	const cJSON *fn = cJSON_GetObjectItemCaseSensitive(config, "function_name");
	cJSON *cs = cJSON_CreateString(code);
	char *code_json = cJSON_PrintUnformatted(cs);
	cJSON_Delete(cs);
	char *tests_json = cJSON_PrintUnformatted(cases ? cases : tests);
	char *a = py_literal(code_json), *b = py_literal(tests_json ? tests_json : "[]");
	char *f = py_literal(cJSON_IsString(fn) ? fn->valuestring : "");
	char *m = py_literal(mark);
	char *script = xasprintf(harness, a, b, f, m);
	free(code_json);
	free(tests_json);
	free(a);
	free(b);
	free(f);
	free(m);
	return script;
}

/* passed/total from the marked line, or -1 when the harness never reported. */
static int read_result(const char *out, const char *mark, struct item_score *s)
{
	const char *at = NULL;
	for (const char *p = out; (p = strstr(p, mark)); p++)
		at = p;
	if (!at)
		return -1;
	cJSON *j = cJSON_Parse(at + strlen(mark));
	const cJSON *passed = cJSON_GetObjectItemCaseSensitive(j, "passed");
	const cJSON *total = cJSON_GetObjectItemCaseSensitive(j, "total");
	const cJSON *errors = cJSON_GetObjectItemCaseSensitive(j, "errors"), *e;
	int rc = cJSON_IsNumber(passed) && cJSON_IsNumber(total) ? 0 : -1;
	if (rc == 0) {
		s->passed = passed->valueint;
		s->total = total->valueint;
		struct strbuf sb = STRBUF_INIT;
		cJSON_ArrayForEach(e, errors) if (cJSON_IsString(e))
		    sb_addf(&sb, "%s%s", sb.len ? "; " : "", e->valuestring);
		if (sb.len)
			s->note = sb_detach(&sb);
		else
			sb_free(&sb);
	}
	cJSON_Delete(j);
	return rc;
}

void score_code_execution(const struct eval_item *it, const char *response, struct score_env *env,
                          struct item_score *s)
{
	char *code = extract_code(response), *mark = marker();
	char *script = harness_script(code, it->config, mark), *err = NULL;
	struct sandbox_limits lim;
	sandbox_default_limits(&lim);
	struct sandbox_result r;
	if (sandbox_run_python(script, &lim, env->allow_unsandboxed, &r, &err) < 0) {
		s->note = err;
	} else {
		env->layers = r.layers;
		env->ran = true;
		if (read_result(r.out, mark, s) < 0) {
			/* no report: every test counts as failed */
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(it->config, "test_cases");
			if (!c)
				c = cJSON_GetObjectItemCaseSensitive(it->config, "tests");
			s->total = cJSON_GetArraySize(c);
			s->note = r.timed_out ? xasprintf("timed out after %g s", lim.wall_seconds)
			                      : xasprintf("the code crashed (status %d): %.200s",
			                                  r.status, r.err);
		}
		s->correct = s->total > 0 && s->passed == s->total;
		s->score = s->correct ? 1 : 0;
		s->extracted = xasprintf("passed %d/%d", s->passed, s->total);
		sandbox_result_free(&r);
	}
	free(script);
	free(mark);
	free(code);
}
