/* submission.c: the submission checklist (see submission.h). Each check adds
 * findings to the report; later checks skip when what they need (the
 * dataset) did not load, so one mistake is reported once. */
#include "submission.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "registry.h"
#include "dataset.h"
#include "examples.h"
#include "overlap.h"
#include "results.h"
#include "util.h"

static const char *const check_names[] = {
    [SUBMISSION_REGISTRY] = "registry",
    [SUBMISSION_DATASET] = "dataset",
    [SUBMISSION_TRAINING_LOG] = "training_log",
    [SUBMISSION_TRAINING_DATA] = "training_data",
    [SUBMISSION_ROUTER_EXAMPLES] = "router_examples",
    [SUBMISSION_EVAL] = "eval",
};

const char *submission_check_name(enum submission_check c)
{
	return check_names[c];
}

static struct finding *add(struct submission_report *rep, enum submission_check check,
                           enum finding_status status, const char *fmt, ...) LOCO_PRINTF(4, 5);
static struct finding *add(struct submission_report *rep, enum submission_check check,
                           enum finding_status status, const char *fmt, ...)
{
	rep->findings = xrealloc(rep->findings, (rep->n + 1) * sizeof *rep->findings);
	struct finding *f = &rep->findings[rep->n++];
	memset(f, 0, sizeof *f);
	f->check = check;
	f->status = status;
	va_list ap;
	va_start(ap, fmt);
	f->text = xvasprintf(fmt, ap);
	va_end(ap);
	rep->failures += status == FINDING_FAIL;
	return f;
}

/* ---- registry ---------------------------------------------------------- */

/* The model file of a trained adapter must be here, or be downloadable. */
static void check_model_file(const struct registry *r, const struct adapter *a,
                             struct submission_report *rep)
{
	if (a->type == ADAPTER_SYSTEM_PROMPT || a->url || adapter_files_present(r, a))
		return;
	char *p = adapter_file_path(r, a);
	add(rep, SUBMISSION_REGISTRY, FINDING_FAIL,
	    "%s:%d: the model file %s is not there and no url says where to get it; add the "
	    "file, or url and sha256",
	    r->path, a->line,
	    p                         ? p
	    : a->type == ADAPTER_LORA ? a->adapter_path
	                              : a->gguf_path);
	free(p);
}

static void check_registry(const struct registry *r, const struct adapter *a,
                           struct submission_report *rep)
{
	size_t before = rep->failures;
	const char *at = r->path;
	if (!r->dir)
		add(rep, SUBMISSION_REGISTRY, FINDING_FAIL,
		    "the registry in force is loco's built-in copy, which has no adapter files; "
		    "give yours with --registry adapters/registry.yaml");
	if (!a->description)
		add(rep, SUBMISSION_REGISTRY, FINDING_FAIL,
		    "%s:%d: adapter '%s' has no description; add description: \"what it is for\"",
		    at, a->line, a->name);
	if (!a->n_authors)
		add(rep, SUBMISSION_REGISTRY, FINDING_FAIL,
		    "%s:%d: adapter '%s' has no authors; add authors: [\"Your Name\"]", at, a->line,
		    a->name);
	if (!a->n_router_keywords && !a->n_router_patterns)
		add(rep, SUBMISSION_REGISTRY, FINDING_FAIL,
		    "%s:%d: adapter '%s' has no router_keywords, so no question is routed to it; "
		    "add the words its questions use",
		    at, a->line, a->name);
	if (!a->eval_dataset)
		add(rep, SUBMISSION_REGISTRY, FINDING_FAIL,
		    "%s:%d: adapter '%s' has no eval_dataset; add eval_dataset: "
		    "eval_dataset.jsonl (at least 50 items)",
		    at, a->line, a->name);
	if (a->type == ADAPTER_SYSTEM_PROMPT && !a->system_prompt)
		add(rep, SUBMISSION_REGISTRY, FINDING_FAIL,
		    "%s:%d: adapter '%s' is a system-prompt adapter without a system_prompt; "
		    "add the prompt that makes it a specialist",
		    at, a->line, a->name);
	check_model_file(r, a, rep);
	if (rep->failures == before)
		add(rep, SUBMISSION_REGISTRY, FINDING_PASS, "registry entry complete (%s:%d)", at,
		    a->line);
}

/* ---- the eval dataset -------------------------------------------------- */

static bool check_dataset(const struct registry *r, const struct adapter *a,
                          const struct submission_opts *o, struct dataset *ds,
                          struct submission_report *rep)
{
	char *path = adapter_dataset_path(r, a);
	if (!path) {
		add(rep, SUBMISSION_DATASET, FINDING_SKIP, "no eval dataset to load (see above)");
		return false;
	}
	char *err = NULL;
	bool loaded = dataset_load(ds, path, a->eval_type, &err) == 0;
	if (!loaded) {
		add(rep, SUBMISSION_DATASET, FINDING_FAIL, "%s; fix it, then run the check again",
		    err);
	} else if ((long)ds->n < o->min_items) {
		add(rep, SUBMISSION_DATASET, FINDING_FAIL,
		    "%s has %zu items; add at least %ld more (eval.min_items is %ld)", path, ds->n,
		    o->min_items - (long)ds->n, o->min_items);
	} else {
		add(rep, SUBMISSION_DATASET, FINDING_PASS, "%s loads: %zu items (at least %ld)",
		    path, ds->n, o->min_items);
	}
	free(err);
	free(path);
	return loaded;
}

