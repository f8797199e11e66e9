/* backend.h: talking to the model server. One interface, two protocols:
 * Ollama's native API (NDJSON streams) and the OpenAI-compatible
 * /v1/chat/completions (SSE) of llama.cpp's server, vLLM, LM Studio or a
 * hosted API. Every request is a transfer of the engine in http.h, one multi
 * handle per backend, so a caller can start several chats and run them at
 * once in one thread (votes, eval); Ctrl-C (interrupt.h) stops them.
 *
 * Ownership: a backend owns its engine and transfers; a chat_call owns its result and
 * is freed by chat_call_free() (after backend_run() or before it, which
 * cancels it). Strings in results and errors belong to them. cJSON arguments
 * are borrowed.
 */
#ifndef LOCO_BACKEND_H
#define LOCO_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h" /* enum backend_kind */
#include "http.h"   /* struct net_error, the transfer engine */
#include "util.h"

struct cJSON;

struct backend_opts {
	enum backend_kind kind;
	const char *url;        /* Ollama: OLLAMA_HOST-style text; OpenAI: the /v1 base URL */
	long connect_timeout;   /* seconds */
	long stall_timeout;     /* seconds without a byte before giving up; 0 = wait forever */
	const char *keep_alive; /* Ollama keep_alive, NULL = server default */
	const char *api_key;    /* OpenAI: sent as a bearer token when not NULL */
	size_t max_line;        /* longest stream line accepted */
};

struct chat_options {
	int think; /* -1 = don't send, 0 = false, 1 = true */
	bool has_temperature;
	double temperature;
	bool has_top_p;
	double top_p;
	long top_k; /* 0 = don't send (Ollama only: the OpenAI API has none) */
	bool has_seed;
	long seed;
	long num_ctx;     /* 0 = don't send */
	long num_predict; /* 0 = don't send */
	/* The "tools" array to offer (borrowed), in Ollama's shape, which OpenAI's
	 * chat completions share; NULL = none (issue 19). */
	const struct cJSON *tools;
	/* Ask for each token's log-probability (Ollama /api/chat "logprobs":
	 * true, api/types.go; OpenAI "logprobs": true); servers that have none
	 * send none (issue 20). */
	bool logprobs;
};

/* Streaming callbacks (any may be NULL). Text is the answer with inline
 * <think> blocks already taken out; thinking arrives separately. flush is
 * called after each batch of bytes from the network. */
struct chat_sink {
	void (*answer)(void *ctx, const char *text, size_t n);
	void (*thinking)(void *ctx, const char *text, size_t n);
	void (*flush)(void *ctx);
	void *ctx;
};

/* A count or duration a server reports, read from a JSON object: a number from
 * 0 to max, else 0 (unknown), so that a negative or absurd value ("eval_count":
 * -5, 1e300) never prints as a count. Tokens go up to COUNT_MAX, nanoseconds to
 * DURATION_MAX (2^53, about 104 days, where doubles stop being exact). */
#define COUNT_MAX    1e9
#define DURATION_MAX 9007199254740992.0
int64_t json_count(const struct cJSON *o, const char *key, double max);

struct chat_result {
	struct strbuf answer, thinking;
	bool done;         /* the server finished the answer */
	char *done_reason; /* "stop", "length", ... */
	long prompt_tokens, tokens;
	int64_t total_ns, load_ns, prompt_ns, eval_ns; /* as the server reported them */
	double seconds;                                /* wall time loco measured */
	/* monotonic_seconds() when the request went out, its first body byte
	 * arrived (0: none) and it ended: whether samples overlapped (votes.c) */
	double sent_at, first_byte_at, done_at;
	bool cached;    /* answered from the cache */
	bool cancelled; /* chat_call_cancel() stopped it */
	/* The calls the model made, in Ollama's shape for either server: an
	 * array of {"id", "function": {"index", "name", "arguments"}}, arguments
	 * an object (Ollama) or the string OpenAI streams in pieces, joined;
	 * NULL when none. Owned by the call (toolcall.h reads it). */
	struct cJSON *tool_calls;
	/* The log-probabilities the server sent with the tokens (logprobs asked):
	 * their sum and how many; n 0 when it sent none. */
	double logprob_sum;
	long logprob_n;
	struct net_error error;
};

/* The mean log-probability of a result's tokens, or NAN when the server sent none. */
double chat_result_mean_logprob(const struct chat_result *r);

struct backend;
struct chat_call;

