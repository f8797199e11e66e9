/* test_toolcall.c: tool calls read from replies (toolcall.h), the forms
 * qwen3 builds write as text (ollama/ollama#11662: JSON in content; #16686:
 * the opening <tool_call> dropped; qwen3-coder's <function=...> form), the
 * structured arrays of Ollama and OpenAI, and text that must not count. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "toolcall.h"
#include "util.h"

struct text_case {
	const char *what, *in;
	size_t calls;     /* how many calls are read */
	const char *name; /* of the first */
	const char *code; /* its "code" argument, NULL when it has none */
	enum tool_call_form form;
	const char *rest; /* the content without the calls */
};

static const char *const offered[] = {"python"};

static const struct text_case text_cases[] = {
    {"tagged JSON (Hermes, qwen3's template)",
     "<tool_call>\n{\"name\": \"python\", \"arguments\": {\"code\": \"print(2480 * "
     "0.175)\"}}\n</tool_call>",
     1, "python", "print(2480 * 0.175)", TOOLCALL_TAGGED, ""},
    {"text before the call is kept",
     "Let me compute.\n<tool_call>{\"name\":\"python\",\"arguments\":{\"code\":\"print(1)\"}}"
     "</tool_call>",
     1, "python", "print(1)", TOOLCALL_TAGGED, "Let me compute."},
    {"arguments as a JSON string (OpenAI style)",
     "<tool_call>{\"name\":\"python\",\"arguments\":\"{\\\"code\\\": \\\"print(3)\\\"}\"}"
     "</tool_call>",
     1, "python", "print(3)", TOOLCALL_TAGGED, ""},
    {"parameters instead of arguments",
     "<tool_call>{\"name\":\"python\",\"parameters\":{\"code\":\"x=1\"}}</tool_call>", 1, "python",
     "x=1", TOOLCALL_TAGGED, ""},
    {"no closing tag at the end of the reply",
     "<tool_call>\n{\"name\":\"python\",\"arguments\":{\"code\":\"print(4)\"}}", 1, "python",
     "print(4)", TOOLCALL_TAGGED, ""},
    {"the opening tag lost (#16686)",
     "{\"name\": \"python\", \"arguments\": {\"code\": \"print(5)\"}}\n</tool_call>", 1, "python",
     "print(5)", TOOLCALL_UNOPENED, ""},
    {"the opening tag lost after prose with braces",
     "I think {x} matters.\n{\"name\":\"python\",\"arguments\":{\"code\":\"print(6)\"}}"
     "</tool_call>",
     1, "python", "print(6)", TOOLCALL_UNOPENED, "I think {x} matters."},
    {"qwen3-coder's XML form",
     "<tool_call>\n<function=python>\n<parameter=code>\nfor i in range(3):\n    "
     "print(i)\n</parameter>\n</function>\n</tool_call>",
     1, "python", "for i in range(3):\n    print(i)", TOOLCALL_XML, ""},
    {"two tagged calls",
     "<tool_call>{\"name\":\"python\",\"arguments\":{\"code\":\"a\"}}</tool_call>\n"
     "<tool_call>{\"name\":\"python\",\"arguments\":{\"code\":\"b\"}}</tool_call>",
     2, "python", "a", TOOLCALL_TAGGED, ""},
    {"a tagged call of a tool not offered still counts (the loop refuses it)",
     "<tool_call>{\"name\":\"shell\",\"arguments\":{\"cmd\":\"ls\"}}</tool_call>", 1, "shell", NULL,
     TOOLCALL_TAGGED, ""},
    {"a fenced block with a name and arguments",
     "```json\n{\"name\": \"python\", \"arguments\": {\"code\": \"print(7)\"}}\n```", 1, "python",
     "print(7)", TOOLCALL_FENCED, ""},
    {"a fenced block without a language",
     "Sure:\n```\n{\"name\":\"python\",\"arguments\":{\"code\":\"print(8)\"}}\n```\n", 1, "python",
     "print(8)", TOOLCALL_FENCED, "Sure:"},
    {"a fenced JSON answer is not a call", "```json\n{\"name\": \"Ada\", \"age\": 36}\n```", 0,
     NULL, NULL, TOOLCALL_FENCED, "```json\n{\"name\": \"Ada\", \"age\": 36}\n```"},
    {"a fenced call of a tool not offered is an answer",
     "```json\n{\"name\": \"shell\", \"arguments\": {}}\n```", 0, NULL, NULL, TOOLCALL_FENCED,
     "```json\n{\"name\": \"shell\", \"arguments\": {}}\n```"},
    {"plain prose", "The answer is 434.", 0, NULL, NULL, TOOLCALL_TAGGED, "The answer is 434."},
    {"a tag around prose is not a call", "<tool_call>I would call python here</tool_call>", 0, NULL,
     NULL, TOOLCALL_TAGGED, "<tool_call>I would call python here</tool_call>"},
    {"a call with no name", "<tool_call>{\"arguments\":{\"code\":\"1\"}}</tool_call>", 0, NULL,
     NULL, TOOLCALL_TAGGED, "<tool_call>{\"arguments\":{\"code\":\"1\"}}</tool_call>"},
    {"arguments that are a number", "<tool_call>{\"name\":\"python\",\"arguments\":5}</tool_call>",
     0, NULL, NULL, TOOLCALL_TAGGED,
     "<tool_call>{\"name\":\"python\",\"arguments\":5}</tool_call>"},
    {"a call without arguments gets an empty object",
     "<tool_call>{\"name\":\"python\"}</tool_call>", 1, "python", NULL, TOOLCALL_TAGGED, ""},
    {"a name that is not an identifier",
     "<tool_call>{\"name\":\"py thon\\n\",\"arguments\":{}}</tool_call>", 0, NULL, NULL,
     TOOLCALL_TAGGED, "<tool_call>{\"name\":\"py thon\\n\",\"arguments\":{}}</tool_call>"},
    {"an XML name with a NUL (a fuzz find)", "<tool_call><function=py\001>x</function>", 0, NULL,
     NULL, TOOLCALL_XML, "<tool_call><function=py\001>x</function>"},
    {"a stray closing tag", "done </tool_call>", 0, NULL, NULL, TOOLCALL_TAGGED,
     "done </tool_call>"},
};

