#define _GNU_SOURCE
/* test_util.c: bounded buffers, edit distance, strict number parsing, the
 * default semester, atomic and private writes (through symlinks) and the
 * edit lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "util.h"

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;
	if (read_file(path, 1000, &text, &len, NULL) < 0)
		return NULL;
	return text;
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 ? st.st_mode : 0;
}

/* sb_add_text: a text past its ceiling is cut at a character boundary,
 * ends with the note, never passes the ceiling, and takes nothing more. */
static const struct text_case {
	size_t max;
	const char *pieces[4];
	const char *want;
	bool cut;
} text_cases[] = {
    /* the note's 5 bytes stay free under a ceiling of 16: the text keeps 11 */
    {16, {"abc", "def"}, "abcdef", false},
    {16, {"abcdefghijklmn", "o", "p"}, "abcdefghijklmnop", false}, /* exactly the ceiling */
    {16, {"abcdefghijklmn", "opq"}, "abcdefghijk[cut]", true},
    {16, {"abcdefghijklm", "nopq", "r"}, "abcdefghijk[cut]", true}, /* later pieces dropped */
    {16, {"abcdefghijklmnop", "q"}, "abcdefghijk[cut]", true},      /* a full buffer too */
    {16, {"abcdefghij", "\xc3\xa9\xc3\xa9", "xyz"}, "abcdefghij[cut]", true}, /* not half an e */
    {16, {"abcdefghi", "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"}, "abcdefghi[cut]", true},
    {16, {"abcdefghij\xe2", "\x82\xac", "xyzw"}, "abcdefghij[cut]", true}, /* split euro */
    {4, {"abcdef"}, "", true}, /* the note does not fit: the text is only cut */
    {0, {"abcdefghijklmnopqrstuvwxyz"}, "abcdefghijklmnopqrstuvwxyz", false},
};

static void test_add_text(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(text_cases); i++) {
		const struct text_case *c = &text_cases[i];
		struct strbuf sb;
		sb_init(&sb, c->max);
		for (size_t k = 0; k < 4 && c->pieces[k]; k++)
			sb_add_text(&sb, c->pieces[k], strlen(c->pieces[k]), "[cut]");
		CHECK(sb.len == strlen(c->want) && !memcmp(sb.buf ? sb.buf : "", c->want, sb.len),
		      "case %zu: got '%s', want '%s'", i, sb.buf ? sb.buf : "", c->want);
		CHECK(!c->max || sb.len <= c->max, "case %zu: %zu bytes over %zu", i, sb.len,
		      c->max);
		CHECK(sb.cut == c->cut, "case %zu: cut %d", i, sb.cut);
		sb_free(&sb);
	}
	struct strbuf sb;
	sb_init(&sb, 8);
	sb_add_text(&sb, "123456789", 9, "!");
	sb_reset(&sb);
	CHECK(!sb.cut && sb_add_text(&sb, "1234", 4, "!") == 0, "a reset buffer takes text again");
	sb_free(&sb);
}

/* config.yaml -> dotfiles/loco.yaml: the target is replaced, the link stays. */
static void test_symlinks(const char *dir)
{
	char *real = xasprintf("%s/dotfiles/loco.yaml", dir),
	     *link = xasprintf("%s/link.yaml", dir);
	char *chain = xasprintf("%s/chain.yaml", dir),
	     *dangling = xasprintf("%s/dangling.yaml", dir);
	char *made = xasprintf("%s/dotfiles/new.yaml", dir), *err = NULL;
	CHECK(mkdir_parents(real, true, &err) == 0, "folders");
	CHECK(write_file_atomic(real, "jobs: 3\n", 8, &err) == 0, "the dotfile");
	CHECK(symlink("dotfiles/loco.yaml", link) == 0, "a relative link");
	CHECK(symlink(link, chain) == 0, "a link to the link");
	CHECK(write_file_atomic(link, "jobs: 5\n", 8, &err) == 0, "write through: %s",
	      err ? err : "");
	CHECK(S_ISLNK(mode_of(link)), "the link is still a link");
	char *got = slurp(real);
	CHECK_STR(got, "jobs: 5\n", "the target holds the new text");
	free(got);
	CHECK(write_file_atomic(chain, "jobs: 7\n", 8, &err) == 0, "through two links");
	CHECK(S_ISLNK(mode_of(chain)) && S_ISLNK(mode_of(link)), "both links stay");
	got = slurp(real);
	CHECK_STR(got, "jobs: 7\n", "two links deep");
	free(got);
	CHECK(symlink("dotfiles/new.yaml", dangling) == 0, "a dangling link");
	CHECK(write_file_atomic(dangling, "x\n", 2, &err) == 0, "creates the target");
	got = slurp(made);
	CHECK(S_ISLNK(mode_of(dangling)) && got && !strcmp(got, "x\n"), "dangling link filled");
	free(got);
	unlink(link);
	unlink(chain);
	unlink(dangling);
	unlink(made);
	unlink(real);
	char *dd = xasprintf("%s/dotfiles", dir);
	rmdir(dd);
	free(dd);
	free(real);
	free(link);
	free(chain);
	free(dangling);
	free(made);
}

