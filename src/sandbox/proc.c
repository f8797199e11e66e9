/* proc.c: fork, exec, feed stdin, collect stdout/stderr with poll(), kill
 * the process group when time runs out. */
#define _GNU_SOURCE
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static void child(char *const argv[], int in, int out, int err)
{
	setpgid(0, 0);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	execvp(argv[0], argv);
	_exit(127);
}

/* Moves bytes between the child's pipes until both outputs close or time is up. */
static void pump(int in, int out, int err, const char *input, double deadline, size_t max_out,
                 struct strbuf *o, struct strbuf *e, bool *timed_out)
{
	size_t sent = 0, len = input ? strlen(input) : 0;
	if (!len) {
		close(in);
		in = -1;
	}
	while (out >= 0 || err >= 0) {
		double left = deadline - monotonic_seconds();
		if (left <= 0) {
			*timed_out = true;
			break;
		}
		struct pollfd p[3] = {{out, POLLIN, 0}, {err, POLLIN, 0}, {in, POLLOUT, 0}};
		if (poll(p, 3, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			break;
		char buf[8192];
		int *fds[2] = {&out, &err};
		struct strbuf *sbs[2] = {o, e};
		for (int k = 0; k < 2; k++) {
			if (*fds[k] < 0 || !(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(*fds[k], buf, sizeof buf);
			if (n <= 0) {
				close(*fds[k]);
				*fds[k] = -1;
			} else if (sbs[k]->len < (k ? 4096 : max_out)) {
				size_t room = (k ? 4096 : max_out) - sbs[k]->len;
				sb_add(sbs[k], buf, (size_t)n < room ? (size_t)n : room);
			}
		}
		if (in >= 0 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(in, input + sent, len - sent);
			if (n > 0)
				sent += (size_t)n;
			if (n < 0 || sent == len) {
				close(in);
				in = -1;
			}
		}
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
}

int proc_run(char *const argv[], const char *input, double timeout_s, size_t max_out,
             struct proc_result *r, char **errmsg)
{
	memset(r, 0, sizeof *r);
	int pin[2], pout[2], perr[2];
	if (pipe2(pin, O_CLOEXEC) < 0)
		return set_err(errmsg, "cannot run '%s': %s", argv[0], strerror(errno));
	if (pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0) {
		close(pin[0]);
		close(pin[1]);
		return set_err(errmsg, "cannot run '%s': %s", argv[0], strerror(errno));
	}
	/* A reader that goes away must not kill loco. */
	signal(SIGPIPE, SIG_IGN);
	pid_t pid = fork();
	if (pid < 0)
		return set_err(errmsg, "cannot run '%s': %s", argv[0], strerror(errno));
	if (pid == 0)
		child(argv, pin[0], pout[1], perr[1]);
	setpgid(pid, pid);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	struct strbuf o = STRBUF_INIT, e = STRBUF_INIT;
	sb_adds(&o, "");
	sb_adds(&e, "");
	pump(pin[1], pout[0], perr[0], input, monotonic_seconds() + timeout_s, max_out, &o, &e,
	     &r->timed_out);
	if (r->timed_out)
		kill(-pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r->out = sb_detach(&o);
	r->err = sb_detach(&e);
	if (r->status == 127 && !r->out[0] && !r->timed_out) {
		proc_result_free(r);
		return set_err(errmsg, "cannot run '%s': not found", argv[0]);
	}
	return 0;
}

void proc_result_free(struct proc_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof *r);
}
