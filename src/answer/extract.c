/* extract.c: answers out of responses. The numeric rules are PCRE2 patterns
 * tried in SPEC order; within a rule the last match wins (a response states its
 * final answer last), and number.c reads what they find exactly. Patterns are
 * compiled once, with JIT. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "extract.h"

#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "number.h"
#include "text.h"
#include "think.h"
#include "util.h"

/* One number, in the forms number.h reads. No capturing groups, so rules can
 * wrap it in their own.
 * - A sign only when not glued to a word or a closing bracket ("10-20" has
 *   no -20), and glued to what it signs.
 * - Never the tail of another number: not after a digit or "3,", "2.",
 *   "3:", "/" ("3,14159", "2.0.1", "3:30" and "3/4/2024" give no number).
 * - Never followed by a digit or by ".5", ",5", ":5", "/5" (same reason). */
#define NUM_SIGN                                                                                   \
	"(?:(?<![\\w)\\]])[-+\\x{2212}](?=[$\\x{20ac}\\x{a3}]?\\s?(?:\\d|\\.\\d|\\\\[dt]?frac)))?"
#define NUM_CURRENCY "(?:[$\\x{20ac}\\x{a3}]\\s?)?"
#define NUM_START    "(?<!\\d)(?<!\\d[.,:])(?<!/)"
#define NUM_END      "(?!\\d|[.,:/]\\d)"
#define NUM_FRAC_ARG "\\s*\\{\\s*\\d+(?:\\.\\d+)?\\s*\\}"
#define NUM_LATEX    "(?:\\d+\\s*)?\\\\[dt]?frac(?:" NUM_FRAC_ARG NUM_FRAC_ARG "|\\s*\\d\\d(?!\\d))"
#define NUM_BODY                                                                                   \
	"(?:\\d+[ \\t]+\\d+/\\d+|\\d+/\\d+"                                                        \
	"|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,2}(?:,\\d{2})+,\\d{3}(?:\\.\\d+)?"                \
	"|\\d+,\\d{1,2}|\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d{1,3}(?!\\d))?|(?<![\\w.])\\.\\d+)"
#define NUM NUM_SIGN NUM_CURRENCY NUM_START "(?:" NUM_LATEX "|" NUM_BODY NUM_END ")"

/* What may stand between "the answer is" and its number: blanks, markdown,
 * math delimiters, \boxed{, and a few hedges. */
#define ANSWER_FILLER                                                                              \
	"(?:\\s|[*_:=~\\x{2248}]|\\\\[(\\[]|\\$|\\\\(?:boxed|text|textbf|mathbf|mathrm)\\s*\\{"    \
	"|\\b(?:approximately|about|roughly|around|exactly|equal\\s+to)\\b)*"

/* "0.1 + 0.2 = 0.3" after the answer's first number: the result is the answer. */
#define ANSWER_TAIL                                                                                \
	"(?:\\s*(?:[-+*/x\\x{d7}\\x{f7}^]|\\\\times|\\\\cdot|\\\\div)\\s*\\(?\\s*" NUM             \
	"\\s*\\)?)+\\s*=\\s*(?:\\$\\s*)?(" NUM ")"

enum numeric_pattern {
	P_HASH,
	P_MARKER,
	P_FILLER,
	P_NUMBER,
	P_TAIL,
	P_BOXED,
	P_EQUALS,
	P_CORRECTION,
	P_RESTATEMENT,
	P_COUNT
};

