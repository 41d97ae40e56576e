// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat vmas - one row per VMA of the vmas file, filtered by -p, sorted
 * by -s, cut at -n; with [interval [count]], the VMAs that changed most.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "anonstat.h"
#include "interval.h"
#include "movers.h"
#include "vmalist.h"

enum {
	C_PID, C_START, C_END, C_PERMS, C_STATE, C_INFERRED, C_VMA, C_AV,
	C_ROOT, C_AVCS, C_PREPARED, C_FORKS, C_SPLIT, C_MERGE, C_REMAP,
	C_UPGRADE, C_RMAP, C_RMAP_TYPE, C_SIZE = C_RMAP_TYPE + AL_NR_WALK_TYPES,
	C_COMM, C_N
};

#define RMAP_TYPE_COL(e, s) { AL_COL_RMAP_PREFIX s, NULL, TC_RIGHT | TC_EXTRA },

static const struct tcol cols[C_N] = {
	[C_PID] = { AL_COL_PID, NULL, TC_RIGHT },
	[C_START] = { AL_COL_START, NULL, TC_RIGHT },
	[C_END] = { AL_COL_END, NULL, TC_RIGHT },
	[C_PERMS] = { AL_COL_PERMS, NULL, 0 },
	[C_STATE] = { AL_COL_STATE, NULL, 0 },
	[C_INFERRED] = { AL_COL_INFERRED, NULL, TC_RIGHT },
	[C_VMA] = { AL_COL_VMA, NULL, TC_EXTRA },
	[C_AV] = { AL_COL_AV, NULL, TC_EXTRA },
	[C_ROOT] = { AL_COL_ROOT, NULL, TC_EXTRA },
	[C_AVCS] = { AL_COL_AVCS, NULL, TC_RIGHT },
	[C_PREPARED] = { AL_COL_PREPARED, NULL, TC_RIGHT | TC_EXTRA },
	[C_FORKS] = { AL_COL_FORKS, NULL, TC_RIGHT },
	[C_SPLIT] = { AL_COL_SPLIT, NULL, TC_RIGHT },
	[C_MERGE] = { AL_COL_MERGE, NULL, TC_RIGHT },
	[C_REMAP] = { AL_COL_REMAP, NULL, TC_RIGHT },
	[C_UPGRADE] = { AL_COL_UPGRADE, NULL, 0 },
	[C_RMAP] = { AL_JSON_RMAP, NULL, TC_RIGHT },
	AL_WALK_TYPES(RMAP_TYPE_COL)
	[C_SIZE] = { "size", NULL, TC_RIGHT | TC_EXTRA },
	[C_COMM] = { AL_COL_COMM, NULL, 0 },
};

static void id_text(uint64_t id, char *buf, size_t len)
{
	if (id == AL_ID_NONE)
		snprintf(buf, len, "%s", AL_NONE_VALUE);
	else
		snprintf(buf, len, "%012" PRIx64, id);
}

static void vma_cell(const struct al_vma *v, size_t col, char *buf,
		     size_t len)
{
	switch (col) {
	case C_PID:
		table_u64(buf, len, v->pid);
		break;
	case C_START:
		table_x64(buf, len, v->start);
		break;
	case C_END:
		table_x64(buf, len, v->end);
		break;
	case C_PERMS:
		snprintf(buf, len, "%s", v->perms);
		break;
	case C_STATE:
		snprintf(buf, len, "%s", al_state_name(v->state));
		break;
	case C_INFERRED:
		table_u64(buf, len, v->inferred);
		break;
	case C_VMA:
		id_text(v->vma, buf, len);
		break;
	case C_AV:
		id_text(v->anon_vma, buf, len);
		break;
	case C_ROOT:
		id_text(v->root, buf, len);
		break;
	case C_AVCS:
		table_u64(buf, len, v->avcs);
		break;
	case C_PREPARED:
		table_u64(buf, len, v->prepared);
		break;
	case C_FORKS:
		table_u64(buf, len, v->forks);
		break;
	case C_SPLIT:
		table_u64(buf, len, v->split);
		break;
	case C_MERGE:
		table_u64(buf, len, v->merge);
		break;
	case C_REMAP:
		table_u64(buf, len, v->remap);
		break;
	case C_UPGRADE:
		snprintf(buf, len, "%s", v->upgrade < 0 ? AL_NONE_VALUE :
			 al_reason_name(v->upgrade));
		break;
	case C_RMAP:
		table_u64(buf, len, al_vma_rmap_total(v));
		break;
	case C_SIZE:
		table_u64(buf, len, v->end - v->start);
		break;
	case C_COMM:
		snprintf(buf, len, "%s", v->comm);
		break;
	default:
		table_u64(buf, len, v->rmap[col - C_RMAP_TYPE]);
		break;
	}
}

static void list_cell(void *ctx, size_t row, size_t col, char *buf,
		      size_t len)
{
	vma_cell(&((const struct al_vmalist *)ctx)->v[row], col, buf, len);
}

