/* yedit.c: in-place YAML edits driven by libyaml's node marks. The new text is
 * the old text with exactly one span replaced or one run of lines inserted. */
#include "yedit.h"

#include <string.h>

#include "util.h"
#include "ydoc.h"

char *yaml_quote(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add(&sb, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			sb_adds(&sb, "\\\"");
			break;
		case '\\':
			sb_adds(&sb, "\\\\");
			break;
		case '\n':
			sb_adds(&sb, "\\n");
			break;
		case '\t':
			sb_adds(&sb, "\\t");
			break;
		case '\r':
			sb_adds(&sb, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				sb_addf(&sb, "\\x%02x", *p);
			else
				sb_add(&sb, p, 1);
		}
	}
	sb_add(&sb, "\"", 1);
	return sb_detach(&sb);
}

/* libyaml's mark.index counts characters, not bytes (and skips a UTF-8 byte
 * order mark), so every mark is turned into a byte offset through this table. */
struct offsets {
	size_t *byte; /* byte offset of each character, plus one for the end */
	size_t n;
};

static void offsets_init(struct offsets *o, const char *text, size_t len)
{
	size_t start = len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
	o->byte = xmalloc((len + 1) * sizeof *o->byte);
	o->n = 0;
	for (size_t i = start; i < len; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			o->byte[o->n++] = i;
	o->byte[o->n] = len;
}

static size_t at(const struct offsets *o, size_t char_index)
{
	return o->byte[char_index <= o->n ? char_index : o->n];
}

static bool is_flow(const yaml_node_t *n)
{
	return (n->type == YAML_MAPPING_NODE && n->data.mapping.style == YAML_FLOW_MAPPING_STYLE) ||
	       (n->type == YAML_SEQUENCE_NODE &&
	        n->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE);
}

/* Where the last value inside n ends (a character index): after its text. */
static size_t last_leaf_end(struct ydoc *d, yaml_node_t *n)
{
	if (n->type == YAML_SCALAR_NODE || is_flow(n))
		return n->end_mark.index;
	if (n->type == YAML_MAPPING_NODE && n->data.mapping.pairs.top > n->data.mapping.pairs.start)
		return last_leaf_end(d, ydoc_node(d, n->data.mapping.pairs.top[-1].value));
	if (n->type == YAML_SEQUENCE_NODE &&
	    n->data.sequence.items.top > n->data.sequence.items.start)
		return last_leaf_end(d, ydoc_node(d, n->data.sequence.items.top[-1]));
	return n->end_mark.index;
}

/* Whether the last value inside n is a block scalar ('|' or '>'), whose text
 * gains a line break when one is added after it. */
static bool ends_in_block_scalar(struct ydoc *d, yaml_node_t *n)
{
	for (int guard = 0; n && guard <= YDOC_MAX_DEPTH; guard++) {
		if (n->type == YAML_SCALAR_NODE)
			return n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			       n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
		if (is_flow(n))
			return false;
		if (n->type == YAML_MAPPING_NODE &&
		    n->data.mapping.pairs.top > n->data.mapping.pairs.start)
			n = ydoc_node(d, n->data.mapping.pairs.top[-1].value);
		else if (n->type == YAML_SEQUENCE_NODE &&
		         n->data.sequence.items.top > n->data.sequence.items.start)
			n = ydoc_node(d, n->data.sequence.items.top[-1]);
		else
			return false;
	}
	return false;
}

/* Whether node n is reached from more than one place (an anchor with an
 * alias): libyaml's loader gives an alias the anchored node itself, so an
 * edit inside it would change every key that names it. */
static bool shared(struct ydoc *d, const yaml_node_t *n)
{
	int id = (int)(n - d->doc.nodes.start) + 1, refs = id == 1;
	for (yaml_node_t *m = d->doc.nodes.start; m < d->doc.nodes.top && refs < 2; m++) {
		if (m->type == YAML_MAPPING_NODE)
			for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
			     p < m->data.mapping.pairs.top; p++)
				refs += (p->key == id) + (p->value == id);
		else if (m->type == YAML_SEQUENCE_NODE)
			for (yaml_node_item_t *i = m->data.sequence.items.start;
			     i < m->data.sequence.items.top; i++)
				refs += *i == id;
	}
	return refs > 1;
}

