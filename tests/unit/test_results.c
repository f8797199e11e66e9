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
	char *home = check_tmpdir("results"), *err = NULL;
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
	free(home);
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
	    {"\"delta\": 0.175", "\"delta\": \"big\"", "delta: expected a number, found a string"},
	    {"\"verdict\": \"ships\"", "\"verdict\": \"\"", "verdict is empty"},
	    {"\"score\": 0.725", "\"score\": 72.5",
	     "adapter.score: expected a number from 0 to 1, found 72.5"},
	    {"\"dataset_sha256\": \"b1", "\"dataset_sha256\": \"B1",
	     "dataset_sha256: expected 64 lowercase hex digits, found '"
	     "B16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136'"},
	    {"\"semester\": \"2026-S2\", ", "", "semester missing"},
	    {"\"base_only\": false", "\"base_only\": 0",
	     "base_only: expected true or false, found a number"},
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

/* run_text with one field replaced (the caller frees) */
static char *run_with(const char *from, const char *to)
{
	const char *at = strstr(run_text, from);
	if (!at)
		return xstrdup(run_text);
	return xasprintf("%.*s%s%s", (int)(at - run_text), run_text, to, at + strlen(from));
}

#define SHA_NOW "b16997543c7de70f81a427ade897af7cece0c04687e922fb96db77e0e3e58136"
#define SHA_OLD "01d09d19c2139a46aebfb577780d123d7396e97201bc7ead210a2ebff8239dee"

/* The newest comparison and its standing, and what `adapters check` is told. Each case is
 * the files of one folder (oldest first), the standing and the verdict function's answer. */
static void test_latest(void)
{
	char *checked =
	    run_with("\"base_only\": false", "\"base_only\": false, \"out_of_domain\": []");
	char *old = run_with(SHA_NOW, SHA_OLD);
	char *no_hash = run_with("\"dataset_sha256\": \"" SHA_NOW "\", ", "");
	char *worse = run_with("\"ships\"", "\"worse than base\"");
	char *base_only = run_with("\"base_only\": false", "\"base_only\": true");
	char *no_verdict = run_with("\"verdict\": \"ships\", ", "");
	const struct {
		const char *files[3];
		enum results_standing standing;
		int ok;
		const char *why;
	} cases[] = {
	    {{NULL},
	     RESULTS_NONE,
	     0,
	     "no archived eval compares it with the base model; run 'loco eval math --gate'"},
	    {{checked}, RESULTS_CURRENT, 1, NULL},
	    {{run_text},
	     RESULTS_CURRENT,
	     0,
	     "the latest eval (20260901T090000Z) did not check out of domain; run 'loco eval "
	     "math --gate'"},
	    {{checked, old},
	     RESULTS_OTHER_DATASET,
	     0,
	     "the latest eval (20260901T090000Z) ran on another version of the dataset; run "
	     "'loco eval math --gate'"},
	    {{checked, no_hash},
	     RESULTS_NO_HASH,
	     0,
	     "the latest archived eval records no dataset hash; run 'loco eval math --gate'"},
	    {{checked, worse},
	     RESULTS_CURRENT,
	     0,
	     "the latest eval (20260901T090000Z) says 'worse than base', not 'ships': the "
	     "adapter must beat the base model ('loco eval math' shows by how much)"},
	    /* a later --base-only run, or a file missing its verdict, is passed over */
	    {{checked, base_only}, RESULTS_CURRENT, 1, NULL},
	    {{checked, no_verdict, "{not json"}, RESULTS_CURRENT, 1, NULL},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cases); i++) {
		char *home = check_tmpdir("latest"), *err = NULL;
		char *dir = results_dir(home, "math");
		CHECK(mkdir_parents(dir, false, &err) == 0, "mkdir %s: %s", dir, err);
		for (int k = 0; k < 3 && cases[i].files[k]; k++) {
			char name[40];
			snprintf(name, sizeof name, "20260901T09000%dZ.json", k);
			put(dir, name, cases[i].files[k]);
		}
		struct results_latest l;
		results_latest(home, "math", SHA_NOW, &l);
		CHECK(l.standing == cases[i].standing, "case %zu: standing %d", i, l.standing);
		CHECK(results_stale(&l) == (cases[i].standing == RESULTS_OTHER_DATASET ||
		                            cases[i].standing == RESULTS_NO_HASH),
		      "case %zu: stale", i);
		cJSON_Delete(l.run);
		/* no dataset file to compare with: only a missing hash is stale */
		results_latest(home, "math", NULL, &l);
		enum results_standing want = cases[i].standing == RESULTS_OTHER_DATASET
		                                 ? RESULTS_CURRENT
		                                 : cases[i].standing;
		CHECK(l.standing == want, "case %zu without a dataset: standing %d", i, l.standing);
		cJSON_Delete(l.run);
		char *why = NULL;
		int ok = results_latest_verdict(home, "math", SHA_NOW, &why);
		CHECK(ok == cases[i].ok, "case %zu: ok %d", i, ok);
		if (cases[i].why)
			CHECK_STR(why, cases[i].why, "why");
		else
			CHECK(why == NULL, "case %zu: no reason, got '%s'", i, why);
		free(why);
		char *cmd = xasprintf("rm -rf '%s'", home);
		CHECK(system(cmd) == 0, "cleanup");
		free(cmd);
		free(dir);
		free(home);
	}
	free(checked);
	free(old);
	free(no_hash);
	free(worse);
	free(base_only);
	free(no_verdict);
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
	test_latest();
	test_report_text();
	return check_done("results");
}
