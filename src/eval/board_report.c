/* board_report.c: the leaderboard as Markdown and as one self-contained HTML
 * page (inline CSS and SVG, no scripts, no external assets), see board_report.h. */
#include "board_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

char *board_trend_text(const struct board_entry *e)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < e->n_trend; i++)
		sb_addf(&sb, "%s%s %.1f", i ? " \u2192 " : "", e->trend[i].semester,
		        100 * e->trend[i].score);
	return sb_detach(&sb);
}

char *board_stale_text(size_t n)
{
	return xasprintf("%zu result%s on another version of the dataset %s not comparable and not "
	                 "ranked",
	                 n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
}

void html_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			sb_adds(sb, "&amp;");
			break;
		case '<':
			sb_adds(sb, "&lt;");
			break;
		case '>':
			sb_adds(sb, "&gt;");
			break;
		case '"':
			sb_adds(sb, "&quot;");
			break;
		case '\'':
			sb_adds(sb, "&#39;");
			break;
		default:
			sb_add(sb, s, 1);
		}
	}
}

/* ---- Markdown ------------------------------------------------------------ */

/* Text that stays text in a Markdown table cell: the characters that start
 * markup are escaped, HTML's as entities (renderers pass raw HTML through),
 * and a line break would end the row. */
void md_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			sb_adds(sb, "&amp;");
		else if (*s == '<')
			sb_adds(sb, "&lt;");
		else if (*s == '>')
			sb_adds(sb, "&gt;");
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			sb_adds(sb, " ");
		else if (strchr("\\`*_[]|#~", *s))
			sb_addf(sb, "\\%c", *s);
		else
			sb_add(sb, s, 1);
	}
}

/* A code span (paths, commands); text with a backtick stays escaped text. In
 * a table a '|' ends the cell even inside a code span unless escaped. */
static void md_code(struct strbuf *sb, const char *s)
{
	if (strchr(s, '`')) {
		md_escape(sb, s);
		return;
	}
	sb_adds(sb, "`");
	for (; *s; s++) {
		if (*s == '|')
			sb_adds(sb, "\\|");
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			sb_adds(sb, " ");
		else
			sb_add(sb, s, 1);
	}
	sb_adds(sb, "`");
}

static void md_domain(struct strbuf *sb, const struct board_domain *d)
{
	sb_adds(sb, "\n## ");
	md_escape(sb, d->name);
	sb_adds(sb, "\n\n");
	if (d->dataset) {
		sb_adds(sb, "Benchmark: ");
		md_code(sb, d->dataset);
		if (d->reference) {
			sb_adds(sb, " (the dataset of ");
			md_escape(sb, d->reference->name);
			sb_adds(sb, ")");
		}
		sb_adds(sb, "\n\n");
	}
	sb_adds(sb,
	        "| Rank | Active | Adapter | Version | Score | Base | Delta | Verdict | Trend |\n"
	        "|---:|:---:|---|---|---:|---:|---:|---|---|\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct board_entry *e = &d->entries[i];
		if (e->ranked)
			sb_addf(sb, "| %d | %s | ", e->rank, e->adapter->active ? "\\*" : "");
		else
			sb_addf(sb, "| \u2013 | %s | ", e->adapter->active ? "\\*" : "");
		md_escape(sb, e->adapter->name);
		sb_adds(sb, " | ");
		md_escape(sb, e->adapter->version);
		if (e->ranked) {
			char *trend = board_trend_text(e);
			sb_addf(sb, " | %.1f%% | %.1f%% | %+.1f | ", 100 * e->score,
			        100 * e->base_score, 100 * e->delta);
			md_escape(sb, e->verdict);
			sb_adds(sb, " | ");
			md_escape(sb, trend);
			free(trend);
		} else {
			sb_adds(sb, " | \u2013 | \u2013 | \u2013 | not evaluated | run ");
			md_code(sb, e->eval_command);
		}
		sb_adds(sb, " |\n");
	}
	if (d->not_comparable) {
		char *t = board_stale_text(d->not_comparable);
		sb_addf(sb, "\n%s.\n", t);
		free(t);
	}
	if (d->note) {
		sb_adds(sb, "\nNote: ");
		md_escape(sb, d->note);
		sb_adds(sb, ".\n");
	}
}

