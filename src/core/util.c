/* util.c: allocation, bounded buffers, file reads and atomic writes shared by
 * every module. Nothing here prints except the out-of-memory abort. */
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(size_t n)
{
	fprintf(stderr, "loco: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return xstrdup("(unprintable message)");
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int set_err(char **err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		free(*err);
		*err = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

void sb_init(struct strbuf *sb, size_t max)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->max = max;
	sb->cut = false;
}

static int sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->max && (extra > sb->max || sb->len > sb->max - extra))
		return -1;
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
	return 0;
}

int sb_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb_grow(sb, n) < 0)
		return -1;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

/* len without the multi-byte character that buf[0..len) ends inside of, if any. */
static size_t utf8_whole(const char *buf, size_t len)
{
	size_t i = len;
	while (i > 0 && len - i < 3 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return len;
	unsigned char lead = (unsigned char)buf[i - 1];
	size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	return len - (i - 1) < want ? i - 1 : len;
}

int sb_add_text(struct strbuf *sb, const char *text, size_t n, const char *note)
{
	if (sb->cut)
		return -1;
	if (sb_add(sb, text, n) == 0)
		return 0;
	/* Over the ceiling, so sb->max > 0: the note's room is kept under it. */
	size_t note_len = strlen(note);
	size_t room = sb->max > note_len ? sb->max - note_len : 0;
	if (sb->len > room)
		sb->len = room;
	else
		sb_add(sb, text, room - sb->len < n ? room - sb->len : n);
	sb->len = utf8_whole(sb->buf ? sb->buf : "", sb->len);
	if (sb->buf)
		sb->buf[sb->len] = '\0';
	if (note_len <= sb->max)
		sb_add(sb, note, note_len);
	sb->cut = true;
	return -1;
}

char *sb_extend(struct strbuf *sb, size_t n)
{
	if (sb_grow(sb, n) < 0)
		return NULL;
	char *p = sb->buf + sb->len;
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return p;
}

int sb_adds(struct strbuf *sb, const char *s)
{
	return sb_add(sb, s, strlen(s));
}

int sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	int rc = sb_adds(sb, s);
	free(s);
	return rc;
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->cut = false;
	if (sb->buf)
		sb->buf[0] = '\0';
}

char *sb_detach(struct strbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->cut = false;
	return s;
}

void sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->cut = false;
}

/* Appends the n bytes a read put at sb's end, within the ceiling. */
static int sb_took(struct strbuf *sb, size_t n)
{
	if (sb->max && sb->len + n > sb->max)
		return -1;
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

/* Reads fd to its end. size_hint (the size fstat gave, or 0) sizes the
 * buffer so that a regular file is read straight into it, in one read and
 * with no copy: `loco route` reads its registry and router model on every
 * run (issue 17: 2 ms). */
static int read_fd_sized(int fd, const char *label, size_t max, size_t size_hint, char **out,
                         size_t *len, char **err)
{
	struct strbuf sb;
	sb_init(&sb, max);
	sb_add(&sb, "", 0);
	if (size_hint && (!max || size_hint <= max)) {
		sb_extend(&sb, size_hint + 1); /* + 1: room for the read that finds the end */
		sb.len = 0;
		sb.buf[0] = '\0';
	}
	char chunk[65536];
	for (;;) {
		size_t room = sb.cap - sb.len - 1;
		bool direct = room >= 4096;
		ssize_t n =
		    read(fd, direct ? sb.buf + sb.len : chunk, direct ? room : sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			sb_free(&sb);
			return set_err(err, "cannot read %s: %s", label, strerror(e));
		}
		if (n == 0)
			break;
		if ((direct ? sb_took(&sb, (size_t)n) : sb_add(&sb, chunk, (size_t)n)) < 0) {
			sb_free(&sb);
			return set_err(err, "cannot read %s: more than %zu bytes", label, max);
		}
	}
	if (len)
		*len = sb.len;
	*out = sb_detach(&sb);
	return 0;
}

int read_fd(int fd, const char *label, size_t max, char **out, size_t *len, char **err)
{
	return read_fd_sized(fd, label, max, 0, out, len, err);
}

int read_file(const char *path, size_t max, char **out, size_t *len, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return set_err(err, "cannot read '%s': %s", path, strerror(errno));
	struct stat st;
	bool known = fstat(fd, &st) == 0;
	if (known && S_ISDIR(st.st_mode)) {
		close(fd);
		return set_err(err, "cannot read '%s': it is a directory", path);
	}
	size_t hint = known && S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0;
	char *label = xasprintf("'%s'", path);
	int rc = read_fd_sized(fd, label, max, hint, out, len, err);
	free(label);
	close(fd);
	return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The file a write of path lands in: path itself, or what its symlinks
 * point to (a dangling link names the file to create), so a config.yaml
 * linked to a dotfiles repository is edited there and stays a link. */
static char *write_target(const char *path)
{
	char *p = xstrdup(path);
	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		if (lstat(p, &st) < 0 || !S_ISLNK(st.st_mode))
			return p;
		char buf[PATH_MAX];
		ssize_t n = readlink(p, buf, sizeof buf - 1);
		if (n < 0)
			return p;
		buf[n] = '\0';
		char *dir = path_dirname(p), *next = path_join(dir, buf);
		free(dir);
		free(p);
		p = next;
	}
	return p; /* a loop: the write fails on it with ELOOP */
}

/* After a rename the folder holds the new name; without this fsync a crash
 * can still bring back the old file. Folders that cannot be synced (EINVAL)
 * are left as they are. */
static int sync_folder(const char *path)
{
	char *dir = path_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd) < 0 && errno != EINVAL ? -1 : 0;
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* A temporary file beside target; one left by a dead process that had our
 * pid is stale, so it is replaced. */
static int open_temp(const char *tmp, mode_t mode)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	return fd;
}

