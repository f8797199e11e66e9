/* models.h: making an adapter's Ollama model exist and match the registry
 * (SPEC section 8), and the record in $LOCO_HOME/models.json of what loco
 * made, so that the next run can tell "up to date" from "out of date"
 * without asking the server to compare model files.
 *
 * A model is out of date when the adapter's version, the digest of its GGUF
 * file or the rest of its /api/create request (system prompt, base model)
 * differ from the record, or when the server lists another digest for it
 * than the one recorded after creating it (someone remade it by hand).
 *
 * Ownership: struct model_records owns its tree and path; an outcome owns its
 * reason and error; registry, adapter, backend and installed-model arguments
 * are borrowed. Nothing here prints: progress goes to the caller's callbacks.
 */
#ifndef LOCO_MODELS_H
#define LOCO_MODELS_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "registry.h"

struct cJSON;

/* What loco created, per server address and model name. */
struct model_records {
	char *path; /* the file, normally $LOCO_HOME/models.json */
	struct cJSON *root;
	bool dirty; /* changed since loaded */
};

/* Reads path; a missing file is an empty record. A malformed one returns -1
 * with *err and leaves empty records that still work (the caller warns: at
 * worst every model is made again). */
int model_records_load(struct model_records *r, const char *path, char **err);
/* Writes the records atomically when they changed; 0 or -1 with *err. */
int model_records_save(struct model_records *r, char **err);
void model_records_free(struct model_records *r);
/* Drops the record of model on server (after deleting the model). */
void model_records_forget(struct model_records *r, const char *server, const char *model);
/* Remembers the digest the server lists for a model loco recorded, so a
 * model remade behind loco's back counts as out of date. */
void model_records_set_digest(struct model_records *r, const char *server, const char *model,
                              const char *digest);

enum model_status {
	MODEL_READY,        /* already there and up to date */
	MODEL_CREATED,      /* created (or remade) now */
	MODEL_WOULD_CREATE, /* dry run: would be created */
	MODEL_SKIPPED,      /* its file is absent: nothing sent */
	MODEL_FAILED,       /* a request or a local step failed */
};
const char *model_status_name(enum model_status s); /* "ready", "created", ... */

struct model_ensure_opts {
	const struct model_info *installed; /* the server's models (backend_list_models) */
	size_t n_installed;
	bool base_available; /* the base model is on the server; "from" needs it */
	bool force;          /* remake even when up to date */
	bool dry_run;        /* decide and hash, send nothing that changes the server */
	/* The GGUF's SHA-256 when the caller has just verified it (an install),
	 * so it is not read again; NULL = from the record, or hashed. */
	const char *file_sha256;
	/* Called once a model is going to be created, before any request. */
	void (*starting)(void *ctx, const char *model, const char *reason);
	/* Hashing, upload and create progress for model. */
	void (*progress)(void *ctx, const char *model, const struct progress_event *ev);
	void *ctx;
};

struct model_outcome {
	enum model_status status;
	char *reason; /* why it was (or would be) created, skipped or failed; NULL if ready */
	struct net_error error; /* set when a request failed (NET_INTERRUPTED after Ctrl-C) */
};

/* Makes locollm-<name> exist on the server as the registry describes it:
 * system-prompt: {"model", "from": base, "system"}; merged-gguf: upload the
 * GGUF as a blob (HEAD first, POST only when missing), then {"model",
 * "files"}; lora: the same upload, then {"model", "from", "adapters"}. The
 * record is updated on success (saving it is the caller's). */
void model_ensure_adapter(struct backend *b, const struct registry *reg, const struct adapter *a,
                          struct model_records *rec, const struct model_ensure_opts *o,
                          struct model_outcome *out);
void model_outcome_free(struct model_outcome *o);

/* The /api/create body for an adapter, "stream": true included; file_sha256
 * is the hex digest of its GGUF (NULL for system-prompt). Caller owns it. */
struct cJSON *model_create_request(const struct registry *reg, const struct adapter *a,
                                   const char *file_sha256);

/* The installed model called name, or NULL: tags compared as Ollama does, an
 * OpenAI-style list's ids and aliases exactly (struct model_info). */
const struct model_info *model_find(const struct model_info *list, size_t n, const char *name);

#endif
