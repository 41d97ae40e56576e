// SPDX-License-Identifier: GPL-2.0
/* vmalist - the records of the vmas file that -p selects, in memory. */
#include <stdlib.h>

#include "util.h"
#include "vmalist.h"

int al_vmalist_add(void *list, const struct al_vma *v)
{
	struct al_vmalist *l = list;

	if (!al_filter_match(l->filter, v->pid, v->comm))
		return 0;
	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = *v;
	return 0;
}

void al_vmalist_free(struct al_vmalist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

uint64_t al_vma_rmap_total(const struct al_vma *v)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		sum += v->rmap[i];
	return sum;
}

#define VMA(p)	((const struct al_vma *)(p))
#define GETTER(name, expr) \
	static uint64_t get_##name(const void *p) { return (expr); }

GETTER(pid, VMA(p)->pid)
GETTER(start, VMA(p)->start)
GETTER(end, VMA(p)->end)
GETTER(size, VMA(p)->end - VMA(p)->start)
GETTER(state, VMA(p)->state)
GETTER(avcs, VMA(p)->avcs)
GETTER(forks, VMA(p)->forks)
GETTER(split, VMA(p)->split)
GETTER(merge, VMA(p)->merge)
GETTER(remap, VMA(p)->remap)
GETTER(rmap, al_vma_rmap_total(VMA(p)))
#define RMAP_GETTER(e, s) GETTER(rmap_##e, VMA(p)->rmap[AL_WALK_##e])
AL_WALK_TYPES(RMAP_GETTER)

static const char *get_comm(const void *p)
{
	return VMA(p)->comm;
}

#define RMAP_KEY(e, s) { AL_COL_RMAP_PREFIX s, true, get_rmap_##e, NULL },

const struct al_sortkey al_vma_sortkeys[] = {
	{ AL_COL_PID, false, get_pid, NULL },
	{ AL_COL_START, false, get_start, NULL },
	{ AL_COL_END, false, get_end, NULL },
	{ "size", true, get_size, NULL },
	{ AL_COL_STATE, false, get_state, NULL },
	{ AL_COL_AVCS, true, get_avcs, NULL },
	{ AL_COL_FORKS, true, get_forks, NULL },
	{ AL_COL_SPLIT, true, get_split, NULL },
	{ AL_COL_MERGE, true, get_merge, NULL },
	{ AL_COL_REMAP, true, get_remap, NULL },
	{ AL_JSON_RMAP, true, get_rmap, NULL },
	AL_WALK_TYPES(RMAP_KEY)
	{ AL_COL_COMM, false, NULL, get_comm },
};

const size_t al_nr_vma_sortkeys = ARRAY_SIZE(al_vma_sortkeys);
