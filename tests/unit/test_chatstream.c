/* test_chatstream.c: what a chat makes of a response body, fed in reads of
 * every size from 1 byte up: Ollama NDJSON and OpenAI SSE, thinking, inline
 * <think> tags (HTML-escaped as Go sends them), text in the done object,
 * error lines, legacy errors, missing done, garbage, large numbers. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "check.h"
#include "util.h"

struct stream_case {
	const char *name;
	enum backend_kind kind;
	const char *body;
	enum net_status status;
	const char *answer, *thinking, *message; /* message: NULL = don't check */
	long tokens;
};

#define CHUNK(c)                                                                                   \
	"{\"model\":\"qwen3:4b\",\"created_at\":\"2026-11-23T10:00:00.1Z\",\"message\":{\"role\":" \
	"\"assistant\",\"content\":\"" c "\"},\"done\":false}\n"
#define THINK(t)                                                                                   \
	"{\"model\":\"qwen3:4b\",\"created_at\":\"2026-11-23T10:00:00Z\",\"message\":{\"role\":"   \
	"\"assistant\",\"content\":\"\",\"thinking\":\"" t "\"},\"done\":false}\n"
#define DONE                                                                                       \
	"{\"model\":\"qwen3:4b\",\"created_at\":\"2026-11-23T10:00:01-07:00\",\"message\":{"       \
	"\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_" \
	"duration\":8800000000,\"load_duration\":6338219291,\"prompt_eval_count\":26,\"prompt_"    \
	"eval_duration\":130079000,\"eval_count\":212,\"eval_duration\":8797000000}"

