/* test_bench.c: loco bench's cell names as a table (name given, canonical name
 * or the error's words), the grid lists, and the default grid. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "check.h"
#include "util.h"

static const struct {
	const char *name;
	const char *want;  /* canonical name, or NULL for an error */
	const char *error; /* words the error must hold */
} cells[] = {
    {"base", "base", NULL},
    {"base+re2", "base+re2", NULL},
    {"re2+base", "base+re2", NULL},
    {"votes5+re2+routed", "routed+re2+votes5", NULL},
    {"oracle+votes64", "oracle+votes64", NULL},
    {"reference", "reference", NULL},
    {"routed+votes2", "routed+votes2", NULL},
    {"re2", NULL, "names no answerer"},
    {"base+oracle", NULL, "two answerers"},
    {"base+re2+re2", NULL, "re2 given twice"},
    {"base+votes1", NULL, "votesN with N from 2 to 64"},
    {"base+votes65", NULL, "votesN with N from 2 to 64"},
    {"base+votes5+votes3", NULL, "votesN with N from 2 to 64, once"},
    {"base+votes", NULL, "unknown layer 'votes'"},
    {"base+votesx", NULL, "votesN"},
    {"base+votes99999999999999999999", NULL, "votesN"},
    {"base+", NULL, "an empty layer"},
    {"+base", NULL, "an empty layer"},
    {"", NULL, "an empty layer"},
    {"Base", NULL, "unknown layer 'Base'"},
    {"base+tools", "base+tools", NULL},
    {"tools+votes3+re2+oracle", "oracle+re2+tools+votes3", NULL},
    {"routed+tools+re2", "routed+re2+tools", NULL},
    {"base+tools+tools", NULL, "tools given twice"},
    {"reference+tools", NULL, "without re2, tools or votes"},
    {"base+tool", NULL, "unknown layer 'tool'"},
    {"reference+re2", NULL, "asked as it is"},
    {"reference+votes3", NULL, "asked as it is"},
    /* issue 20: the ensemble layer, canonical after re2 */
    {"votes5+ensemble+oracle", "oracle+ensemble+votes5", NULL},
    {"ensemble+re2+oracle+votes3", "oracle+re2+ensemble+votes3", NULL},
    {"oracle+ensemble", NULL, "ensemble is oracle+votesN only"},
    {"routed+ensemble+votes3", NULL, "ensemble is oracle+votesN only"},
    {"oracle+ensemble+ensemble+votes3", NULL, "ensemble given twice"},
};

static void test_cells(void)
{
	for (size_t i = 0; i < LOCO_ARRAY_LEN(cells); i++) {
		struct bench_cell_spec c;
		char *err = NULL;
		int rc = bench_cell_parse(cells[i].name, &c, &err);
		if (cells[i].want) {
			CHECK(rc == 0, "'%s' parses (%s)", cells[i].name, err ? err : "");
			CHECK_STR(c.name, cells[i].want, cells[i].name);
		} else {
			CHECK(rc < 0 && err && strstr(err, cells[i].error),
			      "'%s': got '%s', want '%s'", cells[i].name, err ? err : "(none)",
			      cells[i].error);
		}
		free(err);
	}
}

static void test_lists(void)
{
	struct bench_cell_spec c[BENCH_CELLS_MAX];
	size_t n = 0;
	char *err = NULL;
	CHECK(bench_cells_parse("base,re2+oracle,routed+votes3", c, BENCH_CELLS_MAX, &n, &err) ==
	              0 &&
	          n == 3,
	      "three cells (%s)", err ? err : "");
	CHECK_STR(c[1].name, "oracle+re2", "second cell");
	CHECK(c[2].who == BENCH_ROUTED && c[2].votes == 3 && !c[2].re2, "routed+votes3's layers");
	static const char *const bad[][2] = {
	    {"base,base", "given twice"},
	    {"base+re2,re2+base", "'base+re2' is given twice"},
	    {"base,,oracle", "an empty cell"},
	    {",", "an empty cell"},
	    {"", "an empty cell"},
	    {"base,oracle,", "an empty cell"},
	    {"base,routed+ree2", "unknown layer 'ree2'"},
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bad); i++) {
		free(err);
		err = NULL;
		CHECK(bench_cells_parse(bad[i][0], c, BENCH_CELLS_MAX, &n, &err) < 0 && err &&
		          strstr(err, bad[i][1]),
		      "'%s': got '%s', want '%s'", bad[i][0], err ? err : "(none)", bad[i][1]);
	}
	free(err);
	err = NULL;
	CHECK(bench_cells_parse("base,oracle,routed", c, 2, &n, &err) < 0 && err &&
	          strstr(err, "more than 2 cells"),
	      "a list past the maximum: '%s'", err ? err : "(none)");
	free(err);
}

static void test_default_grid(void)
{
	static const char *const want[] = {"base",       "base+re2",          "oracle+re2",
	                                   "routed+re2", "routed+re2+votes5", "reference"};
	struct bench_cell_spec c[BENCH_CELLS_MAX];
	size_t n = bench_default_cells(false, c);
	CHECK(n == 5, "five cells without a reference (got %zu)", n);
	n = bench_default_cells(true, c);
	CHECK(n == 6, "six with one (got %zu)", n);
	for (size_t i = 0; i < n && i < LOCO_ARRAY_LEN(want); i++)
		CHECK_STR(c[i].name, want[i], "default grid");
}

int main(void)
{
	test_cells();
	test_lists();
	test_default_grid();
	return check_done("bench");
}
