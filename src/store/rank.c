/* rank.c: how well a registry entry matches `adapters search` text (see
 * rank.h). */
#define _GNU_SOURCE
#include "rank.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

static char *fold(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	text_fold(&sb, s, strlen(s));
	return sb_detach(&sb);
}

/* exact, prefix or inside: the three grades of a field match. */
static int grade(const char *field, const char *word, int exact, int prefix, int inside)
{
	size_t n = strlen(word);
	if (!strcmp(field, word))
		return exact;
	if (!strncmp(field, word, n))
		return prefix;
	return strstr(field, word) ? inside : 0;
}

static bool word_char_at(const char *s, size_t i, size_t len)
{
	size_t used;
	return i < len && text_is_alnum(utf8_decode((const unsigned char *)s + i, len - i, &used));
}

/* In the folded description: a whole word 15, a word's start 8, inside 4. */
static int description_grade(const char *desc, const char *word)
{
	size_t n = strlen(word), len = strlen(desc);
	int best = 0;
	for (const char *p = strstr(desc, word); p; p = strstr(p + 1, word)) {
		size_t at = (size_t)(p - desc);
		/* a word starts here when the code point before is not a letter or digit */
		bool starts = true;
		if (at > 0) {
			size_t prev = at - 1;
			while (prev > 0 && ((unsigned char)desc[prev] & 0xc0) == 0x80)
				prev--;
			starts = !word_char_at(desc, prev, len);
		}
		bool ends = !word_char_at(desc, at + n, len);
		int g = starts && ends ? 15 : starts ? 8 : 4;
		if (g > best)
			best = g;
	}
	return best;
}

int adapter_search_score(const struct adapter *a, const char *text)
{
	char *q = fold(text), *name = fold(a->name);
	char *desc = fold(a->description ? a->description : "");
	char **tags = xcalloc(a->n_tags + 1, sizeof *tags);
	for (size_t i = 0; i < a->n_tags; i++)
		tags[i] = fold(a->tags[i]);
	int total = 0, words = 0;
	for (char *save = NULL, *w = strtok_r(q, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		words++;
		int best_tag = 0;
		for (size_t i = 0; i < a->n_tags; i++) {
			int g = grade(tags[i], w, 40, 20, 10);
			if (g > best_tag)
				best_tag = g;
		}
		int s = grade(name, w, 100, 50, 30) + best_tag + description_grade(desc, w);
		if (s == 0) {
			total = 0; /* every word must match somewhere */
			break;
		}
		total += s;
	}
	free_string_list(tags, a->n_tags);
	free(q);
	free(name);
	free(desc);
	return words ? total : 0;
}
