/* chat_sessions.c: `loco chat --list` and `--resume`: the saved
 * conversations of LOCO_HOME/sessions listed, one loaded, and its last
 * exchange shown again. */
#include "chat.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"

int chat_list_sessions(struct loco_ctx *ctx, const char *dir)
{
	struct session_info *list;
	size_t n;
	char *warnings = NULL, *err = NULL;
	if (session_list(dir, &list, &n, &warnings, &err) < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_FAIL;
	}
	if (warnings) {
		for (char *line = strtok(warnings, "\n"); line; line = strtok(NULL, "\n"))
			loco_warn("skipped %s", line);
		free(warnings);
	}
	if (ctx->json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", list[i].id);
			cJSON_AddStringToObject(o, "updated", list[i].updated);
			cJSON_AddNumberToObject(o, "messages", (double)list[i].messages);
			cJSON_AddItemToObject(o, "adapter",
			                      list[i].adapter ? cJSON_CreateString(list[i].adapter)
			                                      : cJSON_CreateNull());
			cJSON_AddStringToObject(o, "first", list[i].first);
			cJSON_AddItemToArray(a, o);
		}
		print_json(a);
	} else if (!n) {
		fprintf(stderr, "no saved conversations in %s yet; start one with 'loco chat'\n",
		        dir);
	} else {
		/* every field comes from a file: on a terminal, nothing in it may drive it */
		struct termsafe_pool ts;
		termsafe_pool_init(&ts, ctx->tty_out);
		printf("%-20s %-20s %5s  %-12s %s\n", "SESSION", "UPDATED", "MSGS", "ADAPTER",
		       "FIRST QUESTION");
		for (size_t i = 0; i < n; i++)
			printf("%-20s %-20s %5zu  %-12s %s\n", termsafe_str(&ts, list[i].id),
			       termsafe_str(&ts, list[i].updated), list[i].messages,
			       list[i].adapter ? termsafe_str(&ts, list[i].adapter) : "-",
			       termsafe_str(&ts, list[i].first));
		termsafe_pool_free(&ts);
	}
	session_list_free(list, n);
	return LOCO_OK;
}

/* The newest session, or the one a handle names. */
int chat_resume(struct chat *c, const char *handle)
{
	char *err = NULL, *path = NULL;
	if (handle) {
		path = session_find(c->dir, handle, &err);
	} else {
		struct session_info *list;
		size_t n;
		char *warnings = NULL;
		if (session_list(c->dir, &list, &n, &warnings, &err) == 0) {
			free(warnings);
			if (n)
				path = xasprintf("%s/%s.json", c->dir, list[0].id);
			else
				err = xasprintf("no saved conversation to resume in %s; start one "
				                "with 'loco chat'",
				                c->dir);
			session_list_free(list, n);
		}
	}
	if (!path) {
		loco_error("%s", err);
		free(err);
		return LOCO_NOT_FOUND;
	}
	struct session s;
	int rc = session_load_file(path, &s, &err);
	free(path);
	if (rc < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	session_free(&c->s);
	c->s = s;
	return 0;
}

/* What a resumed conversation was about: the last exchange. */
void chat_show_resumed(struct chat *c)
{
	const struct session *s = &c->s;
	chat_say(c, "[resumed %s: %zu messages, %s]", s->id, s->n,
	         s->adapter             ? s->adapter
	         : s->mode == MODE_NONE ? "base model"
	                                : "routing");
	if (!c->interactive || !s->n)
		return;
	size_t from = s->n >= 2 ? s->n - 2 : 0;
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, c->ctx->tty_out && !c->raw);
	for (size_t i = from; i < s->n; i++) {
		const struct chat_message *m = &s->msgs[i];
		if (!strcmp(m->role, "user"))
			printf("%s%s> %s%s\n", sgr(c->ctx, stdout, "\033[1m"),
			       termsafe_str(&ts, chat_prompt_label(c)),
			       termsafe_str(&ts, m->content), sgr(c->ctx, stdout, "\033[0m"));
		else
			printf("%s%s\n", termsafe_str(&ts, m->content),
			       m->partial ? " [partial]" : "");
	}
	termsafe_pool_free(&ts);
	fflush(stdout);
}
