/* fuzz_config.c: libFuzzer target for the config loader and the in-place
 * editor behind `config set`. Invariants: a failure always names the file;
 * an edit of a config that loaded yields a config that loads with the new
 * value (config_set checks this too, but the editor should never need it). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "yedit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loco_config c;
	char *err = NULL;
	config_init(&c, NULL);
	int loaded = config_load_text(&c, "fuzz.yaml", (const char *)data, size, &err) == 0;
	if (!loaded && (!err || strncmp(err, "fuzz.yaml", 9) != 0))
		abort();
	free(err);
	err = NULL;
	config_free(&c);

	static const char *const path[] = {"eval", "jobs"};
	char *out = NULL;
	size_t out_len = 0;
	int edited = yedit_set("fuzz.yaml", (const char *)data, size, path, 2, "8", &out, &out_len,
	                       &err) == 0;
	if (edited && loaded) {
		config_init(&c, NULL);
		char *err2 = NULL;
		if (config_load_text(&c, "edit.yaml", out, out_len, &err2) < 0)
			abort();
		char *v = config_value_text(&c, (size_t)config_key_find("eval.jobs", NULL));
		if (strcmp(v, "8") != 0)
			abort();
		free(v);
		free(err2);
		config_free(&c);
	}
	free(out);
	free(err);
	return 0;
}
