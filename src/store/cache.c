/* cache.c: one JSON file per answer under <dir>/<2 hex>/<64 hex>.json,
 * private (0600 in 0700 folders). */
#include "cache.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netlib.h"
#include "json.h"
#include "util.h"

int cache_key(const char *model, const char *digest, const cJSON *messages,
              const struct chat_options *o, int sample, char key[65], char **err)
{
	cJSON *k = cJSON_CreateObject();
	cJSON_AddStringToObject(k, "v", "loco-cache-1");
	cJSON_AddStringToObject(k, "model", model);
	cJSON_AddStringToObject(k, "digest", digest ? digest : "");
	cJSON_AddItemToObject(k, "messages", cJSON_Duplicate(messages, true));
	cJSON_AddNumberToObject(k, "think", o->think);
	cJSON_AddItemToObject(k, "temperature",
	                      o->has_temperature ? cJSON_CreateNumber(o->temperature)
	                                         : cJSON_CreateNull());
	cJSON_AddItemToObject(k, "top_p",
	                      o->has_top_p ? cJSON_CreateNumber(o->top_p) : cJSON_CreateNull());
	cJSON_AddItemToObject(
	    k, "seed", o->has_seed ? cJSON_CreateNumber((double)o->seed) : cJSON_CreateNull());
	cJSON_AddNumberToObject(k, "num_ctx", (double)o->num_ctx);
	cJSON_AddNumberToObject(k, "num_predict", (double)o->num_predict);
	if (o->top_k) /* only when sent, so the keys of earlier answers stay */
		cJSON_AddNumberToObject(k, "top_k", (double)o->top_k);
	cJSON_AddNumberToObject(k, "sample", sample);
	if (o->tools) /* only when offered, so keys made before tools existed still hold */
		cJSON_AddItemToObject(k, "tools", cJSON_Duplicate(o->tools, true));
	char *text = cJSON_PrintUnformatted(k);
	cJSON_Delete(k);
	int rc = sha256_buffer(text, strlen(text), key, err);
	free(text);
	return rc;
}

static char *entry_path(const char *dir, const char *key)
{
	return xasprintf("%s/%.2s/%s.json", dir, key, key);
}

static long get_long(const cJSON *o, const char *k)
{
	return (long)json_count(o, k, COUNT_MAX);
}

struct chat_call *cache_get(const char *dir, const char *key)
{
	char *path = entry_path(dir, key), *text = NULL;
	size_t len = 0;
	struct chat_call *c = NULL;
	/* a damaged entry, too deep ones included, is a miss */
	if (read_file(path, 64u << 20, &text, &len, NULL) == 0 &&
	    json_too_deep(text, len, JSON_MAX_DEPTH) < 0) {
		cJSON *j = cJSON_ParseWithLength(text, len);
		const char *answer = json_string_or(j, "answer", NULL);
		if (answer)
			c = chat_call_replay(answer, json_string_or(j, "thinking", ""),
			                     get_long(j, "prompt_tokens"), get_long(j, "tokens"),
			                     json_string_or(j, "done_reason", NULL));
		cJSON *calls = cJSON_DetachItemFromObjectCaseSensitive(j, "tool_calls");
		if (c && cJSON_IsArray(calls))
			chat_call_replay_tool_calls(c, calls);
		else
			cJSON_Delete(calls);
		cJSON_Delete(j);
	}
	free(text);
	free(path);
	return c;
}

int cache_put(const char *dir, const char *key, const struct chat_result *r, char **err)
{
	if (r->error.status != NET_OK || !r->done)
		return 0; /* only finished answers are worth keeping */
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "answer", r->answer.buf);
	cJSON_AddStringToObject(j, "thinking", r->thinking.buf);
	cJSON_AddNumberToObject(j, "prompt_tokens", (double)r->prompt_tokens);
	cJSON_AddNumberToObject(j, "tokens", (double)r->tokens);
	cJSON_AddItemToObject(j, "done_reason",
	                      r->done_reason ? cJSON_CreateString(r->done_reason)
	                                     : cJSON_CreateNull());
	if (r->tool_calls) /* an answer that called tools replays its calls */
		cJSON_AddItemToObject(j, "tool_calls", cJSON_Duplicate(r->tool_calls, 1));
	char *text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	char *path = entry_path(dir, key);
	/* answers are the user's own: 0600 files in 0700 folders */
	int rc = mkdir_private(path, true, err);
	if (rc == 0)
		rc = write_file_private(path, text, strlen(text), err);
	if (rc < 0) {
		char *folder = path_dirname(path);
		rmdir(folder); /* only when empty: a full disk leaves no empty folders */
		free(folder);
	}
	free(path);
	free(text);
	return rc;
}
