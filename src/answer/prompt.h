/* prompt.h: what the model is sent (SPEC section 4): the system context of
 * an adapter, and RE2 re-reading of the question. Returned strings and cJSON
 * values belong to the caller. */
#ifndef LOCO_PROMPT_H
#define LOCO_PROMPT_H

#include <stdbool.h>

struct adapter;
struct cJSON;

/* The adapter's system_prompt, else the specialist template built from its
 * description. override (--system) wins; the base model (a == NULL) has no
 * system message unless override is given: then NULL is returned. */
char *prompt_system(const struct adapter *a, const char *override);

/* RE2 (Xu et al., EMNLP 2024): the question, a blank line, and
 * "Read the question again: " with the question once more. */
char *prompt_user(const char *question, bool reread);

/* Tokens a message of this text takes, estimated as about four bytes a
 * token plus four for the message's framing (query, chat's compaction and
 * the context checks share it). */
long prompt_estimate_tokens(const char *text);
/* The same over a request's messages ([{"role","content"}]). */
long prompt_estimate_messages(const struct cJSON *messages);

/* [{"role":"system",...}?, {"role":"user",...}] */
struct cJSON *prompt_messages(const char *system, const char *user);

#endif
