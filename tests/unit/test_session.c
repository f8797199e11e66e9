/* test_session.c: what a chat sends (RE2 on the newest question only),
 * compaction near the context limit, and the session file round trip. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "session.h"
#include "util.h"

static char *request_text(const struct session *s, const char *system, bool reread)
{
	cJSON *r = session_request(s, system, reread);
	char *t = cJSON_PrintUnformatted(r);
	cJSON_Delete(r);
	return t;
}

static void test_request(void)
{
	struct session s;
	session_init(&s, NULL);
	session_add(&s, "user", "2+2?");
	char *t = request_text(&s, NULL, true);
	CHECK_STR(t,
	          "[{\"role\":\"user\",\"content\":\"2+2?\\n\\nRead the question again: 2+2?\"}]",
	          "first turn");
	free(t);
	session_add(&s, "assistant", "4");
	session_add(&s, "user", "doubled?");
	t = request_text(&s, "sys", true);
	CHECK_STR(
	    t,
	    "[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"2+2?\"},"
	    "{\"role\":\"assistant\",\"content\":\"4\"},{\"role\":\"user\",\"content\":"
	    "\"doubled?\\n\\nRead the question again: doubled?\"}]",
	    "RE2 on the newest only, history in the user's words");
	free(t);
	t = request_text(&s, NULL, false);
	CHECK(strstr(t, "Read the question") == NULL, "no RE2 when off: %s", t);
	free(t);
	CHECK_STR(session_last_question(&s), "doubled?", "last question");
	session_drop_last(&s);
	CHECK(s.n == 2, "dropped: %zu", s.n);
	session_free(&s);
}

static void add_turns(struct session *s, int turns, size_t len)
{
	char *text = xmalloc(len + 1);
	memset(text, 'x', len);
	text[len] = '\0';
	for (int i = 0; i < turns; i++) {
		session_add(s, "user", text);
		session_add(s, "assistant", text);
	}
	free(text);
}

static void test_compaction(void)
{
	struct session s;
	session_init(&s, NULL);
	/* 100 bytes: 26 tokens + 4 each */
	add_turns(&s, 2, 100);
	session_add(&s, "user", "q");
	long before = session_estimate(&s, NULL, false);
	CHECK(before == 29 * 4 + 5, "estimate %ld", before);
	CHECK(session_compact(&s, NULL, false, 1000) == 0, "nothing dropped under 90%%");
	/* limit 130: threshold 117 -> drop the first turn (user + its answer) */
	size_t d = session_compact(&s, NULL, false, 130);
	CHECK(d == 1, "dropped %zu (never more than keeps 4)", d);
	CHECK(s.context_start == 1, "start %zu", s.context_start);
	CHECK(s.n == 5, "the file keeps everything: %zu", s.n);
	session_free(&s);

	session_init(&s, NULL);
	add_turns(&s, 4, 100);
	session_add(&s, "user", "q");
	d = session_compact(&s, NULL, false, 200); /* 9 messages, 237 tokens, threshold 180 */
	CHECK(d == 2, "a whole turn at a time: %zu", d);
	CHECK(!strcmp(s.msgs[s.context_start].role, "user"), "starts on a question");
	CHECK(session_estimate(&s, NULL, false) < 180, "under the threshold");
	d = session_compact(&s, NULL, false, 10);
	CHECK(s.n - s.context_start == SESSION_KEEP, "the last 4 stay: %zu", s.n - s.context_start);
	session_free(&s);
}

