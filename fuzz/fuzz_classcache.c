/* fuzz_classcache.c: libFuzzer target for the classifier model's cache
 * reader (classifier_cache_read(), classifier.h). The first byte picks:
 *   even: the rest is a model file's text; when it parses, its cache reads
 *         back as the same model (same text, the same probabilities bit for
 *         bit), and the cache cut or with one byte flipped never crashes;
 *   odd:  the rest is a cache after its magic and checksum (the file key
 *         first, then the path, ...), given this loco's magic and the right
 *         checksum, so the fuzzer reaches the fields a checksum would hide;
 *         the key expected is the one in the input and the path "m.model".
 * Invariants: a cache that reads has at least two classes, the last "base",
 * and gives finite probabilities that sum to 1 on the input itself. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bincache.h"
#include "classifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char path[] = "m.model";

static void check_predict(const struct classifier *c, const uint8_t *data, size_t size)
{
	if (c->k < 2 || strcmp(c->classes[c->k - 1], "base"))
		abort();
	double *p = calloc(c->k, sizeof *p), sum = 0;
	if (!p)
		abort();
	classifier_predict(c, (const char *)data, size, p);
	for (size_t j = 0; j < c->k; j++) {
		if (!isfinite(p[j]) || p[j] < 0 || p[j] > 1)
			abort();
		sum += p[j];
	}
	if (fabs(sum - 1) > 1e-9)
		abort();
	free(p);
}

/* bytes in a buffer aligned as a mapping is (8 bytes will do). */
static char *aligned_copy(const void *bytes, size_t len)
{
	char *b = aligned_alloc(8, (len + 8) / 8 * 8);
	if (!b)
		abort();
	memcpy(b, bytes, len);
	return b;
}

/* Reads len bytes of a cache; a cache that reads passes check_predict(). */
static void read_some(const char *bytes, size_t len, const struct file_key *k, const uint8_t *data,
                      size_t size)
{
	char *b = aligned_copy(bytes, len);
	struct classifier *c = classifier_cache_read(b, len, path, k);
	if (c)
		check_predict(c, data, size);
	classifier_free(c);
	free(b);
}

static void from_text(const uint8_t *data, size_t size)
{
	char *err = NULL;
	struct classifier *c = classifier_parse(path, (const char *)data, size, &err);
	free(err);
	if (!c)
		return;
	struct file_key k = {1, 2, size, 3, 4, 5, 6};
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING);
	classifier_cache_format(c, path, &k, &sb);
	char *b = aligned_copy(sb.buf, sb.len);
	struct classifier *back = classifier_cache_read(b, sb.len, path, &k);
	if (!back)
		abort(); /* loco's own cache must read back */
	size_t la, lb;
	char *ta = classifier_format(c, &la), *tb = classifier_format(back, &lb);
	if (la != lb || memcmp(ta, tb, la))
		abort();
	double *pa = calloc(c->k, sizeof *pa), *pb = calloc(c->k, sizeof *pb);
	if (!pa || !pb)
		abort();
	classifier_predict(c, (const char *)data, size, pa);
	classifier_predict(back, (const char *)data, size, pb);
	if (memcmp(pa, pb, c->k * sizeof *pa))
		abort();
	/* Damage where the input says: no crash, and check_predict() if read. */
	size_t at = size ? (data[size / 2] * 257u + size) % sb.len : 0;
	read_some(sb.buf, at, &k, data, size);
	sb.buf[at] ^= (char)(1u << (size % 8));
	read_some(sb.buf, sb.len, &k, data, size);
	free(pa), free(pb), free(ta), free(tb), free(b);
	classifier_free(back);
	classifier_free(c);
	sb_free(&sb);
}

/* This loco's magic: a cache's bytes up to their first NUL. */
static const char *magic(size_t *len)
{
	static char m[256];
	static size_t n;
	if (!n) {
		static const char model[] =
		    "loco-router-model\t2\nkind\tclassifier\n"
		    "data\t0000000000000000000000000000000000000000000000000000000000000000\n"
		    "registry\t0123456789abcdef\nexamples\t3\nchar_ngrams\t0\n"
		    "target_precision\t0.95\nthreshold\t0.5\nclass\ta\nclass\tbase\n"
		    "bias\t0\t0\nfeatures\t1\nf\t1\t1\t1\tx\nend\n";
		char *err = NULL;
		struct classifier *c = classifier_parse(path, model, sizeof model - 1, &err);
		struct file_key k = {0};
		struct strbuf sb;
		sb_init(&sb, STRBUF_NO_CEILING);
		if (!c)
			abort(); /* follow CLASSIFIER_FORMAT */
		classifier_cache_format(c, path, &k, &sb);
		n = strlen(sb.buf) + 1;
		if (n > sizeof m)
			abort();
		memcpy(m, sb.buf, n);
		sb_free(&sb);
		classifier_free(c);
		free(err);
	}
	*len = n;
	return m;
}

static void from_cache(const uint8_t *body, size_t size)
{
	size_t mlen;
	const char *m = magic(&mlen);
	size_t len = mlen + 8 + size;
	char *b = aligned_alloc(8, (len + 8) / 8 * 8);
	if (!b)
		abort();
	memcpy(b, m, mlen);
	if (size)
		memcpy(b + mlen + 8, body, size);
	uint64_t sum = bc_checksum(body, size);
	memcpy(b + mlen, &sum, sizeof sum);
	struct file_key k = {0};
	memcpy(&k, body, size < sizeof k ? size : sizeof k);
	struct classifier *c = classifier_cache_read(b, len, path, &k);
	if (c)
		check_predict(c, body, size);
	classifier_free(c);
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 2 == 0)
		from_text(data + 1, size - 1);
	else
		from_cache(data + 1, size - 1);
	return 0;
}
