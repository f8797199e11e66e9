/* answer.c: what query and chat share (see answer.h): their options decoded
 * once, one vote, a streamed answer printed, failed requests named. */
#define _GNU_SOURCE
#include "answer.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "interrupt.h"
#include "models.h"

void answer_printer_init(struct answer_printer *pr, const struct loco_ctx *ctx, bool stream,
                         bool show_thinking, bool raw)
{
	memset(pr, 0, sizeof *pr);
	pr->ctx = ctx;
	pr->stream = stream;
	pr->show_thinking = show_thinking;
	pr->raw = raw;
	termsafe_init(&pr->safe_answer);
	termsafe_init(&pr->safe_thinking);
	/* One piece made safe at a time: its input, a piece of a stream, bounds it. */
	sb_init(&pr->scratch, STRBUF_NO_CEILING);
}

/* The bytes to write for a piece of text: itself, or its safe form when the
 * stream is a terminal (the piece may end inside a character or sequence). */
static const char *safe_piece(struct answer_printer *pr, struct termsafe *t, bool tty,
                              const char *text, size_t *n)
{
	if (!tty || pr->raw)
		return text;
	sb_reset(&pr->scratch);
	termsafe_feed(t, text, *n, &pr->scratch);
	*n = pr->scratch.len;
	return pr->scratch.buf ? pr->scratch.buf : "";
}

static void put_answer(struct answer_printer *pr, const char *bytes, size_t n)
{
	if (!n || pr->write_failed)
		return;
	if (fwrite(bytes, 1, n, stdout) != n) {
		pr->write_failed = true;
		loco_stdout_failed(errno);
	}
	pr->last = bytes[n - 1];
}

/* The end of the thinking: what its filter held, then the colour off. */
static void close_thinking(struct answer_printer *pr)
{
	if (!pr->thinking_open)
		return;
	sb_reset(&pr->scratch);
	termsafe_finish(&pr->safe_thinking, &pr->scratch);
	fwrite(pr->scratch.buf ? pr->scratch.buf : "", 1, pr->scratch.len, stderr);
	fprintf(stderr, "%s\n", sgr(pr->ctx, stderr, "\033[0m"));
	pr->thinking_open = false;
}

