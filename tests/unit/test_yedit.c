/* test_yedit.c: in-place YAML edits as (before, key path, value, after)
 * triplets. Everything but the edited value must survive byte for byte. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"
#include "yedit.h"

struct edit_case {
	const char *before;
	const char *path[3];
	const char *value;
	const char *after; /* NULL: the edit must fail */
};

static const struct edit_case cases[] = {
    /* a value shared through an alias, or an edit that would orphan one: refused */
    {"a: &x 1\nb: *x\n", {"a"}, "2", NULL},
    {"eval: {jobs: 1}\neval: {seed: 2}\n", {"eval", "jobs"}, "3", NULL}, /* a key twice */
    {"?  \n  \n", {"a"}, "1", NULL},       /* the new key would land under "?" */
    {"a: &x {b: *x}\n", {"c"}, "1", NULL}, /* a value inside itself: no file to edit */
    {"a: 1\rb: 2\r", {"a"}, "3", NULL},
    {"b: |\n  e", {"a"}, "1", NULL}, /* "e" would become "e\n" */
    {"b: |\n  e\n", {"a"}, "1", "b: |\n  e\na: 1\n"},
    {"a: {}#c\n", {"a"}, "8", "a: 8 #c\n"}, /* the comment stays one */
    {"a: 1\r\nb: 2\r\n", {"a"}, "3", "a: 3\r\nb: 2\r\n"},
    {"base: &b {x: 1}\nother: *b\n", {"base", "x"}, "2", NULL},
    {"base: &b {x: 1}\nother: 3\n", {"other"}, "4", "base: &b {x: 1}\nother: 4\n"},
    /* replace a scalar; comments and quoting elsewhere untouched */
    {"# mine\nollama:\n  host: \"http://a:1\"   # office box\n  keep_alive: 5m\n",
     {"ollama", "host"},
     "\"http://b:2\"",
     "# mine\nollama:\n  host: \"http://b:2\"   # office box\n  keep_alive: 5m\n"},
    /* add a key to an existing block mapping, after its last line */
    {"ollama:\n  host: x # c\neval:\n  jobs: 2\n",
     {"ollama", "connect_timeout"},
     "9",
     "ollama:\n  host: x # c\n  connect_timeout: 9\neval:\n  jobs: 2\n"},
    /* add a whole section at the end; file without final newline */
    {"eval:\n  jobs: 2", {"inference", "votes"}, "5", "eval:\n  jobs: 2\ninference:\n  votes: 5\n"},
    /* empty file */
    {"", {"inference", "votes"}, "5", "inference:\n  votes: 5\n"},
    /* only comments */
    {"# nothing yet\n", {"semester"}, "\"2027-S1\"", "# nothing yet\nsemester: \"2027-S1\"\n"},
    /* flow mapping: insert before the brace */
    {"ollama: { host: x }\n",
     {"ollama", "keep_alive"},
     "\"1h\"",
     "ollama: { host: x , keep_alive: \"1h\"}\n"},
    {"router: {}\n", {"router", "min_score"}, "2", "router: {min_score: 2}\n"},
    /* replace a value inside a flow mapping */
    {"router: {min_score: 1, low_confidence: 0.34}\n",
     {"router", "min_score"},
     "3",
     "router: {min_score: 3, low_confidence: 0.34}\n"},
    /* an empty section value becomes a flow mapping */
    {"chat:\neval:\n  jobs: 1\n",
     {"chat", "nudge"},
     "false",
     "chat: {nudge: false}\neval:\n  jobs: 1\n"},
    {"chat: ~\n", {"chat", "nudge"}, "false", "chat: {nudge: false}\n"},
    /* nested last value: insert after the deepest last line */
    {"a:\n  b:\n    c: 1\n", {"z"}, "2", "a:\n  b:\n    c: 1\nz: 2\n"},
    /* block scalar as last value */
    {"a:\n  s: |\n    line\n  t: 1\nb: |\n  text\n",
     {"c"},
     "1",
     "a:\n  s: |\n    line\n  t: 1\nb: |\n  text\nc: 1\n"},
    /* indented mapping keeps its indentation */
    {"eval:\n    jobs: 2\n", {"eval", "seed"}, "7", "eval:\n    jobs: 2\n    seed: 7\n"},
    /* flow list replaced */
    {"ollama:\n  hosts: [a, b]\n", {"ollama", "hosts"}, "[\"c\"]", "ollama:\n  hosts: [\"c\"]\n"},
    /* marks count characters: non-ASCII text before the edit must not shift it */
    {"# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\neval: {jobs: 2}\n",
     {"eval", "jobs"},
     "5",
     "# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\neval: {jobs: 5}\n"},
    {"# \xc3\xa9\xc3\xa9\nollama:\n  host: \"\xc3\xa9\"\n",
     {"ollama", "keep_alive"},
     "\"1h\"",
     "# \xc3\xa9\xc3\xa9\nollama:\n  host: \"\xc3\xa9\"\n  keep_alive: \"1h\"\n"},
    {"\xef\xbb\xbf# bom\neval: {jobs: 2}\n",
     {"eval", "jobs"},
     "5",
     "\xef\xbb\xbf# bom\neval: {jobs: 5}\n"},
    {"eval: {jobs: 2}\r\nchat: {}\r\n",
     {"chat", "nudge"},
     "false",
     "eval: {jobs: 2}\r\nchat: {nudge: false}\r\n"},
    /* a CRLF file stays CRLF: the review's promote (a key added to a block
     * entry), a new section, and a file without a final line break */
    {"adapters:\r\n  math:\r\n    version: 0.1.0\r\n  code:\r\n    version: 1\r\n",
     {"adapters", "math", "active"},
     "true",
     "adapters:\r\n  math:\r\n    version: 0.1.0\r\n    active: true\r\n  code:\r\n    "
     "version: 1\r\n"},
    {"eval:\r\n  jobs: 2\r\n",
     {"inference", "votes"},
     "5",
     "eval:\r\n  jobs: 2\r\ninference:\r\n  votes: 5\r\n"},
    {"eval:\r\n  jobs: 2",
     {"chat", "nudge"},
     "false",
     "eval:\r\n  jobs: 2\r\nchat:\r\n  nudge: false\r\n"},
    /* refused: UTF-16, block list, scalar parent, non-mapping root */
    {"\xff\xfe", {"eval", "jobs"}, "8", NULL},
    {"? eval\n", {"eval", "jobs"}, "8", NULL},
    {"ollama:\n  hosts:\n    - a\n", {"ollama", "hosts"}, "[\"c\"]", NULL},
    {"ollama: 5\n", {"ollama", "host"}, "\"x\"", NULL},
    {"- a\n", {"x"}, "1", NULL},
    {"a: [\n", {"x"}, "1", NULL},
};

