/* test_sandbox_layers.c: Unix sockets (and the rest of the network) are out of the sandboxed
 * code's reach on every combination of layers loco uses (issue 14 item 1, review D1).
 *
 *   test_sandbox_layers root|nobody LAYERS
 *
 * LAYERS is a LOCO_TEST_SANDBOX_LAYERS value. "root" runs as root (the code then runs as
 * nobody) and listens on a 0777 socket in /tmp; "nobody" runs as an unprivileged user (as root
 * it re-runs itself under `setpriv --reuid=65534 --regid=65534 --clear-groups`) and listens on
 * its own 0600 socket in a 0700 directory, as ssh-agent does. Both also listen on an abstract
 * socket and on 127.0.0.1. The kernel's abilities are probed here, independently of the
 * sandbox: a combination the machine cannot offer exits 77 (ctest SKIP_RETURN_CODE) with the
 * reason, and a layer the kernel has but the run did not get is a failure. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sandbox.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "util.h"

#define SKIP 77

struct want {
	bool ns, seccomp;
	int landlock_cap; /* 0: none */
};

static int parse_layers(const char *spec, struct want *w)
{
	*w = (struct want){false, false, 0};
	char *copy = xstrdup(spec), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "ns"))
			w->ns = true;
		else if (!strcmp(t, "seccomp"))
			w->seccomp = true;
		else if (!strcmp(t, "landlock"))
			w->landlock_cap = 1000;
		else if (!strncmp(t, "landlock:", 9))
			w->landlock_cap = atoi(t + 9);
	}
	free(copy);
	return 0;
}

/* ---- what the kernel offers, probed without the sandbox's code ---- */

static int kernel_landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U);
	return abi > 0 ? (int)abi : 0;
}

