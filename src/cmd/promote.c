/* promote.c: `loco promote NAME` — make NAME the active adapter of its domain
 * by editing registry.yaml in place: only the `active` values change, every
 * comment and every other byte stays, and the file is replaced atomically. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "yedit.h"

/* Sets adapters.<name>.active in text; the new text replaces the old. */
static int set_active(const char *label, char **text, size_t *len, const char *name, bool on,
                      char **err)
{
	const char *path[] = {"adapters", name, "active"};
	char *out = NULL;
	size_t out_len = 0;
	if (yedit_set(label, *text, *len, path, 3, on ? "true" : "false", &out, &out_len, err) < 0)
		return -1;
	free(*text);
	*text = out;
	*len = out_len;
	return 0;
}

/* What a promotion did, for the message. */
struct promotion {
	bool already; /* NAME was the active adapter */
	char *was;    /* the adapter that was active before, or NULL */
	char *domain;
};

/* Under the registry's lock: the file as it is now (another promote or
 * install may have changed it since loco started), edited and written. */
static int promote_locked(const char *path, const char *name, struct promotion *p, char **err)
{
	char *text = NULL;
	size_t len = 0;
	struct registry cur;
	if (read_file(path, 64u << 20, &text, &len, err) < 0)
		return -1;
	if (registry_parse(&cur, path, text, len, err) < 0) {
		free(text);
		return -1;
	}
	const struct adapter *a = registry_find(&cur, name);
	int rc = a ? 0 : set_err(err, "it is no longer in the file");
	for (size_t i = 0; a && i < cur.n_adapters && rc == 0; i++) {
		const struct adapter *o = &cur.adapters[i];
		if (strcmp(o->domain, a->domain) || (o != a && !o->active) || (o == a && a->active))
			continue; /* only values that change are touched */
		if (o != a && !p->was)
			p->was = xstrdup(o->name);
		rc = set_active(path, &text, &len, o->name, o == a, err);
	}
	if (a) {
		p->already = a->active;
		p->domain = xstrdup(a->domain);
	}
	/* Never write a registry that loco itself would refuse. */
	struct registry check;
	if (rc == 0 && registry_parse(&check, path, text, len, err) == 0)
		registry_free(&check);
	else if (rc == 0)
		rc = -1;
	if (rc == 0 && !p->already)
		rc = write_file_atomic(path, text, len, err);
	registry_free(&cur);
	free(text);
	return rc;
}

static void print_promotion_json(const struct registry *reg, const char *name,
                                 const struct promotion *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "adapter", name);
	cJSON_AddStringToObject(o, "domain", p->domain);
	cJSON_AddItemToObject(o, "was", p->was ? cJSON_CreateString(p->was) : cJSON_CreateNull());
	cJSON_AddBoolToObject(o, "changed", !p->already);
	cJSON_AddStringToObject(o, "registry", reg->path);
	print_json(o);
}

static int run_promote(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct registry *reg = &ctx->reg;
	const char *name = args->pos[0];
	if (!find_adapter(ctx, name))
		return LOCO_NOT_FOUND;
	if (!reg->dir) {
		loco_error("the built-in registry cannot be edited");
		loco_hint("give a registry file with --registry or LOCO_REGISTRY");
		loco_hint_builtin_registry(ctx);
		return LOCO_USAGE;
	}
	char *err = NULL;
	struct promotion p = {0};
	int lock = file_lock(reg->path, &err);
	int rc = lock < 0 ? -1 : promote_locked(reg->path, name, &p, &err);
	file_unlock(lock);
	if (rc < 0) {
		loco_error("cannot promote '%s': %s", name, err);
		loco_hint("%s is unchanged", reg->path);
		free(err);
	} else if (ctx->json) {
		print_promotion_json(reg, name, &p);
	} else if (p.already) {
		loco_note(ctx, "'%s' is already the active adapter of domain '%s'", name, p.domain);
	} else if (p.was) {
		printf("%s is now the active adapter of domain '%s' (was %s)\n", name, p.domain,
		       p.was);
	} else {
		printf("%s is now the active adapter of domain '%s'\n", name, p.domain);
	}
	free(p.was);
	free(p.domain);
	return rc < 0 ? LOCO_BAD_INPUT : LOCO_OK;
}

const struct command cmd_promote = {
    .name = "promote",
    .run = run_promote,
    .needs = CMD_NO_NETWORK | CMD_NEEDS_REGISTRY,
    .summary = "make ADAPTER the active one of its domain",
    .usage = "ADAPTER",
    .description = "Sets active: true on ADAPTER and active: false on the other adapters of its\n"
                   "domain, editing the registry file in force in place: comments, order and\n"
                   "formatting stay byte for byte (CRLF line ends too), and the file is replaced\n"
                   "atomically, under a lock (REGISTRY.lock beside it) so that promotions and\n"
                   "installs at once never undo each other. The router only ever picks the\n"
                   "active adapter of a domain. With --json, one object: adapter, domain,\n"
                   "was (the adapter that was active, or null), changed, registry.",
    .min_pos = 1,
    .max_pos = 1,
};
