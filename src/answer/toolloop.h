/* toolloop.h: an answer that may call tools (issue 19). The model is offered
 * the python tool; each call it makes (structured, or written as text in its
 * reply, toolcall.h) runs in the sandbox (tools.h) and its result goes back
 * as a tool message, until the model answers without calling or the call
 * limit is reached, when one last answer is asked for without tools. Code
 * from a reply to a request that offered no tools is never run.
 *
 * The loop decides; the client sends each request (so query and chat keep
 * their retries and waiting line), asks before running code when it wants
 * to, and shows each run.
 *
 * Ownership: messages is the caller's conversation, borrowed and appended to
 * (the assistant's calls and the tool results, so a chat keeps them); the
 * returned chat_call is the caller's; a struct tool_loop owns its runs
 * (tool_loop_free()).
 */
#ifndef LOCO_TOOLLOOP_H
#define LOCO_TOOLLOOP_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "sandbox.h"
#include "tools.h"

struct cJSON;

struct tool_loop {
	/* The client's. round sends one request and runs it to its end. */
	struct chat_call *(*round)(void *ctx, const struct cJSON *messages,
	                           const struct chat_options *o);
	/* Asked before each run; false declines it (NULL: runs without asking). */
	bool (*confirm)(void *ctx, const struct tool_call *c);
	void (*shown)(void *ctx, const struct tool_run *r); /* after each run; may be NULL */
	void *ctx;
	int max_calls; /* runs per answer, tools.max_calls */
	bool allow_unsandboxed;
	struct sandbox_limits limits;

	/* The loop's: every run in order, and the requests sent. */
	struct tool_run *runs;
	size_t n_runs;
	int rounds;
	struct cJSON *defs; /* the tools offered */
};

/* Sets the defaults: three calls, the sandbox's default limits. */
void tool_loop_init(struct tool_loop *l);

/* One round at a time, for a client that sends the requests itself (eval's
 * pool): the "tools" to offer in the next request, NULL once the calls are
 * spent (then the answer is asked for without tools); and, when its reply
 * r is back, whether it made calls: then they ran, the assistant's turn and
 * their results were appended to messages, and another round is due. A
 * reply to a request that offered no tools (offered false) is the answer,
 * whatever it says. */
const struct cJSON *tool_loop_offer(const struct tool_loop *l);
bool tool_loop_step(struct tool_loop *l, struct cJSON *messages, const struct chat_result *r,
                    bool offered);

/* Answers: returns the last request's call, whose result is the answer (or
 * the failure that ended the loop). */
struct chat_call *tool_loop_run(struct tool_loop *l, struct cJSON *messages,
                                const struct chat_options *o);

/* The runs as --json's "tool_calls": [{"name", "code", "result", "status",
 * "seconds"}]. */
struct cJSON *tool_loop_trace(const struct tool_loop *l);
void tool_loop_free(struct tool_loop *l);

#endif
