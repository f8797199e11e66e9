/* test_results.c: the eval archive reader (oldest to newest by stamp, then by
 * the "-N" of runs within one second, numerically), the typed view of a run
 * and what makes one unusable, and the escaping and trend text the leaderboard's
 * reports are built from. */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board_report.h"
#include "check.h"
#include "results.h"
#include "util.h"

static void put(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name), *err = NULL;
	CHECK(write_file_atomic(p, text, strlen(text), &err) == 0, "write %s: %s", p, err);
	free(err);
	free(p);
}

static void test_list_order(void)
{
	char tmpl[] = "/tmp/loco-results-XXXXXX";
	char *home = mkdtemp(tmpl), *err = NULL;
	CHECK(home != NULL, "mkdtemp");
	char *dir = results_dir(home, "math");
	CHECK(mkdir_parents(dir, false, &err) == 0, "mkdir %s: %s", dir, err);
	/* Written out of order; "-10" must come after "-2". */
	put(dir, "20260301T090000Z-10.json", "{\"k\": 10}");
	put(dir, "20260301T090000Z.json", "{\"k\": 1}");
	put(dir, "20260301T090000Z-2.json", "{\"k\": 2}");
	put(dir, "20260101T000000Z.json", "{\"k\": 0}");
	put(dir, "notes.txt", "not a run");
	struct results_list l;
	results_list(home, "math", &l);
	CHECK(l.n == 4, "4 runs, got %zu", l.n);
	static const char *const want[] = {"20260101T000000Z.json", "20260301T090000Z.json",
	                                   "20260301T090000Z-2.json", "20260301T090000Z-10.json"};
	for (size_t i = 0; i < l.n && i < 4; i++) {
		const char *base = strrchr(l.files[i].path, '/') + 1;
		CHECK_STR(base, want[i], "order");
	}
	CHECK(l.n == 4 && l.files[3].seq == 10 && !strcmp(l.files[3].stamp, "20260301T090000Z"),
	      "stamp and seq of the newest");
	results_list_free(&l);

	cJSON *newest = results_newest(home, "math");
	CHECK(newest && cJSON_GetObjectItem(newest, "k")->valueint == 10, "results_newest is -10");
	cJSON_Delete(newest);

	results_list(home, "nobody", &l);
	CHECK(l.n == 0, "a missing folder is an empty list");
	results_list_free(&l);

	put(dir, "broken.json", "{\"adapter_name\": ");
	char *broken = path_join(dir, "broken.json");
	cJSON *j = results_read(broken, &err);
	CHECK(j == NULL && err && strstr(err, "broken.json: not a JSON object"), "broken: %s", err);
	free(err);
	free(broken);
	char *cmd = xasprintf("rm -rf '%s'", home);
	CHECK(system(cmd) == 0, "cleanup");
	free(cmd);
	free(dir);
}

static const char run_text[] =
    "{\"adapter_name\": \"math\", \"dataset_sha256\": "
    "\"b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136\", \"n\": 40, "
    "\"base\": {\"correct\": 22, \"total\": 40, \"score\": 0.55}, \"adapter\": {\"correct\": 29, "
    "\"total\": 40, \"score\": 0.725}, \"delta\": 0.175, \"verdict\": \"ships\", \"semester\": "
    "\"2026-S2\", \"timestamp\": \"20260901T090000Z\", \"base_only\": false}";

static void test_record(void)
{
	cJSON *j = cJSON_Parse(run_text);
	struct eval_record r;
	char *err = NULL;
	CHECK(results_record(j, &r, &err) == 0, "a full run: %s", err);
	CHECK_STR(r.adapter, "math", "adapter");
	CHECK_STR(r.semester, "2026-S2", "semester");
	CHECK_STR(r.verdict, "ships", "verdict");
	CHECK(r.adapter_score == 0.725 && r.base_score == 0.55 && r.delta == 0.175 && r.n == 40,
	      "numbers");
	cJSON_Delete(j);

	/* Each broken field, and what the message says. */
	static const struct {
		const char *from, *to, *msg;
	} cases[] = {
	    {"\"delta\": 0.175", "\"delta\": \"big\"", "'delta' is not a number"},
	    {"\"verdict\": \"ships\"", "\"verdict\": \"\"", "'verdict' is not a non-empty string"},
	    {"\"score\": 0.725", "\"score\": 72.5",
	     "'adapter.score' is 72.5, not a fraction from 0 to 1"},
	    {"\"dataset_sha256\": \"b1", "\"dataset_sha256\": \"B1",
	     "'dataset_sha256' is not 64 lowercase hex digits"},
	    {"\"semester\": \"2026-S2\", ", "", "'semester' is missing"},
	    {"\"base_only\": false", "\"base_only\": 0", "'base_only' is not true or false"},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		const char *at = strstr(run_text, cases[i].from);
		CHECK(at != NULL, "case %zu applies", i);
		if (!at)
			continue;
		char *text = xasprintf("%.*s%s%s", (int)(at - run_text), run_text, cases[i].to,
		                       at + strlen(cases[i].from));
		j = cJSON_Parse(text);
		CHECK(j && results_record(j, &r, &err) < 0 && err && !strcmp(err, cases[i].msg),
		      "case %zu: got '%s', want '%s'", i, err ? err : "(none)", cases[i].msg);
		free(err);
		err = NULL;
		cJSON_Delete(j);
		free(text);
	}

	/* A --base-only run needs no adapter score, delta or verdict. */
	j = cJSON_Parse(
	    "{\"adapter_name\": \"math\", \"dataset_sha256\": "
	    "\"b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136\", \"n\": 4, "
	    "\"base\": {\"score\": 0.5}, \"adapter\": null, \"delta\": null, \"verdict\": null, "
	    "\"semester\": \"2026-S1\", \"timestamp\": \"20260101T000000Z\", \"base_only\": true}");
	CHECK(results_record(j, &r, &err) == 0 && r.base_only && isnan(r.adapter_score) &&
	          !r.verdict,
	      "base-only run: %s", err);
	cJSON_Delete(j);
}

static void test_report_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	html_escape(&sb, "<script>alert('x')</script> & \"co\"");
	CHECK_STR(sb.buf, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;",
	          "html_escape");
	sb_free(&sb);

	struct board_point pts[] = {{"2026-S1", 0.61}, {"2026-S2", 0.725}};
	struct board_entry e = {.trend = pts, .n_trend = 2};
	char *t = board_trend_text(&e);
	CHECK_STR(t, "2026-S1 61.0 \u2192 2026-S2 72.5", "trend");
	free(t);
	t = board_stale_text(1);
	CHECK_STR(t, "1 result on another version of the dataset is not comparable and not ranked",
	          "one stale");
	free(t);
	t = board_stale_text(3);
	CHECK_STR(t,
	          "3 results on another version of the dataset are not comparable and not ranked",
	          "three stale");
	free(t);
}

int main(void)
{
	test_list_order();
	test_record();
	test_report_text();
	return check_done("results");
}
