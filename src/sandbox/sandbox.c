/* sandbox.c: runs untrusted Python in a child confined by every layer the kernel offers
 * (namespaces, an unprivileged uid, Landlock, seccomp, rlimits), supervises it with poll() and a
 * wall clock, and cleans up its temp dir and any process it left behind. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/landlock.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

/* The system header may predate the kernel: spell out the rights of later ABIs. */
#define LL_FS_EXECUTE    (1ULL << 0)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_READ_FILE  (1ULL << 2)
#define LL_FS_READ_DIR   (1ULL << 3)
#define LL_FS_V1         ((1ULL << 13) - 1) /* execute .. make_sym */
#define LL_FS_REFER      (1ULL << 13)       /* ABI 2 */
#define LL_FS_TRUNCATE   (1ULL << 14)       /* ABI 3 */
#define LL_FS_IOCTL_DEV  (1ULL << 15)       /* ABI 5 */
#define LL_FS_FILE_RIGHTS                                                                          \
	(LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)
#define LL_NET_BIND_TCP    (1ULL << 0) /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ALL       ((1ULL << 0) | (1ULL << 1)) /* ABI 6: abstract unix sockets, signals */
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

#define SANDBOX_UID 65534 /* nobody / nogroup */

/* Everything the child needs, prepared by the parent so the child only makes system calls. */
struct plan {
	char python[PATH_MAX]; /* python3 found in the child's PATH */
	char prefix[PATH_MAX]; /* its installation prefix (realpath), readable under Landlock */
	char dir[96];          /* the run's temp dir */
	char env_home[128];
	const char *script; /* its text, written again into the tmpfs */
	long disk_mb;       /* the tmpfs's size */
	char *envp[5];
	int landlock_abi;   /* 0 = don't use */
	bool try_ns;        /* try new namespaces */
	bool seccomp_ok;    /* the kernel supports seccomp filters (and they are wanted) */
	const char *forced; /* LOCO_TEST_SANDBOX_LAYERS, when set */
	bool drop_root;     /* switch to SANDBOX_UID */
	uid_t outer_uid;
	gid_t outer_gid;
	bool user_ns, net_ns, pid_ns, mnt_ns; /* what the clone got */
};

void sandbox_default_limits(struct sandbox_limits *l)
{
	l->wall_seconds = 10;
	l->cpu_seconds = 5;
	l->memory_mb = 512;
	l->max_procs = 32;
	l->file_size_mb = 16;
	l->max_disk_mb = 64;
	l->open_files = 64;
	l->max_output = 64 * 1024;
	l->max_channel = 0;
}

char *sandbox_layers_text(const struct sandbox_layers *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	if (s->landlock_abi)
		sb_addf(&sb, ", landlock v%d (%s%s)", s->landlock_abi,
		        s->landlock_net ? "fs+net" : "fs", s->landlock_scoped ? "+scope" : "");
	if (s->user_ns || s->net_ns || s->pid_ns)
		sb_addf(&sb, ", %s%s%s%s%s namespaces", s->user_ns ? "user" : "",
		        s->user_ns && (s->net_ns || s->pid_ns) ? "+" : "", s->net_ns ? "net" : "",
		        s->net_ns && s->pid_ns ? "+" : "", s->pid_ns ? "pid" : "");
	if (s->seccomp)
		sb_adds(&sb, ", seccomp (no sockets)");
	if (s->tmpfs)
		sb_adds(&sb, ", tmpfs");
	if (!sb.len)
		sb_adds(&sb, ", none");
	if (s->rlimits)
		sb_adds(&sb, s->landlock_abi || s->user_ns || s->net_ns || s->pid_ns || s->seccomp
		                 ? ", rlimits"
		                 : " (rlimits only)");
	if (s->dropped_root)
		sb_adds(&sb, ", uid nobody");
	char *full = sb_detach(&sb);
	char *text = xstrdup(full + 2);
	free(full);
	return text;
}

void sandbox_result_free(struct sandbox_result *r)
{
	free(r->out);
	free(r->err);
	free(r->channel);
	memset(r, 0, sizeof *r);
}

/* ---- planning, in the parent ---- */

static int landlock_abi_probe(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return abi > 0 ? (int)abi : 0;
}