static bool kernel_has_namespaces(void)
{
	int flags = CLONE_NEWPID | CLONE_NEWNET | (geteuid() ? CLONE_NEWUSER : 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(flags) == 0 ? 0 : 1);
	int st = 0;
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static bool kernel_has_seccomp(void)
{
	return prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0;
}

/* ---- the listeners the code tries to reach ---- */

static int listen_unix(const char *path, bool abstract)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	socklen_t len;
	if (abstract) {
		size_t n = strlen(path);
		memcpy(a.sun_path + 1, path, n);
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	} else {
		snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
		len = sizeof a;
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) < 0 || listen(fd, 4) < 0) {
		CHECK(0, "cannot listen on %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int listen_tcp(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		CHECK(0, "cannot listen on 127.0.0.1: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static bool nobody_connected(int lfd)
{
	int c = accept(lfd, NULL, NULL);
	if (c >= 0)
		close(c);
	return c >= 0;
}

/* One attempt per line, "name outcome": the review's D1 samples and others written the same
 * way. The pathname socket, the abstract name, the TCP port. */
static const char hostile[] = "PATH, ABSTRACT, PORT = '%s', '\\0%s', %d\n"
                              "import socket, ctypes, os\n"
                              "def attempt(name, fn):\n"
                              "    try:\n"
                              "        got = fn()\n"
                              "        print(name, 'reached', got)\n"
                              "    except OSError as e:\n"
                              "        print(name, type(e).__name__)\n"
                              "def unix(addr):\n"
                              "    s = socket.socket(socket.AF_UNIX)\n"
                              "    s.settimeout(2)\n"
                              "    s.connect(addr)\n"
                              "    return s.recv(50)\n"
                              "def unix_dgram(addr):\n"
                              "    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                              "    return s.sendto(b'x', addr)\n"
                              "def tcp():\n"
                              "    return socket.create_connection(('127.0.0.1', PORT), 2)\n"
                              "def pair():\n"
                              "    a, b = socket.socketpair()\n"
                              "    a.sendall(b'ping')\n"
                              "    return b.recv(4)\n"
                              "def uring():\n"
                              "    libc = ctypes.CDLL(None, use_errno=True)\n"
                              "    params = ctypes.create_string_buffer(120)\n"
                              "    fd = libc.syscall(425, 8, params)\n"
                              "    if fd < 0:\n"
                              "        raise OSError(ctypes.get_errno(), 'io_uring_setup')\n"
                              "    return fd\n"
                              "attempt('unix-path', lambda: unix(PATH))\n"
                              "attempt('unix-path-dgram', lambda: unix_dgram(PATH))\n"
                              "attempt('unix-abstract', lambda: unix(ABSTRACT))\n"
                              "attempt('tcp', tcp)\n"
                              "attempt('socketpair', pair)\n"
                              "attempt('io_uring', uring)\n";

static char *expected_output(bool seccomp, bool scoped)
{
	if (seccomp)
		return xstrdup("unix-path PermissionError\nunix-path-dgram PermissionError\n"
		               "unix-abstract PermissionError\ntcp PermissionError\n"
		               "socketpair reached b'ping'\nio_uring PermissionError\n");
	/* Landlock on its own: only its scope keeps the abstract socket out (EPERM). */
	return xstrdup(scoped ? "unix-abstract PermissionError\n" : "");
}

/* Keeps only the lines about what this layer set is meant to block. */
static char *relevant_lines(const char *out, bool seccomp)
{
	if (seccomp)
		return xstrdup(out);
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		if (!strncmp(p, "unix-abstract ", 14))
			sb_add(&sb, p, n);
		p += n;
	}
	return sb_detach(&sb);
}

static void check_layers(const struct sandbox_layers *got, const struct want *w, int abi)
{
	char *text = sandbox_layers_text(got);
	printf("layers in force: %s\n", text);
	int want_abi = w->landlock_cap ? (abi < w->landlock_cap ? abi : w->landlock_cap) : 0;
	CHECK(got->landlock_abi == want_abi, "landlock v%d, want v%d (%s)", got->landlock_abi,
	      want_abi, text);
	CHECK(got->landlock_scoped == (want_abi >= 6), "scope %d at v%d", got->landlock_scoped,
	      want_abi);
	CHECK(got->seccomp == w->seccomp, "seccomp %d (%s)", got->seccomp, text);
	CHECK(got->net_ns == w->ns && got->pid_ns == w->ns, "namespaces (%s)", text);
	CHECK(got->user_ns == (w->ns && geteuid() != 0), "user namespace (%s)", text);
	CHECK(got->dropped_root == (geteuid() == 0), "uid (%s)", text);
	free(text);
}

static int run_combination(const char *spec, const struct want *w, int abi)
{
	char dir[] = "/tmp/loco-test-unix-XXXXXX", path[128], abstract[64];
	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp: %s", strerror(errno));
		return check_done("sandbox layers");
	}
	bool root = geteuid() == 0;
	/* root: a socket anyone may use; a user: a private one, as ssh-agent makes. */
	chmod(dir, root ? 0755 : 0700);
	snprintf(path, sizeof path, "%s/agent.sock", dir);
	snprintf(abstract, sizeof abstract, "loco-test-%d", (int)getpid());
	int port = 0;
	int lp = listen_unix(path, false), la = listen_unix(abstract, true), lt = listen_tcp(&port);
	if (lp >= 0)
		chmod(path, root ? 0777 : 0600);
	setenv("LOCO_TEST_SANDBOX_LAYERS", spec, 1);
	char *script = xasprintf(hostile, path, abstract, port);
	struct sandbox_limits lim;
	sandbox_default_limits(&lim);
	struct sandbox_result r;
	char *err = NULL;
	if (!w->seccomp) {
		/* loco refuses to run without seccomp unless told to */
		int rc = sandbox_run_python("pass\n", &lim, false, &r, &err);
		CHECK(rc < 0 && err && strstr(err, "seccomp") && strstr(err, "--allow-unsandboxed"),
		      "without seccomp: rc %d err '%s'", rc, err ? err : "");
		free(err);
		err = NULL;
	}
	int rc = sandbox_run_python(script, &lim, !w->seccomp, &r, &err);
	CHECK(rc == 0, "run failed: %s", err ? err : "");
	if (rc == 0) {
		check_layers(&r.layers, w, abi);
		char *want = expected_output(w->seccomp, r.layers.landlock_scoped);
		char *got = relevant_lines(r.out, w->seccomp);
		CHECK(!strcmp(got, want), "%s: got\n%s(stderr %s)\nwant\n%s", spec, got, r.err,
		      want);
		free(want);
		free(got);
		if (w->seccomp) {
			CHECK(lp < 0 || !nobody_connected(lp),
			      "the pathname socket saw a connection");
			CHECK(lt < 0 || !nobody_connected(lt), "the TCP listener saw a connection");
		}
		if (w->seccomp || r.layers.landlock_scoped || r.layers.net_ns)
			CHECK(la < 0 || !nobody_connected(la),
			      "the abstract socket saw a connection");
		sandbox_result_free(&r);
	}
	free(err);
	free(script);
	if (lp >= 0)
		close(lp);
	if (la >= 0)
		close(la);
	if (lt >= 0)
		close(lt);
	unlink(path);
	rmdir(dir);
	return check_done("sandbox layers");
}

