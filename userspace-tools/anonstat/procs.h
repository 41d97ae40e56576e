/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procs - per-process totals over the vmas file (anonstat -p), in the way
 * of numastat -p.
 *
 * anon_vmas are shared between processes, so the per-process anon_vma
 * figures are an approximation: a process counts each distinct id it
 * references, as some VMA's anon_vma or as the root of one, and counts it
 * as kept under ANON_VMA_LAZY when it is the anon_vma of an upgraded or
 * eager VMA, or a root of another anon_vma (a root has a child: the series
 * upgraded it at that fork).  Intermediate ancestors are not in the file.
 */
#ifndef ANONSTAT_PROCS_H
#define ANONSTAT_PROCS_H

#include "filter.h"
#include "hash.h"
#include "parse.h"
#include "sort.h"
#include "strpool.h"

struct al_proc {
	uint32_t pid;
	const char *comm;		/* of its first record */
	uint64_t vmas;			/* records in the vmas file */
	uint64_t states[AL_NR_STATES];
	uint64_t avcs, avcs_proj;	/* anon_vma_chains now, projected */
	uint64_t avs, avs_kept;		/* anon_vma ids now, kept */
	uint64_t events;		/* forks + split + merge + remap */
	uint64_t rmap;			/* rmap visits, all walk types */
	struct al_hmap ids;		/* anon_vma id -> kept */
};

struct al_procs {
	struct al_proc *p;
	size_t n, cap;
	struct al_hmap by_pid;		/* pid -> index + 1 */
	const struct al_filter *filter;	/* NULL: all */
	struct al_filter_cache fcache;
	struct al_strpool comms;
	size_t last;			/* index + 1 of the last process */
};

/* An al_vma_fn: add @v to its process if the filter selects it. */
int al_procs_add(void *procs, const struct al_vma *v);
const struct al_proc *al_procs_find(const struct al_procs *ps, uint32_t pid);
/* Sum of the first @n processes (anon_vma ids: of per-process counts). */
void al_procs_total(const struct al_procs *ps, size_t n,
		    struct al_proc *total);
void al_procs_free(struct al_procs *ps);

extern const struct al_sortkey al_proc_sortkeys[];
extern const size_t al_nr_proc_sortkeys;

#endif /* ANONSTAT_PROCS_H */