struct backend *backend_new(const struct backend_opts *opts, char **err);
void backend_free(struct backend *b);
/* The server's address as shown in messages ("http://127.0.0.1:11434"). */
const char *backend_address(const struct backend *b);
enum backend_kind backend_kind(const struct backend *b);
/* A warning about the address (e.g. an invalid port), or NULL. */
const char *backend_warning(const struct backend *b);

struct model_info {
	char *name;   /* as the server spells it */
	char *digest; /* "" when the server gives none (OpenAI-compatible) */
	/* OpenAI-compatible lists: the other names the entry answers to
	 * (llama-server's "aliases"), and whether names match exactly. Ollama
	 * compares names without case and with ":latest" (model_name_equal);
	 * an OpenAI-style server takes only the id it lists, as written. */
	char **aliases;
	size_t n_aliases;
	bool exact;
};

/* The installed models. */
int backend_list_models(struct backend *b, struct model_info **list, size_t *count,
                        struct net_error *e);
void model_list_free(struct model_info *list, size_t n);
int backend_version(struct backend *b, char **version, struct net_error *e);
/* Liveness: HEAD / (Ollama) or GET /models (OpenAI-compatible; a GET, so
 * that a 401's words reach *e). */
int backend_ping(struct backend *b, struct net_error *e);
/* The model's context length, from POST /api/show (model_info:
 * "<general.architecture>.context_length"); 0 when the server does not say
 * (an OpenAI-compatible server). */
int backend_context_length(struct backend *b, const char *model, long *n, struct net_error *e);
/* Whether Ollama answers at the address: GET / says "Ollama is running", or
 * /api/version gives {"version"}. 1: Ollama; 0: something else, and *what
 * (the caller's) says what GET / answered; -1: it could not be asked (*e). */
int backend_is_ollama(struct backend *b, char **what, struct net_error *e);

struct chat_call *backend_chat_start(struct backend *b, const char *model,
                                     const struct cJSON *messages, const struct chat_options *o,
                                     const struct chat_sink *sink);
/* Runs every started call until it finishes or the user interrupts. */
void backend_run(struct backend *b);
/* The same, calling progress(ctx, finished, total) as calls finish. */
void backend_run_progress(struct backend *b, void (*progress)(void *ctx, int done, int total),
                          void *ctx);
const struct chat_result *chat_call_result(const struct chat_call *c);
bool chat_call_finished(const struct chat_call *c);
/* Stops a call still running: its transfer leaves the multi handle and the
 * connection closes (Ollama then stops generating: the request's context is
 * canceled). Its result says cancelled, status NET_INTERRUPTED. A finished
 * call is left as it is. */
void chat_call_cancel(struct chat_call *c);
/* One turn of the event loop for callers that keep a pool of calls going
 * (eval): runs transfers for at most timeout_ms and returns how many calls
 * finished. */
int backend_step(struct backend *b, int timeout_ms);
size_t backend_active(const struct backend *b);
/* A finished call holding a stored answer (a cache hit). */
struct chat_call *chat_call_replay(const char *answer, const char *thinking, long prompt_tokens,
                                   long tokens, const char *done_reason);
/* A replayed call's tool_calls (the cache keeps them): takes calls. */
void chat_call_replay_tool_calls(struct chat_call *c, struct cJSON *calls);
/* A finished call made from a response body in memory, read in pieces of
 * read_size bytes: the stream readers and checks without the network (tests,
 * bench, fuzzing). */
struct chat_call *chat_call_from_bytes(enum backend_kind kind, const char *data, size_t n,
                                       size_t read_size, const struct chat_sink *sink);
void chat_call_free(struct chat_call *c);

/* ---- adapters that swap per request (llama.cpp, vLLM; issue 22) ----
 * The model names callers use ("locollm-math", the base's) stay the same on
 * every backend; a route says what a llama.cpp or vLLM server is sent for
 * one instead (lora.h makes them from the registry). */
struct model_route {
	const char *model; /* the name callers use */
	const char *send;  /* the body's "model"; NULL = model */
	int lora_id;       /* llama.cpp: the adapter sent at scale 1; -1 = none */
	const char *error; /* not NULL: a request for model fails with this */
	const char *tag;   /* what tells its answers apart in the cache ("lora 0 a.gguf") */
};
/* Copies the routes. ids: every LoRA adapter id the server has loaded
 * (llama.cpp); a request sends each at scale 0 unless its route names it
 * (base-model requests: all at 0), so no adapter of an earlier request
 * stays applied. n_ids 0: no "lora" field. */
void backend_set_routes(struct backend *b, const struct model_route *routes, size_t n,
                        const int *ids, size_t n_ids);