/* Erases the waiting line before anything else reaches the terminal. */
static void clear_waiting(struct answer_printer *pr)
{
	if (!pr->waiting_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	pr->waiting_shown = false;
}

static void on_answer(void *p, const char *text, size_t n)
{
	struct answer_printer *pr = p;
	if (!pr->stream || pr->write_failed)
		return;
	clear_waiting(pr);
	close_thinking(pr);
	const char *bytes = safe_piece(pr, &pr->safe_answer, pr->ctx->tty_out, text, &n);
	put_answer(pr, bytes, n);
	pr->answer_started = true;
}

static void on_thinking(void *p, const char *text, size_t n)
{
	struct answer_printer *pr = p;
	if (!pr->show_thinking)
		return;
	clear_waiting(pr);
	if (!pr->thinking_open)
		fputs(sgr(pr->ctx, stderr, "\033[2m"), stderr);
	pr->thinking_open = true;
	const char *bytes = safe_piece(pr, &pr->safe_thinking, pr->ctx->tty_err, text, &n);
	fwrite(bytes, 1, n, stderr);
}

static void on_flush(void *p)
{
	struct answer_printer *pr = p;
	if (pr->stream && fflush(stdout) != 0) {
		pr->write_failed = true;
		loco_stdout_failed(errno);
	}
	if (pr->write_failed)
		interrupt_request(); /* nobody is reading: stop generating */
}

struct chat_sink answer_sink(struct answer_printer *pr)
{
	struct chat_sink s = {on_answer, on_thinking, on_flush, pr};
	return s;
}

void answer_replay(struct answer_printer *pr, const struct chat_result *r)
{
	if (r->thinking.len)
		on_thinking(pr, r->thinking.buf, r->thinking.len);
	if (r->answer.len)
		on_answer(pr, r->answer.buf, r->answer.len);
	on_flush(pr);
}

void answer_text(struct answer_printer *pr, const char *text, size_t n)
{
	on_answer(pr, text, n);
}

void answer_finish(struct answer_printer *pr)
{
	close_thinking(pr);
	if (pr->stream && pr->answer_started) {
		sb_reset(&pr->scratch);
		termsafe_finish(&pr->safe_answer, &pr->scratch);
		put_answer(pr, pr->scratch.buf, pr->scratch.len);
	}
	/* also after a failed write: the final flush then names the error */
	if (pr->answer_started && pr->last != '\n')
		fputc('\n', stdout);
	pr->answer_started = false;
	sb_free(&pr->scratch);
}

/* Waits, waking for Ctrl-C. */
static void busy_wait(double seconds)
{
	double until = monotonic_seconds() + seconds;
	struct timespec ts = {0, 50 * 1000 * 1000};
	while (monotonic_seconds() < until && !interrupt_requested())
		nanosleep(&ts, NULL);
}

/* Whether the waiting line may be drawn: a terminal's stderr, not -q. */
static bool may_wait_visibly(const struct answer_printer *pr)
{
	return pr && pr->stream && pr->ctx->tty_err && !pr->ctx->quiet;
}

#define WAITING_AFTER 1.0 /* seconds of nothing shown before the line appears */

static void draw_waiting(struct answer_printer *pr, const char *model, bool thinking, double waited)
{
	static const char frames[] = "|/-\\";
	int frame = (int)(waited * 10) % 4;
	/* the model's name comes from the user or the registry: made safe anyway */
	char *name = termsafe_text(model, strlen(model));
	fprintf(stderr, "\r\033[K%c %s %s... %.0fs", frames[frame],
	        thinking ? "thinking:" : "loading", name, waited);
	fflush(stderr);
	free(name);
	pr->waiting_shown = true;
}

/* Runs the call to its end; on a terminal, shows life while nothing comes. */
static void run_call(struct backend *b, struct chat_call *call, const char *model,
                     struct answer_printer *pr)
{
	bool visible = may_wait_visibly(pr);
	if (!visible && !(pr && pr->keys)) {
		backend_run(b);
		return;
	}
	double start = monotonic_seconds();
	while (backend_active(b)) {
		backend_step(b, 100);
		if (pr->keys)
			pr->keys(pr->keys_ctx);
		const struct chat_result *r = chat_call_result(call);
		bool shown = pr->answer_started || pr->thinking_open;
		double waited = monotonic_seconds() - start;
		if (visible && !shown && backend_active(b) && waited >= WAITING_AFTER)
			draw_waiting(pr, model, r->thinking.len > 0, waited);
	}
	clear_waiting(pr);
}

struct chat_call *answer_chat(struct backend *b, const char *model, const struct cJSON *messages,
                              const struct chat_options *o, const struct chat_sink *sink,
                              struct answer_printer *pr)
{
	for (int attempt = 1;; attempt++) {
		struct chat_call *call = backend_chat_start(b, model, messages, o, sink);
		run_call(b, call, model, pr);
		const struct chat_result *r = chat_call_result(call);
		if (r->error.status != NET_BUSY || attempt >= BACKEND_BUSY_ATTEMPTS ||
		    r->answer.len || r->thinking.len || interrupt_requested())
			return call;
		double wait = backend_busy_delay(attempt);
		loco_warn("the server is busy (HTTP %ld: %s)", r->error.http_status,
		          r->error.message ? r->error.message : "");
		loco_hint("asking again in %g s (attempt %d of %d)", wait, attempt + 1,
		          BACKEND_BUSY_ATTEMPTS);
		chat_call_free(call);
		busy_wait(wait); /* Ctrl-C: the next call stops at once and says so */
	}
}

/* Room left for the answer when num_ctx is raised. */
#define ANSWER_ROOM 1024

int answer_fit_context(const struct loco_ctx *ctx, struct backend *b, const char *model, long need,
                       const char *setting, struct chat_options *o)
{
	/* an OpenAI-compatible server gets no num_ctx: its own limit answers */
	if (backend_kind(b) != BACKEND_OLLAMA || !o->num_ctx || need <= o->num_ctx)
		return 0;
	long model_ctx = 0;
	struct net_error e = {0};
	backend_context_length(b, model, &model_ctx, &e);
	net_error_clear(&e);
	long cap = ctx->cfg.max_num_ctx;
	bool model_limit = model_ctx > 0 && model_ctx < cap;
	if (model_limit)
		cap = model_ctx;
	if (need > cap) {
		if (model_limit) {
			loco_error("the prompt is about %ld tokens, but %s takes at most %ld", need,
			           model, cap);
			loco_hint("that is its context length; shorten the prompt");
		} else {
			loco_error("the prompt is about %ld tokens, but at most %ld fit", need,
			           cap);
			loco_hint("inference.max_num_ctx is %ld (%s is %ld)", cap, setting,
			          o->num_ctx);
			loco_hint("shorten the prompt, or raise inference.max_num_ctx");
		}
		return LOCO_FAIL;
	}
	long want = need + (o->num_predict ? o->num_predict : ANSWER_ROOM), n = o->num_ctx;
	while (n < want && n < cap)
		n *= 2;
	n = n < cap ? n : cap;
	loco_note(ctx,
	          "the prompt is about %ld tokens, more than %s %ld: sending num_ctx %ld for it "
	          "(the model reloads with the larger context)",
	          need, setting, o->num_ctx, n);
	o->num_ctx = n;
	return 0;
}

void answer_check_cut(const struct loco_ctx *ctx, const struct chat_result *r, long need,
                      const struct chat_options *o, const char *predict_setting)
{
	long ctxn = o->num_ctx, pt = r->prompt_tokens;
	/* Ollama cuts a prompt longer than num_ctx to fit it (old messages go
	 * first), so a cut prompt fills the window, or counts far fewer tokens
	 * than the estimate */
	if (pt > 0 && ctxn && (pt >= ctxn * 95 / 100 || (need > 2 * pt && 2 * pt >= ctxn)))
		loco_warn("the server read %ld prompt tokens (about %ld sent) in a window of "
		          "num_ctx %ld: it has probably cut the prompt; shorten it or raise the "
		          "context",
		          pt, need, ctxn);
	if (!r->done_reason || strcmp(r->done_reason, "length"))
		return;
	if (o->num_predict && r->tokens >= o->num_predict)
		loco_note(ctx, "the answer was cut at %ld tokens (%s)", r->tokens, predict_setting);
	else if (ctxn && r->prompt_tokens + r->tokens >= ctxn * 9 / 10)
		loco_note(ctx,
		          "the answer was cut: the prompt (%ld tokens) and the answer (%ld) filled "
		          "the context window (num_ctx %ld)",
		          r->prompt_tokens, r->tokens, ctxn);
	else
		loco_note(ctx, "the answer was cut by the server's length limit after %ld tokens",
		          r->tokens);
}

int answer_not_ollama(struct backend *b)
{
	if (backend_kind(b) != BACKEND_OLLAMA)
		return 0;
	char *what = NULL;
	struct net_error e = {0};
	int is = backend_is_ollama(b, &what, &e);
	net_error_clear(&e);
	if (is != 0) {
		free(what);
		return 0;
	}
	loco_error("the server at %s is not Ollama (%s)", backend_address(b), what);
	loco_hint("Ollama listens on 127.0.0.1:11434 unless told otherwise;");
	loco_hint("check the address (--host, OLLAMA_HOST, ollama.host)");
	free(what);
	return LOCO_UNREACHABLE;
}

/* A 404, a reply that is not JSON, or a method not allowed may come from
 * another server on the port rather than from Ollama. */
static bool maybe_foreign(const struct net_error *e)
{
	return e->status == NET_NOT_FOUND || e->status == NET_PROTOCOL ||
	       (e->status == NET_SERVER_ERROR && (e->http_status == 405 || e->http_status == 501));
}

/* The message for a request that failed; returns the exit code. */
int answer_report(const struct loco_ctx *ctx, struct backend *b, const struct net_error *e,
                  const char *model, bool is_adapter, bool partial)
{
	const char *addr = backend_address(b);
	bool ollama = backend_kind(b) == BACKEND_OLLAMA;
	int foreign = maybe_foreign(e) && !partial ? answer_not_ollama(b) : 0;
	if (foreign)
		return foreign;
	switch (e->status) {
	case NET_UNREACHABLE:
		if (ollama) {
			loco_error("cannot reach Ollama at %s (%s)", addr, e->message);
			loco_hint_server(ctx);
		} else {
			loco_error("cannot reach the server at %s (%s)", addr, e->message);
			loco_hint("check backend.base_url ('loco config get backend.base_url')");
		}
		break;
	case NET_NOT_FOUND:
		if (is_adapter)
			loco_error("model '%s' not found; run 'loco setup'", model);
		else if (ollama)
			loco_error("model '%s' not found; run 'ollama pull %s'", model, model);
		else
			loco_error("model '%s' not found on %s (%s)", model, addr, e->message);
		break;
	case NET_BUSY:
		loco_error("the server is busy (HTTP %ld: %s)", e->http_status, e->message);
		loco_hint("try again in a moment");
		break;
	case NET_UNAUTHORIZED:
		/* loco sends an API key only to an OpenAI-compatible server. Ollama
		 * itself answers a bare 403 to a Host or Origin header it does not
		 * allow (allowedHostsMiddleware and OLLAMA_ORIGINS in
		 * ollama/server/routes.go); nothing there is about a key. */
		if (ollama && e->empty_body) {
			loco_error("Ollama at %s refused the request (HTTP %ld with an empty body)",
			           addr, e->http_status);
			loco_hint("Ollama does so for a host name or origin it does not allow");
			loco_hint(
			    "(OLLAMA_HOST and OLLAMA_ORIGINS on the server), or a proxy does");
		} else if (ollama) {
			loco_error("the server at %s wants credentials (HTTP %ld: %s)", addr,
			           e->http_status, e->message);
			loco_hint("loco sends an API key only to an OpenAI-compatible server");
			loco_hint("(backend.kind openai, the key in $%s)",
			          ctx->cfg.backend_api_key_env);
		} else {
			loco_error("the server refused the request (HTTP %ld: %s)", e->http_status,
			           e->message);
			loco_hint("check the API key in $%s", ctx->cfg.backend_api_key_env);
		}
		break;
	case NET_INTERRUPTED:
		loco_error("interrupted");
		break;
	case NET_SERVER_ERROR:
		if (e->http_status && e->http_status != 200)
			loco_error("server error (HTTP %ld): %s", e->http_status, e->message);
		else
			loco_error("server error: %s", e->message);
		break;
	default:
		loco_error("%s", e->message);
	}
	if (partial)
		loco_hint("the answer above is partial");
	return net_exit_code(e->status);
}

double answer_tokens_per_s(const struct chat_result *r)
{
	if (r->eval_ns > 0)
		return (double)r->tokens / ((double)r->eval_ns / 1e9);
	return r->seconds > 0 ? (double)r->tokens / r->seconds : 0;
}

void answer_vote_progress(void *ctx, int done, int n)
{
	const struct loco_ctx *c = ctx;
	fprintf(stderr, "\r%s[votes %d/%d]%s", sgr(c, stderr, "\033[2m"), done, n,
	        sgr(c, stderr, "\033[0m"));
	fflush(stderr);
}

int answer_vote_settings(const struct loco_ctx *ctx, const struct cmd_args *a, int *n,
                         enum vote_method *method, bool *early_stop, int *max_n)
{
	*n = (int)ctx->cfg.votes;
	*early_stop = !arg_flag(a, "no-early-stop");
	*max_n = 0;
	const char *v = arg_value(a, "votes");
	long l;
	if (v && !strcmp(v, "auto")) {
		*n = 3; /* then two at a time while they disagree */
		*max_n = (int)ctx->cfg.max_votes;
		v = NULL;
	} else if (v && (!parse_long(v, &l) || l < 1 || l > 64)) {
		loco_error("--votes must be a whole number from 1 to 64 or auto, not '%s'", v);
		return LOCO_USAGE;
	}
	if (v)
		*n = (int)l;
	const char *m = arg_value(a, "vote-method");
	if (!m)
		m = ctx->cfg.vote_method;
	if (strcmp(m, "majority") && strcmp(m, "best_of_n")) {
		loco_error("--vote-method must be majority or best_of_n, not '%s'", m);
		return LOCO_USAGE;
	}
	*method = strcmp(m, "majority") ? VOTE_BEST_OF_N : VOTE_MAJORITY;
	return 0;
}

/* "a, b, c" of a model list, for a message (at most eight). */
static char *served_names(const struct model_info *list, size_t n)
{
	struct strbuf sb;
	sb_init(&sb, STRBUF_NO_CEILING); /* eight names at most */
	sb_adds(&sb, "");
	for (size_t i = 0; i < n && i < 8; i++)
		sb_addf(&sb, "%s'%s'", i ? ", " : "", list[i].name);
	if (n > 8)
		sb_addf(&sb, " and %zu more", n - 8);
	return sb_detach(&sb);
}

int answer_check_served(const struct backend *b, const struct model_info *list, size_t n,
                        const char *model)
{
	if (!backend_kind_openai(backend_kind(b)) || !n || model_find(list, n, model))
		return 0;
	char *names = served_names(list, n);
	char *safe = termsafe_text(names, strlen(names));
	int rc = 0;
	if (n == 1) {
		loco_warn("%s serves one model, %s, not '%s', and a single-model server answers "
		          "every request with its own; set base_model.served_name in the registry "
		          "to the id it serves the base model under",
		          backend_address(b), safe, model);
	} else {
		loco_error("%s does not serve '%s' (it serves %s); set base_model.served_name in "
		           "the registry to the id it serves the base model under",
		           backend_address(b), model, safe);
		rc = LOCO_NOT_FOUND;
	}
	free(safe);
	free(names);
	return rc;
}

static bool user_set(const struct loco_ctx *ctx, const char *key)
{
	int i = config_key_find(key, NULL);
	return i >= 0 && ctx->cfg.origin[i] != ORIGIN_DEFAULT;
}

/* What the OpenAI-compatible protocol has no field for (docs/configuration.md,
 * "What reaches each backend"), named when the user set it, so that a setting
 * never silently does nothing. think is mapped (backend.c). */
static void warn_unsent(const struct loco_ctx *ctx, const struct cmd_args *a)
{
	if (!backend_kind_openai(config_backend_kind(&ctx->cfg)))
		return;
	bool query = false; /* query has --num-ctx; chat sends chat.context_limit */
	for (size_t i = 0; i < a->nspec; i++)
		query = query || !strcmp(a->spec[i].name, "num-ctx");
	const char *num_ctx = !query                    ? "chat.context_limit"
	                      : arg_value(a, "num-ctx") ? "--num-ctx"
	                                                : "inference.num_ctx";
	bool ctx_set =
	    arg_value(a, "num-ctx") || (strcmp(num_ctx, "--num-ctx") && user_set(ctx, num_ctx));
	bool keep_alive = user_set(ctx, "ollama.keep_alive");
	if (!ctx_set && !keep_alive)
		return;
	loco_warn("an OpenAI-compatible server cannot be sent %s%s%s; the server's own settings "
	          "apply (llama-server: -c for the context size)",
	          ctx_set ? num_ctx : "", ctx_set && keep_alive ? " or " : "",
	          keep_alive ? "ollama.keep_alive" : "");
}

void answer_vote_samples(const struct loco_ctx *ctx, const struct vote_run *r)
{
	if (ctx->verbose < 1 || ctx->quiet || ctx->json)
		return;
	for (int i = 0; i < r->n; i++) {
		const struct vote_sample *s = &r->samples[i];
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		char *what = s->voted        ? xasprintf("answer %s", s->answer.text)
		             : cr->cancelled ? xstrdup("not needed")
		             : s->response
		                 ? xstrdup("no answer read")
		                 : xasprintf("failed: %s", cr->error.message ? cr->error.message
		                                                             : "no reason given");
		char *w = termsafe_text(what, strlen(what));
		fprintf(stderr, "%s[sample %d of %d: %s]%s\n", sgr(ctx, stderr, "\033[2m"), i + 1,
		        r->n, w, sgr(ctx, stderr, "\033[0m"));
		if (s->response) {
			char *text = ctx->tty_err ? termsafe_text(s->response, strlen(s->response))
			                          : xstrdup(s->response);
			fprintf(stderr, "%s\n", text);
			free(text);
		}
		free(w);
		free(what);
	}
}

void answer_vote_uncertain(const struct loco_ctx *ctx, const struct vote_run *r)
{
	if (r->judged || ctx->quiet || ctx->json || !r->tally.n_counts)
		return;
	double a = vote_agreement(&r->tally);
	if (a < ctx->cfg.min_agreement)
		loco_note(ctx,
		          "uncertain: only %d of %d samples agree (%.0f%%, below "
		          "inference.min_agreement %.0f%%)",
		          r->tally.counts[0].count, r->tally.samples, 100 * a,
		          100 * ctx->cfg.min_agreement);
}

int answer_options(const struct loco_ctx *ctx, const struct cmd_args *a, struct chat_options *o)
{
	const struct loco_config *c = &ctx->cfg;
	int rc = 0;
	double v;
	memset(o, 0, sizeof *o);
	if (arg_flag(a, "think") && arg_flag(a, "no-think")) {
		loco_error("--think and --no-think cannot be used together");
		return LOCO_USAGE;
	}
	o->think = arg_flag(a, "think") ? 1 : arg_flag(a, "no-think") ? 0 : c->think;
	o->has_temperature = c->temperature.set;
	o->temperature = c->temperature.value;
	if (arg_number(a, "temperature", 0, 2, false, &v, &rc)) {
		o->has_temperature = true;
		o->temperature = v;
	}
	if (arg_number(a, "seed", -2147483648.0, 2147483647.0, true, &v, &rc)) {
		o->has_seed = true;
		o->seed = (long)v;
	}
	o->num_ctx = c->num_ctx;
	if (arg_number(a, "num-ctx", 256, 1048576, false, &v, &rc))
		o->num_ctx = (long)v;
	if (arg_number(a, "max-tokens", 1, 1048576, false, &v, &rc))
		o->num_predict = (long)v;
	if (!rc)
		warn_unsent(ctx, a);
	return rc;
}

int answer_votes(const struct loco_ctx *ctx, struct backend *b, const char *model,
                 const struct cJSON *messages, bool temperature_given, struct vote_opts *o,
                 struct vote_run *r)
{
	if (!temperature_given) {
		o->chat.has_temperature = true;
		o->chat.temperature = ctx->cfg.vote_temperature;
	}
	o->has_seed = o->chat.has_seed;
	o->seed = o->chat.seed;
	o->chat.logprobs = true; /* the winner's confidence, where the server has them */
	o->progress = ctx->tty_err && !ctx->quiet && !ctx->json ? answer_vote_progress : NULL;
	o->progress_ctx = (void *)ctx;
	struct sigaction old;
	interrupt_catch(&old);
	int vrc = vote_collect(b, model, messages, o, r);
	interrupt_release(&old);
	if (o->progress)
		fprintf(stderr, "\r\033[K");
	for (int i = 0; i < r->n && !interrupt_requested(); i++) {
		const struct chat_result *cr = chat_call_result(r->calls[i]);
		if (cr->error.status != NET_OK)
			if (!cr->cancelled)
				loco_warn("sample %d of %d failed: %s", i + 1, r->n,
				          cr->error.message);
	}
	if (r->cache_failed)
		loco_warn("could not cache %d of the samples: %s", r->cache_failed, r->cache_error);
	if (r->serial && !interrupt_requested())
		answer_serial_hint(ctx, b, r->n, "samples");
	return vrc;
}

void answer_serial_hint(const struct loco_ctx *ctx, const struct backend *b, int n,
                        const char *what)
{
	static bool said; /* once per process: a chat votes every turn */
	if (said || ctx->quiet)
		return;
	said = true;
	if (backend_kind(b) == BACKEND_OLLAMA)
		loco_note(ctx,
		          "the %s came back one at a time: the server runs one request at a "
		          "time; start Ollama with OLLAMA_NUM_PARALLEL=%d (for example "
		          "'OLLAMA_NUM_PARALLEL=%d ollama serve') to run them at once",
		          what, n, n);
	else
		loco_note(ctx,
		          "the %s came back one at a time: the server runs one request at a "
		          "time; give it parallel slots (llama-server: -np %d) to run them at once",
		          what, n);
}