static int find_python(struct plan *p, char **err)
{
	static const char *const dirs[] = {"/usr/bin", "/bin"}; /* the child's PATH */
	for (size_t i = 0; i < LOCO_ARRAY_LEN(dirs); i++) {
		snprintf(p->python, sizeof p->python, "%s/python3", dirs[i]);
		char real[PATH_MAX];
		if (access(p->python, X_OK) < 0 || !realpath(p->python, real))
			continue;
		/* <prefix>/bin/python3.x: the prefix holds the standard library. */
		char *slash = strrchr(real, '/');
		*slash = '\0';
		slash = strrchr(real, '/');
		if (slash && slash != real)
			*slash = '\0';
		snprintf(p->prefix, sizeof p->prefix, "%s", real);
		return 0;
	}
	return set_err(err, "cannot run code: python3 not found in /usr/bin:/bin");
}

/* The layers LOCO_TEST_SANDBOX_LAYERS asks for (tests only): "none", or a comma-separated list of
 * "ns", "landlock" (or "landlock:N", the ABI capped at N) and "seccomp". Anything not named is
 * left out, so each combination can be tested on one machine. */
struct wanted {
	bool ns, seccomp;
	int landlock_max; /* 0 = no Landlock */
};

static int parse_forced(const char *spec, struct wanted *w, char **err)
{
	*w = (struct wanted){false, false, 0};
	if (!strcmp(spec, "none"))
		return 0;
	char *copy = xstrdup(spec), *save = NULL;
	int rc = 0;
	for (char *t = strtok_r(copy, ",", &save); t && rc == 0; t = strtok_r(NULL, ",", &save)) {
		int cap = 0;
		char end;
		if (!strcmp(t, "ns"))
			w->ns = true;
		else if (!strcmp(t, "seccomp"))
			w->seccomp = true;
		else if (!strcmp(t, "landlock"))
			w->landlock_max = INT_MAX;
		else if (sscanf(t, "landlock:%d%c", &cap, &end) == 1 && cap >= 1)
			w->landlock_max = cap;
		else
			rc = set_err(
			    err,
			    "LOCO_TEST_SANDBOX_LAYERS: unknown layer '%s' (expected none, "
			    "or a comma-separated list of ns, landlock, landlock:N, seccomp)",
			    t);
	}
	free(copy);
	return rc;
}

/* Decides what to try; the child reports what it actually got. */
static int plan_init(struct plan *p, char **err)
{
	memset(p, 0, sizeof *p);
	if (find_python(p, err) < 0)
		return -1;
	struct wanted w = {true, true, INT_MAX};
	p->forced = getenv("LOCO_TEST_SANDBOX_LAYERS");
	if (p->forced && parse_forced(p->forced, &w, err) < 0)
		return -1;
	int abi = w.landlock_max ? landlock_abi_probe() : 0;
	p->landlock_abi = abi < w.landlock_max ? abi : w.landlock_max;
	p->try_ns = w.ns;
	p->seccomp_ok = w.seccomp && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0;
	p->outer_uid = getuid();
	p->outer_gid = getgid();
	p->drop_root = geteuid() == 0;
	return 0;
}