/* The reason a request for model would be refused (its route's error), or NULL. */
const char *backend_route_error(const struct backend *b, const char *model);
/* Whether adapters swap per request here (routes are set): no reload. */
bool backend_swaps_per_request(const struct backend *b);
/* GET path at the server's root (the base URL without its "/v1"):
 * llama-server's /lora-adapters. *body (the caller's) is NUL-terminated. */
int backend_get_root(struct backend *b, const char *path, char **body, size_t *len,
                     struct net_error *e);

/* Busy servers (503, 429) are asked again: this many attempts in all, the
 * wait after attempt n being 0.5 s doubling (0.5, 1, 2, 4 s). */
#define BACKEND_BUSY_ATTEMPTS 5
double backend_busy_delay(int attempts_made);

/* Embeddings (issue 17 item 4): POST /api/embed {"model", "input": [...],
 * "keep_alive", "options"} on Ollama, whose reply is {"embeddings": [[...]]},
 * or POST <base>/embeddings {"model", "input": [...]} on an
 * OpenAI-compatible server, {"data": [{"index", "embedding": [...]}]}. The
 * options are o's runner options (num_ctx), as a chat sends them, so that
 * Ollama never reloads the model for an embedding (issue 13). Sends inputs
 * in one request: the caller batches. Fills vecs (caller frees) with n rows
 * of *dim floats, row i the vector of inputs[i]; a reply with another count
 * of vectors, vectors of different lengths or no numbers is NET_PROTOCOL. A
 * model that cannot embed is the server's own refusal (NET_SERVER_ERROR with
 * its HTTP status: Ollama 501 or 400, see backend_embed_refused()). */
int backend_embed(struct backend *b, const char *model, const char *const *inputs, size_t n,
                  const struct chat_options *o, float **vecs, size_t *dim, struct net_error *e);
/* Whether e is a server saying the model cannot embed: HTTP 501 (llama.cpp's
 * server started without --embeddings, which Ollama's llama-server runner
 * does for a model without pooling_type: "This server does not support
 * embeddings. Start it with `--embeddings`"), or a 400/500 whose text says
 * embeddings are not supported. */
bool backend_embed_refused(const struct net_error *e);

/* ---- model management (Ollama only) ----
 * Each call runs its one request to the end (other started calls run too)
 * and returns 0, or -1 with *e: the server's own text for errors it reports
 * (a real HTTP status before the stream, or an {"error"} line inside it),
 * NET_INTERRUPTED after Ctrl-C (interrupt_catch()). */

/* One status object of a pull or create stream (and of an upload, which
 * loco reports the same way). Strings are borrowed for the call; absent
 * fields are "" and 0. */
struct progress_event {
	const char *status; /* "pulling manifest", "pulling 3f1a2b3c4d5e", "parsing GGUF", ... */
	const char *digest; /* "sha256:<hex>" of the layer or blob the numbers are about */
	int64_t total;      /* bytes */
	int64_t completed;  /* bytes */
};
typedef void (*progress_fn)(void *ctx, const struct progress_event *ev);

/* POST /api/pull {"model", "stream": true}. Succeeds only when the stream
 * ends with {"status":"success"}; fn (may be NULL) sees every status. */
int backend_pull(struct backend *b, const char *model, progress_fn fn, void *ctx,
                 struct net_error *e);
/* POST /api/create with request (borrowed; the JSON form: "model", "from",
 * "files", "adapters", "system", ..., normally "stream": true), with the same
 * rule for success as a pull. */
int backend_create(struct backend *b, const struct cJSON *request, progress_fn fn, void *ctx,
                   struct net_error *e);
/* HEAD /api/blobs/sha256:<hex>: 200 sets *exists, 404 clears it (not an error). */
int backend_blob_exists(struct backend *b, const char *sha256_hex, bool *exists,
                        struct net_error *e);
/* POST /api/blobs/sha256:<hex> with the bytes of file, read from disk as they
 * are sent (never whole into memory). fn sees "uploading <file name>" with
 * total/completed bytes. The server checks the digest ("digest mismatch"). */
int backend_blob_upload(struct backend *b, const char *file, const char *sha256_hex, progress_fn fn,
                        void *ctx, struct net_error *e);
/* DELETE /api/delete {"model"}: a model the server does not have is NET_NOT_FOUND. */
int backend_delete_model(struct backend *b, const char *model, struct net_error *e);

/* "qwen3" and "qwen3:latest" are the same model; tags are never dropped. */
bool model_name_equal(const char *a, const char *b);

#endif