static void test_files(void)
{
	char *dir = check_tmpdir("session");
	CHECK(dir != NULL, "mkdtemp");
	if (!dir)
		return;
	struct session s;
	session_init(&s, dir);
	s.mode = MODE_FIXED;
	s.adapter = xstrdup("math");
	s.system = xstrdup("be \"brief\"\n");
	session_add(&s, "user", "caf\xc3\xa9?");
	struct chat_message *m = session_add(&s, "assistant", "oui");
	m->adapter = xstrdup("math");
	m->model = xstrdup("locollm-math");
	m->tokens = 7;
	m->partial = true;
	m->tool_calls = cJSON_Parse("[{\"name\":\"python\",\"code\":\"print(1)\",\"result\":"
	                            "\"1\\n\",\"status\":\"ok\",\"seconds\":0.1}]");
	s.context_start = 1;
	char *err = NULL;
	CHECK(session_save(&s, dir, &err) == 0, "save: %s", err ? err : "");
	char *path = xasprintf("%s/%s.json", dir, s.id);
	struct session r;
	CHECK(session_load_file(path, &r, &err) == 0, "load: %s", err ? err : "");
	CHECK_STR(r.id, s.id, "id");
	CHECK(r.mode == MODE_FIXED, "mode");
	CHECK_STR(r.adapter, "math", "adapter");
	CHECK_STR(r.system, "be \"brief\"\n", "system");
	CHECK(r.n == 2 && r.context_start == 1, "messages %zu start %zu", r.n, r.context_start);
	CHECK_STR(r.msgs[0].content, "caf\xc3\xa9?", "utf-8 content");
	CHECK(r.msgs[1].partial && r.msgs[1].tokens == 7, "partial and tokens");
	CHECK_STR(r.msgs[1].model, "locollm-math", "model");
	char *calls = r.msgs[1].tool_calls ? cJSON_PrintUnformatted(r.msgs[1].tool_calls) : NULL;
	CHECK(calls && !strcmp(calls, "[{\"name\":\"python\",\"code\":\"print(1)\",\"result\":"
	                              "\"1\\n\",\"status\":\"ok\",\"seconds\":0.1}]"),
	      "the tool runs come back: %s", calls ? calls : "(none)");
	free(calls);
	CHECK(!r.msgs[0].tool_calls, "a message without runs has none");
	/* the request sends the answer, not the runs */
	cJSON *req = session_request(&r, NULL, false);
	char *sent = cJSON_PrintUnformatted(req);
	CHECK(sent && !strstr(sent, "tool"), "request without runs: %s", sent);
	free(sent);
	cJSON_Delete(req);
	session_free(&r);

	/* a second session in the same second gets its own id */
	struct session s2;
	session_init(&s2, dir);
	CHECK(strcmp(s2.id, s.id) != 0, "fresh id %s vs %s", s2.id, s.id);

	char *found = session_find(dir, s.id, &err);
	CHECK(found && !strcmp(found, path), "find by id");
	free(found);
	char prefix[9];
	memcpy(prefix, s.id, 8);
	prefix[8] = '\0';
	found = session_find(dir, prefix, &err);
	CHECK(found && !strcmp(found, path), "find by a unique prefix");
	free(found);
	found = session_find(dir, "../etc", &err);
	CHECK(!found && err && strstr(err, "is not a session name"), "bad handle: %s", err);
	free(err);
	err = NULL;

	struct session_info *list;
	size_t n;
	char *warnings;
	CHECK(session_list(dir, &list, &n, &warnings, &err) == 0 && n == 1, "list %zu", n);
	CHECK(n == 1 && list[0].messages == 2 && !strcmp(list[0].first, "caf\xc3\xa9?"), "info");
	session_list_free(list, n);

	/* bad files: located errors, nothing changed */
	char *bad = xasprintf("%s/bad.json", dir);
	CHECK(write_file_atomic(bad, "{\n  \"loco_session\": 1,\n  x\n}", 29, &err) == 0, "write");
	struct session b;
	CHECK(session_load_file(bad, &b, &err) < 0 && strstr(err, "bad.json:3:4: invalid JSON"),
	      "located: %s", err);
	free(err);
	err = NULL;
	CHECK(session_list(dir, &list, &n, &warnings, &err) == 0 && n == 1 && warnings &&
	          strstr(warnings, "bad.json"),
	      "list skips it with a warning");
	free(warnings);
	session_list_free(list, n);

	CHECK(session_name_valid("hw-1.final_v2"), "valid name");
	CHECK(!session_name_valid(".hidden") && !session_name_valid("-x") &&
	          !session_name_valid("a/b") && !session_name_valid(""),
	      "invalid names");

	unlink(bad);
	unlink(path);
	rmdir(dir);
	free(dir);
	free(bad);
	free(path);
	session_free(&s2);
	session_free(&s);
}

