/* test_config.c: precedence (defaults < file < environment < flags), located
 * errors for malformed files, and `config set` keeping the rest of the file. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "util.h"

static char *home; /* check_tmpdir() */

static char *cfg_path(void)
{
	return xasprintf("%s/config.yaml", home);
}

static void write_cfg(const char *text)
{
	char *p = cfg_path(), *err = NULL;
	if (write_file_atomic(p, text, strlen(text), &err) < 0) {
		fprintf(stderr, "%s\n", err);
		exit(2);
	}
	free(p);
}

static char *get(const struct loco_config *c, const char *key)
{
	return config_value_text(c, (size_t)config_key_find(key, NULL));
}

#define CHECK_KEY(c, key, want)                                                                    \
	do {                                                                                       \
		char *v_ = get(c, key);                                                            \
		CHECK_STR(v_, want, key);                                                          \
		free(v_);                                                                          \
	} while (0)

static enum cfg_origin origin(const struct loco_config *c, const char *key)
{
	return c->origin[config_key_find(key, NULL)];
}

static void test_defaults(void)
{
	struct loco_config c;
	config_init(&c, NULL);
	char *want_file = cfg_path();
	CHECK_STR(c.file, want_file, "config path under LOCO_HOME");
	free(want_file);
	CHECK_KEY(&c, "ollama.host", "http://127.0.0.1:11434");
	CHECK_KEY(&c, "inference.reread", "true");
	CHECK_KEY(&c, "inference.votes", "1");
	CHECK_KEY(&c, "inference.vote_temperature", "0.7");
	CHECK_KEY(&c, "inference.vote_method", "majority");
	CHECK_KEY(&c, "inference.think", "false");
	CHECK_KEY(&c, "inference.temperature", "null");
	CHECK_KEY(&c, "inference.num_ctx", "8192");
	CHECK_KEY(&c, "router.min_score", "1");
	CHECK_KEY(&c, "router.low_confidence", "0.34");
	CHECK_KEY(&c, "chat.context_limit", "8192");
	CHECK_KEY(&c, "eval.jobs", "4");
	CHECK_KEY(&c, "eval.temperature", "0");
	CHECK_KEY(&c, "eval.top_p", "1");
	CHECK_KEY(&c, "eval.max_tokens", "512");
	CHECK_KEY(&c, "eval.seed", "42");
	CHECK_KEY(&c, "eval.cache", "true");
	CHECK_KEY(&c, "backend.kind", "ollama");
	CHECK_KEY(&c, "ollama.keep_alive", "5m");
	CHECK_KEY(&c, "ollama.connect_timeout", "5");
	CHECK_KEY(&c, "registry", "null");
	CHECK(origin(&c, "eval.jobs") == ORIGIN_DEFAULT, "default origin");
	char *err = NULL;
	CHECK(config_load_file(&c, false, &err) == 0 && !c.file_loaded,
	      "missing default file is fine");
	config_free(&c);
}

static void test_precedence(void)
{
	write_cfg(
	    "ollama:\n  host: http://file:1\ninference: {votes: 3}\nregistry: /file/reg.yaml\n");
	setenv("OLLAMA_HOST", "http://env:2", 1);
	struct loco_config c;
	char *err = NULL;
	config_init(&c, NULL);
	CHECK(config_load_file(&c, false, &err) == 0, "load: %s", err ? err : "");
	CHECK_KEY(&c, "ollama.host", "http://file:1");
	CHECK(origin(&c, "ollama.host") == ORIGIN_FILE, "file origin");
	CHECK(config_apply_env(&c, &err) == 0, "env");
	CHECK_KEY(&c, "ollama.host", "http://env:2");
	CHECK(origin(&c, "ollama.host") == ORIGIN_ENV, "env origin");
	CHECK_KEY(&c, "registry", "/file/reg.yaml");
	CHECK(config_apply_flag(&c, "ollama.host", "http://flag:3", &err) == 0, "flag");
	CHECK_KEY(&c, "ollama.host", "http://flag:3");
	CHECK(origin(&c, "ollama.host") == ORIGIN_FLAG, "flag origin");
	CHECK_KEY(&c, "inference.votes", "3");
	CHECK_KEY(&c, "eval.jobs", "4");
	config_free(&c);
	unsetenv("OLLAMA_HOST");

	/* An explicit config path that does not exist is an error. */
	config_init(&c, "/nonexistent/loco.yaml");
	CHECK(config_load_file(&c, false, &err) < 0, "explicit missing file");
	CHECK_STR(err, "config file '/nonexistent/loco.yaml' not found", "message");
	free(err);
	config_free(&c);
}

