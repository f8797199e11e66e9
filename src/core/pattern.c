/* pattern.c: compiling PCRE2 patterns (see pattern.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pattern.h"

#include "util.h"

pcre2_code *pattern_compile(const char *pattern, uint32_t flags, bool jit, char **why)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re =
	    pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, flags, &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		*why = xasprintf("%s at offset %zu", (const char *)msg, (size_t)off);
		return NULL;
	}
	if (jit && loco_use_jit())
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}
