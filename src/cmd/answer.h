/* answer.h: what `query` and `chat` share, so the two cannot drift apart:
 * one option decoder, one votes path, printing an answer as it streams
 * (thinking dimmed on stderr), and naming a failed request with its cause
 * and fix. (The installed-model lookup is model_find() in models.h.) */
#ifndef LOCO_ANSWER_H
#define LOCO_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "backend.h"
#include "termsafe.h"
#include "toolloop.h"
#include "votes.h"

struct loco_ctx;
struct adapter;
struct cmd_args;

/* The state of an answer being printed to stdout. On a terminal the answer
 * and the thinking go through termsafe (control characters made visible)
 * unless raw is set; on a pipe or in a file they are the model's bytes. */
struct answer_printer {
	const struct loco_ctx *ctx;
	bool stream;        /* print the answer as it arrives */
	bool show_thinking; /* thinking, dimmed, on stderr */
	bool raw;           /* --raw: the model's bytes even on a terminal */
	bool answer_started, thinking_open;
	char last;          /* last byte written to stdout */
	bool write_failed;  /* stdout is gone: the answer is stopped */
	bool waiting_shown; /* "loading MODEL..." is on stderr's last line */
	/* called between pieces of the answer and while waiting for it (chat:
	 * the keys typed meanwhile, lineedit_answer_keys()); NULL: none */
	void (*keys)(void *keys_ctx);
	void *keys_ctx;
	struct termsafe safe_answer, safe_thinking;
	struct strbuf scratch;
};

/* A printer for one answer; answer_finish() releases what it holds. */
void answer_printer_init(struct answer_printer *pr, const struct loco_ctx *ctx, bool stream,
                         bool show_thinking, bool raw);

/* A sink that feeds the printer. */
struct chat_sink answer_sink(struct answer_printer *pr);
/* Prints a finished result as if it had streamed (cached or voted answers). */
void answer_replay(struct answer_printer *pr, const struct chat_result *r);
/* Closes the thinking colour and ends the answer's last line. */
void answer_finish(struct answer_printer *pr);

/* Prints text as more of the answer, as if it had streamed. */
void answer_text(struct answer_printer *pr, const char *text, size_t n);

/* One chat, run to its end, with a busy server (503, 429 before any text)
 * asked again after eval's backoff (BACKEND_BUSY_ATTEMPTS, backend_busy_delay()),
 * each retry said on stderr. While nothing has been shown for a second (the
 * server loading the model, or a model thinking with the thinking hidden),
 * a terminal's stderr shows "loading MODEL... 3s" with a spinner, erased when
 * the answer starts; never on a pipe, with -q or without a printer (pr NULL).
 * The call is the caller's. */
struct chat_call *answer_chat(struct backend *b, const char *model, const struct cJSON *messages,
                              const struct chat_options *o, const struct chat_sink *sink,
                              struct answer_printer *pr);

/* No silent truncation. A prompt of about `need` tokens that does not fit
 * o->num_ctx (the value of `setting`) gets a larger num_ctx for this request,
 * a power of two with room for the answer, up to the model's context length
 * (/api/show) and inference.max_num_ctx, with a note that the runner reloads;
 * one that cannot fit is refused with the sizes (LOCO_FAIL). Prompts that fit
 * keep the configured value, so the runner is not reloaded. */
int answer_fit_context(const struct loco_ctx *ctx, struct backend *b, const char *model, long need,
                       const char *setting, struct chat_options *o);
/* After an answer: a note when done_reason is "length" (naming the limit
 * that cut it) and a warning when prompt_eval_count shows that the server
 * cut the prompt (far fewer tokens than the estimate, near num_ctx). */
void answer_check_cut(const struct loco_ctx *ctx, const struct chat_result *r, long need,
                      const struct chat_options *o, const char *predict_setting);

/* Before a missing model or a strange reply is blamed on Ollama: when the
 * server at the address is not Ollama, says so (what GET / answered) and
 * returns LOCO_UNREACHABLE (exit 3); 0 when it is Ollama, an OpenAI backend,
 * or it cannot tell. */
int answer_not_ollama(struct backend *b);

/* The base model against an OpenAI-compatible server's /v1/models (ids and
 * aliases, exactly): listed, or a list that says nothing, is 0; a server that
 * lists one other model (llama-server with one model answers every request
 * with it, whatever the name) gets a warning and 0; a server that lists
 * several others is an error naming them and base_model.served_name, and
 * LOCO_NOT_FOUND. Ollama backends: 0 (their callers check with their words). */
