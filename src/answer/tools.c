/* tools.c: the python tool (see tools.h). */
#include "tools.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The description is what the model reads to decide to call: say that only
 * printed output comes back, or small models return a bare expression. */
#define PYTHON_DESCRIPTION                                                                         \
	"Run Python 3 code in a sandbox (no network, no files kept, standard library "             \
	"only) and get back what it prints on standard output. Use it for arithmetic and "         \
	"any exact computation: print() the values you need."

cJSON *tools_definitions(void)
{
	cJSON *tools = cJSON_CreateArray(), *t = cJSON_CreateObject();
	cJSON_AddItemToArray(tools, t);
	cJSON_AddStringToObject(t, "type", "function");
	cJSON *f = cJSON_AddObjectToObject(t, "function");
	cJSON_AddStringToObject(f, "name", "python");
	cJSON_AddStringToObject(f, "description", PYTHON_DESCRIPTION);
	cJSON *p = cJSON_AddObjectToObject(f, "parameters");
	cJSON_AddStringToObject(p, "type", "object");
	cJSON *code = cJSON_AddObjectToObject(cJSON_AddObjectToObject(p, "properties"), "code");
	cJSON_AddStringToObject(code, "type", "string");
	cJSON_AddStringToObject(code, "description", "the Python program to run");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(p, "required"), cJSON_CreateString("code"));
	return tools;
}

/* At most max bytes of s, cut at a UTF-8 character boundary, with a note
 * saying how much was left out (cut_before: the sandbox kept only n bytes). */
static void add_capped(struct strbuf *sb, const char *s, size_t n, size_t max, bool cut_before)
{
	if (n <= max && !cut_before) {
		sb_add(sb, s, n);
		return;
	}
	size_t cut = n <= max ? n : max;
	while (cut > 0 && cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	sb_add(sb, s, cut);
	sb_addf(sb, "\n[... %s%zu more bytes not shown]", cut_before ? "over " : "", n - cut);
}

/* The end of s (its last max bytes), where a traceback's message is. */
static void add_tail(struct strbuf *sb, const char *s, size_t n, size_t max)
{
	if (n <= max) {
		sb_add(sb, s, n);
		return;
	}
	size_t from = n - max;
	while (from < n && ((unsigned char)s[from] & 0xC0) == 0x80)
		from++;
	sb_addf(sb, "[... %zu bytes before]\n", from);
	sb_add(sb, s + from, n - from);
}

static void refuse(struct tool_run *out, char *why_taken)
{
	out->status = TOOL_REFUSED;
	out->result = why_taken;
}

static void describe_run(const struct sandbox_result *r, const struct sandbox_limits *l,
                         struct tool_run *out)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb, 2 * TOOL_RESULT_MAX + 256);
	if (r->timed_out || r->status == 128 + 9) {
		out->status = TOOL_TIMEOUT;
		sb_addf(&sb, "error: the code was stopped after %.0f seconds (or %ld of CPU)\n",
		        l->wall_seconds, l->cpu_seconds);
	} else if (r->status != 0) {
		out->status = TOOL_FAILED;
		sb_addf(&sb, "error (exit status %d):\n", r->status);
		add_tail(&sb, r->err, r->err_len, TOOL_RESULT_MAX / 2);
		if (r->out_len)
			sb_adds(&sb, "\noutput before the error:\n");
	} else {
		out->status = TOOL_OK;
	}
	add_capped(&sb, r->out, r->out_len, TOOL_RESULT_MAX, r->out_truncated);
	if (out->status == TOOL_OK && r->out_len == 0)
		sb_adds(&sb, "(the code printed nothing; print() the values you need)");
	out->result = sb_detach(&sb);
}

void tool_run_call(const struct tool_call *c, const struct sandbox_limits *l,
                   bool allow_unsandboxed, struct tool_run *out)
{
	memset(out, 0, sizeof *out);
	out->name = xstrdup(c->name);
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(c->arguments, "code");
	if (cJSON_IsString(code))
		out->code = xstrdup(code->valuestring);
	if (strcmp(c->name, "python") != 0) {
		refuse(out, xasprintf("error: there is no tool named '%s'; the one tool is python",
		                      c->name));
		return;
	}
	if (!out->code) {
		refuse(out, xstrdup("error: python takes one argument, code: a string of Python"));
		return;
	}
	struct sandbox_limits lim;
	if (l)
		lim = *l;
	else
		sandbox_default_limits(&lim);
	struct sandbox_result r;
	char *err = NULL;
	double t0 = monotonic_seconds();
	int rc = sandbox_run_python(out->code, &lim, allow_unsandboxed, &r, &err);
	out->seconds = monotonic_seconds() - t0;
	if (rc < 0) {
		refuse(out, xasprintf("error: the code was not run: %s",
		                      err ? err : "the sandbox failed"));
		free(err);
		return;
	}
	describe_run(&r, &lim, out);
	sandbox_result_free(&r);
}

const char *tool_status_name(enum tool_status s)
{
	static const char *const names[] = {"ok", "failed", "timeout", "refused"};
	return (unsigned)s < sizeof names / sizeof *names ? names[s] : "unknown";
}

void tool_run_free(struct tool_run *r)
{
	free(r->name);
	free(r->code);
	free(r->result);
	memset(r, 0, sizeof *r);
}
