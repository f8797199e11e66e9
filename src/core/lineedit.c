/* lineedit.c: libedit behind dlopen() (see lineedit.h for why), and the
 * Ctrl-C rules of the chat prompt. */
#define _GNU_SOURCE
#include "lineedit.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "interrupt.h"
#include "util.h"

struct edit_api {
	EditLine *(*init)(const char *, FILE *, FILE *, FILE *);
	void (*end)(EditLine *);
	int (*set)(EditLine *, int, ...);
	int (*get)(EditLine *, int, ...);
	const char *(*gets)(EditLine *, int *);
	const LineInfo *(*line)(EditLine *);
	int (*source)(EditLine *, const char *);
	History *(*history_init)(void);
	void (*history_end)(History *);
	int (*history)(History *, HistEvent *, int, ...);
};

struct lineedit {
	const struct edit_api *api;
	EditLine *el;
	History *hist;
	char *history_path; /* NULL: nothing saved */
	char *prompt;
	int max_history;
	bool save_failed; /* warned once */
};

static int bind(void *lib, const char *name, void *fnptr, size_t size, char **err)
{
	void *sym = dlsym(lib, name);
	if (!sym)
		return set_err(err, "libedit.so.2 has no function '%s'; install a newer libedit2",
		               name);
	memcpy(fnptr, &sym, size); /* object to function pointer, as POSIX allows */
	return 0;
}
#define BIND(lib, field, name, err) bind(lib, name, &(field), sizeof(field), err)

static const struct edit_api *edit_api(char **err)
{
	static struct edit_api api;
	static bool loaded;
	if (loaded)
		return &api;
	void *lib = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		set_err(err,
		        "cannot load libedit.so.2 (%s); install it with 'apt-get install "
		        "libedit2'",
		        dlerror());
		return NULL;
	}
	if (BIND(lib, api.init, "el_init", err) || BIND(lib, api.end, "el_end", err) ||
	    BIND(lib, api.set, "el_set", err) || BIND(lib, api.get, "el_get", err) ||
	    BIND(lib, api.gets, "el_gets", err) || BIND(lib, api.line, "el_line", err) ||
	    BIND(lib, api.source, "el_source", err) ||
	    BIND(lib, api.history_init, "history_init", err) ||
	    BIND(lib, api.history_end, "history_end", err) ||
	    BIND(lib, api.history, "history", err)) {
		dlclose(lib);
		return NULL;
	}
	loaded = true;
	return &api;
}

static int read_key(EditLine *el, wchar_t *wc);

static char *prompt_of(EditLine *el)
{
	void *p = NULL;
	/* el_get through the table: the callback has no other way to the prompt */
	const struct edit_api *api = edit_api(NULL);
	api->get(el, EL_CLIENTDATA, &p);
	return ((struct lineedit *)p)->prompt;
}

static void load_history(struct lineedit *le)
{
	HistEvent ev;
	FILE *f = fopen(le->history_path, "r");
	if (!f) {
		if (errno != ENOENT) {
			fprintf(stderr,
			        "loco: warning: cannot read %s (%s); history will not be "
			        "saved\n",
			        le->history_path, strerror(errno));
			free(le->history_path);
			le->history_path = NULL;
		}
		return;
	}
	fclose(f);
	if (le->api->history(le->hist, &ev, H_LOAD, le->history_path) < 0) {
		/* Not a history file we can read: keep it as it is. */
		fprintf(stderr,
		        "loco: warning: %s is not a libedit history file; it is left "
		        "alone and this session's lines are not saved\n",
		        le->history_path);
		free(le->history_path);
		le->history_path = NULL;
	}
}

struct lineedit *lineedit_open(const char *history_path, int max_history, char **err)
{
	const struct edit_api *api = edit_api(err);
	if (!api)
		return NULL;
	struct lineedit *le = xcalloc(1, sizeof *le);
	le->api = api;
	le->prompt = xstrdup("> ");
	le->el = api->init("loco", stdin, stdout, stderr);
	le->hist = api->history_init();
	if (!le->el || !le->hist) {
		set_err(err, "libedit could not start on this terminal (is TERM set?)");
		lineedit_close(le);
		return NULL;
	}
	HistEvent ev;
	le->max_history = max_history;
	api->history(le->hist, &ev, H_SETSIZE, max_history);
	api->history(le->hist, &ev, H_SETUNIQUE, 1);
	api->set(le->el, EL_CLIENTDATA, le);
	api->set(le->el, EL_PROMPT, prompt_of);
	api->set(le->el, EL_EDITOR, "emacs");
	api->set(le->el, EL_HIST, api->history, le->hist);
	api->set(le->el, EL_GETCFN, read_key);
	api->source(le->el, NULL); /* the user's ~/.editrc, if any */
	if (history_path) {
		le->history_path = xstrdup(history_path);
		load_history(le);
	}
	return le;
}

