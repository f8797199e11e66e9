#define _GNU_SOURCE /* nftw, mkdtemp (fuzz_file.h) */
/* fuzz_examples.c: libFuzzer target for the router example loader
 * (examples.h). The first byte says whether the file is a labelled set; the
 * rest is the file. Invariants: a failure names the file with a line and
 * column; a file that loads has examples, each with a line, a non-blank
 * question within the limit, a topic of the documented alphabet, and an
 * adapter exactly when the set is labelled. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "examples.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_examples(const struct examples *e, bool labelled)
{
	if (e->n == 0 || !e->path)
		abort();
	int last = 0;
	for (size_t i = 0; i < e->n; i++) {
		const struct example *ex = &e->items[i];
		if (ex->line <= last || !ex->question || !*ex->question ||
		    strlen(ex->question) > EXAMPLES_QUESTION_MAX ||
		    labelled != (ex->adapter != NULL))
			abort();
		if (ex->topic && (!*ex->topic || strlen(ex->topic) > EXAMPLES_TOPIC_MAX ||
		                  strspn(ex->topic, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
		                      strlen(ex->topic)))
			abort();
		last = ex->line;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool labelled = data[0] & 1;
	char *path = fuzz_write("router_examples.jsonl", data + 1, size - 1);
	struct examples e;
	char *err = NULL;
	if (examples_load(&e, path, labelled, &err) == 0) {
		check_examples(&e, labelled);
		examples_free(&e);
	} else if (!err || strncmp(err, path, strlen(path)) != 0 || e.n || e.items) {
		abort(); /* every failure names the file, and leaves nothing behind */
	}
	free(err);
	free(path);
	return 0;
}
