/* test_regcache.c: the compiled registry cache gives exactly what parsing
 * gives, notices every change to the file, and survives a damaged cache. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "regcache.h"
#include "registry.h"
#include "util.h"

static char *dir; /* check_tmpdir() */

static char *big_registry(int n, const char *extra)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "base_model: {ollama_name: 'qwen3:4b', name: Big}\nadapters:\n");
	for (int i = 0; i < n; i++) {
		sb_addf(&sb, "  a%04d:\n    version: 1.%d.0\n    type: %s\n", i, i,
		        i % 3 == 0   ? "system-prompt"
		        : i % 3 == 1 ? "lora"
		                     : "merged-gguf");
		sb_addf(&sb, "    adapter_path: a%d.gguf\n    gguf_path: a%d.gguf\n", i, i);
		sb_addf(&sb, "    active: %s\n    domain: d%d\n", i % 2 ? "true" : "false", i);
		sb_addf(&sb, "    router_keywords: [kw%d, 'two words %d', Ünïcode%d]\n", i, i, i);
		sb_addf(&sb, "    router_patterns: ['p%d\\d+']\n", i);
		sb_addf(&sb, "    benchmark_scores: {s: 0.%d}\n    training: {epochs: %d%s}\n",
		        i % 10, i, i % 2 ? ", data_file: t.jsonl" : "");
		sb_addf(&sb, "    tags: [t%d]\n    future: %d\n", i, i);
		if (i % 2)
			sb_adds(&sb, "    tools: [python]\n");
	}
	sb_adds(&sb, extra);
	return sb_detach(&sb);
}

static void same_registry(const struct registry *a, const struct registry *b)
{
	CHECK(a->n_adapters == b->n_adapters, "adapter count %zu vs %zu", a->n_adapters,
	      b->n_adapters);
	CHECK_STR(a->base_name, b->base_name, "base name");
	for (size_t i = 0; i < a->n_adapters && i < b->n_adapters; i++) {
		const struct adapter *x = &a->adapters[i], *y = &b->adapters[i];
		if (strcmp(x->name, y->name) || strcmp(x->version, y->version) ||
		    x->type != y->type || x->active != y->active || strcmp(x->domain, y->domain) ||
		    x->n_router_keywords != y->n_router_keywords || x->n_tools != y->n_tools ||
		    strcmp(x->router_keywords[2], y->router_keywords[2]) ||
		    x->n_router_patterns != y->n_router_patterns ||
		    strcmp(x->router_patterns[0].text, y->router_patterns[0].text) ||
		    x->router_patterns[0].line != y->router_patterns[0].line ||
		    x->benchmark_scores[0].score != y->benchmark_scores[0].score ||
		    x->training[0].score != y->training[0].score ||
		    x->has_training != y->has_training ||
		    (x->training_data_file != NULL) != (y->training_data_file != NULL) ||
		    x->n_unknown_keys != y->n_unknown_keys || x->line != y->line ||
		    (x->description != NULL) != (y->description != NULL)) {
			CHECK(false, "adapter %zu differs after the cache", i);
			return;
		}
	}
}

static char *only_cache_file(const char *cache)
{
	DIR *d = opendir(cache);
	char *found = NULL;
	for (struct dirent *e; d && (e = readdir(d));)
		if (e->d_name[0] != '.')
			found = path_join(cache, e->d_name);
	if (d)
		closedir(d);
	return found;
}

int main(void)
{
	if (!(dir = check_tmpdir("regcache")))
		return 2;
	char *path = path_join(dir, "registry.yaml"), *cache = path_join(dir, "cache");
	char *text = big_registry(400, ""), *err = NULL;
	write_file_atomic(path, text, strlen(text), NULL);
	CHECK(strlen(text) >= REGCACHE_MIN_BYTES, "test registry is big enough to be cached");

	struct registry parsed, first, second;
	CHECK(registry_load_file(&parsed, path, &err) == 0, "parse: %s", err ? err : "");
	CHECK(registry_load_cached(&first, path, cache, &err) == 0, "first load");
	char *cf = only_cache_file(cache);
	CHECK(cf != NULL, "a cache file was written");
	CHECK(registry_load_cached(&second, path, cache, &err) == 0, "second load from cache");
	same_registry(&parsed, &first);
	same_registry(&parsed, &second);
	CHECK_STR(second.path, path, "path kept");
	registry_free(&first);
	registry_free(&second);

	/* A changed file (same size even) is parsed again. */
	char *changed = xstrdup(text);
	char *v = strstr(changed, "version: 1.7.0");
	memcpy(v, "version: 9.7.0", 14);
	write_file_atomic(path, changed, strlen(changed), NULL);
	CHECK(registry_load_cached(&first, path, cache, &err) == 0, "reload after change");
	CHECK_STR(first.adapters[7].version, "9.7.0", "change seen");
	registry_free(&first);

	/* Damaged caches: truncated, and with a huge count. Both are ignored. */
	char *blob = NULL;
	size_t len = 0;
	read_file(cf, 1 << 26, &blob, &len, NULL);
	write_file_atomic(cf, blob, len / 2, NULL);
	CHECK(registry_load_cached(&first, path, cache, &err) == 0, "truncated cache ignored");
	CHECK(first.n_adapters == 400 && !strcmp(first.adapters[7].version, "9.7.0"), "right data");
	registry_free(&first);
	free(blob);
	read_file(cf, 1 << 26, &blob, &len, NULL);
	for (size_t i = len - 64; i < len; i++)
		blob[i] = (char)0xff;
	write_file_atomic(cf, blob, len, NULL);
	CHECK(registry_load_cached(&first, path, cache, &err) == 0, "garbage cache ignored");
	CHECK(first.n_adapters == 400, "right data after garbage");
	registry_free(&first);
	free(blob);

	/* A registry that does not parse is never cached, and says why. */
	char *broken = big_registry(400, "  bad: {version: x}\n");
	write_file_atomic(path, broken, strlen(broken), NULL);
	CHECK(registry_load_cached(&first, path, cache, &err) < 0, "broken registry fails");
	CHECK(err && strstr(err, "adapter 'bad': version 'x' is not a semantic version"), "%s",
	      err ? err : "");
	free(err);

	registry_free(&parsed);
	unlink(cf);
	unlink(path);
	rmdir(cache);
	rmdir(dir);
	free(dir);
	free(cf);
	free(broken);
	free(changed);
	free(text);
	free(path);
	free(cache);
	return check_done("regcache");
}