/* yedit_remove: (before, key path, after) triplets; after NULL = refused. */
static const struct {
	const char *before;
	const char *path[3];
	const char *after;
} removals[] = {
    /* removing an anchored value that an alias still names would break the file */
    {"a: &x 1\nb: *x\n", {"a"}, NULL},
    {"a: 1\na: 2\n", {"a"}, NULL}, /* which one? */
    {"a:\rb:", {"a"}, NULL},       /* lone CR line ends: lines are not found */
    {"a: &x 1\nb: 2\n", {"a"}, "b: 2\n"},
    /* a block entry of several lines goes; the comment above the next stays */
    {"adapters:\n  a:\n    version: 1\n    tags: [x]\n  # b's\n  b: {version: 2}\n",
     {"adapters", "a"},
     "adapters:\n  # b's\n  b: {version: 2}\n"},
    /* the last entry, with a trailing comment on its line, without a final newline */
    {"top: 1\nadapters:\n  a: {v: 1}\n  b: {v: 2} # gone too",
     {"adapters", "b"},
     "top: 1\nadapters:\n  a: {v: 1}\n"},
    /* a literal block scalar inside the entry */
    {"adapters:\n  a:\n    system_prompt: |-\n      line one\n      line two\n  b: 1\n",
     {"adapters", "a"},
     "adapters:\n  b: 1\n"},
    /* the only entry: the mapping becomes {} rather than null */
    {"# c\nadapters:\n  a: {v: 1}\nother: 2\n", {"adapters", "a"}, "# c\nadapters: {}\nother: 2\n"},
    /* flow mappings: the pair and one comma */
    {"adapters: {a: 1, b: 2, c: 3}\n", {"adapters", "b"}, "adapters: {a: 1, c: 3}\n"},
    {"adapters: {a: 1, b: 2}\n", {"adapters", "b"}, "adapters: {a: 1}\n"},
    /* CRLF: the whole entry with its line ends; a flow pair and its comma */
    {"adapters:\r\n  a:\r\n    v: 1\r\n  b: {v: 2}\r\n",
     {"adapters", "a"},
     "adapters:\r\n  b: {v: 2}\r\n"},
    {"adapters:\r\n  a: {v: 1}\r\n", {"adapters", "a"}, "adapters: {}\r\n"},
    {"adapters: {a: 1,\r\n  b: 2}\r\n", {"adapters", "b"}, "adapters: {a: 1}\r\n"},
    /* a value that is an alias has its anchor's marks: refused, not a negative cut */
    {"b: &x 1\na: *x\n", {"a"}, NULL},
    /* an explicit key whose '?' is on the line before goes with it */
    {"{?\t\n \t a}", {"a"}, "{}"},
    {"{? # c\n a: 1, b: 2}", {"a"}, "{? # c\n b: 2}"},
    /* absent keys and shared lines are refused */
    {"adapters:\n  a: 1\n", {"adapters", "zz"}, NULL},
    {"adapters: 3\n", {"adapters", "a"}, NULL},
    {"x: {adapters: 1}\n", {"nothere", "a"}, NULL},
};