static int write_script(const char *dir, const char *script, bool chown_it, char **err)
{
	char path[128];
	snprintf(path, sizeof path, "%s/script.py", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return set_err(err, "cannot write '%s': %s", path, strerror(errno));
	size_t len = strlen(script), off = 0;
	while (off < len) {
		ssize_t n = write(fd, script + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return set_err(err, "cannot write '%s': %s", path, strerror(errno));
		}
		off += (size_t)n;
	}
	close(fd);
	if (chown_it && chown(path, SANDBOX_UID, SANDBOX_UID) < 0)
		return set_err(err, "cannot hand '%s' to nobody: %s", path, strerror(errno));
	return 0;
}

static bool proc_stat(pid_t pid, char *state, unsigned long long *start);
static void remove_tree(const char *dir);

/* A run's dir is named after the loco process that owns it: /tmp/loco-sandbox-PID-START-XXXXXX,
 * START its start time (clock ticks since boot), so a reused pid is not taken for the owner. */
#define WORKDIR_PREFIX "loco-sandbox-"

/* Dirs whose owner is gone (loco was killed with SIGKILL, which no cleanup survives) are removed
 * at the next run; only dirs of our uid, or nobody's when we are root, are touched. */
static void remove_stale_workdirs(void)
{
	DIR *d = opendir("/tmp");
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		int pid, used = 0;
		unsigned long long start, now;
		char state, path[PATH_MAX];
		if (strncmp(de->d_name, WORKDIR_PREFIX, strlen(WORKDIR_PREFIX)) ||
		    sscanf(de->d_name + strlen(WORKDIR_PREFIX), "%d-%llu-%n", &pid, &start,
		           &used) != 2 ||
		    !used || pid <= 0)
			continue;
		if (proc_stat(pid, &state, &now) && now == start)
			continue; /* its loco is alive */
		snprintf(path, sizeof path, "/tmp/%s", de->d_name);
		struct stat st;
		if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) ||
		    (st.st_uid != getuid() && !(geteuid() == 0 && st.st_uid == SANDBOX_UID)))
			continue;
		remove_tree(path);
	}
	closedir(d);
}

/* A fresh empty dir with the script in it, owned by the uid the code will run as. */
static int make_workdir(struct plan *p, const char *script, char **err)
{
	char state;
	unsigned long long start = 0;
	proc_stat(getpid(), &state, &start);
	snprintf(p->dir, sizeof p->dir, "/tmp/" WORKDIR_PREFIX "%d-%llu-XXXXXX", (int)getpid(),
	         start);
	p->script = script;
	if (!mkdtemp(p->dir))
		return set_err(err, "cannot make a temp dir for code: %s", strerror(errno));
	/* Without a dir nobody can write in, running as nobody would be useless: stay root. */
	if (p->drop_root && chown(p->dir, SANDBOX_UID, SANDBOX_UID) < 0)
		p->drop_root = false;
	if (write_script(p->dir, script, p->drop_root, err) < 0)
		return -1;
	snprintf(p->env_home, sizeof p->env_home, "HOME=%s", p->dir);
	p->envp[0] = "PATH=/usr/bin:/bin";
	p->envp[1] = p->env_home;
	p->envp[2] = "LANG=C.UTF-8";
	p->envp[3] = "PYTHONDONTWRITEBYTECODE=1";
	p->envp[4] = NULL;
	return 0;
}

/* An O_PATH dir fd as a readable one, after giving its owner back rwx (through /proc, the only
 * way to chmod an O_PATH fd; fchmod on one fails with EBADF). */
static int reopen_dir(int path_fd)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", path_fd);
	chmod(proc, 0700);
	int fd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(path_fd);
	return fd;
}

/* Empties an open dir, first giving back the permissions code may have taken from its own dirs
 * (an unprivileged loco needs them). Works through fds, so long paths don't matter; nesting
 * deeper than the cap is left behind. */
static void remove_contents(int dfd, int depth)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (!strcmp(name, ".") || !strcmp(name, "..") || !unlinkat(dfd, name, 0))
			continue;
		if (errno != EISDIR && errno != EPERM)
			continue;
		if (depth < 256) {
			/* O_PATH opens a dir without read permission; fchmod then never follows
			 * a link (names in /tmp can be swapped by their owner) */
			int sub = openat(dfd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				sub = reopen_dir(sub);
			if (sub >= 0)
				remove_contents(sub, depth + 1);
		}
		unlinkat(dfd, name, AT_REMOVEDIR);
	}
	closedir(d);
}

static void remove_tree(const char *dir)
{
	/* Entries removed while reading may hide others from readdir: a few passes at most. */
	struct stat st;
	for (int pass = 0; pass < 3 && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode); pass++) {
		int fd = open(dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && (fd = reopen_dir(fd)) >= 0)
			remove_contents(fd, 0);
		rmdir(dir);
	}
}

/* ---- the child: confine itself, then exec python3 ---- */

static int ll_allow(int ruleset, const char *path, uint64_t rights)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	struct stat st;
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		rights &= LL_FS_FILE_RIGHTS;
	struct landlock_path_beneath_attr rule = {.allowed_access = rights, .parent_fd = fd};
	long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
	close(fd);
	return rc < 0 ? -1 : 0;
}

