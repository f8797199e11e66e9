/* fuzz_bench.c: libFuzzer target for loco bench's --cells lists. Whatever the
 * text, parsing returns; a cell it accepts has one answerer, votes from 1 to
 * BENCH_VOTES_MAX, a canonical name that parses back to itself, and no two
 * accepted cells share a name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct bench_cell_spec c[BENCH_CELLS_MAX];
	size_t n = 0;
	char *err = NULL;
	if (bench_cells_parse(text, c, BENCH_CELLS_MAX, &n, &err) == 0) {
		for (size_t i = 0; i < n; i++) {
			struct bench_cell_spec again;
			if (c[i].who > BENCH_REFERENCE || c[i].votes < 1 ||
			    c[i].votes > BENCH_VOTES_MAX ||
			    bench_cell_parse(c[i].name, &again, NULL) < 0 ||
			    strcmp(again.name, c[i].name))
				abort();
			for (size_t k = 0; k < i; k++)
				if (!strcmp(c[k].name, c[i].name))
					abort();
		}
	} else if (!err) {
		abort(); /* a failure always says why */
	}
	free(err);
	free(text);
	return 0;
}
