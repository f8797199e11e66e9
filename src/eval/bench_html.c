/* bench_html.c: `loco bench --html`: one self-contained page (inline CSS and
 * SVG, no scripts, no external assets, as board_report.c's leaderboard page)
 * with two charts: the score of every cell per domain and composite, with the
 * 95% interval of its difference from the base model drawn around it, and
 * each cell's latency against its composite score. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "board_report.h" /* html_escape() */
#include "util.h"

/* Colours per cell (colour-blind safe, Okabe-Ito, as the leaderboard's). */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                      "#56B4E9", "#D55E00", "#F0E442", "#000000"};

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;"
    "color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ddd}\n"
    "table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.3rem .6rem;text-align:left;"
    "border-bottom:1px solid #eee}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".muted{color:#555}code{background:#f4f4f4;padding:0 .2em}figure{margin:1rem 0}\n"
    "svg text{font-family:system-ui,sans-serif;fill:#1b1b1b}\n";

static const char *colour(size_t c)
{
	return palette[c % LOCO_ARRAY_LEN(palette)];
}

/* Chart geometry, in SVG user units. */
enum { BAR_W = 18, GROUP_PAD = 28, LEFT = 60, RIGHT = 16, TOP = 48, PLOT_H = 200, BOTTOM = 56 };

static double y_of(double score)
{
	return TOP + PLOT_H * (1 - fmin(1, fmax(0, score)));
}

static void legend(struct strbuf *sb, const struct bench *b)
{
	int x = LEFT;
	for (size_t c = 0; c < b->n_cells; c++) {
		sb_addf(
		    sb,
		    "<g class=\"legend-item\"><rect x=\"%d\" y=\"14\" width=\"12\" height=\"12\" "
		    "fill=\"%s\"/><text x=\"%d\" y=\"24\" font-size=\"12\">",
		    x, colour(c), x + 16);
		html_escape(sb, b->cells[c].spec.name);
		sb_adds(sb, "</text></g>");
		x += 16 + 7 * (int)strlen(b->cells[c].spec.name) + 18;
	}
	sb_adds(sb, "\n");
}

static int legend_width(const struct bench *b)
{
	int x = LEFT;
	for (size_t c = 0; c < b->n_cells; c++)
		x += 16 + 7 * (int)strlen(b->cells[c].spec.name) + 18;
	return x + RIGHT;
}

static void score_axis(struct strbuf *sb, int width, const char *x_title)
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
	        "text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">score (%%)</text>\n"
	        "<text class=\"axis-title\" x=\"%d\" y=\"%d\" font-size=\"12\" "
	        "text-anchor=\"middle\">%s</text>\n",
	        TOP + PLOT_H / 2, TOP + PLOT_H / 2, (LEFT + width - RIGHT) / 2,
	        TOP + PLOT_H + BOTTOM - 8, x_title);
}

/* The interval of a cell's difference from the base model, drawn around the
 * base's score: where the cell's score lies, as far as the paired test can tell. */
static void interval(struct strbuf *sb, const char *cell, const char *where, double base,
                     const struct eval_summary *s, int x)
{
	double lo = y_of(base + s->ci_lo), hi = y_of(base + s->ci_hi);
	sb_addf(
	    sb,
	    "<g class=\"ci\"><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#222\"/>"
	    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#222\"/>"
	    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#222\"/><title>",
	    x, lo, x, hi, x - 4, lo, x + 4, lo, x - 4, hi, x + 4, hi);
	html_escape(sb, cell);
	sb_adds(sb, " vs base, ");
	html_escape(sb, where);
	sb_addf(sb, ": %+.1f points, 95%% CI %+.1f to %+.1f</title></g>", 100 * s->delta,
	        100 * s->ci_lo, 100 * s->ci_hi);
}

static void bar(struct strbuf *sb, const struct bench *b, size_t c, const char *where, double score,
                int x)
{
	double y = y_of(score);
	sb_addf(sb,
	        "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
	        "fill=\"%s\"><title>",
	        x, y, BAR_W, TOP + PLOT_H - y, colour(c));
	html_escape(sb, b->cells[c].spec.name);
	sb_adds(sb, ", ");
	html_escape(sb, where);
	sb_addf(sb, ": %.1f%%</title></rect>", 100 * score);
}

/* One group: every cell's score on domain d (d == n_domains: the composite). */
static void score_group(struct strbuf *sb, const struct bench *b, size_t d, int x0)
{
	bool composite = d == b->n_domains;
	const char *where = composite ? "composite" : b->domains[d].name;
	const struct bench_cell *base = &b->cells[b->baseline];
	sb_adds(sb, "<g class=\"group\">");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cell *x = &b->cells[c];
		int bx = x0 + (int)c * BAR_W;
		bar(sb, b, c, where, composite ? x->score : x->per_domain[d], bx);
		if (c == b->baseline)
			continue;
		if (composite && x->n_cmp)
			interval(sb, x->spec.name, where, base->score, &x->cmp[0].sum,
			         bx + BAR_W / 2);
		else if (!composite && x->vs_base)
			interval(sb, x->spec.name, where, base->per_domain[d], &x->vs_base[d],
			         bx + BAR_W / 2);
	}
	int gw = (int)b->n_cells * BAR_W;
	sb_addf(sb,
	        "<text class=\"label\" x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">",
	        x0 + gw / 2, TOP + PLOT_H + 18);
	html_escape(sb, where);
	sb_adds(sb, "</text></g>\n");
}