static uint64_t ll_fs_rights(int abi)
{
	uint64_t fs = LL_FS_V1;
	if (abi >= 2)
		fs |= LL_FS_REFER;
	if (abi >= 3)
		fs |= LL_FS_TRUNCATE;
	if (abi >= 5)
		fs |= LL_FS_IOCTL_DEV;
	return fs;
}

/* Read-only: the interpreter's own paths and the few /etc files the loader reads.
 * Read-write: the temp dir and /dev/null. Anything not named is denied. */
static int ll_build(const struct plan *p)
{
	int abi = p->landlock_abi;
	struct ll_ruleset_attr attr = {ll_fs_rights(abi), 0, 0};
	size_t size = sizeof attr.handled_access_fs;
	if (abi >= 4) {
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		size += sizeof attr.handled_access_net;
	}
	if (abi >= 6) {
		attr.scoped = LL_SCOPE_ALL;
		size += sizeof attr.scoped;
	}
	int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (rs < 0)
		return -1;
	uint64_t ro = LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_EXECUTE;
	uint64_t dev = (LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV) &
	               attr.handled_access_fs;
	static const char *const ro_paths[] = {
	    "/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc/ld.so.cache", "/etc/localtime"};
	int bad = 0;
	for (size_t i = 0; i < LOCO_ARRAY_LEN(ro_paths); i++)
		bad |= ll_allow(rs, ro_paths[i], ro);
	bad |= ll_allow(rs, p->prefix, ro);
	bad |= ll_allow(rs, p->dir, attr.handled_access_fs);
	bad |= ll_allow(rs, "/dev/null", dev);
	if (bad) {
		close(rs);
		return -1;
	}
	return rs;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* In a new user namespace, map our own uid and gid only (all an unprivileged process may do). */
static int map_user_ns(const struct plan *p)
{
	char map[64];
	if (write_text("/proc/self/setgroups", "deny") < 0)
		return -1;
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)p->outer_uid, (unsigned)p->outer_uid);
	if (write_text("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)p->outer_gid, (unsigned)p->outer_gid);
	return write_text("/proc/self/gid_map", map);
}

/* The temp dir becomes a tmpfs of max_disk_mb, private to the child's mount namespace, so the
 * code's files are capped in all and vanish with the namespace, even when loco is killed. The
 * script is written again into it (the parent's copy stays beneath). */
static int mount_tmpfs(const struct plan *p)
{
	unsigned uid = p->drop_root ? SANDBOX_UID : (unsigned)p->outer_uid;
	unsigned gid = p->drop_root ? SANDBOX_UID : (unsigned)p->outer_gid;
	char opts[128], path[128];
	snprintf(opts, sizeof opts, "size=%ldm,nr_inodes=65536,mode=0700,uid=%u,gid=%u", p->disk_mb,
	         uid, gid);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", p->dir, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
		return -1;
	snprintf(path, sizeof path, "%s/script.py", p->dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	size_t len = strlen(p->script), off = 0;
	while (off < len) {
		ssize_t n = write(fd, p->script + off, len - off);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	int rc = p->drop_root ? fchown(fd, uid, gid) : 0;
	close(fd);
	return rc;
}

static bool drop_root(void)
{
	return setgroups(0, NULL) == 0 && setresgid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID) == 0 &&
	       setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID) == 0;
}

/* No new sockets of any family: socket() fails with EACCES, so neither a network nor a Unix
 * socket outside the sandbox (ssh-agent, a docker socket, an abstract name) can be reached
 * whatever else is in force; a network namespace does not cover pathname Unix sockets, nor does
 * Landlock before it handles them. socketpair() stays for AF_UNIX only (multiprocessing and
 * asyncio use it; such a pair connects the code to itself). io_uring is refused because its
 * socket and connect operations do not go through these system calls. */
static bool deny_sockets(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return false;
	int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socketpair), 1,
		                      SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)AF_UNIX));
	static const int uring[] = {SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter),
	                            SCMP_SYS(io_uring_register)};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(uring) && rc == 0; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), uring[i], 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc == 0;
}

