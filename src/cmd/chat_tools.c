/* chat_tools.c: the python tool in `loco chat` (issue 19). A turn is offered
 * the tool with --tools, or when its adapter's registry entry says
 * tools: [python] (not with --no-tools, nor in a turn that votes); its calls
 * run in the sandbox through answer_tools() (shown dimmed on a terminal's
 * stderr, -q hides them; tools.confirm asks), the answer prints when it is
 * complete, and the runs are kept with the answer in the session file and
 * the answer log. */
#include <cjson/cJSON.h>
#include <stdio.h>

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
	if (on && c->votes > 1)
		return answer_tools_votes(a, &use);
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
	if (want && c->votes > 1) {
		if (!c->tools_vote_said)
			chat_say(c, "[with /votes the samples are not offered tools]");
		c->tools_vote_said = true;
		return false;
	}
	return want && sandbox_ready(c);
}

struct chat_call *chat_tools_answer(struct chat *c, const char *model, cJSON *messages,
                                    const struct chat_options *o, struct answer_printer *pr)
{
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

const char *chat_tools_tally(const struct chat *c, char *buf, size_t n)
{
	if (!c->tool_trace)
		return NULL;
	snprintf(buf, n, "%zu tool call%s", c->tool_calls, c->tool_calls == 1 ? "" : "s");
	return buf;
}

void chat_tools_keep(struct chat *c, size_t before)
{
	if (c->tool_trace && c->s.n > before) {
		struct chat_message *m = &c->s.msgs[c->s.n - 1];
		cJSON_Delete(m->tool_calls);
		m->tool_calls = cJSON_Duplicate(c->tool_trace, 1);
	}
}

void chat_tools_clear(struct chat *c)
{
	cJSON_Delete(c->tool_trace);
	c->tool_trace = NULL;
	c->tool_calls = 0;
}
