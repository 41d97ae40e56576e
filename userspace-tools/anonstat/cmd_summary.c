// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat (no command) - the system summary: VMAs per state, anon_vma
 * objects now and projected, events; with [interval [count]] one line of
 * deltas per interval, like vmstat.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "anonstat.h"
#include "interval.h"
#include "savings.h"

#define MAX_WARNINGS	(8 + AL_NR_ROLES)

struct warnings {
	size_t n;
	char msg[MAX_WARNINGS][256];
};

/* What makes the numbers incomplete, said instead of hidden. */
static void collect_warnings(const struct al_data *d, struct warnings *w)
{
	const struct al_summary *s = &d->summary;
	size_t i;

	w->n = 0;
	for (i = 0; i < d->probes.n && w->n < MAX_WARNINGS; i++) {
		const struct al_probe *p = &d->probes.p[i];

		if (strncmp(p->status, AL_STATUS_FAILED,
			    strlen(AL_STATUS_FAILED)))
			continue;
		snprintf(w->msg[w->n++], sizeof(w->msg[0]),
			 "probe %s (%s) %s: its events are not counted",
			 p->role, p->symbol, p->status);
	}
	if (s->dropped && w->n < MAX_WARNINGS)
		snprintf(w->msg[w->n++], sizeof(w->msg[0]),
			 "%" PRIu64 " VMA history records dropped (table of %" PRIu64
			 " full): their states are inferred", s->dropped,
			 s->capacity);
	if (s->overflow && w->n < MAX_WARNINGS)
		snprintf(w->msg[w->n++], sizeof(w->msg[0]),
			 "%" PRIu64 " anon_vmas not deduplicated (inventory overflow): anon_vma counts are approximate",
			 s->overflow);
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_states(const struct al_summary *s)
{
	static const struct tcol cols[] = {
		{ AL_COL_STATE, NULL, 0 },
		{ AL_JSON_VMAS, "VMAS", TC_RIGHT },
		{ "pct", "SHARE", TC_RIGHT },
	};
	struct table_rows r;
	struct table t;
	unsigned int i;

	printf("\nVMAs by state (%s):\n", al_states_are(s->series));
	table_init(&t, cols, ARRAY_SIZE(cols));
	table_rows_init(&r, ARRAY_SIZE(cols));
	for (i = 0; i < AL_NR_STATES; i++)
		table_rows_add(&r, "%s\t%" PRIu64 "\t%.1f%%", al_state_name(i),
			       s->states[i], pct(s->states[i], s->vmas));
	table_rows_print(stdout, &t, &r);
	table_rows_free(&r);
	if (s->inferred)
		printf("(%" PRIu64 " of them inferred from anon_vma fields, no event seen)\n",
		       s->inferred);
}

/* The module's estimate of @obj on a stock kernel, if it wrote one. */
static bool stock_objects(const struct al_summary *s, unsigned int obj,
			  uint64_t *stock)
{
	*stock = obj == AL_OBJ_ANON_VMA ? s->av_stock : s->avc_stock;
	return obj == AL_OBJ_ANON_VMA ? s->has_av_stock : s->has_avc_stock;
}

static void print_objects(const struct al_summary *s)
{
	/* Stock: now, and projected lazy.  Series: stock estimate, and now. */
	const struct tcol cols[] = {
		{ AL_JSON_OBJECT, NULL, 0 },
		{ s->series ? AL_JSON_STOCK : AL_JSON_NOW,
		  s->series ? "STOCK(ESTIMATE)" : NULL, TC_RIGHT },
		{ s->series ? AL_JSON_NOW : AL_JSON_PROJECTED, NULL, TC_RIGHT },
		{ AL_JSON_CHANGE, NULL, TC_RIGHT },
	};
	struct table_rows r;
	struct table t;
	unsigned int obj;
	uint64_t now, proj, before, after;
	char buf[32];

	if (s->series)
		printf("\nObjects, estimated without ANON_VMA_LAZY and now:\n");
	else
		printf("\nObjects, now and projected under ANON_VMA_LAZY:\n");
	table_init(&t, cols, ARRAY_SIZE(cols));
	table_rows_init(&r, ARRAY_SIZE(cols));
	for (obj = AL_OBJ_ANON_VMA; obj <= AL_OBJ_AVC; obj++) {
		al_module_objects(s, obj, &now, &proj);
		before = now;
		after = proj;
		if (s->series) {
			after = now;
			if (!stock_objects(s, obj, &before)) {
				table_rows_add(&r, "%s\t%s\t%" PRIu64 "\t%s",
					       al_obj_name(obj), AL_NONE_VALUE,
					       now, AL_NONE_VALUE);
				continue;
			}
		}
		table_rows_add(&r, "%s\t%" PRIu64 "\t%" PRIu64 "\t%s",
			       al_obj_name(obj), before, after,
			       al_pct(al_change_pct(before, after), buf,
				      sizeof(buf)));
	}
	table_rows_print(stdout, &t, &r);
	table_rows_free(&r);
}

static void print_events(const struct al_summary *s)
{
	static const struct tcol ev_cols[] = {
		{ "event", NULL, 0 },
		{ AL_COL_COUNT, NULL, TC_RIGHT },
	};
	static const struct tcol reason_cols[] = {
		{ "reason", NULL, 0 },
		{ AL_JSON_CLONE, NULL, TC_RIGHT },
		{ AL_JSON_CLONE_LAZY, NULL, TC_RIGHT },
		{ AL_JSON_UPGRADE, NULL, TC_RIGHT },
	};
	struct table_rows r;
	struct table t;
	unsigned int i;

	printf("\nEvents since the module was loaded (or reset):\n");
	table_init(&t, ev_cols, ARRAY_SIZE(ev_cols));
	table_rows_init(&r, ARRAY_SIZE(ev_cols));
	for (i = 0; i < AL_NR_EVENTS; i++)
		table_rows_add(&r, "%s\t%" PRIu64, al_event_name(i),
			       s->events[i]);
	table_rows_print(stdout, &t, &r);
	table_rows_free(&r);

	printf("\nanon_vma clones, of never-shared VMAs among them, and upgrades, by reason:\n");
	table_init(&t, reason_cols, ARRAY_SIZE(reason_cols));
	table_rows_init(&r, ARRAY_SIZE(reason_cols));
	for (i = 0; i < AL_NR_REASONS; i++)
		table_rows_add(&r, "%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64,
			       al_reason_name(i),
			       s->by_reason[AL_BR_CLONE][i],
			       s->by_reason[AL_BR_CLONE_LAZY][i],
			       s->by_reason[AL_BR_UPGRADE][i]);
	table_rows_print(stdout, &t, &r);
	table_rows_free(&r);
}

static void print_text(const struct al_data *d, const struct warnings *w)
{
	const struct al_summary *s = &d->summary;
	size_t i;

	al_flavour_line(s->series);
	printf("kernel %s (%s), %s %s: %" PRIu64 " processes, %" PRIu64 " VMAs\n",
	       d->version.kernel, d->version.arch, AL_MODULE_NAME,
	       d->version.module, s->processes, s->vmas);
	print_states(s);
	print_objects(s);
	print_events(s);
	for (i = 0; i < w->n; i++)
		al_warn("%s", w->msg[i]);
}

static void json_reasons(struct json *j, const char *key, const uint64_t *v)
{
	unsigned int i;

	json_kobj_open(j, key);
	for (i = 0; i < AL_NR_REASONS; i++)
		json_ku64(j, al_reason_name(i), v[i]);
	json_obj_close(j);
}

static void print_json(const struct al_opts *o, const struct al_data *d,
		       const struct warnings *w)
{
	const struct al_summary *s = &d->summary;
	unsigned int i, obj;
	uint64_t now, proj;
	struct json j;

	al_json_start(o, &j);
	json_obj_open(&j);
	json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(s->series));
	json_kstr(&j, AL_JSON_KERNEL, d->version.kernel);
	json_ku64(&j, AL_JSON_PROCESSES, s->processes);
	json_ku64(&j, AL_JSON_VMAS, s->vmas);
	json_kobj_open(&j, AL_JSON_STATES);
	for (i = 0; i < AL_NR_STATES; i++)
		json_ku64(&j, al_state_name(i), s->states[i]);
	json_obj_close(&j);
	json_ku64(&j, AL_JSON_INFERRED, s->inferred);
	json_kobj_open(&j, AL_JSON_OBJECTS);
	for (obj = AL_OBJ_ANON_VMA; obj <= AL_OBJ_AVC; obj++) {
		al_module_objects(s, obj, &now, &proj);
		json_kobj_open(&j, al_obj_name(obj));
		json_ku64(&j, AL_JSON_NOW, now);
		json_ku64(&j, AL_JSON_PROJECTED, proj);
		if (stock_objects(s, obj, &now))
			json_ku64(&j, AL_JSON_STOCK, now);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_kobj_open(&j, AL_JSON_EVENTS);
	for (i = 0; i < AL_NR_EVENTS; i++)
		json_ku64(&j, al_event_name(i), s->events[i]);
	json_reasons(&j, AL_JSON_CLONE, s->by_reason[AL_BR_CLONE]);
	json_reasons(&j, AL_JSON_CLONE_LAZY, s->by_reason[AL_BR_CLONE_LAZY]);
	json_reasons(&j, AL_JSON_UPGRADE, s->by_reason[AL_BR_UPGRADE]);
	json_obj_close(&j);
	json_kobj_open(&j, AL_JSON_TABLE);
	json_ku64(&j, AL_JSON_CAPACITY, s->capacity);
	json_ku64(&j, AL_JSON_USED, s->used);
	json_ku64(&j, AL_JSON_DROPPED, s->dropped);
	json_ku64(&j, AL_JSON_OVERFLOW, s->overflow);
	json_obj_close(&j);
	json_karr_open(&j, AL_JSON_WARNINGS);
	for (i = 0; i < w->n; i++)
		json_str(&j, w->msg[i]);
	json_arr_close(&j);
	json_obj_close(&j);
	json_finish(&j);
}

/* ---- interval mode ---- */

#define COL_W	6

/* One report's figures: current totals and counter deltas. */
struct tick {
	uint64_t states[AL_NR_STATES];
	uint64_t new_lazy;
	uint64_t events[AL_NR_EVENTS];
	uint64_t by_reason[AL_NR_BR][AL_NR_REASONS];
	uint64_t walks[AL_NR_WALK_TYPES];
	uint64_t visits;
};

struct watch {
	const struct al_opts *o;
	struct al_data d[2];		/* current and previous sample */
	int cur;
	bool series;
};

/* A counter's growth; a counter that went down was reset: all of it is new. */
static uint64_t delta(uint64_t now, uint64_t before)
{
	return now >= before ? now - before : now;
}

static uint64_t walk_col(const struct al_walks *w, unsigned int type,
			 unsigned int col)
{
	const struct al_walk_row *r = al_walks_find(w, al_walk_type_name(type));

	return r ? r->col[col] : 0;
}

static void compute_tick(const struct al_data *cur, const struct al_data *prev,
			 struct tick *t)
{
	const struct al_summary *s = &cur->summary, *p = &prev->summary;
	unsigned int i, k;
	uint64_t visits = 0, pvisits = 0;
	size_t r;

	memcpy(t->states, s->states, sizeof(t->states));
	for (i = 0; i < AL_NR_EVENTS; i++)
		t->events[i] = delta(s->events[i], p->events[i]);
	for (k = 0; k < AL_NR_BR; k++)
		for (i = 0; i < AL_NR_REASONS; i++)
			t->by_reason[k][i] = delta(s->by_reason[k][i],
						   p->by_reason[k][i]);
	/* Each first anonymous fault on stock is a lazy_prepare to be. */
	t->new_lazy = t->events[s->series ? AL_EV_LAZY_PREPARE : AL_EV_PREPARE];
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		t->walks[i] = delta(walk_col(&cur->walks, i, AL_WC_WALKS),
				    walk_col(&prev->walks, i, AL_WC_WALKS));
	for (r = 0; r < cur->walks.n; r++)
		visits += cur->walks.rows[r].col[AL_WC_VISITS];
	for (r = 0; r < prev->walks.n; r++)
		pvisits += prev->walks.rows[r].col[AL_WC_VISITS];
	t->visits = delta(visits, pvisits);
}

static void group_header(const char *title, unsigned int ncols)
{
	int width = ncols * (COL_W + 1) - 1, len = strlen(title);
	int left = (width - len) / 2, right = width - len - left;

	printf(" %.*s%s%.*s", left > 0 ? left : 0,
	       "--------------------------------------------------", title,
	       right > 0 ? right : 0,
	       "--------------------------------------------------");
}

static const char *const state_abbrev[AL_NR_STATES] = {
	[AL_STATE_NONE] = "none", [AL_STATE_LAZY] = "lazy",
	[AL_STATE_LAZY_PARENT] = "lpar", [AL_STATE_UPGRADED] = "upgr",
	[AL_STATE_EAGER] = "eagr",
};

static const char *const reason_abbrev[AL_NR_REASONS] = {
	[AL_REASON_SPLIT] = "split", [AL_REASON_MERGE] = "merge",
	[AL_REASON_REMAP] = "remap", [AL_REASON_FORK] = "fork",
	[AL_REASON_MIGRATION] = "migr", [AL_REASON_KSM] = "ksm",
	[AL_REASON_OTHER] = "other",
};

static const char *const walk_abbrev[AL_NR_WALK_TYPES] = {
	[AL_WALK_REFERENCED] = "ref", [AL_WALK_UNMAP] = "unmap",
	[AL_WALK_MIGRATE] = "migr", [AL_WALK_KSM] = "ksm",
	[AL_WALK_OTHER] = "other",
};

/* States shown per line: all but none, which counts every VMA. */
#define FIRST_STATE	AL_STATE_LAZY

static void tick_header(bool series)
{
	char title[64];
	unsigned int i;

	snprintf(title, sizeof(title), "vmas (%s)", al_states_are(series));
	group_header(title, AL_NR_STATES - FIRST_STATE);
	group_header("new", 2);
	group_header(series ? "upgrades by reason" : "anon_vma clones by reason",
		     AL_NR_REASONS);
	group_header("rmap walks", AL_NR_WALK_TYPES + 1);
	putchar('\n');
	for (i = FIRST_STATE; i < AL_NR_STATES; i++)
		printf(" %*s", COL_W, state_abbrev[i]);
	printf(" %*s %*s", COL_W, "lazy+", COL_W, "fork");
	for (i = 0; i < AL_NR_REASONS; i++)
		printf(" %*s", COL_W, reason_abbrev[i]);
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		printf(" %*s", COL_W, walk_abbrev[i]);
	printf(" %*s\n", COL_W, "visits");
}

static void tick_text(const struct tick *t, bool series)
{
	unsigned int i;
	const uint64_t *reasons =
		t->by_reason[series ? AL_BR_UPGRADE : AL_BR_CLONE];

	for (i = FIRST_STATE; i < AL_NR_STATES; i++)
		printf(" %*" PRIu64, COL_W, t->states[i]);
	printf(" %*" PRIu64 " %*" PRIu64, COL_W, t->new_lazy, COL_W,
	       t->events[AL_EV_FORK]);
	for (i = 0; i < AL_NR_REASONS; i++)
		printf(" %*" PRIu64, COL_W, reasons[i]);
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		printf(" %*" PRIu64, COL_W, t->walks[i]);
	printf(" %*" PRIu64 "\n", COL_W, t->visits);
}

static void tick_json(const struct al_opts *o, const struct tick *t,
		      bool series, bool first)
{
	unsigned int i;
	struct json j;

	al_json_start(o, &j);
	json_obj_open(&j);
	json_kstr(&j, AL_JSON_FLAVOUR, al_flavour_name(series));
	json_ki64(&j, AL_JSON_TIME, (int64_t)time(NULL));
	json_kbool(&j, AL_JSON_SINCE_LOAD, first);
	json_kobj_open(&j, AL_JSON_STATES);
	for (i = 0; i < AL_NR_STATES; i++)
		json_ku64(&j, al_state_name(i), t->states[i]);
	json_obj_close(&j);
	json_ku64(&j, AL_JSON_NEW_LAZY, t->new_lazy);
	json_kobj_open(&j, AL_JSON_EVENTS);
	for (i = 0; i < AL_NR_EVENTS; i++)
		json_ku64(&j, al_event_name(i), t->events[i]);
	json_reasons(&j, AL_JSON_CLONE, t->by_reason[AL_BR_CLONE]);
	json_reasons(&j, AL_JSON_CLONE_LAZY, t->by_reason[AL_BR_CLONE_LAZY]);
	json_reasons(&j, AL_JSON_UPGRADE, t->by_reason[AL_BR_UPGRADE]);
	json_obj_close(&j);
	json_kobj_open(&j, AL_JSON_WALKS);
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		json_ku64(&j, al_walk_type_name(i), t->walks[i]);
	json_obj_close(&j);
	json_ku64(&j, AL_COL_VISITS, t->visits);
	json_obj_close(&j);
	json_finish(&j);
}

static int tick(void *ctx, unsigned long nr)
{
	struct watch *w = ctx;
	struct al_data *cur = &w->d[w->cur], *prev = &w->d[!w->cur];
	struct tick t;
	int status;

	al_data_free(cur);
	status = al_open(w->o, NULL,
			 AL_NEED(AL_F_SUMMARY) | AL_NEED(AL_F_WALKS), cur);
	if (status)
		return status;
	/*
	 * The first line counts from the module's load, as vmstat's first
	 * counts from boot: the previous sample is still all zero.
	 */
	compute_tick(cur, prev, &t);
	if (w->o->json) {
		tick_json(w->o, &t, cur->summary.series, !nr);
	} else {
		if (!nr)
			tick_header(cur->summary.series);
		tick_text(&t, cur->summary.series);
	}
	w->cur = !w->cur;
	return EXIT_OK;
}

static int watch(const struct al_opts *o)
{
	struct watch w = { .o = o };
	int status;

	status = al_interval_run(o->interval, o->count, tick, &w);
	al_data_free(&w.d[0]);
	al_data_free(&w.d[1]);
	return status;
}

int cmd_summary(struct al_opts *o)
{
	struct warnings w;
	struct al_data d;
	int status;

	if (o->repeat)
		return watch(o);
	status = al_open(o, NULL, AL_NEED(AL_F_SUMMARY) | AL_NEED(AL_F_PROBES),
			 &d);
	if (status)
		return status;
	collect_warnings(&d, &w);
	if (o->json)
		print_json(o, &d, &w);
	else
		print_text(&d, &w);
	al_data_free(&d);
	return EXIT_OK;
}