static int shared_err(struct ydoc *d, const yaml_node_t *n, const char *key, char **err)
{
	return ydoc_err(d, n, err,
	                "'%s' is shared through a YAML alias (&anchor and *alias); edit the "
	                "file by hand",
	                key);
}

/* The value of key in map, refusing a key written twice (which one would the
 * edit mean?). */
static int unique_get(struct ydoc *d, yaml_node_t *map, const char *key, yaml_node_t **k,
                      yaml_node_t **v, char **err)
{
	yaml_node_t *kn, *vn;
	*k = *v = NULL;
	for (size_t i = 0; ydoc_pair(d, map, i, &kn, &vn); i++) {
		const char *s = ydoc_scalar(kn);
		if (!s || strcmp(s, key))
			continue;
		if (*k)
			return ydoc_err(d, kn, err,
			                "'%s' is written twice (first at line %zu); remove one",
			                key, (*k)->start_mark.line + 1);
		*k = kn;
		*v = vn;
	}
	return 0;
}

/* The edited text must read back, with the key where it was meant to be (or
 * gone): an anchor replaced or removed with its value would leave an alias
 * elsewhere pointing at nothing, and text added after an odd construct
 * ("? key" with nothing after it) could land under another key. */
static int check_result(const char *label, const char *const *path, size_t depth, bool present,
                        long want_pairs, char **out, size_t *out_len, char **err)
{
	struct ydoc d;
	char *why = NULL;
	int rc = ydoc_load(&d, label, *out, *out_len, &why);
	yaml_node_t *n = rc == 0 ? ydoc_root(&d) : NULL;
	long pairs = -1;
	for (size_t i = 0; i < depth && n; i++) {
		if (n->type == YAML_MAPPING_NODE && i + 1 == depth)
			pairs = n->data.mapping.pairs.top - n->data.mapping.pairs.start;
		n = n->type == YAML_MAPPING_NODE ? ydoc_get(&d, n, path[i], NULL) : NULL;
	}
	ydoc_free(&d);
	if (rc == 0 && (n != NULL) == present && (want_pairs < 0 || pairs == want_pairs))
		return 0;
	if (rc == 0)
		set_err(err, "%s: cannot edit '%s' in place safely; edit the file by hand", label,
		        path[depth - 1]);
	else
		set_err(err, "%s: the edit would leave the file unreadable (%s); edit it by hand",
		        label, why);
	free(why);
	free(*out);
	*out = NULL;
	*out_len = 0;
	return -1;
}

/* "k1: {k2: {k3: value}}" for the flow forms of missing keys. */
static char *flow_chain(const char *const *path, size_t depth, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < depth; i++)
		sb_addf(&sb, i + 1 < depth ? "%s: {" : "%s: ", path[i]);
	sb_adds(&sb, value);
	for (size_t i = 1; i < depth; i++)
		sb_adds(&sb, "}");
	return sb_detach(&sb);
}

/* The block form: one line per missing level, indented two more each time. */
static char *block_chain(const char *const *path, size_t depth, const char *value, size_t indent)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < depth; i++) {
		sb_addf(&sb, "%*s%s:", (int)(indent + 2 * i), "", path[i]);
		sb_adds(&sb, i + 1 < depth ? "\n" : " ");
	}
	sb_addf(&sb, "%s\n", value);
	return sb_detach(&sb);
}

/* Whether the file ends its lines with "\r\n" (its first line says). */
static bool uses_crlf(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);
	return nl && nl > text && nl[-1] == '\r';
}

/* Inserted text ends its lines as the file does, so a CRLF registry stays CRLF. */
static void add_lines(struct strbuf *sb, const char *ins, bool crlf)
{
	for (const char *p = ins; *p; p++) {
		if (*p == '\n' && crlf && (p == ins || p[-1] != '\r'))
			sb_add(sb, "\r", 1);
		sb_add(sb, p, 1);
	}
}

static int splice(const char *text, size_t len, size_t at, size_t cut, const char *ins, char **out,
                  size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add(&sb, text, at);
	add_lines(&sb, ins, uses_crlf(text, len));
	sb_add(&sb, text + at + cut, len - at - cut);
	*out_len = sb.len;
	*out = sb_detach(&sb);
	return 0;
}

