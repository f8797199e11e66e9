/* tally.c: majority over extracted answers, and the best-of-n judge's prompt
 * and pick. Answers that compare equal (numbers at 1e-6, else normalized
 * text) are one answer; samples without one do not vote. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "tally.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum vote_extractor vote_extractor_for(const char *eval_type)
{
	if (eval_type && !strcmp(eval_type, "numeric"))
		return VOTE_NUMERIC;
	if (eval_type && !strcmp(eval_type, "exact_match"))
		return VOTE_PATTERN;
	if (eval_type && (!strcmp(eval_type, "code_execution") || !strcmp(eval_type, "code")))
		return VOTE_CODE;
	return VOTE_FINAL_LINE;
}

/* Code compares as its lines without trailing blanks, blank lines or
 * comment-only lines: two samples that differ only there agree. */
static void extract_code_answer(const char *response, struct extracted *out)
{
	char *code = extract_code(response);
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (const char *p = code; *p;) {
		size_t n = strcspn(p, "\n");
		size_t end = n;
		while (end && (p[end - 1] == ' ' || p[end - 1] == '\t' || p[end - 1] == '\r'))
			end--;
		size_t lead = strspn(p, " \t");
		if (end > lead && p[lead] != '#')
			sb_addf(&sb, "%.*s\n", (int)end, p);
		p += n + (p[n] == '\n');
	}
	memset(out, 0, sizeof *out);
	if (sb.len) {
		out->found = true;
		out->text = sb_detach(&sb);
		out->rule = "code";
	} else {
		sb_free(&sb);
	}
	free(code);
}

static void extract_one(struct vote_sample *s, enum vote_extractor how, const char *pattern,
                        enum pattern_pick pick)
{
	extracted_free(&s->answer);
	if (!s->response)
		return;
	if (how == VOTE_CODE)
		extract_code_answer(s->response, &s->answer);
	else if (how == VOTE_NUMERIC)
		extract_numeric(s->response, &s->answer);
	else if (how != VOTE_PATTERN || !pattern ||
	         extract_pattern_pick(s->response, pattern, true, pick, &s->answer, NULL) < 0)
		extract_final_line(s->response, &s->answer);
}

static int cmp_counts(const void *a, const void *b)
{
	const struct vote_count *x = a, *y = b;
	if (x->count != y->count)
		return y->count - x->count;
	return x->first - y->first;
}

void vote_majority(struct vote_sample *s, size_t n, enum vote_extractor how, const char *pattern,
                   enum pattern_pick pick, struct vote_tally *t)
{
	memset(t, 0, sizeof *t);
	t->winner = -1;
	t->counts = xcalloc(n ? n : 1, sizeof *t->counts);
	for (size_t i = 0; i < n; i++) {
		extract_one(&s[i], how, pattern, pick);
		t->samples += s[i].response != NULL;
		s[i].voted = s[i].answer.found;
		if (!s[i].voted)
			continue;
		t->voters++;
		size_t g;
		for (g = 0; g < t->n_counts; g++)
			if (answers_equal(&s[t->counts[g].first].answer, &s[i].answer))
				break;
		if (g == t->n_counts) {
			t->counts[g].answer = xstrdup(s[i].answer.text);
			t->counts[g].first = (int)i;
			t->n_counts++;
		}
		t->counts[g].count++;
	}
	qsort(t->counts, t->n_counts, sizeof *t->counts, cmp_counts);
	if (t->n_counts)
		t->winner = t->counts[0].first;
	else
		t->no_answers = true;
}

bool vote_settled(const struct vote_tally *t, int unfinished)
{
	if (!t->n_counts)
		return false;
	int second = t->n_counts > 1 ? t->counts[1].count : 0;
	return t->counts[0].count > second + unfinished;
}

double vote_agreement(const struct vote_tally *t)
{
	if (!t->n_counts || t->samples <= 0)
		return 0;
	return (double)t->counts[0].count / t->samples;
}

void vote_tally_free(struct vote_tally *t)
{
	for (size_t i = 0; i < t->n_counts; i++)
		free(t->counts[i].answer);
	free(t->counts);
	memset(t, 0, sizeof *t);
}

/* An answer as one line of a tally: code shows its first line. */
/* The tally stays one short line: each answer's first line, at most this
 * many bytes of it (cut between characters), and this many others. */
#define TALLY_ANSWER_MAX 40
#define TALLY_OTHERS_MAX 5

