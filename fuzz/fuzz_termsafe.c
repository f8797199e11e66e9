/* fuzz_termsafe.c: libFuzzer target for the terminal filter (termsafe.h).
 * Invariants: the output is valid UTF-8 with no control character but "\n"
 * and "\t" and no C1 control; safe input comes out unchanged; and cutting
 * the input into three pieces anywhere gives exactly what one piece gives.
 * The first two bytes choose the cut points; the rest is the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"
#include "text.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const char *text, size_t n, size_t a, size_t b, struct strbuf *out)
{
	size_t cuts[3] = {a, b, n};
	struct termsafe t;
	termsafe_init(&t);
	for (size_t i = 0, at = 0; i < 3; at = cuts[i++])
		termsafe_feed(&t, text + at, cuts[i] - at, out);
	termsafe_finish(&t, out);
}

static void check_safe(const struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)out->buf;
	if (!text_valid_utf8(out->buf, out->len))
		abort();
	for (size_t i = 0; i < out->len; i++) {
		if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f)
			abort();
		if (s[i] == 0xC2 && i + 1 < out->len && s[i + 1] <= 0x9F)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	const char *text = (const char *)data + 2;
	size_t n = size - 2;
	size_t a = n ? data[0] % (n + 1) : 0, b = n ? data[1] % (n + 1) : 0;
	if (a > b) {
		size_t t = a;
		a = b;
		b = t;
	}
	struct strbuf whole = STRBUF_INIT, cut = STRBUF_INIT;
	sb_add(&whole, "", 0);
	sb_add(&cut, "", 0);
	run(text, n, n, n, &whole);
	run(text, n, a, b, &cut);
	if (whole.len != cut.len || memcmp(whole.buf, cut.buf, whole.len))
		abort();
	check_safe(&whole);
	if (termsafe_is_safe(text, n) && (whole.len != n || memcmp(whole.buf, text, n)))
		abort();
	sb_free(&whole);
	sb_free(&cut);
	return 0;
}
