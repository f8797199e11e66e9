#define _GNU_SOURCE /* nftw, mkdtemp (fuzz_file.h) */
/* fuzz_results.c: libFuzzer target for the files loco reads back that it
 * wrote itself, where a hand edit or a truncated write can leave anything:
 * the eval archive (results.h) and the answer cache (cache.h). The input is
 * both an archive file and a cache entry. Invariants: an archive failure names
 * the file; a record that reads has scores in [0, 1] and a 64-digit hash; the
 * newest-run lookups agree with the record; a cache entry is a hit with a
 * NUL-terminated answer or a miss, never a crash. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "cache.h"
#include "fuzz_file.h"
#include "results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sha[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

static void check_record(const struct eval_record *r)
{
	if (!r->adapter || !r->semester || !r->timestamp || strlen(r->dataset_sha256) != 64 ||
	    !(r->base_score >= 0 && r->base_score <= 1) || !isfinite(r->n))
		abort();
	if (!r->base_only && (!(r->adapter_score >= 0 && r->adapter_score <= 1) ||
	                      !isfinite(r->delta) || !r->verdict))
		abort();
}

static void check_archive(const char *home, const char *path)
{
	char *err = NULL;
	cJSON *run = results_read(path, &err);
	if (!run && (!err || strncmp(err, path, strlen(path)) != 0))
		abort(); /* every failure names the file */
	free(err);
	err = NULL;
	struct eval_record r;
	bool ok = run && results_record(run, &r, &err) == 0;
	if (ok)
		check_record(&r);
	else if (run && !err)
		abort();
	free(err);
	struct results_latest l;
	results_latest(home, "fuzz", sha, &l);
	if (l.standing == RESULTS_CURRENT && (!ok || r.base_only || strcmp(r.dataset_sha256, sha)))
		abort();
	if (l.standing != RESULTS_NONE && !l.run)
		abort();
	cJSON_Delete(l.run);
	char *why = NULL;
	int v = results_latest_verdict(home, "fuzz", sha, &why);
	if (v == 0 && !why)
		abort();
	free(why);
	cJSON_Delete(run);
}

static void check_cache(const char *dir)
{
	struct chat_call *c = cache_get(dir, sha);
	if (c) {
		const struct chat_result *r = chat_call_result(c);
		if (!r->cached || !r->answer.buf || strlen(r->answer.buf) != r->answer.len)
			abort();
		chat_call_free(c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_write("home/results/fuzz/20260301T120000Z.json", data, size);
	char *home = path_join(fuzz_scratch(), "home");
	check_archive(home, path);
	char *entry = xasprintf("cache/%.2s/%s.json", sha, sha);
	free(fuzz_write(entry, data, size));
	char *dir = path_join(fuzz_scratch(), "cache");
	check_cache(dir);
	free(dir);
	free(entry);
	free(home);
	free(path);
	return 0;
}
