/* logs.c: `loco logs` — what loco answered, from LOCO_HOME/logs.db (the
 * answer log, src/store/logs.h), the way `llm logs` reads its database:
 * the newest turns, a full-text search, one conversation, or only the last
 * response. Everything read from the file is model or user text, so on a
 * terminal it goes through termsafe like a streamed answer. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "logs.h"
#include "termsafe.h"
#include "turn_log.h"

#define LOGS_DEFAULT_COUNT 3

/* ---- text ------------------------------------------------------------------ */

/* Writes untrusted text to stdout: its bytes on a pipe, made visible on a
 * terminal (termsafe.h); ends with a newline. */
static void put_text(const struct loco_ctx *ctx, const char *text)
{
	size_t n = strlen(text);
	if (ctx->tty_out) {
		char *safe = termsafe_text(text, n);
		fputs(safe, stdout);
		n = strlen(safe);
		bool nl = n && safe[n - 1] == '\n';
		free(safe);
		if (!nl)
			fputc('\n', stdout);
		return;
	}
	fwrite(text, 1, n, stdout);
	if (!n || text[n - 1] != '\n')
		fputc('\n', stdout);
}

/* A JSON column's value, or NULL when absent or not JSON. */
static cJSON *column_json(const char *text)
{
	return text ? cJSON_Parse(text) : NULL;
}

static const char *router_by(const struct log_row *r)
{
	cJSON *j = column_json(r->router);
	const cJSON *by = cJSON_GetObjectItemCaseSensitive(j, "by");
	static const struct {
		const char *by, *said;
	} names[] = {{"router", " (router)"},
	             {"user", " (chosen)"},
	             {"conversation", " (continued)"},
	             {"none", " (no routing)"}};
	const char *said = "";
	for (size_t i = 0; cJSON_IsString(by) && i < LOCO_ARRAY_LEN(names); i++)
		if (!strcmp(by->valuestring, names[i].by))
			said = names[i].said;
	cJSON_Delete(j);
	return said;
}

/* "3/5 agree on 51", from the votes column, or NULL (caller frees). */
static char *votes_tally(const struct log_row *r)
{
	cJSON *j = column_json(r->votes);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "tally");
	char *s = cJSON_IsString(t) ? xstrdup(t->valuestring) : NULL;
	cJSON_Delete(j);
	return s;
}

/* "2026-12-02T16:12:47Z": the stored time without its milliseconds. */
static void short_time(const char *iso, char out[32])
{
	snprintf(out, 32, "%.19s%s", iso, strlen(iso) >= 19 ? "Z" : "");
}

static void print_row(const struct loco_ctx *ctx, const struct log_row *r)
{
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, ctx->tty_out);
	char when[32];
	short_time(r->datetime, when);
	printf("# %s    conversation: %s\n\n", termsafe_str(&ts, when),
	       termsafe_str(&ts, r->conversation));
	char *tally = votes_tally(r);
	printf("%s | %s%s | %s", termsafe_str(&ts, r->command),
	       r->adapter ? termsafe_str(&ts, r->adapter) : "base model", router_by(r),
	       termsafe_str(&ts, r->model));
	if (tally)
		printf(" | %s", termsafe_str(&ts, tally));
	printf(" | %ld tokens | %.1fs%s", r->tokens, r->seconds, r->cached ? " | cached" : "");
	if (r->partial)
		printf(" | partial: %s", r->error ? termsafe_str(&ts, r->error) : "stopped");
	printf("\n\n## Prompt\n\n");
	free(tally);
	termsafe_pool_free(&ts);
	put_text(ctx, r->prompt);
	printf("\n## Response\n\n");
	put_text(ctx, r->response);
}

/* ---- JSON ------------------------------------------------------------------ */

static cJSON *string_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* A JSON column as its value; text that is not JSON (a hand-edited file)
 * stays a string. */
static cJSON *json_or_string(const char *text, const char *absent)
{
	cJSON *j = column_json(text);
	if (j)
		return j;
	if (text)
		return cJSON_CreateString(text);
	return absent ? cJSON_Parse(absent) : cJSON_CreateNull();
}