static void json_id(struct json *j, const char *key, uint64_t id)
{
	char buf[24];

	json_key(j, key);
	if (id == AL_ID_NONE) {
		json_null(j);
		return;
	}
	id_text(id, buf, sizeof(buf));
	json_str(j, buf);
}

static void json_vma(struct json *j, const struct al_vma *v)
{
	unsigned int i;

	json_obj_open(j);
	json_ku64(j, AL_COL_PID, v->pid);
	json_kstr(j, AL_COL_COMM, v->comm);
	json_ku64(j, AL_COL_START, v->start);
	json_ku64(j, AL_COL_END, v->end);
	json_kstr(j, AL_COL_PERMS, v->perms);
	json_kstr(j, AL_COL_STATE, al_state_name(v->state));
	json_kbool(j, AL_COL_INFERRED, v->inferred);
	json_id(j, AL_COL_VMA, v->vma);
	json_id(j, AL_COL_AV, v->anon_vma);
	json_id(j, AL_COL_ROOT, v->root);
	json_ku64(j, AL_COL_AVCS, v->avcs);
	json_kbool(j, AL_COL_PREPARED, v->prepared);
	json_ku64(j, AL_COL_FORKS, v->forks);
	json_ku64(j, AL_COL_SPLIT, v->split);
	json_ku64(j, AL_COL_MERGE, v->merge);
	json_ku64(j, AL_COL_REMAP, v->remap);
	json_kstr(j, AL_COL_UPGRADE,
		  v->upgrade < 0 ? NULL : al_reason_name(v->upgrade));
	json_kobj_open(j, AL_JSON_RMAP);
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		json_ku64(j, al_walk_type_name(i), v->rmap[i]);
	json_obj_close(j);
	json_obj_close(j);
}

static int list(const struct al_opts *o, const struct table *t,
		const struct al_sortkey *key)
{
	struct al_vmalist l = {
		.filter = &o->filter, .key = key, .limit = o->top,
	};
	struct al_data d;
	int status;
	size_t i;

	status = al_open(o, NULL, 0, &d);
	if (!status)
		status = al_open_vmas(&d, al_vmalist_add, &l);
	if (status)
		goto out;
	al_vmalist_finish(&l);
	if (o->json) {
		struct json j;

		al_json_start(o, &j);
		json_obj_open(&j);
		json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(d.version.series));
		json_karr_open(&j, AL_JSON_VMAS);
		for (i = 0; i < l.n; i++)
			json_vma(&j, &l.v[i]);
		json_arr_close(&j);
		json_obj_close(&j);
		json_finish(&j);
	} else {
		if (!o->noheadings)
			al_flavour_line(d.version.series);
		table_print(stdout, t, l.n, list_cell, &l);
	}
out:
	al_vmalist_free(&l);
	al_data_free(&d);
	return status;
}

/* ---- interval mode: top movers ---- */

enum { MF_STATE, MF_AVCS, MF_FORKS, MF_SPLIT, MF_MERGE, MF_REMAP, MF_RMAP,
       MF_N };

static const struct tcol mover_cols[] = {
	{ AL_COL_PID, NULL, TC_RIGHT },
	{ AL_COL_START, NULL, TC_RIGHT },
	{ AL_COL_END, NULL, TC_RIGHT },
	{ AL_COL_STATE, NULL, 0 },
	{ AL_COL_AVCS, NULL, TC_RIGHT },
	{ AL_COL_FORKS, NULL, TC_RIGHT },
	{ AL_COL_SPLIT, NULL, TC_RIGHT },
	{ AL_COL_MERGE, NULL, TC_RIGHT },
	{ AL_COL_REMAP, NULL, TC_RIGHT },
	{ AL_JSON_RMAP, NULL, TC_RIGHT },
	{ AL_COL_COMM, NULL, 0 },
};
enum { M_PID, M_START, M_END, M_FIELD, M_COMM = M_FIELD + MF_N };

static void mover_fields(const struct al_vma *v, int64_t *f)
{
	f[MF_STATE] = v->state;
	f[MF_AVCS] = v->avcs;
	f[MF_FORKS] = v->forks;
	f[MF_SPLIT] = v->split;
	f[MF_MERGE] = v->merge;
	f[MF_REMAP] = v->remap;
	f[MF_RMAP] = al_vma_rmap_total(v);
}

struct watch {
	const struct al_opts *o;
	const struct table *t;
	struct al_sample prev;
	struct al_vmalist l;
	struct al_mover *m;
	size_t nm;
};

/* "lazy", "lazy>upgraded" when it changed, "new:lazy" when it is new. */
static void state_change(const struct al_mover *m, const struct al_vma *v,
			 char *buf, size_t len)
{
	const char *now = al_state_name(v->state);

	if (!m->prev)
		snprintf(buf, len, "new:%s", now);
	else if (m->d[MF_STATE])
		snprintf(buf, len, "%s>%s", al_state_name(m->prev[MF_STATE]),
			 now);
	else
		snprintf(buf, len, "%s", now);
}

