/* fuzz_registry.c: libFuzzer target for the registry loader. Any input must
 * either load (and then route a query) or fail with a located message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry r;
	char *err = NULL;
	if (registry_parse(&r, "fuzz.yaml", (const char *)data, size, &err) == 0) {
		struct router_opts o = {.min_score = 1, .low_confidence = 0.34};
		struct router *rt = router_new(&r, &o, &err);
		if (rt) {
			struct route_decision d;
			router_decide(rt, (const char *)data, size, &d);
			router_free(rt);
		}
		registry_free(&r);
	} else if (!err || strncmp(err, "fuzz.yaml", 9) != 0) {
		abort(); /* every failure names the file */
	}
	free(err);
	return 0;
}
