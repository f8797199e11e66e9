/* toolcall.h: tool calls out of a model's reply (issue 19). Ollama's
 * /api/chat answers with message.tool_calls, arguments as an object; OpenAI's
 * chat completions with choices[].message.tool_calls, arguments as a JSON
 * string. Small qwen3 builds often write the call as text in content instead
 * (ollama/ollama#11662, #16686, #16383; ../shared/reviews/research.md §4), in
 * the forms of enum tool_call_form, which are read here too.
 *
 * Ownership: a struct tool_calls owns its names and argument objects
 * (tool_calls_free()); the JSON and text passed in are borrowed.
 */
#ifndef LOCO_TOOLCALL_H
#define LOCO_TOOLCALL_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct cJSON;

enum tool_call_form {
	TOOLCALL_STRUCTURED, /* message.tool_calls */
	TOOLCALL_TAGGED,     /* <tool_call>{"name": ..., "arguments": {...}}</tool_call> */
	TOOLCALL_UNOPENED, /* {"name": ..., "arguments": {...}}</tool_call>, the opening tag lost */
	TOOLCALL_XML,      /* <tool_call><function=NAME><parameter=KEY>VALUE</parameter>... */
	TOOLCALL_FENCED,   /* a ```json block holding exactly a name and arguments */
};

struct tool_call {
	char *name;
	struct cJSON *arguments; /* always an object */
	enum tool_call_form form;
};

struct tool_calls {
	struct tool_call *v;
	size_t n;
};

/* At most this many calls are read from one reply; later ones are dropped. */
#define TOOLCALL_MAX 8

/* Reads a tool_calls array of either server: entries {"function": {"name",
 * "arguments"}}, arguments an object or a string holding one. Returns the
 * number of calls appended to out, or -1 with *err (caller frees) when an
 * entry is malformed; out then holds the entries before it. */
int tool_calls_from_json(const struct cJSON *array, struct tool_calls *out, char **err);

/* Finds calls written as text in content (n bytes). Tagged, unopened and XML
 * forms count whatever their name; a fenced block counts only when its name is
 * one of the offered tools (names, n_names), since an answer may show JSON.
 * Appends the calls to out and, when rest is not NULL, the content without the
 * calls' text to rest. Returns the number of calls found. */
size_t tool_calls_from_text(const char *content, size_t n, const char *const *names, size_t n_names,
                            struct tool_calls *out, struct strbuf *rest);

const char *tool_call_form_name(enum tool_call_form f);
void tool_calls_free(struct tool_calls *c);

#endif
