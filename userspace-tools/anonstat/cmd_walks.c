// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat walks - rmap walks by type, then their fanout and latency
 * histograms drawn as bpftrace draws hist().  A module loaded with
 * walk_return=0 counts walks at their entry: what needs their return is
 * shown as not measured.
 */
#include <inttypes.h>
#include <stdio.h>

#include "anonstat.h"
#include "hist.h"

enum { C_TYPE, C_COL };

#define WALK_COL(name) { name, NULL, TC_RIGHT }

static const struct tcol cols[C_COL + AL_NR_WC] = {
	{ AL_COL_TYPE, NULL, 0 },
	WALK_COL(AL_COL_WALKS), WALK_COL(AL_COL_VISITS), WALK_COL(AL_COL_ANON),
	WALK_COL(AL_COL_LAZY), WALK_COL(AL_COL_KSM), WALK_COL(AL_COL_FILE),
	WALK_COL(AL_COL_CONTENDED), WALK_COL(AL_COL_LOCK_WAITS),
	WALK_COL(AL_COL_LOCK_WAIT_NS), WALK_COL(AL_COL_DROPPED),
};

static void cell(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
	const struct al_data *d = ctx;
	const struct al_walk_row *r = &d->walks.rows[row];

	if (col == C_TYPE)
		snprintf(buf, len, "%s", r->type);
	else if (!d->version.walk_return && al_walk_col_at_return(col - C_COL))
		snprintf(buf, len, "%s", AL_NONE_VALUE);
	else
		snprintf(buf, len, "%" PRIu64, r->col[col - C_COL]);
}

static void print_hists(const struct al_walks *w)
{
	unsigned int h;
	size_t i;

	for (h = 0; h < AL_NR_HISTS; h++) {
		for (i = 0; i < w->n; i++) {
			const struct al_walk_row *r = &w->rows[i];

			if (hist_empty(r->hist[h], AL_HIST_NB))
				continue;
			printf("\n@%s[%s]:\n", al_hist_name(h), r->type);
			hist_print(stdout, r->hist[h], AL_HIST_NB);
		}
	}
}

/* Keys are each bucket's smallest value, in decimal: "0", "1", "2", "4"... */
static void json_hist(struct json *j, const char *key, const uint64_t *h)
{
	char lower[24];
	unsigned int b;

	json_kobj_open(j, key);
	for (b = 0; b < AL_HIST_NB; b++) {
		if (!h[b])
			continue;
		snprintf(lower, sizeof(lower), "%" PRIu64, hist_lower(b));
		json_ku64(j, lower, h[b]);
	}
	json_obj_close(j);
}

static void print_json(const struct al_opts *o, const struct al_data *d)
{
	const struct al_walks *w = &d->walks;
	unsigned int c;
	struct json j;
	size_t i;

	al_json_start(o, &j);
	json_obj_open(&j);
	json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(d->version.series));
	json_kbool(&j, AL_JSON_WALK_RETURN, d->version.walk_return);
	json_kobj_open(&j, AL_JSON_TYPES);
	for (i = 0; i < w->n; i++) {
		const struct al_walk_row *r = &w->rows[i];

		json_kobj_open(&j, r->type);
		for (c = 0; c < AL_NR_WC; c++)
			json_ku64(&j, al_walk_col_name(c), r->col[c]);
		json_hist(&j, AL_JSON_FANOUT_HIST, r->hist[AL_HIST_FAN]);
		json_hist(&j, AL_JSON_LATENCY_HIST, r->hist[AL_HIST_LAT]);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_obj_close(&j);
	json_finish(&j);
}

int cmd_walks(struct al_opts *o)
{
	struct al_data d;
	struct table t;
	int status;

	status = al_table_setup(o, &t, cols, C_COL + AL_NR_WC);
	if (status)
		return status;
	status = al_open(o, NULL, AL_NEED(AL_F_WALKS), &d);
	if (status)
		return status;
	if (o->json) {
		print_json(o, &d);
	} else {
		table_print(stdout, &t, d.walks.n, cell, &d);
		if (!d.version.walk_return)
			printf("\nlatency, fan-out, contention and lock waits are not measured: the module was loaded with walk_return=0 (walks are counted at entry)\n");
		print_hists(&d.walks);
	}
	al_data_free(&d);
	return EXIT_OK;
}
