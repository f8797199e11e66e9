/* ydoc.c: libyaml's document loader plus typed, located reads. The marks
 * libyaml keeps on every node give the "file:line:column" of each message. */
#include "ydoc.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int parser_err(yaml_parser_t *p, const char *label, const char *text, char **err)
{
	if (p->error == YAML_READER_ERROR) {
		/* Reader errors (bad UTF-8, control characters) carry a byte offset. */
		size_t line = 1, col = 1;
		for (size_t i = 0; i < p->problem_offset; i++, col++)
			if (text[i] == '\n')
				line++, col = 0;
		return set_err(err, "%s:%zu:%zu: %s", label, line, col, p->problem);
	}
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->context_mark;
	const char *problem = p->problem ? p->problem : "malformed YAML";
	if (p->error == YAML_MEMORY_ERROR)
		return set_err(err, "%s: out of memory while parsing", label);
	if (p->context)
		return set_err(err, "%s:%zu:%zu: %s %s", label, m->line + 1, m->column + 1, problem,
		               p->context);
	return set_err(err, "%s:%zu:%zu: %s", label, m->line + 1, m->column + 1, problem);
}

/* A first pass over the parser's events, before the loader builds anything:
 * libyaml's scanner takes time quadratic in the nesting depth (a 50,000-deep
 * "[[[...]]]" takes seconds, 200,000 never ends) and the loader keeps every
 * value in memory, so a file deeper than YDOC_MAX_DEPTH or with more than
 * YDOC_MAX_VALUES values stops here, at the place it went too far. So does an
 * alias inside the value its anchor names ("a: &x {b: *x}"): libyaml's loader
 * would make a value that contains itself, and every walk over it loop. */
struct shape {
	char *open[YDOC_MAX_DEPTH + 1]; /* the anchor of each open list or mapping */
	size_t depth, values;
};

static bool alias_is_open(const struct shape *sh, const char *anchor)
{
	for (size_t i = 0; i < sh->depth; i++)
		if (sh->open[i] && !strcmp(sh->open[i], anchor))
			return true;
	return false;
}

/* 1 to go on, 0 at the end, -1 with *err. */
static int shape_event(struct shape *sh, const yaml_event_t *e, const char *label, char **err)
{
	const yaml_mark_t *m = &e->start_mark;
	const char *anchor = NULL;
	switch (e->type) {
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		anchor = (const char *)e->data.sequence_start.anchor;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = (const char *)e->data.mapping_start.anchor;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (sh->depth) {
			free(sh->open[--sh->depth]);
			sh->open[sh->depth] = NULL;
		}
		return 1;
	case YAML_ALIAS_EVENT:
		if (alias_is_open(sh, (const char *)e->data.alias.anchor))
			return set_err(err,
			               "%s:%zu:%zu: alias *%s stands inside the value it names",
			               label, m->line + 1, m->column + 1, e->data.alias.anchor);
		/* fall through */
	case YAML_SCALAR_EVENT:
		if (++sh->values > YDOC_MAX_VALUES)
			return set_err(err, "%s:%zu:%zu: more than %d values", label, m->line + 1,
			               m->column + 1, YDOC_MAX_VALUES);
		return 1;
	default:
		return 1;
	}
	if (sh->depth == YDOC_MAX_DEPTH)
		return set_err(err, "%s:%zu:%zu: nested deeper than %d lists or mappings", label,
		               m->line + 1, m->column + 1, YDOC_MAX_DEPTH);
	if (++sh->values > YDOC_MAX_VALUES)
		return set_err(err, "%s:%zu:%zu: more than %d values", label, m->line + 1,
		               m->column + 1, YDOC_MAX_VALUES);
	sh->open[sh->depth++] = anchor ? xstrdup(anchor) : NULL;
	return 1;
}

static int check_shape(yaml_parser_t *p, const char *label, const char *text, char **err)
{
	struct shape sh = {0};
	int rc = 1;
	while (rc == 1) {
		yaml_event_t e;
		if (!yaml_parser_parse(p, &e)) {
			rc = parser_err(p, label, text, err);
			break;
		}
		rc = shape_event(&sh, &e, label, err);
		yaml_event_delete(&e);
	}
	for (size_t i = 0; i < sh.depth; i++)
		free(sh.open[i]);
	return rc;
}

