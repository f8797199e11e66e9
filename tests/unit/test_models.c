/* test_models.c: the /api/create body of each adapter type, word for word,
 * where an adapter's file is looked for, and the record file (missing,
 * malformed, another format, saved atomically only when changed). */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "models.h"
#include "registry.h"
#include "util.h"

#define SHA "9725be890998e38e1bf4292b02add1a1224f36e8b7062655864670ba0db610ad"

static const char registry_text[] =
    "base_model: {ollama_name: 'qwen3:4b'}\n"
    "adapters:\n"
    "  tutor: {version: 1.0.0, type: system-prompt, system_prompt: 'Be patient.'}\n"
    "  plain: {version: 1.0.0, type: system-prompt, description: 'algebra'}\n"
    "  merged: {version: 2.0.0, type: merged-gguf, gguf_path: merged/gguf/model.gguf}\n"
    "  lora: {version: 0.3.0, type: lora, adapter_path: /abs/lora.gguf, system_prompt: 'Hi.'}\n";

struct body_case {
	const char *adapter;
	const char *sha;
	const char *json;
};

static const struct body_case bodies[] = {
    {"tutor", NULL,
     "{\"model\":\"locollm-tutor\",\"from\":\"qwen3:4b\",\"system\":\"Be patient.\","
     "\"stream\":true}"},
    /* without system_prompt: the same specialist template a query sends */
    {"plain", NULL,
     "{\"model\":\"locollm-plain\",\"from\":\"qwen3:4b\",\"system\":\"You are a helpful AI "
     "assistant specialized in algebra.\\nFocus on providing accurate, detailed responses "
     "within your area of expertise.\\nIf a question falls outside your specialty, provide "
     "your best general answer\\nand note that it's outside your primary domain.\","
     "\"stream\":true}"},
    {"merged", SHA,
     "{\"model\":\"locollm-merged\",\"files\":{\"model.gguf\":\"sha256:" SHA "\"},"
     "\"stream\":true}"},
    {"lora", SHA,
     "{\"model\":\"locollm-lora\",\"from\":\"qwen3:4b\",\"adapters\":{\"lora.gguf\":\"sha256:" SHA
     "\"},\"system\":\"Hi.\",\"stream\":true}"},
};

static void test_bodies(const struct registry *reg)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bodies); i++) {
		const struct adapter *a = registry_find(reg, bodies[i].adapter);
		cJSON *req = model_create_request(reg, a, bodies[i].sha);
		char *text = cJSON_PrintUnformatted(req);
		CHECK_STR(text, bodies[i].json, bodies[i].adapter);
		free(text);
		cJSON_Delete(req);
	}
}

static void test_file_paths(const struct registry *reg)
{
	char *p = adapter_file_path(reg, registry_find(reg, "merged"));
	CHECK_STR(p, "/reg/dir/merged/gguf/model.gguf", "relative to the registry folder");
	free(p);
	p = adapter_file_path(reg, registry_find(reg, "lora"));
	CHECK_STR(p, "/abs/lora.gguf", "absolute stays");
	free(p);
	CHECK(adapter_file_path(reg, registry_find(reg, "tutor")) == NULL,
	      "system-prompt has none");
}

