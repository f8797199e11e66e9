/* bincache.h: what loco's compiled caches of text files share (the
 * registry's, src/store/regcache.c; the classifier model's,
 * src/route/classifier.c): the key saying whether the source file changed,
 * native-endian fields written to a strbuf and read back by a cursor that
 * never reads past its end, a checksum, a read-only mapping of a cache file,
 * and writing one atomically. A cache is only a speed-up: whoever reads one
 * falls back to the source on any doubt. */
#ifndef LOCO_BINCACHE_H
#define LOCO_BINCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define BC_NO_STRING UINT32_MAX

/* The fields of a source file that decide whether its cache is current:
 * device, inode, size, mtime and ctime to the nanosecond. */
struct file_key {
	uint64_t dev, ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
};

int file_key_of(const char *path, struct file_key *k);
int file_key_of_fd(int fd, struct file_key *k);

/* ---- writing (to a strbuf) ---- */
void bc_put_u32(struct strbuf *sb, uint32_t v);
void bc_put_u64(struct strbuf *sb, uint64_t v);
void bc_put_f64(struct strbuf *sb, double v);
/* A length, then the bytes; NULL as BC_NO_STRING. */
void bc_put_str(struct strbuf *sb, const char *s);
/* Zero bytes up to a multiple of align (a power of two). */
void bc_pad(struct strbuf *sb, size_t align);

/* ---- reading: any short read sets bad, and every later read gives 0 ---- */
struct bc_cursor {
	const char *start, *p, *end;
	bool bad;
};

void bc_cursor_init(struct bc_cursor *c, const void *data, size_t len);
uint32_t bc_get_u32(struct bc_cursor *c);
uint64_t bc_get_u64(struct bc_cursor *c);
double bc_get_f64(struct bc_cursor *c);
/* A copy (caller frees), or NULL for BC_NO_STRING or a bad read. */
char *bc_get_str(struct bc_cursor *c);
/* A count no larger than the bytes left, so a damaged file cannot make the
 * reader allocate more than it holds. */
size_t bc_get_count(struct bc_cursor *c);
/* Skips the padding bc_pad() wrote (align: a power of two); the data must
 * start at an address aligned as much. */
void bc_skip_pad(struct bc_cursor *c, size_t align);
/* n items of size bytes in place, at an address aligned to size (a power of
 * two), or NULL (bad) when they are not all there. */
const void *bc_get_array(struct bc_cursor *c, size_t n, size_t size);

/* XXH3_64bits of libxxhash (seed 0): fast enough to check a whole cache on
 * every read. */
uint64_t bc_checksum(const void *data, size_t len);

/* A file mapped read-only and private; len 0 when it could not be. */
struct bc_map {
	void *data;
	size_t len;
};

/* Maps a regular file of 1 to max bytes; -1 when missing, empty, bigger or
 * unreadable. */
int bc_map_file(const char *path, size_t max, struct bc_map *m);
/* The same for an open file (left open). */
int bc_map_fd(int fd, size_t max, struct bc_map *m);
void bc_unmap(struct bc_map *m);

/* cache_dir/<FNV-1a 64 of key, in hex>.bin (caller frees). */
char *bc_file_name(const char *cache_dir, const char *key);
/* Writes data to path (tmp + rename), making its folder; 0 or -1. */
int bc_write(const char *path, const char *data, size_t len);

#endif
