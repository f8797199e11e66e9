/* fuzz_file.h: for targets whose parser reads a file by name (datasets,
 * sessions, the eval archive, the answer cache): the input is written to a
 * file in a private scratch folder made once per process and removed at exit.
 * Header-only so that the libFuzzer build and replay.c link it the same way. */
#ifndef LOCO_FUZZ_FILE_H
#define LOCO_FUZZ_FILE_H

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static char fuzz_scratch_dir[4096];

static int fuzz_rm(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(p);
}

static void fuzz_scratch_remove(void)
{
	nftw(fuzz_scratch_dir, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* The scratch folder, made on first use. */
static const char *fuzz_scratch(void)
{
	if (!fuzz_scratch_dir[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(fuzz_scratch_dir, sizeof fuzz_scratch_dir, "%s/loco-fuzz-XXXXXX",
		         tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(fuzz_scratch_dir))
			abort();
		atexit(fuzz_scratch_remove);
	}
	return fuzz_scratch_dir;
}

/* Writes data to <scratch>/<name> (name may hold folders, made as needed);
 * returns the path (caller frees). */
static char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	char *path = path_join(fuzz_scratch(), name);
	if (mkdir_private(path, true, NULL) < 0)
		abort();
	FILE *f = fopen(path, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
	return path;
}

#endif
