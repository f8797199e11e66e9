/* check.h: the unit tests' whole framework. CHECK records a failure with its
 * line and goes on; check_done() prints "N passed, N failed" and returns the
 * exit status. */
#ifndef LOCO_CHECK_H
#define LOCO_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_pass, check_fail;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (cond) {                                                                        \
			check_pass++;                                                              \
		} else {                                                                           \
			check_fail++;                                                              \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);   \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
		}                                                                                  \
	} while (0)

#define CHECK_STR(got, want, ctx)                                                                  \
	CHECK((got) && !strcmp((got), (want)), "%s: got '%s', want '%s'", (ctx),                   \
	      (got) ? (got) : "(null)", (want))

static inline int check_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_pass, check_fail);
	return check_fail ? 1 : 0;
}

#endif