static cJSON *row_json(const struct log_row *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "conversation", r->conversation);
	cJSON_AddStringToObject(o, "datetime_utc", r->datetime);
	cJSON_AddStringToObject(o, "command", r->command);
	cJSON_AddItemToObject(o, "session", string_or_null(r->session));
	cJSON_AddStringToObject(o, "prompt", r->prompt);
	cJSON_AddItemToObject(o, "system", string_or_null(r->system));
	cJSON_AddItemToObject(o, "adapter", string_or_null(r->adapter));
	cJSON_AddStringToObject(o, "model", r->model);
	cJSON_AddItemToObject(o, "router", json_or_string(r->router, NULL));
	cJSON_AddItemToObject(o, "options", json_or_string(r->options, NULL));
	cJSON_AddStringToObject(o, "response", r->response);
	cJSON_AddItemToObject(o, "thinking", string_or_null(r->thinking));
	cJSON_AddItemToObject(o, "votes", json_or_string(r->votes, NULL));
	cJSON_AddItemToObject(o, "tool_calls", json_or_string(r->tool_calls, "[]"));
	cJSON *st = cJSON_AddObjectToObject(o, "stats");
	cJSON_AddNumberToObject(st, "prompt_tokens", (double)r->prompt_tokens);
	cJSON_AddNumberToObject(st, "tokens", (double)r->tokens);
	cJSON_AddNumberToObject(st, "seconds", round(r->seconds * 1000) / 1000);
	cJSON_AddNumberToObject(st, "total_ns", (double)r->total_ns);
	cJSON_AddNumberToObject(st, "load_ns", (double)r->load_ns);
	cJSON_AddNumberToObject(st, "prompt_ns", (double)r->prompt_ns);
	cJSON_AddNumberToObject(st, "eval_ns", (double)r->eval_ns);
	cJSON_AddBoolToObject(o, "partial", r->partial);
	cJSON_AddBoolToObject(o, "cached", r->cached);
	cJSON_AddItemToObject(o, "error", string_or_null(r->error));
	return o;
}

/* ---- the command ------------------------------------------------------------ */

/* The filter the flags describe; 0 or an exit code after saying why. */
static int read_filter(const struct loco_ctx *ctx, const struct cmd_args *args,
                       struct log_filter *f)
{
	int rc = 0;
	double v;
	memset(f, 0, sizeof *f);
	f->limit = LOGS_DEFAULT_COUNT;
	if (arg_number(args, "count", 0, 1e9, true, &v, &rc))
		f->limit = (long)v;
	if (rc)
		return rc;
	f->adapter = arg_value(args, "adapter");
	f->search = arg_value(args, "search");
	if (f->search && !f->search[strspn(f->search, " \t\r\n\f\v")]) {
		loco_error("--search needs at least one word");
		return LOCO_USAGE;
	}
	const char *since = arg_value(args, "since");
	if (since) {
		char *err = NULL;
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		int64_t ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
		if (logs_parse_since(since, ms, &f->since_ms, &err) < 0) {
			loco_error("--since %s", err);
			free(err);
			return LOCO_USAGE;
		}
		f->has_since = true;
	}
	if (arg_flag(args, "response") && ctx->json) {
		loco_error("-r prints the last response as text; leave out --json");
		return LOCO_USAGE;
	}
	if (arg_flag(args, "response"))
		f->limit = 1;
	return 0;
}

static void print_rows(const struct loco_ctx *ctx, const struct cmd_args *args,
                       const struct log_row *rows, size_t n)
{
	if (ctx->json) {
		cJSON *list = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(list, row_json(&rows[i]));
		print_json(list);
		return;
	}
	if (!n)
		loco_note(ctx, "no logged answer matches");
	if (n && arg_flag(args, "response")) {
		put_text(ctx, rows[n - 1].response);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc('\n', stdout);
		print_row(ctx, &rows[i]);
	}
}