static const struct stream_case cases[] = {
    {"thinking then answer", BACKEND_OLLAMA,
     THINK("Okay") THINK(", 15+27") CHUNK("The answer") CHUNK(" is 42.") DONE "\n", NET_OK,
     "The answer is 42.", "Okay, 15+27", NULL, 212},
    {"final line without newline", BACKEND_OLLAMA, CHUNK("caf\xc3\xa9 \xe2\x82\xac") DONE, NET_OK,
     "caf\xc3\xa9 \xe2\x82\xac", "", NULL, 212},
    {"escaped inline think tags", BACKEND_OLLAMA,
     CHUNK("\\u003cthink\\u003ehmm \\u0026 ok\\u003c/think\\u003e\\n\\n") CHUNK("42") DONE, NET_OK,
     "42", "hmm & ok", NULL, 212},
    {"text in the done object", BACKEND_OLLAMA,
     CHUNK("4") "{\"message\":{\"role\":\"assistant\",\"content\":\"2\"},\"done\":true}\n", NET_OK,
     "42", "", NULL, 0},
    {"error line mid-stream", BACKEND_OLLAMA,
     CHUNK("The") "{\"error\":\"an error was encountered while running the model\"}\n",
     NET_SERVER_ERROR, "The", "", "an error was encountered while running the model", 0},
    {"legacy error with status", BACKEND_OLLAMA,
     "{\"error\":\"neither 'from' or 'files' was specified\",\"status\":400}\n", NET_SERVER_ERROR,
     "", "", "neither 'from' or 'files' was specified", 0},
    {"legacy not found", BACKEND_OLLAMA, "{\"error\":\"model 'x' not found\",\"status\":404}",
     NET_NOT_FOUND, "", "", "model 'x' not found", 0},
    {"no done", BACKEND_OLLAMA, CHUNK("The") CHUNK(" end"), NET_PROTOCOL, "The end", "",
     "the server ended the stream without finishing the answer (no done:true)", 0},
    {"garbage line", BACKEND_OLLAMA, CHUNK("a") "<html>Bad Gateway</html>\n" DONE, NET_PROTOCOL,
     "a", "", "the server sent a line that is not JSON: '<html>Bad Gateway</html>'", 0},
    {"a JSON line that is not an object", BACKEND_OLLAMA, "[1,2]\n", NET_PROTOCOL, "", "",
     "the server sent a line that is not JSON: '[1,2]'", 0},
    {"single object (load)", BACKEND_OLLAMA,
     "{\"model\":\"m\",\"created_at\":\"x\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
     "\"done\":true,\"done_reason\":\"load\"}",
     NET_OK, "", "", NULL, 0},
    {"empty body", BACKEND_OLLAMA, "", NET_PROTOCOL, "", "", NULL, 0},
    {"CRLF and blank lines", BACKEND_OLLAMA, "\r\n" CHUNK("x") "\r\n\r\n" DONE "\r\n", NET_OK, "x",
     "", NULL, 212},
    {"openai stream", BACKEND_OPENAI,
     "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
     "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"think\"}}]}\n\n"
     "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"4\"}}]}\n\n"
     "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"2\"}}]}\n\n"
     "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
     "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":18}}\n\n"
     "data: [DONE]\n\n",
     NET_OK, "42", "think", NULL, 18},
    {"openai reasoning_content (llama.cpp)", BACKEND_OPENAI,
     "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"r\"}}]}\n\n"
     "data: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n",
     NET_OK, "ok", "r", NULL, 0},
    {"openai error event", BACKEND_OPENAI,
     "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n"
     "data: {\"error\":{\"message\":\"context length exceeded\",\"type\":\"api_error\"}}\n\n",
     NET_SERVER_ERROR, "x", "", "context length exceeded", 0},
    {"openai stream cut before finish", BACKEND_OPENAI,
     "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n", NET_PROTOCOL, "x", "", NULL, 0},
    /* a NUL inside a chunk is shown as U+FFFD and does not cut what follows */
    {"NUL in a chunk", BACKEND_OLLAMA, CHUNK("\\r\\b\\u0000nul The answer") CHUNK(" is 4.") DONE,
     NET_OK,
     "\r\b\xef\xbf\xbd"
     "nul The answer is 4.",
     "", NULL, 212},
    {"escaped backslash before u0000", BACKEND_OLLAMA, CHUNK("a\\\\u0000b") DONE, NET_OK,
     "a\\u0000b", "", NULL, 212},
    {"openai NUL in a chunk", BACKEND_OPENAI,
     "data: {\"choices\":[{\"delta\":{\"content\":\"a\\u0000b\",\"reasoning\":\"\\u0000t\"},"
     "\"finish_reason\":\"stop\"}]}\n\n",
     NET_OK,
     "a\xef\xbf\xbd"
     "b",
     "\xef\xbf\xbdt", NULL, 0},
    /* counts a server cannot mean are unknown (0), not printed as they came */
    {"negative and huge counts", BACKEND_OLLAMA,
     CHUNK("x") "{\"done\":true,\"eval_count\":-5,\"prompt_eval_count\":1e300,"
                "\"eval_duration\":-1,\"total_duration\":1e300}\n",
     NET_OK, "x", "", NULL, 0},
    {"openai huge usage", BACKEND_OPENAI,
     "data: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],"
     "\"usage\":{\"prompt_tokens\":-3,\"completion_tokens\":1e300}}\n\n",
     NET_OK, "x", "", NULL, 0},
    {"openai [DONE] without finish_reason", BACKEND_OPENAI,
     "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n", NET_OK, "x", "",
     NULL, 0},
};

/* Tool calls, whole (Ollama: one chunk with message.tool_calls, arguments an
 * object; two calls in two chunks both with index 0 stay two) and in pieces
 * (OpenAI streaming: the id and name, then fragments of the arguments
 * string under one index), read at every read size. */
