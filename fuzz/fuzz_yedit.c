/* fuzz_yedit.c: libFuzzer target for the YAML editor behind `config set`,
 * `promote` and `adapters install/add/remove` (yedit.h). The first byte picks
 * the edit (set, replace or remove), the key path and the value; the rest is
 * the file. Invariants, for a file that parses and an edit that succeeds: the
 * result parses; the edited key holds the new value (or is gone); and every
 * other value in the file is still there, the same, in the same order. A
 * failed edit says why and names the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "ydoc.h"
#include "yedit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[][3] = {
    {"eval", "jobs", NULL}, {"adapters", "math", "active"}, {"ollama", "host", NULL},
    {"a", NULL, NULL},      {"adapters", "geo", NULL},      {"a", "b", "c"},
};
static const struct {
	const char *yaml, *scalar; /* scalar: the value read back, NULL for a list */
} values[] = {{"8", "8"}, {"true", "true"}, {"\"x: y # z\"", "x: y # z"}, {"[a, \"b\"]", NULL}};

#define MAX_LEAVES 4096
#define MAX_DEPTH  64

/* Every scalar of a document as "path\x1fstyle:value", in document order. */
struct leaves {
	char *items[MAX_LEAVES];
	size_t n;
	bool skip; /* too big, too deep or with duplicate keys: not compared */
};

static void collect(struct ydoc *d, yaml_node_t *n, struct strbuf *path, int depth,
                    struct leaves *out)
{
	if (!n || out->skip || depth > MAX_DEPTH || out->n == MAX_LEAVES) {
		out->skip = true;
		return;
	}
	size_t keep = path->len;
	if (n->type == YAML_SCALAR_NODE) {
		sb_addf(path, "=%d:%s", (int)n->data.scalar.style, ydoc_scalar(n));
		out->items[out->n++] = xstrdup(path->buf);
	} else if (n->type == YAML_SEQUENCE_NODE) {
		size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
		for (size_t i = 0; i < count; i++) {
			sb_addf(path, "\x1f[%zu]", i);
			collect(d, ydoc_node(d, n->data.sequence.items.start[i]), path, depth + 1,
			        out);
			path->len = keep;
			path->buf[keep] = '\0';
		}
		if (!count)
			out->items[out->n++] = xasprintf("%s=[]", path->buf);
	} else {
		char *err = NULL;
		if (ydoc_check_duplicates(d, n, "x", &err) < 0)
			out->skip = true;
		free(err);
		yaml_node_t *k, *v;
		size_t i = 0;
		for (; !out->skip && ydoc_pair(d, n, i, &k, &v); i++) {
			sb_addf(path, "\x1f%s", ydoc_scalar(k));
			collect(d, v, path, depth + 1, out);
			path->len = keep;
			path->buf[keep] = '\0';
		}
		if (!i)
			out->items[out->n++] = xasprintf("%s={}", path->buf);
	}
}

static bool load_leaves(const char *text, size_t len, struct leaves *out, struct ydoc *d)
{
	memset(out, 0, sizeof *out);
	char *err = NULL;
	bool ok = ydoc_load(d, "fuzz.yaml", text, len, &err) == 0;
	free(err);
	if (ok && ydoc_root(d)) {
		struct strbuf path = STRBUF_INIT;
		sb_adds(&path, "");
		collect(d, ydoc_root(d), &path, 0, out);
		sb_free(&path);
	}
	return ok;
}

static void leaves_free(struct leaves *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
}

/* Whether a leaf lies on the edited path (under it, or one of its parents). */
static bool on_path(const char *leaf, const char *const *path, size_t depth)
{
	const char *p = leaf;
	for (size_t i = 0; i < depth; i++) {
		if (*p != '\x1f')
			return true; /* a parent of the edited key, now a mapping or gone */
		size_t n = strlen(path[i]);
		if (strncmp(p + 1, path[i], n) || !strchr("\x1f=", p[1 + n]))
			return false;
		p += 1 + n;
	}
	return true;
}

/* The leaves off the edited path are the same, in the same order. */
static void check_others(const struct leaves *a, const struct leaves *b, const char *const *path,
                         size_t depth)
{
	size_t j = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (on_path(a->items[i], path, depth))
			continue;
		while (j < b->n && on_path(b->items[j], path, depth))
			j++;
		if (j == b->n || strcmp(a->items[i], b->items[j]))
			abort();
		j++;
	}
	while (j < b->n && on_path(b->items[j], path, depth))
		j++;
	if (j != b->n)
		abort();
}

static void check_value(struct ydoc *d, const char *const *path, size_t depth, int op, size_t v)
{
	yaml_node_t *n = ydoc_root(d);
	for (size_t i = 0; i < depth && n; i++)
		n = n->type == YAML_MAPPING_NODE ? ydoc_get(d, n, path[i], NULL) : NULL;
	if (op == 2) {
		if (n)
			abort(); /* removed */
		return;
	}
	if (!n || (values[v].scalar ? !ydoc_scalar(n) || strcmp(ydoc_scalar(n), values[v].scalar)
	                            : n->type != YAML_SEQUENCE_NODE))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int op = data[0] % 3;
	size_t pi = (data[0] / 3) % (sizeof paths / sizeof paths[0]);
	size_t vi = (data[0] / 18) % (sizeof values / sizeof values[0]);
	const char *const *path = paths[pi];
	size_t depth = path[2] ? 3 : path[1] ? 2 : 1;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	char *out = NULL, *err = NULL;
	size_t out_len = 0;
	int rc = op == 0 ? yedit_set("fuzz.yaml", text, len, path, depth, values[vi].yaml, &out,
	                             &out_len, &err)
	         : op == 1
	             ? yedit_replace("fuzz.yaml", text, len, path, depth, values[vi].yaml, &out,
	                             &out_len, &err)
	             : yedit_remove("fuzz.yaml", text, len, path, depth, &out, &out_len, &err);
	if (rc < 0 && (!err || strncmp(err, "fuzz.yaml", 9) != 0))
		abort(); /* every failure names the file */
	struct leaves before, after;
	struct ydoc d0, d1;
	bool parsed = load_leaves(text, len, &before, &d0);
	if (rc == 0 && parsed) {
		if (!load_leaves(out, out_len, &after, &d1))
			abort(); /* the edit broke the file */
		check_value(&d1, path, depth, op, vi);
		if (!before.skip && !after.skip)
			check_others(&before, &after, path, depth);
		leaves_free(&after);
		ydoc_free(&d1);
	}
	leaves_free(&before);
	ydoc_free(&d0);
	free(out);
	free(err);
	return 0;
}
