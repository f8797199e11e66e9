/* test_sandbox.c: the code-execution sandbox against hostile Python (SPEC section 12). Each
 * sample states its exact outcome, and after each one a trivial run must still work quickly,
 * so a sample that escaped or wedged the harness shows up here. The time bounds are loose
 * on purpose (machines here are shared and noisy): they catch a hang, not slowness. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sandbox.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "util.h"

static struct sandbox_limits limits;
static char fake_home[64], test_cwd[64];

static bool contains(const char *s, const char *part)
{
	return s && strstr(s, part);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void reap_orphans(void);

/* Runs a script with the shared limits; on a refused run the result stays zeroed. */
static int run(const char *script, struct sandbox_result *r, double *elapsed)
{
	char *err = NULL;
	double t0 = monotonic_seconds();
	int rc = sandbox_run_python(script, &limits, false, r, &err);
	reap_orphans();
	if (elapsed)
		*elapsed = monotonic_seconds() - t0;
	CHECK(rc == 0, "sandbox_run_python failed: %s", err ? err : "(no message)");
	free(err);
	return rc;
}

/* Live (not zombie) processes of the sandbox uid (nobody) that descend from
 * this test: a snapshot of their pids. main makes the test a child
 * subreaper, so what a run leaves behind (a daemonized grandchild) stays
 * below it in /proc's PPid chain instead of going to init; other sessions'
 * sandboxes on the machine are not below it and do not count. Checks ask
 * for new pids, never compare counts. */
#define MAX_NOBODY 4096
struct nobody {
	int n;
	int pid[MAX_NOBODY];
};

static pid_t test_pid;

/* The parent of pid as /proc says, or 0 once it is gone. */
static pid_t parent_of(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	pid_t ppid = 0;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "PPid:", 5)) {
			ppid = (pid_t)strtol(line + 5, NULL, 10);
			break;
		}
	if (f)
		fclose(f);
	return ppid;
}

static bool descends_from_test(pid_t pid)
{
	/* the chain ends at init (1) or at 0; the bound only guards a loop */
	for (int hops = 0; pid > 1 && hops < 1 << 16; hops++)
		if ((pid = parent_of(pid)) == test_pid)
			return true;
	return false;
}

/* Orphans are reparented to this test (the subreaper): reap the ones that
 * ended, so that their zombies do not count against nobody's process limit. */
