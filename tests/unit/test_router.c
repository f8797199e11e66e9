/* test_router.c: routing decisions as a table: the SPEC section 3 cases on the
 * shipped registry, then word boundaries, case, Unicode, multi-word keywords,
 * punctuation, patterns, ties, min_score and the active-per-domain rule. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "registry.h"
#include "router.h"
#include "util.h"

struct route_case {
	const char *query;
	const char *want; /* adapter name or NULL for the base model */
};

static void route_table(const char *name, struct registry *reg, const struct router_opts *o,
                        const struct route_case *cases, size_t n)
{
	char *err = NULL;
	struct router *r = router_new(reg, o, &err);
	CHECK(r != NULL, "%s: router_new: %s", name, err ? err : "");
	if (!r)
		return;
	for (size_t i = 0; i < n; i++) {
		struct route_decision d;
		router_decide(r, cases[i].query, strlen(cases[i].query), &d);
		const char *got = d.adapter >= 0 ? reg->adapters[d.adapter].name : NULL;
		if (cases[i].want)
			CHECK(got && !strcmp(got, cases[i].want), "%s: '%s' -> %s, want %s", name,
			      cases[i].query, got ? got : "base model", cases[i].want);
		else
			CHECK(!got, "%s: '%s' -> %s, want base model", name, cases[i].query, got);
	}
	router_free(r);
}

static struct registry load(const char *text)
{
	struct registry reg;
	char *err = NULL;
	if (registry_parse(&reg, "test.yaml", text, strlen(text), &err) < 0) {
		fprintf(stderr, "test registry does not load: %s\n", err);
		exit(2);
	}
	return reg;
}

static const struct router_opts defaults = {.min_score = 1, .low_confidence = 0.34};

static void test_spec_cases(void)
{
	static const struct route_case cases[] = {
	    {"solve 2+2", "math"},
	    {"calculate the average of 10 and 20", "math"},
	    {"write a python function to reverse a string", "code"},
	    {"analyze this passage about climate change", "analysis"},
	    {"explain why the sky is blue", "analysis"},
	    {"summarize the evidence in this text", "analysis"},
	    {"hello there", NULL},
	    {"", NULL},
	    {"SOLVE this EQUATION", "math"},
	    {"What is 15% of 80?", "math"},
	    {"how   many\tapples are left", "math"},
	    {"decode this message for me", NULL},
	    {"a classic novel", NULL},
	    {"summarize", "analysis"},
	};
	struct registry reg;
	char *err = NULL;
	char *path = path_join(check_adapters_dir(), "registry.yaml");
	int rc = registry_load_file(&reg, path, &err);
	free(path);
	CHECK(rc == 0, "shipped registry: %s", err ? err : "");
	if (rc)
		return;
	route_table("shipped", &reg, &defaults, cases, LOCO_ARRAY_LEN(cases));
	registry_free(&reg);
}

static const char boundary_yaml[] =
    "base_model: {ollama_name: 'm:1'}\n"
    "adapters:\n"
    "  words:\n"
    "    version: 1.0.0\n"
    "    type: system-prompt\n"
    "    router_keywords: [sum, class, code, 'how many', 'c++', équation, café, σύνοψη,\n"
    "                      '  padded  ', node.js]\n";

static void test_boundaries(void)
{
	static const struct route_case cases[] = {
	    {"summarize this", NULL},
	    {"a classic novel", NULL},
	    {"decode it", NULL},
	    {"the sum of it", "words"},
	    {"SUM", "words"},
	    {"sum.", "words"},
	    {"(sum)", "words"},
	    {"sum_total", NULL}, /* _ is a word character */
	    {"sum2", NULL},
	    {"how many", "words"},
	    {"How\n\t  Many", "words"},
	    {"how-many", NULL},
	    {"how, many", NULL},
	    {"showmany", NULL},
	    {"how manyfold", NULL},
	    {"i like c++ a lot", "words"},
	    {"C++", "words"},
	    {"abc++", NULL},
	    {"ÉQUATION du second degré", "words"},
	    {"équations", NULL},
	    {"un café noir", "words"},
	    {"cafés", NULL},
	    {"caféx", NULL},
	    {"ΣΎΝΟΨΗ", "words"},
	    {"padded", "words"},
	    {"node.js rocks", "words"},
	    {"nodexjs", NULL},
	    {"\xff\xfe sum \xc3", "words"},
	    {"\xc3\x28 code", "words"},
	    {"sum\xc2\xa0", "words"},
	};
	struct registry reg = load(boundary_yaml);
	route_table("boundaries", &reg, &defaults, cases, LOCO_ARRAY_LEN(cases));
	registry_free(&reg);
}