/* Where TRAINING_LOG.md and training_data.jsonl go: beside the dataset, or
 * in the adapter's folder when it has none. NULL with the built-in registry. */
static char *adapter_folder(const struct registry *r, const struct adapter *a)
{
	char *ds = adapter_dataset_path(r, a);
	char *dir = ds ? path_dirname(ds) : r->dir ? path_join(r->dir, a->name) : NULL;
	free(ds);
	return dir;
}

/* ---- the training log -------------------------------------------------- */

static void check_training_log(const struct registry *r, const struct adapter *a,
                               struct submission_report *rep)
{
	if (a->type == ADAPTER_SYSTEM_PROMPT) {
		add(rep, SUBMISSION_TRAINING_LOG, FINDING_SKIP,
		    "no training log needed: a system-prompt adapter is not trained");
		return;
	}
	char *dir = adapter_folder(r, a);
	char *log = dir ? path_join(dir, "TRAINING_LOG.md") : NULL;
	struct stat st;
	bool there = log && stat(log, &st) == 0 && S_ISREG(st.st_mode);
	if (there && st.st_size > 0)
		add(rep, SUBMISSION_TRAINING_LOG, FINDING_PASS, "%s is there", log);
	else if (a->has_training && !there)
		add(rep, SUBMISSION_TRAINING_LOG, FINDING_PASS,
		    "the registry has a training: block (%s:%d)", r->path, a->line);
	else if (there)
		add(rep, SUBMISSION_TRAINING_LOG, FINDING_FAIL,
		    "%s is empty; write the dataset sources and size, hyperparameters, training "
		    "time and loss curve",
		    log);
	else
		add(rep, SUBMISSION_TRAINING_LOG, FINDING_FAIL,
		    "no %s and no training: block in %s; write TRAINING_LOG.md (dataset sources "
		    "and size, hyperparameters, training time, loss curve)",
		    log ? log : "TRAINING_LOG.md", r->path);
	free(log);
	free(dir);
}

/* ---- the training data ------------------------------------------------- */

static void add_leak(struct submission_report *rep, enum submission_check check,
                     const struct dataset *ds, const char *train, const struct leak *l)
{
	bool exact = l->kind == LEAK_EXACT;
	char *why = exact ? xstrdup("the same prompt")
	                  : xasprintf("%zu words in a row in common", l->n_words);
	struct finding *f =
	    add(rep, check, FINDING_FAIL,
	        "%s:%d: this eval item is in %s:%d (%s); take it out of one of them", ds->path,
	        l->eval_line, train, l->training_line, why);
	free(why);
	f->eval_file = xstrdup(ds->path);
	f->training_file = xstrdup(train);
	f->eval_line = l->eval_line;
	f->training_line = l->training_line;
	f->leak_kind = exact ? "exact" : "n-gram";
	f->words = xstrdup(l->words);
}

/* training.data_file when the registry names one, else training_data.jsonl
 * beside the dataset when it is there; NULL when there is none. */
static char *training_data(const struct registry *r, const struct adapter *a, bool *named)
{
	*named = a->training_data_file != NULL;
	if (*named)
		return adapter_training_data_path(r, a);
	char *dir = adapter_folder(r, a);
	char *p = dir ? path_join(dir, "training_data.jsonl") : NULL;
	free(dir);
	if (p && !file_exists(p)) {
		free(p);
		p = NULL;
	}
	return p;
}

/* The eval items against a file of training text (training data or router
 * examples): each leak a failure of check, or one pass saying what was read. */
static void scan_for_leaks(const struct dataset *ds, const char *train, enum submission_check check,
                           struct submission_report *rep)
{
	struct overlap_item *items = xcalloc(ds->n ? ds->n : 1, sizeof *items);
	for (size_t i = 0; i < ds->n; i++) {
		items[i].line = ds->items[i].line;
		items[i].prompt = ds->items[i].prompt;
		items[i].expected = ds->items[i].expected;
	}
	struct overlap_result res;
	char *err = NULL;
	if (overlap_scan(items, ds->n, train, &res, &err) < 0) {
		add(rep, check, FINDING_FAIL,
		    "%s; fix the %s so it can be compared with the eval items", err,
		    check == SUBMISSION_TRAINING_DATA ? "training data" : "router examples");
	} else if (res.n_leaks) {
		for (size_t i = 0; i < res.n_leaks; i++)
			add_leak(rep, check, ds, train, &res.leaks[i]);
	} else {
		add(rep, check, FINDING_PASS,
		    "no eval item in %s (%zu line%s: no same prompt, no 13 words in common)", train,
		    res.training_lines, res.training_lines == 1 ? "" : "s");
	}
	overlap_free(&res);
	free(err);
	free(items);
}

