#define _GNU_SOURCE /* memrchr */
/* fuzz_catalog.c: libFuzzer target for a remote adapter index (config
 * index_url), which `adapters search`, `install` and `update` parse as a
 * registry (registry_parse, labelled with its URL) and then rank and compare
 * by version (catalog.h). Invariants: a failure names the index; every
 * version comparison is antisymmetric (a < b exactly when b > a) and a
 * version equals itself; search scores are never negative. The search text is
 * the input's last line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "semver.h"
#include "rank.h"
#include "registry.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LABEL "https://example.org/index.yaml"

static void check_versions(const struct registry *r)
{
	size_t n = r->n_adapters < 16 ? r->n_adapters : 16;
	for (size_t i = 0; i < n; i++) {
		const char *a = r->adapters[i].version;
		int self = 2;
		if (a && semver_valid(a) && (semver_compare(a, a, &self) < 0 || self != 0))
			abort();
		for (size_t j = 0; a && j < n; j++) {
			const char *b = r->adapters[j].version;
			int ab = 2, ba = 2;
			if (!b)
				continue;
			int rab = semver_compare(a, b, &ab), rba = semver_compare(b, a, &ba);
			if (rab != rba || (rab == 0 && ab != -ba))
				abort();
			if ((rab == 0) != (semver_valid(a) && semver_valid(b)))
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nl = memrchr(text, '\n', size);
	char *query = nl ? xstrndup(nl + 1, size - (size_t)(nl + 1 - text)) : xstrdup("math");
	struct registry r;
	char *err = NULL;
	if (registry_parse(&r, LABEL, text, size, &err) == 0) {
		check_versions(&r);
		for (size_t i = 0; i < r.n_adapters; i++)
			if (adapter_search_score(&r.adapters[i], query) < 0)
				abort();
		registry_free(&r);
	} else if (!err || strncmp(err, LABEL, strlen(LABEL)) != 0) {
		abort(); /* every failure names the index */
	}
	free(err);
	free(query);
	return 0;
}
