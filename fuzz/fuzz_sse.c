/* fuzz_sse.c: libFuzzer target for a whole chat response body as the
 * backend reads it: an OpenAI-compatible /chat/completions SSE stream
 * (choices[0].delta, reasoning, finish_reason, usage, error events), or,
 * with the first byte's top bit set, an Ollama /api/chat NDJSON stream. The
 * rest of the first byte picks the read size. Invariants: reads cut anywhere
 * give the same answer, thinking, counts, logprobs and outcome as one read; the answer
 * and thinking hold no NUL (a \u0000 in a chunk must not cut what follows). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void check_result(const struct chat_result *r)
{
	if (strlen(r->answer.buf) != r->answer.len || strlen(r->thinking.buf) != r->thinking.len)
		abort();
	if (r->error.status != NET_OK && !r->error.message)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum backend_kind kind = data[0] & 0x80 ? BACKEND_OLLAMA : BACKEND_OPENAI;
	size_t read_size = (data[0] & 0x7f) + 1;
	const char *body = (const char *)data + 1;
	size_t n = size - 1;
	struct chat_call *whole = chat_call_from_bytes(kind, body, n, n ? n : 1, NULL);
	struct chat_call *cut = chat_call_from_bytes(kind, body, n, read_size, NULL);
	const struct chat_result *a = chat_call_result(whole), *b = chat_call_result(cut);
	check_result(a);
	check_result(b);
	if (a->error.status != b->error.status || a->done != b->done || a->tokens != b->tokens ||
	    a->prompt_tokens != b->prompt_tokens || !same_text(a->done_reason, b->done_reason) ||
	    strcmp(a->thinking.buf, b->thinking.buf) || strcmp(a->answer.buf, b->answer.buf))
		abort();
	/* token logprobs (issue 20): the same ones whatever the reads, and only
	 * finite values of at most 0 are summed */
	if (a->logprob_n != b->logprob_n || a->logprob_sum != b->logprob_sum ||
	    !(a->logprob_sum <= 0) || a->logprob_n < 0)
		abort();
	chat_call_free(whole);
	chat_call_free(cut);
	return 0;
}