/* As root, the unprivileged case runs a copy of this binary (the build dir may be closed to
 * nobody) under setpriv; its exit status is the test's. */
static int rerun_as_nobody(const char *spec)
{
	char dir[] = "/tmp/loco-test-bin-XXXXXX";
	if (!mkdtemp(dir) || chmod(dir, 0755) < 0) {
		fprintf(stderr, "cannot make a temp dir: %s\n", strerror(errno));
		return 1;
	}
	char *bin = path_join(dir, "test_sandbox_layers"), *err = NULL, *image = NULL;
	size_t len = 0;
	int rc = 1;
	if (read_file("/proc/self/exe", (size_t)1 << 30, &image, &len, &err) == 0 &&
	    write_file_atomic(bin, image, len, &err) == 0 && chmod(bin, 0755) == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			if (chdir("/") < 0)
				_exit(1);
			execlp("setpriv", "setpriv", "--reuid=65534", "--regid=65534",
			       "--clear-groups", bin, "nobody", spec, (char *)NULL);
			fprintf(stderr, "cannot run setpriv: %s\n", strerror(errno));
			_exit(SKIP);
		}
		int st = 0;
		if (pid > 0 && waitpid(pid, &st, 0) == pid)
			rc = WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	} else {
		fprintf(stderr, "cannot copy the test binary: %s\n", err ? err : strerror(errno));
	}
	free(image);
	free(err);
	unlink(bin);
	rmdir(dir);
	free(bin);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "root") && strcmp(argv[1], "nobody"))) {
		fprintf(stderr, "usage: test_sandbox_layers root|nobody LAYERS\n");
		return 2;
	}
	bool as_root = !strcmp(argv[1], "root");
	if (as_root && geteuid() != 0) {
		printf("SKIPPED: the root case needs root\n");
		return SKIP;
	}
	if (!as_root && geteuid() == 0)
		return rerun_as_nobody(argv[2]);
	struct want w;
	parse_layers(argv[2], &w);
	int abi = kernel_landlock_abi();
	const char *lacks = NULL;
	if (w.ns && !kernel_has_namespaces())
		lacks = geteuid() ? "user+net+pid namespaces for an unprivileged user"
		                  : "net+pid namespaces";
	else if (w.landlock_cap && !abi)
		lacks = "Landlock";
	else if (w.seccomp && !kernel_has_seccomp())
		lacks = "seccomp";
	else if (!w.seccomp && abi < 6)
		lacks = "Landlock ABI 6 (the abstract-socket scope this case is about)";
	if (lacks) {
		printf("SKIPPED: %s %s: this kernel lacks %s\n", argv[1], argv[2], lacks);
		return SKIP;
	}
	return run_combination(argv[2], &w, abi);
}
