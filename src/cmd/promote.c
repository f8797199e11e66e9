/* promote.c: `loco promote NAME` — make NAME the active adapter of its domain
 * by editing registry.yaml in place: only the `active` values change, every
 * comment and every other byte stays, and the file is replaced atomically. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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

static int run_promote(struct loco_ctx *ctx, const struct cmd_args *args)
{
	const struct registry *reg = &ctx->reg;
	const char *name = args->pos[0];
	const struct adapter *a = find_adapter(ctx, name);
	if (!a)
		return LOCO_NOT_FOUND;
	if (!reg->dir) {
		loco_error("the built-in registry cannot be edited; give a registry file with "
		           "--registry or LOCO_REGISTRY");
		return LOCO_USAGE;
	}
	char *text = NULL, *err = NULL;
	size_t len = 0;
	if (read_file(reg->path, 64u << 20, &text, &len, &err) < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	int rc = 0;
	const char *was = NULL;
	for (size_t i = 0; i < reg->n_adapters && rc == 0; i++) {
		const struct adapter *o = &reg->adapters[i];
		if (strcmp(o->domain, a->domain) || (o != a && !o->active) || (o == a && a->active))
			continue; /* only values that change are touched */
		if (o != a)
			was = o->name;
		rc = set_active(reg->path, &text, &len, o->name, o == a, &err);
	}
	/* Never write a registry that loco itself would refuse. */
	struct registry check;
	if (rc == 0 && registry_parse(&check, reg->path, text, len, &err) == 0)
		registry_free(&check);
	else if (rc == 0)
		rc = -1;
	if (rc == 0 && !a->active)
		rc = write_file_atomic(reg->path, text, len, &err);
	if (rc < 0) {
		loco_error("cannot promote '%s': %s; %s is unchanged", name, err, reg->path);
		free(err);
		free(text);
		return LOCO_BAD_INPUT;
	}
	if (a->active)
		loco_note(ctx, "'%s' is already the active adapter of domain '%s'", name,
		          a->domain);
	else if (was)
		printf("%s is now the active adapter of domain '%s' (was %s)\n", name, a->domain,
		       was);
	else
		printf("%s is now the active adapter of domain '%s'\n", name, a->domain);
	free(text);
	return LOCO_OK;
}

const struct command cmd_promote = {
    .name = "promote",
    .run = run_promote,
    .needs = CMD_NO_NETWORK | CMD_NEEDS_REGISTRY,
    .summary = "make ADAPTER the active one of its domain",
    .usage = "ADAPTER",
    .description = "Sets active: true on ADAPTER and active: false on the other adapters of its\n"
                   "domain, editing the registry file in force in place: comments, order and\n"
                   "formatting stay byte for byte, and the file is replaced atomically. The\n"
                   "router only ever picks the active adapter of a domain.",
    .min_pos = 1,
    .max_pos = 1,
};
