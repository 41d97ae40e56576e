// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat diff DIR_A DIR_B - two snapshots side by side: the slab table of
 * the series' cover letter (Object | Before | After | Change) from their
 * slabinfo files, then states, objects, events and walks with the change.
 * A is "before", B "after": typically a stock kernel and a series kernel,
 * or one box before and after a workload.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "anonstat.h"
#include "savings.h"

static const struct tcol slab_cols[] = {
	{ AL_JSON_OBJECT, "Object", 0 },
	{ AL_JSON_BEFORE, "Before (active KB)", TC_RIGHT },
	{ AL_JSON_AFTER, "After (active KB)", TC_RIGHT },
	{ "change", "Change", TC_RIGHT },
};

struct side {
	const char *dir;
	struct al_data d;
	struct al_saving kb[AL_NR_OBJS];
};

static int load(const struct al_opts *o, struct side *s)
{
	unsigned int need = AL_NEED(AL_F_SUMMARY) | AL_NEED(AL_F_WALKS) |
			    AL_NEED(AL_F_SLABINFO) | AL_NEED(AL_F_UNAME);
	unsigned int obj;
	int status;

	status = al_open(o, s->dir, need, &s->d);
	if (status)
		return status;
	for (obj = 0; obj < AL_NR_OBJS; obj++) {
		if (!al_saving_compute(obj, s->d.have_slab ? &s->d.slab : NULL,
				       &s->d.summary, &s->d.version,
				       &s->kb[obj]))
			continue;
		al_error("%s: no %s in its %s and no %s%s in its %s", s->dir,
			 al_obj_name(obj), AL_SNAP_SLABINFO,
			 AL_VER_SIZE_PREFIX, al_obj_name(obj), AL_FILE_VERSION);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static uint64_t walk_value(const struct al_data *d, const char *type,
			   unsigned int col)
{
	const struct al_walk_row *r = al_walks_find(&d->walks, type);

	return r ? r->col[col] : 0;
}

/* ---- text ---- */

static void add_row(struct table_rows *r, const char *name, uint64_t a,
		    uint64_t b, bool always)
{
	char pct[32];

	if (!always && !a && !b)
		return;
	table_rows_add(r, "%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRId64 "\t%s",
		       name, a, b, (int64_t)(b - a),
		       al_pct(al_change_pct(a, b), pct, sizeof(pct)));
}

static void print_section(const struct al_opts *o, const char *first,
			  struct table_rows *r)
{
	struct tcol cols[] = {
		{ first, NULL, 0 },
		{ AL_JSON_BEFORE, NULL, TC_RIGHT },
		{ AL_JSON_AFTER, NULL, TC_RIGHT },
		{ AL_JSON_CHANGE, NULL, TC_RIGHT },
		{ "pct", "%", TC_RIGHT },
	};
	struct table t;

	table_init(&t, cols, ARRAY_SIZE(cols));
	t.noheadings = o->noheadings;
	putchar('\n');
	table_rows_print(stdout, &t, r);
	table_rows_free(r);
}

static void print_slabs(const struct al_opts *o, const struct side *a,
			const struct side *b)
{
	struct table_rows r;
	struct table t;
	unsigned int obj;
	char pct[32];

	table_init(&t, slab_cols, ARRAY_SIZE(slab_cols));
	t.sep = " | ";
	t.noheadings = o->noheadings;
	table_rows_init(&r, ARRAY_SIZE(slab_cols));
	for (obj = 0; obj < AL_NR_OBJS; obj++) {
		const struct al_saving *x = &a->kb[obj], *y = &b->kb[obj];

		table_rows_add(&r, "%s\t%.2f%s\t%.2f%s\t%s", al_obj_name(obj),
			       x->now_kb, x->source == AL_KB_MODULE ? "*" : "",
			       y->now_kb, y->source == AL_KB_MODULE ? "*" : "",
			       al_pct(al_change_pct(x->now_kb, y->now_kb), pct,
				      sizeof(pct)));
	}
	table_rows_print(stdout, &t, &r);
	table_rows_free(&r);
	for (obj = 0; obj < AL_NR_OBJS; obj++) {
		const struct side *s[2] = { a, b };
		int i;

		for (i = 0; i < 2; i++)
			if (s[i]->kb[obj].source == AL_KB_MODULE)
				printf("* %s of %s: not in its %s; module count x %s%s instead\n",
				       al_obj_name(obj), s[i]->dir,
				       AL_SNAP_SLABINFO, AL_VER_SIZE_PREFIX,
				       al_obj_name(obj));
	}
}

static void print_text(const struct al_opts *o, const struct side *a,
		       const struct side *b)
{
	const struct al_summary *x = &a->d.summary, *y = &b->d.summary;
	const struct side *s[2] = { a, b };
	char name[96];
	struct table_rows r;
	unsigned int i, k, obj;
	uint64_t xn, xp, yn, yp;
	size_t t;

	for (i = 0; i < 2 && !o->noheadings; i++)
		printf("%-7s %s (kernel %s, flavour %s: states %s)\n",
		       i ? "after:" : "before:", s[i]->dir,
		       s[i]->d.version.kernel,
		       al_flavour_name(s[i]->d.summary.series),
		       al_states_are(s[i]->d.summary.series));
	if (!o->noheadings)
		putchar('\n');
	print_slabs(o, a, b);

	table_rows_init(&r, 5);
	for (i = 0; i < AL_NR_STATES; i++)
		add_row(&r, al_state_name(i), x->states[i], y->states[i], true);
	add_row(&r, AL_JSON_VMAS, x->vmas, y->vmas, true);
	print_section(o, AL_COL_STATE, &r);

	table_rows_init(&r, 5);
	for (obj = AL_OBJ_ANON_VMA; obj <= AL_OBJ_AVC; obj++) {
		al_module_objects(x, obj, &xn, &xp);
		al_module_objects(y, obj, &yn, &yp);
		snprintf(name, sizeof(name), "%s %s", al_obj_name(obj), AL_JSON_NOW);
		add_row(&r, name, xn, yn, true);
		snprintf(name, sizeof(name), "%s %s", al_obj_name(obj),
			 AL_JSON_PROJECTED);
		add_row(&r, name, xp, yp, true);
	}
	print_section(o, AL_JSON_OBJECT, &r);

	table_rows_init(&r, 5);
	for (i = 0; i < AL_NR_EVENTS; i++)
		add_row(&r, al_event_name(i), x->events[i], y->events[i], true);
	for (k = 0; k < AL_NR_BR; k++) {
		for (i = 0; i < AL_NR_REASONS; i++) {
			snprintf(name, sizeof(name), "%s%s",
				 al_by_reason_prefix(k), al_reason_name(i));
			add_row(&r, name, x->by_reason[k][i],
				y->by_reason[k][i], false);
		}
	}
	print_section(o, "event", &r);

	table_rows_init(&r, 5);
	for (t = 0; t < AL_NR_WALK_TYPES; t++) {
		const char *type = al_walk_type_name(t);

		for (k = AL_WC_WALKS; k <= AL_WC_VISITS; k++) {
			snprintf(name, sizeof(name), "%s %s", type,
				 al_walk_col_name(k));
			add_row(&r, name, walk_value(&a->d, type, k),
				walk_value(&b->d, type, k), false);
		}
	}
	print_section(o, AL_JSON_WALKS, &r);
}

/* ---- JSON ---- */

static void json_pair(struct json *j, const char *key, uint64_t a, uint64_t b)
{
	json_kobj_open(j, key);
	json_ku64(j, AL_JSON_BEFORE, a);
	json_ku64(j, AL_JSON_AFTER, b);
	json_ki64(j, AL_JSON_CHANGE, (int64_t)(b - a));
	json_obj_close(j);
}

static void json_side(struct json *j, const char *key, const struct side *s)
{
	json_kobj_open(j, key);
	json_kstr(j, AL_JSON_DIR, s->dir);
	json_kstr(j, AL_JSON_KERNEL, s->d.version.kernel);
	json_kstr(j, AL_JSON_FLAVOUR, al_flavour_name(s->d.summary.series));
	json_obj_close(j);
}

static void json_slabs(struct json *j, const struct side *a,
		       const struct side *b)
{
	unsigned int obj;

	json_karr_open(j, AL_JSON_ROWS);
	for (obj = 0; obj < AL_NR_OBJS; obj++) {
		const struct al_saving *x = &a->kb[obj], *y = &b->kb[obj];

		json_obj_open(j);
		json_kstr(j, AL_JSON_OBJECT, al_obj_name(obj));
		json_kdouble(j, AL_JSON_BEFORE_KB, x->now_kb, 3);
		json_kdouble(j, AL_JSON_AFTER_KB, y->now_kb, 3);
		json_kdouble(j, AL_JSON_CHANGE_PCT,
			     al_change_pct(x->now_kb, y->now_kb), 3);
		json_kstr(j, AL_JSON_BEFORE_SOURCE, al_kb_source_name(x->source));
		json_kstr(j, AL_JSON_AFTER_SOURCE, al_kb_source_name(y->source));
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void print_json(const struct al_opts *o, const struct side *a,
		       const struct side *b)
{
	const struct al_summary *x = &a->d.summary, *y = &b->d.summary;
	unsigned int i, k, obj;
	uint64_t xn, xp, yn, yp;
	struct json j;

	al_json_start(o, &j);
	json_obj_open(&j);
	json_side(&j, AL_JSON_BEFORE, a);
	json_side(&j, AL_JSON_AFTER, b);
	json_slabs(&j, a, b);
	json_kobj_open(&j, AL_JSON_STATES);
	for (i = 0; i < AL_NR_STATES; i++)
		json_pair(&j, al_state_name(i), x->states[i], y->states[i]);
	json_obj_close(&j);
	json_kobj_open(&j, AL_JSON_OBJECTS);
	for (obj = AL_OBJ_ANON_VMA; obj <= AL_OBJ_AVC; obj++) {
		al_module_objects(x, obj, &xn, &xp);
		al_module_objects(y, obj, &yn, &yp);
		json_kobj_open(&j, al_obj_name(obj));
		json_pair(&j, AL_JSON_NOW, xn, yn);
		json_pair(&j, AL_JSON_PROJECTED, xp, yp);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_kobj_open(&j, AL_JSON_EVENTS);
	for (i = 0; i < AL_NR_EVENTS; i++)
		json_pair(&j, al_event_name(i), x->events[i], y->events[i]);
	for (k = 0; k < AL_NR_BR; k++) {
		static const char *const keys[AL_NR_BR] = {
			AL_JSON_CLONE, AL_JSON_CLONE_LAZY, AL_JSON_UPGRADE,
		};

		json_kobj_open(&j, keys[k]);
		for (i = 0; i < AL_NR_REASONS; i++)
			json_pair(&j, al_reason_name(i), x->by_reason[k][i],
				  y->by_reason[k][i]);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_kobj_open(&j, AL_JSON_WALKS);
	for (i = 0; i < AL_NR_WALK_TYPES; i++) {
		const char *type = al_walk_type_name(i);

		json_kobj_open(&j, type);
		for (k = 0; k < AL_NR_WC; k++)
			json_pair(&j, al_walk_col_name(k),
				  walk_value(&a->d, type, k),
				  walk_value(&b->d, type, k));
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_obj_close(&j);
	json_finish(&j);
}

int cmd_diff(struct al_opts *o)
{
	struct side a = { .dir = o->argv[0] }, b = { .dir = o->argv[1] };
	int status;

	status = load(o, &a);
	if (!status)
		status = load(o, &b);
	if (!status) {
		if (o->json)
			print_json(o, &a, &b);
		else
			print_text(o, &a, &b);
	}
	al_data_free(&a.d);
	al_data_free(&b.d);
	return status;
}
