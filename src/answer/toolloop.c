/* toolloop.c: the rounds of an answer that calls tools (see toolloop.h). */
#include "toolloop.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const tool_names[] = {"python"};

void tool_loop_init(struct tool_loop *l)
{
	memset(l, 0, sizeof *l);
	l->max_calls = 3;
	sandbox_default_limits(&l->limits);
	l->defs = tools_definitions();
}

/* The calls of one reply: the server's own, else those written as text;
 * rest gets the reply's text without them. */
static size_t reply_calls(const struct chat_result *r, struct tool_calls *calls,
                          struct strbuf *rest)
{
	char *err = NULL;
	if (r->tool_calls && tool_calls_from_json(r->tool_calls, calls, &err) > 0) {
		sb_adds(rest, r->answer.buf);
		return calls->n;
	}
	free(err); /* a malformed array: the reply is read as text, like any other */
	tool_calls_free(calls);
	return tool_calls_from_text(r->answer.buf, r->answer.len, tool_names, 1, calls, rest);
}

/* The id a result is sent back under: the server's, else one of ours. */
static char *call_id(const struct chat_result *r, size_t i, size_t serial)
{
	const cJSON *e = cJSON_GetArrayItem(r->tool_calls, (int)i);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
	if (cJSON_IsString(id) && id->valuestring[0])
		return xstrdup(id->valuestring);
	return xasprintf("call_%zu", serial);
}

/* The assistant's turn as the conversation keeps it: its text and calls. */
static void add_assistant(cJSON *messages, const char *text, const struct tool_calls *calls,
                          char **ids)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", "assistant");
	cJSON_AddStringToObject(m, "content", text);
	cJSON *arr = cJSON_AddArrayToObject(m, "tool_calls");
	for (size_t i = 0; i < calls->n; i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "id", ids[i]);
		cJSON *f = cJSON_AddObjectToObject(c, "function");
		cJSON_AddStringToObject(f, "name", calls->v[i].name);
		cJSON_AddItemToObject(f, "arguments", cJSON_Duplicate(calls->v[i].arguments, 1));
		cJSON_AddItemToArray(arr, c);
	}
	cJSON_AddItemToArray(messages, m);
}

static void add_result(cJSON *messages, const char *name, const char *id, const char *content)
{
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", "tool");
	cJSON_AddStringToObject(m, "content", content);
	cJSON_AddStringToObject(m, "tool_name", name);
	cJSON_AddStringToObject(m, "tool_call_id", id);
	cJSON_AddItemToArray(messages, m);
}

/* Runs one call within the budget (or says why not) and keeps the run. */
static const struct tool_run *run_one(struct tool_loop *l, const struct tool_call *c)
{
	struct tool_run r;
	if ((int)l->n_runs >= l->max_calls) {
		memset(&r, 0, sizeof r);
		r.name = xstrdup(c->name);
		r.status = TOOL_REFUSED;
		r.result = xasprintf("error: the limit of %d tool calls per answer was reached; "
		                     "answer with what you have",
		                     l->max_calls);
	} else if (l->confirm && !l->confirm(l->ctx, c)) {
		memset(&r, 0, sizeof r);
		r.name = xstrdup(c->name);
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(c->arguments, "code");
		r.code = cJSON_IsString(code) ? xstrdup(code->valuestring) : NULL;
		r.status = TOOL_REFUSED;
		r.result = xstrdup("error: the user did not allow this code to run");
	} else {
		tool_run_call(c, &l->limits, l->allow_unsandboxed, &r);
	}
	l->runs = xrealloc(l->runs, (l->n_runs + 1) * sizeof *l->runs);
	l->runs[l->n_runs] = r;
	if (l->shown)
		l->shown(l->ctx, &l->runs[l->n_runs]);
	return &l->runs[l->n_runs++];
}

/* Handles the calls of one reply: the assistant's turn, then each result.
 * Returns false when the reply made none (it is the answer). */
static bool take_turn(struct tool_loop *l, cJSON *messages, const struct chat_result *r)
{
	struct tool_calls calls = {0};
	struct strbuf rest = STRBUF_INIT;
	sb_adds(&rest, "");
	if (reply_calls(r, &calls, &rest) == 0) {
		sb_free(&rest);
		return false;
	}
	char **ids = xcalloc(calls.n, sizeof *ids);
	for (size_t i = 0; i < calls.n; i++)
		ids[i] = call_id(r, i, l->n_runs + i + 1);
	add_assistant(messages, rest.buf, &calls, ids);
	for (size_t i = 0; i < calls.n; i++) {
		const struct tool_run *run = run_one(l, &calls.v[i]);
		add_result(messages, calls.v[i].name, ids[i], run->result);
		free(ids[i]);
	}
	free(ids);
	tool_calls_free(&calls);
	sb_free(&rest);
	return true;
}

const cJSON *tool_loop_offer(const struct tool_loop *l)
{
	return (int)l->n_runs < l->max_calls ? l->defs : NULL;
}

bool tool_loop_step(struct tool_loop *l, cJSON *messages, const struct chat_result *r, bool offered)
{
	l->rounds++;
	/* no tools offered: whatever the reply says, it is the answer */
	return r->error.status == NET_OK && offered && take_turn(l, messages, r);
}

struct chat_call *tool_loop_run(struct tool_loop *l, cJSON *messages, const struct chat_options *o)
{
	struct chat_call *c = NULL;
	for (;;) {
		struct chat_options ro = *o;
		ro.tools = tool_loop_offer(l);
		chat_call_free(c);
		c = l->round(l->ctx, messages, &ro);
		if (!tool_loop_step(l, messages, chat_call_result(c), ro.tools != NULL))
			break;
	}
	return c;
}

cJSON *tool_loop_trace(const struct tool_loop *l)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < l->n_runs; i++) {
		const struct tool_run *r = &l->runs[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", r->name);
		cJSON_AddItemToObject(o, "code",
		                      r->code ? cJSON_CreateString(r->code) : cJSON_CreateNull());
		cJSON_AddStringToObject(o, "result", r->result);
		cJSON_AddStringToObject(o, "status", tool_status_name(r->status));
		cJSON_AddNumberToObject(o, "seconds",
		                        (double)(long)(r->seconds * 1000 + 0.5) / 1000);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

void tool_loop_free(struct tool_loop *l)
{
	for (size_t i = 0; i < l->n_runs; i++)
		tool_run_free(&l->runs[i]);
	free(l->runs);
	l->runs = NULL;
	l->n_runs = 0;
	cJSON_Delete(l->defs);
	l->defs = NULL;
}
