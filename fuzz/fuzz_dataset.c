#define _GNU_SOURCE /* nftw, mkdtemp (fuzz_file.h) */
/* fuzz_dataset.c: libFuzzer target for the eval dataset loader (JSONL,
 * SPEC section 7). The first byte picks the adapter's eval_type (or none, so
 * every item must name its own); the rest is the file. Invariants: a failure
 * names the file; a dataset that loads has items, each with a prompt and a
 * known type, an expected number only where expected is set, and config
 * lookups that answer for every item. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const types[] = {NULL,  "numeric",        "exact_match", "contains", "rouge",
                                    "f1",  "code_execution", "llm_judge",   "custom",   "analysis",
                                    "code"};

static void check_items(const struct dataset *d)
{
	if (d->n == 0 || !d->path)
		abort();
	for (size_t i = 0; i < d->n; i++) {
		const struct eval_item *it = &d->items[i];
		if (!it->id || !it->prompt || !it->type || !dataset_type_known(it->type) ||
		    it->line < 1 || (it->expected_is_number && !it->expected) ||
		    (it->n_answers && (!it->answers || !it->answers[0])))
			abort();
		for (size_t k = 0; k < it->n_keywords; k++)
			if (!it->keywords[k])
				abort();
		(void)item_config_string(it, "extract_pattern");
		(void)item_config_number(it, "timeout", 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *type = types[data[0] % (sizeof types / sizeof types[0])];
	char *path = fuzz_write("eval_dataset.jsonl", data + 1, size - 1);
	struct dataset d;
	char *err = NULL;
	if (dataset_load(&d, path, type, &err) == 0) {
		check_items(&d);
		dataset_free(&d);
	} else if (!err || strncmp(err, path, strlen(path)) != 0) {
		abort(); /* every failure names the file */
	}
	free(err);
	free(path);
	return 0;
}
