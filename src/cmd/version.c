/* version.c: `loco version` — loco's version and, with -v, its libraries'.
 * Asking for libcurl's and OpenSSL's versions loads them, so this is also how
 * a user (and the test suite) sees the on-demand loader work. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

#include "cmd.h"
#include "backend.h"
#include "netlib.h"

static int run_version(struct loco_ctx *ctx, const struct cmd_args *args)
{
	(void)args;
	if (!ctx->verbose && !ctx->json) {
		printf("loco %s\n", LOCO_VERSION);
		return LOCO_OK;
	}
	char pcre[64] = "";
	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	char *err = NULL;
	const struct curl_api *curl = netlib_curl(&err);
	const char *curl_v = curl ? curl->version_info(CURLVERSION_NOW)->version : NULL;
	const struct crypto_api *crypto = netlib_crypto(&err);
	const char *ssl_v = crypto ? crypto->version(OPENSSL_VERSION) : NULL;
	/* Is a server there, and which? (-v only: plain `version` stays offline.) */
	struct backend *b = NULL;
	char *server = NULL;
	struct net_error e = {0};
	if (curl && open_backend(ctx, &b) == 0) {
		char *v = NULL;
		if (backend_ping(b, &e) == 0 && backend_version(b, &v, &e) == 0)
			server = xasprintf("%s %s at %s",
			                   backend_kind(b) == BACKEND_OLLAMA ? "Ollama" : "server",
			                   v, backend_address(b));
		else if (e.status == NET_UNAUTHORIZED && backend_kind_openai(backend_kind(b)))
			server =
			    xasprintf("the server at %s needs an API key (HTTP %ld: %s); put it "
			              "in $%s",
			              backend_address(b), e.http_status, e.message,
			              ctx->cfg.backend_api_key_env);
		else
			server = xasprintf("no server at %s (%s)", backend_address(b), e.message);
		free(v);
		net_error_clear(&e);
		backend_free(b);
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "loco", LOCO_VERSION);
		cJSON_AddStringToObject(o, "cjson", cJSON_Version());
		cJSON_AddStringToObject(o, "libyaml", yaml_get_version_string());
		cJSON_AddStringToObject(o, "pcre2", pcre);
		cJSON_AddItemToObject(o, "libcurl",
		                      curl_v ? cJSON_CreateString(curl_v) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "openssl",
		                      ssl_v ? cJSON_CreateString(ssl_v) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "server",
		                      server ? cJSON_CreateString(server) : cJSON_CreateNull());
		print_json(o);
	} else {
		printf("loco %s\n", LOCO_VERSION);
		printf("cJSON %s, libyaml %s, PCRE2 %s\n", cJSON_Version(),
		       yaml_get_version_string(), pcre);
		printf("libcurl %s (loaded on demand)\n", curl_v ? curl_v : "not available");
		printf("%s (loaded on demand)\n",
		       ssl_v ? ssl_v : "OpenSSL libcrypto not available");
		if (server)
			printf("server: %s\n", server);
	}
	free(server);
	if (err)
		loco_warn("%s", err);
	free(err);
	return LOCO_OK;
}

static const struct optspec version_opts[] = {
    {"json", 0, NULL, "print the versions as JSON"},
};

const struct command cmd_version = {
    .name = "version",
    .run = run_version,
    .summary = "print loco's version (-v: and its libraries')",
    .usage = "[-v] [--json]",
    .description = "Prints loco's version. With -v or --json, also the versions of cJSON,\n"
                   "libyaml and PCRE2, of libcurl and OpenSSL (which loco loads only when a\n"
                   "command needs them), and whether a server answers at the configured\n"
                   "address, with its version.",
    .opts = version_opts,
    .nopts = LOCO_ARRAY_LEN(version_opts),
    .min_pos = 0,
    .max_pos = 0,
};
