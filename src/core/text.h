/* text.h: Unicode-aware text helpers shared by the router and the answer
 * extractors: case folding with towlower_l() in the C.UTF-8 locale, and UTF-8
 * decoding of text already known to be valid. */
#ifndef LOCO_TEXT_H
#define LOCO_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Appends the lower-case form of s[0..n) (UTF-8) to sb. */
void text_fold(struct strbuf *sb, const char *s, size_t n);

/* Decodes one UTF-8 sequence at s; *used gets its length (1 for a stray byte). */
uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *used);

/* Whether code point c is white space (Unicode, via the C.UTF-8 locale). */
bool text_is_space(uint32_t c);

/* Letters and digits (Unicode, via the C.UTF-8 locale; without it every
 * non-ASCII code point counts). */
bool text_is_alnum(uint32_t c);

bool has_high_bytes(const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s, or 0: overlong forms, surrogates
 * and code points past U+10FFFF are invalid. */
size_t text_utf8_sequence(const unsigned char *s, size_t n);
/* Whether all of text[0..len) is valid UTF-8. */
bool text_valid_utf8(const char *text, size_t len);

#endif