char *board_markdown(const struct board *b, const struct registry *reg)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "# loco leaderboard\n\nBase model ");
	md_code(&sb, reg->base_ollama_name ? reg->base_ollama_name : "(none)");
	sb_adds(&sb, ", registry ");
	md_code(&sb, reg->path);
	sb_adds(&sb, ". Each adapter is ranked by its latest archived eval on its domain's "
	             "benchmark; Delta is the adapter's score minus the base model's, in points; "
	             "Trend is the latest score of each semester.\n");
	for (size_t i = 0; i < b->n; i++)
		md_domain(&sb, &b->domains[i]);
	if (b->n_skipped)
		sb_addf(&sb,
		        "\n%zu archive file%s could not be read and %s left out (see 'loco "
		        "leaderboard' on stderr).\n",
		        b->n_skipped, b->n_skipped == 1 ? "" : "s",
		        b->n_skipped == 1 ? "is" : "are");
	return sb_detach(&sb);
}

/* ---- HTML ---------------------------------------------------------------- */

/* Colours per semester (colour-blind safe, Okabe-Ito), reused in order. */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                      "#56B4E9", "#D55E00", "#F0E442", "#000000"};

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;"
    "color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}\n"
    "table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.3rem .6rem;text-align:left;"
    "border-bottom:1px solid #eee;vertical-align:top}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.trend{white-space:nowrap}"
    "\n"
    "tr.active td{background:#f3f8fd}.star{color:#0072B2;font-weight:bold}\n"
    ".desc{color:#555;font-size:.85em}.muted,.note{color:#555}\n"
    "code{background:#f4f4f4;padding:0 .2em}figure{margin:1rem 0}\n"
    "svg text{font-family:system-ui,sans-serif;fill:#1b1b1b}\n";

static void html_row(struct strbuf *sb, const struct board_entry *e)
{
	const struct adapter *a = e->adapter;
	sb_addf(sb, "<tr class=\"%s%s\">", e->ranked ? "ranked" : "unranked",
	        a->active ? " active" : "");
	if (e->ranked)
		sb_addf(sb, "<td class=\"num\">%d</td>", e->rank);
	else
		sb_adds(sb, "<td class=\"num\">\u2013</td>");
	sb_adds(sb, "<td>");
	if (a->active)
		sb_adds(sb,
		        "<span class=\"star\" title=\"active adapter of the domain\">*</span> ");
	html_escape(sb, a->name);
	if (a->description) {
		sb_adds(sb, "<div class=\"desc\">");
		html_escape(sb, a->description);
		sb_adds(sb, "</div>");
	}
	sb_adds(sb, "</td><td>");
	html_escape(sb, a->version);
	sb_adds(sb, "</td>");
	if (!e->ranked) {
		sb_adds(sb, "<td colspan=\"5\" class=\"muted\">not evaluated: run <code>");
		html_escape(sb, e->eval_command);
		sb_adds(sb, "</code>");
		if (e->not_comparable)
			sb_addf(sb, " (%zu result%s on another version of the dataset)",
			        e->not_comparable, e->not_comparable == 1 ? "" : "s");
		sb_adds(sb, "</td></tr>\n");
		return;
	}
	sb_addf(sb,
	        "<td class=\"num\">%.1f%%</td><td class=\"num\">%.1f%%</td>"
	        "<td class=\"num\">%+.1f</td><td>",
	        100 * e->score, 100 * e->base_score, 100 * e->delta);
	html_escape(sb, e->verdict);
	sb_adds(sb, "</td><td class=\"trend\">");
	char *trend = board_trend_text(e);
	html_escape(sb, trend);
	free(trend);
	sb_adds(sb, "</td></tr>\n");
}

/* Chart geometry, in SVG user units. */
enum {
	BAR_W = 22,
	BAR_GAP = 4,
	GROUP_PAD = 28,
	LEFT = 60,
	RIGHT = 16,
	TOP = 48,
	PLOT_H = 200,
	BOTTOM = 60
};

static int group_width(const struct board_domain *d, const struct board_entry *e)
{
	int bars = (int)d->n_semesters * BAR_W + ((int)d->n_semesters - 1) * BAR_GAP;
	int label = 7 * (int)strlen(e->adapter->name) + 8;
	return bars > label ? bars : label;
}

static double y_of(double score)
{
	return TOP + PLOT_H * (1 - score);
}

static const char base_legend[] = "base model (latest run)";

/* Where the legend ends, so the chart is at least that wide. */
static int legend_width(const struct board_domain *d)
{
	int x = LEFT;
	for (size_t s = 0; s < d->n_semesters; s++)
		x += 16 + 7 * (int)strlen(d->semesters[s]) + 18;
	return x + 24 + 7 * (int)strlen(base_legend) + RIGHT;
}

