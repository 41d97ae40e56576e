// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat --prometheus[=FILE] - everything the summary, probes, walks and
 * savings show, in the text format of node_exporter's textfile collector.
 * To a FILE it is written atomically (temporary file, fsync, rename), so
 * the collector never reads half of it; with an interval, once per tick.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "anonstat.h"
#include "atomic.h"
#include "hist.h"
#include "interval.h"
#include "prom.h"
#include "savings.h"

#define L(n, v)	{ n, v }

static void info(FILE *f, const struct al_data *d)
{
	char contract[16];
	const struct prom_label l[] = {
		L(AL_VER_MODULE, d->version.module),
		L(AL_VER_KERNEL, d->version.kernel),
		L(AL_VER_ARCH, d->version.arch),
		L(AL_VER_FLAVOUR, al_flavour_name(d->version.series)),
		L(AL_VER_CONTRACT, contract),
		L(AL_VER_WALK_RETURN, d->version.walk_return ? "1" : "0"),
	};

	snprintf(contract, sizeof(contract), "%lu", d->version.contract);
	prom_family(f, "info", "gauge",
		    "anon_lazy module and kernel; flavour stock: states are projections, series: measured; walk_return 0: rmap walk latency, fan-out, contention and lock waits not measured");
	prom_u64(f, "info", l, ARRAY_SIZE(l), 1);
}

static void summary(FILE *f, const struct al_summary *s)
{
	struct prom_label l[2];
	uint64_t now, proj;
	unsigned int i, k;

	prom_family(f, "processes", "gauge", "Processes walked");
	prom_u64(f, "processes", NULL, 0, s->processes);
	prom_family(f, "vmas", "gauge",
		    "VMAs by state (projected on stock kernels, measured on series kernels)");
	for (i = 0; i < AL_NR_STATES; i++) {
		l[0] = (struct prom_label)L(AL_COL_STATE, al_state_name(i));
		prom_u64(f, "vmas", l, 1, s->states[i]);
	}
	prom_family(f, "vmas_inferred", "gauge",
		    "VMAs whose state comes from anon_vma fields alone");
	prom_u64(f, "vmas_inferred", NULL, 0, s->inferred);
	prom_family(f, "objects", "gauge", "anon_vma objects now");
	for (i = AL_OBJ_ANON_VMA; i <= AL_OBJ_AVC; i++) {
		al_module_objects(s, i, &now, &proj);
		l[0] = (struct prom_label)L(AL_JSON_OBJECT, al_obj_name(i));
		prom_u64(f, "objects", l, 1, now);
	}
	prom_family(f, "objects_projected", "gauge",
		    "anon_vma objects under ANON_VMA_LAZY");
	for (i = AL_OBJ_ANON_VMA; i <= AL_OBJ_AVC; i++) {
		al_module_objects(s, i, &now, &proj);
		l[0] = (struct prom_label)L(AL_JSON_OBJECT, al_obj_name(i));
		prom_u64(f, "objects_projected", l, 1, proj);
	}
	prom_family(f, "events_total", "counter",
		    "anon_vma life-cycle events since load or reset");
	for (i = 0; i < AL_NR_EVENTS; i++) {
		l[0] = (struct prom_label)L("event", al_event_name(i));
		prom_u64(f, "events_total", l, 1, s->events[i]);
	}
	for (k = 0; k < AL_NR_BR; k++) {
		static const char *const names[AL_NR_BR][2] = {
			{ "clones_total", "anon_vma clones by reason" },
			{ "clones_lazy_total",
			  "anon_vma clones of never-shared VMAs by reason" },
			{ "upgrades_total",
			  "lazy VMAs upgraded to a real anon_vma by reason" },
		};

		prom_family(f, names[k][0], "counter", names[k][1]);
		for (i = 0; i < AL_NR_REASONS; i++) {
			l[0] = (struct prom_label)L("reason", al_reason_name(i));
			prom_u64(f, names[k][0], l, 1, s->by_reason[k][i]);
		}
	}
	prom_family(f, "history_records", "gauge",
		    "VMA history table: capacity and records used");
	l[0] = (struct prom_label)L("kind", AL_JSON_CAPACITY);
	prom_u64(f, "history_records", l, 1, s->capacity);
	l[0] = (struct prom_label)L("kind", AL_JSON_USED);
	prom_u64(f, "history_records", l, 1, s->used);
	prom_family(f, "history_dropped_total", "counter",
		    "VMA history records dropped, table full");
	prom_u64(f, "history_dropped_total", NULL, 0, s->dropped);
	prom_family(f, "inventory_overflow", "gauge",
		    "anon_vmas not deduplicated in the last summary");
	prom_u64(f, "inventory_overflow", NULL, 0, s->overflow);
}

static void probes(FILE *f, const struct al_probes *p)
{
	struct prom_label l[4];
	size_t i;

	prom_family(f, "probe_hits_total", "counter", "Probe hits by role");
	for (i = 0; i < p->n; i++) {
		l[0] = (struct prom_label)L(AL_COL_ROLE, p->p[i].role);
		l[1] = (struct prom_label)L(AL_COL_SYMBOL, p->p[i].symbol);
		l[2] = (struct prom_label)L(AL_COL_STATUS, p->p[i].status);
		l[3] = (struct prom_label)L(AL_COL_KIND, p->p[i].kind);
		prom_u64(f, "probe_hits_total", l, 4, p->p[i].hits);
	}
	prom_family(f, "probe_missed_total", "counter",
		    "Probe hits missed (kprobe recursion, kretprobe maxactive)");
	for (i = 0; i < p->n; i++) {
		l[0] = (struct prom_label)L(AL_COL_ROLE, p->p[i].role);
		prom_u64(f, "probe_missed_total", l, 1, p->p[i].missed);
	}
}