static int insert_into(struct ydoc *d, const struct offsets *o, const char *text, size_t len,
                       yaml_node_t *map, const char *const *path, size_t depth, const char *value,
                       char **out, size_t *out_len, char **err)
{
	if (is_flow(map)) {
		size_t close = at(o, map->end_mark.index);
		if (close == 0 || text[close - 1] != '}')
			return ydoc_err(d, map, err, "cannot edit this mapping in place");
		char *chain = flow_chain(path, depth, value);
		bool empty = map->data.mapping.pairs.top == map->data.mapping.pairs.start;
		char *ins = xasprintf("%s%s", empty ? "" : ", ", chain);
		splice(text, len, close - 1, 0, ins, out, out_len);
		free(ins);
		free(chain);
		return 0;
	}
	yaml_node_t *first = ydoc_node(d, map->data.mapping.pairs.start[0].key);
	size_t pos = at(o, last_leaf_end(d, map));
	if (!(pos > 0 && text[pos - 1] == '\n')) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		pos = nl ? (size_t)(nl - text) + 1 : len;
	}
	bool add_break = pos == len && len && text[len - 1] != '\n';
	if (add_break && ends_in_block_scalar(d, map))
		return ydoc_err(d, map, err,
		                "the file ends in a '|' or '>' text without a line break, which "
		                "an added key would change; end the file with a newline first");
	char *chain = block_chain(path, depth, value, first->start_mark.column);
	char *ins = add_break ? xasprintf("\n%s", chain) : NULL;
	splice(text, len, pos, 0, ins ? ins : chain, out, out_len);
	free(ins);
	free(chain);
	return 0;
}

/* Replaces a block-style value (a mapping or list over several lines): from
 * just after the key's colon to the end of the value's last text, so the key,
 * its indentation and whatever follows the value stay. */
static int replace_block(struct ydoc *d, const struct offsets *o, const char *text, size_t len,
                         yaml_node_t *k, yaml_node_t *v, const char *repl, char **out,
                         size_t *out_len, char **err)
{
	size_t a = at(o, k->end_mark.index), b = at(o, last_leaf_end(d, v));
	while (a < len && (text[a] == ' ' || text[a] == '\t'))
		a++;
	if (a >= len || text[a] != ':' || b <= a)
		return ydoc_err(d, k, err,
		                "cannot replace this value in place; edit the file by hand");
	a++;
	/* a block scalar's end mark is past its line break: keep that break */
	while (b > a && (text[b - 1] == '\n' || text[b - 1] == '\r'))
		b--;
	char *ins = xasprintf(" %s", repl);
	splice(text, len, a, b - a, ins, out, out_len);
	free(ins);
	return 0;
}

static int replace_value(struct ydoc *d, const struct offsets *o, const char *text, size_t len,
                         yaml_node_t *k, yaml_node_t *v, const char *repl, bool any, char **out,
                         size_t *out_len, char **err)
{
	if (v->type != YAML_SCALAR_NODE && !is_flow(v) && any && k)
		return replace_block(d, o, text, len, k, v, repl, out, out_len, err);
	if (v->type != YAML_SCALAR_NODE && !is_flow(v))
		return ydoc_err(
		    d, v, err,
		    "cannot replace %s written in block style in place; edit the file by hand",
		    ydoc_kind(v));
	size_t a = at(o, v->start_mark.index), b = at(o, v->end_mark.index);
	/* a block scalar ('|', '>') ends past its blank lines and last break: the
	 * new value takes only its text, the break before the next key stays */
	if (v->type == YAML_SCALAR_NODE && (v->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	                                    v->data.scalar.style == YAML_FOLDED_SCALAR_STYLE))
		while (b > a + 1 && text[b - 1] && strchr(" \t\r\n", text[b - 1]))
			b--;
	/* An empty value ("key:" then a newline) sits right after the colon; any
	 * other empty value (an explicit "? key" without one) has no safe spot. */
	if (a == b) {
		size_t p = a;
		while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t'))
			p--;
		if (p == 0 || text[p - 1] != ':')
			return ydoc_err(
			    d, v, err, "cannot place a value here in place; edit the file by hand");
	}
	/* "{}#c" is a value and a comment; "8#c" would be one plain value */
	const char *gap = b < len && text[b] == '#' ? " " : "";
	char *ins = xasprintf("%s%s%s", a == b ? " " : "", repl, gap);
	splice(text, len, a, b - a, ins, out, out_len);
	free(ins);
	return 0;
}

