/* SPDX-License-Identifier: GPL-2.0 */
/*
 * savings - the slab memory model of the series' cover letter, for one box.
 *
 * On a stock kernel (projection):
 *   now       = active_objs * objsize / 1024            (slabinfo, KB)
 *   saved     = module count now - module count projected  (objects)
 *   projected = now - saved * objsize / 1024
 * On a series kernel (measured), now is already lazy; the module estimates
 * what a stock kernel would have (anon_vma.stock), so:
 *   saved     = module count stock - module count now
 *   stock     = now + saved * objsize / 1024,  projected = now
 * Either way the change is lazy against stock.
 *
 * When slabinfo has no row for a cache (merged into another: boot with
 * slab_nomerge) or is unreadable, the module's own counts times the struct
 * size it reports (size.<name> in version) stand in, and the row says so.
 */
#ifndef ANONSTAT_SAVINGS_H
#define ANONSTAT_SAVINGS_H

#include "parse.h"
#include "slabinfo.h"

enum al_kb_source {
	AL_KB_SLABINFO,		/* active objects from slabinfo */
	AL_KB_MODULE,		/* module counts * size.<name> */
};

struct al_saving {
	unsigned int obj;		/* enum al_obj */
	enum al_kb_source source;
	uint64_t objsize;		/* bytes per object */
	uint64_t active;		/* objects now */
	uint64_t saved;			/* objects the series does not need */
	double now_kb;			/* as the box is */
	double projected_kb;		/* under ANON_VMA_LAZY */
	double stock_kb;		/* without it */
	double change_pct;		/* projected vs stock; NaN: undefined */
	bool clamped;			/* saved > active: projected is 0 */
	bool no_estimate;		/* series, but no stock estimate */
};

const char *al_kb_source_name(enum al_kb_source s);

/* The module's count of @obj now and projected (VMAs are not changed). */
void al_module_objects(const struct al_summary *s, unsigned int obj,
		       uint64_t *now, uint64_t *projected);

/*
 * The row for @obj.  @slab may be NULL.  Returns -1 when neither source
 * exists (no slabinfo row and no size.<name> in version).
 */
int al_saving_compute(unsigned int obj, const struct al_slabinfo *slab,
		      const struct al_summary *s, const struct al_version *v,
		      struct al_saving *out);

/* (after - before) / before in percent; 0 for 0 -> 0, NaN for 0 -> x. */
double al_change_pct(double before, double after);

#endif /* ANONSTAT_SAVINGS_H */
