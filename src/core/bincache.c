/* bincache.c: helpers of loco's compiled caches (see bincache.h). */
#define _GNU_SOURCE
#include "bincache.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* xxHash from Debian's libxxhash-dev, compiled in from its header (its
 * documented XXH_INLINE_ALL mode), so no library is loaded at start-up. */
#define XXH_INLINE_ALL
#include <xxhash.h>

static void key_of_stat(const struct stat *s, struct file_key *k)
{
	const struct stat st = *s;
	memset(k, 0, sizeof *k);
	k->dev = (uint64_t)st.st_dev;
	k->ino = (uint64_t)st.st_ino;
	k->size = (uint64_t)st.st_size;
	k->mtime_s = st.st_mtim.tv_sec;
	k->mtime_ns = st.st_mtim.tv_nsec;
	k->ctime_s = st.st_ctim.tv_sec;
	k->ctime_ns = st.st_ctim.tv_nsec;
}

int file_key_of(const char *path, struct file_key *k)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	key_of_stat(&st, k);
	return 0;
}

int file_key_of_fd(int fd, struct file_key *k)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -1;
	key_of_stat(&st, k);
	return 0;
}

/* ---- writing ----------------------------------------------------------- */

void bc_put_u32(struct strbuf *sb, uint32_t v)
{
	sb_add(sb, &v, sizeof v);
}

void bc_put_u64(struct strbuf *sb, uint64_t v)
{
	sb_add(sb, &v, sizeof v);
}

void bc_put_f64(struct strbuf *sb, double v)
{
	sb_add(sb, &v, sizeof v);
}

void bc_put_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		bc_put_u32(sb, BC_NO_STRING);
		return;
	}
	uint32_t n = (uint32_t)strlen(s);
	bc_put_u32(sb, n);
	sb_add(sb, s, n);
}

void bc_pad(struct strbuf *sb, size_t align)
{
	static const char zeros[64];
	size_t n = (align - sb->len % align) % align;
	sb_add(sb, zeros, n);
}

/* ---- reading ----------------------------------------------------------- */

void bc_cursor_init(struct bc_cursor *c, const void *data, size_t len)
{
	c->start = c->p = data;
	c->end = c->p + len;
	c->bad = false;
}

static bool have(struct bc_cursor *c, size_t n)
{
	if (c->bad || (size_t)(c->end - c->p) < n)
		c->bad = true;
	return !c->bad;
}

/* The next n bytes into out, or zeros (and bad) when they are not there. */
static void take(struct bc_cursor *c, void *out, size_t n)
{
	if (have(c, n)) {
		memcpy(out, c->p, n);
		c->p += n;
	}
}

uint32_t bc_get_u32(struct bc_cursor *c)
{
	uint32_t v = 0;
	take(c, &v, sizeof v);
	return v;
}

uint64_t bc_get_u64(struct bc_cursor *c)
{
	uint64_t v = 0;
	take(c, &v, sizeof v);
	return v;
}

double bc_get_f64(struct bc_cursor *c)
{
	double v = 0;
	take(c, &v, sizeof v);
	return v;
}

char *bc_get_str(struct bc_cursor *c)
{
	uint32_t n = bc_get_u32(c);
	if (c->bad || n == BC_NO_STRING || !have(c, n))
		return NULL;
	char *s = xstrndup(c->p, n);
	c->p += n;
	return s;
}

size_t bc_get_count(struct bc_cursor *c)
{
	uint32_t n = bc_get_u32(c);
	if (n > (size_t)(c->end - c->p))
		c->bad = true;
	return c->bad ? 0 : n;
}

void bc_skip_pad(struct bc_cursor *c, size_t align)
{
	size_t n = (align - (size_t)(c->p - c->start) % align) % align;
	if (have(c, n))
		c->p += n;
}

const void *bc_get_array(struct bc_cursor *c, size_t n, size_t size)
{
	if (c->bad || (size && n > (size_t)(c->end - c->p) / size) ||
	    ((uintptr_t)c->p & (size - 1))) {
		c->bad = true;
		return NULL;
	}
	const void *a = c->p;
	c->p += n * size;
	return a;
}

/* ---- the checksum ------------------------------------------------------ */

uint64_t bc_checksum(const void *data, size_t len)
{
	return XXH3_64bits(data, len);
}

/* ---- files --------------------------------------------------------------- */

int bc_map_fd(int fd, size_t max, struct bc_map *m)
{
	m->data = NULL;
	m->len = 0;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > max)
		return -1;
	/* Populated: the readers read every byte anyway, and one fault that
	 * maps them all is cheaper than one a page. */
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	m->data = p;
	m->len = (size_t)st.st_size;
	return 0;
}

int bc_map_file(const char *path, size_t max, struct bc_map *m)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		m->data = NULL;
		m->len = 0;
		return -1;
	}
	int rc = bc_map_fd(fd, max, m);
	close(fd);
	return rc;
}

void bc_unmap(struct bc_map *m)
{
	if (m->len)
		munmap(m->data, m->len);
	m->data = NULL;
	m->len = 0;
}

char *bc_file_name(const char *cache_dir, const char *key)
{
	/* FNV-1a of the key names the file; the reader checks the key inside. */
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return xasprintf("%s/%016llx.bin", cache_dir, (unsigned long long)h);
}

int bc_write(const char *path, const char *data, size_t len)
{
	if (mkdir_parents(path, true, NULL) < 0)
		return -1;
	return write_file_atomic(path, data, len, NULL);
}
