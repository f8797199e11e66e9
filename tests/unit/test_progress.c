/* test_progress.c: sizes as Ollama shows them, and the plain lines a pull
 * turns into off a terminal: one at a layer's start, one per quarter, one
 * when done; status repeats, "success" and layer chatter dropped. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "check.h"
#include "progress.h"

static void test_bytes(void)
{
	static const struct {
		int64_t n;
		const char *text;
	} cases[] = {
	    {0, "0 B"},
	    {999, "999 B"},
	    {1000, "1.0 kB"},
	    {23456, "23 kB"},
	    {2497293918, "2.5 GB"},
	    {1321098329, "1.3 GB"},
	    {9999999, "10.0 MB"},
	    {4000000000000LL, "4.0 TB"},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		char *t = format_bytes(cases[i].n);
		CHECK_STR(t, cases[i].text, "format_bytes");
		free(t);
	}
}

#define D1 "sha256:aaaa"
#define D2 "sha256:bbbb"

static const struct progress_event pull[] = {
    {"pulling manifest", "", 0, 0},
    {"pulling manifest", "", 0, 0},
    {"pulling aaaa", D1, 1000, 0},
    {"pulling bbbb", D2, 80, 80}, /* cached: complete at once, interleaved */
    {"pulling aaaa", D1, 1000, 100},
    {"pulling aaaa", D1, 1000, 300},
    {"pulling aaaa", D1, 1000, 320},
    {"pulling aaaa", D1, 1000, 800},
    {"pulling aaaa", D1, 1000, 1000},
    {"pulling aaaa", D1, 1000, 1000},
    {"verifying sha256 digest", "", 0, 0},
    {"using existing layer sha256:cccc", "", 0, 0},
    {"writing manifest", "", 0, 0},
    {"success", "", 0, 0},
};

static const char plain_want[] = "pulling qwen3:4b\n"
                                 "  pulling manifest\n"
                                 "  pulling aaaa: 1.0 kB\n"
                                 "  pulling bbbb: 80 B\n"
                                 "  pulling bbbb: done\n"
                                 "  pulling aaaa: 30%\n"
                                 "  pulling aaaa: 80%\n"
                                 "  pulling aaaa: done\n"
                                 "  verifying sha256 digest\n"
                                 "  writing manifest\n";

static char *render(bool tty, bool verbose)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct progress_display p;
	progress_init(&p, f, tty, verbose);
	progress_heading(&p, "pulling %s", "qwen3:4b");
	for (size_t i = 0; i < LOCO_ARRAY_LEN(pull); i++)
		progress_event(&p, &pull[i]);
	progress_free(&p);
	fclose(f);
	return buf;
}

static void test_plain(void)
{
	char *got = render(false, false);
	CHECK_STR(got, plain_want, "plain lines");
	free(got);
	got = render(false, true);
	CHECK(got && strstr(got, "  using existing layer sha256:cccc\n"), "-v shows layer lines");
	free(got);
}

static void test_tty(void)
{
	char *got = render(true, false);
	if (!got) {
		CHECK(0, "nothing rendered");
		return;
	}
	CHECK(strstr(got, "\r\033[K  pulling bbbb 100% [====================] 80 B/80 B\n"),
	      "a finished bar stays on its own line: %s", got);
	CHECK(strstr(got, "\r\033[K  pulling aaaa 100% [====================] 1.0 kB/1.0 kB\n"
	                  "  verifying sha256 digest\n"),
	      "the bar ends before the next status: %s", got);
	CHECK(strstr(got, "\r\033[K  pulling aaaa   0% [>                   ] 0 B/1.0 kB"),
	      "a new layer is drawn at once: %s", got);
	free(got);
}

int main(void)
{
	test_bytes();
	test_plain();
	test_tty();
	return check_done("test_progress");
}
