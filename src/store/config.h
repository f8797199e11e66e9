/* config.h: loco's settings (SPEC section 2), resolved as built-in defaults <
 * config.yaml < environment < command-line flags, with the origin of every value.
 *
 * struct loco_config owns every string in it; config_free() releases them.
 * Keys are described once, in the table in config.c; list/get/set and the
 * loaders all walk that table.
 */
#ifndef LOCO_CONFIG_H
#define LOCO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum cfg_origin { ORIGIN_DEFAULT, ORIGIN_FILE, ORIGIN_ENV, ORIGIN_FLAG };

struct opt_double {
	bool set;
	double value;
};

struct loco_config {
	char *registry;
	char *ollama_host;
	char **ollama_hosts;
	size_t n_ollama_hosts;
	long connect_timeout;
	long stall_timeout;
	char *keep_alive;
	char *backend_kind;
	char *backend_base_url;
	char *backend_api_key_env;
	char *index_url;
	bool reread;
	long votes;
	double vote_temperature;
	double min_agreement; /* votes: below it the answer is uncertain (issue 20) */
	long max_votes;       /* --votes auto draws at most this many */
	char *vote_method;
	bool think;
	struct opt_double temperature;
	long num_ctx;
	long max_num_ctx;
	long router_min_score;
	double router_low_confidence;
	char *router_kind;
	double router_target_precision;
	struct opt_double router_min_confidence;
	char *router_embed_model;
	long chat_context_limit;
	bool chat_nudge;
	bool chat_history;
	bool logs_enabled;
	long eval_jobs;
	double eval_temperature;
	double eval_top_p;
	long eval_max_tokens;
	long eval_seed;
	bool eval_cache;
	char *eval_judge_model;
	long eval_min_items;
	double eval_ood_max_drop;
	long sandbox_max_disk_mb;
	long tools_max_calls; /* tool calls per answer (issue 19) */
	bool tools_confirm;
	char *bench_reference_kind; /* bench.reference: the reference model's own backend */
	char *bench_reference_base_url;
	char *bench_reference_api_key_env;
	char *bench_reference_model;
	char *semester;

	enum cfg_origin *origin; /* one per key, in table order */
	char *home;              /* LOCO_HOME */
	char *file;              /* the config file consulted (may not exist) */
	bool file_explicit;      /* given by --config or LOCO_CONFIG */
	bool file_loaded;        /* it existed and was read */
};

/* Sets every key to its default and computes LOCO_HOME and the config path
 * (config_path: --config value or NULL). */
/* The protocol loco speaks to its server: backend.kind, which the loader
 * accepts only as "ollama" or "openai". */
/* llamacpp and vllm are OpenAI-compatible servers whose adapters swap per
 * request (issue 22): llama-server's "lora" field, vLLM's --lora-modules. */
enum backend_kind { BACKEND_OLLAMA, BACKEND_OPENAI, BACKEND_LLAMACPP, BACKEND_VLLM };
/* Every kind but Ollama speaks the OpenAI protocol. */
static inline bool backend_kind_openai(enum backend_kind k)
{
	return k != BACKEND_OLLAMA;
}
enum backend_kind config_backend_kind(const struct loco_config *c);

void config_init(struct loco_config *c, const char *config_path);
void config_free(struct loco_config *c);

/* Reads c->file. A missing file is fine unless it was named explicitly and
 * optional is false. Errors carry "file:line:column"; the caller exits 5. */
int config_load_file(struct loco_config *c, bool optional, char **err);
/* The same for text already in memory; label names it in messages. */
int config_load_text(struct loco_config *c, const char *label, const char *text, size_t len,
                     char **err);
/* OLLAMA_HOST and LOCO_REGISTRY. */
int config_apply_env(struct loco_config *c, char **err);
/* A command-line override, e.g. ("ollama.host", "http://h:1"). */
int config_apply_flag(struct loco_config *c, const char *key, const char *value, char **err);

/* The key table, for listing and completion. */
size_t config_key_count(void);
const char *config_key_name(size_t i);
const char *config_key_help(size_t i);
/* Index of key, or -1 (with a did-you-mean message in *err). */
int config_key_find(const char *key, char **err);
/* The effective value as text ("null" when unset), caller frees. */
char *config_value_text(const struct loco_config *c, size_t i);
/* The value as a cJSON node (caller owns), for --json output. */
struct cJSON *config_value_json(const struct loco_config *c, size_t i);
const char *config_origin_name(enum cfg_origin o);

/* Validates value for key and writes it into c->file in place (comments and
 * other keys untouched), atomically. The value "null" unsets the key, as
 * config_unset() does: never the string "null". */
int config_set(struct loco_config *c, const char *key, const char *value, char **err);
/* Takes key out of c->file (its line, and its section's when that empties to
 * "{}"), so the default applies again; *removed is false when the file did not
 * have it (that is not an error). */
int config_unset(struct loco_config *c, const char *key, bool *removed, char **err);

/* "2026-S2" for the given UTC time. */
char *config_default_semester(long long unix_time);

#endif
