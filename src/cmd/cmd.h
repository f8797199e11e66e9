/* cmd.h: what the commands of src/cmd/ share beyond the dispatcher's
 * interface (cli.h): reading the text argument, finding an adapter and
 * opening the backend the way every command reports their failures, and
 * route's --explain table (also chat's /route). Modules never include this;
 * helpers here print their problems and return exit codes. */
#ifndef LOCO_CMD_CMD_H
#define LOCO_CMD_CMD_H

#include "cli.h"

/* Reads the query/prompt: positional words joined by spaces, "-" or no words
 * with stdin not a terminal reads stdin. Returns 0 (caller frees *out), or
 * LOCO_USAGE (nothing given on a terminal) or LOCO_BAD_INPUT with *err. */
int read_text_arg(const struct cmd_args *a, char **out, size_t *len, char **err);

/* The adapter NAME of the registry in force, or NULL after saying it is not
 * there (with a "did you mean"); callers exit LOCO_NOT_FOUND. */
const struct adapter *find_adapter(const struct loco_ctx *ctx, const char *name);

struct backend;
/* The server connection the config describes (Ollama or OpenAI-compatible);
 * prints the problem and returns an exit code when it cannot be made. */
int open_backend(const struct loco_ctx *ctx, struct backend **out);
/* The same for one Ollama server of several (host is OLLAMA_HOST-style). */
int open_backend_at(const struct loco_ctx *ctx, const char *host, struct backend **out);

struct model_info;
struct net_error;
/* backend_list_models(), asked of each server once a process: the embedding
 * router's look for its model's digest and the command's own check that its
 * model is there share one GET /api/tags. The caller frees *list
 * (model_list_free()). 0, or -1 with *e. */
int cmd_list_models(struct backend *b, struct model_info **list, size_t *n, struct net_error *e);

/* `loco setup` on llama.cpp and vLLM (setup_server.c): checks that every
 * LoRA adapter is loaded and prints the server's command line. */
int setup_server(struct loco_ctx *ctx, const struct cmd_args *args);

struct router;
struct route_decision;
/* The router config (router.kind, --router-kind if args has it) asks for;
 * warns when a learned kind falls back to keywords. 0, or an exit code
 * after printing the problem. */
int cmd_open_router(struct loco_ctx *ctx, const struct cmd_args *args, struct router **out);
struct router_embedder;
/* The embedding kind's server side, opened once per process (closed at
 * exit) for the routers commands make; 0, or an exit code after saying why
 * (no server, no such model). */
int cmd_router_embedder(struct loco_ctx *ctx, const struct router_embedder **out);
/* The num_ctx that embedder's requests send, when the chat's is not
 * inference.num_ctx (chat's chat.context_limit, query's --num-ctx), so that
 * an embed never makes Ollama reload the runner (issue 13). */
void cmd_router_embed_num_ctx(long num_ctx);
/* After router_decide(): when the embedding router could not embed the
 * question, says why and returns the exit code; else 0. */
int cmd_route_failed(const struct router *r);
/* `route --explain`: every adapter's score and hits, the margin and the
 * confidence, on stdout (also chat's /route). */
void route_explain(const struct loco_ctx *ctx, const struct router *r,
                   const struct route_decision *d);

#endif
