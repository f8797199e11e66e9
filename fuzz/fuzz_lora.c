/* fuzz_lora.c: libFuzzer target for llama-server's GET /lora-adapters body
 * (lora.h). Whatever the bytes, the parse either fails with a message or
 * gives entries with an id from 0 and a path, every one of which
 * lora_find() finds again by its file name, and whose mismatch message has
 * no line wider than 80 columns. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lora.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lora_list l;
	char *err = NULL;
	if (lora_list_parse((const char *)data, size, &l, &err) < 0) {
		if (!err || !*err)
			abort();
		free(err);
		return 0;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (l.items[i].id < 0 || !l.items[i].path)
			abort();
		const struct lora_adapter *a = lora_find(&l, l.items[i].path);
		if (*lora_file_name(l.items[i].path) &&
		    (!a || strcmp(lora_file_name(a->path), lora_file_name(l.items[i].path))))
			abort();
	}
	char *m = lora_mismatch("name", "file.gguf", "http://127.0.0.1:8080/v1", &l);
	size_t col = strlen("loco: error: ");
	for (const char *p = m; *p; p++) {
		col = *p == '\n' ? 0 : col + 1;
		if (col > 80)
			abort();
	}
	free(m);
	lora_list_free(&l);
	return 0;
}
