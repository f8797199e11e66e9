/* extract.c: answers out of responses. The numeric rules are PCRE2 patterns
 * tried in SPEC order; within a rule the last match wins (a response states its
 * final answer last). Patterns are compiled once, with JIT. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "extract.h"

#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "think.h"
#include "util.h"

/* A number: optional sign (not glued to a word, so "10-20" has no -20),
 * optional "$", thousands groups or plain digits, optional decimals. */
#define NUM                                                                                        \
	"((?:(?<![\\w)\\]])[-+\\x{2212}])?\\$?\\s?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)(?!["  \
	"\\d,]\\d)"

struct rule {
	const char *name;
	const char *pattern;
	pcre2_code *re;
};

static struct rule numeric_rules[] = {
    {"####", "####\\s*" NUM, NULL},
    {"answer is",
     "(?:\\bthe\\s+(?:final\\s+)?answer\\s+is|\\banswer\\s*(?:is\\s*)?:)\\s*:?\\s*(?:\\\\\\(|\\$\\$"
     "?)?\\s*" NUM,
     NULL},
    {"boxed", "\\\\boxed\\{\\s*(?:\\$\\s*)?" NUM, NULL},
    {"= N", "=\\s*(?:\\$\\s*)?" NUM "\\s*\\$?\\s*[.!]?[ \\t]*$", NULL},
    {"last number", NUM, NULL},
};

static pcre2_code *compile(const char *pattern, uint32_t extra, char **err)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | extra,
	                               &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		set_err(err, "pattern '%s' does not compile: %s at offset %zu", pattern,
		        (const char *)msg, (size_t)off);
		return NULL;
	}
	if (loco_use_jit())
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
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

/* "$1,200.50" -> 1200.5 and its canonical text. */
static void set_number(struct extracted *out, const char *s, size_t n, const char *rule)
{
	char buf[64];
	size_t k = 0;
	bool neg = false;
	for (size_t i = 0; i < n && k < sizeof buf - 1; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '-' || (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x88 &&
		                 (unsigned char)s[i + 2] == 0x92))
			neg = true;
		if ((c >= '0' && c <= '9') || c == '.')
			buf[k++] = (char)c;
	}
	buf[k] = '\0';
	double v = strtod(buf, NULL);
	out->found = out->numeric = true;
	out->value = neg ? -v : v;
	if (out->value == 0)
		out->value = 0; /* no "-0" */
	free(out->text);
	out->text = xasprintf("%.15g", out->value);
	out->rule = rule;
}

/* The last match of rule r in s: group 1 span. */
static bool last_match(pcre2_code *re, const char *s, size_t n, size_t *a, size_t *b)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	bool found = false;
	for (size_t at = 0; at <= n;) {
		if (pcre2_match(re, (PCRE2_SPTR)s, n, at, 0, md, NULL) < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		*a = ov[2];
		*b = ov[3];
		found = true;
		at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	pcre2_match_data_free(md);
	return found;
}

void extract_numeric(const char *response, struct extracted *out)
{
	memset(out, 0, sizeof *out);
	char *text = strip_thinking(response);
	size_t n = strlen(text);
	for (size_t i = 0; i < LOCO_ARRAY_LEN(numeric_rules); i++) {
		struct rule *r = &numeric_rules[i];
		if (!r->re)
			r->re = compile(r->pattern, PCRE2_CASELESS | PCRE2_MULTILINE, NULL);
		size_t a, b;
		if (r->re && last_match(r->re, text, n, &a, &b)) {
			set_number(out, text + a, b - a, r->name);
			break;
		}
	}
	free(text);
}

char *answer_normalize(const char *s)
{
	struct strbuf folded = STRBUF_INIT;
	sb_adds(&folded, "");
	text_fold(&folded, s, strlen(s));
	const char *p = folded.buf;
	size_t n = folded.len;
	/* trim blanks, quotes and final punctuation, in any order ("**42**." ) */
	for (bool changed = true; changed && n;) {
		size_t before = n;
		while (n && strchr(" \t\r\n*`\"'", p[0]))
			p++, n--;
		while (n && strchr(" \t\r\n*`\"'.!?;:", p[n - 1]))
			n--;
		changed = n != before;
	}
	struct strbuf out = STRBUF_INIT;
	sb_adds(&out, "");
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '$' || c == '*' || c == '`') /* currency and markdown emphasis */
			continue;
		if (c == ',' && i > 0 && i + 1 < n && p[i - 1] >= '0' && p[i - 1] <= '9' &&
		    p[i + 1] >= '0' && p[i + 1] <= '9')
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (out.len && out.buf[out.len - 1] == ' ')
				continue;
			c = ' ';
		}
		sb_add(&out, &c, 1);
	}
	while (out.len && out.buf[out.len - 1] == ' ')
		out.buf[--out.len] = '\0';
	sb_free(&folded);
	return sb_detach(&out);
}

/* A normalized answer that is a plain number compares as a number too. */
static void set_text(struct extracted *out, const char *s, size_t n, const char *rule)
{
	char *raw = xstrndup(s, n);
	out->text = answer_normalize(raw);
	free(raw);
	out->found = out->text[0] != '\0';
	out->rule = rule;
	double v;
	if (out->found && parse_double(out->text, &v)) {
		out->numeric = true;
		out->value = v;
	}
	if (!out->found) {
		free(out->text);
		out->text = NULL;
	}
}

int extract_pattern(const char *response, const char *pattern, bool normalize,
                    struct extracted *out, char **err)
{
	memset(out, 0, sizeof *out);
	pcre2_code *re = compile(pattern, 0, err);
	if (!re)
		return -1;
	char *text = strip_thinking(response);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	if (pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) >= 0) {
		uint32_t groups = 0;
		pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t a = ov[groups ? 2 : 0], b = ov[groups ? 3 : 1];
		if (a != PCRE2_UNSET) {
			if (normalize) {
				set_text(out, text + a, b - a, "pattern");
			} else {
				out->text = xstrndup(text + a, b - a);
				out->found = true;
				out->rule = "pattern";
			}
		}
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	free(text);
	return 0;
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

bool answers_equal(const struct extracted *a, const struct extracted *b)
{
	if (!a->found || !b->found)
		return false;
	if (a->numeric && b->numeric) {
		double d = fabs(a->value - b->value);
		return d <= 1e-6 * fmax(fabs(a->value), fabs(b->value));
	}
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