static void test_private(const char *dir)
{
	char *err = NULL, *file = xasprintf("%s/p/q/answer.json", dir);
	mode_t old = umask(0);
	CHECK(mkdir_private(file, true, &err) == 0, "mkdir_private");
	char *p = xasprintf("%s/p", dir), *q = xasprintf("%s/p/q", dir);
	CHECK((mode_of(p) & 0777) == 0700 && (mode_of(q) & 0777) == 0700, "folders are 0700");
	CHECK(write_file_atomic(file, "{}", 2, &err) == 0, "a shared write first");
	CHECK((mode_of(file) & 0777) == 0644, "0644 with umask 0, not %o", mode_of(file) & 0777);
	CHECK(write_file_private(file, "{}", 2, &err) == 0, "private rewrite");
	CHECK((mode_of(file) & 0777) == 0600, "0600 even over a 0644 file");
	umask(old);
	/* a temporary file left by a dead process with our pid is stale */
	char *stale = xasprintf("%s.tmp.%ld", file, (long)getpid());
	int fd = open(stale, O_WRONLY | O_CREAT, 0600);
	close(fd);
	CHECK(write_file_private(file, "{\"a\":1}", 7, &err) == 0, "a stale temp file: %s",
	      err ? err : "");
	CHECK(access(stale, F_OK) < 0, "the stale temp file is gone");
	unlink(file);
	rmdir(q);
	rmdir(p);
	free(stale);
	free(file);
	free(p);
	free(q);
}

/* While one process holds the lock, another cannot take it. */
static void test_lock(const char *dir)
{
	char *file = xasprintf("%s/locked/config.yaml", dir), *err = NULL;
	char *lockpath = xasprintf("%s.lock", file);
	int lock = file_lock(file, &err);
	CHECK(lock >= 0, "file_lock: %s", err ? err : "");
	CHECK(access(lockpath, F_OK) == 0, "the lock file is beside the file");
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(lockpath, O_RDONLY);
		int rc = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK ? 0 : 1;
		free(file); /* the child's copies, so Valgrind's leak check passes it */
		free(lockpath);
		_exit(rc);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "another process is kept out");
	file_unlock(lock);
	pid = fork();
	if (pid == 0) {
		int fd = open(lockpath, O_RDONLY);
		int rc = flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1;
		free(file);
		free(lockpath);
		_exit(rc);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "released: another may take it");
	unlink(lockpath);
	char *d = path_dirname(file);
	rmdir(d);
	free(d);
	free(file);
	free(lockpath);
}

int main(void)
{
	test_add_text();
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

	/* static: test_lock's children _exit while it is held, and Valgrind must
	 * still find the pointer then (a register or stack slot may be gone). */
	static char *dir;
	dir = check_tmpdir("util");
	CHECK(dir != NULL, "mkdtemp");
	if (!dir)
		return check_done("util");
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
	test_symlinks(dir);
	test_private(dir);
	test_lock(dir);
	CHECK(rmdir(dir) == 0, "nothing left behind");
	free(dir);
	free(sub);
	free(mid);
	return check_done("util");
}
