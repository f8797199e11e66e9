/* loco_bench.c: the measuring half of scripts/bench.sh.
 *
 *   loco_bench spawn N CMD ARGS...   run CMD N times; print the median wall
 *                                    time (ms) and the largest peak RSS (KiB)
 *   loco_bench route REGISTRY SECONDS
 *                                    route queries in-process for about
 *                                    SECONDS; print routes per second
 *   loco_bench ndjson LINES          parse a LINES-token chat stream from
 *                                    memory; print lines per second
 *
 * Output is one JSON object per run, read by bench.sh. fork+exec+wait4 gives
 * each child's own peak RSS and no shell in the timing. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "backend.h"
#include "registry.h"
#include "router.h"
#include "util.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int spawn(int n, char **argv)
{
	double *ms = calloc((size_t)n, sizeof *ms);
	long max_rss = 0;
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		pid_t pid = fork();
		if (pid == 0) {
			int devnull = open("/dev/null", O_WRONLY);
			dup2(devnull, 1);
			execvp(argv[0], argv);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "loco_bench: '%s' failed\n", argv[0]);
			return 1;
		}
		ms[i] = now_ms() - t0;
		if (ru.ru_maxrss > max_rss)
			max_rss = ru.ru_maxrss;
	}
	qsort(ms, (size_t)n, sizeof *ms, cmp_double);
	double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
	printf("{\"runs\": %d, \"median_ms\": %.3f, \"min_ms\": %.3f, \"peak_rss_kib\": %ld}\n", n,
	       median, ms[0], max_rss);
	free(ms);
	return 0;
}

/* Queries that mix hits, misses, multi-word keywords and non-ASCII text. */
static const char *const queries[] = {
    "solve 2+2",
    "calculate the average of 10 and 20 please",
    "write a python function to reverse a string",
    "analyze this passage about climate change and summarize the evidence",
    "hello there, how are you today?",
    "Combien de pommes reste-t-il après la récolte ?",
    "How many apples are left if I give away three of the twelve I bought?",
    "explain why the sky is blue in two sentences for a ten year old",
};

static int route_bench(const char *path, double seconds)
{
	struct registry reg;
	char *err = NULL;
	if (registry_load_file(&reg, path, &err) < 0) {
		fprintf(stderr, "loco_bench: %s\n", err);
		return 1;
	}
	struct router_opts o = {.min_score = 1, .low_confidence = 0.34};
	struct router *r = router_new(&reg, &o, &err);
	if (!r) {
		fprintf(stderr, "loco_bench: %s\n", err);
		return 1;
	}
	size_t nq = sizeof queries / sizeof *queries, lens[16];
	for (size_t i = 0; i < nq; i++)
		lens[i] = strlen(queries[i]);
	long routes = 0, sink = 0;
	double t0 = now_ms(), t = t0;
	while (t - t0 < seconds * 1e3) {
		for (int k = 0; k < 1000; k++, routes++) {
			struct route_decision d;
			router_decide(r, queries[routes % nq], lens[routes % nq], &d);
			sink += d.adapter;
		}
		t = now_ms();
	}
	printf("{\"adapters\": %zu, \"routes\": %ld, \"seconds\": %.3f, \"routes_per_s\": %.0f, "
	       "\"check\": %ld}\n",
	       reg.n_adapters, routes, (t - t0) / 1e3, routes / ((t - t0) / 1e3), sink);
	router_free(r);
	registry_free(&reg);
	return 0;
}

/* Lines per second through the real chat stream reader (splitter, JSON,
 * <think> filter, result), fed from memory in 16 KiB reads as curl gives them. */
static int ndjson_bench(long lines)
{
	struct strbuf body = STRBUF_INIT;
	for (long i = 0; i < lines; i++)
		sb_addf(&body,
		        "{\"model\":\"qwen3:4b\",\"created_at\":\"2026-11-23T10:00:00.%06ldZ\","
		        "\"message\":{\"role\":\"assistant\",\"content\":\"tok%ld "
		        "\"},\"done\":false}\n",
		        i % 1000000, i % 100);
	sb_adds(&body,
	        "{\"model\":\"qwen3:4b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
	        "\"done\":true,\"eval_count\":1}\n");
	double t0 = now_ms();
	struct chat_call *c = chat_call_from_bytes(BACKEND_OLLAMA, body.buf, body.len, 16384, NULL);
	double ms = now_ms() - t0;
	const struct chat_result *r = chat_call_result(c);
	printf("{\"lines\": %ld, \"bytes\": %zu, \"seconds\": %.3f, \"lines_per_s\": %.0f, "
	       "\"ok\": %s}\n",
	       lines + 1, body.len, ms / 1e3, (lines + 1) / (ms / 1e3),
	       r->error.status == NET_OK && r->answer.len > 0 ? "true" : "false");
	chat_call_free(c);
	sb_free(&body);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "ndjson"))
		return ndjson_bench(atol(argv[2]));
	if (argc >= 4 && !strcmp(argv[1], "spawn"))
		return spawn(atoi(argv[2]), argv + 3);
	if (argc == 4 && !strcmp(argv[1], "route"))
		return route_bench(argv[2], atof(argv[3]));
	fprintf(stderr,
	        "usage: loco_bench spawn N CMD ARGS... | route REGISTRY SECONDS | ndjson LINES\n");
	return 2;
}
