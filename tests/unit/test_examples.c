#define _GNU_SOURCE
/* test_examples.c: router example files (examples.h): what loads, and every
 * mistake named with its line and column; the shipped files load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "examples.h"
#include "util.h"

static char tmpdir[] = "/tmp/loco-examples-XXXXXX";

static char *write_tmp(const char *text, size_t len)
{
	char *path = path_join(tmpdir, "router_examples.jsonl");
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

static void test_good(void)
{
	static const char text[] = "\xef\xbb\xbf{\"question\": \"whats 2+2\", \"topic\": null}\r\n"
	                           "\n"
	                           "   \n"
	                           "{\"topic\": \"travel\", \"question\": \"best beaches in "
	                           "portugal?\"}\n"
	                           "{\"question\": \"caf\\u00e9 near me\"}";
	char *path = write_tmp(text, sizeof text - 1);
	struct examples e;
	char *err = NULL;
	CHECK(examples_load(&e, path, false, &err) == 0, "%s", err ? err : "");
	CHECK(e.n == 3, "%zu examples", e.n);
	if (e.n == 3) {
		CHECK(e.items[0].line == 1 && !e.items[0].topic, "line 1");
		CHECK_STR(e.items[0].question, "whats 2+2", "line 1 question");
		CHECK(e.items[1].line == 4, "blank lines counted: %d", e.items[1].line);
		CHECK_STR(e.items[1].topic, "travel", "line 4 topic");
		CHECK_STR(e.items[2].question, "caf\xc3\xa9 near me", "escapes decoded");
	}
	examples_free(&e);
	free(path);
}

static void test_labelled(void)
{
	static const char text[] = "{\"question\": \"hi\", \"adapter\": \"base\"}\n"
	                           "{\"question\": \"fix my loop\", \"adapter\": \"code\"}\n";
	char *path = write_tmp(text, sizeof text - 1);
	struct examples e;
	char *err = NULL;
	CHECK(examples_load(&e, path, true, &err) == 0, "%s", err ? err : "");
	CHECK(e.n == 2 && !strcmp(e.items[1].adapter, "code"), "labels read");
	examples_free(&e);
	CHECK(examples_load(&e, path, false, &err) < 0, "an adapter's own file takes no label");
	CHECK(err && strstr(err, ":1:20: adapter: not used here"), "got %s", err ? err : "");
	free(err);
	free(path);
}

struct bad_case {
	const char *text;
	bool labelled;
	const char *want; /* after the path */
};

static const struct bad_case bad[] = {
    {"{\"question\": \"a\"}\n[1]\n", false, ":2:1: expected a JSON object"},
    {"{\"question\": \"a\"} x\n", false, ":1:19: invalid JSON"},
    {"{\"questoin\": \"a\"}\n", false, ":1:2: unknown key 'questoin' (did you mean 'question'?)"},
    {"{\"question\": \"a\", \"level\": 2}\n", false,
     ":1:19: unknown key 'level'; expected question, topic or adapter"},
    {"{\"question\": \"a\", \"question\": \"b\"}\n", false, ":1:19: key 'question' appears twice"},
    {"{\"topic\": \"x\"}\n", false, ":1:1: no question"},
    {"{\"question\": null}\n", false, ":1:1: no question"},
    {"{\"question\": 42}\n", false, ":1:14: question: expected a string"},
    {"{\"question\":   \" \\t\"}\n", false, ":1:16: question is empty"},
    {"{\"question\": \"a\", \"topic\": \"Travel\"}\n", false, ":1:28: topic 'Travel': expected"},
    {"{\"question\": \"a\", \"topic\": [\"x\"]}\n", false, ":1:28: topic: expected a string"},
    {"{\"question\": \"a\"}\n", true, ":1:1: no adapter"},
    {"{\"question\": \"a\", \"adapter\": \"Math!\"}\n", true, ":1:30: adapter 'Math!'"},
    {"{\"question\": \"How do I sort?\"}\n{\"question\": \"how do i  sort\"}\n", false,
     ":2:14: the same question as line 1"},
    {"{\"question\": \"a\xff\"}\n", false, ":1:16: invalid UTF-8"},
    {"{\"question\": \"\\ud800\"}\n", false, ":1:15: invalid JSON"}, /* cJSON refuses it */
    {"{\"question\": \"a\\\\u0000\", \"topic\": \"b\\u0000\"}\n", false, ":1:37: \\u0000"},
    {"{\"question\": x}\n", false, ":1:14: invalid JSON"},
    {"{\"question\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
     "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n",
     false, ":1:77: nested deeper than 64"},
    {"\n\n", false, ": no examples"},
};

static void test_bad(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bad); i++) {
		char *path = write_tmp(bad[i].text, strlen(bad[i].text));
		struct examples e;
		char *err = NULL;
		int rc = examples_load(&e, path, bad[i].labelled, &err);
		char *want = xasprintf("%s%s", path, bad[i].want);
		CHECK(rc < 0 && err && !strncmp(err, want, strlen(want)),
		      "case %zu: got '%s', want '%s'", i, err ? err : "(none)", want);
		CHECK(e.n == 0 && !e.items && !e.path, "case %zu: nothing left on failure", i);
		free(want);
		free(err);
		free(path);
	}
	struct examples e;
	char *err = NULL;
	CHECK(examples_load(&e, "/nonexistent/router_examples.jsonl", false, &err) < 0 && err,
	      "a missing file is an error");
	free(err);
}

static void test_question_max(void)
{
	size_t n = EXAMPLES_QUESTION_MAX + 1;
	char *q = xmalloc(n + 1);
	memset(q, 'a', n);
	q[n] = '\0';
	char *line = xasprintf("{\"question\": \"%s\"}\n", q);
	char *path = write_tmp(line, strlen(line));
	struct examples e;
	char *err = NULL;
	CHECK(examples_load(&e, path, false, &err) < 0 && err && strstr(err, ":1:14: question is"),
	      "too long: %s", err ? err : "(none)");
	free(err);
	free(path);
	free(line);
	free(q);
}

/* The shipped files load (their counts are test_router_data.py's business). */
static void test_shipped(void)
{
	static const char *const files[] = {"math", "code", "analysis", "base"};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(files); i++) {
		char *path =
		    xasprintf("%s/%s/router_examples.jsonl", check_adapters_dir(), files[i]);
		struct examples e;
		char *err = NULL;
		CHECK(examples_load(&e, path, false, &err) == 0, "%s", err ? err : "");
		examples_free(&e);
		free(path);
	}
	char *held = xasprintf("%s/bench/router/heldout.jsonl", LOCO_SOURCE_DIR);
	if (file_exists(held)) {
		struct examples e;
		char *err = NULL;
		CHECK(examples_load(&e, held, true, &err) == 0, "%s", err ? err : "");
		examples_free(&e);
	}
	free(held);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_good();
	test_labelled();
	test_bad();
	test_question_max();
	test_shipped();
	char *path = path_join(tmpdir, "router_examples.jsonl");
	unlink(path);
	free(path);
	rmdir(tmpdir);
	return check_done("examples");
}