int ydoc_load(struct ydoc *d, const char *label, const char *text, size_t len, char **err)
{
	memset(d, 0, sizeof *d);
	d->label = xstrdup(label);
	if (memchr(text, '\0', len)) {
		size_t off = (size_t)((const char *)memchr(text, '\0', len) - text), line = 1,
		       col = 1;
		for (size_t i = 0; i < off; i++, col++)
			if (text[i] == '\n')
				line++, col = 0;
		return set_err(err, "%s:%zu:%zu: NUL byte in file", label, line, col);
	}
	if (len > YDOC_MAX_BYTES)
		return set_err(err, "%s: larger than %u MiB", label, YDOC_MAX_BYTES >> 20);
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return set_err(err, "%s: cannot initialise the YAML parser", label);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	int rc = check_shape(&p, label, text, err);
	yaml_parser_delete(&p);
	if (rc < 0)
		return rc;
	if (!yaml_parser_initialize(&p))
		return set_err(err, "%s: cannot initialise the YAML parser", label);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &d->doc)) {
		rc = parser_err(&p, label, text, err);
	} else {
		d->loaded = true;
		yaml_document_t extra;
		if (!yaml_parser_load(&p, &extra)) {
			rc = parser_err(&p, label, text, err);
		} else {
			if (yaml_document_get_root_node(&extra)) {
				rc = set_err(
				    err, "%s:%zu:%zu: expected one YAML document, found more",
				    label, extra.start_mark.line + 1, extra.start_mark.column + 1);
			}
			yaml_document_delete(&extra);
		}
	}
	yaml_parser_delete(&p);
	return rc;
}

void ydoc_free(struct ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
	free(d->label);
	d->label = NULL;
}

yaml_node_t *ydoc_root(struct ydoc *d)
{
	return d->loaded ? yaml_document_get_root_node(&d->doc) : NULL;
}

yaml_node_t *ydoc_node(struct ydoc *d, int index)
{
	return yaml_document_get_node(&d->doc, index);
}

int ydoc_err(struct ydoc *d, const yaml_node_t *n, char **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	size_t line = n ? n->start_mark.line + 1 : 1, col = n ? n->start_mark.column + 1 : 1;
	set_err(err, "%s:%zu:%zu: %s", d->label, line, col, msg);
	free(msg);
	return -1;
}

const char *ydoc_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool ydoc_is_null(const yaml_node_t *n)
{
	if (!n)
		return true;
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *s = (const char *)n->data.scalar.value;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

const char *ydoc_kind(const yaml_node_t *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return ydoc_is_null(n) ? "an empty value" : "a single value";
	}
}

bool ydoc_pair(struct ydoc *d, yaml_node_t *map, size_t i, yaml_node_t **key, yaml_node_t **val)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return false;
	yaml_node_pair_t *start = map->data.mapping.pairs.start;
	if (i >= (size_t)(map->data.mapping.pairs.top - start))
		return false;
	*key = ydoc_node(d, start[i].key);
	*val = ydoc_node(d, start[i].value);
	return true;
}

yaml_node_t *ydoc_get(struct ydoc *d, yaml_node_t *map, const char *key, yaml_node_t **keynode)
{
	yaml_node_t *k, *v;
	for (size_t i = 0; ydoc_pair(d, map, i, &k, &v); i++) {
		const char *s = ydoc_scalar(k);
		if (s && !strcmp(s, key)) {
			if (keynode)
				*keynode = k;
			return v;
		}
	}
	return NULL;
}

struct key_at {
	const char *key;
	size_t index;
};

