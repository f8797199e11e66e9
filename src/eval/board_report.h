/* board_report.h: the leaderboard (board.h) as a Markdown document or a
 * self-contained HTML page with an inline SVG chart of scores by adapter and
 * semester, plus the small text pieces the terminal table shares with them.
 *
 * Every string that comes from the registry or the archive (domains,
 * descriptions, semesters, verdicts, paths) is escaped for the format it goes
 * into. The board and registry are borrowed; returned strings are the caller's.
 */
#ifndef LOCO_BOARD_REPORT_H
#define LOCO_BOARD_REPORT_H

#include <stddef.h>

#include "board.h"
#include "util.h"

struct registry;

/* "2026-S1 61.0 → 2026-S2 72.5": the latest score of each semester, in points. */
char *board_trend_text(const struct board_entry *e);

/* "1 result on another version of the dataset is not comparable and not ranked". */
char *board_stale_text(size_t not_comparable);

/* Appends s with & < > " ' replaced by entities. */
void html_escape(struct strbuf *sb, const char *s);
/* Text that stays text in a Markdown table cell (markup escaped, line breaks
 * as spaces); bench's report uses it too. */
void md_escape(struct strbuf *sb, const char *s);

char *board_markdown(const struct board *b, const struct registry *reg);
char *board_html(const struct board *b, const struct registry *reg);

#endif
