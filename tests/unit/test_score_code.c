/* test_score_code.c: the code_execution scorer against the review's forgeries (D2 marker_main,
 * D3 always_eq), early exits, floods and NULs in output (D9, D10), and the JSON comparison that
 * decides test_cases and the asserts loco checks by value (issue 14 items 2 and 4): forged fd 3
 * records, always-equal objects and asserts read from __main__ fail them, while asserts of other
 * forms still run in the answer's process and are counted in the note. Each sample states its
 * exact passed/total and, for a failure, a part of the note that says why. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dataset.h"
#include "score.h"
#include "util.h"

#define CASES                                                                                      \
	"{\"function_name\": \"f\", \"test_cases\": [{\"input\": [2], \"expected_output\": 4}, "   \
	"{\"input\": [0], \"expected_output\": 0}]}"
#define ASSERTS                                                                                    \
	"{\"function_name\": \"f\", \"tests\": [\"assert f(2) == 4\", \"assert f(0) == 0\"]}"
#define DOUBLE "def f(x):\n    return 2 * x\n"
#define LITERALS                                                                                   \
	"{\"function_name\": \"f\", \"tests\": [\"assert 4 == f(2)\", \"assert f(-1) == -2\", "    \
	"\"assert f([1, 2]) == [2, 4], 'lists double'\"]}"
#define TRUTHS                                                                                     \
	"{\"function_name\": \"is_even\", \"tests\": [\"assert is_even(4)\", \"assert not "        \
	"is_even(3)\"]}"
#define MIXED                                                                                      \
	"{\"function_name\": \"f\", \"tests\": [\"assert f(2) == 4\", \"assert f(2) == f(1) + "    \
	"2\"]}"
#define STATEFUL "{\"function_name\": \"f\", \"tests\": [\"y = f(3)\", \"assert f(y) == 12\"]}"
#define BROKEN   "{\"function_name\": \"f\", \"tests\": [\"assert f(2) == 4\", \"assert f(2 == 4\"]}"

struct sample {
	const char *name;
	const char *config;
	const char *code;
	int passed, total;
	const char *note; /* a part of the note, or NULL for no note */
};

