/* ps.c: GET /api/ps as one transfer on the engine (http.h), its body summed
 * into one figure per server (see ps.h). */
#include "ps.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "http.h"
#include "util.h"

/* /api/ps lists a handful of models; a body past this is not Ollama's. */
#define PS_BODY_MAX  (1u << 20)
#define PS_ERROR_MAX 4096

struct ps_read {
	struct strbuf body;
	bool too_large;
};

static int on_body(struct http_transfer *t, const char *data, size_t n)
{
	struct ps_read *r = t->owner;
	if (sb_add(&r->body, data, n) == 0)
		return 0;
	r->too_large = true;
	return -1;
}

static void on_done(struct http_transfer *t, bool ok)
{
	(void)ok;
	const struct ps_read *r = t->owner;
	if (r->too_large)
		net_fail(t->err, NET_PROTOCOL, "the reply is larger than %u bytes", PS_BODY_MAX);
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

/* The body of one GET, or -1 with *err. */
static int get(const char *url, long timeout_s, struct ps_read *r, char **err)
{
	struct http_opts ho = {timeout_s, timeout_s};
	struct http *h = http_new(&ho, err);
	if (!h)
		return -1;
	struct net_error e = {0};
	struct http_transfer t;
	http_transfer_init(&t, h, url, PS_ERROR_MAX, &e);
	t.owner = r;
	t.on_body = on_body;
	t.on_done = on_done;
	http_start(&t);
	http_run(h, NULL, NULL);
	http_transfer_cleanup(&t);
	http_free(h);
	int rc = 0;
	if (e.status != NET_OK)
		rc = set_err(err, "%s", e.message ? e.message : "failed");
	net_error_clear(&e);
	return rc;
}

int server_memory_read(const char *base_url, long timeout_s, struct server_memory *out, char **err)
{
	memset(out, 0, sizeof *out);
	struct ps_read r = {.too_large = false};
	sb_init(&r.body, PS_BODY_MAX);
	sb_add(&r.body, "", 0);
	char *url = xasprintf("%s/api/ps", base_url), *why = NULL;
	int rc = get(url, timeout_s, &r, &why);
	if (rc == 0)
		rc = parse(r.body.buf, out, &why);
	if (rc < 0)
		set_err(err, "%s: %s", url, why);
	free(why);
	free(url);
	sb_free(&r.body);
	return rc;
}