struct bad_cfg {
	const char *yaml;
	const char *error; /* after "<path>:" */
};

static const struct bad_cfg bad[] = {
    {"inference:\n  votes: many\n",
     "2:10: 'inference.votes' must be a whole number from 1 to 64, not 'many'"},
    {"inference:\n  votes: 65\n",
     "2:10: 'inference.votes' must be a whole number from 1 to 64, not '65'"},
    {"inference:\n  vote: 3\n",
     "2:3: unknown config key 'inference.vote'; did you mean 'inference.votes'?"},
    {"infrence:\n  votes: 3\n",
     "1:1: unknown config key 'infrence'; 'loco config list' shows every key"},
    {"inference:\n  reread: \"true\"\n",
     "2:11: 'inference.reread': expected true or false, found the string \"true\""},
    {"inference:\n  reread: yes\n", "2:11: 'inference.reread' must be true or false, not 'yes'"},
    {"inference: [1]\n", "1:12: 'inference': expected a mapping, found a list"},
    {"backend: {kind: grpc}\n",
     "1:17: 'backend.kind' must be one of ollama,openai,llamacpp,vllm, not 'grpc'"},
    {"semester: 2026S2\n", "1:11: 'semester' must look like 2026-S2, not '2026S2'"},
    {"ollama: {keep_alive: soon}\n",
     "1:22: 'ollama.keep_alive' must be seconds or a duration such as 5m or 1h, not 'soon'"},
    {"ollama: {hosts: http://a}\n", "1:17: ollama.hosts: expected a list, found a single value"},
    {"eval: {top_p: 1.5}\n", "1:15: 'eval.top_p' must be a number from 0 to 1, not '1.5'"},
    {"eval:\n  jobs: 2\n  jobs: 3\n", "3:3: eval: duplicate key 'jobs' (first at line 2)"},
    {"eval: {jobs: 2\n", "2:1: did not find expected ',' or '}' while parsing a flow mapping"},
    {"- 1\n", "1:1: expected a mapping of settings, found a list"},
    {"eval:\n  jobs: ~\n", "2:9: 'eval.jobs': expected a value, found an empty value"},
};

static void test_bad(void)
{
	char *p = cfg_path();
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bad); i++) {
		write_cfg(bad[i].yaml);
		struct loco_config c;
		char *err = NULL;
		config_init(&c, NULL);
		CHECK(config_load_file(&c, false, &err) < 0, "case %zu must fail", i);
		char *want = xasprintf("%s:%s", p, bad[i].error);
		CHECK_STR(err, want, bad[i].yaml);
		free(want);
		free(err);
		config_free(&c);
	}
	free(p);
}

static void test_null_and_empty(void)
{
	write_cfg("# all defaults\nchat:\ninference:\n  temperature: null\nregistry: ~\n");
	struct loco_config c;
	char *err = NULL;
	config_init(&c, NULL);
	CHECK(config_load_file(&c, false, &err) == 0, "nulls load: %s", err ? err : "");
	CHECK_KEY(&c, "inference.temperature", "null");
	CHECK_KEY(&c, "chat.nudge", "true");
	config_free(&c);
}

