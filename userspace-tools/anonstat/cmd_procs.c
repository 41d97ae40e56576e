// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat -p PID|COMM - per-process totals, numastat -p style; with
 * [interval [count]], the processes that changed most in each interval.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "anonstat.h"
#include "interval.h"
#include "movers.h"
#include "procs.h"

/* A process's numbers, in column order after pid and comm. */
enum {
	PF_VMAS, PF_STATE, PF_AVCS = PF_STATE + AL_NR_STATES, PF_AVCS_PROJ,
	PF_AVS, PF_AVS_KEPT, PF_EVENTS, PF_RMAP, PF_N
};
enum { C_PID, C_COMM, C_FIELD };

#define STATE_COL(e, s) { s, NULL, TC_RIGHT },

static const struct tcol cols[C_FIELD + PF_N] = {
	{ AL_COL_PID, NULL, TC_RIGHT },
	{ AL_COL_COMM, NULL, 0 },
	{ AL_JSON_VMAS, NULL, TC_RIGHT },
	AL_STATES(STATE_COL)
	{ AL_COL_AVCS, NULL, TC_RIGHT },
	{ AL_JSON_AVCS_PROJECTED, NULL, TC_RIGHT },
	{ AL_JSON_ANON_VMAS, NULL, TC_RIGHT },
	{ AL_JSON_ANON_VMAS_PROJECTED, NULL, TC_RIGHT },
	{ AL_JSON_EVENTS, NULL, TC_RIGHT | TC_EXTRA },
	{ AL_JSON_RMAP, NULL, TC_RIGHT | TC_EXTRA },
};

static void proc_fields(const struct al_proc *p, int64_t *v)
{
	unsigned int s;

	v[PF_VMAS] = p->vmas;
	for (s = 0; s < AL_NR_STATES; s++)
		v[PF_STATE + s] = p->states[s];
	v[PF_AVCS] = p->avcs;
	v[PF_AVCS_PROJ] = p->avcs_proj;
	v[PF_AVS] = p->avs;
	v[PF_AVS_KEPT] = p->avs_kept;
	v[PF_EVENTS] = p->events;
	v[PF_RMAP] = p->rmap;
}

static void note(bool series)
{
	al_flavour_line(series);
	printf("anon_vma counts are per-process approximations: anon_vmas are shared across processes\n");
}

/* ---- totals ---- */

struct totals_view {
	const struct al_procs *ps;
	size_t n;			/* processes shown (-n) */
	const struct al_proc *total;	/* the last row, or NULL */
};

static void totals_cell(void *ctx, size_t row, size_t col, char *buf,
			size_t len)
{
	const struct totals_view *tv = ctx;
	const struct al_proc *p = row < tv->n ? &tv->ps->p[row] : tv->total;
	int64_t v[PF_N];

	if (col == C_PID) {
		if (p == tv->total)
			snprintf(buf, len, "%s", AL_NONE_VALUE);
		else
			snprintf(buf, len, "%" PRIu32, p->pid);
		return;
	}
	if (col == C_COMM) {
		snprintf(buf, len, "%s", p == tv->total ? "Total" : p->comm);
		return;
	}
	proc_fields(p, v);
	snprintf(buf, len, "%" PRId64, v[col - C_FIELD]);
}

static void json_fields(struct json *j, const int64_t *v)
{
	unsigned int f, s;

	json_ki64(j, AL_JSON_VMAS, v[PF_VMAS]);
	json_kobj_open(j, AL_JSON_STATES);
	for (s = 0; s < AL_NR_STATES; s++)
		json_ki64(j, al_state_name(s), v[PF_STATE + s]);
	json_obj_close(j);
	for (f = PF_AVCS; f < PF_N; f++)
		json_ki64(j, cols[C_FIELD + f].name, v[f]);
}

static void json_proc(struct json *j, const struct al_proc *p,
		      const int64_t *v)
{
	json_obj_open(j);
	json_ku64(j, AL_COL_PID, p->pid);
	json_kstr(j, AL_COL_COMM, p->comm);
	json_fields(j, v);
	json_obj_close(j);
}

static void totals_json(const struct al_opts *o, const struct al_procs *ps,
			size_t n, const struct al_proc *total, bool series)
{
	int64_t v[PF_N];
	struct json j;
	size_t i;

	al_json_start(o, &j);
	json_obj_open(&j);
	json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(series));
	json_karr_open(&j, AL_JSON_PROCESSES);
	for (i = 0; i < n; i++) {
		proc_fields(&ps->p[i], v);
		json_proc(&j, &ps->p[i], v);
	}
	json_arr_close(&j);
	json_kobj_open(&j, AL_JSON_TOTAL);
	proc_fields(total, v);
	json_fields(&j, v);
	json_obj_close(&j);
	json_obj_close(&j);
	json_finish(&j);
}

