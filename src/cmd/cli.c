/* cli.c: the dispatcher. Parses global options, finds the command (exact name,
 * unique prefix, or a "did you mean"), parses its options, loads config and
 * registry as the command declares, runs it, and checks stdout before exit. */
#define _GNU_SOURCE
#include "cli.h"
#include "cmd.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "netlib.h"
#include "termsafe.h"

extern const struct command cmd_chat, cmd_query, cmd_logs, cmd_route, cmd_router, cmd_eval,
    cmd_bench, cmd_setup, cmd_adapters, cmd_leaderboard, cmd_promote, cmd_config, cmd_version,
    cmd_help;

const struct command *const loco_commands[] = {
    &cmd_chat,    &cmd_query,  &cmd_logs,    &cmd_route,    &cmd_router,
    &cmd_eval,    &cmd_bench,  &cmd_setup,   &cmd_adapters, &cmd_leaderboard,
    &cmd_promote, &cmd_config, &cmd_version, &cmd_help,     NULL,
};

static const struct optspec global_opts[] = {
    {"registry", 0, "PATH", "use this registry.yaml"},
    {"host", 0, "URL", "Ollama server (default $OLLAMA_HOST or http://127.0.0.1:11434)"},
    {"config", 0, "PATH", "use this config file instead of $LOCO_HOME/config.yaml"},
    {"no-config", 0, NULL, "ignore the config file"},
    {"json", 0, NULL, "print JSON on stdout"},
    {"quiet", 'q', NULL, "print only the result"},
    {"verbose", 'v', NULL, "say more on stderr (repeatable)"},
    {"color", 0, "WHEN", "auto, always or never"},
    {"help", 'h', NULL, "show help"},
    {"version", 'V', NULL, "show the version"},
};
#define NGLOBAL LOCO_ARRAY_LEN(global_opts)

/* Options of one command plus the global ones, in one table sized for them
 * (a fixed array would silently drop the options past its end). */
struct parse_table {
	struct optspec *spec;
	size_t n, nlocal;
};

static void table_init(struct parse_table *t, const struct command *cmd)
{
	size_t nlocal = cmd ? cmd->nopts : 0;
	t->spec = xcalloc(nlocal + NGLOBAL, sizeof *t->spec);
	t->n = 0;
	for (size_t i = 0; i < nlocal; i++)
		t->spec[t->n++] = cmd->opts[i];
	t->nlocal = t->n;
	for (size_t i = 0; i < NGLOBAL; i++)
		t->spec[t->n++] = global_opts[i];
}

static void table_free(struct parse_table *t)
{
	free(t->spec);
	t->spec = NULL;
	t->n = t->nlocal = 0;
}

static const char *suggest_option(const struct parse_table *t, const char *name)
{
	struct suggestion sg;
	suggest_init(&sg, name);
	for (size_t i = 0; i < t->n; i++)
		suggest_consider(&sg, t->spec[i].name);
	return suggest_result(&sg);
}

static int unknown_option(const struct parse_table *t, const char *arg, const char *where)
{
	const char *name = arg + strspn(arg, "-");
	char *bare = xstrndup(name, strcspn(name, "="));
	const char *s = arg[1] == '-' ? suggest_option(t, bare) : NULL;
	if (s)
		loco_error("unknown option '%s'%s%s%s; did you mean '--%s'?", arg,
		           where[0] ? " for '" : "", where, where[0] ? "'" : "", s);
	else
		loco_error("unknown option '%s'%s%s%s; see 'loco %s%s--help'", arg,
		           where[0] ? " for '" : "", where, where[0] ? "'" : "", where,
		           where[0] ? " " : "");
	free(bare);
	return LOCO_USAGE;
}

/* Parses argv[*i...] options into val until a positional argument (when
 * stop_at_positional) or the end. Positional arguments are collected in pos. */
/* "-3", "-0.5": a value such as `config set eval.seed -1`, never an option
 * (no short option is a digit). */