static void add_answer(struct strbuf *sb, const char *answer)
{
	size_t line = strcspn(answer, "\n"), n = line;
	if (n > TALLY_ANSWER_MAX) {
		n = TALLY_ANSWER_MAX;
		while (n && ((unsigned char)answer[n] & 0xC0) == 0x80)
			n--;
	}
	sb_add(sb, answer, n);
	if (n < line || (answer[line] && answer[line + 1]))
		sb_adds(sb, " ...");
}

char *vote_tally_text(const struct vote_tally *t)
{
	if (!t->n_counts)
		return xasprintf("0/%d samples gave an answer", t->samples);
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%d/%d agree on ", t->counts[0].count, t->samples);
	add_answer(&sb, t->counts[0].answer);
	for (size_t i = 1; i < t->n_counts && i <= TALLY_OTHERS_MAX; i++) {
		sb_adds(&sb, i == 1 ? "; others: " : ", ");
		add_answer(&sb, t->counts[i].answer);
		sb_addf(&sb, " (%d)", t->counts[i].count);
	}
	if (t->n_counts > TALLY_OTHERS_MAX + 1)
		sb_addf(&sb, " and %zu more", t->n_counts - TALLY_OTHERS_MAX - 1);
	return sb_detach(&sb);
}

/* " (math 2, algebra)": who gave answer group g, in sample order. */
static void add_labels(struct strbuf *sb, const struct vote_tally *t, size_t g,
                       const struct vote_sample *s, size_t n, const char *const *label)
{
	const struct extracted *a = &s[t->counts[g].first].answer;
	int shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!s[i].voted || !label[i] || !answers_equal(a, &s[i].answer))
			continue;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = s[k].voted && label[k] && !strcmp(label[k], label[i]) &&
			       answers_equal(a, &s[k].answer);
		if (seen)
			continue;
		int times = 0;
		for (size_t k = i; k < n; k++)
			times += s[k].voted && label[k] && !strcmp(label[k], label[i]) &&
			         answers_equal(a, &s[k].answer);
		sb_addf(sb, "%s%s", shown++ ? ", " : "", label[i]);
		if (times > 1)
			sb_addf(sb, " %d", times);
	}
}

char *vote_tally_text_by(const struct vote_tally *t, const struct vote_sample *s, size_t n,
                         const char *const *label)
{
	if (!t->n_counts)
		return xasprintf("0/%d samples gave an answer", t->samples);
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%d/%d agree on ", t->counts[0].count, t->samples);
	add_answer(&sb, t->counts[0].answer);
	sb_adds(&sb, " (");
	add_labels(&sb, t, 0, s, n, label);
	sb_adds(&sb, ")");
	for (size_t i = 1; i < t->n_counts && i <= TALLY_OTHERS_MAX; i++) {
		sb_adds(&sb, i == 1 ? "; others: " : ", ");
		add_answer(&sb, t->counts[i].answer);
		sb_addf(&sb, " (%d: ", t->counts[i].count);
		add_labels(&sb, t, i, s, n, label);
		sb_adds(&sb, ")");
	}
	if (t->n_counts > TALLY_OTHERS_MAX + 1)
		sb_addf(&sb, " and %zu more", t->n_counts - TALLY_OTHERS_MAX - 1);
	return sb_detach(&sb);
}

char *best_of_n_prompt(const char *question, const struct vote_sample *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb,
	        "Several answers were written for the question below. Decide which one is "
	        "the most accurate and complete.\n\nQuestion:\n%s\n",
	        question);
	int k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i].response)
			sb_addf(&sb, "\nResponse %d:\n%s\n", ++k, s[i].response);
	sb_addf(&sb,
	        "\nWhich response is best? Reply with its number (1 to %d) on the last line, "
	        "as \"Best: N\".",
	        k);
	return sb_detach(&sb);
}

int best_of_n_pick(const char *judge_reply, const struct vote_sample *s, size_t n)
{
	int offered = 0;
	for (size_t i = 0; i < n; i++)
		offered += s[i].response != NULL;
	/* Prefer an explicit "Best: N" / "Response N"; else the last number in range. */
	struct extracted e;
	int pick = -1;
	if (extract_pattern(judge_reply, "(?i)\\bbest\\W{0,3}(?:response\\s*)?#?(\\d+)", false, &e,
	                    NULL) == 0 &&
	    e.found)
		pick = atoi(e.text);
	extracted_free(&e);
	if (pick < 1 || pick > offered) {
		pick = -1;
		extract_numeric(judge_reply, &e);
		if (e.found && e.value >= 1 && e.value <= offered && e.value == (int)e.value)
			pick = (int)e.value;
		extracted_free(&e);
	}
	if (pick < 1)
		return -1;
	for (size_t i = 0, k = 0; i < n; i++)
		if (s[i].response && (int)++k == pick)
			return (int)i;
	return -1;
}