static struct {
	const char *pattern;
	pcre2_code *re;
} numeric_patterns[P_COUNT] = {
    [P_HASH] = {"####\\s*(?:\\$\\s*)?(" NUM ")", NULL},
    [P_MARKER] = {"\\bthe\\s+(?:final\\s+)?answer\\s+is\\b|\\b(?:final\\s+)?answer\\s*(?:is\\s*)?"
                  "[:\\x{ff1a}]",
                  NULL},
    [P_FILLER] = {ANSWER_FILLER, NULL},
    [P_NUMBER] = {"(" NUM ")", NULL},
    [P_TAIL] = {ANSWER_TAIL, NULL},
    [P_BOXED] = {"\\\\boxed\\s*\\{\\s*(?:\\$\\s*)?(?:[a-z]\\s*=\\s*)?(" NUM ")", NULL},
    [P_EQUALS] = {"=[ \\t]*(?:\\$[ \\t]*)?(" NUM
                  ")[ \\t]*(?:\\$\\$?|\\\\\\]|\\\\\\))?[ \\t]*[.!]?[ \\t]*$",
                  NULL},
    /* A model that says it got it wrong: its later answer counts. */
    [P_CORRECTION] = {"\\b(?:correction|corrected|oops|wait,?\\s+no|i\\s+made\\s+an?\\s+"
                      "(?:mistake|error)|i\\s+mis(?:counted|calculated|read)|that(?:'s|\\s+is|"
                      "\\s+was)\\s+(?:wrong|incorrect|a\\s+mistake))\\b",
                      NULL},
    /* "3.5 hours, i.e. 3 hours 30 minutes": a restatement, often in other units. */
    [P_RESTATEMENT] = {"\\b(?:i\\.\\s?e\\.|e\\.\\s?g\\.|that\\s+is\\s+to\\s+say|that\\s+is,|in\\s+"
                       "other\\s+words)[^\\n]*?(?=[.!?;](?:\\s|$)|\\)|\\n|$)",
                       NULL},
};

static pcre2_code *compile(const char *pattern, uint32_t extra, char **err)
{
	char *why = NULL;
	pcre2_code *re = pattern_compile(
	    pattern, PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | extra, true, &why);
	if (!re) {
		set_err(err, "pattern '%s' does not compile: %s", pattern, why);
		free(why);
	}
	return re;
}

void extracted_free(struct extracted *e)
{
	free(e->text);
	memset(e, 0, sizeof *e);
}

char *strip_thinking(const char *response)
{
	struct think_filter f;
	struct strbuf answer = STRBUF_INIT, thinking = STRBUF_INIT;
	sb_adds(&answer, "");
	think_filter_init(&f);
	think_filter_feed(&f, response, strlen(response), &answer, &thinking);
	think_filter_finish(&f, &answer, &thinking);
	think_filter_free(&f);
	sb_free(&thinking);
	return sb_detach(&answer);
}

/* ---- matching ---------------------------------------------------------- */

static pcre2_code *numeric_re(enum numeric_pattern k)
{
	if (!numeric_patterns[k].re)
		numeric_patterns[k].re =
		    compile(numeric_patterns[k].pattern, PCRE2_CASELESS | PCRE2_MULTILINE, NULL);
	return numeric_patterns[k].re;
}

struct span {
	size_t start, end;
};

/* The next offset after an empty match at `at`: past one whole character. */
static size_t next_char_offset(const char *s, size_t n, size_t at)
{
	at++;
	while (at < n && ((unsigned char)s[at] & 0xc0) == 0x80)
		at++;
	return at;
}

/* Every match of re in s, left to right: the span of `group` (0 = the
 * whole match), skipping matches where that group is unset. */
static size_t all_matches(pcre2_code *re, const char *s, size_t n, uint32_t group,
                          struct span **out)
{
	size_t count = 0, cap = 0;
	*out = NULL;
	if (!re)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	for (size_t at = 0; at <= n;) {
		if (pcre2_match(re, (PCRE2_SPTR)s, n, at, 0, md, NULL) < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (ov[2 * group] != PCRE2_UNSET) {
			if (count == cap) {
				cap = cap ? 2 * cap : 16;
				*out = xrealloc(*out, cap * sizeof **out);
			}
			(*out)[count].start = ov[2 * group];
			(*out)[count++].end = ov[2 * group + 1];
		}
		at = ov[1] > ov[0] ? ov[1] : next_char_offset(s, n, ov[0]);
	}
	pcre2_match_data_free(md);
	return count;
}

/* How far past its start an anchored match may reach: a number, its filler
 * and an equation are far shorter. Without the cut PCRE2 looks ahead through
 * the rest of the text for a required character on every call, which made a
 * reply full of markers without numbers quadratic. */
#define ANCHORED_WINDOW 1024

/* A match of re that starts exactly at `at`: the span of group (0 = all). */
static bool match_at(pcre2_code *re, const char *s, size_t n, size_t at, uint32_t group,
                     struct span *out)
{
	if (!re)
		return false;
	size_t end = n - at > ANCHORED_WINDOW ? at + ANCHORED_WINDOW : n;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	bool ok = pcre2_match(re, (PCRE2_SPTR)s, end, at, PCRE2_ANCHORED, md, NULL) >= 0;
	if (ok) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		ok = ov[2 * group] != PCRE2_UNSET;
		if (ok) {
			out->start = ov[2 * group];
			out->end = ov[2 * group + 1];
		}
	}
	pcre2_match_data_free(md);
	return ok;
}