static bool set_limit(int resource, rlim_t value)
{
	struct rlimit rl = {value, value};
	return setrlimit(resource, &rl) == 0;
}

/* CPU soft == hard, so running out of CPU is always SIGKILL, even for a PID-namespace init
 * (which ignores SIGXCPU). */
static bool apply_rlimits(const struct sandbox_limits *l)
{
	const rlim_t mb = 1024 * 1024;
	long file_mb = l->file_size_mb < l->max_disk_mb ? l->file_size_mb : l->max_disk_mb;
	return set_limit(RLIMIT_CPU, (rlim_t)l->cpu_seconds) &&
	       set_limit(RLIMIT_AS, (rlim_t)l->memory_mb * mb) &&
	       set_limit(RLIMIT_NPROC, (rlim_t)l->max_procs) &&
	       set_limit(RLIMIT_FSIZE, (rlim_t)file_mb * mb) &&
	       set_limit(RLIMIT_NOFILE, (rlim_t)l->open_files) && set_limit(RLIMIT_CORE, 0);
}

static void reset_signals(void)
{
	/* Dispositions loco set to SIG_IGN (SIGPIPE) would survive exec. */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Returns NULL when confined and ready to exec, else what failed (errno tells why). */
static const char *child_confine(const struct plan *p, const struct sandbox_limits *l,
                                 const int fds[4], struct sandbox_layers *got)
{
	setsid();
	if (p->user_ns && map_user_ns(p) < 0)
		return "cannot map the user namespace";
	for (int k = 0; k < 4; k++)
		if (fds[k] >= 0 && (fds[k] == k ? fcntl(k, F_SETFD, 0) : dup2(fds[k], k)) < 0)
			return "cannot set up stdin/stdout/stderr";
	reset_signals();
	got->tmpfs = p->mnt_ns && mount_tmpfs(p) == 0;
	if (chdir(p->dir) < 0)
		return "cannot enter the temp dir";
	int rs = -1;
	if (p->landlock_abi && (rs = ll_build(p)) < 0)
		return "cannot build the Landlock ruleset";
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return "cannot set no_new_privs";
	got->dropped_root = p->drop_root && drop_root();
	/* After the uid change, which clears it: if loco dies, so does the code (loco has one
	 * thread, so the "parent" here is loco itself). */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (p->seccomp_ok && !(got->seccomp = deny_sockets()))
		return "cannot load the seccomp filter";
	if (rs >= 0) {
		if (syscall(SYS_landlock_restrict_self, rs, 0) < 0)
			return "cannot enforce the Landlock ruleset";
		close(rs);
		got->landlock_abi = p->landlock_abi;
		got->landlock_net = p->landlock_abi >= 4;
		got->landlock_scoped = p->landlock_abi >= 6;
	}
	got->user_ns = p->user_ns;
	got->net_ns = p->net_ns;
	got->pid_ns = p->pid_ns;
	unsigned first = fds[3] >= 0 ? 4U : 3U; /* fd 3 is the harness's channel */
	if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		for (int fd = (int)first; fd < 1024; fd++)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (!(got->rlimits = apply_rlimits(l)))
		return "cannot set rlimits";
	return NULL;
}

/* Tells the parent, over a close-on-exec pipe: 'L' + layers before exec, 'E' + text on failure.
 * EOF without 'E' means python3 is running. */
static void child_report(int fd, char tag, const void *data, size_t len)
{
	char buf[512];
	buf[0] = tag;
	if (len > sizeof buf - 1)
		len = sizeof buf - 1;
	memcpy(buf + 1, data, len);
	ssize_t n = write(fd, buf, len + 1);
	(void)n;
}

static void child_main(const struct plan *p, const struct sandbox_limits *l, const int fds[4],
                       int report)
{
	struct sandbox_layers got = {0};
	const char *what = child_confine(p, l, fds, &got);
	if (!what) {
		child_report(report, 'L', &got, sizeof got);
		char *const argv[] = {"python3", "-I", "-S", "-B", "script.py", NULL};
		execve(p->python, argv, p->envp);
		what = "cannot execute python3";
	}
	char msg[400];
	int e = errno;
	snprintf(msg, sizeof msg, "%s: %s", what, strerror(e));
	child_report(report, 'E', msg, strlen(msg));
	_exit(127);
}

/* ---- the parent: start, supervise, clean up ---- */

/* Namespaces come with the child (clone) rather than unshare() in it: a new PID namespace only
 * applies to children, and here the python process itself becomes its init, so every process it
 * leaves behind dies with it. The raw syscall without a stack behaves like fork(). */
static pid_t spawn(struct plan *p)
{
	if (p->try_ns) {
		unsigned long ns = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS;
		if (geteuid() != 0)
			ns |= CLONE_NEWUSER;
		pid_t pid = (pid_t)syscall(SYS_clone, ns | SIGCHLD, NULL, NULL, NULL, NULL);
		if (pid >= 0) {
			p->user_ns = ns & CLONE_NEWUSER;
			p->net_ns = p->pid_ns = p->mnt_ns = true;
			return pid;
		}
	}
	p->user_ns = p->net_ns = p->pid_ns = p->mnt_ns = false;
	return fork();
}

/* Reads a process's state letter and start time (field 22, in clock ticks since boot). */
static bool proc_stat(pid_t pid, char *state, unsigned long long *start)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* The command name (field 2) may hold spaces, so count from its closing ')'. */
	char *s = strrchr(buf, ')');
	if (!s || s[1] != ' ')
		return false;
	*state = s[2];
	for (int field = 2; s && field < 22; field++)
		s = strchr(s + 1, ' ');
	if (!s)
		return false;
	*start = strtoull(s + 1, NULL, 10);
	return true;
}

