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

/* [{"role":"system",...}?, {"role":"user",...}] */
struct cJSON *prompt_messages(const char *system, const char *user);

#endif
