#define _GNU_SOURCE
/* test_bincache.c: the helpers of the compiled caches (bincache.h): the
 * checksum is libxxhash's XXH3_64bits, the cursor never reads past its end, and the files
 * helpers map, name and write as they say. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bincache.h"
#include "check.h"
#include "util.h"

/* Reference values from the xxHash library itself, by its shared library
 * (Debian's libxxhash0 0.8.1, XXH3_64bits) rather than the header this code
 * compiles in:
 *   python3 -c 'import ctypes; l = ctypes.CDLL("libxxhash.so.0");
 *     l.XXH3_64bits.restype = ctypes.c_uint64;
 *     l.XXH3_64bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t];
 *     s = bytes(range(256)) * 3 + b"xyz"; print(hex(l.XXH3_64bits(s, len(s))))'
 * The lengths cover each of XXH3's paths: 0, 1 to 3, 4 to 8, 9 to 16, 17 to
 * 128, 129 to 240 and the long one. */
static void test_checksum(void)
{
	unsigned char seq[200], big[771];
	for (size_t i = 0; i < sizeof seq; i++)
		seq[i] = (unsigned char)i;
	for (size_t i = 0; i < 768; i++)
		big[i] = (unsigned char)(i % 256);
	memcpy(big + 768, "xyz", 3);
	const struct {
		const void *data;
		size_t len;
		uint64_t want;
	} cases[] = {
	    {"", 0, 0x2d06800538d394c2ull},
	    {"a", 1, 0xe6c632b61e964e1full},
	    {"abc", 3, 0x78af5f94892f3950ull},
	    {"loco", 4, 0xafebfcd0ed4052f7ull},
	    {"0123456789abcdef", 16, 0x64439946d8fa212dull},
	    {seq, 40, 0xcdb099831361923cull},
	    {seq, 200, 0xf42a8864feaf0703ull},
	    {big, 771, 0x563f73f11bf4c990ull},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		uint64_t got = bc_checksum(cases[i].data, cases[i].len);
		CHECK(got == cases[i].want, "XXH3_64bits of %zu bytes: %016llx, want %016llx",
		      cases[i].len, (unsigned long long)got, (unsigned long long)cases[i].want);
	}
}

static void test_cursor(void)
{
	struct strbuf sb = STRBUF_INIT;
	bc_put_u32(&sb, 7);
	bc_put_str(&sb, "hi");
	bc_put_str(&sb, NULL);
	bc_pad(&sb, 8);
	CHECK(sb.len == 16, "padded to %zu bytes, want 16", sb.len);
	bc_put_f64(&sb, 2.5);
	bc_put_u64(&sb, 1ull << 40);
	bc_put_u32(&sb, 1000); /* a count larger than what is left */
	/* An 8-byte aligned copy, as a mapping is. */
	uint64_t *buf = xcalloc(sb.len / 8 + 1, 8);
	memcpy(buf, sb.buf, sb.len);
	struct bc_cursor c;
	bc_cursor_init(&c, buf, sb.len);
	CHECK(bc_get_u32(&c) == 7, "u32");
	char *s = bc_get_str(&c);
	CHECK_STR(s, "hi", "string");
	free(s);
	CHECK(bc_get_str(&c) == NULL && !c.bad, "BC_NO_STRING is NULL and not damage");
	bc_skip_pad(&c, 8);
	const double *d = bc_get_array(&c, 1, sizeof(double));
	CHECK(d && *d == 2.5 && !c.bad, "an aligned array in place");
	CHECK(bc_get_u64(&c) == 1ull << 40, "u64");
	CHECK(bc_get_count(&c) == 0 && c.bad, "a count past the end is damage");
	CHECK(bc_get_u32(&c) == 0 && bc_get_str(&c) == NULL, "after damage, only zeros");

	bc_cursor_init(&c, buf, sb.len);
	c.p += 1;
	CHECK(bc_get_array(&c, 1, sizeof(double)) == NULL && c.bad, "a misaligned array");
	bc_cursor_init(&c, buf, sb.len);
	CHECK(bc_get_array(&c, SIZE_MAX / 4, 8) == NULL && c.bad, "n * size overflowing");
	bc_cursor_init(&c, buf, 3);
	CHECK(bc_get_u32(&c) == 0 && c.bad, "a u32 in 3 bytes");
	bc_cursor_init(&c, buf, 9); /* "hi" cut to one byte */
	bc_get_u32(&c);
	CHECK(bc_get_str(&c) == NULL && c.bad, "a string cut short");
	free(buf);
	sb_free(&sb);
}

static void test_files(void)
{
	char *dir = check_tmpdir("bincache");
	if (!dir)
		return;
	char *sub = path_join(dir, "a/b"), *name = bc_file_name(sub, "/some/file");
	CHECK(!strncmp(name, sub, strlen(sub)) && strlen(name) == strlen(sub) + 21, "name '%s'",
	      name);
	CHECK(bc_write(name, "data", 4) == 0, "writing makes the folders");
	struct bc_map m;
	CHECK(bc_map_file(name, 1024, &m) == 0 && m.len == 4 && !memcmp(m.data, "data", 4),
	      "mapped");
	bc_unmap(&m);
	CHECK(m.len == 0 && m.data == NULL, "unmapped");
	CHECK(bc_map_file(name, 3, &m) < 0 && m.len == 0, "bigger than max");
	CHECK(bc_map_file(sub, 1024, &m) < 0, "a folder");
	char *missing = path_join(dir, "none");
	CHECK(bc_map_file(missing, 1024, &m) < 0, "missing");
	struct file_key k1, k2;
	CHECK(file_key_of(missing, &k1) < 0, "no key for a missing file");
	CHECK(file_key_of(name, &k1) == 0 && k1.size == 4, "key");
	CHECK(bc_write(name, "", 0) == 0 && bc_map_file(name, 1024, &m) < 0, "empty");
	CHECK(file_key_of(name, &k2) == 0 && memcmp(&k1, &k2, sizeof k1), "rewritten, new key");
	unlink(name);
	char *a = path_join(dir, "a");
	rmdir(sub);
	rmdir(a);
	rmdir(dir);
	free(a);
	free(missing);
	free(name);
	free(sub);
	free(dir);
}

int main(void)
{
	test_checksum();
	test_cursor();
	test_files();
	return check_done("bincache");
}
