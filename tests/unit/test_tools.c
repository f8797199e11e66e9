/* test_tools.c: the python tool (tools.h) runs a model's code in the sandbox
 * and hands back what the model should read: the printed output, the end of
 * a traceback, a timeout, or why nothing ran. The issue's own example,
 * print(2480 * 0.175), must come back as 434.0 (Python's float repr of
 * 2480 * 0.175, checked with python3 -c). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tools.h"
#include "util.h"

static void call(const char *name, const char *code, struct tool_run *out)
{
	struct tool_call c = {(char *)name, cJSON_CreateObject(), TOOLCALL_STRUCTURED};
	if (code)
		cJSON_AddStringToObject(c.arguments, "code", code);
	struct sandbox_limits l;
	sandbox_default_limits(&l);
	l.wall_seconds = 5;
	l.cpu_seconds = 2;
	tool_run_call(&c, &l, false, out);
	cJSON_Delete(c.arguments);
}

struct case_ {
	const char *what, *name, *code;
	enum tool_status status;
	const char *result_has; /* a part of the result */
	const char *result_not; /* what must not be in it, or NULL */
};

static const struct case_ cases[] = {
    {"the issue's example", "python", "print(2480 * 0.175)", TOOL_OK, "434.0", "error"},
    {"several lines", "python", "for i in range(3):\n    print(i * i)", TOOL_OK, "0\n1\n4\n", NULL},
    {"nothing printed", "python", "x = 2 + 2", TOOL_OK, "the code printed nothing", NULL},
    {"an exception: the traceback's last line", "python", "print('before')\n1 / 0", TOOL_FAILED,
     "ZeroDivisionError: division by zero", NULL},
    {"output before the error is kept", "python", "print('before')\n1 / 0", TOOL_FAILED,
     "output before the error:\nbefore", NULL},
    {"a non-zero exit", "python", "import sys\nsys.exit(3)", TOOL_FAILED, "exit status 3", NULL},
    {"no network", "python", "import socket\ns = socket.socket()\nprint('opened')", TOOL_FAILED,
     "error", "opened"},
    {"a loop that never ends", "python", "while True:\n    pass", TOOL_TIMEOUT, "stopped after",
     NULL},
    {"an unknown tool", "shell", "ls", TOOL_REFUSED, "no tool named 'shell'", NULL},
    {"no code argument", "python", NULL, TOOL_REFUSED, "takes one argument, code", NULL},
};

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct case_ *c = &cases[i];
		struct tool_run r;
		call(c->name, c->code, &r);
		CHECK(r.status == c->status, "%s: status %s", c->what, tool_status_name(r.status));
		CHECK(r.result && strstr(r.result, c->result_has), "%s: result '%s'", c->what,
		      r.result ? r.result : "(null)");
		CHECK(!c->result_not || !strstr(r.result, c->result_not), "%s: '%s' in '%s'",
		      c->what, c->result_not, r.result);
		CHECK_STR(r.name, c->name, c->what);
		tool_run_free(&r);
	}
}

static void test_long_output(void)
{
	/* 100,000 bytes printed: the sandbox keeps 64 KiB (65,536 bytes), the
	 * model gets TOOL_RESULT_MAX of them and a note that over the rest was
	 * left out. */
	struct tool_run r;
	call("python", "print('x' * 100000)", &r);
	CHECK(r.status == TOOL_OK, "long output runs");
	CHECK(strlen(r.result) < TOOL_RESULT_MAX + 64, "result capped (%zu)", strlen(r.result));
	char note[64];
	snprintf(note, sizeof note, "[... over %d more bytes not shown]", 65536 - TOOL_RESULT_MAX);
	CHECK(strstr(r.result, note) != NULL, "note '%s' in the result's end", note);
	tool_run_free(&r);

	/* 5,000 bytes: within the sandbox's cap, so the count is exact. */
	call("python", "print('y' * 4999)", &r);
	snprintf(note, sizeof note, "[... %d more bytes not shown]", 5000 - TOOL_RESULT_MAX);
	CHECK(strstr(r.result, note) != NULL, "note '%s' in '%.40s...'", note, r.result);
	tool_run_free(&r);
}

static void test_definitions(void)
{
	cJSON *d = tools_definitions();
	char *s = cJSON_PrintUnformatted(d);
	CHECK(cJSON_GetArraySize(d) == 1, "one tool");
	CHECK(strstr(s, "\"type\":\"function\"") && strstr(s, "\"name\":\"python\"") &&
	          strstr(s, "\"required\":[\"code\"]"),
	      "definition %s", s);
	free(s);
	cJSON_Delete(d);
}

int main(void)
{
	test_definitions();
	test_cases();
	test_long_output();
	return check_done("tools");
}