static bool negative_number(const char *arg)
{
	double d;
	return arg[0] == '-' && (isdigit((unsigned char)arg[1]) || arg[1] == '.') &&
	       parse_double(arg, &d);
}

static int parse_opts(const struct parse_table *t, struct optval *val, int argc, char **argv,
                      int *i, bool stop_at_positional, char **pos, int *npos, const char *where)
{
	bool only_pos = false;
	for (; *i < argc; (*i)++) {
		char *arg = argv[*i];
		if (only_pos || arg[0] != '-' || !arg[1] || negative_number(arg)) {
			if (stop_at_positional)
				return 0;
			pos[(*npos)++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_pos = true;
			if (stop_at_positional) {
				(*i)++;
				return 0;
			}
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			size_t k;
			for (k = 0; k < t->n; k++)
				if (strlen(t->spec[k].name) == len &&
				    !strncmp(t->spec[k].name, name, len))
					break;
			if (k == t->n)
				return unknown_option(t, arg, where);
			const struct optspec *s = &t->spec[k];
			if (!s->arg && eq) {
				loco_error("option '--%s' takes no value", s->name);
				return LOCO_USAGE;
			}
			const char *v = NULL;
			if (s->arg) {
				/* "[ID]": the value is optional, taken from =ID or a next
				 * argument that is not an option */
				bool optional = s->arg[0] == '[';
				if (eq) {
					v = eq + 1;
				} else if (optional) {
					if (*i + 1 < argc && argv[*i + 1][0] != '-') {
						v = argv[++*i];
						val[k].word_at = *npos + 1;
					}
				} else if (*i + 1 < argc) {
					v = argv[++*i];
				} else {
					loco_error("option '--%s' needs a value (%s)", s->name,
					           s->arg);
					return LOCO_USAGE;
				}
			}
			val[k].set = true;
			if (val[k].count < OPT_MAX_VALUES)
				val[k].values[val[k].count] = v;
			val[k].count++;
			val[k].value = v;
			continue;
		}
		/* A cluster of short options: -qv, or -n 5. */
		for (const char *c = arg + 1; *c; c++) {
			size_t k;
			for (k = 0; k < t->n; k++)
				if (t->spec[k].short_name == *c)
					break;
			if (k == t->n) {
				char opt[3] = {'-', *c, 0};
				return unknown_option(t, opt, where);
			}
			val[k].set = true;
			val[k].count++;
			if (t->spec[k].arg) {
				bool optional = t->spec[k].arg[0] == '[';
				if (c[1]) {
					val[k].value = c + 1;
				} else if (optional) {
					if (*i + 1 < argc && argv[*i + 1][0] != '-') {
						val[k].value = argv[++*i];
						val[k].word_at = *npos + 1;
					}
				} else if (*i + 1 < argc) {
					val[k].value = argv[++*i];
				} else {
					loco_error("option '-%c' needs a value (%s)", *c,
					           t->spec[k].arg);
					return LOCO_USAGE;
				}
				if (val[k].count <= OPT_MAX_VALUES)
					val[k].values[val[k].count - 1] = val[k].value;
				break;
			}
		}
	}
	return 0;
}

/* An optional value ("--resume [ID]") written as its own word is the
 * option's only when the command got no other words: `chat --resume ID`
 * resumes ID, but in `chat --resume what next` the words are the prompt and
 * only --resume=ID names a session. */
static void give_back_optional_words(struct optval *val, size_t n, char **pos, int *npos)
{
	for (size_t k = 0; k < n; k++) {
		if (*npos <= 0)
			break;
		if (!val[k].word_at)
			continue;
		int at = val[k].word_at - 1;
		memmove(pos + at + 1, pos + at, (size_t)(*npos - at) * sizeof *pos);
		pos[at] = (char *)val[k].value;
		(*npos)++;
		val[k].value = NULL;
		if (val[k].count >= 1 && val[k].count <= OPT_MAX_VALUES)
			val[k].values[val[k].count - 1] = NULL;
		val[k].word_at = 0;
	}
}

/* ---- finding commands -------------------------------------------------- */

static const struct command *find_command(const struct command *const *list, const char *name,
                                          const char *parent, int *rc)
{
	const struct command *hit = NULL;
	size_t n = strlen(name), hits = 0;
	for (size_t i = 0; list[i]; i++) {
		if (!strcmp(list[i]->name, name))
			return list[i];
		if (!strncmp(list[i]->name, name, n))
			hit = list[i], hits++;
	}
	if (hits == 1)
		return hit;
	*rc = LOCO_USAGE;
	if (hits > 1) {
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "");
		for (size_t i = 0; list[i]; i++)
			if (!strncmp(list[i]->name, name, n))
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", list[i]->name);
		loco_error("ambiguous command '%s%s%s': could be %s", parent, parent[0] ? " " : "",
		           name, sb.buf);
		sb_free(&sb);
		return NULL;
	}
	struct suggestion sg;
	suggest_init(&sg, name);
	for (size_t i = 0; list[i]; i++)
		suggest_consider(&sg, list[i]->name);
	const char *best = suggest_result(&sg);
	if (best)
		loco_error("unknown command '%s%s%s', did you mean '%s%s%s'?", parent,
		           parent[0] ? " " : "", name, parent, parent[0] ? " " : "", best);
	else
		loco_error("unknown command '%s%s%s'; see 'loco %s%s--help'", parent,
		           parent[0] ? " " : "", name, parent, parent[0] ? " " : "");
	return NULL;
}

