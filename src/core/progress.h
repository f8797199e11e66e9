/* progress.h: how a command shows the progress of pulls, uploads, hashing and
 * creates (the struct progress_event stream of backend.h). On a terminal one
 * bar is redrawn in place (per layer: percent, bytes, rate, time left); on
 * anything else a few plain lines per layer (start, each quarter, done), so a
 * log or CI output never fills with carriage returns.
 *
 * The display writes only to the stream it is given (stderr) and owns its
 * strings; progress_free() releases them.
 */
#ifndef LOCO_PROGRESS_H
#define LOCO_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

struct progress_event;

struct progress_item {
	char *key; /* the layer's digest, or the status when there is none */
	char *label;
	int64_t total, completed, start_completed;
	double started;
	int quarter; /* plain mode: the last quarter reported */
	bool done;
};

struct progress_display {
	FILE *out;
	bool tty;     /* redraw bars in place */
	bool verbose; /* also the per-layer lines of a create ("using existing layer ...") */
	struct progress_item *items;
	size_t n_items;
	bool bar_open; /* tty: a bar is on the last line, without its "\n" */
	double last_draw;
	char *last_status; /* repeats of the last status line are dropped */
};

void progress_init(struct progress_display *p, FILE *out, bool tty, bool verbose);
void progress_free(struct progress_display *p);
/* One event: a bar or plain lines when it has a total, else a status line. */
void progress_event(struct progress_display *p, const struct progress_event *ev);
/* A heading ("pulling qwen3:4b"): ends an open bar and starts a new operation. */
void progress_heading(struct progress_display *p, const char *fmt, ...) LOCO_PRINTF(2, 3);
/* Ends an open bar line (before printing anything else on the stream). */
void progress_close(struct progress_display *p);

/* "512 B", "23.4 kB", "2.5 GB" (powers of 1000, as Ollama shows sizes). */
char *format_bytes(int64_t n);

#endif
