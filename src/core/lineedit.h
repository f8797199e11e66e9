/* lineedit.h: line editing and persistent history for `loco chat`, through
 * libedit. libedit (and the terminfo, libbsd and libmd it brings) costs about
 * half a millisecond in the dynamic loader, which `loco route` must not pay
 * (SPEC section 11), so this file owns a dlopen() handle and the few
 * functions it needs, the way netlib.c does for libcurl.
 *
 * A struct lineedit owns its EditLine, its History and the prompt string.
 */
#ifndef LOCO_LINEEDIT_H
#define LOCO_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct lineedit;

enum line_status {
	LINE_OK,          /* a line was read */
	LINE_EOF,         /* Ctrl-D on an empty line, or the terminal went away */
	LINE_INTERRUPTED, /* Ctrl-C */
};

/* Line editing on the terminal behind stdin/stdout. history_path (NULL: no
 * history) is loaded now; each remembered line is added to the file as it is
 * then (so chats open at once keep each other's lines), which is rewritten
 * atomically with the newest max_history entries. Returns NULL with *err when
 * libedit cannot be loaded. */
struct lineedit *lineedit_open(const char *history_path, int max_history, char **err);
void lineedit_close(struct lineedit *le);

void lineedit_set_prompt(struct lineedit *le, const char *prompt);

/* Reads one line; *line (without its newline) stays valid until the next
 * call. On LINE_INTERRUPTED, *had_text says whether anything had been typed. */
enum line_status lineedit_read(struct lineedit *le, const char **line, size_t *len, bool *had_text);

/* Adds a line to the history and saves it; a failed save is reported once
 * in *err (the caller warns) and the history stays in memory. */
int lineedit_remember(struct lineedit *le, const char *line, char **err);

#endif
