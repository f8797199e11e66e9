/* termsafe.h: text from a model or a file, made safe to write to a terminal.
 * Untrusted text must never drive the terminal (OSC 52 clipboard writes,
 * title changes, screen erases, a carriage return that overwrites a line),
 * so every control character is made visible instead of being obeyed:
 *
 *   ESC and the other C0 controls  caret notation: "^[", "^G", "^H", "^@"
 *   DEL                            "^?"
 *   C1 controls (U+0080..U+009F)   "<U+009B>"
 *   a byte that is not UTF-8       U+FFFD, once per maximal invalid sequence
 *   "\r\n"                         "\n"; a "\r" on its own is "^M"
 *
 * "\n", "\t" and every other valid UTF-8 character pass unchanged. The filter
 * works byte by byte with at most four bytes of state (a started UTF-8
 * character, or a "\r" that may begin "\r\n"), so text cut into pieces
 * anywhere, even inside an escape sequence or a character, comes out exactly
 * as it would in one piece. Nothing here writes to a stream.
 */
#ifndef LOCO_TERMSAFE_H
#define LOCO_TERMSAFE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* One stream's filter state. */
struct termsafe {
	unsigned char held[4]; /* a UTF-8 character begun, or a lone "\r" */
	size_t n_held;
	size_t need; /* the length of that character (1 for "\r") */
};

void termsafe_init(struct termsafe *t);
/* Appends the safe form of text[0..n) to out; bytes that the next piece may
 * complete wait in t. */
void termsafe_feed(struct termsafe *t, const char *text, size_t n, struct strbuf *out);
/* Appends what was waiting (the text ended); t is fresh again. */
void termsafe_finish(struct termsafe *t, struct strbuf *out);

/* Whether s[0..n) would come out unchanged. */
bool termsafe_is_safe(const char *s, size_t n);
/* The safe form of a whole string (caller frees). */
char *termsafe_text(const char *s, size_t n);

/* Safe copies of the fields of one table or message, freed together, so a
 * printf keeps its shape: printf("%-16s %s\n", termsafe_str(&p, a), ...).
 * With on false (not a terminal) every string is returned as it is. */
struct termsafe_pool {
	bool on;
	char **copies;
	size_t n, cap;
};
void termsafe_pool_init(struct termsafe_pool *p, bool on);
/* s, or a safe copy of it that lives until termsafe_pool_free; NULL stays NULL. */
const char *termsafe_str(struct termsafe_pool *p, const char *s);
void termsafe_pool_free(struct termsafe_pool *p);

#endif