/* le is inclusive: bucket b holds v < 2^b, so integers v <= 2^b - 1. */
static void hist_family(FILE *f, const struct al_walks *w, unsigned int h,
			const char *name, const char *help)
{
	struct prom_label l[2];
	char le[24];
	uint64_t sum;
	unsigned int b;
	size_t i;

	prom_family(f, name, "gauge", help);
	for (i = 0; i < w->n; i++) {
		const uint64_t *c = w->rows[i].hist[h];

		l[0] = (struct prom_label)L(AL_COL_TYPE, w->rows[i].type);
		sum = 0;
		for (b = 0; b < AL_HIST_NB; b++) {
			sum += c[b];
			if (!c[b] && b)
				continue;
			snprintf(le, sizeof(le), "%" PRIu64,
				 b ? hist_lower(b) * 2 - 1 : 0);
			l[1] = (struct prom_label)L("le", le);
			prom_u64(f, name, l, 2, sum);
		}
		l[1] = (struct prom_label)L("le", "+Inf");
		prom_u64(f, name, l, 2, sum);
	}
}

/*
 * walk_return=0 (walks counted at entry): what needs a walk's return is
 * not measured, and its families are left out rather than written as 0.
 */
static void walks(FILE *f, const struct al_walks *w, bool walk_return)
{
	static const char *const help[AL_NR_WC] = {
		"rmap walks", "VMAs visited by rmap walks",
		"walked folios mapped through an anon_vma",
		"walked folios of lazy VMAs (series)", "walked KSM folios",
		"walked file folios", "walks that found the anon_vma lock contended",
		"anon_vma lock waits", "nanoseconds waited for anon_vma locks",
		"rmap visits made in no walk seen (its return probe missed)",
	};
	struct prom_label l[1];
	char name[64];
	unsigned int c;
	size_t i;

	for (c = 0; c < AL_NR_WC; c++) {
		if (!walk_return && al_walk_col_at_return(c))
			continue;
		snprintf(name, sizeof(name), "rmap_%s_total", al_walk_col_name(c));
		prom_family(f, name, "counter", help[c]);
		for (i = 0; i < w->n; i++) {
			l[0] = (struct prom_label)L(AL_COL_TYPE, w->rows[i].type);
			prom_u64(f, name, l, 1, w->rows[i].col[c]);
		}
	}
	if (!walk_return)
		return;
	hist_family(f, w, AL_HIST_FAN, "rmap_fanout_bucket",
		    "rmap walks visiting at most le VMAs (cumulative; no _sum: the module keeps none)");
	hist_family(f, w, AL_HIST_LAT, "rmap_latency_ns_bucket",
		    "rmap walks taking at most le nanoseconds (cumulative; no _sum)");
}

static void slabs(FILE *f, const struct al_data *d)
{
	struct prom_label l[2];
	struct al_saving s;
	unsigned int obj;

	prom_family(f, "slab_active_bytes", "gauge",
		    "Active slab bytes now (source: slabinfo, or module counts x struct size)");
	prom_family(f, "slab_projected_bytes", "gauge",
		    "Active slab bytes under ANON_VMA_LAZY");
	for (obj = 0; obj < AL_NR_OBJS; obj++) {
		if (al_saving_compute(obj, d->have_slab ? &d->slab : NULL,
				      &d->summary, &d->version, &s))
			continue;
		l[0] = (struct prom_label)L(AL_JSON_OBJECT, al_obj_name(obj));
		l[1] = (struct prom_label)L(AL_JSON_SOURCE,
					    al_kb_source_name(s.source));
		prom_double(f, "slab_active_bytes", l, 2, s.now_kb * 1024);
		prom_double(f, "slab_projected_bytes", l, 2,
			    s.projected_kb * 1024);
	}
}

static int write_all(FILE *f, void *ctx)
{
	const struct al_data *d = ctx;

	info(f, d);
	summary(f, &d->summary);
	probes(f, &d->probes);
	walks(f, &d->walks, d->version.walk_return);
	slabs(f, d);
	return ferror(f) ? -1 : 0;
}

static int report(void *ctx, unsigned long nr)
{
	const struct al_opts *o = ctx;
	struct al_data d;
	struct al_err e;
	int status;

	(void)nr;
	status = al_open(o, NULL, AL_NEED(AL_F_SUMMARY) | AL_NEED(AL_F_PROBES) |
			 AL_NEED(AL_F_WALKS) | AL_NEED(AL_F_SLABINFO), &d);
	if (status)
		return status;
	if (!o->prom_file) {
		write_all(stdout, &d);
	} else if (al_atomic_file(o->prom_file, write_all, &d, &e)) {
		al_error("%s", e.msg);
		status = EXIT_FAIL;
	}
	al_data_free(&d);
	return status;
}

int cmd_prometheus(struct al_opts *o)
{
	if (o->prom_file && !*o->prom_file) {
		al_error("--prometheus=: empty file name");
		return EXIT_USAGE;
	}
	if (o->repeat)
		return al_interval_run(o->interval, o->count, report, o);
	return report(o, 0);
}
