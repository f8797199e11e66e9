/* registry.h: the adapter registry (SPEC section 3) as typed structs, and the
 * lookup that decides which registry.yaml is in force (SPEC section 2).
 *
 * struct registry owns everything in it, including the compiled router
 * patterns; registry_free() releases it all. Adapters keep the file's order.
 */
#ifndef LOCO_REGISTRY_H
#define LOCO_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

struct loco_config;

enum adapter_type { ADAPTER_SYSTEM_PROMPT, ADAPTER_MERGED_GGUF, ADAPTER_LORA };

struct score_entry {
	char *name;
	double score;
};

struct located_string {
	char *text;
	int line, col; /* 1-based position in the registry file */
};

struct adapter {
	char *name;
	char *version;
	char *domain; /* defaults to the name */
	bool active;
	enum adapter_type type;
	char *description;
	char *system_prompt;
	char *gguf_path;
	char *adapter_path;
	char *url;
	char *sha256;
	char **tags;
	size_t n_tags;
	char **authors;
	size_t n_authors;
	char *semester;
	char *eval_dataset;
	char *eval_type;
	char **router_keywords;
	size_t n_router_keywords;
	struct located_string *router_patterns;
	size_t n_router_patterns;
	char **tools; /* offered to the model: "python" (issue 19) */
	size_t n_tools;
	char **router_examples; /* extra router training questions (docs/routing.md) */
	size_t n_router_examples;
	char **router_topics; /* base-set topics this adapter claims (docs/routing.md) */
	size_t n_router_topics;
	struct score_entry *benchmark_scores;
	size_t n_benchmark_scores;
	struct score_entry *training; /* numeric training fields */
	size_t n_training;
	char *training_method;
	char *training_dataset;   /* free text: where the data came from */
	char *training_data_file; /* training.data_file: the data itself (JSONL), for the
	                           * contamination check; relative to the adapter's folder */
	bool has_training;        /* the entry has a training: block */
	char **unknown_keys;      /* kept, ignored */
	size_t n_unknown_keys;
	int line; /* where the entry starts */
};

struct registry {
	char *path;   /* file read, or "(built-in)" */
	char *dir;    /* folder that relative paths start from; NULL when built in */
	char *source; /* why this file: "--registry", "LOCO_REGISTRY", ... */
	char *base_name;
	char *base_ollama_name;
	/* The id an OpenAI-compatible server serves the base under, when it is
	 * not ollama_name (base_model.served_name); NULL when not given. */
	char *base_served_name;
	/* The base model's GGUF file (base_model.gguf_path), for the llama-server
	 * command line that `loco setup` prints; NULL when not given. */
	char *base_gguf_path;
	char *base_quantization;
	char *academic_year;
	struct adapter *adapters;
	size_t n_adapters;
};

/* Parses and validates a registry text. label is used in messages. */
int registry_parse(struct registry *r, const char *label, const char *text, size_t len, char **err);
int registry_load_file(struct registry *r, const char *path, char **err);

/* Finds and loads the registry in force: --registry (flag_path), LOCO_REGISTRY,
 * config `registry`, ./adapters/registry.yaml, $LOCO_HOME/registry.yaml, the
 * installed copy, and last the copy compiled into the binary. */
int registry_locate_and_load(struct registry *r, const struct loco_config *cfg, char **err);

void registry_free(struct registry *r);

/* The registry that $LOCO_HOME/registry.yaml shadows when it exists: the
 * installed copy (<prefix>/share/locollm/adapters/registry.yaml) or, without
 * one, the copy compiled in. Sets *text (caller frees), *len, *path (a file,
 * or "(built-in registry)"; caller frees) and *dir (its folder, NULL when
 * built in; caller frees). Returns 0, or -1 with *err. */
int registry_fallback_text(char **text, size_t *len, char **path, char **dir, char **err);

const struct adapter *registry_find(const struct registry *r, const char *name);
/* Closest adapter name within a small edit distance, or NULL. */
const char *registry_suggest(const struct registry *r, const char *name);

const char *adapter_type_name(enum adapter_type t);
/* "locollm-<name>" (caller frees). */
char *adapter_model_name(const struct adapter *a);
/* Absolute or registry-relative path of the adapter's eval dataset (relative
 * to <registry folder>/<name>/), or NULL when it has none or the registry is
 * built in. Caller frees. */
char *adapter_dataset_path(const struct registry *r, const struct adapter *a);

/* training.data_file, absolute or relative to <registry folder>/<name>/
 * like eval_dataset, or NULL when unset or the registry is built in. Caller
 * frees. */
char *adapter_training_data_path(const struct registry *r, const struct adapter *a);

/* The model file of a merged-gguf (gguf_path) or lora (adapter_path) adapter:
 * absolute, or relative to the registry's folder (SPEC section 2). NULL for
 * system-prompt adapters, and for a relative path in the built-in registry,
 * which has no folder. Caller frees. */
char *adapter_file_path(const struct registry *r, const struct adapter *a);

/* Whether the adapter can be made here without downloading: a system-prompt
 * adapter always, a merged-gguf or lora one when its file exists. */
bool adapter_files_present(const struct registry *r, const struct adapter *a);

/* The pattern flags every router_patterns entry is compiled with. */
unsigned registry_pattern_flags(void);

/* Whether s is a valid adapter name: lowercase letters, digits, '.', '_' or
 * '-', at most 64, starting with a letter or digit. */
bool registry_name_ok(const char *s);
/* base, none and auto: they name the base model or a router's choice. */
bool registry_name_reserved(const char *s);

#endif