static int edit_doc(struct ydoc *d, const struct offsets *o, const char *text, size_t len,
                    const char *const *path, size_t depth, const char *value, bool any, char **out,
                    size_t *out_len, char **err)
{
	yaml_node_t *map = ydoc_root(d);
	if (!map) {
		char *chain = block_chain(path, depth, value, 0);
		char *ins =
		    len && text[len - 1] != '\n' ? xasprintf("\n%s", chain) : xstrdup(chain);
		splice(text, len, len, 0, ins, out, out_len);
		free(ins);
		free(chain);
		return 0;
	}
	if (map->type != YAML_MAPPING_NODE)
		return ydoc_err(d, map, err, "expected a mapping at the top, found %s",
		                ydoc_kind(map));
	for (size_t k = 0; k < depth; k++) {
		yaml_node_t *kn, *v;
		if (unique_get(d, map, path[k], &kn, &v, err) < 0)
			return -1;
		if (!v)
			return insert_into(d, o, text, len, map, path + k, depth - k, value, out,
			                   out_len, err);
		if (shared(d, v))
			return shared_err(d, v, path[k], err);
		if (k + 1 == depth)
			return replace_value(d, o, text, len, kn, v, value, any, out, out_len, err);
		if (v->type == YAML_MAPPING_NODE) {
			map = v;
			continue;
		}
		if (!ydoc_is_null(v))
			return ydoc_err(d, v, err, "'%s' is %s, not a mapping", path[k],
			                ydoc_kind(v));
		char *chain = flow_chain(path + k + 1, depth - k - 1, value);
		char *repl = xasprintf("{%s}", chain);
		int rc = replace_value(d, o, text, len, kn, v, repl, false, out, out_len, err);
		free(repl);
		free(chain);
		return rc;
	}
	return set_err(err, "empty key path");
}

/* YAML also ends lines with a lone '\r' (old Mac files); the edits here find
 * lines by '\n' and would take the rest of such a file for one line. */
static int lone_cr(const char *label, const char *text, size_t len, char **err)
{
	for (const char *p = memchr(text, '\r', len); p;
	     p = memchr(p + 1, '\r', len - (size_t)(p + 1 - text)))
		if ((size_t)(p + 1 - text) == len || p[1] != '\n')
			return set_err(err,
			               "%s: cannot edit a file whose lines end in a lone carriage "
			               "return in place; save it with LF or CRLF line ends first",
			               label);
	return 0;
}

static int edit(const char *label, const char *text, size_t len, const char *const *path,
                size_t depth, const char *value_yaml, bool any, char **out, size_t *out_len,
                char **err)
{
	if (depth == 0)
		return set_err(err, "empty key path");
	if (len >= 2 &&
	    ((text[0] == '\xff' && text[1] == '\xfe') || (text[0] == '\xfe' && text[1] == '\xff')))
		return set_err(
		    err, "%s: cannot edit a UTF-16 file in place; save it as UTF-8 first", label);
	if (lone_cr(label, text, len, err) < 0)
		return -1;
	struct ydoc d;
	int rc = ydoc_load(&d, label, text, len, err);
	if (rc == 0) {
		struct offsets o;
		offsets_init(&o, text, len);
		rc = edit_doc(&d, &o, text, len, path, depth, value_yaml, any, out, out_len, err);
		free(o.byte);
	}
	ydoc_free(&d);
	return rc == 0 ? check_result(label, path, depth, true, -1, out, out_len, err) : rc;
}

int yedit_set(const char *label, const char *text, size_t len, const char *const *path,
              size_t depth, const char *value_yaml, char **out, size_t *out_len, char **err)
{
	return edit(label, text, len, path, depth, value_yaml, false, out, out_len, err);
}

int yedit_replace(const char *label, const char *text, size_t len, const char *const *path,
                  size_t depth, const char *value_yaml, char **out, size_t *out_len, char **err)
{
	return edit(label, text, len, path, depth, value_yaml, true, out, out_len, err);
}

/* The span of "key: value" in a flow mapping, with one comma next to it. */
static void flow_span(const char *text, size_t len, size_t *a, size_t *b)
{
	size_t e = *b;
	while (e < len && (text[e] == ' ' || text[e] == '\t' || text[e] == '\n' || text[e] == '\r'))
		e++;
	if (e < len && text[e] == ',') {
		e++;
		while (e < len && (text[e] == ' ' || text[e] == '\t'))
			e++;
		*b = e;
		return;
	}
	size_t s = *a;
	while (s > 0 && (text[s - 1] == ' ' || text[s - 1] == '\t' || text[s - 1] == '\n' ||
	                 text[s - 1] == '\r'))
		s--;
	if (s > 0 && text[s - 1] == ',')
		*a = s - 1;
}

