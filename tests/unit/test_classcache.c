#define _GNU_SOURCE
/* test_classcache.c: the classifier model's compiled cache
 * (classifier_load_cached(), classifier_cache_read()): it gives exactly the
 * model the text gives, follows every rewrite of the text, and any damage
 * to it, cut, flipped or forged with a right checksum, is refused, never
 * read, so the text model decides and the cache is written anew. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bincache.h"
#include "check.h"
#include "classifier.h"
#include "util.h"

static char *dir, *model, *cache; /* the folder, its model file, the cache folder */

static const char *const classes[] = {"math", "code", "base"};
static const struct {
	const char *text;
	int label;
} train_set[] = {
    {"solve 3*4 quickly", 0},          {"what is 12 / 5", 0},       {"how many apples", 0},
    {"def f(x): return x; fix it", 1}, {"fix my python loop", 1},   {"my loop {never} ends", 1},
    {"hello there friend", 2},         {"what is a good movie", 2},
};

/* A trained model with every header field set, as text. */
static char *model_text(double threshold, size_t *len)
{
	struct classifier_example ex[LOCO_ARRAY_LEN(train_set)];
	for (size_t i = 0; i < LOCO_ARRAY_LEN(train_set); i++)
		ex[i] = (struct classifier_example){train_set[i].text, strlen(train_set[i].text),
		                                    train_set[i].label};
	struct classifier_params p = {0.1, 200, 1, 3, 1e-6};
	char *err = NULL;
	struct classifier *c = classifier_train(classes, 3, ex, LOCO_ARRAY_LEN(ex), &p, &err);
	CHECK(c != NULL, "train: %s", err ? err : "");
	free(err);
	if (!c)
		exit(1);
	memset(c->data_sha256, 'a', 64);
	memset(c->registry_hash, 'b', 16);
	c->threshold = threshold;
	c->target_precision = 0.95;
	c->sources = xcalloc(1, sizeof *c->sources);
	c->sources[0] = (struct classifier_source){"", 12, -34, xstrdup("/d/ex.jsonl")};
	memset(c->sources[0].sha256, 'c', 64);
	c->n_sources = 1;
	c->measures = xcalloc(1, sizeof *c->measures);
	c->measures[0] = (struct classifier_measure){xstrdup("cv5"), xstrdup("keyword"), 3, 8};
	c->n_measures = 1;
	char *text = classifier_format(c, len);
	classifier_free(c);
	return text;
}

static char *text_of(const struct classifier *c, size_t *len)
{
	return c ? classifier_format(c, len) : xstrdup("(none)");
}

/* Whether a and b give the same text and the same probabilities, bit for bit. */
static bool same_model(const struct classifier *a, const struct classifier *b)
{
	size_t la, lb;
	char *ta = text_of(a, &la), *tb = text_of(b, &lb);
	bool same = a && b && la == lb && !memcmp(ta, tb, la);
	free(ta);
	free(tb);
	const char *q[] = {"fix my loop", "how many 3*4", "hello", "zzz"};
	for (size_t i = 0; same && i < LOCO_ARRAY_LEN(q); i++) {
		double pa[3], pb[3];
		classifier_predict(a, q[i], strlen(q[i]), pa);
		classifier_predict(b, q[i], strlen(q[i]), pb);
		same = !memcmp(pa, pb, sizeof pa);
	}
	return same;
}

static struct classifier *load(char **err)
{
	return classifier_load_cached(model, cache, err);
}

static void test_round_trip(void)
{
	size_t len;
	char *text = model_text(0.5, &len), *err = NULL;
	CHECK(write_file_atomic(model, text, len, NULL) == 0, "write the model");
	struct classifier *parsed = classifier_parse(model, text, len, &err);
	struct classifier *first = load(&err), *second = load(&err);
	CHECK(first && !first->view, "the first load reads the text: %s", err ? err : "");
	CHECK(second && second->view && second->map.len > 0, "the second one maps the cache");
	CHECK(same_model(parsed, first) && same_model(parsed, second),
	      "the cache gives another model");
	if (second)
		CHECK(second->n_sources == 1 && second->sources[0].mtime_ns == -34 &&
		          !strcmp(second->sources[0].path, "/d/ex.jsonl") &&
		          second->n_measures == 1 && second->measures[0].right == 3 &&
		          second->char_ngrams == 3 && second->threshold == 0.5 &&
		          !strcmp(second->classes[2], "base"),
		      "the header from the cache");
	classifier_free(second);
	classifier_free(first);

	/* A retrained model (tmp + rename, a new inode): the cache follows. */
	free(text);
	text = model_text(0.25, &len);
	CHECK(write_file_atomic(model, text, len, NULL) == 0, "rewrite the model");
	first = load(&err);
	second = load(&err);
	CHECK(first && !first->view && first->threshold == 0.25, "a new model rebuilds the cache");
	CHECK(second && second->view && second->threshold == 0.25, "and the new cache is used");
	classifier_free(first);
	classifier_free(second);
	classifier_free(parsed);
	free(text);
	free(err);
}