static void reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void nobody_snapshot(struct nobody *s)
{
	reap_orphans();
	DIR *d = opendir("/proc");
	s->n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)) && s->n < MAX_NOBODY) {
		char path[300], line[256];
		int pid = atoi(de->d_name);
		if (pid <= 0)
			continue;
		snprintf(path, sizeof path, "/proc/%s/status", de->d_name);
		FILE *f = fopen(path, "r");
		bool zombie = false;
		while (f && fgets(line, sizeof line, f)) {
			if (!strncmp(line, "State:", 6))
				zombie = strchr(line, 'Z') || strchr(line, 'X');
			if (!strncmp(line, "Uid:", 4)) {
				if (!zombie && strtoul(line + 4, NULL, 10) == 65534 &&
				    descends_from_test(pid))
					s->pid[s->n++] = pid;
				break;
			}
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
}

/* How many nobody processes are alive now that were not in before. */
static int new_nobody_processes(const struct nobody *before)
{
	static struct nobody now;
	nobody_snapshot(&now);
	int fresh = 0;
	for (int i = 0; i < now.n; i++) {
		bool seen = false;
		for (int k = 0; k < before->n && !seen; k++)
			seen = before->pid[k] == now.pid[i];
		fresh += !seen;
	}
	return fresh;
}

/* The harness is still usable after a hostile sample: a trivial run works, and fast. */
static void check_responsive(const char *after)
{
	struct sandbox_result r;
	double t;
	if (run("print('ok')\n", &r, &t) == 0) {
		CHECK_STR(r.out, "ok\n", after);
		CHECK(r.status == 0 && t < 20.0, "%s: follow-up run status %d in %.2fs", after,
		      r.status, t);
	}
	sandbox_result_free(&r);
}

static void test_normal(void)
{
	struct sandbox_result r;
	if (run("import os, sys\nprint('hello', sorted(os.listdir('.')))\nprint(os.getcwd())\n"
	        "sys.exit(0)\n",
	        &r, NULL))
		return;
	CHECK(r.status == 0 && !r.timed_out, "status %d", r.status);
	CHECK(!strncmp(r.out, "hello ['script.py']\n/tmp/loco-sandbox-", 38), "out '%s'", r.out);
	CHECK_STR(r.err, "", "normal: stderr");
	char *nl = strchr(r.out, '\n');
	char dir[128] = "";
	if (nl)
		sscanf(nl + 1, "%127s", dir);
	CHECK(dir[0] && !exists(dir), "temp dir '%s' was not removed", dir);
	sandbox_result_free(&r);
}

/* NUL bytes are kept, and the lengths say where the output ends (review D9). */
static void test_nul_output(void)
{
	struct sandbox_result r;
	if (run("import sys\nsys.stdout.write('a\\x00b\\n')\nsys.stderr.write('\\x00')\n", &r,
	        NULL))
		return;
	CHECK(r.status == 0 && r.out_len == 4 && !memcmp(r.out, "a\0b\n", 5), "out_len %zu",
	      r.out_len);
	CHECK(r.err_len == 1 && r.err[0] == '\0' && !r.channel, "err_len %zu", r.err_len);
	sandbox_result_free(&r);
}

static void test_syntax_error(void)
{
	struct sandbox_result r;
	if (run("def (:\n", &r, NULL))
		return;
	CHECK(r.status == 1, "status %d", r.status);
	CHECK(contains(r.err, "SyntaxError"), "err '%s'", r.err);
	sandbox_result_free(&r);
}

static void test_layers(void)
{
	struct sandbox_result r;
	if (run("pass\n", &r, NULL))
		return;
	struct sandbox_layers *s = &r.layers;
	char *text = sandbox_layers_text(s);
	printf("sandbox layers here: %s\n", text);
	CHECK(s->landlock_abi >= 1, "landlock abi %d", s->landlock_abi);
	CHECK(s->landlock_abi < 4 || s->landlock_net, "landlock net off at abi %d",
	      s->landlock_abi);
	CHECK(s->seccomp, "no seccomp: %s", text);
	CHECK(s->rlimits, "no rlimits: %s", text);
	CHECK(geteuid() != 0 || s->dropped_root, "root not dropped: %s", text);
	CHECK(contains(text, "landlock v") && contains(text, "rlimits"), "text '%s'", text);
	free(text);
	struct sandbox_layers none = {.rlimits = true};
	text = sandbox_layers_text(&none);
	CHECK_STR(text, "none (rlimits only)", "layers text with nothing");
	free(text);
	struct sandbox_layers all = {.landlock_abi = 7,
	                             .landlock_net = true,
	                             .landlock_scoped = true,
	                             .user_ns = true,
	                             .net_ns = true,
	                             .pid_ns = true,
	                             .seccomp = true,
	                             .rlimits = true};
	text = sandbox_layers_text(&all);
	CHECK_STR(
	    text,
	    "landlock v7 (fs+net+scope), user+net+pid namespaces, seccomp (no sockets), rlimits",
	    "layers text");
	free(text);
	sandbox_result_free(&r);
}

/* Every process forks forever; the root one counts its children and reports when refused. */
static void test_fork_bomb(void)
{
	struct sandbox_result r;
	double t;
	static struct nobody before;
	nobody_snapshot(&before);
	if (run("import os, sys\nroot = os.getpid()\nn = 0\ntry:\n"
	        "    while True:\n"
	        "        if os.fork() == 0:\n            n = -1\n        elif os.getpid() == "
	        "root:\n"
	        "            n += 1\n"
	        "except BlockingIOError:\n"
	        "    if os.getpid() == root:\n        print('refused after', n)\n"
	        "        sys.stdout.flush()\n        os._exit(3)\n    os._exit(1)\n",
	        &r, &t))
		return;
	int forks = -1;
	CHECK(r.status == 3 && !r.timed_out, "status %d timed_out %d", r.status, r.timed_out);
	CHECK(sscanf(r.out, "refused after %d", &forks) == 1 && forks >= 1 &&
	          forks < limits.max_procs,
	      "out '%s'", r.out);
	CHECK(t < 20.0, "fork bomb took %.2fs", t);
	CHECK(new_nobody_processes(&before) == 0, "leftover nobody processes: %d",
	      new_nobody_processes(&before));
	sandbox_result_free(&r);
	check_responsive("fork bomb");
}

static void test_infinite_loop(void)
{
	struct sandbox_result r;
	double t;
	long cpu = limits.cpu_seconds;
	limits.cpu_seconds = 1;
	int rc = run("while True:\n    pass\n", &r, &t);
	limits.cpu_seconds = cpu;
	if (rc)
		return;
	/* Killed by the CPU limit (SIGKILL, since soft == hard), well before the 10 s wall clock.
	 */
	CHECK(r.status == 137 && !r.timed_out, "status %d timed_out %d", r.status, r.timed_out);
	CHECK(t < 20.0, "cpu loop took %.2fs", t);
	sandbox_result_free(&r);

	double wall = limits.wall_seconds;
	limits.wall_seconds = 1;
	rc = run("import time\nprint('sleeping', flush=True)\ntime.sleep(60)\n", &r, &t);
	limits.wall_seconds = wall;
	if (rc)
		return;
	/* Sleeping uses no CPU: the wall clock kills the process group. */
	CHECK(r.status == 137 && r.timed_out, "status %d timed_out %d", r.status, r.timed_out);
	CHECK_STR(r.out, "sleeping\n", "wall clock: output before the kill is kept");
	CHECK(t < 20.0, "sleep took %.2fs", t);
	sandbox_result_free(&r);
	check_responsive("infinite loop");
}

static void test_memory_hog(void)
{
	struct sandbox_result r;
	if (run("try:\n    b = bytearray(2 << 30)\n    print('allocated', len(b))\n"
	        "except MemoryError:\n    print('MemoryError')\n",
	        &r, NULL))
		return;
	CHECK_STR(r.out, "MemoryError\n", "memory hog");
	CHECK(r.status == 0, "status %d", r.status);
	sandbox_result_free(&r);
	check_responsive("memory hog");
}

static void test_write_outside(void)
{
	char home_file[128], tmp_file[128], script[1024];
	snprintf(home_file, sizeof home_file, "%s/escaped.txt", getenv("HOME"));
	snprintf(tmp_file, sizeof tmp_file, "/tmp/loco-escape-%d", (int)getpid());
	snprintf(script, sizeof script,
	         "for path in ['%s', '%s']:\n    try:\n        open(path, 'w').write('x')\n"
	         "        print('wrote', path)\n    except OSError as e:\n"
	         "        print(type(e).__name__)\n",
	         home_file, tmp_file);
	struct sandbox_result r;
	if (run(script, &r, NULL))
		return;
	CHECK_STR(r.out, "PermissionError\nPermissionError\n", "write outside the temp dir");
	CHECK(!exists(home_file) && !exists(tmp_file), "a file escaped");
	unlink(home_file);
	unlink(tmp_file);
	sandbox_result_free(&r);
	check_responsive("write outside");
}

static void test_read_ssh(void)
{
	/* World-readable on purpose: only the sandbox, not file modes, keeps the code out. */
	char script[512];
	snprintf(script, sizeof script,
	         "for path in ['%s/.ssh/id_rsa', '%s/.ssh', '%s']:\n    try:\n"
	         "        print(open(path).read() if path.endswith('rsa') else os.listdir(path))\n"
	         "    except OSError as e:\n        print(type(e).__name__)\n",
	         fake_home, fake_home, fake_home);
	char *full = xasprintf("import os\n%s", script);
	struct sandbox_result r;
	int rc = run(full, &r, NULL);
	free(full);
	if (rc)
		return;
	CHECK_STR(r.out, "PermissionError\nPermissionError\nPermissionError\n", "reading ~/.ssh");
	CHECK(!contains(r.out, "PRIVATE KEY"), "key leaked");
	sandbox_result_free(&r);
	check_responsive("read ssh");
}

static void test_env_secret(void)
{
	setenv("LOCO_TEST_SECRET", "hunter2", 1);
	char script[512];
	snprintf(script, sizeof script,
	         "import os\nprint(os.environ.get('LOCO_TEST_SECRET'), sorted(os.environ))\n"
	         "try:\n    print(open('/proc/%d/environ').read())\n"
	         "except OSError as e:\n    print(type(e).__name__)\n",
	         (int)getpid());
	struct sandbox_result r;
	int rc = run(script, &r, NULL);
	unsetenv("LOCO_TEST_SECRET");
	if (rc)
		return;
	CHECK_STR(r.out,
	          "None ['HOME', 'LANG', 'PATH', 'PYTHONDONTWRITEBYTECODE']\nPermissionError\n",
	          "environment secret");
	CHECK(!contains(r.out, "hunter2"), "secret leaked");
	sandbox_result_free(&r);
	check_responsive("env secret");
}

static int listen_local(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static void test_tcp_connect(const char *label)
{
	int port = 0, lfd = listen_local(&port);
	CHECK(lfd >= 0, "%s: cannot listen on 127.0.0.1", label);
	if (lfd < 0)
		return;
	char script[512];
	snprintf(script, sizeof script,
	         "import socket\ntry:\n    s = socket.create_connection(('127.0.0.1', %d), 2)\n"
	         "    print('connected')\nexcept OSError as e:\n    print(type(e).__name__)\n",
	         port);
	struct sandbox_result r;
	if (run(script, &r, NULL) == 0) {
		CHECK(!strcmp(r.out, "PermissionError\n"), "%s: out '%s'", label, r.out);
		int c = accept(lfd, NULL, NULL);
		CHECK(c < 0 && errno == EAGAIN, "%s: the listener saw a connection", label);
		if (c >= 0)
			close(c);
		sandbox_result_free(&r);
	}
	close(lfd);
	check_responsive(label);
}

static void test_print_gigabytes(void)
{
	struct sandbox_result r;
	double t;
	double wall = limits.wall_seconds;
	long cpu = limits.cpu_seconds;
	limits.wall_seconds = 20;
	limits.cpu_seconds = 15;
	int rc = run("import sys\nb = b'x' * (1 << 20)\nfor _ in range(3072):\n"
	             "    sys.stdout.buffer.write(b)\nsys.stdout.flush()\n"
	             "print('done', file=sys.stderr)\n",
	             &r, &t);
	limits.wall_seconds = wall;
	limits.cpu_seconds = cpu;
	if (rc)
		return;
	printf("printing 3 GiB took %.2fs\n", t);
	CHECK(r.status == 0 && !r.timed_out, "status %d timed_out %d", r.status, r.timed_out);
	CHECK(strlen(r.out) == limits.max_output && r.out_truncated, "kept %zu truncated %d",
	      strlen(r.out), r.out_truncated);
	CHECK_STR(r.err, "done\n", "3 GiB: stderr");
	CHECK(!r.err_truncated, "stderr truncated");
	CHECK(t < 30.0, "3 GiB took %.2fs", t);
	sandbox_result_free(&r);
	check_responsive("print gigabytes");
}

static void test_delete_files(void)
{
	char keep[128], script[512];
	snprintf(keep, sizeof keep, "%s/keep.txt", test_cwd);
	CHECK(write_file_atomic(keep, "keep\n", 5, NULL) == 0, "cannot write %s", keep);
	chmod(keep, 0666);
	snprintf(script, sizeof script,
	         "import os\nfor f in os.listdir('.'):\n    os.remove(f)\nprint(os.listdir('.'))\n"
	         "try:\n    os.remove('%s')\n    print('removed')\nexcept OSError as e:\n"
	         "    print(type(e).__name__)\n",
	         keep);
	struct sandbox_result r;
	if (run(script, &r, NULL))
		return;
	CHECK_STR(r.out, "[]\nPermissionError\n", "deleting files");
	CHECK(exists(keep) && exists("keep.txt"), "the test's own file was deleted");
	sandbox_result_free(&r);
	check_responsive("delete files");
}

/* Code that locks its own dir and fills a file: the file-size limit bites, and the temp dir is
 * still removed afterwards. */
static void test_locked_dir(void)
{
	struct sandbox_result r;
	if (run("import os, errno\nos.makedirs('a/b')\nopen('a/b/f', 'w').write('x')\n"
	        "try:\n    with open('big', 'wb') as f:\n"
	        "        for _ in range(64):\n            f.write(b'x' * (1 << 20))\n"
	        "except OSError as e:\n    print(errno.errorcode[e.errno], "
	        "os.path.getsize('big'))\n"
	        "os.chmod('a/b', 0)\nos.chmod('a', 0)\nos.chmod('.', 0o500)\nprint(os.getcwd())\n",
	        &r, NULL))
		return;
	char dir[128] = "";
	CHECK(sscanf(r.out, "EFBIG 16777216\n%127s", dir) == 1, "out '%s' err '%s'", r.out, r.err);
	CHECK(r.status == 0, "status %d", r.status);
	CHECK(dir[0] && !exists(dir), "locked temp dir '%s' was not removed", dir);
	sandbox_result_free(&r);
}

/* A grandchild in its own session, holding stdout, sleeping past the run. */
static void test_background(const char *label)
{
	struct sandbox_result r;
	double t;
	static struct nobody before;
	nobody_snapshot(&before);
	if (run("import os, time\nif os.fork() == 0:\n    os.setsid()\n"
	        "    if os.fork() == 0:\n        time.sleep(30)\n        print('still here')\n"
	        "    os._exit(0)\nprint('parent done')\n",
	        &r, &t))
		return;
	CHECK(r.status == 0 && !r.timed_out, "%s: status %d timed_out %d", label, r.status,
	      r.timed_out);
	CHECK(!strcmp(r.out, "parent done\n"), "%s: out '%s'", label, r.out);
	CHECK(t < 20.0, "%s: run took %.2fs", label, t);
	if (geteuid() == 0)
		CHECK(new_nobody_processes(&before) == 0, "%s: %d new nobody processes", label,
		      new_nobody_processes(&before));
	sandbox_result_free(&r);
	check_responsive(label);
}

static void test_unsandboxed(void)
{
	setenv("LOCO_TEST_SANDBOX_LAYERS", "none", 1);
	struct sandbox_result r;
	char *err = NULL;
	int rc = sandbox_run_python("print('ran')\n", &limits, false, &r, &err);
	CHECK(rc == -1 && contains(err, "refused") && contains(err, "--allow-unsandboxed"),
	      "rc %d err '%s'", rc, err ? err : "(null)");
	free(err);
	err = NULL;
	rc = sandbox_run_python("print('ran')\n", &limits, true, &r, &err);
	CHECK(rc == 0, "allow_unsandboxed: %s", err ? err : "");
	free(err);
	if (rc == 0) {
		CHECK_STR(r.out, "ran\n", "unsandboxed run");
		char *text = sandbox_layers_text(&r.layers);
		CHECK(!strncmp(text, "none (rlimits only)", 19), "layers '%s'", text);
		CHECK(!r.layers.landlock_abi && !r.layers.net_ns && !r.layers.seccomp &&
		          r.layers.rlimits,
		      "layers '%s'", text);
		free(text);
		sandbox_result_free(&r);
	}
	unsetenv("LOCO_TEST_SANDBOX_LAYERS");
}

/* A disk filler (review D4: 1.5 GB in 10 s): with a tmpfs the writes fail at the cap; without
 * one, the files are measured and the run is marked (and killed when caught running). */
static void test_disk_cap(const char *label, bool tmpfs)
{
	long disk = limits.max_disk_mb;
	limits.max_disk_mb = 20;
	struct sandbox_result r;
	int rc = run("import errno\nmb = 0\ntry:\n    for i in range(200):\n"
	             "        with open('f%d' % (i // 4), 'ab') as f:\n"
	             "            f.write(b'x' * (1 << 20))\n"
	             "            f.flush()\n        mb += 1\n"
	             "except OSError as e:\n    print(errno.errorcode[e.errno], mb)\n",
	             &r, NULL);
	limits.max_disk_mb = disk;
	if (rc)
		return;
	CHECK(r.layers.tmpfs == tmpfs, "%s: tmpfs %d", label, r.layers.tmpfs);
	int mb = -1;
	char code[16] = "";
	if (tmpfs)
		CHECK(sscanf(r.out, "%15s %d", code, &mb) == 2 && !strcmp(code, "ENOSPC") &&
		          mb >= 15 && mb <= 20 && !r.disk_full,
		      "%s: out '%s' err '%s'", label, r.out, r.err);
	else
		CHECK(r.disk_full, "%s: not marked: out '%s' status %d", label, r.out, r.status);
	sandbox_result_free(&r);
	check_responsive(label);
}

/* The owner of each run's dir is in its name; dirs of dead owners go at the next run. */
static char *make_owned_dir(int pid, unsigned long long start)
{
	char *dir = xasprintf("/tmp/loco-sandbox-%d-%llu-XXXXXX", pid, start);
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp %s", dir);
		return dir;
	}
	char *f = path_join(dir, "left.bin");
	CHECK(write_file_atomic(f, "x", 1, NULL) == 0, "cannot write %s", f);
	free(f);
	return dir;
}

static unsigned long long own_start_time(void)
{
	char buf[1024] = "";
	FILE *f = fopen("/proc/self/stat", "r");
	if (f) {
		if (!fgets(buf, sizeof buf, f))
			buf[0] = '\0';
		fclose(f);
	}
	char *s = strrchr(buf, ')');
	for (int field = 2; s && field < 22; field++)
		s = strchr(s + 1, ' ');
	return s ? strtoull(s + 1, NULL, 10) : 0;
}

static char *find_dir_of(int pid)
{
	char prefix[64];
	snprintf(prefix, sizeof prefix, "loco-sandbox-%d-", pid);
	DIR *d = opendir("/tmp");
	struct dirent *de;
	char *found = NULL;
	while (d && !found && (de = readdir(d)))
		if (!strncmp(de->d_name, prefix, strlen(prefix)))
			found = path_join("/tmp", de->d_name);
	if (d)
		closedir(d);
	return found;
}

static bool rmdir_all(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	bool ok = system(cmd) == 0;
	free(cmd);
	return ok;
}

static void test_stale_dirs(void)
{
	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	char *stale = make_owned_dir((int)dead, 1);
	char *alive = make_owned_dir((int)getpid(), own_start_time());
	char *reused = make_owned_dir((int)getpid(), own_start_time() + 1); /* a reused pid */
	check_responsive("stale dirs");
	CHECK(!exists(stale), "the dead run's dir '%s' is still there", stale);
	CHECK(!exists(reused), "the dir of a reused pid '%s' is still there", reused);
	CHECK(exists(alive), "the live run's dir '%s' was removed", alive);
	CHECK(rmdir_all(alive), "cannot remove %s", alive);
	free(stale);
	free(alive);
	free(reused);
}

/* kill -9 of loco in the middle of a run whose code has written a file (review D4). Without a
 * tmpfs the file is seen in the dir before the kill; with one it dies with the namespace. */
static void test_killed_run(const char *label, const char *layers)
{
	pid_t loco = fork();
	if (loco == 0) {
		if (layers)
			setenv("LOCO_TEST_SANDBOX_LAYERS", layers, 1);
		struct sandbox_result r;
		sandbox_run_python("import time\nopen('big', 'wb').write(b'x' * (1 << 20))\n"
		                   "time.sleep(60)\n",
		                   &limits, false, &r, NULL);
		_exit(0);
	}
	char *dir = NULL, *big = NULL;
	struct stat st = {0};
	for (int i = 0; i < 4000 && !dir; i++)
		if (!(dir = find_dir_of((int)loco)))
			usleep(5000);
	if (dir && layers) { /* no tmpfs: wait for the code's file */
		big = path_join(dir, "big");
		for (int i = 0; i < 4000 && (stat(big, &st) < 0 || st.st_size < (1 << 20)); i++)
			usleep(5000);
		CHECK(st.st_size == (1 << 20), "%s: the code's file never appeared", label);
	}
	kill(loco, SIGKILL);
	waitpid(loco, NULL, 0);
	CHECK(dir && exists(dir), "%s: the killed run made no dir, or it vanished", label);
	check_responsive(label);
	CHECK(dir && !exists(dir), "%s: the killed run's dir '%s' was left behind", label,
	      dir ? dir : "");
	free(dir);
	free(big);
}

/* Without namespaces: seccomp keeps the network out and the uid sweep the leftovers. */
static void test_without_namespaces(void)
{
	setenv("LOCO_TEST_SANDBOX_LAYERS", "landlock,seccomp", 1);
	struct sandbox_result r;
	if (run("pass\n", &r, NULL) == 0) {
		char *text = sandbox_layers_text(&r.layers);
		printf("sandbox layers without namespaces: %s\n", text);
		CHECK(r.layers.seccomp && !r.layers.net_ns && !r.layers.pid_ns &&
		          r.layers.landlock_abi >= 1,
		      "layers '%s'", text);
		free(text);
		sandbox_result_free(&r);
	}
	test_tcp_connect("tcp connect without namespaces");
	test_background("background without namespaces");
	test_disk_cap("disk filler without namespaces", false);
	test_killed_run("kill -9 of loco without namespaces", "landlock,seccomp");
	unsetenv("LOCO_TEST_SANDBOX_LAYERS");
}

/* A HOME with a world-readable key and a cwd with a world-writable file. */
static void make_fixtures(void)
{
	snprintf(fake_home, sizeof fake_home, "/tmp/loco-test-home-XXXXXX");
	snprintf(test_cwd, sizeof test_cwd, "/tmp/loco-test-cwd-XXXXXX");
	if (!mkdtemp(fake_home) || !mkdtemp(test_cwd)) {
		CHECK(0, "cannot make fixtures");
		return;
	}
	chmod(fake_home, 0777);
	chmod(test_cwd, 0777);
	char *ssh = path_join(fake_home, ".ssh"), *key = path_join(ssh, "id_rsa");
	mkdir(ssh, 0755);
	const char *pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n";
	CHECK(write_file_atomic(key, pem, strlen(pem), NULL) == 0, "cannot write %s", key);
	chmod(key, 0644);
	setenv("HOME", fake_home, 1);
	CHECK(chdir(test_cwd) == 0, "cannot enter %s", test_cwd);
	free(ssh);
	free(key);
}

static void remove_fixtures(void)
{
	char *cmd = xasprintf("rm -rf '%s' '%s'", fake_home, test_cwd);
	CHECK(system(cmd) == 0, "cannot remove fixtures");
	free(cmd);
}

int main(void)
{
	test_pid = getpid();
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0, "PR_SET_CHILD_SUBREAPER: %s",
	      strerror(errno));
	sandbox_default_limits(&limits);
	make_fixtures();
	test_normal();
	test_syntax_error();
	test_nul_output();
	test_layers();
	test_fork_bomb();
	test_infinite_loop();
	test_memory_hog();
	test_write_outside();
	test_read_ssh();
	test_env_secret();
	test_tcp_connect("tcp connect");
	test_print_gigabytes();
	test_delete_files();
	test_locked_dir();
	test_background("background process");
	test_unsandboxed();
	test_disk_cap("disk filler", true);
	test_stale_dirs();
	test_killed_run("kill -9 of loco", NULL);
	test_without_namespaces();
	remove_fixtures();
	return check_done("sandbox");
}