static int cmp_key_at(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Sorting keeps this O(n log n): registries can hold thousands of adapters. */
int ydoc_check_duplicates(struct ydoc *d, yaml_node_t *map, const char *what, char **err)
{
	yaml_node_t *k, *v;
	size_t n = 0;
	while (ydoc_pair(d, map, n, &k, &v)) {
		if (!ydoc_scalar(k))
			return ydoc_err(d, k, err, "%s: keys must be plain names, found %s", what,
			                ydoc_kind(k));
		n++;
	}
	struct key_at *keys = xcalloc(n ? n : 1, sizeof *keys);
	for (size_t i = 0; ydoc_pair(d, map, i, &k, &v); i++)
		keys[i] = (struct key_at){ydoc_scalar(k), i};
	qsort(keys, n, sizeof *keys, cmp_key_at);
	/* Report the duplicate that comes first in the file. */
	size_t first = SIZE_MAX, second = SIZE_MAX;
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(keys[i].key, keys[i - 1].key) && keys[i].index < second) {
			second = keys[i].index;
			first = keys[i - 1].index;
			while (i + 1 < n && !strcmp(keys[i + 1].key, keys[i].key))
				i++; /* later copies of the same key report nothing new */
		}
	}
	free(keys);
	if (second == SIZE_MAX)
		return 0;
	yaml_node_t *k1 = NULL, *k2 = NULL;
	ydoc_pair(d, map, first, &k1, &v);
	ydoc_pair(d, map, second, &k2, &v);
	return ydoc_err(d, k2, err, "%s: duplicate key '%s' (first at line %zu)", what,
	                ydoc_scalar(k2), k1->start_mark.line + 1);
}

int ydoc_string(struct ydoc *d, yaml_node_t *n, const char *what, char **out, char **err)
{
	const char *s = ydoc_scalar(n);
	if (!s || ydoc_is_null(n))
		return ydoc_err(d, n, err, "%s: expected a string, found %s", what, ydoc_kind(n));
	free(*out);
	*out = xstrdup(s);
	return 0;
}

int ydoc_bool(struct ydoc *d, yaml_node_t *n, const char *what, bool *out, char **err)
{
	const char *s = ydoc_scalar(n);
	if (s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
			*out = false;
			return 0;
		}
	}
	bool quote = s && !ydoc_is_null(n);
	return ydoc_err(d, n, err, "%s: expected true or false, found %s%s%s", what,
	                quote ? "'" : "", quote ? s : ydoc_kind(n), quote ? "'" : "");
}

int ydoc_long(struct ydoc *d, yaml_node_t *n, const char *what, long *out, char **err)
{
	const char *s = ydoc_scalar(n);
	if (s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && parse_long(s, out))
		return 0;
	return ydoc_err(d, n, err, "%s: expected a whole number, found %s%s%s", what, s ? "'" : "",
	                s ? s : ydoc_kind(n), s ? "'" : "");
}

int ydoc_double(struct ydoc *d, yaml_node_t *n, const char *what, double *out, char **err)
{
	const char *s = ydoc_scalar(n);
	if (s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && parse_double(s, out))
		return 0;
	return ydoc_err(d, n, err, "%s: expected a number, found %s%s%s", what, s ? "'" : "",
	                s ? s : ydoc_kind(n), s ? "'" : "");
}

int ydoc_string_list(struct ydoc *d, yaml_node_t *n, const char *what, char ***out, size_t *count,
                     char **err)
{
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, n, err, "%s: expected a list, found %s", what, ydoc_kind(n));
	yaml_node_item_t *start = n->data.sequence.items.start;
	size_t len = (size_t)(n->data.sequence.items.top - start);
	char **list = xcalloc(len ? len : 1, sizeof *list);
	for (size_t i = 0; i < len; i++) {
		yaml_node_t *item = ydoc_node(d, start[i]);
		const char *s = ydoc_scalar(item);
		if (!s || ydoc_is_null(item) || !s[strspn(s, " \t\r\n")]) {
			ydoc_err(d, item, err,
			         "%s: item %zu: expected a non-empty string, found %s", what, i + 1,
			         s && !ydoc_is_null(item) ? "a blank string" : ydoc_kind(item));
			free_string_list(list, i);
			return -1;
		}
		list[i] = xstrdup(s);
	}
	free_string_list(*out, *count);
	*out = list;
	*count = len;
	return 0;
}