/* ---- help -------------------------------------------------------------- */

static void print_opts(FILE *f, const struct optspec *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char left[64];
		if (o[i].short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o[i].short_name, o[i].name,
			         o[i].arg ? " " : "", o[i].arg ? o[i].arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o[i].name, o[i].arg ? " " : "",
			         o[i].arg ? o[i].arg : "");
		/* "  LEFT  help words", wrapped under the help's first word */
		char lead[80];
		snprintf(lead, sizeof lead, "  %-24s ", left);
		print_wrapped(f, lead, o[i].help, 27);
	}
}

void cli_print_overview(FILE *f)
{
	fprintf(f, "usage: loco [global options] <command> [args]\n\n"
	           "Route questions to specialist adapters over one local Ollama model, and\n"
	           "prove with an evaluation harness that each adapter beats the base model.\n\n"
	           "commands:\n");
	for (size_t i = 0; loco_commands[i]; i++)
		fprintf(f, "  %-12s %s\n", loco_commands[i]->name, loco_commands[i]->summary);
	fprintf(f, "\nglobal options:\n");
	print_opts(f, global_opts, NGLOBAL);
	fprintf(f, "\nenvironment: LOCO_HOME, LOCO_CONFIG, LOCO_REGISTRY, OLLAMA_HOST, NO_COLOR,\n"
	           "LOCO_FORCE_TTY. 'loco help COMMAND' or 'loco COMMAND --help' for details;\n"
	           "'man loco' for everything.\n");
}

void cli_print_help(FILE *f, const struct command *cmd, const char *prefix)
{
	fprintf(f, "usage: loco %s%s%s%s%s\n\n", prefix, prefix[0] ? " " : "", cmd->name,
	        cmd->usage[0] ? " " : "", cmd->usage);
	fprintf(f, "%s\n", cmd->description);
	if (cmd->subs) {
		fprintf(f, "\ncommands:\n");
		for (size_t i = 0; cmd->subs[i]; i++)
			fprintf(f, "  %-10s %s\n", cmd->subs[i]->name, cmd->subs[i]->summary);
		if (cmd->default_sub)
			fprintf(f, "\nWith no command, '%s' runs.\n", cmd->default_sub);
	}
	if (cmd->nopts) {
		fprintf(f, "\noptions:\n");
		print_opts(f, cmd->opts, cmd->nopts);
	}
	fprintf(
	    f, "\nglobal options (see 'loco --help'): --registry PATH, --host URL, --config PATH,\n"
	       "  --no-config, --json, -q, -v, --color WHEN\n");
}

