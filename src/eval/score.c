/* score.c: one function per eval type. Every scorer takes thinking blocks
 * out first (the extractors do), so a model cannot pass by thinking aloud. */
#include "score.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "extract.h"
#include "number.h"
#include "proc.h"
#include "text.h"
#include "textscore.h"
#include "json.h"
#include "util.h"

static void pass_fail(struct item_score *s, bool ok)
{
	s->correct = ok;
	s->score = ok ? 1 : 0;
}

/* numeric: the extracted number against the expected one by
 * numbers_equal(): integers exactly, other numbers within 1e-6. */
static void score_numeric(const struct eval_item *it, const char *response, struct item_score *s)
{
	struct extracted e;
	extract_numeric(response, &e);
	if (e.found)
		s->extracted = xstrdup(e.text);
	pass_fail(s, e.found && it->expected && numbers_equal(e.text, it->expected));
	extracted_free(&e);
}

/* Under normalize, two answers that are each one number compare as numbers
 * (answer_normalize has already written every number inside a text the same
 * way, so "40.50%" and "40.5%" are the same text). */
static bool normalized_equal(const char *a, const char *b)
{
	return !strcmp(a, b) || numbers_equal(a, b);
}

/* exact_match: the pattern's last match (or first, with "match": "first"),
 * group 1 when it has one, in both the response and the expected answer;
 * an expected answer the pattern does not match is the answer itself.
 * Without a pattern: the final line against the whole answer, normalized. */
static void score_exact(const struct eval_item *it, const char *response, struct item_score *s)
{
	const char *pattern = item_config_string(it, "extract_pattern");
	const char *match = item_config_string(it, "match");
	enum pattern_pick pick = match && !strcmp(match, "first") ? PATTERN_FIRST : PATTERN_LAST;
	bool normalize = !pattern || json_true(it->config, "normalize");
	struct extracted got, want;
	if (pattern) {
		extract_pattern_pick(response, pattern, normalize, pick, &got, NULL);
		extract_pattern_pick(it->expected, pattern, normalize, pick, &want, NULL);
	} else {
		extract_final_line(response, &got);
		memset(&want, 0, sizeof want);
	}
	if (!want.found) {
		extracted_free(&want);
		want.found = true;
		want.text = normalize ? answer_normalize(it->expected) : xstrdup(it->expected);
	}
	if (got.found)
		s->extracted = xstrdup(got.text);
	pass_fail(s, got.found && (normalize ? normalized_equal(got.text, want.text)
	                                     : !strcmp(got.text, want.text)));
	extracted_free(&got);
	extracted_free(&want);
}

/* analysis / contains: the expected answer, case-folded, inside the response. */
static void score_contains(const struct eval_item *it, const char *response, struct item_score *s)
{
	char *text = strip_thinking(response);
	struct strbuf hay = STRBUF_INIT, needle = STRBUF_INIT;
	sb_adds(&hay, "");
	sb_adds(&needle, "");
	text_fold(&hay, text, strlen(text));
	text_fold(&needle, it->expected, strlen(it->expected));
	pass_fail(s, needle.len && strstr(hay.buf, needle.buf) != NULL);
	sb_free(&hay);
	sb_free(&needle);
	free(text);
}

static const char python_syntax_check[] = "import ast, sys\n"
                                          "try:\n"
                                          "    ast.parse(sys.stdin.read())\n"
                                          "except SyntaxError as e:\n"
                                          "    print(f'line {e.lineno}: {e.msg}')\n"
                                          "    sys.exit(1)\n";

/* code: the response's Python parses and every answer_keyword occurs in it. */
static void score_code(const struct eval_item *it, const char *response, struct item_score *s)
{
	char *code = extract_code(response);
	s->extracted = xstrdup(code);
	for (size_t i = 0; i < it->n_keywords; i++) {
		if (!strstr(code, it->keywords[i])) {
			s->note = xasprintf("missing keyword '%s'", it->keywords[i]);
			free(code);
			return;
		}
	}
	char *argv[] = {"python3", "-I", "-c", (char *)python_syntax_check, NULL};
	struct proc_result r;
	char *err = NULL;
	if (proc_run(argv, code, 20, 4096, &r, &err) < 0) {
		s->note = err;
	} else {
		if (r.status == 0)
			pass_fail(s, true);
		else
			s->note = r.timed_out
			              ? xstrdup("syntax check timed out")
			              : xasprintf("syntax error: %s", r.out[0] ? r.out : r.err);
		proc_result_free(&r);
	}
	free(code);
}

