/* chat.c: `loco chat` — a conversation with the routed specialist. The
 * first message is routed and the adapter sticks until /clear; every turn
 * sends the history (RE2 on the newest question only), drops the oldest
 * turns near the context limit, streams the answer, and saves the session.
 * On a terminal lines are edited with libedit; on a pipe lines are read as
 * they come, so a chat can be scripted. */
#define _GNU_SOURCE
#include "chat.h"

#include <cjson/cJSON.h>
#include <locale.h>
#include <langinfo.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer.h"
#include "interrupt.h"
#include "models.h"
#include "lineedit.h"
#include "prompt.h"
#include "route_embed.h"
#include "termsafe.h"
#include "text.h"
#include "turn_log.h"

#define HISTORY_MAX 1000

void chat_say(const struct chat *c, const char *fmt, ...)
{
	if (c->ctx->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	struct termsafe_pool ts;
	termsafe_pool_init(&ts, c->ctx->tty_err);
	fprintf(stderr, "%s%s%s\n", sgr(c->ctx, stderr, "\033[2m"), termsafe_str(&ts, msg),
	        sgr(c->ctx, stderr, "\033[0m"));
	termsafe_pool_free(&ts);
	free(msg);
}

const struct adapter *chat_adapter(const struct chat *c)
{
	if (!c->s.adapter)
		return NULL;
	for (size_t i = 0; i < c->ctx->reg.n_adapters; i++)
		if (!strcmp(c->ctx->reg.adapters[i].name, c->s.adapter))
			return &c->ctx->reg.adapters[i];
	return NULL;
}

const char *chat_prompt_label(const struct chat *c)
{
	if (c->s.mode == MODE_MODEL)
		return c->s.model;
	if (c->s.adapter)
		return c->s.adapter;
	return c->s.mode == MODE_AUTO ? "auto" : "base";
}

/* ---- nudges ---------------------------------------------------------------- */

/* Prompts to keep the student thinking (the conversation, not delegation). */
static const char *const general_nudges[] = {
    "Does that match what you expected? Say where it doesn't.",
    "Try putting the key step in your own words.",
    "A small model can be confidently wrong: push back on anything that looks shaky.",
    "How would you check this without asking me?",
    "Ask for the weakest part of this answer, or a counter-example.",
    "Could you do the next step yourself? Try it, then compare.",
};

static const struct {
	const char *domain;
	const char *text[2];
} domain_nudges[] = {
    {"math",
     {"Check the result by putting it back into the problem.",
      "Estimate first: is the answer in the range you would guess?"}},
    {"code",
     {"Run it on an edge case (empty input, one item, a huge value) before trusting it.",
      "Is any line unclear? Ask what it is for."}},
    {"analysis",
     {"Which claim here rests on the least evidence?", "What would someone who disagrees say?"}},
};

static void nudge(struct chat *c)
{
	if (!c->nudge || !c->interactive || c->ctx->quiet)
		return;
	const struct adapter *a = chat_adapter(c);
	int turn = c->nudge_turn++;
	const char *text = general_nudges[(size_t)turn % LOCO_ARRAY_LEN(general_nudges)];
	for (size_t i = 0; a && turn % 2 && i < LOCO_ARRAY_LEN(domain_nudges); i++)
		if (!strcmp(a->domain, domain_nudges[i].domain))
			text = domain_nudges[i].text[(turn / 2) % 2];
	chat_say(c, "tip: %s", text);
}

/* ---- routing and models ---------------------------------------------------- */

/* Returns true when this message chose the adapter that now sticks. */
static bool route_first(struct chat *c, const char *question)
{
	c->turn_decided = false;
	if (c->s.mode != MODE_AUTO || c->s.adapter)
		return false;
	struct route_decision d;
	cmd_router_embed_num_ctx(c->context_limit); /* the num_ctx this chat sends */
	router_decide(c->router, question, strlen(question), &d);
	c->turn_decision = d;
	c->turn_decided = true;
	if (router_error(c->router))
		embed_say(true, router_error(c->router));
	free(c->routed_text);
	c->routed_text = xstrdup(question);
	c->have_decision = true;
	const struct registry *reg = &c->ctx->reg;
	if (d.adapter < 0) {
		chat_say(c, "[no adapter matched: the base model answers; the next message is "
		            "routed again]");
		return false;
	}
	c->s.adapter = xstrdup(reg->adapters[d.adapter].name);
	chat_say(c, "[router -> %s; it answers until /clear]", c->s.adapter);
	if (d.low_confidence && !c->ctx->quiet)
		loco_note(c->ctx,
		          "low confidence: %s %d vs %s %d; if %s is wrong, pick with "
		          "'/adapter %s' (or '/adapter' to list them)",
		          c->s.adapter, d.best, reg->adapters[d.runner_up].name, d.second,
		          c->s.adapter, reg->adapters[d.runner_up].name);
	return true;
}

/* True only the first time it is asked about model (it records it): ask once. */
static bool first_warning(struct chat *c, const char *model)
{
	for (size_t i = 0; i < c->n_warned; i++)
		if (!strcmp(c->warned_missing[i], model))
			return false;
	c->warned_missing = xrealloc(c->warned_missing, (c->n_warned + 1) * sizeof(char *));
	c->warned_missing[c->n_warned++] = xstrdup(model);
	return true;
}

/* The adapter's model, or the base model when it is not installed. */
static char *pick_model(struct chat *c, const struct adapter *a, bool *fallback)
{
	const char *base = c->ctx->reg.base_ollama_name;
	*fallback = false;
	if (c->s.mode == MODE_MODEL)
		return xstrdup(c->s.model);
	if (!a)
		return xstrdup(base);
	char *model = adapter_model_name(a);
	if (!c->listed_models || model_find(c->models, c->n_models, model))
		return model;
	const char *why = backend_route_error(c->b, model);
	if (first_warning(c, model)) { /* said once per chat and model */
		if (why) {
			loco_warn("%s", why);
			loco_hint("until then the base model answers, with %s's system prompt",
			          a->name);
		} else {
			loco_warn("model '%s' is not installed; the base model answers", model);
			loco_hint("with %s's system prompt; 'loco setup' creates %s", a->name,
			          model);
		}
	}
	free(model);
	*fallback = true;
	return xstrdup(base);
}

static int list_models(struct chat *c)
{
	struct net_error e = {0};
	if (cmd_list_models(c->b, &c->models, &c->n_models, &e) == 0) {
		c->listed_models = true;
		return 0;
	}
	int rc = 0;
	/* An OpenAI-compatible server without /models can still answer. */
	if (e.status == NET_UNREACHABLE || backend_kind(c->b) == BACKEND_OLLAMA)
		rc = answer_report(c->ctx, c->b, &e, c->ctx->reg.base_ollama_name, false, false);
	net_error_clear(&e);
	return rc;
}

/* ---- one turn -------------------------------------------------------------- */

struct turn {
	const struct adapter *adapter;
	char *model;
	bool fallback;
	char *system;
	cJSON *messages;
	long need; /* the request's estimated tokens */
	struct chat_options opts;
	bool routed_now; /* this turn's question chose the adapter */
};

static void stats_line(struct chat *c, const struct turn *t, const char *tally,
                       const struct chat_result *r, double seconds)
{
	c->answers++;
	c->tokens += r->tokens;
	c->seconds += seconds;
	if (r->eval_ns > 0)
		c->eval_seconds += (double)r->eval_ns / 1e9;
	else
		c->eval_seconds += r->seconds;
	if (c->ctx->quiet)
		return;
	char who[160];
	if (t->fallback)
		snprintf(who, sizeof who, "%s via %s", t->adapter->name, t->model);
	else if (c->s.mode == MODE_MODEL)
		snprintf(who, sizeof who, "%s", t->model);
	else
		snprintf(who, sizeof who, "%s", t->adapter ? t->adapter->name : "base model");
	chat_say(c, "[%s%s%s | %ld tokens | %.1f tok/s | %.1fs]", who, tally ? " | " : "",
	         tally ? tally : "", r->tokens, answer_tokens_per_s(r), seconds);
}

static void keep_answer(struct chat *c, const struct turn *t, const char *text, long tokens,
                        bool partial)
{
	struct chat_message *m = session_add(&c->s, "assistant", text);
	m->adapter = t->adapter ? xstrdup(t->adapter->name) : NULL;
	m->model = xstrdup(t->model);
	m->tokens = tokens;
	m->partial = partial;
}

/* After the answer is out: the turn in LOCO_HOME/logs.db, with the answer
 * the conversation kept (votes: the vote, r the winner's result). */
static void log_turn(struct chat *c, const struct turn *t, const struct chat_result *r,
                     const cJSON *votes)
{
	if (!c->log)
		return;
	if (!c->s.conversation)
		c->s.conversation = logs_new_id();
	const char *question = session_last_question(&c->s);
	struct route_decision d;
	bool routed = c->s.mode == MODE_AUTO && (t->routed_now || !t->adapter);
	if (routed && c->turn_decided)
		d = c->turn_decision; /* this question's, made before the answer */
	else if (routed)
		router_decide(c->router, question, strlen(question), &d);
	const char *by = routed                    ? "router"
	                 : c->s.mode == MODE_AUTO  ? "conversation"
	                 : c->s.mode == MODE_FIXED ? "user"
	                                           : "none";
	cJSON *router = turn_router_json(&c->ctx->reg, by, routed ? &d : NULL);
	cJSON *options = turn_options_json(&t->opts);
	struct log_entry e = {.conversation = c->s.conversation,
	                      .command = "chat",
	                      .session = c->s.id,
	                      .prompt = question,
	                      .system = t->system,
	                      .adapter = t->adapter ? t->adapter->name : NULL,
	                      .model = t->model,
	                      .router = router,
	                      .options = options,
	                      .votes = votes,
	                      .tool_calls = c->tool_trace};
	turn_log_result(&e, r);
	e.response = c->s.msgs[c->s.n - 1].content;
	turn_log_write(c->ctx, &e, &c->log_failing);
	cJSON_Delete(router);
	cJSON_Delete(options);
}

/* A turn that produced no answer leaves no trace of its question. */
static void forget_question(struct chat *c)
{
	session_drop_last(&c->s);
}

static void answer_keys(void *le)
{
	lineedit_answer_keys(le);
}

static void ask_stream(struct chat *c, struct turn *t)
{
	size_t before = c->s.n;
	struct answer_printer pr;
	answer_printer_init(&pr, c->ctx, true, c->show_thinking, c->raw);
	struct chat_sink sink = answer_sink(&pr);
	if (c->le) {
		pr.keys = answer_keys;
		pr.keys_ctx = c->le;
		lineedit_answer_begin(c->le);
	}
	struct sigaction old;
	interrupt_catch(&old);
	struct chat_call *call = chat_tools_answer(c, t->model, t->messages, &t->opts, &sink, &pr);
	interrupt_release(&old);
	if (c->le)
		lineedit_answer_end(c->le);
	bool started = pr.answer_started;
	answer_finish(&pr);
	const struct chat_result *r = chat_call_result(call);
	if (pr.write_failed) {
		c->quit = c->failed = true; /* stdout is gone; main reports it */
		if (r->answer.len)
			keep_answer(c, t, r->answer.buf, r->tokens, true);
		else
			forget_question(c);
	} else if (r->error.status == NET_OK && !r->answer.len) {
		forget_question(c);
		chat_say(c, "[the model returned an empty answer; the question was dropped]");
		c->failed = !c->interactive || c->failed;
	} else if (r->error.status == NET_OK) {
		keep_answer(c, t, r->answer.buf, r->tokens, false);
		stats_line(c, t, chat_tools_tally(c), r, r->seconds);
		answer_check_cut(c->ctx, r, t->need, &t->opts, "num_predict");
	} else if (r->error.status == NET_INTERRUPTED) {
		if (r->answer.len) {
			keep_answer(c, t, r->answer.buf, r->tokens, true);
			chat_say(c, "[stopped; the partial answer stays in the conversation]");
		} else {
			forget_question(c);
			chat_say(c, "[stopped before the answer began; the question was dropped]");
		}
	} else {
		answer_report(c->ctx, c->b, &r->error, t->model, t->adapter && !t->fallback,
		              started);
		c->failed = true;
		if (r->answer.len)
			keep_answer(c, t, r->answer.buf, r->tokens, true);
		else
			forget_question(c);
	}
	chat_tools_keep(c, before);
	if (c->s.n > before) /* an answer was kept, whole or partial */
		log_turn(c, t, r, NULL);
	chat_tools_clear(c);
	chat_call_free(call);
}

static void ask_votes(struct chat *c, struct turn *t, const char *question)
{
	struct vote_opts o = {
	    .n = c->votes,
	    .method = c->vote_method,
	    .chat = t->opts,
	    .how = vote_extractor_for(t->adapter ? t->adapter->eval_type : NULL),
	    .question = question,
	    .early_stop = c->early_stop,
	    .max_n = c->max_votes,
	    .min_agreement = c->ctx->cfg.min_agreement,
	};
	struct vote_run r;
	int vrc = chat_tools_votes(c, t->model, t->messages, &o, &r);
	if (interrupt_requested()) { /* during the samples or the best-of-n judge */
		forget_question(c);
		chat_say(c, "[stopped; no answer was chosen and the question was dropped]");
	} else if (vrc < 0) {
		loco_error("only %d of %d samples answered, fewer than half; the first failure "
		           "follows",
		           r.succeeded, r.n);
		answer_report(c->ctx, c->b, vote_run_first_error(&r), t->model,
		              t->adapter && !t->fallback, false);
		forget_question(c);
		c->failed = true;
	} else {
		const struct chat_result *win = chat_call_result(r.calls[r.winner]);
		struct answer_printer pr;
		answer_printer_init(&pr, c->ctx, true, c->show_thinking, c->raw);
		answer_replay(&pr, win);
		answer_finish(&pr);
		if (pr.write_failed) {
			c->quit = c->failed = true;
			forget_question(c);
		} else {
			char *decision = vote_run_decision(&r);
			keep_answer(c, t, r.samples[r.winner].response, win->tokens, false);
			char *meta = chat_tools_voted(c, vote_run_meta(&r, decision));
			stats_line(c, t, meta, win, r.seconds);
			free(meta);
			answer_vote_samples(c->ctx, &r);
			answer_vote_uncertain(c->ctx, &r);
			cJSON *vote = turn_votes_json(&r, decision);
			log_turn(c, t, win, vote);
			cJSON_Delete(vote);
			free(decision);
		}
	}
	vote_run_free(&r);
	chat_tools_clear(c);
}

static void turn(struct chat *c, const char *question)
{
	session_add(&c->s, "user", question);
	bool routed_now = route_first(c, question);
	struct turn t = {.adapter = chat_adapter(c), .routed_now = routed_now};
	t.model = pick_model(c, t.adapter, &t.fallback);
	t.system = c->s.system ? xstrdup(c->s.system) : prompt_system(t.adapter, NULL);
	size_t dropped = session_compact(&c->s, t.system, c->reread, c->context_limit);
	if (dropped)
		chat_say(c,
		         "[the conversation reached 90%% of the %ld-token context: the %zu oldest "
		         "message%s no longer sent; the last %d always stay]",
		         c->context_limit, dropped, dropped == 1 ? " is" : "s are", SESSION_KEEP);
	/* dropping old messages may not be enough: a larger num_ctx, or no turn */
	t.need = session_estimate(&c->s, t.system, c->reread);
	t.opts = c->opts;
	t.opts.think = c->think;
	t.opts.num_ctx = c->context_limit;
	if (answer_fit_context(c->ctx, c->b, t.model, t.need, "chat.context_limit", &t.opts)) {
		forget_question(c);
		c->failed = true;
		if (routed_now) {
			free(c->s.adapter);
			c->s.adapter = NULL;
		}
		free(t.system);
		free(t.model);
		return;
	}
	t.messages = session_request(&c->s, t.system, c->reread);
	c->tool_turn = chat_tools_wanted(c, t.adapter);
	if (c->votes > 1)
		ask_votes(c, &t, question);
	else
		ask_stream(c, &t);
	bool answered = c->s.n && !strcmp(c->s.msgs[c->s.n - 1].role, "assistant");
	if (routed_now && !answered) { /* the question that chose it is gone: route again */
		free(c->s.adapter);
		c->s.adapter = NULL;
	}
	chat_save(c);
	if (!c->quit && answered && !c->s.msgs[c->s.n - 1].partial)
		nudge(c);
	cJSON_Delete(t.messages);
	free(t.system);
	free(t.model);
}

void chat_check_adapter(struct chat *c)
{
	if (c->s.adapter && !chat_adapter(c)) {
		loco_warn("adapter '%s' of this conversation is not in the registry; the next "
		          "message is routed again",
		          c->s.adapter);
		free(c->s.adapter);
		c->s.adapter = NULL;
		c->s.mode = MODE_AUTO;
	}
}

/* ---- settings ---------------------------------------------------------------- */

static int settings(struct chat *c, const struct cmd_args *a)
{
	const struct loco_config *cfg = &c->ctx->cfg;
	int rc = answer_options(c->ctx, a, &c->opts);
	c->think = c->opts.think == 1;
	c->temperature_given = arg_value(a, "temperature") != NULL;
	c->reread = cfg->reread && !arg_flag(a, "no-reread");
	c->show_thinking = arg_flag(a, "show-thinking");
	c->raw = arg_flag(a, "raw");
	c->log = turn_log_enabled(c->ctx, a);
	c->nudge = cfg->chat_nudge && !arg_flag(a, "no-nudge");
	c->context_limit = cfg->chat_context_limit;
	int vrc = answer_vote_settings(c->ctx, a, &c->votes, &c->vote_method, &c->early_stop,
	                               &c->max_votes);
	int trc = rc || vrc ? 0 : chat_tools_settings(c, a);
	return rc ? rc : vrc ? vrc : trc;
}

/* ---- the loop ---------------------------------------------------------------- */

/* libedit reads UTF-8 only when the locale's character type says so. */
static void utf8_ctype(void)
{
	const char *l = setlocale(LC_CTYPE, "");
	if (!l || strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "C.UTF-8");
}

static void open_terminal(struct chat *c)
{
	c->interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (!c->interactive)
		return;
	utf8_ctype();
	char *history = c->ctx->cfg.chat_history ? path_join(c->ctx->cfg.home, "history") : NULL;
	char *err = NULL;
	if (history && mkdir_private(history, true, &err) < 0) {
		loco_warn("line history is off: %s", err);
		free(err);
		err = NULL;
		free(history);
		history = NULL;
	}
	c->le = lineedit_open(history, HISTORY_MAX, &err);
	free(history);
	if (!c->le) {
		loco_warn("line editing is off: %s", err);
		free(err);
	}
}

static void greet(const struct chat *c)
{
	if (!c->interactive || c->ctx->quiet)
		return;
	const struct adapter *a = chat_adapter(c);
	chat_say(c, "loco chat with %s.",
	         c->s.mode == MODE_MODEL  ? c->s.model
	         : a                      ? a->name
	         : c->s.mode == MODE_NONE ? c->ctx->reg.base_ollama_name
	                                  : "the adapter your first message is routed to");
	chat_say(c, "/help lists commands; Ctrl-C stops an answer, Ctrl-D or /bye leaves.");
}

static void chat_loop(struct chat *c)
{
	struct strbuf msg;
	sb_init(&msg, INPUT_MAX);
	while (!c->quit) {
		enum input r = chat_read_message(c, &msg);
		if (r == INPUT_LEAVE)
			break;
		if (r == INPUT_SKIP)
			continue;
		const char *text = msg.buf + strspn(msg.buf, " \t");
		if (!*text)
			continue;
		if (r == INPUT_TEXT && text[0] == '/' && text[1] == '/')
			turn(c, text + 1); /* "//etc/hosts?" sends "/etc/hosts?" */
		else if (r == INPUT_TEXT && text[0] == '/')
			chat_slash(c, text);
		else
			turn(c, msg.buf);
	}
	sb_free(&msg);
}

static void chat_free(struct chat *c)
{
	lineedit_close(c->le);
	session_free(&c->s);
	router_free(c->router);
	backend_free(c->b);
	model_list_free(c->models, c->n_models);
	free_string_list(c->warned_missing, c->n_warned);
	free(c->routed_text);
	free(c->dir);
}

static int start_chat(struct chat *c, const struct cmd_args *args)
{
	int rc = settings(c, args);
	if (!rc && arg_flag(args, "resume"))
		rc = chat_resume(c, arg_value(args, "resume"));
	if (!rc)
		rc = chat_choose_from_args(c, args);
	struct loco_ctx *ctx = c->ctx;
	if (!rc)
		rc = cmd_open_router(ctx, args, &c->router);
	if (!rc)
		rc = open_backend(ctx, &c->b);
	if (!rc)
		rc = list_models(c);
	if (!rc && c->s.mode == MODE_MODEL && chat_model_missing(c, c->s.model))
		rc = LOCO_NOT_FOUND;
	return rc;
}

static int run_chat(struct loco_ctx *ctx, const struct cmd_args *args)
{
	struct chat c;
	memset(&c, 0, sizeof c);
	c.ctx = ctx;
	c.dir = path_join(ctx->cfg.home, "sessions");
	if (ctx->json && !arg_flag(args, "list")) {
		loco_error("--json goes with --list; a chat itself is text");
		loco_hint("script a chat through stdin, or use 'loco query --json'");
		free(c.dir);
		return LOCO_USAGE;
	}
	char *first = NULL;
	int rc = chat_first_message(args, &first);
	if (!rc && arg_flag(args, "list")) {
		rc = chat_list_sessions(ctx, c.dir);
		free(c.dir);
		return rc;
	}
	session_init(&c.s, c.dir);
	if (!rc)
		rc = start_chat(&c, args);
	if (!rc) {
		chat_check_adapter(&c);
		open_terminal(&c);
		greet(&c);
		if (arg_flag(args, "resume"))
			chat_show_resumed(&c);
		/* For the whole chat: answers and the prompt catch Ctrl-C
		 * themselves and give this back. Held, a Ctrl-C while a piped
		 * chat waits for input ends the read, and the chat (exit 130). */
		struct sigaction old;
		interrupt_hold(&old);
		if (first)
			turn(&c, first); /* then the terminal, or stdin's messages */
		chat_loop(&c);
		chat_save(&c);
		interrupt_release(&old);
		rc = c.interrupted ? LOCO_INTERRUPTED : c.failed ? LOCO_FAIL : LOCO_OK;
	}
	free(first);
	chat_free(&c);
	return rc;
}

static const struct optspec chat_opts[] = {
    {"router-kind", 0, "KIND", "keyword, classifier or embedding (default: router.kind)"},
    {"adapter", 'a', "NAME",
     "talk to NAME; 'auto' routes the first message (default), "
     "'none' uses the base model"},
    {"model", 'm', "NAME", "talk to this Ollama model directly: no adapter, no routing"},
    {"resume", 'r', "[ID]",
     "continue the last conversation, or the one named ID (with a message: --resume=ID)"},
    {"list", 'l', NULL, "list saved conversations (with --json: as JSON) and exit"},
    {"votes", 'n', "N",
     "sample N answers per turn and keep the winner (1 = off; auto: 3, more while they disagree)"},
    {"vote-method", 0, "M", "majority (default) or best_of_n"},
    {"no-early-stop", 0, NULL, "with --votes, let every sample finish"},
    {"no-reread", 0, NULL, "send the newest question once (RE2 is on by default)"},
    {"think", 0, NULL, "let a thinking model think (default off)"},
    {"no-think", 0, NULL, "send think:false even if inference.think is on"},
    {"show-thinking", 0, NULL, "print the model's thinking, dimmed, on stderr"},
    {"system", 0, "TEXT", "system message instead of the adapter's"},
    {"temperature", 't', "T", "sampling temperature (default: the model's)"},
    {"seed", 0, "S", "sampling seed, for reproducible answers"},
    {"no-nudge", 0, NULL, "no suggestions after answers (also /nudge, chat.nudge)"},
    {"raw", 0, NULL, "write answers' bytes as they are, even to a terminal"},
    {"no-log", 0, NULL, "do not record the turns in LOCO_HOME/logs.db"},
    {"tools", 0, NULL, "offer the python tool: the model's code runs in the sandbox"},
    {"no-tools", 0, NULL, "offer no tools, even when the adapter declares them"},
    {"allow-unsandboxed", 0, NULL, "run tool code even with no seccomp filter"},
};

const struct command cmd_chat = {
    .name = "chat",
    .run = run_chat,
    .needs = CMD_NEEDS_REGISTRY,
    .summary = "talk with the routed specialist, turn after turn",
    .usage = "[options] [MESSAGE...]",
    .description =
        "A conversation: the first message is routed to an adapter, which answers until\n"
        "/clear (--model NAME asks one Ollama model directly, with no adapter). The\n"
        "words of MESSAGE, when given, are the first message: it is answered, then\n"
        "the chat goes on. Each turn sends the history (RE2 re-reads the newest\n"
        "question only) with num_ctx = chat.context_limit; at 90% of that limit the\n"
        "oldest messages stop being sent (the last 4 always stay) and you are told; a\n"
        "turn that still does not fit gets a larger num_ctx (to inference.max_num_ctx)\n"
        "or is refused. Answers stream; a stats line follows on stderr. A busy server\n"
        "(HTTP 503 or 429 before any text) is asked again up to 5 times with backoff,\n"
        "each retry said on stderr. Conversations are saved after every turn in\n"
        "LOCO_HOME/sessions/; --resume brings one back (with MESSAGE, name it as\n"
        "--resume=ID: the words after --resume are the message). Each turn is also\n"
        "recorded in LOCO_HOME/logs.db ('loco logs'; --no-log or logs.enabled: false\n"
        "skips).\n\n"
        "On a terminal: line editing and history (LOCO_HOME/history, chat.history),\n"
        "a message across lines between lines of \"\"\", Ctrl-C stops an answer (the\n"
        "partial answer is kept), Ctrl-C on an empty line or Ctrl-D leaves, Ctrl-L\n"
        "clears the screen. With stdin not a terminal, lines are read as messages and\n"
        "commands, with no prompt (none: the chat ends after MESSAGE), and the exit\n"
        "status is 1 if any turn or command failed or the conversation could not be\n"
        "saved.\n\n"
        "On a terminal, control characters in answers, thinking, tallies and saved\n"
        "conversations are shown, not obeyed (as 'loco help query' says); --raw\n"
        "writes answers as sent. Sessions and the history are private (0600, in\n"
        "folders made 0700).\n\n"
        "Commands (case-insensitive): /help, /bye /quit /exit, /clear, /adapter\n"
        "[NAME|auto|none], /model NAME, /stats, /show, /set parameter NAME VALUE\n"
        "(temperature, top_p, top_k, seed, num_ctx, num_predict; VALUE 'default'\n"
        "undoes it), /set system TEXT, /nudge [on|off], /votes N, /reread on|off,\n"
        "/think on|off|show|hide, /system [TEXT|default], /save NAME, /load NAME,\n"
        "/route. A message that starts with '/' is sent by doubling the slash\n"
        "('//etc/hosts'), or inside a \"\"\" block.",
    .opts = chat_opts,
    .nopts = LOCO_ARRAY_LEN(chat_opts),
    .min_pos = 0,
    .max_pos = -1,
};