static const struct sample samples[] = {
    {"correct, test_cases", CASES, DOUBLE, 2, 2, NULL},
    {"correct, tests", ASSERTS, DOUBLE, 2, 2, NULL},
    {"wrong", CASES, "def f(x):\n    return x + 2\n", 1, 2, "f(0) returned 2, expected 0"},
    /* D2: the harness's nonce was readable in __main__; a result line on stdout and an exit */
    {"marker_main, test_cases", CASES,
     "def f(x): return -1\nimport __main__, json, sys, os\n"
     "sys.stdout.write('\\n' + getattr(__main__, 'MARK', 'LOCO-RESULT-0') + ' ' + "
     "json.dumps({'passed': 2, 'total': 2, 'errors': []}) + '\\n')\n"
     "sys.stdout.flush(); os._exit(0)\n",
     0, 2, "the code ended before the tests finished (status 0)"},
    {"marker_main, tests", ASSERTS,
     "def f(x): return -1\nimport __main__, json, sys, os\n"
     "sys.stdout.write('\\n' + getattr(__main__, 'MARK', 'LOCO-RESULT-0') + ' ' + "
     "json.dumps({'passed': 2, 'total': 2, 'errors': []}) + '\\n')\n"
     "sys.stdout.flush(); os._exit(0)\n",
     0, 2, "ended before the tests finished"},
    /* asserts `EXPR == LITERAL`: the code's run gets EXPR only, loco compares (issue 14 item 2) */
    {"asserts: a forged ok record on fd 3, then os._exit(0)", ASSERTS,
     "def f(x): return -1\nimport os\n"
     "os.write(3, b'{\"ran\": true}\\n{\"i\": 0, \"ok\": true}\\n{\"i\": 1, \"ok\": "
     "true}\\n{\"done\": true}\\n')\nos._exit(0)\n",
     0, 2, "f(2): no value was reported"},
    {"asserts: forged values on fd 3 without the expected ones", ASSERTS,
     "import os\nos.write(3, b'{\"ran\": true}\\n{\"i\": 0, \"value\": 1}\\n{\"i\": 1, "
     "\"value\": 1}\\n{\"done\": true}\\n')\nos._exit(0)\n",
     0, 2, "f(2) returned 1, expected 4"},
    {"asserts: always_eq", ASSERTS,
     "class _E:\n    def __eq__(s, o): return True\n    def __ne__(s, o): return False\n"
     "def f(x): return _E()\n",
     0, 2, "TypeError: a value of type _E is not JSON"},
    {"asserts: the expected values are out of reach", ASSERTS,
     "import __main__, re\nsrc = open('script.py').read() + repr(vars(__main__))\n"
     "def f(x):\n    m = re.search(r'f\\(%d\\) == (\\d+)' % x, src)\n"
     "    return int(m.group(1)) if m else -1\n",
     0, 2, "f(2) returned -1, expected 4"},
    {"asserts: literal on the left, a negative number, a list", LITERALS,
     "def f(x):\n    return 2 * x if type(x) is int else [2 * y for y in x]\n", 3, 3, NULL},
    {"asserts: a tuple is a list, as in test_cases", LITERALS,
     "def f(x):\n    return 2 * x if type(x) is int else tuple(2 * y for y in x)\n", 3, 3, NULL},
    {"asserts: 4 is not 4.5", LITERALS,
     "def f(x):\n    return 4.5 if x == 2 else 2 * x if type(x) is int else [2 * y for y in x]\n",
     2, 3, "f(2) returned 4.5, expected 4"},
    {"asserts: True is not 1, as in test_cases",
     "{\"function_name\": \"f\", \"tests\": [\"assert f() == 1\"]}", "def f(): return True\n", 0, 1,
     "f() returned true, expected 1"},
    {"asserts: NaN stays in the answer's process",
     "{\"function_name\": \"f\", \"tests\": [\"assert f() != f()\", \"assert f() == "
     "float('nan')\"]}",
     "def f(): return float('nan')\n", 1, 2, "0 of 2 asserts checked by loco; 2 ran"},
    /* `assert CALL` and `assert not CALL`: bool(CALL) is reported, the polarity stays out */
    {"asserts: truth of calls", TRUTHS, "def is_even(x):\n    return x % 2 == 0\n", 2, 2, NULL},
    {"asserts: a truthy value is true, as in Python", TRUTHS,
     "import re\ndef is_even(x):\n    return re.match('[02468]$', str(x))\n", 2, 2, NULL},
    {"asserts: always true", TRUTHS, "def is_even(x):\n    return True\n", 1, 2,
     "is_even(3) is true, the test expects it false"},
    {"asserts: __bool__ always True", TRUTHS,
     "class T:\n    def __bool__(s): return True\ndef is_even(x):\n    return T()\n", 1, 2,
     "is_even(3) is true, the test expects it false"},
    /* other asserts still run in the answer's process, and the note says so */
    {"asserts: a non-literal comparison runs in-process", MIXED, DOUBLE, 2, 2,
     "1 of 2 asserts checked by loco; 1 ran in the answer's process"},
    {"asserts: in-process ones are forgeable (the note says so)", MIXED,
     "class _E:\n    def __eq__(s, o): return True\n    def __add__(s, o): return s\n"
     "def f(x): return _E()\n",
     1, 2, "1 of 2 asserts checked by loco; 1 ran in the answer's process"},
    {"asserts: state set by an in-process test", STATEFUL, DOUBLE, 2, 2,
     "1 of 2 asserts checked by loco; 1 ran"},
    {"asserts: one that is not valid Python", BROKEN, DOUBLE, 1, 2,
     "test 2: the test is not valid Python: SyntaxError"},
    {"asserts: os._exit(0) after a value check", ASSERTS,
     "def f(x):\n    if x == 0:\n        import os\n        os._exit(0)\n    return 2 * x\n", 1, 2,
     "ended before the tests finished (status 0)"},
    /* D3: an object equal to everything */
    {"always_eq", CASES,
     "class _E:\n    def __eq__(s, o): return True\n    def __ne__(s, o): return False\n"
     "def f(x): return _E()\n",
     0, 2, "TypeError: a value of type _E is not JSON"},
    {"int subclass equal to everything", CASES,
     "class I(int):\n    def __eq__(s, o): return True\ndef f(x): return I(5)\n", 0, 2,
     "a value of type I is not JSON"},
    {"os._exit(0) before the tests", ASSERTS, DOUBLE "import os\nos._exit(0)\n", 0, 2,
     "the code ended before the tests finished (status 0)"},
    {"os._exit(0) inside a test", ASSERTS, "def f(x):\n    import os\n    os._exit(0)\n", 0, 2,
     "ended before the tests finished (status 0)"},
    {"sys.exit(0) at the top", CASES, DOUBLE "import sys\nsys.exit(0)\n", 0, 2,
     "the code does not run: SystemExit"},
    {"crashes (SIGSEGV)", CASES, DOUBLE "import ctypes\nctypes.string_at(0)\n", 0, 2,
     "ended before the tests finished (status 139)"},
    /* the expected outputs never enter the sandbox: the code cannot copy them */
    {"expected outputs out of reach", CASES,
     "import __main__\nsrc = open('script.py').read() + repr(vars(__main__))\n"
     "def f(x):\n    return 2 * x if 'expected' + '_output' not in src else -1\n",
     2, 2, NULL},
    {"a forged report on fd 3 without the expected values", CASES,
     "import os\nos.write(3, b'{\"ran\": true}\\n{\"i\": 0, \"value\": 1}\\n{\"i\": 1, "
     "\"value\": 1}\\n{\"done\": true}\\n')\nos._exit(0)\n",
     0, 2, "f(2) returned 1, expected 4"},
    {"garbage on fd 3, then correct", CASES, "import os\nos.write(3, b'\\x00{]\\n')\n" DOUBLE, 2, 2,
     NULL},
    /* D10: correct code that prints a lot still passes; the excess is dropped */
    {"prints 70000 bytes", CASES, "print('B' * 70000)\n" DOUBLE, 2, 2, NULL},
    {"prints 8 MB to both streams", CASES,
     "import sys\nsys.stdout.write('x' * (8 << 20))\nsys.stderr.write('y' * (8 << 20))\n" DOUBLE, 2,
     2, NULL},
    /* D9: NUL bytes in printed output */
    {"prints a NUL", CASES, "print('a\\x00b')\n" DOUBLE, 2, 2, NULL},
    {"returns a string with a NUL",
     "{\"function_name\": \"f\", \"test_cases\": [{\"input\": [], "
     "\"expected_output\": \"a\"}]}",
     "def f(): return 'a\\x00b'\n", 0, 1, "f returned a string holding a NUL character"},
    {"a tuple is a JSON array",
     "{\"function_name\": \"f\", \"test_cases\": [{\"input\": [1, 2], "
     "\"expected_output\": [1, 2]}]}",
     "def f(a, b): return (a, b)\n", 1, 1, NULL},
    {"True is not 1",
     "{\"function_name\": \"f\", \"test_cases\": [{\"input\": [], "
     "\"expected_output\": 1}]}",
     "def f(): return True\n", 0, 1, "f() returned true, expected 1"},
    {"4.0 is 4", CASES, "def f(x): return float(2 * x)\n", 2, 2, NULL},
    {"NaN is not JSON", CASES, "def f(x): return float('nan')\n", 0, 2, "is not a JSON number"},
    {"dict keys must be strings",
     "{\"function_name\": \"f\", \"test_cases\": [{\"input\": [], "
     "\"expected_output\": {\"1\": 2}}]}",
     "def f(): return {1: 2}\n", 0, 1, "a dict key of type int is not a JSON key"},
};