static int remove_pair(struct ydoc *d, const struct offsets *o, const char *text, size_t len,
                       yaml_node_t *map, const char *key, char **out, size_t *out_len,
                       bool *emptied, char **err)
{
	yaml_node_t *k, *v;
	if (unique_get(d, map, key, &k, &v, err) < 0)
		return -1;
	if (!v)
		return ydoc_err(d, map, err, "no key '%s' here", key);
	size_t a = at(o, k->start_mark.index), b = at(o, last_leaf_end(d, v));
	/* an alias ("a: *x") is the node its anchor wrote, marks and all: they lie elsewhere */
	if (b <= a)
		return ydoc_err(d, k, err,
		                "the value of '%s' is written elsewhere (an alias); edit the "
		                "file by hand",
		                key);
	if (is_flow(map)) {
		/* an explicit key ("{? a: 1}", '?' maybe on the line before) goes with its '?' */
		size_t q = a;
		while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == '\t' || text[q - 1] == '\n' ||
		                 text[q - 1] == '\r'))
			q--;
		if (q > 0 && text[q - 1] == '?')
			a = q - 1;
		flow_span(text, len, &a, &b);
	} else {
		size_t line = a;
		while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t'))
			line--;
		if (line > 0 && text[line - 1] != '\n')
			return ydoc_err(
			    d, k, err,
			    "'%s' shares its line with other text; edit the file by hand", key);
		a = line;
		if (!(b > 0 && text[b - 1] == '\n')) {
			const char *nl = memchr(text + b, '\n', len - b);
			b = nl ? (size_t)(nl - text) + 1 : len;
		}
	}
	*emptied =
	    !is_flow(map) && map->data.mapping.pairs.top - map->data.mapping.pairs.start == 1;
	return splice(text, len, a, b - a, "", out, out_len);
}

int yedit_remove(const char *label, const char *text, size_t len, const char *const *path,
                 size_t depth, char **out, size_t *out_len, char **err)
{
	if (depth == 0)
		return set_err(err, "empty key path");
	if (lone_cr(label, text, len, err) < 0)
		return -1;
	struct ydoc d;
	int rc = ydoc_load(&d, label, text, len, err);
	bool emptied = false;
	long pairs = 0; /* the holding mapping's pairs: one fewer after, no stray key */
	if (rc == 0) {
		struct offsets o;
		offsets_init(&o, text, len);
		yaml_node_t *map = ydoc_root(&d);
		for (size_t k = 0; rc == 0 && k < depth; k++) {
			if (!map || map->type != YAML_MAPPING_NODE) {
				rc = map ? ydoc_err(&d, map, err, "'%s' is %s, not a mapping",
				                    k ? path[k - 1] : "the top", ydoc_kind(map))
				         : set_err(err, "%s: no key '%s'", label, path[k]);
			} else if (k + 1 < depth) {
				yaml_node_t *kn, *next;
				if (unique_get(&d, map, path[k], &kn, &next, err) < 0)
					rc = -1;
				else if (!(map = next))
					rc = set_err(err, "%s: no key '%s'", label, path[k]);
				else if (shared(&d, map))
					rc = shared_err(&d, map, path[k], err);
			} else {
				pairs = map->data.mapping.pairs.top - map->data.mapping.pairs.start;
				rc = remove_pair(&d, &o, text, len, map, path[k], out, out_len,
				                 &emptied, err);
			}
		}
		free(o.byte);
	}
	ydoc_free(&d);
	if (rc == 0 && emptied && depth > 1) {
		/* "adapters:" with nothing under it would read as null, not as empty */
		char *again = NULL;
		size_t again_len = 0;
		rc = yedit_set(label, *out, *out_len, path, depth - 1, "{}", &again, &again_len,
		               err);
		free(*out);
		*out = rc == 0 ? again : NULL;
		*out_len = rc == 0 ? again_len : 0;
	}
	return rc == 0 ? check_result(label, path, depth, false, pairs - 1, out, out_len, err) : rc;
}