static void svg_legend(struct strbuf *sb, const struct board_domain *d)
{
	int x = LEFT;
	for (size_t s = 0; s < d->n_semesters; s++) {
		sb_addf(
		    sb,
		    "<g class=\"legend-item\"><rect x=\"%d\" y=\"14\" width=\"12\" height=\"12\" "
		    "fill=\"%s\"/><text x=\"%d\" y=\"24\" font-size=\"12\">",
		    x, palette[s % LOCO_ARRAY_LEN(palette)], x + 16);
		html_escape(sb, d->semesters[s]);
		sb_adds(sb, "</text></g>");
		x += 16 + 7 * (int)strlen(d->semesters[s]) + 18;
	}
	sb_addf(
	    sb,
	    "<g class=\"legend-item\"><line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"20\" "
	    "stroke=\"#555\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"24\" "
	    "font-size=\"12\">%s</text></g>\n",
	    x, x + 18, x + 24, base_legend);
}

static void svg_axes(struct strbuf *sb, int width)
{
	for (int pct = 0; pct <= 100; pct += 25) {
		double y = y_of(pct / 100.0);
		sb_addf(
		    sb,
		    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
		    "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d%%</text>\n",
		    LEFT, y, width - RIGHT, y, pct ? "#e5e5e5" : "#888", LEFT - 6, y + 4, pct);
	}
	sb_addf(sb,
	        "<text class=\"axis-title\" x=\"16\" y=\"%d\" font-size=\"12\" "
	        "text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">score (%%)</text>\n",
	        TOP + PLOT_H / 2, TOP + PLOT_H / 2);
	sb_addf(sb,
	        "<text class=\"axis-title\" x=\"%d\" y=\"%d\" font-size=\"12\" "
	        "text-anchor=\"middle\">adapter (one bar per semester)</text>\n",
	        (LEFT + width - RIGHT) / 2, TOP + PLOT_H + BOTTOM - 8);
}

/* One group of bars: the adapter's latest score in each semester it has. */
static void svg_group(struct strbuf *sb, const struct board_domain *d, const struct board_entry *e,
                      int x0, int gw)
{
	int bars = (int)d->n_semesters * BAR_W + ((int)d->n_semesters - 1) * BAR_GAP;
	int bx = x0 + (gw - bars) / 2;
	sb_adds(sb, "<g class=\"group\">");
	for (size_t s = 0; s < d->n_semesters; s++, bx += BAR_W + BAR_GAP) {
		const struct board_point *p = NULL;
		for (size_t t = 0; t < e->n_trend && !p; t++)
			if (!strcmp(e->trend[t].semester, d->semesters[s]))
				p = &e->trend[t];
		if (!p)
			continue;
		double y = y_of(p->score), h = TOP + PLOT_H - y;
		sb_addf(sb,
		        "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
		        "fill=\"%s\"><title>",
		        bx, y, BAR_W, h, palette[s % LOCO_ARRAY_LEN(palette)]);
		html_escape(sb, e->adapter->name);
		sb_adds(sb, ", ");
		html_escape(sb, p->semester);
		sb_addf(sb,
		        ": %.1f%%</title></rect><text class=\"value\" x=\"%d\" y=\"%.1f\" "
		        "font-size=\"10\" text-anchor=\"middle\">%.1f</text>",
		        100 * p->score, bx + BAR_W / 2, y - 3, 100 * p->score);
	}
	double by = y_of(e->base_score);
	sb_addf(sb,
	        "<line class=\"base\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\" "
	        "stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>base model on this benchmark "
	        "(latest run): %.1f%%</title></line>",
	        x0 - 4, by, x0 + gw + 4, by, 100 * e->base_score);
	sb_addf(sb,
	        "<text class=\"label\" x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">",
	        x0 + gw / 2, TOP + PLOT_H + 18);
	html_escape(sb, e->adapter->name);
	sb_adds(sb, "</text></g>\n");
}

