/* proc.h: running a helper program (python3 for syntax checks, a custom
 * scorer) with text on its stdin, its stdout captured up to a ceiling, and a
 * wall-clock limit after which its whole process group is killed. Not a
 * sandbox: it is for trusted helpers, never for model-written code. */
#ifndef LOCO_PROC_H
#define LOCO_PROC_H

#include <stdbool.h>
#include <stddef.h>

struct proc_result {
	int status; /* exit status, or 128 + signal */
	bool timed_out;
	char *out; /* stdout (caller frees), at most max_out bytes */
	char *err; /* stderr, at most 4 KiB */
};

/* argv[0] is looked up in PATH. Returns -1 (and *errmsg) when it cannot start. */
int proc_run(char *const argv[], const char *input, double timeout_s, size_t max_out,
             struct proc_result *r, char **errmsg);
void proc_result_free(struct proc_result *r);

#endif
