/* fuzz_host.c: libFuzzer target for OLLAMA_HOST parsing. Whatever the text,
 * the result is a usable base URL: "scheme://host:port[/path]", a port in
 * range, no "//" after the scheme and no trailing '/'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct server_url u;
	char *warning = NULL;
	server_url_parse(text, &u, &warning);
	const char *after = strstr(u.base, "://");
	size_t n = strlen(u.base);
	if (!after || u.port < 0 || u.port > 65535 || !u.host[0] || n == 0 ||
	    u.base[n - 1] == '/' || (u.path[0] && strstr(after + 3, "//")))
		abort();
	free(warning);
	server_url_free(&u);
	free(text);
	return 0;
}