static void score_rouge(const struct eval_item *it, const char *response, struct item_score *s)
{
	char *text = strip_thinking(response);
	s->score = rouge_l_f1(text, it->expected);
	s->correct = s->score >= item_config_number(it, "threshold", 0.3);
	free(text);
}

/* f1: SQuAD v1.1 token F1 of the whole response (thinking removed), or of
 * its last non-empty line with "answer_line": "last"; the best over the gold
 * answers when there are several. An item counts as correct from 0.5 up. */
static void score_f1(const struct eval_item *it, const char *response, struct item_score *s)
{
	char *text = strip_thinking(response);
	const char *line = item_config_string(it, "answer_line");
	if (line && !strcmp(line, "last")) {
		char *last = last_nonempty_line(text);
		free(text);
		text = last;
		s->extracted = xstrdup(text);
	}
	double best = 0;
	if (it->n_answers)
		for (size_t i = 0; i < it->n_answers; i++)
			best = fmax(best, token_f1(text, it->answers[i]));
	else
		best = token_f1(text, it->expected);
	s->score = best;
	s->correct = best >= 0.5;
	free(text);
}

/* custom: an external command reads {"response","expected","item"} and prints a score. */
static void score_custom(const struct eval_item *it, const char *response, struct item_score *s)
{
	cJSON *in = cJSON_CreateObject();
	cJSON_AddStringToObject(in, "response", response);
	cJSON_AddItemToObject(in, "expected",
	                      it->expected ? cJSON_CreateString(it->expected) : cJSON_CreateNull());
	cJSON *item = cJSON_AddObjectToObject(in, "item");
	cJSON_AddStringToObject(item, "id", it->id);
	cJSON_AddStringToObject(item, "prompt", it->prompt);
	if (it->config)
		cJSON_AddItemToObject(item, "evaluation_config", cJSON_Duplicate(it->config, true));
	char *text = cJSON_PrintUnformatted(in);
	cJSON_Delete(in);
	char *argv[] = {"sh", "-c", (char *)item_config_string(it, "command"), NULL};
	struct proc_result r;
	char *err = NULL;
	if (proc_run(argv, text, item_config_number(it, "timeout", 30), 4096, &r, &err) < 0) {
		s->note = err;
	} else {
		double v;
		char *out = r.out;
		out[strcspn(out, "\r\n")] = '\0';
		if (r.timed_out)
			s->note = xstrdup("the scorer command timed out");
		else if (r.status != 0)
			s->note =
			    xasprintf("the scorer command failed (exit %d): %s", r.status, r.err);
		else if (!parse_double(out, &v) || v < 0 || v > 1)
			s->note = xasprintf(
			    "the scorer command printed '%s', not a score in [0, 1]", out);
		else {
			s->score = v;
			s->correct = v >= 0.5;
		}
		proc_result_free(&r);
	}
	free(text);
}

void score_item(const struct eval_item *it, const char *response, struct score_env *env,
                struct item_score *out)
{
	memset(out, 0, sizeof *out);
	const char *t = it->type;
	if (!strcmp(t, "numeric"))
		score_numeric(it, response, out);
	else if (!strcmp(t, "exact_match"))
		score_exact(it, response, out);
	else if (!strcmp(t, "analysis") || !strcmp(t, "contains"))
		score_contains(it, response, out);
	else if (!strcmp(t, "code"))
		score_code(it, response, out);
	else if (!strcmp(t, "rouge"))
		score_rouge(it, response, out);
	else if (!strcmp(t, "f1"))
		score_f1(it, response, out);
	else if (!strcmp(t, "custom"))
		score_custom(it, response, out);
	else if (!strcmp(t, "code_execution"))
		score_code_execution(it, response, env, out);
	else
		out->note = xasprintf("no scorer for type '%s'", t);
}

void item_score_free(struct item_score *s)
{
	free(s->extracted);
	free(s->note);
	memset(s, 0, sizeof *s);
}
