/* host.h: where the server is. OLLAMA_HOST (and --host, config ollama.host)
 * are parsed exactly as Ollama's envconfig.Host() parses them, then made
 * connectable the way its ConnectableHost() does (0.0.0.0, :: and an empty
 * host mean this machine).
 *
 * struct server_url owns its strings; server_url_free() releases them.
 */
#ifndef LOCO_HOST_H
#define LOCO_HOST_H

#include <stdbool.h>

struct server_url {
	char *scheme; /* "http" or "https" (others are kept as given) */
	char *host;   /* without brackets: "127.0.0.1", "::1", "example.com" */
	int port;
	char *path; /* prefix without leading or trailing '/', may be "" */
	char *base; /* "scheme://host:port[/path]", no trailing '/': append "/api/..." */
	bool loopback;
};

/* Never fails: like Ollama, an invalid port falls back to the default one;
 * *warning (when not NULL) then says so. An unset or empty value gives
 * http://127.0.0.1:11434. */
void server_url_parse(const char *value, struct server_url *out, char **warning);
void server_url_free(struct server_url *u);

#endif