static void svg_open(struct strbuf *sb, int width, const char *id, const char *title,
                     const char *desc)
{
	int height = TOP + PLOT_H + BOTTOM;
	sb_addf(sb,
	        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" "
	        "role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	        "aria-labelledby=\"%s-title %s-desc\">\n<title id=\"%s-title\">%s</title>\n"
	        "<desc id=\"%s-desc\">%s</desc>\n",
	        id, width, height, width, height, id, id, id, title, id, desc);
}

static void scores_chart(struct strbuf *sb, const struct bench *b)
{
	int group = (int)b->n_cells * BAR_W;
	int width = LEFT + RIGHT + GROUP_PAD + (int)(b->n_domains + 1) * (group + GROUP_PAD);
	if (width < legend_width(b))
		width = legend_width(b);
	svg_open(sb, width, "scores", "Score per cell and domain",
	         "Grouped bars: each cell's mean item score per domain and composite (the mean "
	         "over domains), 0 to 100%; the whiskers are the 95% interval of the cell's "
	         "difference from the base model, drawn around the base model's score (the "
	         "composite's: the comparison over all items).");
	legend(sb, b);
	score_axis(sb, width, "domain (one bar per cell)");
	for (size_t d = 0; d <= b->n_domains; d++)
		score_group(sb, b, d, LEFT + GROUP_PAD + (int)d * (group + GROUP_PAD));
	sb_adds(sb, "</svg><figcaption>Score per cell and domain, with the 95% interval of the "
	            "difference from base</figcaption></figure>\n");
}

/* The latency axis: 0 to the slowest p50, rounded up to a whole number of ticks. */
static double latency_max(const struct bench *b)
{
	double max = 0;
	for (size_t c = 0; c < b->n_cells; c++)
		if (!isnan(b->cells[c].cost.latency_p50))
			max = fmax(max, b->cells[c].cost.latency_p50);
	double step = max > 0 ? pow(10, floor(log10(max))) : 1;
	return max > 0 ? ceil(max / step) * step : 1;
}

static void latency_chart(struct strbuf *sb, const struct bench *b)
{
	const int width = 560, plot_w = width - LEFT - RIGHT;
	double max = latency_max(b);
	svg_open(sb, width, "latency", "Latency against score",
	         "One dot per cell: its answers' median latency in seconds across, its composite "
	         "score up; cells whose answers were all cached before the run have no latency "
	         "and no dot.");
	score_axis(sb, width, "latency p50 (s)");
	for (int k = 0; k <= 4; k++)
		sb_addf(
		    sb,
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%.3g</text>",
		    LEFT + plot_w * k / 4.0, TOP + PLOT_H + 16, max * k / 4);
	sb_adds(sb, "\n");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cell *x = &b->cells[c];
		if (isnan(x->cost.latency_p50))
			continue;
		double cx = LEFT + plot_w * x->cost.latency_p50 / max, cy = y_of(x->score);
		sb_addf(sb,
		        "<g class=\"point\"><circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" "
		        "fill=\"%s\"><title>",
		        cx, cy, colour(c));
		html_escape(sb, x->spec.name);
		sb_addf(sb,
		        ": %.3f s, %.1f%%</title></circle><text x=\"%.1f\" y=\"%.1f\" "
		        "font-size=\"11\">",
		        x->cost.latency_p50, 100 * x->score, cx + 9, cy + 4);
		html_escape(sb, x->spec.name);
		sb_adds(sb, "</text></g>\n");
	}
	sb_adds(sb, "</svg><figcaption>Latency (median) against composite score</figcaption>"
	            "</figure>\n");
}

static void table(struct strbuf *sb, const struct bench *b)
{
	sb_adds(sb, "<table>\n<thead><tr><th>Cell</th><th class=\"num\">n</th>"
	            "<th class=\"num\">Score</th>");
	for (size_t d = 0; d < b->n_domains; d++) {
		sb_adds(sb, "<th class=\"num\">");
		html_escape(sb, b->domains[d].name);
		sb_adds(sb, "</th>");
	}
	sb_adds(sb, "</tr></thead>\n<tbody>\n");
	for (size_t c = 0; c < b->n_cells; c++) {
		const struct bench_cell *x = &b->cells[c];
		sb_adds(sb, "<tr><td><code>");
		html_escape(sb, x->spec.name);
		sb_addf(sb, "</code></td><td class=\"num\">%zu</td><td class=\"num\">%.1f%%</td>",
		        x->n, 100 * x->score);
		for (size_t d = 0; d < b->n_domains; d++)
			sb_addf(sb, "<td class=\"num\">%.1f%%</td>", 100 * x->per_domain[d]);
		sb_adds(sb, "</tr>\n");
	}
	sb_adds(sb, "</tbody>\n</table>\n");
}

char *bench_html(const struct bench *b)
{
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb,
	        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<title>loco bench</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	        "<h1>loco bench</h1>\n<p class=\"meta\">Base model <code>",
	        css);
	html_escape(&sb, b->models[0].name);
	sb_addf(&sb, "</code>; %zu domain%s, %zu items, %zu cells.</p>\n", b->n_domains,
	        b->n_domains == 1 ? "" : "s", b->n_items, b->n_cells);
	table(&sb, b);
	sb_adds(&sb, "<h2>Scores</h2>\n");
	scores_chart(&sb, b);
	sb_adds(&sb, "<h2>Latency and score</h2>\n");
	latency_chart(&sb, b);
	sb_addf(&sb, "<footer class=\"muted\">loco %s</footer>\n</body>\n</html>\n", LOCO_VERSION);
	return sb_detach(&sb);
}
