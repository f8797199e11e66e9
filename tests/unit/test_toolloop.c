/* test_toolloop.c: the rounds of an answer with tools (toolloop.h), against
 * scripted replies: a structured call, then the answer; a call written as
 * text; more calls than the limit (then one answer without tools); a reply
 * that needs no tool; a declined call; a failure that ends the loop. Each
 * run executes real Python in the sandbox. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "toolloop.h"
#include "util.h"

#define CHUNK(msg) "{\"message\":" msg ",\"done\":false}\n"
#define DONE       "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}\n"
#define CALL(code)                                                                                 \
	CHUNK("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_x1\","      \
	      "\"function\":{\"index\":0,\"name\":\"python\",\"arguments\":{\"code\":\"" code      \
	      "\"}}}]}")                                                                           \
	DONE
#define TEXT(s) CHUNK("{\"role\":\"assistant\",\"content\":\"" s "\"}") DONE

struct script {
	const char *replies[8];
	int next;
	bool offered[8]; /* whether round i offered tools */
	char *last_messages;
	bool decline;
};

static struct chat_call *round_fn(void *ctx, const cJSON *messages, const struct chat_options *o)
{
	struct script *s = ctx;
	const char *body = s->replies[s->next] ? s->replies[s->next] : TEXT("no more replies");
	s->offered[s->next] = o->tools != NULL;
	s->next++;
	free(s->last_messages);
	s->last_messages = cJSON_PrintUnformatted(messages);
	return chat_call_from_bytes(BACKEND_OLLAMA, body, strlen(body), 64, NULL);
}

static bool confirm_fn(void *ctx, const struct tool_call *c)
{
	(void)c;
	return !((struct script *)ctx)->decline;
}

static struct chat_call *run(struct script *s, struct tool_loop *l, int max_calls)
{
	tool_loop_init(l);
	l->round = round_fn;
	l->confirm = confirm_fn;
	l->ctx = s;
	l->max_calls = max_calls;
	l->limits.wall_seconds = 5;
	cJSON *messages = cJSON_Parse("[{\"role\":\"user\",\"content\":\"17.5% of 2480?\"}]");
	struct chat_call *c = tool_loop_run(l, messages, &(struct chat_options){.think = -1});
	cJSON_Delete(messages);
	return c;
}

static void test_structured_then_answer(void)
{
	struct script s = {{CALL("print(2480 * 0.175)"), TEXT("It is 434.")}, 0, {0}, NULL, false};
	struct tool_loop l;
	struct chat_call *c = run(&s, &l, 3);
	CHECK_STR(chat_call_result(c)->answer.buf, "It is 434.", "the answer");
	CHECK(l.rounds == 2 && l.n_runs == 1 && s.offered[0] && s.offered[1], "two rounds, tools");
	CHECK(l.n_runs == 1 && l.runs[0].status == TOOL_OK && !strcmp(l.runs[0].result, "434.0\n"),
	      "the run printed 434.0");
	/* the second request carried the call and its result under the server's id */
	CHECK(s.last_messages &&
	          strstr(s.last_messages, "\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
	                                  "[{\"id\":\"call_x1\"") &&
	          strstr(s.last_messages, "{\"role\":\"tool\",\"content\":\"434.0\\n\","
	                                  "\"tool_name\":\"python\",\"tool_call_id\":\"call_x1\"}"),
	      "conversation: %s", s.last_messages);
	cJSON *trace = tool_loop_trace(&l);
	char *t = cJSON_PrintUnformatted(trace);
	CHECK(strstr(t, "\"name\":\"python\",\"code\":\"print(2480 * 0.175)\",\"result\":"
	                "\"434.0\\n\",\"status\":\"ok\",\"seconds\":"),
	      "trace %s", t);
	free(t);
	cJSON_Delete(trace);
	chat_call_free(c);
	tool_loop_free(&l);
	free(s.last_messages);
}

static void test_text_form(void)
{
	struct script s = {
	    {TEXT("Let me compute.\\n<tool_call>{\\\"name\\\": \\\"python\\\", "
	          "\\\"arguments\\\": {\\\"code\\\": \\\"print(6*7)\\\"}}</tool_call>"),
	     TEXT("42")},
	    0,
	    {0},
	    NULL,
	    false};
	struct tool_loop l;
	struct chat_call *c = run(&s, &l, 3);
	CHECK_STR(chat_call_result(c)->answer.buf, "42", "text-form answer");
	CHECK(l.n_runs == 1 && !strcmp(l.runs[0].result, "42\n"), "text-form call ran");
	CHECK(strstr(s.last_messages, "\"content\":\"Let me compute.\",\"tool_calls\":[{\"id\":"
	                              "\"call_1\""),
	      "the call's text left the assistant's turn, an id of ours: %s", s.last_messages);
	chat_call_free(c);
	tool_loop_free(&l);
	free(s.last_messages);
}

static void test_limit(void)
{
	/* max 2: two runs, then the third round offers no tools, and a call
	 * written there is the answer's text, never run. */
	struct script s = {{CALL("print(1)"), CALL("print(2)"),
	                    TEXT("<tool_call>{\\\"name\\\": \\\"python\\\", \\\"arguments\\\": "
	                         "{\\\"code\\\": \\\"print(3)\\\"}}</tool_call>")},
	                   0,
	                   {0},
	                   NULL,
	                   false};
	struct tool_loop l;
	struct chat_call *c = run(&s, &l, 2);
	CHECK(l.rounds == 3 && l.n_runs == 2, "rounds %d runs %zu", l.rounds, l.n_runs);
	CHECK(s.offered[0] && s.offered[1] && !s.offered[2], "the last round offers no tools");
	CHECK(strstr(chat_call_result(c)->answer.buf, "print(3)") != NULL,
	      "the unoffered call stays text");
	chat_call_free(c);
	tool_loop_free(&l);
	free(s.last_messages);
}

static void test_no_call_and_declined(void)
{
	struct script s = {{TEXT("Hello.")}, 0, {0}, NULL, false};
	struct tool_loop l;
	struct chat_call *c = run(&s, &l, 3);
	CHECK(l.rounds == 1 && l.n_runs == 0, "no tool needed: one round");
	chat_call_free(c);
	tool_loop_free(&l);
	free(s.last_messages);

	struct script d = {{CALL("print(1)"), TEXT("ok")}, 0, {0}, NULL, true};
	c = run(&d, &l, 3);
	CHECK(l.n_runs == 1 && l.runs[0].status == TOOL_REFUSED &&
	          strstr(l.runs[0].result, "did not allow"),
	      "declined");
	CHECK(strstr(d.last_messages, "did not allow") != NULL, "the model is told");
	chat_call_free(c);
	tool_loop_free(&l);
	free(d.last_messages);
}

static void test_failure(void)
{
	struct script s = {
	    {"{\"error\":\"model runner has unexpectedly stopped\"}\n"}, 0, {0}, NULL, false};
	struct tool_loop l;
	struct chat_call *c = run(&s, &l, 3);
	CHECK(chat_call_result(c)->error.status != NET_OK && l.rounds == 1, "a failure ends it");
	chat_call_free(c);
	tool_loop_free(&l);
	free(s.last_messages);
}

int main(void)
{
	test_structured_then_answer();
	test_text_form();
	test_limit();
	test_no_call_and_declined();
	test_failure();
	return check_done("toolloop");
}