/* ---- the numeric rules ------------------------------------------------- */

/* A number found by a rule: its canonical text and where it ends. */
struct found {
	char *canon;
	const char *rule;
	size_t end;
};

static bool found_span(const char *s, struct span sp, const char *rule, struct found *f)
{
	f->canon = number_canonical(s + sp.start, sp.end - sp.start);
	f->rule = rule;
	f->end = sp.end;
	return f->canon != NULL;
}

/* The last match of pattern k (group 1) that reads as a number. */
static bool last_number_of(enum numeric_pattern k, const char *s, size_t n, const char *rule,
                           struct found *f)
{
	struct span *m;
	size_t count = all_matches(numeric_re(k), s, n, 1, &m);
	bool ok = false;
	for (size_t i = count; i-- > 0 && !ok;)
		ok = found_span(s, m[i], rule, f);
	free(m);
	return ok;
}

/* The number after one "the answer is" marker ending at `at`: digits or
 * number words, and the result when an equation follows ("0.1 + 0.2 = 0.3"). */
static bool answer_after(const char *s, size_t n, size_t at, struct found *f)
{
	struct span filler, num, tail;
	if (match_at(numeric_re(P_FILLER), s, n, at, 0, &filler))
		at = filler.end;
	if (match_at(numeric_re(P_NUMBER), s, n, at, 1, &num)) {
		if (!found_span(s, num, "answer is", f))
			return false;
		if (match_at(numeric_re(P_TAIL), s, n, num.end, 1, &tail)) {
			struct found t;
			if (found_span(s, tail, "answer is", &t)) {
				free(f->canon);
				*f = t;
			}
		}
		return true;
	}
	size_t used;
	f->canon = number_words(s + at, n - at, &used);
	f->rule = "answer is";
	f->end = at + used;
	return f->canon != NULL;
}

/* The last "the answer is" / "answer:" marker that a number follows. */
static bool answer_is(const char *s, size_t n, struct found *f)
{
	struct span *m;
	size_t count = all_matches(numeric_re(P_MARKER), s, n, 0, &m);
	bool ok = false;
	for (size_t i = count; i-- > 0 && !ok;)
		ok = answer_after(s, n, m[i].end, f);
	free(m);
	return ok;
}

/* The last number, passing over restatements ("i.e. 3 hours 30 minutes")
 * when a number stands outside them. Both lists are in text order and the
 * restatements do not overlap, so one backward walk over each suffices. */
static bool last_number(const char *s, size_t n, struct found *f)
{
	struct span *m, *skip;
	size_t count = all_matches(numeric_re(P_NUMBER), s, n, 1, &m);
	size_t nskip = all_matches(numeric_re(P_RESTATEMENT), s, n, 0, &skip);
	bool ok = false;
	for (size_t i = count, k = nskip; i-- > 0 && !ok;) {
		while (k > 0 && skip[k - 1].start > m[i].start)
			k--;
		bool restated = k > 0 && m[i].start < skip[k - 1].end;
		if (!restated)
			ok = found_span(s, m[i], "last number", f);
	}
	for (size_t i = count; i-- > 0 && !ok;)
		ok = found_span(s, m[i], "last number", f);
	free(m);
	free(skip);
	return ok;
}

/* SPEC section 7's order: the first rule that finds a number wins. */
static bool numeric_rules(const char *s, size_t n, struct found *f)
{
	return last_number_of(P_HASH, s, n, "####", f) || answer_is(s, n, f) ||
	       last_number_of(P_BOXED, s, n, "boxed", f) ||
	       last_number_of(P_EQUALS, s, n, "= N", f) || last_number(s, n, f);
}