/* yedit_replace: (before, key path, value, after); after NULL = refused. */
static const struct edit_case replacements[] = {
    /* a block entry in the middle is replaced where it stands */
    {"adapters:\n  a: {v: 1}\n  # b's\n  b:\n    version: 1\n    tags:\n      - x\n  c: {v: 3}\n",
     {"adapters", "b"},
     "{v: 2}",
     "adapters:\n  a: {v: 1}\n  # b's\n  b: {v: 2}\n  c: {v: 3}\n"},
    /* the last entry, a literal block scalar inside, no final newline */
    {"adapters:\n  a:\n    p: |-\n      one\n      two",
     {"adapters", "a"},
     "{v: 2}",
     "adapters:\n  a: {v: 2}"},
    /* a block scalar with its final line break: the break stays */
    {"adapters:\n  a:\n    p: |\n      one\n  b: 1\n",
     {"adapters", "a"},
     "{v: 2}",
     "adapters:\n  a: {v: 2}\n  b: 1\n"},
    /* a quoted key keeps its spelling; a comment after the value stays */
    {"adapters:\n  \"a\" :\n    v: 1 # old\n",
     {"adapters", "a"},
     "{v: 2}",
     "adapters:\n  \"a\" : {v: 2} # old\n"},
    /* flow and scalar values, as yedit_set */
    {"adapters: {a: {v: 1}, b: 2}\n", {"adapters", "a"}, "{v: 2}", "adapters: {a: {v: 2}, b: 2}\n"},
    /* an absent key is added at the end */
    {"adapters:\n  a: 1\n", {"adapters", "z"}, "{v: 2}", "adapters:\n  a: 1\n  z: {v: 2}\n"},
    /* CRLF: a block entry replaced, a new one added, line ends kept */
    {"adapters:\r\n  a:\r\n    v: 1\r\n  b: 2\r\n",
     {"adapters", "a"},
     "{v: 2}",
     "adapters:\r\n  a: {v: 2}\r\n  b: 2\r\n"},
    {"adapters:\r\n  a: 1\r\n",
     {"adapters", "z"},
     "{v: 2}",
     "adapters:\r\n  a: 1\r\n  z: {v: 2}\r\n"},
    /* a block scalar value: its text goes, the blank lines and the break
     * before the next key stay (fuzz_yedit found the next key glued on) */
    {"a: |\n  text\n\n  more\n\nb: 1\n", {"a"}, "8", "a: 8\n\nb: 1\n"},
    {"a: \n |\n \nb-:  $", {"a"}, "8", "a: \n 8\n \nb-:  $"},
    {"a: >-\n  t\n# c\nb: 1\n", {"a"}, "8", "a: 8\n# c\nb: 1\n"},
    {"a: |\n  t", {"a"}, "8", "a: 8"},
    /* refused: a parent that is not a mapping */
    {"adapters: 3\n", {"adapters", "a"}, "1", NULL},
};

static void test_replace(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(replacements); i++) {
		const struct edit_case *c = &replacements[i];
		size_t depth = 0;
		while (depth < 3 && c->path[depth])
			depth++;
		char *out = NULL, *err = NULL;
		size_t out_len = 0;
		int rc = yedit_replace("t.yaml", c->before, strlen(c->before), c->path, depth,
		                       c->value, &out, &out_len, &err);
		if (c->after) {
			CHECK(rc == 0, "replacement %zu: %s", i, err ? err : "");
			CHECK_STR(out, c->after, c->before);
			CHECK(out && strlen(out) == out_len, "replacement %zu: length", i);
		} else {
			CHECK(rc < 0 && err && !out, "replacement %zu should be refused", i);
		}
		free(out);
		free(err);
	}
}

static void test_remove(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(removals); i++) {
		size_t depth = 0;
		while (depth < 3 && removals[i].path[depth])
			depth++;
		char *out = NULL, *err = NULL;
		size_t out_len = 0;
		const char *before = removals[i].before;
		int rc = yedit_remove("t.yaml", before, strlen(before), removals[i].path, depth,
		                      &out, &out_len, &err);
		if (removals[i].after) {
			CHECK(rc == 0, "removal %zu: %s", i, err ? err : "");
			CHECK_STR(out, removals[i].after, before);
			CHECK(out && strlen(out) == out_len, "removal %zu: length", i);
		} else {
			CHECK(rc < 0 && err && !out, "removal %zu should be refused", i);
		}
		free(out);
		free(err);
	}
}

int main(void)
{
	test_remove();
	test_replace();
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		const struct edit_case *c = &cases[i];
		size_t depth = 0;
		while (depth < 3 && c->path[depth])
			depth++;
		char *out = NULL, *err = NULL;
		size_t out_len = 0;
		int rc = yedit_set("t.yaml", c->before, strlen(c->before), c->path, depth, c->value,
		                   &out, &out_len, &err);
		if (c->after) {
			CHECK(rc == 0, "case %zu: %s", i, err ? err : "");
			CHECK_STR(out, c->after, c->before);
			CHECK(out && strlen(out) == out_len, "case %zu: length", i);
		} else {
			CHECK(rc < 0 && err, "case %zu should be refused", i);
		}
		free(out);
		free(err);
	}
	char *q = yaml_quote("a \"b\" \\ \n\x01");
	CHECK_STR(q, "\"a \\\"b\\\" \\\\ \\n\\x01\"", "yaml_quote");
	free(q);
	return check_done("yedit");
}
