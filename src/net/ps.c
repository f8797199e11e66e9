/* ps.c: GET /api/ps through libcurl's multi interface (the only one
 * netlib's table has), summed into one figure per server (see ps.h). */
#include "ps.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "netlib.h"
#include "util.h"

/* /api/ps lists a handful of models; a body past this is not Ollama's. */
#define PS_BODY_MAX (1u << 20)

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	return sb_add(ctx, data, size * n) == 0 ? size * n : 0;
}

/* One GET to the end; the HTTP status in *status. */
static int get(const struct curl_api *c, const char *url, long timeout_ms, struct strbuf *body,
               long *status, char **err)
{
	CURL *h = c->easy_init();
	CURLM *m = c->multi_init();
	if (!h || !m) {
		if (h)
			c->easy_cleanup(h);
		if (m)
			c->multi_cleanup(m);
		return set_err(err, "out of memory");
	}
	c->easy_setopt(h, CURLOPT_URL, url);
	c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c->easy_setopt(h, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
	c->easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
	c->easy_setopt(h, CURLOPT_USERAGENT, "loco/" LOCO_VERSION);
	c->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	c->easy_setopt(h, CURLOPT_WRITEDATA, body);
	c->multi_add_handle(m, h);
	int running = 1;
	while (running && c->multi_perform(m, &running) == CURLM_OK && running)
		c->multi_poll(m, NULL, 0, 100, NULL);
	CURLcode rc = CURLE_OK;
	int left;
	for (CURLMsg *msg; (msg = c->multi_info_read(m, &left)) != NULL;)
		if (msg->msg == CURLMSG_DONE)
			rc = msg->data.result;
	c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	c->multi_remove_handle(m, h);
	c->easy_cleanup(h);
	c->multi_cleanup(m);
	if (rc != CURLE_OK)
		return set_err(err, "%s", c->easy_strerror(rc));
	return 0;
}

static int parse(const char *text, struct server_memory *out, char **err)
{
	cJSON *j = cJSON_Parse(text);
	const cJSON *models = cJSON_GetObjectItemCaseSensitive(j, "models");
	if (!cJSON_IsArray(models)) {
		cJSON_Delete(j);
		return set_err(err, "expected {\"models\": [...]}");
	}
	const cJSON *m;
	cJSON_ArrayForEach(m, models)
	{
		out->size += json_count(m, "size", DURATION_MAX);
		out->size_vram += json_count(m, "size_vram", DURATION_MAX);
		out->models++;
	}
	cJSON_Delete(j);
	return 0;
}

int server_memory_read(const char *base_url, long timeout_ms, struct server_memory *out, char **err)
{
	memset(out, 0, sizeof *out);
	const struct curl_api *c = netlib_curl(err);
	if (!c)
		return -1;
	struct strbuf body;
	sb_init(&body, PS_BODY_MAX);
	char *url = xasprintf("%s/api/ps", base_url);
	long status = 0;
	char *why = NULL;
	int rc = get(c, url, timeout_ms, &body, &status, &why);
	if (rc == 0 && status != 200)
		rc = set_err(&why, "HTTP %ld", status);
	if (rc == 0)
		rc = parse(body.buf ? body.buf : "", out, &why);
	if (rc < 0)
		set_err(err, "%s: %s", url, why);
	free(why);
	free(url);
	sb_free(&body);
	return rc;
}
