/* lora.h: adapters that swap per request (issue 22). llama.cpp's
 * llama-server loads LoRA adapters at start (--lora FILE, repeatable) and
 * lists them at GET /lora-adapters, at the server's root:
 * [{"id": 0, "path": "a.gguf", "scale": 0.0}, ...]; a request picks its
 * adapter with "lora": [{"id", "scale"}]. vLLM serves each --lora-modules
 * NAME=PATH as the model NAME. lora_attach() turns the registry's adapters
 * into the backend's routes (backend.h) for either server.
 *
 * struct lora_list owns its strings (lora_list_free()).
 */
#ifndef LOCO_LORA_H
#define LOCO_LORA_H

#include <stddef.h>

struct backend;
struct registry;

struct lora_adapter {
	int id;
	char *path;
	double scale;
};

struct lora_list {
	struct lora_adapter *items;
	size_t n;
};

/* The body of GET /lora-adapters: an array of objects, each with a whole
 * "id" from 0 and a "path" string ("scale" a number when present; other
 * fields are ignored). Returns 0, or -1 with *err (the caller's). */
int lora_list_parse(const char *text, size_t len, struct lora_list *out, char **err);
void lora_list_free(struct lora_list *l);

/* The file name of a path: after its last '/' or '\\'. */
const char *lora_file_name(const char *path);
/* The loaded adapter whose file name is that of file, or NULL. */
const struct lora_adapter *lora_find(const struct lora_list *l, const char *file);
/* Why adapter name (file) cannot be used on the server at address: what it
 * has loaded, one adapter a line, and the fix. Every line fits 80 columns
 * after "loco: error: " on the first. Caller frees. */
char *lora_mismatch(const char *name, const char *file, const char *address,
                    const struct lora_list *l);

/* Sets b's routes for the registry's adapters on a llama.cpp or vLLM backend
 * (nothing on the others): on llama.cpp it reads /lora-adapters, and a
 * registry LoRA adapter whose file is not loaded there, or one that could
 * not be read, gets a route whose requests fail with the reason. Returns 0,
 * or -1 when the list could not be read (*err, the caller's; the routes are
 * set anyway). */
int lora_attach(struct backend *b, const struct registry *reg, char **err);

/* The command line that starts the server of kind (llama.cpp or vLLM) with
 * every LoRA adapter of the registry, for `loco setup`: one option a line,
 * lines joined by " \\\n    ", words quoted for a POSIX shell. llama.cpp:
 * llama-server -m BASE --alias NAME --lora A ... --lora-init-without-apply
 * -np N --port P, BASE from base_model.gguf_path ("BASE.gguf" when unset);
 * vLLM: vllm serve MODEL --enable-lora --max-loras K --lora-modules
 * locollm-a=PATH ... --port P, MODEL base_model.served_name (else a
 * placeholder and --served-model-name). Paths are resolved as
 * adapter_file_path() does. *placeholder says a part must be filled in.
 * Caller frees. */
char *lora_server_command(const struct registry *reg, int kind, const char *base_url, int parallel,
                          int *placeholder);

#endif