static const char scoring_yaml[] = "base_model: {ollama_name: 'm:1'}\n"
                                   "adapters:\n"
                                   "  zeta:\n"
                                   "    version: 1.0.0\n"
                                   "    type: system-prompt\n"
                                   "    router_keywords: [alpha, beta, Alpha, ALPHA]\n"
                                   "  eta:\n"
                                   "    version: 1.0.0\n"
                                   "    type: system-prompt\n"
                                   "    router_keywords: [alpha, gamma]\n"
                                   "    router_patterns: ['\\d+\\s*[-+*/x]\\s*\\d+']\n"
                                   "  old:\n"
                                   "    version: 1.0.0\n"
                                   "    type: system-prompt\n"
                                   "    domain: other\n"
                                   "    router_keywords: [delta, epsilon, omega]\n"
                                   "  eta2:\n"
                                   "    version: 1.0.0\n"
                                   "    type: system-prompt\n"
                                   "    domain: other\n"
                                   "    active: true\n"
                                   "    router_keywords: [kappa]\n"
                                   "  lone:\n"
                                   "    version: 1.0.0\n"
                                   "    type: system-prompt\n"
                                   "    domain: solo\n"
                                   "    active: false\n"
                                   "    router_keywords: [lambda]\n";

static void test_scoring(void)
{
	struct registry reg = load(scoring_yaml);
	char *err = NULL;
	struct router *r = router_new(&reg, &defaults, &err);
	CHECK(r != NULL, "router_new: %s", err ? err : "");
	struct route_decision d;
	const char *hits[8];

	/* Duplicate keywords (any case) and repeated words count once. */
	router_decide(r, "alpha ALPHA alpha beta", 22, &d);
	CHECK(d.scores[0] == 2, "zeta score %d, want 2", d.scores[0]);
	CHECK(d.scores[1] == 1, "eta score %d, want 1", d.scores[1]);
	CHECK(d.adapter == 0, "winner %d, want zeta", d.adapter);
	CHECK(d.confidence == 0.5, "confidence %g, want 0.5", d.confidence);
	CHECK(!d.low_confidence, "0.5 is not low");
	CHECK(router_matched(r, 0, hits, 8) == 2 && !strcmp(hits[0], "alpha") &&
	          !strcmp(hits[1], "beta"),
	      "zeta matched in registry order");

	/* A tie goes to the name that sorts first: eta < zeta. */
	router_decide(r, "alpha", 5, &d);
	CHECK(d.adapter == 1, "tie winner %d, want eta", d.adapter);
	CHECK(d.confidence == 0 && d.low_confidence, "tie is low confidence");
	CHECK(d.runner_up == 0, "runner-up %d, want zeta", d.runner_up);

	/* Patterns count as one hit each. */
	router_decide(r, "gamma 12 x 4", 12, &d);
	CHECK(d.scores[1] == 2, "eta with pattern %d, want 2", d.scores[1]);

	/* Inactive in a domain with an active adapter: scores, never wins. */
	router_decide(r, "delta epsilon omega kappa", 25, &d);
	CHECK(d.scores[2] == 3 && !d.eligible[2], "old scores 3 but is not eligible");
	CHECK(d.adapter == 3, "winner %d, want eta2", d.adapter);
	CHECK(d.confidence == 1, "only eligible scorer: confidence %g", d.confidence);

	/* Inactive in a domain with no active adapter: can win. */
	router_decide(r, "lambda", 6, &d);
	CHECK(d.adapter == 4 && d.eligible[4], "lone wins");

	router_decide(r, "nothing here", 12, &d);
	CHECK(d.adapter == -1 && d.confidence == 0 && !d.low_confidence, "base model");
	router_free(r);

	/* min_score 2: one hit is not enough. */
	struct router_opts strict = {.min_score = 2, .low_confidence = 0.34};
	r = router_new(&reg, &strict, &err);
	router_decide(r, "alpha", 5, &d);
	CHECK(d.adapter == -1, "min_score 2 sends one hit to the base model");
	router_decide(r, "alpha beta", 10, &d);
	CHECK(d.adapter == 0, "two hits reach min_score 2");
	router_free(r);
	registry_free(&reg);
}

/* Many adapters: the index must find keywords that share a first word. */
static void test_large(void)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "base_model: {ollama_name: 'm:1'}\nadapters:\n");
	for (int i = 0; i < 300; i++) {
		sb_addf(&sb, "  a%03d:\n    version: 1.0.0\n    type: system-prompt\n", i);
		sb_addf(&sb, "    router_keywords: ['kw%d', 'shared word%d', 'shared']\n", i, i);
	}
	struct registry reg = load(sb.buf);
	char *err = NULL;
	struct router *r = router_new(&reg, &defaults, &err);
	struct route_decision d;
	router_decide(r, "please shared word217 and kw217", 31, &d);
	CHECK(d.adapter == 217, "a217 wins, got %d", d.adapter);
	CHECK(d.scores[217] == 3 && d.scores[5] == 1, "scores %d %d", d.scores[217], d.scores[5]);
	router_free(r);
	registry_free(&reg);
	sb_free(&sb);
}

int main(void)
{
	test_spec_cases();
	test_boundaries();
	test_scoring();
	test_large();
	return check_done("router");
}