static char *cache_file(void)
{
	return bc_file_name(cache, model);
}

/* The cache file cut or damaged on disk: the text decides, the cache is
 * written anew. */
static void test_damaged_file(void)
{
	char *cf = cache_file(), *bytes = NULL, *err = NULL;
	size_t len = 0;
	struct classifier *good = load(&err);
	CHECK(good && good->view, "a cache to damage");
	CHECK(read_file(cf, 1 << 24, &bytes, &len, NULL) == 0, "read the cache");
	const size_t cuts[] = {0, 1, len / 2, len - 1};
	for (size_t i = 0; i <= LOCO_ARRAY_LEN(cuts); i++) {
		if (i < LOCO_ARRAY_LEN(cuts)) {
			CHECK(write_file_atomic(cf, bytes, cuts[i], NULL) == 0, "cut");
		} else { /* a flipped byte among the weights */
			bytes[len - 200] ^= 0x10;
			CHECK(write_file_atomic(cf, bytes, len, NULL) == 0, "flip");
		}
		struct classifier *c = load(&err), *again = load(&err);
		CHECK(c && !c->view && same_model(good, c), "damage %zu: not the text's model", i);
		CHECK(again && again->view && same_model(good, again),
		      "damage %zu: the cache is not written anew", i);
		classifier_free(c);
		classifier_free(again);
	}
	/* A cache that cannot be written (its folder is a file) only costs speed. */
	char *saved = cache;
	cache = xasprintf("%s/notafolder", dir);
	CHECK(write_file_atomic(cache, "x", 1, NULL) == 0, "a file in the way");
	struct classifier *c = load(&err);
	CHECK(c && !c->view && same_model(good, c), "no cache folder: %s", err ? err : "");
	classifier_free(c);
	unlink(cache);
	free(cache);
	cache = saved;
	classifier_free(good);
	free(bytes);
	free(cf);
	free(err);
}

/* The cache's bytes for c in an 8-byte aligned buffer, and the key of the
 * model file. */
static char *cache_bytes(const struct classifier *c, struct file_key *k, size_t *len)
{
	CHECK(file_key_of(model, k) == 0, "key");
	struct strbuf sb = STRBUF_INIT;
	classifier_cache_format(c, model, k, &sb);
	char *buf = xcalloc(sb.len / 8 + 2, 8);
	memcpy(buf, sb.buf, sb.len);
	*len = sb.len;
	sb_free(&sb);
	return buf;
}

/* What a forger would do: the right checksum over damaged bytes. */
static void fix_checksum(char *buf, size_t len)
{
	size_t head = strlen(buf) + 1 + 8;
	uint64_t sum = bc_checksum(buf + head, len - head);
	memcpy(buf + head - 8, &sum, 8);
}

static void read_fails(const struct classifier *c, const char *what)
{
	struct file_key k;
	size_t len;
	char *buf = cache_bytes(c, &k, &len);
	fix_checksum(buf, len);
	struct classifier *got = classifier_cache_read(buf, len, model, &k);
	CHECK(!got, "%s: read", what);
	classifier_free(got);
	free(buf);
}

