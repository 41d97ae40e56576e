/* SPDX-License-Identifier: GPL-2.0 */
/* vmalist - the records of the vmas file that -p selects, in memory. */
#ifndef ANONSTAT_VMALIST_H
#define ANONSTAT_VMALIST_H

#include "filter.h"
#include "parse.h"
#include "sort.h"

struct al_vmalist {
	struct al_vma *v;
	size_t n, cap;
	const struct al_filter *filter;		/* NULL: all */
};

/* An al_vma_fn: keep @v if the filter selects it. */
int al_vmalist_add(void *list, const struct al_vma *v);
void al_vmalist_free(struct al_vmalist *l);

extern const struct al_sortkey al_vma_sortkeys[];
extern const size_t al_nr_vma_sortkeys;

uint64_t al_vma_rmap_total(const struct al_vma *v);

#endif /* ANONSTAT_VMALIST_H */
