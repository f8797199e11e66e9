/* results.c: the eval archive (see results.h): writing a run, and finding and
 * reading runs back, so the commands that look at past runs agree on what
 * "newest" and "valid" mean with the one that names the files. */
#define _GNU_SOURCE
#include "results.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "util.h"

char *results_dir(const char *home, const char *adapter)
{
	return xasprintf("%s/results/%s", home, adapter);
}

static int file_cmp(const void *a, const void *b)
{
	const struct archived_file *x = a, *y = b;
	int c = strcmp(x->stamp, y->stamp);
	if (c)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

void results_list(const char *home, const char *adapter, struct results_list *out)
{
	out->files = NULL;
	out->n = 0;
	char *dir = results_dir(home, adapter);
	DIR *d = opendir(dir);
	size_t cap = 0;
	for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		if (out->n == cap) {
			cap = cap ? 2 * cap : 8;
			out->files = xrealloc(out->files, cap * sizeof *out->files);
		}
		struct archived_file *f = &out->files[out->n++];
		f->path = path_join(dir, e->d_name);
		f->stamp = xstrndup(e->d_name, len - 5);
		char *dash = strchr(f->stamp, '-');
		long seq = 1;
		if (dash && parse_long(dash + 1, &seq) && seq >= 2)
			*dash = '\0';
		else
			seq = 1;
		f->seq = seq;
	}
	if (d)
		closedir(d);
	free(dir);
	if (out->n)
		qsort(out->files, out->n, sizeof *out->files, file_cmp);
}

void results_list_free(struct results_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->files[i].path);
		free(l->files[i].stamp);
	}
	free(l->files);
	l->files = NULL;
	l->n = 0;
}

char *results_stamp_now(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
	return xstrdup(buf);
}

int results_write(const char *home, const char *adapter, const char *stamp, const cJSON *run,
                  char **err)
{
	char *dir = results_dir(home, adapter);
	char *text = cJSON_Print(run), *path = xasprintf("%s/%s.json", dir, stamp);
	/* Two runs within a second must not overwrite each other. */
	for (int k = 2; file_exists(path); k++) {
		free(path);
		path = xasprintf("%s/%s-%d.json", dir, stamp, k);
	}
	/* results are the user's own, like the answers behind them (0600, 0700) */
	int rc = -1;
	if (mkdir_private(path, true, err) == 0 &&
	    write_file_private(path, text, strlen(text), err) == 0)
		rc = 0;
	free(text);
	free(path);
	free(dir);
	return rc;
}

size_t results_other_dataset(const char *home, const char *adapter, const char *sha)
{
	struct results_list l;
	results_list(home, adapter, &l);
	size_t other = 0;
	for (size_t i = 0; i < l.n; i++) {
		cJSON *j = results_read(l.files[i].path, NULL);
		const char *h = json_string_or(j, "dataset_sha256", NULL);
		other += h && strcmp(h, sha) != 0;
		cJSON_Delete(j);
	}
	results_list_free(&l);
	return other;
}

cJSON *results_read(const char *path, char **err)
{
	char *text = NULL;
	size_t len = 0;
	if (read_file(path, RESULTS_FILE_MAX, &text, &len, err) < 0)
		return NULL;
	long deep = json_too_deep(text, len, JSON_MAX_DEPTH);
	if (deep >= 0) {
		size_t line, col;
		text_line_col(text, (size_t)deep, &line, &col);
		free(text);
		set_err(err, "%s:%zu:%zu: nested deeper than %d lists or objects", path, line, col,
		        JSON_MAX_DEPTH);
		return NULL;
	}
	cJSON *j = cJSON_ParseWithLength(text, len);
	free(text);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		set_err(err, "%s: not a JSON object", path);
		return NULL;
	}
	return j;
}

cJSON *results_newest(const char *home, const char *adapter)
{
	struct results_list l;
	results_list(home, adapter, &l);
	cJSON *j = l.n ? results_read(l.files[l.n - 1].path, NULL) : NULL;
	results_list_free(&l);
	return j;
}

/* A side's score: base.score or adapter.score, a fraction. */
static int get_score(const cJSON *run, const char *side, double *out, char **err)
{
	const cJSON *o;
	struct json_at at = {NULL, NULL, err};
	if (json_read_object(&at, run, side, JSON_REQUIRED, &o) < 0)
		return -1;
	char *where = xasprintf("%s.", side);
	at.prefix = where;
	int rc = json_read_number_in(&at, o, "score", JSON_REQUIRED, 0, 1, out);
	free(where);
	return rc < 0 ? -1 : 0;
}

