/* tools.h: the tools a model may call while it answers (issue 19). There is
 * one, python: the model's code runs in the sandbox (sandbox.h) with the limits
 * of code_execution and no network, and what it printed goes back to the
 * model as the tool's result.
 *
 * Ownership: tools_definitions() returns an array the caller deletes; a
 * struct tool_run owns its strings (tool_run_free()); calls are borrowed.
 */
#ifndef LOCO_TOOLS_H
#define LOCO_TOOLS_H

#include <stdbool.h>

#include "sandbox.h"
#include "toolcall.h"

struct cJSON;

/* The most of a result sent back to the model; the rest is cut with a note. */
#define TOOL_RESULT_MAX 4096

enum tool_status {
	TOOL_OK,      /* the code ran and exited 0 */
	TOOL_FAILED,  /* it ran and failed: an exception, a non-zero exit */
	TOOL_TIMEOUT, /* the sandbox's wall clock or CPU limit stopped it */
	TOOL_REFUSED, /* not run: an unknown tool, no code argument, no sandbox */
};

struct tool_run {
	char *name;
	char *code;   /* NULL when the call had no code string */
	char *result; /* what the model is sent: output, or the error */
	enum tool_status status;
	double seconds;
};

/* The "tools" array of a chat request, in the shape both Ollama's /api/chat
 * (api/types.go Tool) and OpenAI's chat completions take. */
struct cJSON *tools_definitions(void);

/* Runs one call. Never fails: what went wrong is the result the model gets
 * back (the status says which), so the model can correct itself. Code runs
 * only inside the sandbox; without its required layers the call is refused
 * unless allow_unsandboxed. */
void tool_run_call(const struct tool_call *c, const struct sandbox_limits *l,
                   bool allow_unsandboxed, struct tool_run *out);

/* "ok", "failed", "timeout" or "refused" (for --json and logs). */
const char *tool_status_name(enum tool_status s);
void tool_run_free(struct tool_run *r);

#endif
