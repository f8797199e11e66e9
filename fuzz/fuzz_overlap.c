/* fuzz_overlap.c: libFuzzer target for the contamination check's reader
 * (overlap.h). The input's first line is an eval prompt, the rest a training
 * file: any bytes must scan or fail with "<path>:<line>: ...", and a leak
 * must name a training line that exists. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "overlap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', size);
	size_t head = nl ? (size_t)(nl - text) : size;
	char *prompt = strndup(text, head);
	char path[64];
	snprintf(path, sizeof path, "/tmp/fuzz-overlap-%d.jsonl", (int)getpid());
	FILE *f = fopen(path, "wb");
	if (!f || !prompt)
		abort();
	size_t rest = nl ? size - head - 1 : 0;
	if (fwrite(nl ? nl + 1 : "", 1, rest, f) != rest || fclose(f) != 0)
		abort();
	struct overlap_item items[2] = {{1, prompt, "answer"}, {2, prompt, NULL}};
	struct overlap_result r;
	char *err = NULL;
	if (overlap_scan(items, 2, path, &r, &err) == 0) {
		size_t lines = 1;
		for (size_t i = 0; i < rest; i++)
			lines += nl[1 + i] == '\n';
		for (size_t i = 0; i < r.n_leaks; i++)
			if (r.leaks[i].training_line < 1 ||
			    (size_t)r.leaks[i].training_line > lines || !r.leaks[i].words)
				abort();
		overlap_free(&r);
	} else if (!err || strncmp(err, path, strlen(path)) != 0) {
		abort(); /* every failure names the file */
	}
	free(err);
	free(prompt);
	unlink(path);
	return 0;
}