int results_record(const cJSON *run, struct eval_record *r, char **err)
{
	memset(r, 0, sizeof *r);
	r->adapter_score = r->delta = NAN;
	struct json_at at = {NULL, NULL, err};
	const int need = JSON_REQUIRED | JSON_NONEMPTY;
	if (json_read_bool(&at, run, "base_only", JSON_OPTIONAL, &r->base_only) < 0)
		return -1;
	r->ood_checked = cJSON_IsArray(json_get(run, "out_of_domain"));
	if (json_read_string(&at, run, "adapter_name", need, &r->adapter) < 0 ||
	    json_read_string(&at, run, "dataset_sha256", need, &r->dataset_sha256) < 0 ||
	    json_read_string(&at, run, "semester", need, &r->semester) < 0 ||
	    json_read_string(&at, run, "timestamp", need, &r->timestamp) < 0 ||
	    json_read_number(&at, run, "n", JSON_REQUIRED, &r->n) < 0 ||
	    get_score(run, "base", &r->base_score, err) < 0)
		return -1;
	if (strlen(r->dataset_sha256) != 64 || strspn(r->dataset_sha256, "0123456789abcdef") != 64)
		return json_err(&at, "dataset_sha256",
		                "expected 64 lowercase hex digits, found '%s'", r->dataset_sha256);
	if (r->base_only)
		return 0;
	if (get_score(run, "adapter", &r->adapter_score, err) < 0 ||
	    json_read_number(&at, run, "delta", JSON_REQUIRED, &r->delta) < 0 ||
	    json_read_string(&at, run, "verdict", need, &r->verdict) < 0)
		return -1;
	return 0;
}

static bool valid_sha(const cJSON *run)
{
	const char *h = json_string_or(run, "dataset_sha256", "");
	return strlen(h) == 64 && strspn(h, "0123456789abcdef") == 64;
}

void results_latest(const char *home, const char *adapter, const char *dataset_sha,
                    struct results_latest *out)
{
	memset(out, 0, sizeof *out);
	struct results_list l;
	results_list(home, adapter, &l);
	for (size_t i = l.n; i-- > 0 && !out->run;) {
		cJSON *j = results_read(l.files[i].path, NULL);
		if (!j || json_true(j, "base_only")) {
			cJSON_Delete(j);
			continue;
		}
		if (!valid_sha(j)) {
			out->standing = RESULTS_NO_HASH;
			out->run = j;
			break;
		}
		if (results_record(j, &out->rec, NULL) < 0) {
			cJSON_Delete(j);
			continue;
		}
		out->run = j;
		out->standing = !dataset_sha || !strcmp(out->rec.dataset_sha256, dataset_sha)
		                    ? RESULTS_CURRENT
		                    : RESULTS_OTHER_DATASET;
	}
	results_list_free(&l);
}

bool results_stale(const struct results_latest *l)
{
	return l->standing == RESULTS_OTHER_DATASET || l->standing == RESULTS_NO_HASH;
}

int results_latest_verdict(const char *home, const char *adapter, const char *dataset_sha,
                           char **why)
{
	struct results_latest l;
	results_latest(home, adapter, dataset_sha, &l);
	const char *stamp =
	    l.standing == RESULTS_NONE || l.standing == RESULTS_NO_HASH ? NULL : l.rec.timestamp;
	int ok = 0;
	if (l.standing == RESULTS_NONE)
		set_err(why,
		        "no archived eval compares it with the base model; run 'loco eval %s "
		        "--gate'",
		        adapter);
	else if (l.standing == RESULTS_NO_HASH)
		set_err(why,
		        "the latest archived eval records no dataset hash; run 'loco eval %s "
		        "--gate'",
		        adapter);
	else if (l.standing == RESULTS_OTHER_DATASET)
		set_err(why,
		        "the latest eval (%s) ran on another version of the dataset; run "
		        "'loco eval %s --gate'",
		        stamp, adapter);
	else if (strcmp(l.rec.verdict, "ships"))
		set_err(why,
		        "the latest eval (%s) says '%s', not 'ships': the adapter must beat the "
		        "base model ('loco eval %s' shows by how much)",
		        stamp, l.rec.verdict, adapter);
	else if (!l.rec.ood_checked)
		set_err(why,
		        "the latest eval (%s) did not check out of domain; run 'loco eval %s "
		        "--gate'",
		        stamp, adapter);
	else
		ok = 1;
	cJSON_Delete(l.run);
	return ok;
}
