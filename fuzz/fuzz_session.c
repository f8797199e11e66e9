#define _GNU_SOURCE /* nftw, mkdtemp (fuzz_file.h) */
/* fuzz_session.c: libFuzzer target for chat session files (SPEC section 9).
 * Invariants: a failure names the file; a session that loads saves and loads
 * back with the same settings and messages (what `chat --resume` relies on),
 * lists with a title, and builds a request and compacts without trouble. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_file.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void check_same(const struct session *a, const struct session *b)
{
	if (a->mode != b->mode || !same(a->adapter, b->adapter) || !same(a->system, b->system) ||
	    a->named != b->named || a->n != b->n || a->context_start != b->context_start ||
	    strcmp(a->id, b->id) || strcmp(a->created, b->created))
		abort();
	for (size_t i = 0; i < a->n; i++) {
		const struct chat_message *x = &a->msgs[i], *y = &b->msgs[i];
		if (strcmp(x->role, y->role) || strcmp(x->content, y->content))
			abort();
		if (!strcmp(x->role, "assistant") &&
		    (!same(x->adapter, y->adapter) || !same(x->model, y->model) ||
		     x->tokens != y->tokens || x->partial != y->partial))
			abort();
	}
}

static void round_trip(struct session *s)
{
	char *dir = path_join(fuzz_scratch(), "saved");
	char *err = NULL;
	if (session_save(s, dir, &err) < 0)
		abort();
	char *path = xasprintf("%s/%s.json", dir, s->id);
	struct session back;
	if (session_load_file(path, &back, &err) < 0)
		abort();
	check_same(s, &back);
	struct session_info *list = NULL;
	size_t n = 0;
	char *warnings = NULL;
	if (session_list(dir, &list, &n, &warnings, &err) < 0 || n != 1 || !list[0].first)
		abort();
	session_list_free(list, n);
	free(warnings);
	unlink(path);
	session_free(&back);
	free(path);
	free(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_write("sessions/fuzz.json", data, size);
	struct session s;
	char *err = NULL;
	if (session_load_file(path, &s, &err) == 0) {
		cJSON_Delete(session_request(&s, "system", true));
		(void)session_estimate(&s, NULL, false);
		round_trip(&s);
		(void)session_compact(&s, s.system, true, 64);
		if (s.context_start > s.n)
			abort();
		session_free(&s);
	} else if (!err || strncmp(err, path, strlen(path)) != 0) {
		abort(); /* every failure names the file */
	}
	free(err);
	free(path);
	return 0;
}