static void test_find(void)
{
	struct model_info list[] = {{.name = "qwen3:4b", .digest = "a"},
	                            {.name = "locollm-math:latest", .digest = "b"}};
	CHECK(model_find(list, 2, "locollm-math") == &list[1], "missing tag means latest");
	CHECK(model_find(list, 2, "Qwen3:4B") == &list[0], "names compare case-insensitively");
	CHECK(model_find(list, 2, "qwen3") == NULL, "qwen3 is qwen3:latest, not qwen3:4b");

	/* an OpenAI-style list (llama-server --alias qwen3:4b,locollm-math; its
	 * router lists a preset [qwen3:4b] as qwen3:4B and takes only that) */
	char *aliases[] = {"locollm-math", "qwen3:4b"};
	struct model_info served[] = {{.name = "qwen3:4B", .digest = "", .exact = true},
	                              {.name = "locollm-math",
	                               .digest = "",
	                               .aliases = aliases,
	                               .n_aliases = 2,
	                               .exact = true}};
	CHECK(model_find(served, 1, "qwen3:4b") == NULL, "an OpenAI id is matched with its case");
	CHECK(model_find(served, 1, "qwen3:4B") == &served[0], "the id as written matches");
	CHECK(model_find(served, 2, "qwen3:4b") == &served[1], "an alias matches");
	CHECK(model_find(served + 1, 1, "locollm-math:latest") == NULL,
	      "no :latest is added on an OpenAI list");
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;
	if (read_file(path, 1 << 20, &text, &len, NULL) < 0)
		return NULL;
	return text;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_records(void)
{
	char *dir = check_tmpdir("models");
	if (!dir) {
		CHECK(0, "mkdtemp failed");
		return;
	}
	char *path = path_join(dir, "sub/models.json"), *err = NULL;
	struct model_records r;
	CHECK(model_records_load(&r, path, &err) == 0, "a missing file is an empty record: %s",
	      err);
	CHECK(model_records_save(&r, &err) == 0 && !file_exists(path),
	      "nothing changed, nothing written");
	model_records_set_digest(&r, "http://h:1", "locollm-x", "abc");
	CHECK(!r.dirty, "a digest for a model never recorded is not recorded");
	model_records_free(&r);

	char *sub = path_join(dir, "sub");
	mkdir_parents(path, true, NULL);
	write_text(path, "{\"format\": 1, \"servers\": {\"http://h:1\": {\"locollm-x\": "
	                 "{\"adapter\": \"x\", \"version\": \"1.0.0\", \"model_digest\": \"\"}}}}");
	CHECK(model_records_load(&r, path, &err) == 0, "loads: %s", err);
	model_records_set_digest(&r, "http://h:1", "locollm-x", "abc");
	CHECK(r.dirty, "a new digest changes the record");
	CHECK(model_records_save(&r, &err) == 0, "saves: %s", err);
	char *text = slurp(path);
	CHECK(text && strstr(text, "\"model_digest\":\t\"abc\""), "saved: %s",
	      text ? text : "(none)");
	free(text);
	model_records_forget(&r, "http://h:1", "locollm-x");
	CHECK(r.dirty, "forgetting changes the record");
	model_records_save(&r, NULL);
	text = slurp(path);
	CHECK(text && !strstr(text, "locollm-x"), "forgotten: %s", text ? text : "(none)");
	free(text);
	model_records_free(&r);

	write_text(path, "[1, 2]");
	CHECK(model_records_load(&r, path, &err) < 0 && err &&
	          strstr(err, "is not a record of loco's models"),
	      "malformed: %s", err ? err : "(no message)");
	free(err);
	err = NULL;
	CHECK(r.root != NULL, "malformed records still work (empty)");
	model_records_free(&r);
	write_text(path, "{\"format\": 2, \"servers\": {}}");
	CHECK(model_records_load(&r, path, &err) < 0 && err &&
	          strstr(err, "record format 2; this loco reads format 1"),
	      "another format: %s", err ? err : "(no message)");
	free(err);
	model_records_free(&r);

	unlink(path);
	rmdir(sub);
	rmdir(dir);
	free(dir);
	free(sub);
	free(path);
}

int main(void)
{
	struct registry reg;
	char *err = NULL;
	if (registry_parse(&reg, "r.yaml", registry_text, strlen(registry_text), &err) < 0) {
		fprintf(stderr, "test registry does not load: %s\n", err);
		return 1;
	}
	free(reg.dir);
	reg.dir = xstrdup("/reg/dir");
	test_bodies(&reg);
	test_file_paths(&reg);
	registry_free(&reg);
	test_find();
	test_records();
	return check_done("test_models");
}
