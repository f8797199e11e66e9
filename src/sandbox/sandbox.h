/* sandbox.h: running untrusted, model-written Python against an item's tests (SPEC section 12):
 * a fresh temp dir, a clean environment, rlimits, a wall-clock kill, capped output, Landlock,
 * namespaces or seccomp, and a report of which of those layers were in force.
 *
 * Ownership: sandbox_run_python() fills a sandbox_result the caller releases with
 * sandbox_result_free(); sandbox_layers_text() returns a string the caller frees; `char **err`
 * receives a message the caller frees, set only when the function returns -1.
 *
 * Test hook (for tests only, not a setting): the environment variable LOCO_TEST_SANDBOX_LAYERS
 * forces a combination of layers, so each one can be tested on a capable machine: "none", or a
 * comma-separated list of "ns" (user, network, PID namespaces), "landlock" or "landlock:N" (the
 * ABI capped at N; below 6 there is no socket/signal scope) and "seccomp". Layers not named are
 * left out; a named layer the kernel lacks is simply missing from the reported layers.
 */
#ifndef LOCO_SANDBOX_H
#define LOCO_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct sandbox_limits {
	double wall_seconds; /* default 10 */
	long cpu_seconds;    /* default 5; reaching it kills the code with SIGKILL (status 137) */
	long memory_mb;      /* address space, default 512 */
	long max_procs;      /* default 32 */
	long file_size_mb;   /* default 16 */
	long max_disk_mb;    /* all files together, default 64 (config sandbox.max_disk_mb) */
	long open_files;     /* default 64 */
	size_t max_output; /* bytes kept per stream, default 64 KiB; the rest is read and dropped */
	size_t max_channel; /* > 0: a pipe on fd 3 for the harness's report, at most this many bytes
	                       kept (default 0: no fd 3) */
};

void sandbox_default_limits(struct sandbox_limits *l);

struct sandbox_layers {
	int landlock_abi;     /* 0 = Landlock not in force */
	bool landlock_net;    /* TCP bind/connect denied by Landlock (ABI >= 4) */
	bool landlock_scoped; /* abstract Unix sockets and signals scoped by Landlock (ABI >= 6) */
	bool user_ns, net_ns; /* new user and network namespaces */
	bool pid_ns;          /* new PID namespace: every leftover process dies with the run */
	bool seccomp;         /* socket() of every family and io_uring denied by a seccomp filter */
	bool rlimits;
	bool tmpfs;        /* the temp dir is a tmpfs of max_disk_mb in a mount namespace */
	bool dropped_root; /* loco ran as root and the code as nobody (uid/gid 65534) */
};

/* Text such as "landlock v7 (fs+net+scope), user+net+pid namespaces, seccomp (no sockets),
 * rlimits" (caller frees). */
char *sandbox_layers_text(const struct sandbox_layers *s);

struct sandbox_result {
	int status;     /* exit status, or 128 + signal */
	bool timed_out; /* wall clock: the process group was killed */
	bool disk_full; /* without a tmpfs: the files passed max_disk_mb and the code was killed */
	bool out_truncated, err_truncated, channel_truncated;
	/* Captured, with a NUL after the last byte; the bytes may hold NULs too, so the lengths say
	 * where they end (caller frees via sandbox_result_free). channel is fd 3, or NULL. */
	char *out, *err, *channel;
	size_t out_len, err_len, channel_len;
	struct sandbox_layers layers; /* what was in force for this run */
};

/* Runs `python3 -I -S -B script.py` (script = the given text, written into a fresh temp dir
 * under /tmp, removed afterwards) under every layer the kernel allows; l may be NULL for the
 * defaults. seccomp is required (it is the layer that keeps Unix sockets out whatever else is in
 * force): without it, returns -1 with a message saying why, unless allow_unsandboxed (then runs
 * with the layers that remain, perhaps rlimits only, and says so in layers). stdin is
 * /dev/null. Returns -1 also when python3 cannot be started; a script that fails is a
 * successful run with a non-zero status.
 *
 * Leftover processes (a background process that called setsid): with a PID namespace they die
 * with the script's process; without one, when loco is root and the code ran as nobody, every
 * process of that uid started during the run is killed (so such runs must not overlap);
 * otherwise only the process group is, and a process that left it may survive. As root, the
 * process limit counts every process of nobody on the machine, not just the run's.
 *
 * Files: with a mount namespace the temp dir is a tmpfs of max_disk_mb; without one the files
 * are measured while the code runs and after, and disk_full is set past max_disk_mb. Dirs left
 * by a loco that died (SIGKILL) are removed at the next run. */
int sandbox_run_python(const char *script, const struct sandbox_limits *l, bool allow_unsandboxed,
                       struct sandbox_result *r, char **err);

void sandbox_result_free(struct sandbox_result *r);

#endif
