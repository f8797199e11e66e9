#define _GNU_SOURCE
/* test_overlap.c: the contamination check of `loco adapters check`
 * (overlap.h): normalization as GPT-3's appendix C defines a word, the exact
 * and n-gram rules, the more-than-10-lines filter, and bad training files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "overlap.h"
#include "util.h"

static char *tmpdir; /* check_tmpdir() */

static char *write_tmp(const char *text, size_t len)
{
	char *path = path_join(tmpdir, "train.jsonl");
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	return path;
}

static void test_normalize(void)
{
	struct {
		const char *in, *want;
	} cases[] = {
	    {"Don't stop!", "dont stop"},
	    {"  The  Quick\tBrown\nFox. ", "the quick brown fox"},
	    {"3.14 + 2 = 5.14", "314 2 514"}, /* "+" and "=" alone are no words */
	    {"\xc3\x89"
	     "COLE \xe2\x80\x94 Normale",
	     "\xc3\xa9"
	     "cole normale"},
	    {"caf\xc3\xa9\xe2\x80\x94"
	     "bar",
	     "caf\xc3\xa9"
	     "bar"},                         /* a dash inside a word joins */
	    {"New\xc2\xa0York", "new york"}, /* a no-break space splits */
	    {"...", ""},
	    {"", ""},
	    {NULL, ""},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		char *got = overlap_normalize(cases[i].in);
		CHECK_STR(got, cases[i].want, cases[i].in ? cases[i].in : "(null)");
		free(got);
	}
}

/* Thirteen-plus-word items, so grams apply. */
static const struct overlap_item items[] = {
    {1, "What is the capital of France?", "Paris"},
    {2,
     "A train leaves the station at nine and travels two hundred kilometres at a steady "
     "speed; when does it arrive?",
     "At eleven"},
    {3, "Name the longest river of South America.", "Amazon"}, /* 8 words in all */
    {4, "Why?", NULL},                                         /* 1 word */
    {5,
     "Translate into French, keeping the register formal and the meaning exact: good "
     "morning to all of you here today.",
     NULL},
};

struct scan_case {
	const char *name;
	const char *training;
	int want_line[5]; /* per item: the training line it leaks into, 0 = none */
	enum leak_kind kind[5];
	size_t n_words[5];
	size_t lines, common;
};

static const struct scan_case scans[] = {
    {"exact: a field",
     "{\"question\": \"what is THE capital of france\", \"answer\": \"Paris\"}\n",
     {1, 0, 0, 0, 0},
     {LEAK_EXACT},
     {0},
     1,
     0},
    {"exact: instruction and input joined; keys are not text",
     "{\"why?\": 1}\n{\"instruction\": \"What is the capital\", \"input\": \"of France\"}\n",
     {2, 0, 0, 0, 0},
     {LEAK_EXACT},
     {0},
     2,
     0},
    {"exact: a short prompt inside a longer text is no leak",
     "{\"text\": \"Why? Because.\"}\n{\"text\": \"so, what is the capital of France? Paris.\"}\n",
     {0, 0, 0, 0, 0},
     {0},
     {0},
     2,
     0},
    {"13-gram: 13 words in a row, with different punctuation and case",
     "{\"text\": \"Q: a TRAIN leaves the station at nine, and travels two hundred "
     "kilometres at...\"}\n",
     {0, 1, 0, 0, 0},
     {0, LEAK_NGRAM},
     {0, 13},
     1,
     0},
    {"13-gram: 12 words in a row are not enough",
     "{\"text\": \"a train leaves the station at nine and travels two hundred kilometres\"}\n",
     {0, 0, 0, 0, 0},
     {0},
     {0},
     1,
     0},
    {"whole item of 8 words, prompt then answer; the first line is named",
     "{\"a\": \"x\"}\n\n{\"q\": \"Q: Name the longest river of South America\", \"a\": "
     "\"Amazon!\"}\n"
     "{\"t\": \"name the longest river of south america amazon\"}\n",
     {0, 0, 3, 0, 0},
     {0, 0, LEAK_NGRAM},
     {0, 0, 8},
     3,
     0},
    {"an exact match wins over an n-gram on a later line",
     "{\"t\": \"intro: what is the capital of france paris\"}\n"
     "{\"q\": \"What is the capital of France?\"}\n",
     {2, 0, 0, 0, 0},
     {LEAK_EXACT},
     {0},
     2,
     0},
};

static void run_scan(const struct scan_case *c)
{
	char *path = write_tmp(c->training, strlen(c->training));
	struct overlap_result r;
	char *err = NULL;
	int rc = overlap_scan(items, LOCO_ARRAY_LEN(items), path, &r, &err);
	CHECK(rc == 0, "%s: %s", c->name, err ? err : "");
	CHECK(r.training_lines == c->lines, "%s: %zu lines, want %zu", c->name, r.training_lines,
	      c->lines);
	CHECK(r.common_ngrams == c->common, "%s: %zu common, want %zu", c->name, r.common_ngrams,
	      c->common);
	size_t want = 0;
	for (size_t i = 0; i < LOCO_ARRAY_LEN(items); i++)
		want += c->want_line[i] != 0;
	CHECK(r.n_leaks == want, "%s: %zu leaks, want %zu", c->name, r.n_leaks, want);
	for (size_t k = 0; k < r.n_leaks; k++) {
		const struct leak *l = &r.leaks[k];
		size_t i = l->item;
		CHECK(l->training_line == c->want_line[i] && l->kind == c->kind[i] &&
		          l->eval_line == items[i].line &&
		          (l->kind == LEAK_EXACT || l->n_words == c->n_words[i]),
		      "%s: item %zu in line %d (kind %d, %zu words: %s)", c->name, i,
		      l->training_line, l->kind, l->n_words, l->words);
	}
	overlap_free(&r);
	free(err);
	unlink(path);
	free(path);
}