static void test_tool_calls(void)
{
	static const char ollama[] =
	    "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":"
	    "\"call_ab12cd34\",\"function\":{\"index\":0,\"name\":\"python\",\"arguments\":"
	    "{\"code\":\"print(1)\"}}}]},\"done\":false}\n"
	    "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":"
	    "{\"index\":0,\"name\":\"python\",\"arguments\":{\"code\":\"print(2)\"}}}]},"
	    "\"done\":false}\n"
	    "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}\n";
	static const char openai[] =
	    "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\","
	    "\"type\":\"function\",\"function\":{\"name\":\"python\",\"arguments\":\"\"}}]}}]}\n\n"
	    "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
	    "{\"arguments\":\"{\\\"code\\\": \"}}]}}]}\n\n"
	    "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
	    "{\"arguments\":\"\\\"print(3)\\\"}\"}}]}}]}\n\n"
	    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
	    "data: [DONE]\n\n";
	static const char *const want_ollama =
	    "[{\"id\":\"call_ab12cd34\",\"function\":{\"name\":\"python\",\"arguments\":"
	    "{\"code\":\"print(1)\"},\"index\":0}},{\"function\":{\"name\":\"python\","
	    "\"arguments\":{\"code\":\"print(2)\"},\"index\":1}}]";
	static const char *const want_openai =
	    "[{\"function\":{\"index\":0,\"name\":\"python\",\"arguments\":\"{\\\"code\\\": "
	    "\\\"print(3)\\\"}\"},\"id\":\"c1\"}]";
	const struct {
		enum backend_kind kind;
		const char *body, *want;
	} tc[] = {{BACKEND_OLLAMA, ollama, want_ollama}, {BACKEND_OPENAI, openai, want_openai}};
	for (size_t c = 0; c < LOCO_ARRAY_LEN(tc); c++) {
		size_t n = strlen(tc[c].body);
		int bad = 0;
		for (size_t rs = 1; rs <= n; rs++) {
			struct chat_call *call =
			    chat_call_from_bytes(tc[c].kind, tc[c].body, n, rs, NULL);
			const struct chat_result *r = chat_call_result(call);
			char *got = r->tool_calls ? cJSON_PrintUnformatted(r->tool_calls) : NULL;
			if (r->error.status != NET_OK || !got || strcmp(got, tc[c].want)) {
				if (!bad)
					fprintf(stderr, "tool calls case %zu, reads of %zu: %s\n",
					        c, rs, got ? got : r->error.message);
				bad++;
			}
			free(got);
			chat_call_free(call);
		}
		CHECK(bad == 0, "tool calls case %zu: %d read sizes differ", c, bad);
	}
}

int main(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		const struct stream_case *c = &cases[i];
		size_t n = strlen(c->body);
		int bad = 0;
		for (size_t rs = 1; rs <= n + 1; rs++) {
			struct chat_call *call =
			    chat_call_from_bytes(c->kind, c->body, n, rs, NULL);
			const struct chat_result *r = chat_call_result(call);
			bool ok = r->error.status == c->status &&
			          !strcmp(r->answer.buf, c->answer) &&
			          !strcmp(r->thinking.buf, c->thinking) &&
			          (!c->message ||
			           (r->error.message && !strcmp(r->error.message, c->message))) &&
			          (c->status != NET_OK || r->tokens == c->tokens);
			if (!ok && !bad)
				fprintf(stderr,
				        "%s, reads of %zu: status %d answer '%s' thinking '%s' "
				        "message '%s' tokens %ld\n",
				        c->name, rs, r->error.status, r->answer.buf,
				        r->thinking.buf, r->error.message ? r->error.message : "",
				        r->tokens);
			bad += !ok;
			chat_call_free(call);
		}
		CHECK(bad == 0, "%s: %d read sizes gave another result", c->name, bad);
	}
	/* durations past 2^31 survive */
	struct chat_call *call = chat_call_from_bytes(BACKEND_OLLAMA, DONE, strlen(DONE), 7, NULL);
	const struct chat_result *r = chat_call_result(call);
	CHECK(r->total_ns == 8800000000LL && r->load_ns == 6338219291LL && r->prompt_tokens == 26,
	      "metrics %lld %lld", (long long)r->total_ns, (long long)r->load_ns);
	CHECK(r->done_reason && !strcmp(r->done_reason, "stop"), "done_reason");
	chat_call_free(call);
	/* and durations that cannot be are unknown */
	static const char odd[] = "{\"done\":true,\"eval_count\":3,\"prompt_eval_count\":-2,"
	                          "\"total_duration\":-8,\"load_duration\":1e300,"
	                          "\"eval_duration\":9007199254740993e9}\n";
	call = chat_call_from_bytes(BACKEND_OLLAMA, odd, strlen(odd), 64, NULL);
	r = chat_call_result(call);
	CHECK(r->tokens == 3 && r->prompt_tokens == 0 && r->total_ns == 0 && r->load_ns == 0 &&
	          r->eval_ns == 0,
	      "odd metrics %ld %ld %lld %lld %lld", r->tokens, r->prompt_tokens,
	      (long long)r->total_ns, (long long)r->load_ns, (long long)r->eval_ns);
	chat_call_free(call);
	test_tool_calls();
	return check_done("chatstream");
}