static void run_sample(const struct sample *c)
{
	struct eval_item it = {0};
	it.type = "code_execution";
	it.config = cJSON_Parse(c->config);
	char *response = xasprintf("```python\n%s```\n", c->code);
	struct score_env env = {0};
	struct item_score s = {0};
	score_code_execution(&it, response, &env, &s);
	CHECK(s.passed == c->passed && s.total == c->total, "%s: passed %d/%d, want %d/%d (%s)",
	      c->name, s.passed, s.total, c->passed, c->total, s.note ? s.note : "no note");
	CHECK(s.correct == (c->passed == c->total), "%s: correct %d", c->name, s.correct);
	if (c->note)
		CHECK(s.note && strstr(s.note, c->note), "%s: note '%s', want '%s'", c->name,
		      s.note ? s.note : "", c->note);
	else
		CHECK(!s.note, "%s: note '%s'", c->name, s.note);
	item_score_free(&s);
	score_env_free(&env);
	free(response);
	cJSON_Delete(it.config);
}

struct json_case {
	const char *a, *b;
	bool equal;
};

static const struct json_case json_cases[] = {
    {"4", "4.0", true},
    {"0.30000000000000004", "0.3", false},
    {"true", "1", false},
    {"null", "null", true},
    {"[1, 2]", "[2, 1]", false},
    {"[1, [2, {\"a\": []}]]", "[1, [2, {\"a\": []}]]", true},
    {"{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"a\": 1}", true},
    {"{\"a\": 1, \"a\": 1}", "{\"a\": 1, \"b\": 1}", false},
    {"{\"a\": 1}", "{\"A\": 1}", false},
    {"\"x\"", "\"x \"", false},
    {"[]", "{}", false},
    {"1e300", "1e300", true},
};

static void test_json_equal(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(json_cases); i++) {
		cJSON *a = cJSON_Parse(json_cases[i].a), *b = cJSON_Parse(json_cases[i].b);
		CHECK(code_json_equal(a, b) == json_cases[i].equal, "%s vs %s", json_cases[i].a,
		      json_cases[i].b);
		CHECK(code_json_equal(b, a) == json_cases[i].equal, "%s vs %s", json_cases[i].b,
		      json_cases[i].a);
		cJSON_Delete(a);
		cJSON_Delete(b);
	}
}

int main(void)
{
	test_json_equal();
	for (size_t i = 0; i < LOCO_ARRAY_LEN(samples); i++)
		run_sample(&samples[i]);
	return check_done("score_code");
}
