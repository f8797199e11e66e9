/* yedit.h: changing (or removing) one value of a YAML file in place. Everything outside the
 * edited bytes (comments, order, quoting, blank lines) stays byte-for-byte, which
 * is what `config set`, `promote`, `adapters add` and the home registry
 * (adapters install, update, remove) promise.
 *
 * The result is a new malloc'd text in *out; the input is borrowed.
 */
#ifndef LOCO_YEDIT_H
#define LOCO_YEDIT_H

#include <stddef.h>

/* Sets the value at path (keys of nested mappings, depth >= 1) to value_yaml,
 * which must already be valid YAML for a flow context (a quoted string, a
 * number, true/false, null, or a flow list). Missing mappings along the path
 * are created. Fails, without output, where the file's shape does not allow a
 * safe edit (the value to replace is a block list or mapping, or a parent is
 * not a mapping). */
int yedit_set(const char *label, const char *text, size_t len, const char *const *path,
              size_t depth, const char *value_yaml, char **out, size_t *out_len, char **err);

/* yedit_set, except that the value replaced may also be a block mapping or
 * list: everything from just after the key's colon to the end of the value's
 * last line becomes " value_yaml", so the key keeps its place in the file
 * (and its spelling and indentation); comments inside the old value go, the
 * text after it stays. An absent key is added as yedit_set adds it. */
int yedit_replace(const char *label, const char *text, size_t len, const char *const *path,
                  size_t depth, const char *value_yaml, char **out, size_t *out_len, char **err);

/* Removes the key at path (depth >= 1) with its value. In block style the
 * lines from the key's line to the value's last line go; in a flow mapping
 * "key: value" and one comma. A block mapping left empty becomes "{}". Fails,
 * without output, when the key is absent or shares its line with another key. */
int yedit_remove(const char *label, const char *text, size_t len, const char *const *path,
                 size_t depth, char **out, size_t *out_len, char **err);

/* A YAML double-quoted scalar for s (escapes quotes, backslashes, controls). */
char *yaml_quote(const char *s);

#endif