static bool proc_real_uid_is(pid_t pid, uid_t uid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	char line[256];
	bool match = false;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "Uid:", 4)) {
			match = strtoul(line + 4, NULL, 10) == uid;
			break;
		}
	fclose(f);
	return match;
}

/* Without a PID namespace, a process that called setsid() has left the process group. Only the
 * code runs as nobody's uid, so everything of that uid started since the run began is its own.
 * Rounds repeat until none is left alive, as a victim may fork while we look, and a killed
 * process takes a moment to die. */
static void sweep_leftovers(unsigned long long since)
{
	for (int round = 0; round < 500; round++) {
		DIR *d = opendir("/proc");
		if (!d)
			return;
		int found = 0;
		struct dirent *de;
		while ((de = readdir(d))) {
			pid_t pid = (pid_t)atoi(de->d_name);
			char state;
			unsigned long long start;
			/* A zombie runs nothing; its parent (init, by now) reaps it. */
			if (pid <= 0 || !proc_real_uid_is(pid, SANDBOX_UID) ||
			    !proc_stat(pid, &state, &start) || start < since || state == 'Z' ||
			    state == 'X')
				continue;
			kill(pid, SIGKILL);
			found++;
		}
		closedir(d);
		if (!found)
			return;
		usleep(2000);
	}
}

struct run {
	pid_t pid;
	unsigned long long start_time;
	bool sweep; /* kill leftovers by uid (no PID namespace, code ran as nobody) */
	bool exited;
	int wstatus;
};

static void kill_all(struct run *run)
{
	kill(-run->pid, SIGKILL);
	if (!run->exited)
		kill(run->pid, SIGKILL);
	if (run->sweep)
		sweep_leftovers(run->start_time);
}

/* Bytes the files under an open dir take (st_blocks, so sparse files count what they use);
 * through fds, not following links. */
static unsigned long long dir_usage(int dfd, int depth)
{
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 0;
	}
	unsigned long long sum = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		sum += (unsigned long long)st.st_blocks * 512;
		if (S_ISDIR(st.st_mode) && depth < 256) {
			int sub = openat(dirfd(d), de->d_name,
			                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				sum += dir_usage(sub, depth + 1);
		}
	}
	closedir(d);
	return sum;
}

/* Without a tmpfs, the files are measured while the code runs and once it has ended. */
struct disk_watch {
	const char *dir;        /* NULL: a tmpfs caps them */
	unsigned long long max; /* bytes */
	double next;            /* when to measure again */
	bool full;
};

