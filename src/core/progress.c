/* progress.c: progress bars on a terminal, a few plain lines elsewhere (see
 * progress.h). Events arrive per 64 KiB read or per server status, so drawing
 * is throttled to ten times a second. */
#include "progress.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

#define REDRAW_SECONDS 0.1
#define BAR_WIDTH      20

void progress_init(struct progress_display *p, FILE *out, bool tty, bool verbose)
{
	memset(p, 0, sizeof *p);
	p->out = out;
	p->tty = tty;
	p->verbose = verbose;
}

static void forget_items(struct progress_display *p)
{
	for (size_t i = 0; i < p->n_items; i++) {
		free(p->items[i].key);
		free(p->items[i].label);
	}
	free(p->items);
	p->items = NULL;
	p->n_items = 0;
}

void progress_free(struct progress_display *p)
{
	progress_close(p);
	forget_items(p);
	free(p->last_status);
	p->last_status = NULL;
}

char *format_bytes(int64_t n)
{
	static const char *const units[] = {"B", "kB", "MB", "GB", "TB"};
	double v = (double)n;
	size_t u = 0;
	while (v >= 1000 && u + 1 < LOCO_ARRAY_LEN(units)) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		return xasprintf("%lld B", (long long)n);
	return xasprintf("%.*f %s", v < 10 ? 1 : 0, v, units[u]);
}

static char *format_duration(double s)
{
	long t = (long)(s + 0.5);
	if (t >= 3600)
		return xasprintf("%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	return xasprintf("%ld:%02ld", t / 60, t % 60);
}

void progress_close(struct progress_display *p)
{
	if (p->bar_open) {
		fputc('\n', p->out);
		fflush(p->out);
		p->bar_open = false;
	}
}

static void draw_bar(struct progress_display *p, const struct progress_item *it, double now)
{
	int pct = it->total > 0 ? (int)(it->completed * 100 / it->total) : 0;
	if (pct > 100)
		pct = 100;
	char bar[BAR_WIDTH + 1];
	int filled = pct * BAR_WIDTH / 100;
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '=' : i == filled ? '>' : ' ';
	bar[BAR_WIDTH] = '\0';
	char *done = format_bytes(it->completed), *total = format_bytes(it->total);
	fprintf(p->out, "\r\033[K  %s %3d%% [%s] %s/%s", it->label, pct, bar, done, total);
	double elapsed = now - it->started;
	int64_t moved = it->completed - it->start_completed;
	if (!it->done && elapsed >= 0.5 && moved > 0) {
		double rate = (double)moved / elapsed;
		char *r = format_bytes((int64_t)rate);
		char *eta = format_duration((double)(it->total - it->completed) / rate);
		fprintf(p->out, "  %s/s  %s left", r, eta);
		free(r);
		free(eta);
	}
	free(done);
	free(total);
	p->bar_open = true;
	if (it->done)
		progress_close(p);
	else
		fflush(p->out);
	p->last_draw = now;
}

static struct progress_item *item_for(struct progress_display *p, const struct progress_event *ev,
                                      bool *is_new)
{
	const char *key = ev->digest && ev->digest[0] ? ev->digest : ev->status;
	*is_new = false;
	for (size_t i = 0; i < p->n_items; i++)
		if (!strcmp(p->items[i].key, key))
			return &p->items[i];
	p->items = xrealloc(p->items, (p->n_items + 1) * sizeof *p->items);
	struct progress_item *it = &p->items[p->n_items++];
	memset(it, 0, sizeof *it);
	it->key = xstrdup(key);
	it->label = xstrdup(ev->status);
	it->start_completed = ev->completed;
	it->started = monotonic_seconds();
	*is_new = true;
	return it;
}

static void plain_item(struct progress_display *p, struct progress_item *it, bool is_new)
{
	if (is_new) {
		char *size = format_bytes(it->total);
		fprintf(p->out, "  %s: %s\n", it->label, size);
		free(size);
	}
	if (it->done) {
		fprintf(p->out, "  %s: done\n", it->label);
		return;
	}
	int quarter = (int)(it->completed * 4 / it->total);
	if (quarter > it->quarter) {
		it->quarter = quarter;
		fprintf(p->out, "  %s: %d%%\n", it->label, (int)(it->completed * 100 / it->total));
	}
}

static bool layer_line(const char *status)
{
	return !strncmp(status, "using existing layer", 20) ||
	       !strncmp(status, "creating new layer", 18);
}

void progress_event(struct progress_display *p, const struct progress_event *ev)
{
	if (ev->total > 0) {
		bool is_new;
		struct progress_item *it = item_for(p, ev, &is_new);
		if (it->done)
			return; /* a finished layer can be reported again */
		it->total = ev->total;
		it->completed = ev->completed;
		it->done = ev->completed >= ev->total;
		if (!p->tty) {
			plain_item(p, it, is_new);
			return;
		}
		double now = monotonic_seconds();
		if (is_new || it->done || now - p->last_draw >= REDRAW_SECONDS)
			draw_bar(p, it, now);
		return;
	}
	const char *s = ev->status;
	if (!s[0] || !strcmp(s, "success") || (!p->verbose && layer_line(s)))
		return;
	if (p->last_status && !strcmp(p->last_status, s))
		return;
	free(p->last_status);
	p->last_status = xstrdup(s);
	progress_close(p);
	fprintf(p->out, "  %s\n", s);
	fflush(p->out);
}

void progress_heading(struct progress_display *p, const char *fmt, ...)
{
	progress_close(p);
	forget_items(p);
	free(p->last_status);
	p->last_status = NULL;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
	fputc('\n', p->out);
	fflush(p->out);
}
