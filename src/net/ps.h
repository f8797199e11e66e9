/* ps.h: what an Ollama server holds in memory, from GET /api/ps
 * ({"models": [{"name", "size", "size_vram", ...}]}, the running models;
 * ../shared/reference/ollama-api.md, "List running models"). loco bench
 * samples it during a run for the seed's memory target.
 *
 * Nothing is kept: the caller's struct is filled. Strings are not borrowed.
 */
#ifndef LOCO_PS_H
#define LOCO_PS_H

#include <stddef.h>

struct server_memory {
	long long size;      /* bytes, summed over the loaded models */
	long long size_vram; /* of which in GPU memory */
	size_t models;       /* models loaded */
};

/* Asks base_url (as backend_address() gives it, "http://127.0.0.1:11434") once,
 * on the transfer engine (http.h), giving up after timeout_s seconds without a
 * connection or a byte. -1 with *err: cannot connect, an HTTP error status, or
 * a body that is not {"models": [...]}. */
int server_memory_read(const char *base_url, long timeout_s, struct server_memory *out, char **err);

#endif
