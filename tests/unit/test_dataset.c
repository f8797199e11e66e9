#define _GNU_SOURCE
/* test_dataset.c: the shipped datasets load, every evaluation type accepts a
 * well-formed item, and each rule a line can break fails with its exact message. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "dataset.h"
#include "netlib.h"
#include "util.h"

/* A C string literal with its length, so lines may hold NUL bytes. */
#define T(s) s, sizeof(s) - 1

#define GOOD  "{\"question\": \"1 + 1?\", \"answer\": 2}\n"
#define GOOD4 GOOD GOOD GOOD GOOD
#define TYPES                                                                                      \
	"numeric, exact_match, analysis, contains, code, code_execution, rouge, f1, llm_judge, "   \
	"custom"

static char *tmpdir; /* check_tmpdir() */

/* Writes <tmpdir>/name; returns its path (caller frees). */
static char *write_tmp(const char *name, const char *text, size_t len)
{
	char *path = path_join(tmpdir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

/* Loads text as <tmpdir>/d.jsonl; returns dataset_load's status. */
static int load_text(struct dataset *d, const char *text, size_t len, const char *type, char **err)
{
	char *path = write_tmp("d.jsonl", text, len);
	int rc = dataset_load(d, path, type, err);
	unlink(path);
	free(path);
	return rc;
}

static char *shipped_path(const char *adapter)
{
	return xasprintf("%s/%s/eval_dataset.jsonl", check_adapters_dir(), adapter);
}

static bool starts_with(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static bool hex64(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static void test_shipped_math(void)
{
	struct dataset d;
	char *err = NULL, *path = shipped_path("math");
	CHECK(dataset_load(&d, path, "numeric", &err) == 0, "math: %s", err);
	CHECK(d.n == 64, "math: %zu items", d.n);
	if (d.n == 64) {
		const struct eval_item *a = &d.items[0], *b = &d.items[1];
		CHECK_STR(a->id, "math-001", "math id");
		CHECK_STR(a->type, "numeric", "math type");
		CHECK(starts_with(a->prompt, "A school canteen sells sandwiches"), "%s", a->prompt);
		CHECK_STR(a->expected, "17.75", "math expected");
		CHECK(a->expected_is_number && a->expected_number == 17.75, "17.75");
		CHECK_STR(b->expected, "15", "math expected 2");
		CHECK(b->expected_number == 15 && b->line == 2, "math item 2");
		CHECK_STR(a->difficulty, "easy", "math difficulty");
		CHECK(!a->config && !a->n_keywords, "math has no config or keywords");
		CHECK_STR(d.items[63].id, "math-064", "math last id");
	}
	CHECK(d.has_difficulty && hex64(d.sha256), "math: %s", d.sha256);
	CHECK_STR(d.path, path, "math path");
	dataset_free(&d);
	free(err);
	free(path);
}

static void test_shipped_code(void)
{
	struct dataset d;
	char *err = NULL, *path = shipped_path("code");
	CHECK(dataset_load(&d, path, "code_execution", &err) == 0, "code: %s", err);
	CHECK(d.n == 64, "code: %zu items", d.n);
	if (d.n == 64) {
		const struct eval_item *a = &d.items[0];
		CHECK_STR(a->id, "code-001", "code id");
		CHECK_STR(a->type, "code_execution", "code type");
		CHECK(starts_with(a->prompt, "Write a Python function `initials(full_name)`"), "%s",
		      a->prompt);
		CHECK(!strstr(a->prompt, "\n\n"), "empty input adds no blank line");
		CHECK(!a->expected && !a->expected_is_number, "code items have no expected answer");
		CHECK(a->n_keywords == 2, "%zu keywords", a->n_keywords);
		if (a->n_keywords == 2) {
			CHECK_STR(a->keywords[0], "def initials", "keyword 1");
			CHECK_STR(a->keywords[1], "return", "keyword 2");
		}
		const cJSON *fn = cJSON_GetObjectItemCaseSensitive(a->config, "function_name");
		CHECK(cJSON_IsString(fn) && !strcmp(fn->valuestring, "initials"), "function_name");
		const cJSON *cases = cJSON_GetObjectItemCaseSensitive(a->config, "test_cases");
		CHECK(cJSON_GetArraySize(cases) == 6, "six test cases");
	}
	dataset_free(&d);
	free(err);
	free(path);
}

static void test_shipped_analysis(void)
{
	struct dataset d;
	char *err = NULL, *path = shipped_path("analysis");
	CHECK(dataset_load(&d, path, "analysis", &err) == 0, "analysis: %s", err);
	CHECK(d.n == 64, "analysis: %zu items", d.n);
	if (d.n == 64) {
		const struct eval_item *a = &d.items[0];
		CHECK_STR(a->id, "analysis-001", "analysis id");
		CHECK_STR(a->type, "analysis", "analysis type");
		CHECK_STR(a->expected, "Tallis", "analysis expected");
		CHECK(!a->expected_is_number, "Tallis is no number");
		CHECK(starts_with(a->prompt, "Read the passage and answer the question. Give the "
		                             "short answer first.\n\nPassage: The town council "
		                             "of Brindlemere"),
		      "instruction, blank line, input: %s", a->prompt);
	}
	CHECK(d.has_difficulty, "analysis has difficulty");
	dataset_free(&d);
	free(err);
	free(path);
}

struct bad_case {
	const char *type; /* the adapter's eval_type */
	const char *text;
	size_t len;
	const char *error; /* after "<tmpdir>/" */
};

/* Line openings that many cases share. */
#define Q     "{\"question\": \"q\", "
#define INSTR "{\"instruction\": \"i\", "
#define CFG   "{\"instruction\": \"i\", \"expected_output\": \"a b\", \"evaluation_config\": "
#define FN    "{\"instruction\": \"Write f\", \"evaluation_config\": {\"function_name\": \"f\", "
#define JUDGE "{\"instruction\": \"Explain\", \"evaluation_config\": "

static const struct bad_case bad[] = {
    /* the file and its lines */
    {"numeric", T(""), "d.jsonl: no items"},
    {"numeric", T("\n  \r\n\t\n"), "d.jsonl: no items"},
    {"numerc", T(GOOD), "d.jsonl: the adapter's eval_type 'numerc' is not one of " TYPES},
    {"numeric", T("[1, 2]\n"), "d.jsonl:1: expected a JSON object, found an array"},
    {"numeric", T(GOOD "\"just text\"\n"), "d.jsonl:2: expected a JSON object, found a string"},
    {"numeric", T(Q "\"answer\": }\n"), "d.jsonl:1: invalid JSON at byte column 29"},
    {"numeric", T(Q "\"answer\": 1} x\n"), "d.jsonl:1: invalid JSON at byte column 32"},
    {"numeric", T(Q "\"answer\": 1"), "d.jsonl:1: invalid JSON at byte column 30"},
    {"numeric", T("{\"question\": \"a\0b\", \"answer\": 1}\n"),
     "d.jsonl:1: NUL byte at byte column 16"},
    {"numeric", T(GOOD "{\"question\": \"caf\xe9\", \"answer\": 1}\n"),
     "d.jsonl:2: invalid UTF-8 at byte column 18"},
    {"numeric", T("{\"question\": \"\xc0\xaf\", \"answer\": 1}\n"), /* overlong '/' */
     "d.jsonl:1: invalid UTF-8 at byte column 15"},
    {"numeric", T("{\"question\": \"\xed\xa0\x80\", \"answer\": 1}\n"), /* a surrogate */
     "d.jsonl:1: invalid UTF-8 at byte column 15"},
    {"numeric", T(Q "\"answer\": 1} \xe2\x82"), "d.jsonl:1: invalid UTF-8 at byte column 32"},
    {"numeric", T(Q "\"answer\": 1, \"answer\": 2}\n"), "d.jsonl:1: key 'answer' appears twice"},
    /* the two forms */
    {"numeric", T(Q "\"instruction\": \"i\", \"answer\": 1}\n"),
     "d.jsonl:1: both question and instruction given; use one form per item"},
    {"numeric", T("{\"answer\": 1}\n"), "d.jsonl:1: question or instruction missing"},
    {"numeric", T("{\"question\": \"\", \"answer\": 1}\n"), "d.jsonl:1: question is empty"},
    {"analysis", T("{\"instruction\": \"\", \"expected_output\": \"x\"}\n"),
     "d.jsonl:1: instruction is empty"},
    {"analysis", T(GOOD4 GOOD4 "\n\n\n\n \t\r\n\r\n\r\n\r\n{\"instruction\": \"Summarise\"}\n"),
     "d.jsonl:17: expected_output missing"},
    /* wrong JSON types */
    {"numeric", T("{\"question\": 5, \"answer\": 1}\n"),
     "d.jsonl:1: question: expected a string, found a number"},
    {"numeric", T(Q "\"answer\": [1]}\n"),
     "d.jsonl:1: answer: a list of answers is only for f1 items, not numeric; give one answer"},
    {"numeric", T(Q "\"answer\": true}\n"),
     "d.jsonl:1: answer: expected a string, a number or a list of strings, found true"},
    {"numeric", T(Q "\"answer\": {\"a\": 1}}\n"),
     "d.jsonl:1: answer: expected a string, a number or a list of strings, found an object"},
    /* numbers a JSON reader cannot hold exactly must be strings (issue 13) */
    {"numeric", T(Q "\"answer\": 9007199254740993}\n"),
     "d.jsonl:1: answer: a JSON number this large (2^53 or more) may have lost digits; write "
     "it as a string of its digits, e.g. \"answer\": \"12345678901234567891\""},
    {"numeric", T(Q "\"answer\": -1e300}\n"),
     "d.jsonl:1: answer: a JSON number this large (2^53 or more) may have lost digits; write "
     "it as a string of its digits, e.g. \"answer\": \"12345678901234567891\""},
    /* f1 answer lists */
    {"f1", T(Q "\"answer\": []}\n"),
     "d.jsonl:1: answer is an empty list; give at least one answer"},
    {"f1", T(Q "\"answer\": [\"Paris\", \"\"]}\n"),
     "d.jsonl:1: answer: item 2: expected a non-empty string, found an empty string"},
    {"f1", T(Q "\"answer\": [\"Paris\", null]}\n"),
     "d.jsonl:1: answer: item 2: expected a non-empty string, found null"},
    {"f1", T(INSTR "\"expected_output\": [[\"x\"]]}\n"),
     "d.jsonl:1: expected_output: item 1: expected a non-empty string, found an array"},
    {"contains", T(Q "\"answer\": [\"a\", \"b\"]}\n"),
     "d.jsonl:1: answer: a list of answers is only for f1 items, not contains; give one "
     "answer"},
    /* answer_line and match */
    {"f1",
     T(INSTR "\"expected_output\": \"x\", \"evaluation_config\": {\"answer_line\": "
             "\"final\"}}\n"),
     "d.jsonl:1: evaluation_config.answer_line: expected \"whole\" or \"last\", found "
     "\"final\""},
    {"f1",
     T(INSTR "\"expected_output\": \"x\", \"evaluation_config\": {\"answer_line\": "
             "true}}\n"),
     "d.jsonl:1: evaluation_config.answer_line: expected a string, found true"},
    {"exact_match",
     T(INSTR "\"expected_output\": \"x\", \"evaluation_config\": {\"match\": "
             "\"all\"}}\n"),
     "d.jsonl:1: evaluation_config.match: expected \"last\" or \"first\", found \"all\""},
    {"exact_match",
     T(GOOD4 INSTR "\"expected_output\": \"x\", \"evaluation_config\": "
                   "{\"match\": 1}}\n"),
     "d.jsonl:5: evaluation_config.match: expected a string, found a number"},
    {"numeric", T(Q "\"answer\": 1e999}\n"), "d.jsonl:1: answer: the number is out of range"},
    {"analysis", T(INSTR "\"input\": 3, \"expected_output\": \"x\"}\n"),
     "d.jsonl:1: input: expected a string, found a number"},
    {"numeric", T(Q "\"answer\": 1, \"id\": 7}\n"),
     "d.jsonl:1: id: expected a string, found a number"},
    {"numeric", T(Q "\"answer\": 1, \"id\": \"\"}\n"), "d.jsonl:1: id is empty"},
    {"numeric", T(Q "\"answer\": 1, \"difficulty\": false}\n"),
     "d.jsonl:1: difficulty: expected a string, found false"},
    {"numeric", T(Q "\"answer\": 1, \"evaluation_config\": \"x\"}\n"),
     "d.jsonl:1: evaluation_config: expected an object, found a string"},
    {"numeric", T(Q "\"answer\": 1, \"answer_keywords\": \"def\"}\n"),
     "d.jsonl:1: answer_keywords: expected a list of strings, found a string"},
    {"numeric", T(Q "\"answer\": 1, \"answer_keywords\": [\"def\", 3]}\n"),
     "d.jsonl:1: answer_keywords: item 2: expected a non-empty string, found a number"},
    {"numeric", T(Q "\"answer\": 1, \"answer_keywords\": [\"\"]}\n"),
     "d.jsonl:1: answer_keywords: item 1: expected a non-empty string, found an empty string"},
    {"numeric", T(Q "\"answer\": 1, \"evaluation_type\": 3}\n"),
     "d.jsonl:1: evaluation_type: expected a string, found a number"},
    /* types */
    {"numeric", T(Q "\"answer\": 1, \"evaluation_type\": \"numerc\"}\n"),
     "d.jsonl:1: evaluation_type 'numerc' is not one of " TYPES},
    {NULL, T(Q "\"answer\": 1}\n"),
     "d.jsonl:1: evaluation_type missing (the adapter has no eval_type)"},
    {"numeric", T(Q "\"answer\": \"forty\"}\n"), "d.jsonl:1: answer 'forty' is not a number"},
    {"numeric", T(Q "\"answer\": \"1,2345\"}\n"), "d.jsonl:1: answer '1,2345' is not a number"},
    {"numeric", T(Q "\"answer\": \"3/0\"}\n"), "d.jsonl:1: answer '3/0' is not a number"},
    {"numeric", T(Q "\"answer\": \"0x10\"}\n"), "d.jsonl:1: answer '0x10' is not a number"},
    {"numeric", T(Q "\"answer\": \"\"}\n"), "d.jsonl:1: answer is empty"},
    {"numeric", T("{\"question\": \"q\"}\n"), "d.jsonl:1: answer missing"},
    {"numeric", T(INSTR "\"expected_output\": \"many\"}\n"),
     "d.jsonl:1: expected_output 'many' is not a number"},
    {"exact_match", T("{\"instruction\": \"i\"}\n"), "d.jsonl:1: expected_output missing"},
    {"exact_match", T(CFG "{\"extract_pattern\": \"(\\\\d+\"}}\n"),
     "d.jsonl:1: evaluation_config.extract_pattern '(\\d+' does not compile: missing closing "
     "parenthesis at offset 4"},
    {"exact_match", T(CFG "{\"extract_pattern\": 5}}\n"),
     "d.jsonl:1: evaluation_config.extract_pattern: expected a string, found a number"},
    {"exact_match", T(CFG "{\"normalize\": \"yes\"}}\n"),
     "d.jsonl:1: evaluation_config.normalize: expected true or false, found a string"},
    {"analysis", T(INSTR "\"expected_output\": \"\"}\n"), "d.jsonl:1: expected_output is empty"},
    {"contains", T("{\"question\": \"q\"}\n"), "d.jsonl:1: answer missing"},
    {"f1", T(Q "\"answer\": \"\"}\n"), "d.jsonl:1: answer is empty"},
    {"rouge", T("{\"instruction\": \"i\"}\n"), "d.jsonl:1: expected_output missing"},
    {"rouge", T(CFG "{\"threshold\": 1.5}}\n"),
     "d.jsonl:1: evaluation_config.threshold: expected a number from 0 to 1, found 1.5"},
    {"rouge", T(CFG "{\"threshold\": \"high\"}}\n"),
     "d.jsonl:1: evaluation_config.threshold: expected a number from 0 to 1, found a string"},
    {"code", T("{\"question\": \"Write f\"}\n"), "d.jsonl:1: answer_keywords missing"},
    {"code", T(Q "\"answer_keywords\": []}\n"), "d.jsonl:1: answer_keywords is empty"},
    {"code", T(Q "\"answer\": \"x\", \"answer_keywords\": [\"def f\"]}\n"),
     "d.jsonl:1: type code takes answer_keywords, not answer"},
    {"code_execution", T("{\"instruction\": \"Write f\"}\n"),
     "d.jsonl:1: evaluation_config.function_name missing"},
    {"code_execution", T(JUDGE "{\"function_name\": [\"f\"]}}\n"),
     "d.jsonl:1: evaluation_config.function_name: expected a string, found an array"},
    {"code_execution", T(FN "\"tested\": true}}\n"),
     "d.jsonl:1: evaluation_config.test_cases (or tests) missing"},
    {"code_execution", T(FN "\"test_cases\": {}}}\n"),
     "d.jsonl:1: evaluation_config.test_cases: expected an array, found an object"},
    {"code_execution", T(FN "\"test_cases\": []}}\n"),
     "d.jsonl:1: evaluation_config.test_cases is empty"},
    {"code_execution", T(FN "\"test_cases\": [{\"input\": [1], \"expected_output\": 1}, 2]}}\n"),
     "d.jsonl:1: evaluation_config.test_cases: item 2: expected an object, found a number"},
    {"code_execution", T(FN "\"test_cases\": [{\"expected_output\": 1}]}}\n"),
     "d.jsonl:1: evaluation_config.test_cases: item 1: input missing"},
    {"code_execution", T(FN "\"test_cases\": [{\"input\": 1, \"expected_output\": 1}]}}\n"),
     "d.jsonl:1: evaluation_config.test_cases: item 1: input: expected an array of arguments, "
     "found a number"},
    {"code_execution", T(FN "\"test_cases\": [{\"input\": [1]}]}}\n"),
     "d.jsonl:1: evaluation_config.test_cases: item 1: expected_output missing"},
    {"code_execution", T(FN "\"tests\": []}}\n"), "d.jsonl:1: evaluation_config.tests is empty"},
    {"code_execution", T(FN "\"tests\": \"assert f()\"}}\n"),
     "d.jsonl:1: evaluation_config.tests: expected an array of strings, found a string"},
    {"code_execution", T(FN "\"tests\": [\"assert f(1) == 1\", 2]}}\n"),
     "d.jsonl:1: evaluation_config.tests: item 2: expected a string, found a number"},
    {"llm_judge", T(JUDGE "{}}\n"), "d.jsonl:1: evaluation_config.rubric missing"},
    {"llm_judge", T(JUDGE "{\"rubric\": \"r\", \"extract_score_pattern\": \"[0-9\"}}\n"),
     "d.jsonl:1: evaluation_config.extract_score_pattern '[0-9' does not compile: missing "
     "terminating ] for character class at offset 4"},
    {"llm_judge", T(JUDGE "{\"rubric\": \"r\", \"max_score\": 0}}\n"),
     "d.jsonl:1: evaluation_config.max_score: expected a number above 0, found 0"},
    {"custom", T("{\"instruction\": \"Explain\"}\n"),
     "d.jsonl:1: evaluation_config.command missing"},
    {"custom", T(JUDGE "{\"command\": \"\"}}\n"), "d.jsonl:1: evaluation_config.command is empty"},
    {"custom", T(JUDGE "{\"command\": \"./score\", \"timeout\": -1}}\n"),
     "d.jsonl:1: evaluation_config.timeout: expected a number above 0, found -1"},
    /* ids */
    {"numeric", T(Q "\"answer\": 1, \"id\": \"a\"}\n" GOOD Q "\"answer\": 2, \"id\": \"a\"}\n"),
     "d.jsonl:3: duplicate id 'a' (first at line 1)"},
    {"numeric", T(GOOD Q "\"answer\": 2, \"id\": \"d-1\"}\n"),
     "d.jsonl:2: duplicate id 'd-1' (first at line 1)"},
};

static void test_bad(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bad); i++) {
		struct dataset d;
		char *err = NULL;
		char *want = xasprintf("%s/%s", tmpdir, bad[i].error);
		int rc = load_text(&d, bad[i].text, bad[i].len, bad[i].type, &err);
		CHECK(rc == -1 && d.n == 0 && !d.items, "case %zu loaded", i);
		CHECK_STR(err, want, bad[i].error);
		free(want);
		free(err);
	}
}

/* Exactly 1 MiB (plus a CR) loads; one byte more does not. */
static void test_long_lines(void)
{
	const char *head = "{\"question\": \"", *tail = "\", \"answer\": 1}";
	size_t max = DATASET_LINE_MAX, fill = max - strlen(head) - strlen(tail);
	char *text = xmalloc(max + 64);
	for (int extra = 0; extra <= 1; extra++) {
		size_t n = (size_t)sprintf(text, "%s", GOOD);
		n += (size_t)sprintf(text + n, "%s", head);
		memset(text + n, 'x', fill + (size_t)extra);
		n += fill + (size_t)extra;
		n += (size_t)sprintf(text + n, "%s\r\n", tail);
		struct dataset d;
		char *err = NULL;
		int rc = load_text(&d, text, n, "numeric", &err);
		if (!extra) {
			CHECK(rc == 0 && d.n == 2, "1 MiB line: %s", err);
			CHECK(d.n == 2 && strlen(d.items[1].prompt) == fill, "long prompt");
		} else {
			char *want = xasprintf("%s/d.jsonl:2: line is longer than 1 MiB", tmpdir);
			CHECK(rc == -1, "a line past 1 MiB loaded");
			CHECK_STR(err, want, "long line");
			free(want);
		}
		dataset_free(&d);
		free(err);
	}
	free(text);
}

static void test_missing_file(void)
{
	struct dataset d;
	char *err = NULL, *path = path_join(tmpdir, "none.jsonl");
	char *want = xasprintf("cannot read '%s': No such file or directory", path);
	CHECK(dataset_load(&d, path, "numeric", &err) == -1, "a missing file loaded");
	CHECK_STR(err, want, "missing file");
	free(want);
	free(path);
	free(err);
}

/* Blank lines are skipped but counted; CRLF, a byte order mark and null keys are fine. */
static void test_blank_lines_and_crlf(void)
{
	static const char text[] = "\xef\xbb\xbf\r\n"
	                           "{\"question\": \"Two?\", \"answer\": 2, \"id\": null}\r\n"
	                           "   \t\r\n"
	                           "\n"
	                           "{\"question\": \"Three?\", \"answer\": \"3\"}\r\n"
	                           "{\"question\": \"Four?\", \"answer\": 4}";
	struct dataset d;
	char *err = NULL;
	CHECK(load_text(&d, T(text), "numeric", &err) == 0, "crlf: %s", err);
	CHECK(d.n == 3, "crlf: %zu items", d.n);
	if (d.n == 3) {
		CHECK(d.items[0].line == 2 && d.items[1].line == 5 && d.items[2].line == 6,
		      "lines %d %d %d", d.items[0].line, d.items[1].line, d.items[2].line);
		CHECK_STR(d.items[0].prompt, "Two?", "no CR in the prompt");
		CHECK_STR(d.items[0].id, "d-2", "generated id");
		CHECK_STR(d.items[1].expected, "3", "string answer");
		CHECK(d.items[1].expected_is_number && d.items[1].expected_number == 3, "\"3\"");
		CHECK_STR(d.items[2].id, "d-6", "last line without a newline");
		CHECK(!d.items[0].difficulty && !d.has_difficulty, "no difficulty");
	}
	dataset_free(&d);
	free(err);
}

/* Each type's well-formed item loads; each item's own type wins over the default. */
static void test_types(void)
{
	static const char text[] =
	    "{\"question\": \"Cost?\", \"answer\": \"$1,234.50\"}\n"
	    "{\"id\": \"x1\", \"instruction\": \"Rate\", \"input\": \"5 of 8\", "
	    "\"expected_output\": \"62.5%\", \"evaluation_type\": \"exact_match\", "
	    "\"evaluation_config\": {\"extract_pattern\": \"\\\\d+\\\\.?\\\\d*%\", "
	    "\"normalize\": true}, \"difficulty\": \"hard\"}\n"
	    "{\"question\": \"Capital?\", \"answer\": \"Paris\", "
	    "\"evaluation_type\": \"contains\"}\n"
	    "{\"question\": \"Write f\", \"answer_keywords\": [\"def f\", \"return\"], "
	    "\"evaluation_type\": \"code\"}\n"
	    "{\"instruction\": \"Write f\", \"evaluation_type\": \"code_execution\", "
	    "\"evaluation_config\": {\"function_name\": \"f\", "
	    "\"tests\": [\"assert f(1) == 2\"]}}\n"
	    "{\"instruction\": \"Sum up\", \"expected_output\": \"a b c\", "
	    "\"evaluation_type\": \"rouge\", \"evaluation_config\": {\"threshold\": 0.5}}\n"
	    "{\"instruction\": \"Who?\", \"expected_output\": \"Ada\", "
	    "\"evaluation_type\": \"f1\"}\n"
	    "{\"instruction\": \"Explain\", \"evaluation_type\": \"llm_judge\", "
	    "\"evaluation_config\": {\"rubric\": \"clear\", "
	    "\"extract_score_pattern\": \"(\\\\d+)/10\", \"max_score\": 10}}\n"
	    "{\"instruction\": \"Explain\", \"evaluation_type\": \"custom\", "
	    "\"evaluation_config\": {\"command\": \"./score\", \"timeout\": 5}}\n"
	    "{\"instruction\": \"Why?\", \"input\": \"\", \"expected_output\": 7, "
	    "\"evaluation_type\": \"analysis\"}\n"
	    "{\"question\": \"Debt?\", \"answer\": \"-$5\"}\n"
	    "{\"question\": \"Tenth?\", \"answer\": 0.1}\n"
	    "{\"question\": \"Who?\", \"answer\": [\"Ada Lovelace\", \"Lovelace\", 1815], "
	    "\"evaluation_type\": \"f1\", \"evaluation_config\": {\"answer_line\": \"last\"}}\n"
	    "{\"question\": \"Part?\", \"answer\": \"3/4\"}\n"
	    "{\"question\": \"Big?\", \"answer\": \"9007199254740993\"}\n"
	    "{\"instruction\": \"Rate\", \"expected_output\": \"5%\", "
	    "\"evaluation_type\": \"exact_match\", \"evaluation_config\": {\"match\": "
	    "\"first\"}}\n";
	struct dataset d;
	char *err = NULL;
	CHECK(load_text(&d, T(text), "numeric", &err) == 0, "types: %s", err);
	CHECK(d.n == 16, "types: %zu items", d.n);
	if (d.n != 16) {
		dataset_free(&d);
		free(err);
		return;
	}
	static const char *const want[] = {
	    "numeric", "exact_match", "contains", "code",        "code_execution", "rouge",
	    "f1",      "llm_judge",   "custom",   "analysis",    "numeric",        "numeric",
	    "f1",      "numeric",     "numeric",  "exact_match",
	};
	for (size_t i = 0; i < d.n; i++)
		CHECK_STR(d.items[i].type, want[i], "type");
	const struct eval_item *it = d.items;
	CHECK(it[0].expected_is_number && it[0].expected_number == 1234.5, "$1,234.50");
	CHECK_STR(it[0].expected, "$1,234.50", "the answer's text is kept");
	CHECK_STR(it[1].id, "x1", "id");
	CHECK_STR(it[1].prompt, "Rate\n\n5 of 8", "instruction and input");
	CHECK_STR(it[1].difficulty, "hard", "difficulty");
	CHECK(d.has_difficulty, "has_difficulty");
	const cJSON *pat = cJSON_GetObjectItemCaseSensitive(it[1].config, "extract_pattern");
	CHECK(cJSON_IsString(pat) && !strcmp(pat->valuestring, "\\d+\\.?\\d*%"), "config kept");
	CHECK(!it[2].expected_is_number, "Paris");
	CHECK(!it[3].expected && it[3].n_keywords == 2, "code keywords");
	CHECK_STR(it[9].prompt, "Why?", "empty input");
	CHECK_STR(it[9].expected, "7", "a number as text");
	CHECK(it[10].expected_number == -5, "-$5: %g", it[10].expected_number);
	CHECK_STR(it[11].expected, "0.1", "shortest form of 0.1");
	CHECK(it[12].n_answers == 3, "three gold answers: %zu", it[12].n_answers);
	if (it[12].n_answers == 3) {
		CHECK_STR(it[12].answers[1], "Lovelace", "second gold answer");
		CHECK_STR(it[12].answers[2], "1815", "a number among the answers");
	}
	CHECK_STR(it[12].expected, "Ada Lovelace", "the first gold answer is the expected text");
	CHECK(!it[0].n_answers && !it[0].answers, "one answer is not a list");
	CHECK(it[13].expected_is_number && it[13].expected_number == 0.75, "3/4");
	CHECK(it[14].expected_is_number, "a big integer as a string");
	CHECK_STR(it[14].expected, "9007199254740993", "kept as written");
	dataset_free(&d);
	free(err);
}

static void test_sha256(void)
{
	/* printf '{"question": "What is 6 x 7?", "answer": 42}\n' | sha256sum */
	static const char text[] = "{\"question\": \"What is 6 x 7?\", \"answer\": 42}\n";
	struct dataset d;
	char *err = NULL;
	CHECK(load_text(&d, T(text), "numeric", &err) == 0, "sha: %s", err);
	CHECK_STR(d.sha256, "564a0c07947dc95a60f0d1187e4eb3a4a6bc33b63335c6a4f9732f04ebe180c5",
	          "sha256 of the file's bytes");
	dataset_free(&d);
	free(err);
}

/* When libcrypto cannot be loaded (here: a no-network command), loading fails
 * with netlib's message. In a child, since the refusal lasts for the process. */
static void test_no_libcrypto(void)
{
	int fds[2];
	if (pipe(fds) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		netlib_forbid("route");
		struct dataset d;
		char *err = NULL;
		int rc = load_text(&d, T(GOOD), "numeric", &err);
		const char *msg = rc < 0 && err ? err : "(loaded)";
		ssize_t w = write(fds[1], msg, strlen(msg));
		_exit(w < 0);
	}
	close(fds[1]);
	char buf[512] = "";
	ssize_t n = read(fds[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, NULL, 0);
	const char *got = buf;
	CHECK_STR(got,
	          "internal error: 'route' is a no-network command but tried to load "
	          "libcrypto.so.3",
	          "no libcrypto");
}

int main(void)
{
	if (!(tmpdir = check_tmpdir("dataset"))) {
		perror("mkdtemp");
		return 1;
	}
	test_no_libcrypto(); /* first: it needs libcrypto not loaded yet */
	test_shipped_math();
	test_shipped_code();
	test_shipped_analysis();
	test_bad();
	test_long_lines();
	test_missing_file();
	test_blank_lines_and_crlf();
	test_types();
	test_sha256();
	rmdir(tmpdir);
	free(tmpdir);
	return check_done("dataset");
}
