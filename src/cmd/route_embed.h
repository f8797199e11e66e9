/* route_embed.h: the embedding router's server side for route, query, chat
 * and `router train --kind embedding` (route_embed.c). An embedder owns its
 * backend and strings (embedder_close()). */
#ifndef LOCO_ROUTE_EMBED_H
#define LOCO_ROUTE_EMBED_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "router.h"

struct loco_ctx;

/* Inputs per /api/embed request. */
#define EMBED_BATCH 32

struct embedder {
	struct backend *b;
	char *model;              /* router.embed_model, else the base model */
	char *digest;             /* on the server; "" when it gives none (OpenAI-compatible) */
	struct chat_options opts; /* the runner options a chat sends (num_ctx) */
	struct router_embedder re;
	int exit;          /* the exit code of the last failure */
	unsigned requests; /* embedding requests made */
};

/* The model the embedding router embeds with. */
const char *embedder_model_name(const struct loco_ctx *ctx);
/* Opens the backend (lifting a no-network command's ban on libcurl) and
 * finds the model's digest. -1 with *err (caller frees) and e->exit; the
 * embedder is then still closed with embedder_close(). */
int embedder_open(struct loco_ctx *ctx, struct embedder *e, char **err);
void embedder_close(struct embedder *e);
/* Vectors of n texts, EMBED_BATCH a request: *vecs (caller frees) n rows of
 * *dim floats. -1 with *err and e->exit. */
int embedder_texts(struct embedder *e, const char *const *texts, size_t n, float **vecs,
                   size_t *dim, char **err);
/* Says msg on stderr: its first line as an error (a warning with warn), the
 * others as hint: lines. The embedder's messages and the embedding router's
 * notes are written so. */
void embed_say(bool warn, const char *msg);
/* eval --router's env for embedding_learner (learner.h): a struct
 * embed_env over an embedder and the training cache, which close saves.
 * 0, or an exit code after saying why. */
int router_embed_env_open(struct loco_ctx *ctx, void **env);
void router_embed_env_close(void *env);
/* router_embed_fn over an embedder (ctx). */
int embedder_query(void *ctx, const char *text, size_t len, float **vec, size_t *dim, char **err);

#endif