static void check_text_case(const struct text_case *c)
{
	struct tool_calls calls = {0};
	struct strbuf rest = STRBUF_INIT;
	sb_adds(&rest, "");
	size_t n = tool_calls_from_text(c->in, strlen(c->in), offered, 1, &calls, &rest);
	CHECK(n == c->calls && calls.n == c->calls, "%s: %zu calls, want %zu", c->what, n,
	      c->calls);
	if (c->calls && calls.n) {
		CHECK_STR(calls.v[0].name, c->name, c->what);
		CHECK(calls.v[0].form == c->form, "%s: form %s", c->what,
		      tool_call_form_name(calls.v[0].form));
		CHECK(cJSON_IsObject(calls.v[0].arguments), "%s: arguments are an object", c->what);
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(calls.v[0].arguments, "code");
		if (c->code)
			CHECK_STR(cJSON_GetStringValue(code), c->code, c->what);
		else
			CHECK(code == NULL, "%s: no code argument", c->what);
	}
	CHECK_STR(rest.buf, c->rest, c->what);
	sb_free(&rest);
	tool_calls_free(&calls);
}

static void test_structured(void)
{
	/* Ollama (api/types.go ToolCall: function.arguments an object) and
	 * OpenAI (arguments a JSON string), one array each. */
	const char *ollama = "[{\"function\":{\"index\":0,\"name\":\"python\",\"arguments\":"
	                     "{\"code\":\"print(1)\"}}}]";
	const char *openai = "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
	                     "\"python\",\"arguments\":\"{\\\"code\\\":\\\"print(2)\\\"}\"}}]";
	const char *bad[] = {"[{\"function\":{\"arguments\":{}}}]", "[{\"name\":\"python\"}]",
	                     "[{\"function\":{\"name\":\"python\",\"arguments\":\"not json\"}}]",
	                     "{}"};
	struct tool_calls calls = {0};
	char *err = NULL;
	cJSON *a = cJSON_Parse(ollama), *b = cJSON_Parse(openai);
	CHECK(tool_calls_from_json(a, &calls, &err) == 1, "ollama: %s", err ? err : "");
	CHECK(tool_calls_from_json(b, &calls, &err) == 1, "openai: %s", err ? err : "");
	CHECK(calls.n == 2, "two calls");
	for (size_t i = 0; i < calls.n; i++) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(calls.v[i].arguments, "code");
		CHECK_STR(cJSON_GetStringValue(code), i ? "print(2)" : "print(1)",
		          "structured code");
		CHECK(calls.v[i].form == TOOLCALL_STRUCTURED, "structured form");
	}
	cJSON_Delete(a);
	cJSON_Delete(b);
	tool_calls_free(&calls);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cJSON *j = cJSON_Parse(bad[i]);
		CHECK(tool_calls_from_json(j, &calls, &err) == -1 && err, "refused: %s", bad[i]);
		free(err);
		err = NULL;
		cJSON_Delete(j);
		tool_calls_free(&calls);
	}
}

static void test_limits(void)
{
	/* More calls than TOOLCALL_MAX: the first ones are kept. */
	struct strbuf in = STRBUF_INIT;
	for (int i = 0; i < TOOLCALL_MAX + 3; i++)
		sb_addf(&in,
		        "<tool_call>{\"name\":\"python\",\"arguments\":{\"code\":\"%d\"}}"
		        "</tool_call>",
		        i);
	struct tool_calls calls = {0};
	tool_calls_from_text(in.buf, in.len, offered, 1, &calls, NULL);
	CHECK(calls.n == TOOLCALL_MAX, "%zu calls kept", calls.n);
	tool_calls_free(&calls);
	sb_free(&in);

	/* JSON nested past JSON_MAX_DEPTH is not parsed (and does not crash). */
	struct strbuf deep = STRBUF_INIT;
	sb_adds(&deep, "<tool_call>{\"name\":\"python\",\"arguments\":");
	for (int i = 0; i < 10000; i++)
		sb_adds(&deep, "[");
	sb_adds(&deep, "</tool_call>");
	CHECK(tool_calls_from_text(deep.buf, deep.len, offered, 1, &calls, NULL) == 0,
	      "a deep call is not read");
	tool_calls_free(&calls);
	sb_free(&deep);

	/* NUL bytes and a cut tag at the end stay text. */
	const char nul[] = "a\0b<tool_ca";
	struct strbuf rest = STRBUF_INIT;
	sb_adds(&rest, "");
	CHECK(tool_calls_from_text(nul, sizeof nul - 1, offered, 1, &calls, &rest) == 0 &&
	          rest.len == sizeof nul - 1,
	      "NUL and a cut tag kept (%zu bytes)", rest.len);
	sb_free(&rest);
}

int main(void)
{
	for (size_t i = 0; i < sizeof text_cases / sizeof *text_cases; i++)
		check_text_case(&text_cases[i]);
	test_structured();
	test_limits();
	return check_done("toolcall");
}