static int list_logs(struct loco_ctx *ctx, const struct cmd_args *args, struct logs *l,
                     struct log_filter *f)
{
	char *err = NULL, *cid = NULL;
	const char *handle = arg_value(args, "cid");
	if (handle) {
		int found = logs_find_conversation(l, handle, &cid, &err);
		if (found <= 0) {
			loco_error("%s", err);
			free(err);
			return found == 0 ? LOCO_NOT_FOUND : LOCO_BAD_INPUT;
		}
		f->conversation = cid;
	}
	struct log_row *rows;
	size_t n;
	int rc = 0;
	if (logs_list(l, f, &rows, &n, &err) < 0) {
		loco_error("%s", err);
		free(err);
		rc = LOCO_BAD_INPUT;
	} else {
		print_rows(ctx, args, rows, n);
		log_rows_free(rows, n);
	}
	free(cid);
	return rc;
}

static int run_logs(struct loco_ctx *ctx, const struct cmd_args *args)
{
	char *path = turn_log_path(ctx);
	if (arg_flag(args, "path")) {
		printf("%s\n", path);
		free(path);
		return 0;
	}
	struct log_filter f;
	int rc = read_filter(ctx, args, &f);
	struct logs *l = NULL;
	char *err = NULL;
	if (!rc && logs_open(path, LOGS_READ, &l, &err) < 0) {
		loco_error("%s", err);
		free(err);
		rc = LOCO_BAD_INPUT;
	}
	if (!rc && !ctx->cfg.logs_enabled)
		loco_note(ctx, "logs.enabled is false: new answers are not logged");
	if (!rc && !l) {
		if (arg_value(args, "cid")) {
			loco_error("no logged conversation '%s': nothing is logged yet",
			           arg_value(args, "cid"));
			rc = LOCO_NOT_FOUND;
		} else {
			print_rows(ctx, args, NULL, 0);
		}
	} else if (!rc) {
		rc = list_logs(ctx, args, l, &f);
	}
	logs_close(l);
	free(path);
	return rc;
}

static const struct optspec logs_opts[] = {
    {"count", 'n', "N", "the newest N turns (default 3; 0 = all)"},
    {"search", 0, "TEXT", "only turns with every word of TEXT (full text)"},
    {"adapter", 'a', "NAME", "only turns answered by NAME ('none': the base model)"},
    {"since", 0, "WHEN", "only turns since WHEN: 2h, 3d, 1w, YYYY-MM-DD[ HH:MM]"},
    {"cid", 0, "ID", "only the conversation ID (or a unique prefix of it)"},
    {"response", 'r', NULL, "print only the last matching response, as text"},
    {"path", 0, NULL, "print the log's path (LOCO_HOME/logs.db) and exit"},
};

const struct command cmd_logs = {
    .name = "logs",
    .run = run_logs,
    .needs = CMD_NO_NETWORK,
    .summary = "show what loco answered: every query and chat turn is logged",
    .usage = "[options]",
    .description =
        "Every 'loco query' and 'loco chat' turn is recorded, after its answer is\n"
        "printed, in LOCO_HOME/logs.db (SQLite, 0600): prompt, system, adapter, model,\n"
        "the router's decision, options, response, votes, tokens, timings and the\n"
        "conversation id. --no-log skips one run; logs.enabled: false skips all.\n"
        "A log that cannot be written (locked, broken) is a warning, never a failure.\n\n"
        "Shows the newest turns, oldest first, with their conversation ids. Filters\n"
        "combine: --search is full-text (FTS5, words stemmed: 'double' finds\n"
        "'doubled'), --since takes a duration back from now or a date in local time\n"
        "(a trailing Z: UTC). --json prints a list of objects; -r only the last\n"
        "response, e.g. to pipe it. On a terminal, control characters in logged text\n"
        "are shown, not obeyed. 'loco query -c' continues the newest conversation,\n"
        "'--cid ID' another.",
    .opts = logs_opts,
    .nopts = LOCO_ARRAY_LEN(logs_opts),
    .min_pos = 0,
    .max_pos = 0,
};