static void mover_cell(void *ctx, size_t row, size_t col, char *buf,
		       size_t len)
{
	const struct watch *w = ctx;
	const struct al_mover *m = &w->m[row];
	const struct al_vma *v = &w->l.v[m->rec];

	switch (col) {
	case M_PID:
		vma_cell(v, C_PID, buf, len);
		break;
	case M_START:
		vma_cell(v, C_START, buf, len);
		break;
	case M_END:
		vma_cell(v, C_END, buf, len);
		break;
	case M_COMM:
		vma_cell(v, C_COMM, buf, len);
		break;
	case M_FIELD + MF_STATE:
		state_change(m, v, buf, len);
		break;
	default:
		snprintf(buf, len, "%+" PRId64, m->d[col - M_FIELD]);
		break;
	}
}

static void mover_json(struct json *j, const struct al_mover *m,
		       const struct al_vma *v)
{
	size_t f;

	json_obj_open(j);
	json_ku64(j, AL_COL_PID, v->pid);
	json_kstr(j, AL_COL_COMM, v->comm);
	json_ku64(j, AL_COL_START, v->start);
	json_ku64(j, AL_COL_END, v->end);
	json_kstr(j, AL_COL_STATE, al_state_name(v->state));
	json_kstr(j, AL_JSON_STATE_BEFORE,
		  m->prev ? al_state_name(m->prev[MF_STATE]) : NULL);
	for (f = MF_AVCS; f < MF_N; f++)
		json_ki64(j, mover_cols[M_FIELD + f].name, m->d[f]);
	json_obj_close(j);
}

static int tick(void *ctx, unsigned long nr)
{
	struct watch *w = ctx;
	struct al_sample cur;
	int64_t f[MF_N];
	struct al_data d;
	char when[16];
	time_t now;
	size_t i;
	int status;

	w->l = (struct al_vmalist){ .filter = &w->o->filter };
	status = al_open(w->o, NULL, 0, &d);
	if (!status)
		status = al_open_vmas(&d, al_vmalist_add, &w->l);
	if (status)
		goto out;
	al_sample_init(&cur, MF_N);
	for (i = 0; i < w->l.n; i++) {
		mover_fields(&w->l.v[i], f);
		al_sample_add(&cur, w->l.v[i].pid, w->l.v[i].start, f);
	}
	w->nm = al_movers(&cur, &w->prev, 1u << MF_STATE,
			  w->o->top ? w->o->top : 10, &w->m);
	now = time(NULL);
	if (w->o->json) {
		struct json j;

		al_json_start(w->o, &j);
		json_obj_open(&j);
		json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(d.version.series));
		json_ki64(&j, AL_JSON_TIME, (int64_t)now);
		json_kbool(&j, AL_JSON_SINCE_LOAD, !nr);
		json_karr_open(&j, AL_JSON_VMAS);
		for (i = 0; i < w->nm; i++)
			mover_json(&j, &w->m[i], &w->l.v[w->m[i].rec]);
		json_arr_close(&j);
		json_obj_close(&j);
		json_finish(&j);
	} else {
		if (!nr && !w->o->noheadings)
			al_flavour_line(d.version.series);
		strftime(when, sizeof(when), "%H:%M:%S", localtime(&now));
		if (!w->o->noheadings)
			printf("\n%s: %zu of %zu VMAs changed%s\n", when, w->nm,
			       w->l.n, nr ? "" : " since the module was loaded");
		if (w->nm)
			table_print(stdout, w->t, w->nm, mover_cell, w);
	}
	al_sample_free(&w->prev);
	w->prev = cur;
out:
	free(w->m);
	w->m = NULL;
	al_vmalist_free(&w->l);
	al_data_free(&d);
	return status;
}

static int watch(const struct al_opts *o)
{
	struct watch w = { .o = o };
	struct table t;
	int status;

	status = al_table_setup(o, &t, mover_cols, ARRAY_SIZE(mover_cols));
	if (status)
		return status;
	if (o->sort) {
		al_error("-s does not apply with an interval: movers are sorted by change");
		return EXIT_USAGE;
	}
	w.t = &t;
	al_sample_init(&w.prev, MF_N);
	status = al_interval_run(o->interval, o->count, tick, &w);
	al_sample_free(&w.prev);
	return status;
}

int cmd_vmas(struct al_opts *o)
{
	const struct al_sortkey *key;
	struct table t;
	int status;

	if (o->repeat)
		return watch(o);
	status = al_table_setup(o, &t, cols, C_N);
	if (!status)
		status = al_sort_setup(o, al_vma_sortkeys, al_nr_vma_sortkeys,
				       &key);
	if (status)
		return status;
	return list(o, &t, key);
}
