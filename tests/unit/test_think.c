/* test_think.c: inline <think> blocks are removed from answers, whole or cut
 * at every possible point between chunks. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "think.h"
#include "util.h"

struct think_case {
	const char *in, *answer, *thinking;
};

static const struct think_case cases[] = {
    {"<think>I add.</think>\n\nThe answer is 42.", "The answer is 42.", "I add."},
    {"No thinking here.", "No thinking here.", ""},
    {"a <b> c < d", "a <b> c < d", ""},
    {"x<think>one</think>y<think>two</think>z", "xyz", "onetwo"},
    {"<think>unterminated", "", "unterminated"},
    {"ends with <thi", "ends with <thi", ""},
    {"<think></think>", "", ""},
    {"3 </think> 4", "3 </think> 4", ""},
    {"<think>a < b</think>ok", "ok", "a < b"},
    {"pre<think>x</thinkx</think>post", "prepost", "x</thinkx"},
};

static void run(const struct think_case *c, size_t cut1, size_t cut2, char **a, char **t)
{
	struct think_filter f;
	think_filter_init(&f);
	struct strbuf answer = STRBUF_INIT, thinking = STRBUF_INIT;
	sb_adds(&answer, "");
	sb_adds(&thinking, "");
	size_t n = strlen(c->in);
	think_filter_feed(&f, c->in, cut1, &answer, &thinking);
	think_filter_feed(&f, c->in + cut1, cut2 - cut1, &answer, &thinking);
	think_filter_feed(&f, c->in + cut2, n - cut2, &answer, &thinking);
	think_filter_finish(&f, &answer, &thinking);
	think_filter_free(&f);
	*a = sb_detach(&answer);
	*t = sb_detach(&thinking);
}

/* An answer or thinking past its ceiling is cut with the note, whichever
 * side of a tag the ceiling falls on. */
static void test_ceiling(void)
{
	struct think_filter f;
	think_filter_init(&f);
	struct strbuf answer, thinking;
	size_t note = strlen(LOCO_TEXT_CUT_NOTE), max = note + 8;
	sb_init(&answer, max);
	sb_init(&thinking, max);
	const char *text = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	                   "0123456789abcdef"; /* 80 bytes, over the ceiling of 8 + the note */
	char *in = xasprintf("<think>%s</think>%s", text, text);
	for (size_t i = 0; in[i]; i++) /* one byte per chunk, as a slow stream sends */
		think_filter_feed(&f, in + i, 1, &answer, &thinking);
	free(in);
	think_filter_finish(&f, &answer, &thinking);
	think_filter_free(&f);
	CHECK(answer.cut && answer.len == max && !memcmp(answer.buf, "01234567", 8) &&
	          !strcmp(answer.buf + 8, LOCO_TEXT_CUT_NOTE),
	      "answer cut: '%s'", answer.buf);
	CHECK(thinking.cut && thinking.len == max && !strcmp(thinking.buf + 8, LOCO_TEXT_CUT_NOTE),
	      "thinking cut: '%s'", thinking.buf);
	sb_free(&answer);
	sb_free(&thinking);
}

int main(void)
{
	test_ceiling();
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		size_t n = strlen(cases[i].in);
		int bad = 0;
		for (size_t x = 0; x <= n; x++) {
			for (size_t y = x; y <= n; y++) {
				char *a, *t;
				run(&cases[i], x, y, &a, &t);
				if (strcmp(a, cases[i].answer) || strcmp(t, cases[i].thinking)) {
					if (!bad)
						fprintf(stderr, "cut %zu/%zu: '%s' / '%s'\n", x, y,
						        a, t);
					bad++;
				}
				free(a);
				free(t);
			}
		}
		CHECK(bad == 0, "'%s': %d chunkings differ", cases[i].in, bad);
	}
	return check_done("think");
}