static int load_procs(const struct al_opts *o, struct al_data *d,
		      struct al_procs *ps)
{
	int status;

	*ps = (struct al_procs){ .filter = &o->filter };
	status = al_open(o, NULL, 0, d);
	if (status)
		return status;
	return al_open_vmas(d, al_procs_add, ps);
}

static int totals(const struct al_opts *o, const struct table *t,
		  const struct al_sortkey *key)
{
	struct al_proc total;
	struct al_procs ps;
	struct al_data d;
	size_t n;
	int status;

	status = load_procs(o, &d, &ps);
	if (status)
		goto out;
	if (!ps.n)
		al_warn("no VMA records of a process matching -p");
	if (key)
		al_sort(ps.p, ps.n, sizeof(*ps.p), key);
	n = o->top && ps.n > o->top ? o->top : ps.n;
	al_procs_total(&ps, n, &total);
	if (o->json) {
		totals_json(o, &ps, n, &total, d.version.series);
	} else {
		struct totals_view tv = { &ps, n, o->noheadings ? NULL : &total };

		if (!o->noheadings)
			note(d.version.series);
		table_print(stdout, t, n + !!tv.total, totals_cell, &tv);
	}
out:
	al_procs_free(&ps);
	al_data_free(&d);
	return status;
}

/* ---- interval mode: top movers ---- */

struct watch {
	const struct al_opts *o;
	const struct table *t;
	struct al_sample prev;
	struct al_procs ps;
	struct al_mover *m;
	size_t nm;
};

static void mover_cell(void *ctx, size_t row, size_t col, char *buf,
		       size_t len)
{
	const struct watch *w = ctx;
	const struct al_mover *m = &w->m[row];
	const struct al_proc *p = &w->ps.p[m->rec];

	if (col == C_PID)
		snprintf(buf, len, "%" PRIu32, p->pid);
	else if (col == C_COMM)
		snprintf(buf, len, "%s", p->comm);
	else
		snprintf(buf, len, "%+" PRId64, m->d[col - C_FIELD]);
}

static int tick(void *ctx, unsigned long nr)
{
	struct watch *w = ctx;
	struct al_sample cur;
	int64_t v[PF_N];
	char when[16];
	struct al_data d;
	time_t now;
	size_t i;
	int status;

	status = load_procs(w->o, &d, &w->ps);
	if (status)
		goto out;
	al_sample_init(&cur, PF_N);
	for (i = 0; i < w->ps.n; i++) {
		proc_fields(&w->ps.p[i], v);
		al_sample_add(&cur, w->ps.p[i].pid, 0, v);
	}
	w->nm = al_movers(&cur, &w->prev, 0, w->o->top ? w->o->top : 10,
			  &w->m);
	now = time(NULL);
	if (w->o->json) {
		struct json j;

		al_json_start(w->o, &j);
		json_obj_open(&j);
		json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(d.version.series));
		json_ki64(&j, AL_JSON_TIME, (int64_t)now);
		json_kbool(&j, AL_JSON_SINCE_LOAD, !nr);
		json_karr_open(&j, AL_JSON_PROCESSES);
		for (i = 0; i < w->nm; i++)
			json_proc(&j, &w->ps.p[w->m[i].rec], w->m[i].d);
		json_arr_close(&j);
		json_obj_close(&j);
		json_finish(&j);
	} else {
		if (!nr && !w->o->noheadings)
			note(d.version.series);
		strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
		if (!w->o->noheadings)
			printf("\n%s: %zu of %zu processes changed%s\n", when,
			       w->nm, w->ps.n, nr ? "" : " since the module was loaded");
		if (w->nm)
			table_print(stdout, w->t, w->nm, mover_cell, w);
	}
	al_sample_free(&w->prev);
	w->prev = cur;
out:
	free(w->m);
	w->m = NULL;
	al_procs_free(&w->ps);
	al_data_free(&d);
	return status;
}

static int watch(const struct al_opts *o, const struct table *t)
{
	struct watch w = { .o = o, .t = t };
	int status;

	al_sample_init(&w.prev, PF_N);
	status = al_interval_run(o->interval, o->count, tick, &w);
	al_sample_free(&w.prev);
	return status;
}

int cmd_procs(struct al_opts *o)
{
	const struct al_sortkey *key;
	struct table t;
	int status;

	status = al_table_setup(o, &t, cols, C_FIELD + PF_N);
	if (!status)
		status = al_sort_setup(o, al_proc_sortkeys,
				       al_nr_proc_sortkeys, &key);
	if (status)
		return status;
	if (o->repeat) {
		if (key) {
			al_error("-s does not apply with an interval: movers are sorted by change");
			return EXIT_USAGE;
		}
		return watch(o, &t);
	}
	return totals(o, &t, key);
}