/* A session file with one thing wrong, and the message it gives after
 * "<path>: " (each ends "; fix it or move the file away"). */
#define HEAD                                                                                       \
	"{\"loco_session\": 1, \"id\": \"x\", \"created\": \"c\", \"updated\": \"u\", "            \
	"\"mode\": \"auto\", "
static const struct damaged_case {
	const char *text, *msg;
} damaged_cases[] = {
    {HEAD "\"messages\": []}", NULL},
    {HEAD "\"adapter\": null, \"messages\": [], \"context_start\": 0}", NULL},
    {"[]", "expected a JSON object"},
    {"{\"id\": \"x\"}", "not a loco session (no \"loco_session\" key)"},
    {"{\"loco_session\": 1, \"messages\": []}", "id missing"},
    {HEAD "\"adapter\": 3, \"messages\": []}", "adapter: expected a string, found a number"},
    {"{\"loco_session\": 1, \"id\": \"x\", \"created\": \"c\", \"updated\": \"u\", \"mode\": "
     "\"loud\", \"messages\": []}",
     "mode: expected \"auto\", \"fixed\", \"none\" or \"model\", found \"loud\""},
    {HEAD "\"messages\": {}}", "messages: expected an array, found an object"},
    {HEAD "\"messages\": [1]}", "messages[0]: expected an object, found a number"},
    {HEAD "\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\"}]}",
     "messages[1].content missing"},
    {HEAD "\"messages\": [{\"role\": \"bot\", \"content\": \"a\"}]}",
     "messages[0].role: expected \"user\" or \"assistant\", found \"bot\""},
    {HEAD "\"messages\": [{\"role\": \"user\", \"content\": \"a\", \"model\": []}]}",
     "messages[0].model: expected a string, found an array"},
    {HEAD "\"messages\": [{\"role\": \"assistant\", \"content\": \"a\", \"tool_calls\": []}]}",
     NULL},
    {HEAD "\"messages\": [{\"role\": \"assistant\", \"content\": \"a\", \"tool_calls\": {}}]}",
     "messages[0].tool_calls: expected an array, found an object"},
    {HEAD "\"messages\": [], \"context_start\": 1}",
     "context_start: expected a whole number from 0 to 0, found 1"},
    {HEAD "\"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"context_start\": 0.5}",
     "context_start: expected a whole number from 0 to 1, found 0.5"},
};

static void test_damaged(void)
{
	char *dir = check_tmpdir("session-damaged");
	CHECK(dir != NULL, "temporary folder");
	if (!dir)
		return;
	char *path = path_join(dir, "s.json");
	for (size_t i = 0; i < LOCO_ARRAY_LEN(damaged_cases); i++) {
		const struct damaged_case *c = &damaged_cases[i];
		char *err = NULL;
		struct session s;
		CHECK(write_file_atomic(path, c->text, strlen(c->text), &err) == 0, "write %zu", i);
		int rc = session_load_file(path, &s, &err);
		if (!c->msg) {
			CHECK(rc == 0, "case %zu loads: %s", i, err ? err : "");
		} else {
			char *want =
			    xasprintf("%s: %s; fix it or move the file away", path, c->msg);
			CHECK(rc < 0 && err && !strcmp(err, want), "case %zu: got '%s', want '%s'",
			      i, err ? err : "(none)", want);
			free(want);
		}
		if (rc == 0)
			session_free(&s);
		free(err);
	}
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
}

int main(void)
{
	test_request();
	test_compaction();
	test_files();
	test_damaged();
	return check_done("session");
}