static void check_training_data(const struct registry *r, const struct adapter *a,
                                const struct dataset *ds, bool loaded,
                                struct submission_report *rep)
{
	bool named;
	char *train = training_data(r, a, &named);
	if (!train && !named)
		add(rep, SUBMISSION_TRAINING_DATA, FINDING_SKIP,
		    "no training data (training_data.jsonl, training.data_file) to compare");
	else if (!train)
		add(rep, SUBMISSION_TRAINING_DATA, FINDING_FAIL,
		    "%s:%d: training.data_file '%s' cannot be found without a registry folder; "
		    "give an absolute path",
		    r->path, a->line, a->training_data_file);
	else if (named && !file_exists(train))
		add(rep, SUBMISSION_TRAINING_DATA, FINDING_FAIL,
		    "%s:%d: training.data_file %s does not exist; fix the path (it is relative to "
		    "the adapter's folder)",
		    r->path, a->line, train);
	else if (!loaded)
		add(rep, SUBMISSION_TRAINING_DATA, FINDING_SKIP,
		    "%s not compared: the eval dataset did not load", train);
	else
		scan_for_leaks(ds, train, SUBMISSION_TRAINING_DATA, rep);
	free(train);
}

/* ---- the router examples ---------------------------------------------- */

/* router_examples.jsonl beside the dataset (examples.h), when it is there:
 * it loads, and no eval item is in it, since the router trains on it. No
 * finding at all when there is none: router examples are optional. */
static void check_router_examples(const struct registry *r, const struct adapter *a,
                                  const struct dataset *ds, bool loaded,
                                  struct submission_report *rep)
{
	char *dir = adapter_folder(r, a);
	char *path = dir ? path_join(dir, "router_examples.jsonl") : NULL;
	free(dir);
	if (!path || !file_exists(path)) {
		free(path);
		return;
	}
	struct examples ex;
	char *err = NULL;
	if (examples_load(&ex, path, false, &err) < 0)
		add(rep, SUBMISSION_ROUTER_EXAMPLES, FINDING_FAIL, "%s; fix it (docs/routing.md)",
		    err);
	else if (!loaded)
		add(rep, SUBMISSION_ROUTER_EXAMPLES, FINDING_SKIP,
		    "%s not compared: the eval dataset did not load", path);
	else
		scan_for_leaks(ds, path, SUBMISSION_ROUTER_EXAMPLES, rep);
	examples_free(&ex);
	free(err);
	free(path);
}

/* ---- the latest eval --------------------------------------------------- */

/* The newest archived comparison (results_latest_verdict: on this dataset's
 * hash, checked out of domain, and ships), with its scores when it passes. */
static void check_eval(const struct adapter *a, const struct submission_opts *o,
                       const struct dataset *ds, bool loaded, struct submission_report *rep)
{
	if (o->skip_eval) {
		add(rep, SUBMISSION_EVAL, FINDING_SKIP, "archived evals not looked at (--no-eval)");
		return;
	}
	if (!loaded) {
		add(rep, SUBMISSION_EVAL, FINDING_SKIP,
		    "archived evals not compared: the eval dataset did not load");
		return;
	}
	char *why = NULL;
	if (results_latest_verdict(o->home, a->name, ds->sha256, &why) == 1) {
		struct results_latest l;
		results_latest(o->home, a->name, ds->sha256, &l);
		add(rep, SUBMISSION_EVAL, FINDING_PASS,
		    "the latest eval (%s) ships on this dataset: adapter %.1f%%, base %.1f%%",
		    l.rec.timestamp, 100 * l.rec.adapter_score, 100 * l.rec.base_score);
		cJSON_Delete(l.run);
	} else {
		add(rep, SUBMISSION_EVAL, FINDING_FAIL, "%s", why);
	}
	free(why);
}

/* ---- all of it --------------------------------------------------------- */

void submission_check(const struct registry *r, const struct adapter *a,
                      const struct submission_opts *o, struct submission_report *out)
{
	memset(out, 0, sizeof *out);
	out->adapter = xstrdup(a->name);
	struct dataset ds;
	memset(&ds, 0, sizeof ds);
	check_registry(r, a, out);
	bool loaded = check_dataset(r, a, o, &ds, out);
	check_training_log(r, a, out);
	check_training_data(r, a, &ds, loaded, out);
	check_router_examples(r, a, &ds, loaded, out);
	check_eval(a, o, &ds, loaded, out);
	if (loaded)
		dataset_free(&ds);
}

void submission_report_free(struct submission_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct finding *f = &r->findings[i];
		free(f->text);
		free(f->eval_file);
		free(f->training_file);
		free(f->words);
	}
	free(r->findings);
	free(r->adapter);
	memset(r, 0, sizeof *r);
}
