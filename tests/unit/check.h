/* check.h: the unit tests' whole framework. CHECK records a failure with its
 * line and goes on; check_done() prints "N passed, N failed" and returns the
 * exit status. */
#ifndef LOCO_CHECK_H
#define LOCO_CHECK_H

#include <stdio.h>
#include <stdlib.h>
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

/* A new empty folder $TMPDIR/loco-NAME-XXXXXX (/tmp when TMPDIR is unset or
 * empty), made with mkdtemp(3) so parallel runs never share one; the caller
 * frees the path. NULL when it cannot be made. Defined for files that ask
 * for POSIX 2008 (mkdtemp), as every test that writes files does. */
#if defined(_GNU_SOURCE) || defined(_DEFAULT_SOURCE) ||                                            \
    (defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L)
static inline char *check_tmpdir(const char *name)
{
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	size_t n = strlen(base) + strlen(name) + sizeof "/loco--XXXXXX";
	char *path = malloc(n);
	if (!path)
		return NULL;
	snprintf(path, n, "%s/loco-%s-XXXXXX", base, name);
	if (!mkdtemp(path)) {
		free(path);
		return NULL;
	}
	return path;
}
#endif

/* The folder of the shipped adapters (registry.yaml, datasets, router
 * examples). CTest points LOCO_TEST_ADAPTERS at a copy of adapters/ as
 * committed (tests/shipped.py), so that what a user did in the checkout (the
 * README tour's `loco adapters add geo`) cannot fail a test; run by hand, a
 * test reads the checkout's adapters/. */
#ifdef LOCO_SOURCE_DIR
static inline const char *check_adapters_dir(void)
{
	const char *dir = getenv("LOCO_TEST_ADAPTERS");
	return dir && *dir ? dir : LOCO_SOURCE_DIR "/adapters";
}
#endif

static inline int check_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_pass, check_fail);
	return check_fail ? 1 : 0;
}

#endif
