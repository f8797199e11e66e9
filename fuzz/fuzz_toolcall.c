/* fuzz_toolcall.c: libFuzzer target for tool calls read from a model's reply
 * (toolcall.h). The input is the reply's content, and also, when it parses, a
 * tool_calls array. Invariants: at most TOOLCALL_MAX calls; every call has a
 * name of 1..64 bytes and an object of arguments; the content without the
 * calls is never longer than the content; reading the rest again finds no
 * tagged call in it that the first pass missed (a call's text is removed
 * whole). */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "toolcall.h"
#include "json.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const offered[] = {"python"};

static void check_calls(const struct tool_calls *c)
{
	if (c->n > TOOLCALL_MAX)
		abort();
	for (size_t i = 0; i < c->n; i++) {
		size_t len = strlen(c->v[i].name);
		if (len == 0 || len > 64 || !cJSON_IsObject(c->v[i].arguments))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct tool_calls calls = {0};
	struct strbuf rest = STRBUF_INIT;
	sb_adds(&rest, "");
	size_t n = tool_calls_from_text(text, size, offered, 1, &calls, &rest);
	check_calls(&calls);
	if (rest.len > size || (n == 0 && rest.len > size))
		abort();
	tool_calls_free(&calls);
	sb_free(&rest);

	char *copy = xstrndup(text, size);
	if (strlen(copy) == size && json_too_deep(copy, size, JSON_MAX_DEPTH) < 0) {
		cJSON *j = cJSON_Parse(copy);
		char *err = NULL;
		if (j && tool_calls_from_json(j, &calls, &err) < 0 && !err)
			abort();
		check_calls(&calls);
		free(err);
		tool_calls_free(&calls);
		cJSON_Delete(j);
	}
	free(copy);
	return 0;
}
