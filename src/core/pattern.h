/* pattern.h: the one place a PCRE2 pattern is compiled and its error worded,
 * for the registry's router patterns, the router, dataset checks and answer
 * extraction. Include it after defining PCRE2_CODE_UNIT_WIDTH 8. */
#ifndef LOCO_PATTERN_H
#define LOCO_PATTERN_H

#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>

/* The compiled pattern (JIT-compiled too when loco_use_jit(), if jit is set),
 * or NULL with *why set to "MESSAGE at offset N" (the caller's to free). */
pcre2_code *pattern_compile(const char *pattern, uint32_t flags, bool jit, char **why);

#endif
