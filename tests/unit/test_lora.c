/* test_lora.c: llama-server's GET /lora-adapters ([{"id", "path", "scale"}],
 * issue 22), matching a registry adapter_path's file name with it, and the
 * mismatch message (every line within 80 columns). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "lora.h"
#include "registry.h"
#include "util.h"

struct parse_case {
	const char *text;
	int n;             /* entries, or -1: an error */
	const char *error; /* its text when n is -1 */
};

static const struct parse_case cases[] = {
    {"[]", 0, NULL},
    {"[{\"id\": 0, \"path\": \"a.gguf\", \"scale\": 0.0}]", 1, NULL},
    {"[{\"id\": 0, \"path\": \"a.gguf\", \"scale\": 1.0},"
     " {\"id\": 1, \"path\": \"/m/b.gguf\", \"scale\": 0.5}]",
     2, NULL},
    /* scale is optional; fields the parser does not know are ignored
     * (newer servers add task_name, prompt_prefix) */
    {"[{\"id\": 7, \"path\": \"a.gguf\", \"task_name\": \"x\"}]", 1, NULL},
    {"", -1, "/lora-adapters answered with something that is not JSON"},
    {"{\"error\": \"no\"}", -1, "/lora-adapters answered with something that is not a list"},
    {"[1]", -1, "/lora-adapters: entry 1 is not an object"},
    {"[{\"path\": \"a.gguf\"}]", -1, "/lora-adapters: entry 1 has no whole \"id\" from 0"},
    {"[{\"id\": -1, \"path\": \"a\"}]", -1, "/lora-adapters: entry 1 has no whole \"id\" from 0"},
    {"[{\"id\": 1.5, \"path\": \"a\"}]", -1, "/lora-adapters: entry 1 has no whole \"id\" from 0"},
    {"[{\"id\": 1e300, \"path\": \"a\"}]", -1,
     "/lora-adapters: entry 1 has no whole \"id\" from 0"},
    {"[{\"id\": \"0\", \"path\": \"a\"}]", -1,
     "/lora-adapters: entry 1 has no whole \"id\" from 0"},
    {"[{\"id\": 0, \"path\": \"a\"}, {\"id\": 1}]", -1,
     "/lora-adapters: entry 2 has no \"path\" string"},
    {"[{\"id\": 0, \"path\": \"a\", \"scale\": \"1\"}]", -1,
     "/lora-adapters: entry 1 has a \"scale\" that is not a number"},
};

static void test_parse(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		struct lora_list l;
		char *err = NULL;
		int rc = lora_list_parse(cases[i].text, strlen(cases[i].text), &l, &err);
		if (cases[i].n < 0) {
			CHECK(rc < 0, "%s: should fail", cases[i].text);
			CHECK_STR(err, cases[i].error, cases[i].text);
		} else {
			CHECK(rc == 0, "%s: %s", cases[i].text, err ? err : "");
			CHECK(l.n == (size_t)cases[i].n, "%s: %zu entries", cases[i].text, l.n);
		}
		free(err);
		lora_list_free(&l);
	}
	struct lora_list l;
	char *err = NULL;
	const char *two = "[{\"id\": 3, \"path\": \"/m/a.gguf\", \"scale\": 0.25},"
	                  " {\"id\": 9, \"path\": \"C:\\\\m\\\\b.gguf\"}]";
	CHECK(lora_list_parse(two, strlen(two), &l, &err) == 0, "two: %s", err ? err : "");
	CHECK(l.n == 2 && l.items[0].id == 3 && l.items[0].scale == 0.25, "first entry");
	CHECK(l.n == 2 && l.items[1].id == 9 && l.items[1].scale == 0, "second entry");
	if (l.n == 2)
		CHECK_STR(l.items[1].path, "C:\\m\\b.gguf", "windows path kept");
	lora_list_free(&l);
}

struct name_case {
	const char *path, *file;
};

static const struct name_case names[] = {
    {"a.gguf", "a.gguf"},
    {"/srv/models/a.gguf", "a.gguf"},
    {"math/math-lora.gguf", "math-lora.gguf"},
    {"C:\\m\\b.gguf", "b.gguf"},
    {"/x\\y/c.gguf", "c.gguf"},
    {"dir/", ""},
};

static void test_find(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(names); i++)
		CHECK_STR(lora_file_name(names[i].path), names[i].file, names[i].path);
	const char *text = "[{\"id\": 0, \"path\": \"/srv/poet-lora.gguf\"},"
	                   " {\"id\": 4, \"path\": \"/srv/math-lora.gguf\"}]";
	struct lora_list l;
	char *err = NULL;
	CHECK(lora_list_parse(text, strlen(text), &l, &err) == 0, "parse: %s", err ? err : "");
	const struct lora_adapter *a = lora_find(&l, "math/math-lora.gguf");
	CHECK(a && a->id == 4, "math found by file name");
	CHECK(lora_find(&l, "/elsewhere/poet-lora.gguf") &&
	          lora_find(&l, "poet-lora.gguf")->id == 0,
	      "poet found from any folder");
	CHECK(!lora_find(&l, "math-lora.GGUF"), "names are compared exactly");
	CHECK(!lora_find(&l, "lora.gguf"), "a suffix is not a file name");
	CHECK(!lora_find(&l, "dir/"), "no file name matches nothing");
	lora_list_free(&l);
}

