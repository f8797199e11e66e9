/* install.h: the registry of installed adapters ($LOCO_HOME/registry.yaml)
 * and the install, update and remove transactions on it. The commands of
 * src/cmd/adapters_install.c parse options and print; this module decides,
 * downloads (download.h), edits the registry in place (yedit.h) and makes or
 * deletes the Ollama models (models.h), and says what became of each adapter
 * in an outcome whose states are enums, not strings.
 *
 * $LOCO_HOME/registry.yaml shadows the installed or built-in registry once it
 * exists, so the first install seeds it with that registry's text (relative
 * paths made absolute): the shipped adapters stay available next to the
 * installed ones. Installed entries carry `installed_from`, which is how
 * remove and update know them.
 *
 * Nothing here prints to stdout or exits. Failing functions return an exit
 * code of util.h (LOCO_FAIL, LOCO_UNREACHABLE, ...) and a message in *err;
 * the only other output is the progress display the caller hands in.
 */
#ifndef LOCO_INSTALL_H
#define LOCO_INSTALL_H

#include <stdbool.h>
#include <stdint.h>

#include "models.h"
#include "registry.h"

struct backend;
struct progress_display;

/* ---- the home registry ---------------------------------------------------- */

struct home_registry {
	char *path; /* $LOCO_HOME/registry.yaml */
	char *text; /* its text, or the seed when it does not exist yet */
	size_t len;
	char *seeded_from; /* the registry the seed was copied from; NULL when it exists */
};

/* Sets h->path to $LOCO_HOME/registry.yaml, with no text yet. */
void home_registry_init(const char *home, struct home_registry *h);
/* Reads the file at h->path, which must exist (a remove). */
int home_registry_read(struct home_registry *h, char **err);
/* Reads $LOCO_HOME/registry.yaml, or makes its seed when it does not exist. */
int home_registry_open(const char *home, struct home_registry *h, char **err);
void home_registry_free(struct home_registry *h);
/* Parses h's text as the home registry: relative paths start at home. */
int home_registry_parse(const char *home, const struct home_registry *h, struct registry *r,
                        char **err);
/* Checks that h's text still loads, then writes it atomically. */
int home_registry_write(const char *home, const struct home_registry *h, char **err);
/* Whether an entry carries installed_from (was made by an install). */
bool adapter_installed_here(const struct adapter *a);
/* The version of name when $LOCO_HOME/registry.yaml has it installed with
 * its files in place (caller frees), else NULL. */
char *home_ready_version(const char *home, const char *name);

/* ---- what the transactions work with ---------------------------------------- */

struct install_env {
	const char *home; /* $LOCO_HOME */
	long connect_timeout, stall_timeout;
	struct progress_display *show; /* progress goes here; NULL: none */
	struct backend *b;             /* the server, or NULL: no models made or deleted */
	const struct model_info *models;
	size_t n_models;
	struct model_records *rec; /* the records of models.json; with b */
};

/* A server failure as an exit code and a message naming what was being done
 * and how to fix it (fix is appended to the unreachable message). */
int install_server_error(const struct backend *b, const struct net_error *e, const char *doing,
                         const char *fix, char **err);

/* ---- install ----------------------------------------------------------------- */

struct install_outcome {
	int code;    /* 0, or the exit code of what stopped the install */
	char *error; /* what stopped it, with code */
	/* The home registry as the entry was written (path set even on failure);
	 * its seeded_from says the first install created it from that one. */
	struct home_registry entered;
	char *file; /* the model file, absolute; NULL for a system-prompt adapter */
	char sha256[65];
	int64_t bytes, resumed_from;
	bool active; /* entered active (a may ask for it, but its domain is taken) */
	/* The model, once install_make_model ran (else MODEL_SKIPPED, not made). */
	bool model_made;
	enum model_status model;
	int model_code; /* 0, or the exit code of its failure */
	char *model_error;
};

/* Installs adapter a of registry src: checks it can work here, downloads and
 * verifies its file, and enters it in $LOCO_HOME/registry.yaml under its lock
 * (from is written as its installed_from; source names src in messages).
 * The outcome is filled either way; returns its code. */
int install_adapter(const struct install_env *env, const struct registry *src,
                    const struct adapter *a, const char *from, const char *source,
                    struct install_outcome *out);
/* Makes the model of the entry just installed (env->b must be open). */
void install_make_model(const struct install_env *env, const char *name,
                        struct install_outcome *out);
void install_outcome_free(struct install_outcome *out);

/* ---- update -------------------------------------------------------------------- */

enum update_status {
	UPDATE_NOT_IN_INDEX,
	UPDATE_NOT_COMPARABLE, /* the versions are not both semantic versions */
	UPDATE_UP_TO_DATE,
	UPDATE_WOULD_UPDATE, /* --check */
	UPDATE_NEWER,        /* the index has a newer version: install it */
};
const char *update_status_name(enum update_status s); /* "not_in_index", ... */
/* What the index offers for the installed adapter cur; *next is its entry
 * there, or NULL. */
enum update_status update_compare(const struct registry *index, const struct adapter *cur,
                                  bool check, const struct adapter **next);

/* ---- remove -------------------------------------------------------------------- */

enum removal_model {
	REMOVAL_MODEL_KEPT,        /* --keep-model */
	REMOVAL_MODEL_DELETED,     /* deleted now */
	REMOVAL_MODEL_ABSENT,      /* the server did not have it */
	REMOVAL_MODEL_NOT_DELETED, /* the server failed, went away, or Ctrl-C */
};
const char *removal_model_name(enum removal_model m); /* "kept", "deleted", ... */

struct removal {
	const char *name;    /* borrowed */
	char *restored_from; /* the registry whose entry was put back; NULL: deleted */
	char *restored_version;
	int files; /* deleted; -1 when they could not all be */
	char *files_err;
	enum removal_model model;
};

/* Edits h's text (in memory) for removing each adapter: its entry deleted,
 * or the entry of the registry h shadows put back in its place. Returns 0
 * or an exit code with *err. */
int remove_plan(struct home_registry *h, const struct registry *home, struct removal *rm, size_t n,
                char **err);
/* Once the registry is written: deletes the adapter's model (with env->b;
 * stop says the server is gone, so it is not tried) and then its files.
 * Returns the exit code of the model's failure, 0 when none; the files'
 * failure is in x->files. */
int remove_apply(const struct install_env *env, bool stop, struct removal *x, char **err);
void removal_free(struct removal *x);

#endif
