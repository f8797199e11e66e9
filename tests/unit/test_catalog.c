/* test_catalog.c: semantic-version order (the SemVer 2.0 precedence
 * example chain, and what is not a version) and search ranking as a table of
 * queries and the order the adapters must come out in. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "semver.h"
#include "rank.h"
#include "registry.h"
#include "check.h"
#include "util.h"

static void test_semver(void)
{
	/* semver.org section 11, lowest first */
	static const char *const chain[] = {
	    "1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
	    "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0",
	    "1.0.1",        "1.1.0",         "1.10.0",           "2.0.0",
	};
	size_t n = LOCO_ARRAY_LEN(chain);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int cmp = 9;
			CHECK(semver_compare(chain[i], chain[j], &cmp) == 0, "%s vs %s", chain[i],
			      chain[j]);
			int want = i < j ? -1 : i > j ? 1 : 0;
			CHECK(cmp == want, "%s vs %s: got %d, want %d", chain[i], chain[j], cmp,
			      want);
		}
	static const struct {
		const char *a, *b;
		int want;
	} eq[] = {
	    {"1.0.0+build.7", "1.0.0", 0}, /* build metadata does not count */
	    {"v1.2.3", "1.2.3", 0},        {"0.9.0", "0.10.0", -1}, {"10.0.0", "9.99.99", 1},
	    {"1.0.0-2", "1.0.0-10", -1}, /* numeric identifiers compare as numbers */
	    {"1.0.0-a", "1.0.0-9", 1},   /* words sort above numbers */
	};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(eq); i++) {
		int cmp = 9;
		CHECK(semver_compare(eq[i].a, eq[i].b, &cmp) == 0 && cmp == eq[i].want,
		      "%s vs %s: got %d, want %d", eq[i].a, eq[i].b, cmp, eq[i].want);
	}
	static const char *const bad[] = {"1.0",   "1.0.0.0", "01.0.0", "1.0.0-", "1.0.0-01",
	                                  "1.0.x", "",        "1..0",   "1.0.0+", "1.0.0-a..b"};
	for (size_t i = 0; i < LOCO_ARRAY_LEN(bad); i++) {
		int cmp = 9;
		CHECK(!semver_valid(bad[i]), "'%s' is not a version", bad[i]);
		CHECK(semver_compare(bad[i], "1.0.0", &cmp) < 0 && cmp == 9, "'%s' compared",
		      bad[i]);
	}
	CHECK(semver_valid("1.0.0-rc.1+sha.5114f85"), "pre-release and build");
}

static struct adapter make(const char *name, const char *desc, const char *tag)
{
	struct adapter a;
	memset(&a, 0, sizeof a);
	a.name = (char *)name;
	a.description = (char *)desc;
	if (tag) {
		a.tags = xcalloc(1, sizeof *a.tags);
		a.tags[0] = (char *)tag;
		a.n_tags = 1;
	}
	return a;
}

static void test_search(void)
{
	struct adapter list[] = {
	    make("stats", "statistics with some math", "numbers"),
	    make("mathviz", "plots", NULL),
	    make("math", "Math word problems", "Math"),
	    make("geometry", "shapes", "mathematics"),
	    make("aftermath", "what remains", NULL),
	    make("poet", "poems", NULL),
	    make("café", "Ünïcode Crème brûlée", "Français"),
	};
	/* name exact > name prefix > name inside > tag prefix > description word */
	static const struct {
		const char *query;
		const char *order[6]; /* best first; the rest must score 0 */
	} cases[] = {
	    {"math", {"math", "mathviz", "aftermath", "geometry", "stats"}},
	    {"MATH", {"math", "mathviz", "aftermath", "geometry", "stats"}},
	    {"math problems", {"math"}},
	    {"math shapes", {"geometry"}},
	    {"some", {"stats"}},
	    {"zebra", {NULL}},
	    {"", {NULL}},
	    {"CAFÉ", {"café"}},
	    {"crème", {"café"}},
	    {"français", {"café"}},
	};
	size_t n = LOCO_ARRAY_LEN(list);
	for (size_t c = 0; c < LOCO_ARRAY_LEN(cases); c++) {
		int prev = 1 << 30;
		size_t k = 0;
		for (; k < 6 && cases[c].order[k]; k++) {
			const struct adapter *a = NULL;
			for (size_t i = 0; i < n; i++)
				if (!strcmp(list[i].name, cases[c].order[k]))
					a = &list[i];
			int s = adapter_search_score(a, cases[c].query);
			CHECK(s > 0 && s < prev, "'%s': %s scores %d after %d", cases[c].query,
			      a->name, s, prev);
			prev = s;
		}
		for (size_t i = 0; i < n; i++) {
			bool listed = false;
			for (size_t j = 0; j < k; j++)
				listed |= !strcmp(list[i].name, cases[c].order[j]);
			if (!listed)
				CHECK(adapter_search_score(&list[i], cases[c].query) == 0,
				      "'%s': %s should not match", cases[c].query, list[i].name);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(list[i].tags);
}

int main(void)
{
	test_semver();
	test_search();
	return check_done("catalog");
}
