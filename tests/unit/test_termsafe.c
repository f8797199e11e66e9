/* test_termsafe.c: control characters in untrusted text come out visible,
 * whole or cut into three pieces at every pair of points (inside escape
 * sequences, inside UTF-8 characters, between "\r" and "\n"). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "termsafe.h"
#include "util.h"

struct ts_case {
	const char *name, *in, *out;
};

static const struct ts_case cases[] = {
    {"plain text", "The answer is 42.", "The answer is 42."},
    {"empty", "", ""},
    {"newlines and tabs stay", "a\n\tb\n", "a\n\tb\n"},
    {"OSC 52 clipboard write", "x\033]52;c;SGVsbG8=\007y", "x^[]52;c;SGVsbG8=^Gy"},
    {"OSC 0 title, ST-terminated", "\033]0;TITLE\033\\", "^[]0;TITLE^[\\"},
    {"screen erase", "\033[2J\033[H", "^[[2J^[[H"},
    {"colour", "\033[31mred\033[0m", "^[[31mred^[[0m"},
    {"a lone ESC at the end", "end\033", "end^["},
    {"DCS string", "\033P+q544e\033\\", "^[P+q544e^[\\"},
    {"C1 CSI (U+009B) in UTF-8",
     "a\xc2\x9b"
     "2Jb",
     "a<U+009B>2Jb"},
    {"C1 OSC and ST",
     "\xc2\x9d"
     "0;t\xc2\x9c",
     "<U+009D>0;t<U+009C>"},
    {"NEL (U+0085)", "\xc2\x85", "<U+0085>"},
    {"U+00A0 is not C1", "\xc2\xa0", "\xc2\xa0"},
    {"a raw 8-bit CSI byte",
     "a\x9b"
     "2J",
     "a\xef\xbf\xbd"
     "2J"},
    {"backspace, bell, NUL", "a\bb\007c", "a^Hb^Gc"},
    {"DEL", "a\177b", "a^?b"},
    {"CRLF becomes LF", "one\r\ntwo\r\n", "one\ntwo\n"},
    {"a lone CR is visible", "50%\r100%", "50%^M100%"},
    {"CR at the end", "done\r", "done^M"},
    {"CR CR LF", "a\r\r\nb", "a^M\nb"},
    {"the review's stream", "x\r\bnul", "x^M^Hnul"},
    {"UTF-8 passes", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
     "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
    {"a cut character at the end", "ok \xe2\x82", "ok \xef\xbf\xbd"},
    {"a bad continuation", "\xe2\x82x", "\xef\xbf\xbdx"},
    {"an overlong form", "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},
    {"a surrogate", "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    {"past U+10FFFF", "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    {"a lead byte then ESC", "\xe2\033[2J", "\xef\xbf\xbd^[[2J"},
    {"CR then a character", "\r\xc3\xa9", "^M\xc3\xa9"},
};

static char *run(const char *in, size_t n, size_t cut1, size_t cut2)
{
	struct termsafe t;
	struct strbuf out = STRBUF_INIT;
	sb_add(&out, "", 0);
	termsafe_init(&t);
	termsafe_feed(&t, in, cut1, &out);
	termsafe_feed(&t, in + cut1, cut2 - cut1, &out);
	termsafe_feed(&t, in + cut2, n - cut2, &out);
	termsafe_finish(&t, &out);
	return sb_detach(&out);
}

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct ts_case *c = &cases[i];
		size_t n = strlen(c->in);
		char *whole = termsafe_text(c->in, n);
		CHECK_STR(whole, c->out, c->name);
		CHECK(termsafe_is_safe(c->in, n) == !strcmp(c->in, c->out), "%s: is_safe", c->name);
		CHECK(termsafe_is_safe(whole, strlen(whole)), "%s: the output is safe", c->name);
		free(whole);
		for (size_t a = 0; a <= n; a++)
			for (size_t b = a; b <= n; b++) {
				char *got = run(c->in, n, a, b);
				CHECK(!strcmp(got, c->out), "%s cut at %zu,%zu: got '%s'", c->name,
				      a, b, got);
				free(got);
			}
	}
}

static void test_nul(void)
{
	char *got = termsafe_text("x\0y", 3);
	CHECK_STR(got, "x^@y", "NUL in the middle");
	free(got);
	CHECK(!termsafe_is_safe("x\0y", 3), "NUL is not safe");
}

/* Every byte value alone: the output is printable, "\n", "\t" or UTF-8. */
static void test_every_byte(void)
{
	for (int c = 0; c < 256; c++) {
		char in = (char)c;
		char *got = termsafe_text(&in, 1);
		bool ok = termsafe_is_safe(got, strlen(got)) && strlen(got) > 0;
		CHECK(ok, "byte 0x%02x gave '%s'", c, got);
		free(got);
	}
}

static void test_pool(void)
{
	struct termsafe_pool p;
	const char *plain = "math";
	termsafe_pool_init(&p, true);
	CHECK(termsafe_str(&p, plain) == plain, "a safe string is not copied");
	CHECK(termsafe_str(&p, NULL) == NULL, "NULL stays NULL");
	const char *v = termsafe_str(&p, "ships\033]0;T\007");
	CHECK_STR(v, "ships^[]0;T^G", "a verdict");
	CHECK(p.n == 1, "one copy kept, not %zu", p.n);
	termsafe_pool_free(&p);
	termsafe_pool_init(&p, false);
	const char *raw = "a\033b";
	CHECK(termsafe_str(&p, raw) == raw, "off: returned as it is");
	termsafe_pool_free(&p);
}

int main(void)
{
	test_cases();
	test_nul();
	test_every_byte();
	test_pool();
	return check_done("termsafe");
}