static void svg_chart(struct strbuf *sb, const struct board_domain *d, size_t index)
{
	int width = LEFT + RIGHT + GROUP_PAD;
	for (size_t i = 0; i < d->n_ranked; i++)
		width += group_width(d, &d->entries[i]) + GROUP_PAD;
	if (width < legend_width(d))
		width = legend_width(d);
	int height = TOP + PLOT_H + BOTTOM;
	sb_addf(sb,
	        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
	        "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	        "aria-labelledby=\"chart%zu-title chart%zu-desc\">\n<title id=\"chart%zu-title\">"
	        "Scores of domain ",
	        width, height, width, height, index, index, index);
	html_escape(sb, d->name);
	sb_addf(sb,
	        " by adapter and semester</title>\n<desc id=\"chart%zu-desc\">Grouped bars: for "
	        "each ranked adapter, its latest score in each semester on the domain's "
	        "benchmark, from 0 to 100%%; the dashed line is the base model's score in the "
	        "adapter's latest run.</desc>\n",
	        index);
	svg_legend(sb, d);
	svg_axes(sb, width);
	int x = LEFT + GROUP_PAD;
	for (size_t i = 0; i < d->n_ranked; i++) {
		int gw = group_width(d, &d->entries[i]);
		svg_group(sb, d, &d->entries[i], x, gw);
		x += gw + GROUP_PAD;
	}
	sb_adds(sb, "</svg><figcaption>Scores of ");
	html_escape(sb, d->name);
	sb_adds(sb, " by adapter and semester</figcaption></figure>\n");
}

static void html_domain(struct strbuf *sb, const struct board_domain *d, size_t index)
{
	sb_addf(sb, "<section class=\"domain\" id=\"domain-%zu\">\n<h2>", index);
	html_escape(sb, d->name);
	sb_adds(sb, "</h2>\n");
	if (d->dataset) {
		sb_adds(sb, "<p class=\"bench\">Benchmark: <code>");
		html_escape(sb, d->dataset);
		sb_adds(sb, "</code>");
		if (d->reference) {
			sb_adds(sb, " (the dataset of ");
			html_escape(sb, d->reference->name);
			sb_adds(sb, ")");
		}
		sb_adds(sb, "</p>\n");
	}
	sb_adds(
	    sb,
	    "<table>\n<thead><tr><th class=\"num\">Rank</th><th>Adapter</th><th>Version</th>"
	    "<th class=\"num\">Score</th><th class=\"num\">Base</th><th class=\"num\">Delta</th>"
	    "<th>Verdict</th><th>Trend</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++)
		html_row(sb, &d->entries[i]);
	sb_adds(sb, "</tbody>\n</table>\n");
	if (d->not_comparable) {
		char *t = board_stale_text(d->not_comparable);
		sb_addf(sb, "<p class=\"note\">%s.</p>\n", t);
		free(t);
	}
	if (d->note) {
		sb_adds(sb, "<p class=\"note\">Note: ");
		html_escape(sb, d->note);
		sb_adds(sb, ".</p>\n");
	}
	if (d->n_ranked)
		svg_chart(sb, d, index);
	else
		sb_adds(sb, "<p class=\"muted\">No comparable results yet, so no chart.</p>\n");
	sb_adds(sb, "</section>\n");
}

char *board_html(const struct board *b, const struct registry *reg)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb,
	        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<title>loco leaderboard</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	        "<h1>loco leaderboard</h1>\n<p class=\"meta\">Base model <code>",
	        css);
	html_escape(&sb, reg->base_ollama_name ? reg->base_ollama_name : "(none)");
	sb_adds(&sb, "</code>, registry <code>");
	html_escape(&sb, reg->path);
	sb_adds(&sb,
	        "</code>.</p>\n<p>Each adapter is ranked by its latest archived eval on its "
	        "domain's benchmark. Delta is the adapter's score minus the base model's, in "
	        "points; Trend is the latest score of each semester; <span class=\"star\">*</span> "
	        "marks the active adapter of its domain.</p>\n");
	for (size_t i = 0; i < b->n; i++)
		html_domain(&sb, &b->domains[i], i + 1);
	if (!b->n)
		sb_adds(&sb, "<p class=\"muted\">The registry has no adapters.</p>\n");
	if (b->n_skipped)
		sb_addf(&sb,
		        "<p class=\"note\">%zu archive file%s could not be read and %s left out "
		        "(see the warnings of <code>loco leaderboard</code>).</p>\n",
		        b->n_skipped, b->n_skipped == 1 ? "" : "s",
		        b->n_skipped == 1 ? "is" : "are");
	sb_addf(&sb, "<footer class=\"muted\">loco %s</footer>\n</body>\n</html>\n", LOCO_VERSION);
	return sb_detach(&sb);
}