void lineedit_close(struct lineedit *le)
{
	if (!le)
		return;
	if (le->el)
		le->api->end(le->el);
	if (le->hist)
		le->api->history_end(le->hist);
	free(le->history_path);
	free(le->prompt);
	free(le);
}

void lineedit_set_prompt(struct lineedit *le, const char *prompt)
{
	free(le->prompt);
	le->prompt = xstrdup(prompt);
}

static sigset_t wait_mask; /* while waiting for a key: SIGINT let through */

/* libedit's key reader, replaced so that Ctrl-C is never lost: SIGINT stays
 * blocked while libedit works and is let through only while waiting for a
 * key (ppoll), so it always ends the wait. */
static int read_key(EditLine *el, wchar_t *wc)
{
	(void)el;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	for (;;) {
		if (interrupt_requested()) {
			errno = EINTR;
			return -1;
		}
		struct pollfd p = {STDIN_FILENO, POLLIN, 0};
		if (ppoll(&p, 1, NULL, &wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		char b;
		ssize_t n = read(STDIN_FILENO, &b, 1);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		size_t r = mbrtowc(wc, &b, 1, &st);
		if (r == (size_t)-2)
			continue; /* more bytes of this character to come */
		if (r == (size_t)-1) {
			*wc = (wchar_t)(unsigned char)b; /* not UTF-8: take the byte */
			memset(&st, 0, sizeof st);
		}
		return 1;
	}
}

enum line_status lineedit_read(struct lineedit *le, const char **line, size_t *len, bool *had_text)
{
	sigset_t block, old_mask;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	wait_mask = old_mask;
	sigdelset(&wait_mask, SIGINT);
	struct sigaction old;
	interrupt_catch(&old);
	int n = 0;
	const char *s = le->api->gets(le->el, &n);
	/* a Ctrl-C still pending is caught before the old handler is back */
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	interrupt_release(&old);
	*had_text = false;
	if (!s && interrupt_requested()) {
		const LineInfo *li = le->api->line(le->el);
		*had_text = li && li->lastchar > li->buffer;
		return LINE_INTERRUPTED;
	}
	if (!s || n <= 0)
		return LINE_EOF;
	size_t l = (size_t)n;
	if (l && s[l - 1] == '\n')
		l--;
	*line = s;
	*len = l;
	return LINE_OK;
}

/* libedit writes the file itself (and fchmods it, so no memory stream):
 * into a temporary file beside the history, then one rename. */
static int save_history(struct lineedit *le, const char *line, char **err)
{
	/* The file as it is now, plus this line, under the history's lock: two
	 * chats at once both keep their lines instead of the last to save
	 * erasing the other's. */
	HistEvent ev;
	int lock = file_lock(le->history_path, err);
	if (lock < 0)
		return -1;
	History *h = le->api->history_init();
	if (!h) {
		file_unlock(lock);
		return set_err(err, "libedit could not make a history");
	}
	le->api->history(h, &ev, H_SETSIZE, le->max_history);
	le->api->history(h, &ev, H_SETUNIQUE, 1);
	if (file_exists(le->history_path))
		le->api->history(h, &ev, H_LOAD, le->history_path);
	le->api->history(h, &ev, H_ENTER, line);
	char *tmp = xasprintf("%s.tmp.%ld", le->history_path, (long)getpid());
	int rc = 0;
	/* The lines typed are private: the file exists as 0600 before libedit
	 * opens it ("w" keeps that mode), so it is never readable by others,
	 * not even for a moment. */
	unlink(tmp); /* left by a dead process that had our pid */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = set_err(err, "cannot write %s: %s", tmp, strerror(errno));
	} else {
		close(fd);
		if (le->api->history(h, &ev, H_SAVE, tmp) < 0) {
			rc = set_err(err, "cannot write %s: %s", tmp, strerror(errno));
			unlink(tmp);
		} else {
			rc = commit_file(tmp, le->history_path, err);
		}
	}
	free(tmp);
	le->api->history_end(h);
	file_unlock(lock);
	return rc;
}

int lineedit_remember(struct lineedit *le, const char *line, char **err)
{
	if (!line[0])
		return 0;
	HistEvent ev;
	le->api->history(le->hist, &ev, H_ENTER, line);
	if (!le->history_path || le->save_failed)
		return 0;
	if (save_history(le, line, err) < 0) {
		le->save_failed = true;
		return -1;
	}
	return 0;
}