/* An explicit answer ("####", "the answer is", \boxed) followed by the model
 * saying it was wrong gives way to what comes after the correction. */
static void apply_correction(const char *s, size_t n, struct found *f)
{
	if (strcmp(f->rule, "####") && strcmp(f->rule, "answer is") && strcmp(f->rule, "boxed"))
		return;
	struct span *m;
	size_t count = all_matches(numeric_re(P_CORRECTION), s, n, 0, &m);
	if (count && m[count - 1].start >= f->end) {
		size_t at = m[count - 1].end;
		struct found later;
		if (numeric_rules(s + at, n - at, &later)) {
			free(f->canon);
			*f = later;
			f->rule = "correction";
		}
	}
	free(m);
}

static void set_number(struct extracted *out, char *canon, const char *rule)
{
	out->found = out->numeric = true;
	out->text = canon;
	out->value = number_value(canon);
	out->rule = rule;
}

void extract_numeric(const char *response, struct extracted *out)
{
	memset(out, 0, sizeof *out);
	char *text = strip_thinking(response);
	size_t n = strlen(text);
	struct found f;
	if (numeric_rules(text, n, &f)) {
		apply_correction(text, n, &f);
		set_number(out, f.canon, f.rule);
	}
	free(text);
}

/* ---- normalization ----------------------------------------------------- */

static bool ascii_word_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_';
}

/* Rewrites every standalone number of s in canonical form ("40.50" is
 * "40.5", "1,234" is "1234", "007" is "7") and glues "%" to it ("40.5 %").
 * Runs that are not one number ("1.10.2", "2,3,5") stay as they are. */
static char *canonical_numbers(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	sb_adds(&out, "");
	for (size_t i = 0; s[i];) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		bool point = s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9';
		/* not standalone after a letter, a point, or a digit's comma ("0,.0"
		 * stays: rewriting its ".0" would make "0,0", a decimal comma) */
		bool glued =
		    i && (ascii_word_char(s[i - 1]) || s[i - 1] == '.' ||
		          (s[i - 1] == ',' && i > 1 && s[i - 2] >= '0' && s[i - 2] <= '9'));
		if (!(digit || point) || glued) {
			sb_add(&out, s + i, 1);
			i++;
			continue;
		}
		size_t j = i;
		while ((s[j] >= '0' && s[j] <= '9') ||
		       ((s[j] == '.' || s[j] == ',') && s[j + 1] >= '0' && s[j + 1] <= '9'))
			j++;
		char *c = ascii_word_char(s[j]) ? NULL : number_canonical(s + i, j - i);
		if (c) {
			sb_adds(&out, c);
			size_t k = j + strspn(s + j, " ");
			if (k > j && s[k] == '%')
				j = k;
		} else {
			sb_add(&out, s + i, j - i);
		}
		free(c);
		i = j;
	}
	return sb_detach(&out);
}

char *answer_normalize(const char *s)
{
	struct strbuf folded = STRBUF_INIT, out = STRBUF_INIT;
	sb_adds(&folded, "");
	text_fold(&folded, s, strlen(s));
	/* currency and markdown emphasis go first, so that what they stood
	 * next to is trimmed too ("$ 42" is "42", "42.$" is "42") */
	sb_adds(&out, "");
	for (size_t i = 0; i < folded.len; i++)
		if (!strchr("$*`", folded.buf[i]))
			sb_add(&out, folded.buf + i, 1);
	const char *p = out.buf;
	size_t n = out.len;
	/* trim blanks, quotes and final punctuation, in any order ("**42**." ) */
	for (bool changed = true; changed && n;) {
		size_t before = n;
		while (n && strchr(" \t\r\n\"'", p[0]))
			p++, n--;
		while (n && strchr(" \t\r\n\"'.!?;:", p[n - 1]))
			n--;
		changed = n != before;
	}
	sb_reset(&folded);
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (folded.len && folded.buf[folded.len - 1] == ' ')
				continue;
			c = ' ';
		}
		sb_add(&folded, &c, 1);
	}
	sb_free(&out);
	char *canon = canonical_numbers(folded.buf);
	sb_free(&folded);
	return canon;
}