/* GPT-3's filter: a gram in more than 10 training lines is common text. */
static void test_common_text(void)
{
	const char *gram = "{\"t\": \"a train leaves the station at nine and travels two hundred "
	                   "kilometres at\"}\n";
	for (int lines = 10; lines <= 11; lines++) {
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "");
		for (int i = 0; i < lines; i++)
			sb_adds(&sb, gram);
		char *path = write_tmp(sb.buf, sb.len);
		struct overlap_result r;
		char *err = NULL;
		CHECK(overlap_scan(items, LOCO_ARRAY_LEN(items), path, &r, &err) == 0, "%s", err);
		if (lines == 10)
			CHECK(r.n_leaks == 1 && r.leaks[0].training_line == 1 &&
			          r.common_ngrams == 0,
			      "in 10 lines it is a leak: %zu leaks", r.n_leaks);
		else
			CHECK(r.n_leaks == 0 && r.common_ngrams == 1,
			      "in 11 lines it is common text: %zu leaks, %zu common", r.n_leaks,
			      r.common_ngrams);
		overlap_free(&r);
		free(err);
		unlink(path);
		free(path);
		sb_free(&sb);
	}
	/* the same gram three times in one line counts that line once */
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "[");
	for (int i = 0; i < 11; i++)
		sb_addf(&sb,
		        "%s\"a train leaves the station at nine and travels two hundred "
		        "kilometres at\"",
		        i ? ", " : "");
	sb_adds(&sb, "]\n");
	char *path = write_tmp(sb.buf, sb.len);
	struct overlap_result r;
	CHECK(overlap_scan(items, LOCO_ARRAY_LEN(items), path, &r, NULL) == 0 && r.n_leaks == 1,
	      "eleven times in one line is one line: %zu leaks", r.n_leaks);
	overlap_free(&r);
	unlink(path);
	free(path);
	sb_free(&sb);
}

static void test_bad_files(void)
{
	struct {
		const char *text;
		size_t len;
		const char *error; /* after "<path>:" */
	} bad[] = {
	    {"{\"t\": \"fine\"}\nnot json\n", 23, "2: invalid JSON at byte column 1"},
	    {"{\"t\": \"a\"} trailing\n", 20, "1: invalid JSON at byte column 12"},
	    {"{\"t\": \"caf\xe9\"}\n", 14, "1: not UTF-8 text"},
	    {"{\"t\": \"a\0b\"}\n", 13, "1: not UTF-8 text"},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bad); i++) {
		char *path = write_tmp(bad[i].text, bad[i].len);
		struct overlap_result r;
		char *err = NULL, *want = xasprintf("%s:%s", path, bad[i].error);
		CHECK(overlap_scan(items, LOCO_ARRAY_LEN(items), path, &r, &err) == -1 &&
		          r.n_leaks == 0 && !r.leaks,
		      "bad file %zu scanned", i);
		CHECK_STR(err, want, bad[i].error);
		free(want);
		free(err);
		unlink(path);
		free(path);
	}
	/* a byte order mark, CRLF and blank lines are fine */
	static const char ok[] =
	    "\xef\xbb\xbf{\"q\": \"What is the capital of France?\"}\r\n\r\n  \n";
	char *path = write_tmp(ok, sizeof ok - 1);
	struct overlap_result r;
	CHECK(overlap_scan(items, LOCO_ARRAY_LEN(items), path, &r, NULL) == 0 && r.n_leaks == 1 &&
	          r.training_lines == 1,
	      "BOM and CRLF: %zu leaks, %zu lines", r.n_leaks, r.training_lines);
	overlap_free(&r);
	unlink(path);
	free(path);
	char *none = path_join(tmpdir, "none.jsonl"), *err = NULL;
	char *want = xasprintf("cannot read '%s': No such file or directory", none);
	CHECK(overlap_scan(items, 1, none, &r, &err) == -1, "a missing file scanned");
	CHECK_STR(err, want, "missing file");
	free(want);
	free(err);
	free(none);
}

/* A line past OVERLAP_LINE_MAX is refused, not read into memory whole. */
static void test_long_line(void)
{
	size_t n = OVERLAP_LINE_MAX + 16;
	char *text = xmalloc(n);
	memset(text, 'x', n);
	text[0] = '"';
	text[n - 2] = '"';
	text[n - 1] = '\n';
	char *path = write_tmp(text, n);
	struct overlap_result r;
	char *err = NULL, *want = xasprintf("%s:1: line is longer than 16 MiB", path);
	CHECK(overlap_scan(items, 1, path, &r, &err) == -1, "a 16 MiB line scanned");
	CHECK_STR(err, want, "long line");
	free(want);
	free(err);
	unlink(path);
	free(path);
	free(text);
}

int main(void)
{
	if (!(tmpdir = check_tmpdir("overlap"))) {
		perror("mkdtemp");
		return 1;
	}
	test_normalize();
	for (size_t i = 0; i < LOCO_ARRAY_LEN(scans); i++)
		run_scan(&scans[i]);
	test_common_text();
	test_bad_files();
	test_long_line();
	rmdir(tmpdir);
	free(tmpdir);
	return check_done("overlap");
}
