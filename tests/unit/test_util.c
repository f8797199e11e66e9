#define _GNU_SOURCE
/* test_util.c: bounded buffers, edit distance, strict number parsing, the
 * default semester and atomic writes. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "util.h"

int main(void)
{
	struct strbuf sb;
	sb_init(&sb, 8);
	CHECK(sb_adds(&sb, "12345") == 0, "fits");
	CHECK(sb_adds(&sb, "6789") < 0, "ceiling refuses");
	CHECK_STR(sb.buf, "12345", "nothing appended past the ceiling");
	CHECK(sb_adds(&sb, "678") == 0 && sb.len == 8, "exactly the ceiling");
	sb_free(&sb);

	CHECK(edit_distance("qurey", "query") == 1, "transposition is one edit");
	CHECK(edit_distance("rout", "route") == 1, "insertion");
	CHECK(edit_distance("", "abc") == 3, "empty");

	long l;
	double d;
	CHECK(parse_long("42", &l) && l == 42, "42");
	CHECK(!parse_long("42x", &l), "trailing junk");
	CHECK(!parse_long("", &l), "empty");
	CHECK(!parse_long("99999999999999999999", &l), "overflow");
	CHECK(parse_double("0.7", &d) && d == 0.7, "0.7");
	CHECK(!parse_double("nan", &d), "nan refused");
	CHECK(!parse_double("1e999", &d), "inf refused");

	char *s = config_default_semester(1767225600LL); /* 2026-01-01 */
	CHECK_STR(s, "2026-S1", "January");
	free(s);
	s = config_default_semester(1782864000LL); /* 2026-07-01 */
	CHECK_STR(s, "2026-S2", "July");
	free(s);
	s = config_default_semester(1782863999LL); /* 2026-06-30 23:59:59 */
	CHECK_STR(s, "2026-S1", "end of June");
	free(s);

	char dir[] = "/tmp/loco-util-XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	char *path = xasprintf("%s/a/b/file.txt", dir);
	char *err = NULL;
	CHECK(mkdir_parents(path, true, &err) == 0, "mkdir_parents: %s", err ? err : "");
	CHECK(write_file_atomic(path, "one", 3, &err) == 0, "write");
	chmod(path, 0600);
	CHECK(write_file_atomic(path, "two", 3, &err) == 0, "rewrite");
	char *text = NULL;
	size_t len;
	CHECK(read_file(path, 100, &text, &len, &err) == 0 && len == 3 && !strcmp(text, "two"),
	      "read back");
	free(text);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "mode kept");
	CHECK(read_file(path, 2, &text, &len, &err) < 0, "read ceiling");
	char *want = xasprintf("cannot read '%s': more than 2 bytes", path);
	CHECK_STR(err, want, "ceiling message");
	free(want);
	free(err);
	err = NULL;
	char *tmp = xasprintf("%s/a/b", dir);
	CHECK(read_file(tmp, 100, &text, &len, &err) < 0 && strstr(err, "is a directory"), "dir");
	free(err);
	free(tmp);
	unlink(path);
	free(path);
	char *sub = xasprintf("%s/a/b", dir), *mid = xasprintf("%s/a", dir);
	rmdir(sub);
	rmdir(mid);
	rmdir(dir);
	free(sub);
	free(mid);
	return check_done("util");
}
