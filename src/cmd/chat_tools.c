/* chat_tools.c: the python tool in `loco chat` (issue 19). A turn is offered
 * the tool with --tools, or when its adapter's registry entry says
 * tools: [python] (not with --no-tools; a turn that votes runs a tool loop
 * per sample, one after another); its calls
 * run in the sandbox through answer_tools() (shown dimmed on a terminal's
 * stderr, -q hides them; tools.confirm asks), the answer prints when it is
 * complete, and the runs are kept with the answer in the session file and
 * the answer log. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

#include "answer.h"
#include "chat.h"
#include "interrupt.h"

int chat_tools_settings(struct chat *c, const struct cmd_args *a)
{
	bool on = arg_flag(a, "tools"), off = arg_flag(a, "no-tools");
	if (on && off) {
		loco_error("--tools and --no-tools cannot be used together");
		return LOCO_USAGE;
	}
	bool use = on;
	c->tools_arg = on ? 1 : off ? -1 : 0;
	c->unsandboxed = arg_flag(a, "allow-unsandboxed");
	if (answer_tools_ready(on, c->unsandboxed, &use) < 0)
		return LOCO_FAIL;
	c->tools_ready = on; /* tried: it works */
	return 0;
}

/* A turn whose adapter declares the tool tries the sandbox once per chat;
 * without it the tool stays off, said once. */
static bool sandbox_ready(struct chat *c)
{
	if (!c->tools_ready && !c->tools_broken) {
		bool use = true;
		answer_tools_ready(false, c->unsandboxed, &use);
		c->tools_ready = use;
		c->tools_broken = !use;
	}
	return c->tools_ready;
}

bool chat_tools_wanted(struct chat *c, const struct adapter *a)
{
	bool want = c->tools_arg > 0 || (c->tools_arg == 0 && a && a->n_tools > 0);
	return want && sandbox_ready(c);
}

struct chat_call *chat_tools_answer(struct chat *c, const char *model, cJSON *messages,
                                    const struct chat_options *o, const struct chat_sink *sink,
                                    struct answer_printer *pr)
{
	if (!c->tool_turn)
		return answer_chat(c->b, model, messages, o, sink, pr);
	struct tool_loop l;
	struct chat_call *call =
	    answer_tools(c->ctx, c->b, model, messages, o, c->unsandboxed, pr, &l);
	cJSON_Delete(c->tool_trace);
	c->tool_trace = tool_loop_trace(&l);
	c->tool_calls = l.n_runs;
	tool_loop_free(&l);
	if (!interrupt_requested())
		answer_replay(pr, chat_call_result(call));
	return call;
}

const char *chat_tools_tally(struct chat *c)
{
	if (!c->tool_trace)
		return NULL;
	snprintf(c->tool_tally, sizeof c->tool_tally, "%zu tool call%s", c->tool_calls,
	         c->tool_calls == 1 ? "" : "s");
	return c->tool_tally;
}

void chat_tools_keep(struct chat *c, size_t before)
{
	if (c->tool_trace && c->s.n > before) {
		struct chat_message *m = &c->s.msgs[c->s.n - 1];
		cJSON_Delete(m->tool_calls);
		m->tool_calls = cJSON_Duplicate(c->tool_trace, 1);
	}
}

int chat_tools_votes(struct chat *c, const char *model, const cJSON *messages, struct vote_opts *o,
                     struct vote_run *r)
{
	struct tool_votes tv = {c->ctx, c->b, model, messages, c->unsandboxed, NULL, 0};
	struct vote_opts vo = *o;
	if (c->tool_turn) {
		vo.sample = answer_tools_sample;
		vo.sample_ctx = &tv;
	}
	int vrc = answer_votes(c->ctx, c->b, model, messages, c->temperature_given, &vo, r);
	cJSON_Delete(c->tool_trace);
	c->tool_trace = tv.trace;
	c->tool_calls = tv.calls;
	return vrc;
}

char *chat_tools_voted(struct chat *c, char *meta)
{
	chat_tools_keep(c, c->s.n - 1);
	const char *calls = chat_tools_tally(c);
	if (!calls)
		return meta;
	char *with = xasprintf("%s | %s", meta, calls);
	free(meta);
	return with;
}

void chat_tools_clear(struct chat *c)
{
	cJSON_Delete(c->tool_trace);
	c->tool_trace = NULL;
	c->tool_calls = 0;
}