static bool disk_over(struct disk_watch *w)
{
	if (!w->dir || w->full)
		return w->full;
	int fd = open(w->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	w->full = fd >= 0 && dir_usage(fd, 0) > w->max;
	return w->full;
}

struct capture {
	int fd;
	struct strbuf sb;
	size_t max;
	bool truncated;
};

/* Keeps the first max bytes; the rest is read and dropped so the writer never blocks on us. */
static void capture_read(struct capture *c, char *buf, size_t size)
{
	ssize_t n = read(c->fd, buf, size);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(c->fd);
		c->fd = -1;
		return;
	}
	size_t room = c->max - c->sb.len;
	bool over = (size_t)n > room;
	c->truncated |= over;
	sb_add(&c->sb, buf, over ? room : (size_t)n);
}

/* Reads both streams until the code and everything it started are gone. The wall clock kills
 * the lot; after the main process ends its leftovers are killed at once, and the pipes get a
 * short grace to drain. */
static void supervise(struct run *run, struct capture cap[3], double wall, bool *timed_out,
                      struct disk_watch *disk)
{
	const size_t bufsize = 256 * 1024;
	char *buf = xmalloc(bufsize);
	double now = monotonic_seconds(), deadline = now + wall;
	while (!run->exited || cap[0].fd >= 0 || cap[1].fd >= 0 || cap[2].fd >= 0) {
		now = monotonic_seconds();
		if (!run->exited && waitpid(run->pid, &run->wstatus, WNOHANG) == run->pid) {
			run->exited = true;
			kill_all(run);
			deadline = now + 1.0;
		} else if (now >= deadline && !run->exited && !*timed_out) {
			*timed_out = true;
			kill_all(run);
			deadline = now + 1.0;
		} else if (!run->exited && disk->dir && now >= disk->next) {
			disk->next = now + 0.2;
			if (disk_over(disk)) { /* a disk filler: stop it now */
				kill_all(run);
				deadline = now + 1.0;
			}
		} else if (now >= deadline) {
			break;
		}
		double left = deadline - now;
		int ms = left < 0.05 ? (int)(left * 1000) + 1 : 50;
		struct pollfd pf[3] = {
		    {cap[0].fd, POLLIN, 0}, {cap[1].fd, POLLIN, 0}, {cap[2].fd, POLLIN, 0}};
		if (poll(pf, 3, ms) <= 0)
			continue;
		for (int k = 0; k < 3; k++)
			if (cap[k].fd >= 0 && (pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
				capture_read(&cap[k], buf, bufsize);
	}
	free(buf);
	for (int k = 0; k < 3; k++)
		if (cap[k].fd >= 0)
			close(cap[k].fd);
	if (!run->exited) {
		kill_all(run);
		while (waitpid(run->pid, &run->wstatus, 0) < 0 && errno == EINTR)
			;
		run->exited = true;
	}
}

/* Reads the child's report until exec (EOF). Returns 0 with the layers, or -1 with its error. */
static int read_report(int fd, struct sandbox_layers *layers, char **err)
{
	char buf[1024];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	size_t at = len && buf[0] == 'L' ? 1 + sizeof *layers : 0;
	if (at && len >= at)
		memcpy(layers, buf + 1, sizeof *layers);
	if (at <= len && len > at && buf[at] == 'E')
		return set_err(err, "cannot run code in the sandbox: %s", buf + at + 1);
	if (!at || len < at)
		return set_err(err, "cannot run code in the sandbox: the child gave no report");
	return 0;
}

static void set_nonblock_big(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	/* A bigger pipe means fewer wake-ups when code prints gigabytes. */
	fcntl(fd, F_SETPIPE_SZ, 1024 * 1024);
}

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
}

static int refuse(const struct plan *p, char **err)
{
	if (p->forced)
		return set_err(err,
		               "code execution refused: the sandbox has no seccomp filter "
		               "(LOCO_TEST_SANDBOX_LAYERS=%s); pass --allow-unsandboxed to run "
		               "model-written code without it",
		               p->forced);
	return set_err(err,
	               "code execution refused: this kernel offers no seccomp filters, which the "
	               "sandbox needs to keep the code away from sockets; pass "
	               "--allow-unsandboxed to run model-written code without it");
}

/* Starts the child with its pipes (stdout, stderr, the channel when asked for, the report);
 * fills run and the parent's read ends (in[2] is -1 without a channel). */
static int launch(struct plan *p, const struct sandbox_limits *l, bool allow_unsandboxed,
                  struct run *run, int in[3], int *report, char **err)
{
	int pipes[4][2] = {{-1, -1}, {-1, -1}, {-1, -1}, {-1, -1}}; /* out, err, channel, report */
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	bool ok = nul >= 0;
	for (int k = 0; k < 4 && ok; k++)
		ok = (k == 2 && !l->max_channel) || pipe2(pipes[k], O_CLOEXEC) == 0;
	if (!ok) {
		set_err(err, "cannot run code: %s", strerror(errno));
		goto fail;
	}
	signal(SIGPIPE, SIG_IGN); /* a child that goes away must not kill loco */
	/* seccomp is the one layer that keeps every socket out on every combination. */
	if (!p->seccomp_ok && !allow_unsandboxed) {
		refuse(p, err);
		goto fail;
	}
	pid_t pid = spawn(p);
	if (pid < 0) {
		set_err(err, "cannot run code: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		const int fds[4] = {nul, pipes[0][1], pipes[1][1], pipes[2][1]};
		child_main(p, l, fds, pipes[3][1]);
	}
	close(nul);
	for (int k = 0; k < 4; k++) {
		if (pipes[k][1] >= 0)
			close(pipes[k][1]);
		if (k < 3)
			in[k] = pipes[k][0];
	}
	*report = pipes[3][0];
	run->pid = pid;
	char state;
	if (!proc_stat(pid, &state, &run->start_time))
		run->start_time = 0;
	run->sweep = !p->pid_ns && p->drop_root && run->start_time;
	return 0;
fail:
	if (nul >= 0)
		close(nul);
	for (int k = 0; k < 4; k++)
		close_pair(pipes[k]);
	return -1;
}

static int exit_status(int wstatus)
{
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

int sandbox_run_python(const char *script, const struct sandbox_limits *l, bool allow_unsandboxed,
                       struct sandbox_result *r, char **err)
{
	memset(r, 0, sizeof *r);
	struct sandbox_limits def;
	if (!l) {
		sandbox_default_limits(&def);
		l = &def;
	}
	struct plan p;
	if (plan_init(&p, err) < 0)
		return -1;
	p.disk_mb = l->max_disk_mb;
	remove_stale_workdirs();
	if (make_workdir(&p, script, err) < 0) {
		remove_tree(p.dir);
		return -1;
	}
	struct run run = {0};
	int in[3], report;
	if (launch(&p, l, allow_unsandboxed, &run, in, &report, err) < 0) {
		remove_tree(p.dir);
		return -1;
	}
	int rc = read_report(report, &r->layers, err);
	close(report);
	struct capture cap[3];
	for (int k = 0; k < 3; k++) {
		cap[k] = (struct capture){in[k], STRBUF_INIT,
		                          k == 2 ? l->max_channel : l->max_output, false};
		sb_adds(&cap[k].sb, "");
		if (in[k] >= 0)
			set_nonblock_big(in[k]);
	}
	struct disk_watch disk = {r->layers.tmpfs || rc < 0 ? NULL : p.dir,
	                          (unsigned long long)l->max_disk_mb << 20, 0, false};
	supervise(&run, cap, rc == 0 ? l->wall_seconds : 0, &r->timed_out, &disk);
	r->disk_full = disk_over(&disk); /* what the last checks missed */
	remove_tree(p.dir);
	if (rc < 0) {
		for (int k = 0; k < 3; k++)
			sb_free(&cap[k].sb);
		memset(r, 0, sizeof *r);
		return -1;
	}
	r->status = exit_status(run.wstatus);
	r->out_len = cap[0].sb.len;
	r->err_len = cap[1].sb.len;
	r->channel_len = cap[2].sb.len;
	r->out_truncated = cap[0].truncated;
	r->err_truncated = cap[1].truncated;
	r->channel_truncated = cap[2].truncated;
	r->out = sb_detach(&cap[0].sb);
	r->err = sb_detach(&cap[1].sb);
	if (l->max_channel)
		r->channel = sb_detach(&cap[2].sb);
	else
		sb_free(&cap[2].sb);
	return 0;
}
