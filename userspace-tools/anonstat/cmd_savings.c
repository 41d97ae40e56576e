// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat savings - the table of the series' cover letter, for this box:
 *
 *   Object | Now (active KB) | Projected lazy (active KB) | Change
 *
 * from slabinfo and the module's object counts (see savings.h).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "anonstat.h"
#include "savings.h"

enum { C_OBJECT, C_STOCK, C_NOW, C_PROJ, C_CHANGE, C_SOURCE, C_OBJSIZE,
       C_ACTIVE, C_SAVED, C_N };

/*
 * Stock kernels: Now | Projected lazy.  Series kernels: Stock estimate |
 * Now, which is lazy already.  Either way: without, then with the series.
 */
static void make_cols(struct tcol *cols, bool series)
{
	const struct tcol all[C_N] = {
		[C_OBJECT] = { AL_JSON_OBJECT, "Object", 0 },
		[C_STOCK] = { AL_JSON_STOCK, "Stock estimate (active KB)",
			      TC_RIGHT | (series ? 0 : TC_EXTRA) },
		[C_NOW] = { AL_JSON_NOW, series ? "Now, lazy (active KB)" :
						  "Now (active KB)", TC_RIGHT },
		[C_PROJ] = { AL_JSON_PROJECTED, "Projected lazy (active KB)",
			     TC_RIGHT | (series ? TC_EXTRA : 0) },
		[C_CHANGE] = { AL_JSON_CHANGE, "Change", TC_RIGHT },
		[C_SOURCE] = { AL_JSON_SOURCE, "Source", TC_EXTRA },
		[C_OBJSIZE] = { AL_JSON_OBJSIZE, "Objsize", TC_RIGHT | TC_EXTRA },
		[C_ACTIVE] = { AL_JSON_ACTIVE_OBJS, "Active objs",
			       TC_RIGHT | TC_EXTRA },
		[C_SAVED] = { AL_JSON_SAVED_OBJS, "Saved objs",
			      TC_RIGHT | TC_EXTRA },
	};

	memcpy(cols, all, sizeof(all));
}

struct rows {
	struct al_saving s[AL_NR_OBJS];
	size_t n;
};

/* Module figures stand in for slabinfo: marked with '*'. */
static const char *mark(const struct al_saving *s)
{
	return s->source == AL_KB_MODULE ? "*" : "";
}

static void cell(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
	const struct al_saving *s = &((const struct rows *)ctx)->s[row];

	switch (col) {
	case C_OBJECT:
		snprintf(buf, len, "%s", al_obj_name(s->obj));
		break;
	case C_STOCK:
		snprintf(buf, len, "%.2f%s", s->stock_kb, mark(s));
		break;
	case C_NOW:
		snprintf(buf, len, "%.2f%s", s->now_kb, mark(s));
		break;
	case C_PROJ:
		snprintf(buf, len, "%.2f%s", s->projected_kb, mark(s));
		break;
	case C_CHANGE:
		if (s->obj == AL_OBJ_VMA)
			snprintf(buf, len, "unchanged");
		else
			al_pct(s->change_pct, buf, len);
		break;
	case C_SOURCE:
		snprintf(buf, len, "%s", al_kb_source_name(s->source));
		break;
	case C_OBJSIZE:
		snprintf(buf, len, "%" PRIu64, s->objsize);
		break;
	case C_ACTIVE:
		snprintf(buf, len, "%" PRIu64, s->active);
		break;
	default:
		snprintf(buf, len, "%" PRIu64, s->saved);
		break;
	}
}

/* One note under the table, or a warning beside the JSON. */
static void __attribute__((format(printf, 3, 4)))
note(bool json, char mark, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (json)
		al_warn("%s", msg);
	else
		printf("%c %s\n", mark, msg);
}

