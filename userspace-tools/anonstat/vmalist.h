/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmalist - the records of the vmas file that -p selects, in memory, in
 * the order -s asks, at most -n of them.  With -s and -n only the best n
 * are ever kept (a bounded heap), so "the top 10 of a million" holds ten.
 */
#ifndef ANONSTAT_VMALIST_H
#define ANONSTAT_VMALIST_H

#include "filter.h"
#include "parse.h"
#include "sort.h"
#include "strpool.h"

struct al_vmalist {
	struct al_vma *v;
	size_t n, cap;
	const struct al_filter *filter;		/* NULL: all */
	const struct al_sortkey *key;		/* NULL: file order */
	size_t limit;				/* 0: all */
	/* internal */
	struct al_filter_cache fcache;
	struct al_strpool comms;		/* the records' comm strings */
	size_t *seq;				/* arrival of each, with a limit */
	size_t seen;
};

/* An al_vma_fn: keep @v if the filter selects it (and it ranks). */
int al_vmalist_add(void *list, const struct al_vma *v);
/* Sort by key (ties in file order) and cut at limit. */
void al_vmalist_finish(struct al_vmalist *l);
void al_vmalist_free(struct al_vmalist *l);

extern const struct al_sortkey al_vma_sortkeys[];
extern const size_t al_nr_vma_sortkeys;

uint64_t al_vma_rmap_total(const struct al_vma *v);

#endif /* ANONSTAT_VMALIST_H */
