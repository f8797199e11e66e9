/* prompt.c: system context and RE2, word for word as SPEC section 4 fixes
 * them, since eval results are only comparable if every run sends the same. */
#include "prompt.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "registry.h"
#include "json.h"
#include "util.h"

char *prompt_system(const struct adapter *a, const char *override)
{
	if (override)
		return xstrdup(override);
	if (!a)
		return NULL;
	if (a->system_prompt)
		return xstrdup(a->system_prompt);
	return xasprintf("You are a helpful AI assistant specialized in %s.\n"
	                 "Focus on providing accurate, detailed responses within your area of "
	                 "expertise.\n"
	                 "If a question falls outside your specialty, provide your best general "
	                 "answer\n"
	                 "and note that it's outside your primary domain.",
	                 a->description ? a->description : a->name);
}

char *prompt_user(const char *question, bool reread)
{
	if (!reread)
		return xstrdup(question);
	return xasprintf("%s\n\nRead the question again: %s", question, question);
}

cJSON *prompt_messages(const char *system, const char *user)
{
	cJSON *msgs = cJSON_CreateArray();
	if (system) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", "system");
		cJSON_AddStringToObject(m, "content", system);
		cJSON_AddItemToArray(msgs, m);
	}
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "role", "user");
	cJSON_AddStringToObject(m, "content", user);
	cJSON_AddItemToArray(msgs, m);
	return msgs;
}

long prompt_estimate_tokens(const char *text)
{
	return (long)(strlen(text) + 3) / 4 + 4;
}

long prompt_estimate_messages(const cJSON *messages)
{
	long total = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, messages)
	{
		total += prompt_estimate_tokens(json_string_or(m, "content", ""));
	}
	return total;
}