/* Why a row is not what it seems, one line each. */
static void notes(bool json, const struct al_data *d, const struct rows *r)
{
	size_t i;

	if (!d->have_slab)
		note(json, '*', "no slabinfo: %s", d->slab_why);
	for (i = 0; i < r->n; i++) {
		const struct al_saving *s = &r->s[i];
		const char *name = al_obj_name(s->obj);
		uint64_t now, proj;

		al_module_objects(&d->summary, s->obj, &now, &proj);
		if (s->source == AL_KB_MODULE && d->have_slab)
			note(json, '*', "%s: no such cache in %s (merged into another? boot with slab_nomerge)",
			     name, d->path[AL_F_SLABINFO]);
		if (s->source == AL_KB_MODULE)
			note(json, '*', "%s: module count %" PRIu64 " x %" PRIu64
			     " bytes (%s%s in %s) instead", name, now,
			     s->objsize, AL_VER_SIZE_PREFIX, name,
			     AL_FILE_VERSION);
		if (s->no_estimate)
			note(json, '!', "%s: the module wrote no %s estimate (older module): no change to show",
			     name, AL_FLAVOUR_STOCK);
		if (s->clamped)
			note(json, '!', "%s: the module counts %" PRIu64
			     " objects to save, more than the %" PRIu64
			     " slab objects: projection clamped at 0", name,
			     now - proj, s->active);
	}
}

static int compute(const struct al_data *d, struct rows *r)
{
	unsigned int obj;

	r->n = 0;
	for (obj = 0; obj < AL_NR_OBJS; obj++) {
		if (al_saving_compute(obj, d->have_slab ? &d->slab : NULL,
				      &d->summary, &d->version, &r->s[r->n])) {
			al_error("%s: no %s row in %s and no %s%s in %s",
				 al_obj_name(obj), al_obj_name(obj),
				 d->have_slab ? d->path[AL_F_SLABINFO] :
						AL_SNAP_SLABINFO,
				 AL_VER_SIZE_PREFIX, al_obj_name(obj),
				 d->path[AL_F_VERSION]);
			return EXIT_FAIL;
		}
		r->n++;
	}
	return EXIT_OK;
}

static void print_json(const struct al_opts *o, const struct al_data *d,
		       const struct rows *r)
{
	struct json j;
	size_t i;

	al_json_start(o, &j);
	json_obj_open(&j);
	json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(d->version.series));
	json_karr_open(&j, AL_JSON_ROWS);
	for (i = 0; i < r->n; i++) {
		const struct al_saving *s = &r->s[i];

		json_obj_open(&j);
		json_kstr(&j, AL_JSON_OBJECT, al_obj_name(s->obj));
		json_kdouble(&j, AL_JSON_NOW_KB, s->now_kb, 3);
		json_kdouble(&j, AL_JSON_PROJECTED_KB, s->projected_kb, 3);
		json_kdouble(&j, AL_JSON_STOCK_KB, s->stock_kb, 3);
		json_kdouble(&j, AL_JSON_CHANGE_PCT, s->change_pct, 3);
		json_kstr(&j, AL_JSON_SOURCE, al_kb_source_name(s->source));
		json_ku64(&j, AL_JSON_OBJSIZE, s->objsize);
		json_ku64(&j, AL_JSON_ACTIVE_OBJS, s->active);
		json_ku64(&j, AL_JSON_SAVED_OBJS, s->saved);
		json_kbool(&j, AL_JSON_CLAMPED, s->clamped);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	json_finish(&j);
}

int cmd_savings(struct al_opts *o)
{
	struct tcol cols[C_N];
	struct al_data d;
	struct table t;
	struct rows r;
	int status;

	status = al_open(o, NULL, AL_NEED(AL_F_SUMMARY) |
			 AL_NEED(AL_F_SLABINFO), &d);
	if (status)
		return status;
	make_cols(cols, d.version.series);
	status = al_table_setup(o, &t, cols, C_N);
	if (status)
		goto out;
	t.sep = " | ";
	status = compute(&d, &r);
	if (status)
		goto out;
	if (o->json) {
		print_json(o, &d, &r);
		notes(true, &d, &r);
		goto out;
	}
	if (!o->noheadings) {
		al_flavour_line(d.version.series);
		if (d.version.series)
			printf("Stock estimate: slab memory with the anon_vmas and chains a stock kernel would have allocated\n");
		else
			printf("Projected lazy: slab memory without the anon_vmas and chains ANON_VMA_LAZY would not allocate\n");
	}
	table_print(stdout, &t, r.n, cell, &r);
	notes(false, &d, &r);
out:
	al_data_free(&d);
	return status;
}
