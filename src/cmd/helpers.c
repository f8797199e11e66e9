/* helpers.c: what every command uses (cli.h, cmd.h): messages in git's
 * style, JSON on stdout, the backend opened, an adapter found, and the
 * options and arguments the dispatcher parsed. */
#define _GNU_SOURCE
#include "cli.h"
#include "cmd.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "lora.h"
#include "netlib.h"
#include "termsafe.h"

/* ---- messages ---------------------------------------------------------- */

/* Messages quote servers, files and models: on a terminal, their control
 * characters are shown, not obeyed (termsafe.h). */
static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	char *m = xvasprintf(fmt, ap);
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, loco_force_tty() || isatty(STDERR_FILENO));
	fprintf(stderr, "loco: %s%s\n", kind, termsafe_str(&ts, m));
	termsafe_pool_free(&ts);
	free(m);
}

void loco_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
}

void loco_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void loco_hint(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, loco_force_tty() || isatty(STDERR_FILENO));
	fprintf(stderr, "hint: %s\n", termsafe_str(&ts, m));
	termsafe_pool_free(&ts);
	free(m);
}

void loco_hint_server(const struct loco_ctx *ctx)
{
	int k = config_key_find("ollama.host", NULL);
	enum cfg_origin o = k >= 0 && ctx->cfg.origin ? ctx->cfg.origin[k] : ORIGIN_DEFAULT;
	loco_hint("start it with 'ollama serve'");
	if (o == ORIGIN_FLAG)
		loco_hint("or check the address given with --host");
	else if (o == ORIGIN_ENV)
		loco_hint("or check OLLAMA_HOST (or give --host URL)");
	else if (o == ORIGIN_FILE)
		loco_hint("or check ollama.host in %s (or give --host URL)", ctx->cfg.file);
	else
		loco_hint("or point loco at a running one: OLLAMA_HOST or --host URL");
}

void loco_hint_builtin_registry(const struct loco_ctx *ctx)
{
	if (ctx->reg.dir)
		return;
	loco_hint("loco is using the registry built into it: there is no");
	loco_hint("./adapters/registry.yaml here, none in LOCO_HOME and no install");
	loco_hint("run loco in its checkout, install it ('PREFIX=~/.local scripts/setup.sh'),");
	loco_hint("or name the shipped one: --registry CHECKOUT/adapters/registry.yaml");
}