static void test_set(void)
{
	static const char before[] = "# my settings\nollama:\n  host: \"http://a:1\"  # lab\n\n"
	                             "eval: {jobs: 2}\n";
	write_cfg(before);
	struct loco_config c;
	char *err = NULL;
	config_init(&c, NULL);
	CHECK(config_set(&c, "eval.jobs", "8", &err) == 0, "set jobs: %s", err ? err : "");
	CHECK(config_set(&c, "ollama.keep_alive", "1h", &err) == 0, "set keep_alive");
	CHECK(config_set(&c, "inference.temperature", "0.2", &err) == 0, "set temperature");
	CHECK(config_set(&c, "ollama.hosts", "http://a:1,http://b:2", &err) == 0, "set hosts");
	CHECK(config_set(&c, "semester", "2027-S1", &err) == 0, "set semester");
	char *p = cfg_path(), *text = NULL;
	size_t len;
	read_file(p, 1 << 20, &text, &len, &err);
	CHECK_STR(text,
	          "# my settings\nollama:\n  host: \"http://a:1\"  # lab\n  keep_alive: \"1h\"\n"
	          "  hosts: [\"http://a:1\", \"http://b:2\"]\n\neval: {jobs: 8}\n"
	          "inference:\n  temperature: 0.2\nsemester: \"2027-S1\"\n",
	          "file after sets");
	free(text);

	/* Invalid values never reach the file. */
	CHECK(config_set(&c, "eval.jobs", "0", &err) < 0, "jobs 0 refused");
	CHECK_STR(err, "'eval.jobs' must be a whole number from 1 to 64, not '0'", "message");
	free(err);
	err = NULL;
	CHECK(config_set(&c, "eval.job", "3", &err) < 0, "unknown key refused");
	CHECK_STR(err, "unknown config key 'eval.job'; did you mean 'eval.jobs'?", "message");
	free(err);
	err = NULL;

	/* A block list cannot be replaced in place; the file stays as it was. */
	write_cfg("ollama:\n  hosts:\n    - http://a:1\n");
	CHECK(config_set(&c, "ollama.hosts", "http://c:3", &err) < 0, "block list refused");
	free(err);
	read_file(p, 1 << 20, &text, &len, NULL);
	CHECK_STR(text, "ollama:\n  hosts:\n    - http://a:1\n", "unchanged");
	free(text);
	free(p);
	config_free(&c);
}

/* backend.kind: each name and its protocol (issue 22) */
static void test_backend_kinds(void)
{
	static const struct {
		const char *yaml;
		enum backend_kind kind;
		bool openai;
	} kinds[] = {
	    {"backend: {kind: ollama}\n", BACKEND_OLLAMA, false},
	    {"backend: {kind: openai}\n", BACKEND_OPENAI, true},
	    {"backend: {kind: llamacpp}\n", BACKEND_LLAMACPP, true},
	    {"backend: {kind: vllm}\n", BACKEND_VLLM, true},
	    {"# default\n", BACKEND_OLLAMA, false},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(kinds); i++) {
		write_cfg(kinds[i].yaml);
		struct loco_config c;
		char *err = NULL;
		config_init(&c, NULL);
		CHECK(config_load_file(&c, false, &err) == 0, "%s: %s", kinds[i].yaml,
		      err ? err : "");
		CHECK(config_backend_kind(&c) == kinds[i].kind, "%s: kind %d", kinds[i].yaml,
		      (int)config_backend_kind(&c));
		CHECK(backend_kind_openai(config_backend_kind(&c)) == kinds[i].openai, "%s: openai",
		      kinds[i].yaml);
		free(err);
		config_free(&c);
	}
}

int main(void)
{
	if (!(home = check_tmpdir("config")))
		return 2;
	setenv("LOCO_HOME", home, 1);
	unsetenv("LOCO_CONFIG");
	unsetenv("OLLAMA_HOST");
	unsetenv("LOCO_REGISTRY");
	test_defaults();
	test_precedence();
	test_bad();
	test_null_and_empty();
	test_set();
	test_backend_kinds();
	char *p = cfg_path();
	unlink(p);
	free(p);
	rmdir(home);
	free(home);
	return check_done("config");
}