/* ---- running ----------------------------------------------------------- */

bool loco_force_tty(void)
{
	const char *v = getenv("LOCO_FORCE_TTY");
	return v && *v && strcmp(v, "0");
}

static int setup_terminal(struct loco_ctx *ctx, const char *color)
{
	bool force = loco_force_tty();
	ctx->tty_out = force || isatty(STDOUT_FILENO);
	ctx->tty_err = force || isatty(STDERR_FILENO);
	const char *no_color = getenv("NO_COLOR");
	bool allowed = !(no_color && *no_color);
	if (!color || !strcmp(color, "auto")) {
		ctx->color_out = allowed && ctx->tty_out;
		ctx->color_err = allowed && ctx->tty_err;
	} else if (!strcmp(color, "always")) {
		ctx->color_out = ctx->color_err = true;
	} else if (!strcmp(color, "never")) {
		ctx->color_out = ctx->color_err = false;
	} else {
		loco_error("--color must be auto, always or never, not '%s'", color);
		return LOCO_USAGE;
	}
	return 0;
}

static int load_settings(struct loco_ctx *ctx, const struct cmd_args *g, bool optional)
{
	char *err = NULL;
	config_init(&ctx->cfg, arg_value(g, "config"));
	int rc = 0;
	if (!arg_flag(g, "no-config"))
		rc = config_load_file(&ctx->cfg, optional, &err);
	if (rc == 0)
		rc = config_apply_env(&ctx->cfg, &err);
	if (rc == 0 && arg_value(g, "host"))
		rc = config_apply_flag(&ctx->cfg, "ollama.host", arg_value(g, "host"), &err);
	if (rc == 0 && arg_value(g, "registry"))
		rc = config_apply_flag(&ctx->cfg, "registry", arg_value(g, "registry"), &err);
	if (rc < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	return 0;
}

static int load_registry(struct loco_ctx *ctx)
{
	char *err = NULL;
	if (registry_locate_and_load(&ctx->reg, &ctx->cfg, &err) < 0) {
		loco_error("%s", err);
		free(err);
		return LOCO_BAD_INPUT;
	}
	ctx->have_registry = true;
	/* On an OpenAI-compatible server the base model is the id it is served
	 * under (llama-server: --alias), so every request and check names that. */
	if (ctx->reg.base_served_name && backend_kind_openai(config_backend_kind(&ctx->cfg))) {
		free(ctx->reg.base_ollama_name);
		ctx->reg.base_ollama_name = xstrdup(ctx->reg.base_served_name);
	}
	if (ctx->verbose)
		fprintf(stderr, "loco: registry %s (%s)\n", ctx->reg.path, ctx->reg.source);
	return 0;
}

/* Applies the global options found anywhere on the line. */
static void take_globals(struct loco_ctx *ctx, const struct cmd_args *g)
{
	ctx->json = arg_flag(g, "json");
	ctx->quiet = arg_flag(g, "quiet");
	ctx->verbose = arg_count(g, "verbose");
}

static int run_command(struct loco_ctx *ctx, const struct command *cmd, const char *prefix,
                       int argc, char **argv, struct optval *gval)
{
	if (cmd->subs) {
		int i = 0;
		struct parse_table t;
		table_init(&t, NULL);
		int rc = parse_opts(&t, gval, argc, argv, &i, true, NULL, NULL, cmd->name);
		struct cmd_args g = {t.spec, t.n, gval, NULL, 0};
		bool help = rc == 0 && arg_flag(&g, "help");
		table_free(&t);
		if (rc)
			return rc;
		if (help || (i == argc && !cmd->default_sub)) {
			cli_print_help(i == argc && !help ? stderr : stdout, cmd, prefix);
			return help ? LOCO_OK : LOCO_USAGE;
		}
		const char *name = i < argc ? argv[i] : cmd->default_sub;
		const struct command *sub = find_command(cmd->subs, name, cmd->name, &rc);
		if (!sub)
			return rc;
		return run_command(ctx, sub, cmd->name, argc - i - (i < argc),
		                   argv + i + (i < argc), gval);
	}

	struct parse_table t;
	table_init(&t, cmd);
	struct optval *val = xcalloc(t.n, sizeof *val);
	/* Globals given before the command keep their values. */
	for (size_t k = 0; k < NGLOBAL; k++)
		val[t.nlocal + k] = gval[k];
	char **pos = xcalloc((size_t)argc + 1, sizeof *pos);
	int npos = 0, i = 0;
	char *where = xasprintf("%s%s%s", prefix, prefix[0] ? " " : "", cmd->name);
	int rc = parse_opts(&t, val, argc, argv, &i, false, pos, &npos, where);
	if (rc == 0)
		give_back_optional_words(val, t.nlocal, pos, &npos);
	struct cmd_args args = {t.spec, t.n, val, pos, npos};
	ctx->command = where;
	if (rc == 0 && arg_flag(&args, "help")) {
		cli_print_help(stdout, cmd, prefix);
	} else if (rc == 0 && (npos < cmd->min_pos || (cmd->max_pos >= 0 && npos > cmd->max_pos))) {
		loco_error("'%s' takes %s", where,
		           cmd->max_pos == 0     ? "no arguments"
		           : npos < cmd->min_pos ? "more arguments"
		                                 : "fewer arguments");
		loco_hint("usage: loco %s %s", where, cmd->usage);
		rc = LOCO_USAGE;
	} else if (rc == 0) {
		take_globals(ctx, &args);
		rc = setup_terminal(ctx, arg_value(&args, "color"));
		if (rc == 0)
			rc = load_settings(ctx, &args, cmd->needs & CMD_CONFIG_OPTIONAL);
		if ((cmd->needs & CMD_NO_NETWORK) && (cmd->needs & CMD_HASHES_FILES))
			netlib_forbid_curl(where);
		else if (cmd->needs & CMD_NO_NETWORK)
			netlib_forbid(where);
		if (rc == 0 && (cmd->needs & CMD_NEEDS_REGISTRY))
			rc = load_registry(ctx);
		if (rc == 0)
			rc = cmd->run(ctx, &args);
	}
	free(pos);
	free(val);
	table_free(&t);
	free(where);
	ctx->command = NULL;
	return rc;
}

/* Stdout errors (a closed pipe, a full disk) surface here, never silently. */
static int stdout_errno; /* the first failed write's cause */

void loco_stdout_failed(int err)
{
	if (!stdout_errno)
		stdout_errno = err;
}

static int finish_stdout(int rc)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout) || stdout_errno) {
		int e = stdout_errno ? stdout_errno : errno ? errno : EIO;
		loco_error("cannot write to standard output: %s", strerror(e));
		return rc ? rc : LOCO_FAIL;
	}
	return rc;
}

int cli_main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	struct loco_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	struct optval gval[NGLOBAL];
	memset(gval, 0, sizeof gval);
	struct parse_table t;
	table_init(&t, NULL);
	int i = 1, rc = parse_opts(&t, gval, argc, argv, &i, true, NULL, NULL, "");
	struct cmd_args g = {t.spec, t.n, gval, NULL, 0};
	if (rc) {
		/* usage error already reported */
	} else if (arg_flag(&g, "version")) {
		printf("loco %s\n", LOCO_VERSION);
	} else if (arg_flag(&g, "help")) {
		cli_print_overview(stdout);
	} else if (i >= argc) {
		cli_print_overview(stderr);
		rc = LOCO_USAGE;
	} else {
		const struct command *cmd = find_command(loco_commands, argv[i], "", &rc);
		if (cmd)
			rc = run_command(&ctx, cmd, "", argc - i - 1, argv + i + 1, gval);
	}
	table_free(&t);
	if (ctx.have_registry)
		registry_free(&ctx.reg);
	if (ctx.cfg.origin)
		config_free(&ctx.cfg);
	return finish_stdout(rc);
}