/* Models no model file can hold, written with a right checksum: refused. */
static void test_forged(void)
{
	char *err = NULL;
	struct classifier *c = classifier_load(model, &err);
	CHECK(c != NULL, "load: %s", err ? err : "");
	if (!c)
		return;
#define FORGE(field, bad, what)                                                                    \
	do {                                                                                       \
		__typeof__(field) keep = (field);                                                  \
		(field) = (bad);                                                                   \
		read_fails(c, what);                                                               \
		(field) = keep;                                                                    \
	} while (0);
	FORGE(c->w[4], NAN, "a NaN weight")
	FORGE(c->w[c->nf * c->k - 1], INFINITY, "an infinite weight")
	FORGE(c->idf[0], 2e6, "an idf past what a model file holds")
	FORGE(c->bias[0], -2e6, "a bias past what a model file holds")
	FORGE(c->threshold, 1.5, "a threshold over 1")
	FORGE(c->target_precision, NAN, "a NaN target precision")
	FORGE(c->char_ngrams, 1, "1-grams")
	FORGE(c->n_examples, 0, "no examples")
	FORGE(c->feat_off[1], c->feat_off[2], "features out of order")
	FORGE(c->feat_off[0], 1, "the first feature not at 0")
	FORGE(c->feat_off[c->nf - 1], c->feat_off[c->nf - 1] + 1, "a feature not after a NUL")
	FORGE(c->measures[0].right, 9, "right > total")
#undef FORGE
	char *base = c->classes[2];
	c->classes[2] = (char *)"bass";
	read_fails(c, "the last class not base");
	c->classes[2] = base;
	c->k = 1;
	read_fails(c, "one class");
	c->k = 3;
	c->data_sha256[3] = 0;
	read_fails(c, "a short data hash");
	c->data_sha256[3] = 'a';

	/* The same bytes as a good cache, read as what they are not. */
	struct file_key k, other;
	size_t len;
	char *buf = cache_bytes(c, &k, &len);
	struct classifier *got = classifier_cache_read(buf, len, model, &k);
	CHECK(got && same_model(c, got), "the good cache");
	classifier_free(got);
	other = k;
	other.ino++;
	CHECK(!classifier_cache_read(buf, len, model, &other), "another file's key");
	other = k;
	other.ctime_ns++;
	CHECK(!classifier_cache_read(buf, len, model, &other), "a changed ctime");
	CHECK(!classifier_cache_read(buf, len, "/elsewhere.model", &k), "another path");
	CHECK(!classifier_cache_read(buf + 8, len - 8, model, &k), "shifted");
	memmove(buf + 1, buf, len);
	CHECK(!classifier_cache_read(buf + 1, len, model, &k), "misaligned");
	memmove(buf, buf + 1, len);
	buf[len] = 0;
	fix_checksum(buf, len + 1);
	CHECK(!classifier_cache_read(buf, len + 1, model, &k), "a byte after the arena");
	fix_checksum(buf, len - 1);
	CHECK(!classifier_cache_read(buf, len - 1, model, &k), "the arena's NUL cut");
	buf[strlen(buf) - 1] ^= 1; /* the magic's last byte: loco's version */
	fix_checksum(buf, len);
	CHECK(!classifier_cache_read(buf, len, model, &k), "another version's magic");
	free(buf);
	classifier_free(c);
	free(err);
}

/* A damaged text model keeps its located error, cache or not. */
static void test_text_errors(void)
{
	size_t len;
	char *text = model_text(0.5, &len), *err = NULL, *err2 = NULL;
	char *cut = strstr(text, "\nbias\t");
	CHECK(cut != NULL, "a bias line");
	cut[1] = 'B';
	CHECK(write_file_atomic(model, text, len, NULL) == 0, "write");
	struct classifier *c = load(&err), *d = classifier_load(model, &err2);
	CHECK(!c && !d && err && err2 && !strcmp(err, err2) && !strncmp(err, model, strlen(model)),
	      "the cached load says '%s', the text load '%s'", err ? err : "", err2 ? err2 : "");
	unlink(model);
	free(err);
	err = NULL;
	CHECK(!load(&err) && err && strstr(err, "cannot read"), "no model: '%s'", err ? err : "");
	free(err);
	free(err2);
	free(text);
}

int main(void)
{
	if (!(dir = check_tmpdir("classcache")))
		return 2;
	model = path_join(dir, "classifier.model");
	cache = path_join(dir, "cache/router");
	test_round_trip();
	test_damaged_file();
	test_forged();
	test_text_errors();
	char *cf = cache_file(), *cdir = path_join(dir, "cache");
	unlink(cf);
	rmdir(cache);
	rmdir(cdir);
	rmdir(dir);
	free(cdir);
	free(cf);
	free(model);
	free(cache);
	free(dir);
	return check_done("classcache");
}