/* Each line of msg, after "loco: error: " on the first, fits 80 columns. */
static void check_width(const char *msg, const char *label)
{
	size_t col = strlen("loco: error: "), widest = 0;
	for (const char *p = msg; *p; p++) {
		col = *p == '\n' ? 0 : col + 1;
		widest = col > widest ? col : widest;
	}
	CHECK(widest <= 80, "%s: a line is %zu columns wide: %s", label, widest, msg);
}

static void test_mismatch(void)
{
	const char *text = "[{\"id\": 0, \"path\": \"/srv/poet-lora.gguf\"},"
	                   " {\"id\": 12, \"path\": \"/a/very/long/folder/name/that/goes/on/and/on/"
	                   "and/on/past/the/edge/of/the/screen/lora.gguf\"}]";
	struct lora_list l;
	char *err = NULL;
	CHECK(lora_list_parse(text, strlen(text), &l, &err) == 0, "parse: %s", err ? err : "");
	char *m = lora_mismatch("math", "math/math-lora.gguf", "http://127.0.0.1:8080/v1", &l);
	CHECK_STR(m,
	          "adapter 'math' needs LoRA file 'math-lora.gguf',\n"
	          "which the llama-server at http://127.0.0.1:8080/v1 has not loaded;\n"
	          "it has loaded 2 (id, file):\n"
	          "   0  /srv/poet-lora.gguf\n"
	          "  12  ...me/that/goes/on/and/on/and/on/past/the/edge/of/the/screen/lora.gguf\n"
	          "start it with --lora for that file ('loco setup --dry-run'\n"
	          "prints the command line)",
	          "mismatch");
	check_width(m, "mismatch");
	free(m);
	m = lora_mismatch("an-adapter-with-a-long-name", "x/a-file-name-that-is-long-too.gguf",
	                  "https://a-server-with-a-long-name.example.com:8443/v1", &l);
	check_width(m, "long names");
	free(m);
	lora_list_free(&l);
	struct lora_list none = {0};
	m = lora_mismatch("math", "math.gguf", "http://h:1/v1", &none);
	CHECK(m && strstr(m, "\nit has loaded no LoRA adapter\n"), "none loaded: %s", m);
	free(m);
}

/* loco setup's command lines, from a registry with every adapter type. */
static void test_command(void)
{
	struct adapter ads[] = {
	    {.name = "math", .type = ADAPTER_LORA, .adapter_path = "/reg/math/math-lora.gguf"},
	    {.name = "tutor", .type = ADAPTER_SYSTEM_PROMPT, .system_prompt = "You tutor."},
	    {.name = "big", .type = ADAPTER_MERGED_GGUF, .gguf_path = "/reg/big.gguf"},
	    {.name = "odd", .type = ADAPTER_LORA, .adapter_path = "/it's here/odd lora.gguf"},
	};
	struct registry reg = {.base_ollama_name = "qwen3:4b",
	                       .base_gguf_path = "/models/qwen3-4b.gguf",
	                       .adapters = ads,
	                       .n_adapters = LOCO_ARRAY_LEN(ads)};
	int ph = -1;
	char *c = lora_server_command(&reg, BACKEND_LLAMACPP, "http://127.0.0.1:8080/v1", 5, &ph);
	CHECK_STR(c,
	          "llama-server -m /models/qwen3-4b.gguf \\\n"
	          "    --alias qwen3:4b \\\n"
	          "    --lora /reg/math/math-lora.gguf \\\n"
	          "    --lora '/it'\\''s here/odd lora.gguf' \\\n"
	          "    --lora-init-without-apply \\\n"
	          "    -np 5 \\\n"
	          "    --port 8080",
	          "llama-server");
	CHECK(ph == 0, "no placeholder: %d", ph);
	free(c);
	reg.base_gguf_path = NULL;
	c = lora_server_command(&reg, BACKEND_LLAMACPP, "http://gpu-box:9000/v1", 0, &ph);
	CHECK(c && !strncmp(c, "llama-server -m BASE.gguf ", 26), "placeholder base: %s",
	      c ? c : "");
	CHECK(c && strstr(c, "-np 1 \\\n    --host gpu-box \\\n    --port 9000"),
	      "slots at least 1, a host that is not this machine: %s", c ? c : "");
	CHECK(ph == 1, "placeholder said: %d", ph);
	free(c);
	c = lora_server_command(&reg, BACKEND_VLLM, "http://127.0.0.1:8000/v1", 4, &ph);
	CHECK_STR(c,
	          "vllm serve HF_MODEL_OR_PATH \\\n"
	          "    --served-model-name qwen3:4b \\\n"
	          "    --enable-lora \\\n"
	          "    --max-loras 2 \\\n"
	          "    --lora-modules \\\n"
	          "      locollm-math=/reg/math/math-lora.gguf \\\n"
	          "      'locollm-odd=/it'\\''s here/odd lora.gguf' \\\n"
	          "    --port 8000",
	          "vllm");
	CHECK(ph == 1, "vllm placeholder: %d", ph);
	free(c);
	reg.base_served_name = "Qwen/Qwen3-4B";
	c = lora_server_command(&reg, BACKEND_VLLM, "http://127.0.0.1:8000/v1", 4, &ph);
	CHECK(c && !strncmp(c, "vllm serve Qwen/Qwen3-4B \\\n    --enable-lora", 41),
	      "served name: %s", c ? c : "");
	CHECK(ph == 0, "no vllm placeholder: %d", ph);
	free(c);
}

int main(void)
{
	test_parse();
	test_find();
	test_mismatch();
	test_command();
	return check_done("lora");
}