/* Says once per process (stderr, not with -q) that requests (what: "samples",
 * "requests") came back one at a time, and how to let the server run them at
 * once: OLLAMA_NUM_PARALLEL=n, or llama-server's -np n (n: the requests at once). */
void answer_serial_hint(const struct loco_ctx *ctx, const struct backend *b, int n,
                        const char *what);

int answer_check_served(const struct backend *b, const struct model_info *list, size_t n,
                        const char *model);

/* Says why a request failed, naming the fix; returns the exit code.
 * is_adapter: the model is an adapter's (so 'loco setup' creates it);
 * partial: some of the answer was printed. */
int answer_report(const struct loco_ctx *ctx, struct backend *b, const struct net_error *e,
                  const char *model, bool is_adapter, bool partial);

/* Generation speed: the server's own eval time when it gave one. */
double answer_tokens_per_s(const struct chat_result *r);

/* --votes and --vote-method over inference.votes and inference.vote_method;
 * 0, or LOCO_USAGE after saying what is wrong. */
int answer_vote_settings(const struct loco_ctx *ctx, const struct cmd_args *a, int *n,
                         enum vote_method *method, bool *early_stop, int *max_n);

/* The options of one answer, decoded the same way for `query` and `chat`:
 * --think/--no-think (both at once is a usage error) over inference.think,
 * --temperature over inference.temperature, --seed, and where the command
 * has them --num-ctx over inference.num_ctx and --max-tokens. 0, or
 * LOCO_USAGE after saying what is wrong. */
int answer_options(const struct loco_ctx *ctx, const struct cmd_args *a, struct chat_options *o);

/* One vote, for `query` and `chat` alike: o->n samples of model at
 * inference.vote_temperature, unless the user gave --temperature
 * (temperature_given; inference.temperature is for single answers), seeds
 * S..S+N-1 from o->chat's seed, "[votes i/N]" on a terminal, Ctrl-C caught;
 * each failed sample and a cache that could not keep samples are warned
 * about. Returns vote_collect()'s result; r is the caller's (vote_run_free()). */
int answer_votes(const struct loco_ctx *ctx, struct backend *b, const char *model,
                 const struct cJSON *messages, bool temperature_given, struct vote_opts *o,
                 struct vote_run *r);

/* With -v, after a vote: every sample's whole response on stderr, made safe
 * on a terminal (the tally itself stays one short line). */
void answer_vote_samples(const struct loco_ctx *ctx, const struct vote_run *r);

/* After a majority vote's answer: a note when fewer than
 * inference.min_agreement of the samples that answered agree (issue 20). */
void answer_vote_uncertain(const struct loco_ctx *ctx, const struct vote_run *r);

/* "[votes 3/5]" on stderr, for vote_opts.progress (ctx: the loco_ctx). */
void answer_vote_progress(void *ctx, int done, int n);

/* --tools and --no-tools over the adapter's tools: list (issue 19): whether
 * this answer is offered the python tool. Both flags is a usage error (-1). */
int answer_use_tools(const struct cmd_args *a, const struct adapter *adapter, bool *use);
/* Tools and --votes: with --tools a usage error (said, LOCO_USAGE); tools that
 * only the adapter declares are left off, and that is said. */
int answer_tools_votes(const struct cmd_args *a, bool *use);
/* Tools need the sandbox (or --allow-unsandboxed), tried once before any
 * request: with --tools its failure is an error (said, -1); tools that only
 * the adapter declares are turned off with a warning. */
int answer_tools_ready(bool asked, bool allow_unsandboxed, bool *use);

/* An answer that may call tools, for query and chat (answer_tools.c): the
 * tool loop (toolloop.h) over answer_chat(), so busy servers are retried and
 * the waiting line shows. On a terminal each run is shown on stderr, dimmed
 * (not with -q or --json); with tools.confirm each run is asked for on the
 * terminal, and refused when there is none. The reply is not streamed: a
 * reply may hold a call written as text, which must not reach the screen;
 * the caller prints the final result. messages grows by the tool turns; l
 * keeps the runs (tool_loop_free()). */
struct chat_call *answer_tools(const struct loco_ctx *ctx, struct backend *b, const char *model,
                               struct cJSON *messages, const struct chat_options *o,
                               bool allow_unsandboxed, struct answer_printer *pr,
                               struct tool_loop *l);

#endif