static int write_atomic(const char *path, const char *data, size_t len, bool private, char **err)
{
	char *target = write_target(path);
	char *tmp = xasprintf("%s.tmp.%ld", target, (long)getpid());
	int fd = open_temp(tmp, private ? 0600 : 0644);
	int e = fd < 0 ? errno : 0, sync_e = 0;
	if (fd >= 0) {
		/* Keep the permissions of the file being replaced; a private file
		 * is 0600 whatever it was. */
		struct stat st;
		if (private)
			(void)fchmod(fd, 0600);
		else if (stat(target, &st) == 0)
			(void)fchmod(fd, st.st_mode & 07777);
		if (write_all(fd, data, len) < 0 || fsync(fd) < 0)
			e = errno;
		if (close(fd) < 0 && !e)
			e = errno;
		if (!e && rename(tmp, target) < 0)
			e = errno;
		if (e)
			unlink(tmp);
		else if (sync_folder(target) < 0)
			sync_e = errno;
	}
	free(tmp);
	free(target);
	if (e)
		return set_err(err, "cannot write '%s': %s", path, strerror(e));
	if (sync_e)
		return set_err(err, "wrote '%s', but cannot sync its folder to disk: %s", path,
		               strerror(sync_e));
	return 0;
}

int commit_file(const char *tmp, const char *path, char **err)
{
	char *target = write_target(path);
	int fd = open(tmp, O_RDONLY | O_CLOEXEC), e = 0;
	if (fd < 0 || fsync(fd) < 0)
		e = errno;
	if (fd >= 0)
		close(fd);
	if (!e && rename(tmp, target) < 0)
		e = errno;
	if (!e && sync_folder(target) < 0)
		e = errno;
	free(target);
	if (e) {
		unlink(tmp);
		return set_err(err, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

int write_file_atomic(const char *path, const char *data, size_t len, char **err)
{
	return write_atomic(path, data, len, false, err);
}

int write_file_private(const char *path, const char *data, size_t len, char **err)
{
	return write_atomic(path, data, len, true, err);
}

static int make_folders(const char *path, bool last_is_file, mode_t mode, char **err)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	if (last_is_file) {
		char *slash = strrchr(p, '/');
		if (!slash) {
			free(p);
			return 0;
		}
		*slash = '\0';
		n = strlen(p);
	}
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			set_err(err, "cannot create folder '%s': %s", p, strerror(errno));
			free(p);
			return -1;
		}
		p[i] = c;
	}
	free(p);
	return 0;
}

int mkdir_parents(const char *path, bool last_is_file, char **err)
{
	return make_folders(path, last_is_file, 0755, err);
}

int mkdir_private(const char *path, bool last_is_file, char **err)
{
	return make_folders(path, last_is_file, 0700, err);
}

int file_lock(const char *path, char **err)
{
	char *target = write_target(path);
	char *lock = xasprintf("%s.lock", target);
	free(target);
	if (mkdir_parents(lock, true, err) < 0) {
		free(lock);
		return -1;
	}
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644), e = errno;
	if (fd < 0 && (e == EACCES || e == EROFS))
		fd = open(lock, O_RDONLY | O_CLOEXEC); /* flock needs no write access */
	if (fd < 0) {
		/* the first reason: a missing lock in a read-only folder is not ENOENT */
		set_err(err, "cannot write '%s': cannot make its lock '%s': %s", path, lock,
		        strerror(e));
		free(lock);
		return -1;
	}
	if (flock(fd, LOCK_EX) < 0) {
		e = errno;
		close(fd);
		set_err(err, "%s the lock on '%s' (%s)",
		        e == EINTR ? "interrupted while waiting for" : "cannot take", path,
		        e == EINTR ? lock : strerror(e));
		free(lock);
		return -1;
	}
	free(lock);
	return fd;
}

void file_unlock(int lock)
{
	if (lock >= 0)
		close(lock); /* closing the last descriptor releases the flock */
}

void free_string_list(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

char *path_join(const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !dir[0])
		return xstrdup(name);
	size_t n = strlen(dir);
	return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

bool loco_use_jit(void)
{
	static int use = -1;
	if (use < 0) {
		const char *v = getenv("LOCO_NO_JIT");
		use = !(v && *v && strcmp(v, "0"));
	}
	return use;
}

double monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t d[65][65];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

void suggest_init(struct suggestion *s, const char *typed)
{
	s->typed = typed;
	s->best = NULL;
	s->dist = SIZE_MAX;
}

void suggest_consider(struct suggestion *s, const char *candidate)
{
	size_t d = edit_distance(s->typed, candidate);
	if (d < s->dist) {
		s->dist = d;
		s->best = candidate;
	}
}

const char *suggest_result(const struct suggestion *s)
{
	size_t allowed = strlen(s->typed) >= 6 ? 2 : 1;
	return s->best && s->dist <= allowed ? s->best : NULL;
}

bool parse_long(const char *s, long *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool parse_double(const char *s, double *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

void text_line_col(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}
