/* test_registry.c: what loads and what does not, with the exact located
 * message for every kind of mistake. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "registry.h"
#include "util.h"

#define BASE "base_model: {ollama_name: 'qwen3:4b'}\n"
#define HEAD BASE "adapters:\n  math:\n    version: 0.1.0\n    type: system-prompt\n"

struct bad_case {
	const char *yaml;
	const char *error;
};

static const struct bad_case bad[] = {
    {"", "r.yaml: the registry is empty (it needs base_model and adapters)"},
    {"# only a comment\n", "r.yaml: the registry is empty (it needs base_model and adapters)"},
    {"- a\n- b\n", "r.yaml:1:1: expected a mapping with base_model and adapters, found a list"},
    {"adapters: {}\n", "r.yaml:1:1: base_model: missing (it needs at least ollama_name)"},
    {"base_model: {name: x}\n", "r.yaml:1:13: base_model.ollama_name: missing"},
    {"base_model: qwen\n", "r.yaml:1:13: base_model: expected a mapping, found a single value"},
    {BASE "adapters: [a, b]\n",
     "r.yaml:2:11: adapters: expected a mapping of adapter names, found a list"},
    {HEAD "    type: lorra\n",
     "r.yaml:6:5: adapter 'math': fields: duplicate key 'type' (first at line 5)"},
    {BASE "adapters:\n  code:\n    version: 1.0.0\n    type: lorra\n",
     "r.yaml:5:11: adapter 'code': type 'lorra' is not one of system-prompt, merged-gguf, lora"},
    {BASE "adapters:\n  code:\n    version: 1.0\n    type: lora\n",
     "r.yaml:4:14: adapter 'code': version '1.0' is not a semantic version such as 1.2.0"},
    {BASE "adapters:\n  code:\n    type: system-prompt\n",
     "r.yaml:4:5: adapter 'code': version: missing"},
    {BASE "adapters:\n  code:\n    version: 1.0.0\n",
     "r.yaml:4:5: adapter 'code': type: missing (one of system-prompt, merged-gguf, lora)"},
    {BASE "adapters:\n  code:\n    version: 1.0.0\n    type: merged-gguf\n",
     "r.yaml:4:5: adapter 'code': gguf_path: missing (required for type merged-gguf)"},
    {BASE "adapters:\n  code:\n    version: 1.0.0\n    type: lora\n",
     "r.yaml:4:5: adapter 'code': adapter_path: missing (required for type lora)"},
    {HEAD "    url: https://example.org/m.gguf\n",
     "r.yaml:6:5: adapter 'math': sha256: missing (required with url)"},
    {HEAD "    sha256: abc\n",
     "r.yaml:6:13: adapter 'math': sha256 must be 64 lowercase hex digits"},
    {HEAD "    active: yes\n",
     "r.yaml:6:13: adapter 'math': active: expected true or false, found 'yes'"},
    {HEAD "    router_keywords: solve\n",
     "r.yaml:6:22: adapter 'math': router_keywords: expected a list, found a single value"},
    {HEAD "    router_keywords: [solve, '']\n",
     "r.yaml:6:30: adapter 'math': router_keywords: item 2: expected a non-empty string, found a "
     "blank string"},
    {HEAD "    router_keywords: [solve, [x]]\n",
     "r.yaml:6:30: adapter 'math': router_keywords: item 2: expected a non-empty string, found a "
     "list"},
    {HEAD "    router_patterns: ['(a']\n", "r.yaml:6:23: adapter 'math': router pattern '(a' does "
                                           "not compile: missing closing parenthesis at offset 2"},
    {HEAD "    tools: python\n",
     "r.yaml:6:12: adapter 'math': tools: expected a list such as [python], found a single "
     "value"},
    {HEAD "    tools: [python, shell]\n",
     "r.yaml:6:21: adapter 'math': tools: unknown tool 'shell' (the one tool is python)"},
    {HEAD "    tools: [python, python]\n",
     "r.yaml:6:21: adapter 'math': tools: 'python' is listed twice"},
    {BASE "adapters:\n  code:\n    version: 1.0.0-rc..1\n    type: lora\n",
     "r.yaml:4:14: adapter 'code': version '1.0.0-rc..1' is not a semantic version such as "
     "1.2.0"},
    {BASE "adapters:\n  code:\n    version: v1.0.0\n    type: lora\n",
     "r.yaml:4:14: adapter 'code': version 'v1.0.0' is not a semantic version such as 1.2.0"},
    {HEAD "    eval_type: numerc\n",
     "r.yaml:6:16: adapter 'math': eval_type 'numerc' is not one of numeric, exact_match, "
     "analysis, contains, code, code_execution, rouge, f1, llm_judge, custom"},
    {HEAD "    benchmark_scores: {gsm8k: high}\n",
     "r.yaml:6:31: adapter 'math': benchmark_scores.gsm8k: expected a number, found 'high'"},
    {HEAD "    training: {data_file: [a.jsonl]}\n",
     "r.yaml:6:27: adapter 'math': training.data_file: expected a string, found a list"},
    {HEAD "    training: {epochs: 2.5}\n",
     "r.yaml:6:24: adapter 'math': training.epochs: expected a whole number, found '2.5'"},
    {HEAD "    description: [a]\n",
     "r.yaml:6:18: adapter 'math': description: expected a string, found a list"},
    {BASE "adapters:\n  Math!:\n    version: 1.0.0\n",
     "r.yaml:3:3: adapter name 'Math!' must be lowercase letters, digits, '.', '_' or '-' (at most "
     "64, starting with a letter or digit)"},
    {BASE "adapters:\n  math: 3\n",
     "r.yaml:3:9: adapter 'math': expected a mapping of fields, found a single value"},
    {BASE "adapters:\n  a: {version: 1.0.0, type: lora, adapter_path: x}\n  a: {}\n",
     "r.yaml:4:3: adapters: duplicate key 'a' (first at line 3)"},
    {BASE "adapters:\n"
          "  a: {version: 1.0.0, type: system-prompt, domain: d, active: true}\n"
          "  b: {version: 1.0.0, type: system-prompt, domain: d, active: true}\n",
     "r.yaml:4:63: adapter 'b': domain 'd' already has an active adapter 'a'; set active: false on "
     "one of them (or use 'loco promote')"},
    {"base_model: {ollama_name: x}\nadapters:\n  a: [\n",
     "r.yaml:4:1: did not find expected node content while parsing a flow node"},
    {"base_model: {ollama_name: x}\n\tadapters: {}\n",
     "r.yaml:2:1: found character that cannot start any token while scanning for the next token"},
    {"base_model: {ollama_name: \"x\xff\"}\n", "r.yaml:1:29: invalid leading UTF-8 octet"},
    {"base_model: {ollama_name: x}\n---\nother: 1\n",
     "r.yaml:2:1: expected one YAML document, found more"},
};

static void test_bad(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bad); i++) {
		struct registry r;
		char *err = NULL;
		size_t len = strlen(bad[i].yaml);
		int rc = registry_parse(&r, "r.yaml", bad[i].yaml, len, &err);
		CHECK(rc < 0, "case %zu should fail", i);
		if (rc == 0)
			registry_free(&r);
		CHECK_STR(err, bad[i].error, bad[i].yaml);
		free(err);
	}
}

static void test_good(void)
{
	static const char yaml[] =
	    "# comment\n"
	    "base_model:\n"
	    "  name: \"Qwen/Qwen3-4B-Instruct\"\n"
	    "  ollama_name: \"qwen3:4b\"\n"
	    "  quantization: Q4_K_M\n"
	    "  future_field: kept\n"
	    "adapters:\n"
	    "  zed:\n"
	    "    version: 1.2.3-rc.1+b5\n"
	    "    type: merged-gguf\n"
	    "    gguf_path: zed/gguf/model.gguf\n"
	    "    brand_new_key: {a: 1}\n"
	    "  alpha:\n"
	    "    version: 0.2.0\n"
	    "    type: lora\n"
	    "    adapter_path: alpha/lora.gguf\n"
	    "    active: true\n"
	    "    url: https://example.org/a.gguf\n"
	    "    sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
	    "    tags: [x, y]\n"
	    "    router_keywords: [solve]\n"
	    "    router_patterns: ['\\d+']\n"
	    "    tools: [python]\n"
	    "    benchmark_scores: {gsm8k_mini: 0.72}\n"
	    "    training: {method: qlora, dataset: GSM8K, lora_r: 16, lora_alpha: 32, epochs: 3, "
	    "lr: 2e-4, data_file: train.jsonl}\n"
	    "    eval_dataset: eval.jsonl\n"
	    "    eval_type: numeric\n";
	struct registry r;
	char *err = NULL;
	int rc = registry_parse(&r, "g.yaml", yaml, strlen(yaml), &err);
	CHECK(rc == 0, "good registry: %s", err ? err : "");
	if (rc)
		return;
	CHECK(r.n_adapters == 2, "two adapters");
	CHECK_STR(r.adapters[0].name, "zed", "registry order kept");
	CHECK_STR(r.adapters[1].name, "alpha", "registry order kept");
	CHECK_STR(r.adapters[0].domain, "zed", "domain defaults to the name");
	CHECK(!r.adapters[0].active, "active defaults to false");
	CHECK(r.adapters[0].n_unknown_keys == 1 &&
	          !strcmp(r.adapters[0].unknown_keys[0], "brand_new_key"),
	      "unknown keys kept");
	CHECK(r.adapters[1].n_training == 3, "numeric training fields");
	CHECK(r.adapters[1].has_training && !r.adapters[0].has_training, "training: block seen");
	CHECK_STR(r.adapters[1].training_data_file, "train.jsonl", "training.data_file");
	CHECK_STR(r.adapters[1].training_dataset, "GSM8K", "training.dataset stays free text");
	CHECK(r.adapters[1].n_tools == 1 && !strcmp(r.adapters[1].tools[0], "python"),
	      "tools: [python] read");
	CHECK(r.adapters[1].n_router_patterns == 1 && r.adapters[1].router_patterns[0].line == 22,
	      "pattern line");
	CHECK_STR(r.base_ollama_name, "qwen3:4b", "base model");
	char *model = adapter_model_name(&r.adapters[1]);
	CHECK_STR(model, "locollm-alpha", "model name");
	free(model);
	registry_free(&r);
}

static void test_nul(void)
{
	static const char yaml[] = "base_model:\n  ollama_name: x\0\n";
	struct registry r;
	char *err = NULL;
	CHECK(registry_parse(&r, "r.yaml", yaml, sizeof yaml - 1, &err) < 0, "NUL refused");
	CHECK_STR(err, "r.yaml:2:17: NUL byte in file", "NUL location");
	free(err);
}

int main(void)
{
	test_bad();
	test_nul();
	test_good();
	return check_done("registry");
}