/* A normalized answer that is one number compares as a number too. */
static void set_text(struct extracted *out, const char *s, size_t n, const char *rule)
{
	char *raw = xstrndup(s, n);
	out->text = answer_normalize(raw);
	free(raw);
	out->found = out->text[0] != '\0';
	out->rule = rule;
	char *canon = out->found ? number_canonical(out->text, strlen(out->text)) : NULL;
	if (canon) {
		out->numeric = true;
		out->value = number_value(canon);
		free(out->text);
		out->text = canon;
	}
	if (!out->found) {
		free(out->text);
		out->text = NULL;
	}
}

int extract_pattern_pick(const char *response, const char *pattern, bool normalize,
                         enum pattern_pick pick, struct extracted *out, char **err)
{
	memset(out, 0, sizeof *out);
	pcre2_code *re = compile(pattern, 0, err);
	if (!re)
		return -1;
	char *text = strip_thinking(response);
	size_t n = strlen(text);
	uint32_t groups = 0;
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
	struct span *m;
	size_t count = all_matches(re, text, n, groups ? 1 : 0, &m);
	if (count) {
		struct span sp = m[pick == PATTERN_FIRST ? 0 : count - 1];
		if (normalize) {
			set_text(out, text + sp.start, sp.end - sp.start, "pattern");
		} else {
			out->text = xstrndup(text + sp.start, sp.end - sp.start);
			out->found = true;
			out->rule = "pattern";
		}
	}
	free(m);
	pcre2_code_free(re);
	free(text);
	return 0;
}

int extract_pattern(const char *response, const char *pattern, bool normalize,
                    struct extracted *out, char **err)
{
	return extract_pattern_pick(response, pattern, normalize, PATTERN_FIRST, out, err);
}

void extract_final_line(const char *response, struct extracted *out)
{
	memset(out, 0, sizeof *out);
	char *text = strip_thinking(response);
	size_t n = strlen(text);
	while (n) {
		size_t end = n;
		while (n && text[n - 1] != '\n')
			n--;
		char *line = xstrndup(text + n, end - n);
		set_text(out, line, strlen(line), "final line");
		free(line);
		if (out->found)
			break;
		if (n)
			n--; /* skip the '\n' and look at the line before */
	}
	free(text);
}

char *last_nonempty_line(const char *text)
{
	size_t n = strlen(text);
	while (n) {
		size_t end = n;
		while (n && text[n - 1] != '\n')
			n--;
		if (strspn(text + n, " \t\r") < end - n)
			return xstrndup(text + n, end - n);
		if (n)
			n--;
	}
	return xstrdup("");
}

bool answers_equal(const struct extracted *a, const struct extracted *b)
{
	if (!a->found || !b->found || !a->text || !b->text)
		return false;
	if (a->numeric && b->numeric)
		return numbers_equal(a->text, b->text);
	return !strcmp(a->text, b->text);
}

/* A fence line opens a block when it is ``` alone or followed by a language
 * tag; python blocks and bare blocks count, other languages do not. */
static bool fence_is_code(const char *tag, size_t n)
{
	while (n && (tag[n - 1] == ' ' || tag[n - 1] == '\r' || tag[n - 1] == '\t'))
		n--;
	return n == 0 || (n == 6 && !strncmp(tag, "python", 6)) ||
	       (n == 2 && !strncmp(tag, "py", 2)) || (n == 7 && !strncmp(tag, "python3", 7));
}

char *extract_code(const char *response)
{
	char *text = strip_thinking(response);
	struct strbuf code = STRBUF_INIT;
	sb_adds(&code, "");
	bool inside = false, keep = false, any = false;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		const char *line = p;
		p += n + (p[n] == '\n');
		const char *t = line;
		while (t < line + n && (*t == ' ' || *t == '\t'))
			t++;
		if ((size_t)(line + n - t) >= 3 && !strncmp(t, "```", 3)) {
			if (!inside) {
				keep = fence_is_code(t + 3, (size_t)(line + n - t - 3));
				any |= keep;
			}
			inside = !inside;
			continue;
		}
		if (inside && keep) {
			sb_add(&code, line, n);
			sb_add(&code, "\n", 1);
		}
	}
	if (!any) {
		sb_free(&code);
		return text;
	}
	free(text);
	return sb_detach(&code);
}