void loco_note(const struct loco_ctx *ctx, const char *fmt, ...)
{
	if (ctx->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

const char *sgr(const struct loco_ctx *ctx, FILE *stream, const char *code)
{
	bool on = stream == stdout ? ctx->color_out : ctx->color_err;
	return on ? code : "";
}

void print_json(cJSON *value)
{
	char *s = cJSON_PrintUnformatted(value);
	if (s)
		printf("%s\n", s);
	free(s);
	cJSON_Delete(value);
}

size_t text_columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

void print_wrapped(FILE *f, const char *lead, const char *text, int indent)
{
	fputs(lead, f);
	size_t col = text_columns(lead, strlen(lead));
	bool fresh = true; /* nothing on this line after the lead or indent */
	for (const char *p = text; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		size_t n = strcspn(p, " "), w = text_columns(p, n);
		if (!fresh && col + 1 + w > LOCO_COLUMNS) {
			fprintf(f, "\n%*s", indent, "");
			col = (size_t)indent;
			fresh = true;
		}
		if (!fresh) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += w;
		fresh = false;
		p += n;
	}
	fputc('\n', f);
}

void print_row_note(const char *row, const char *note)
{
	size_t n = strlen(row);
	while (n && row[n - 1] == ' ')
		n--;
	if (!*note)
		printf("%.*s\n", (int)n, row);
	else if (text_columns(row, strlen(row)) + 1 + text_columns(note, strlen(note)) <=
	         LOCO_COLUMNS)
		printf("%s %s\n", row, note);
	else {
		printf("%.*s\n", (int)n, row);
		print_wrapped(stdout, "  ", note, 2);
	}
}

/* ---- the server's model list, asked once a process ------------------------ */

static struct {
	char *address;
	enum backend_kind kind;
	struct model_info *list;
	size_t n;
} listed;

static void listed_free(void)
{
	model_list_free(listed.list, listed.n);
	free(listed.address);
	memset(&listed, 0, sizeof listed);
}

static struct model_info *models_copy(const struct model_info *l, size_t n)
{
	struct model_info *c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++) {
		c[i].name = xstrdup(l[i].name);
		c[i].digest = xstrdup(l[i].digest ? l[i].digest : "");
		c[i].aliases = xcalloc(l[i].n_aliases ? l[i].n_aliases : 1, sizeof *c[i].aliases);
		for (size_t k = 0; k < l[i].n_aliases; k++)
			c[i].aliases[k] = xstrdup(l[i].aliases[k]);
		c[i].n_aliases = l[i].n_aliases;
		c[i].exact = l[i].exact;
	}
	return c;
}

int cmd_list_models(struct backend *b, struct model_info **list, size_t *n, struct net_error *e)
{
	const char *addr = backend_address(b);
	if (!listed.address || strcmp(listed.address, addr) || listed.kind != backend_kind(b)) {
		struct model_info *got = NULL;
		size_t k = 0;
		if (backend_list_models(b, &got, &k, e) < 0)
			return -1;
		if (!listed.address)
			atexit(listed_free);
		else
			listed_free();
		listed.address = xstrdup(addr);
		listed.kind = backend_kind(b);
		listed.list = got;
		listed.n = k;
	}
	*list = models_copy(listed.list, listed.n);
	*n = listed.n;
	return 0;
}

int open_backend(const struct loco_ctx *ctx, struct backend **out)
{
	return open_backend_at(ctx, NULL, out);
}

int open_backend_at(const struct loco_ctx *ctx, const char *host, struct backend **out)
{
	const struct loco_config *c = &ctx->cfg;
	struct backend_opts o = {
	    .kind = config_backend_kind(c),
	    .url = host ? host : c->ollama_host,
	    .connect_timeout = c->connect_timeout,
	    .stall_timeout = c->stall_timeout,
	    .keep_alive = c->keep_alive,
	    .max_line = 16u << 20,
	};
	if (backend_kind_openai(o.kind)) {
		if (!c->backend_base_url) {
			loco_error("backend.kind is %s but backend.base_url is not set",
			           c->backend_kind);
			loco_hint("loco config set backend.base_url http://127.0.0.1:8080/v1");
			return LOCO_BAD_INPUT;
		}
		o.url = c->backend_base_url;
		o.api_key = c->backend_api_key_env ? getenv(c->backend_api_key_env) : NULL;
	}
	char *err = NULL;
	*out = backend_new(&o, &err);
	if (!*out) {
		loco_error("%s", err);
		free(err);
		return LOCO_FAIL;
	}
	if (backend_warning(*out))
		loco_warn("%s", backend_warning(*out));
	/* llama.cpp, vLLM: which adapter each request names (lora.h); a list
	 * that could not be read fails the requests that need it, with why */
	if (ctx->have_registry && lora_attach(*out, &ctx->reg, &err) < 0) {
		if (ctx->verbose)
			loco_warn("%s", err);
		free(err);
	}
	return 0;
}

const struct adapter *find_adapter(const struct loco_ctx *ctx, const char *name)
{
	const struct adapter *a = registry_find(&ctx->reg, name);
	if (a)
		return a;
	const char *s = registry_suggest(&ctx->reg, name);
	loco_error("adapter '%s' not found in %s", name, ctx->reg.path);
	if (s)
		loco_hint("did you mean '%s'?", s);
	else
		loco_hint("'loco adapters list' shows them");
	return NULL;
}

/* ---- arguments --------------------------------------------------------- */

/* A name can appear twice in a table (a command lists --json for its help,
 * and the global one is there too): any entry that was given counts. */
bool arg_flag(const struct cmd_args *a, const char *name)
{
	for (size_t i = 0; i < a->nspec; i++)
		if (a->val[i].set && !strcmp(a->spec[i].name, name))
			return true;
	return false;
}

const char *arg_value(const struct cmd_args *a, const char *name)
{
	for (size_t i = 0; i < a->nspec; i++)
		if (a->val[i].set && !strcmp(a->spec[i].name, name))
			return a->val[i].value;
	return NULL;
}

bool arg_number(const struct cmd_args *a, const char *name, double lo, double hi, bool whole,
                double *out, int *rc)
{
	const char *v = arg_value(a, name);
	if (!v)
		return false;
	bool ok = parse_double(v, out) && *out >= lo && *out <= hi;
	if (whole && (!ok || *out != floor(*out))) {
		loco_error("--%s must be a whole number from %.0f to %.0f, not '%s'", name, lo, hi,
		           v);
		*rc = LOCO_USAGE;
	} else if (!ok) {
		loco_error("--%s must be a number from %g to %g, not '%s'", name, lo, hi, v);
		*rc = LOCO_USAGE;
	}
	return true;
}

size_t arg_values(const struct cmd_args *a, const char *name, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < a->nspec; i++) {
		if (strcmp(a->spec[i].name, name))
			continue;
		for (int k = 0; k < a->val[i].count && k < OPT_MAX_VALUES && n < max; k++)
			out[n++] = a->val[i].values[k];
	}
	return n;
}

int arg_count(const struct cmd_args *a, const char *name)
{
	int n = 0;
	for (size_t i = 0; i < a->nspec; i++)
		if (!strcmp(a->spec[i].name, name))
			n += a->val[i].count;
	return n;
}

int read_text_arg(const struct cmd_args *a, char **out, size_t *len, char **err)
{
	bool dash = a->npos == 1 && !strcmp(a->pos[0], "-");
	if (a->npos == 0 && isatty(STDIN_FILENO)) {
		set_err(err, "no text given; pass it as arguments, or '-' to read stdin");
		return LOCO_USAGE;
	}
	if (dash || a->npos == 0) {
		if (read_fd(STDIN_FILENO, "standard input", 1 << 20, out, len, err) < 0)
			return LOCO_BAD_INPUT;
		/* A trailing newline from `echo` is not part of the text. */
		while (*len && ((*out)[*len - 1] == '\n' || (*out)[*len - 1] == '\r'))
			(*out)[--*len] = '\0';
		return 0;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (int i = 0; i < a->npos; i++)
		sb_addf(&sb, "%s%s", i ? " " : "", a->pos[i]);
	*len = sb.len;
	*out = sb_detach(&sb);
	return 0;
}
