/* replay.c: runs a fuzz target over files without libFuzzer, so the suite
 * (built with gcc) replays every seed and every input a fuzzer once broke. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	char *data = NULL, *err = NULL;
	size_t len = 0;
	if (read_file(path, 1u << 24, &data, &len, &err) < 0) {
		fprintf(stderr, "replay: %s\n", err);
		free(err);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, failures = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			for (struct dirent *e; d && (e = readdir(d));) {
				if (e->d_name[0] == '.')
					continue;
				char *p = path_join(argv[i], e->d_name);
				failures += replay_file(p);
				files++;
				free(p);
			}
			if (d)
				closedir(d);
		} else {
			failures += replay_file(argv[i]);
			files++;
		}
	}
	/* A target that finds a bug aborts; getting here means every input passed. */
	printf("replay: %d passed, %d failed\n", files - failures, failures);
	return failures ? 1 : 0;
}
