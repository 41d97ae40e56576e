// SPDX-License-Identifier: GPL-2.0
/* vmalist - the records of the vmas file that -p selects, in memory. */
#include <stdlib.h>

#include "util.h"
#include "vmalist.h"

/* @a ranks before @b: by key, then by arrival. */
static int rank_cmp(const struct al_vmalist *l, size_t a, size_t b)
{
	int r = al_sortkey_cmp(l->key, &l->v[a], &l->v[b]);

	return r ? r : (l->seq[a] < l->seq[b] ? -1 : 1);
}

static void swap(struct al_vmalist *l, size_t a, size_t b)
{
	struct al_vma v = l->v[a];
	size_t s = l->seq[a];

	l->v[a] = l->v[b];
	l->seq[a] = l->seq[b];
	l->v[b] = v;
	l->seq[b] = s;
}

/* Max-heap by rank: the root is the worst record kept. */
static void sift_down(struct al_vmalist *l, size_t i)
{
	size_t c, worst;

	for (;;) {
		worst = i;
		for (c = 2 * i + 1; c <= 2 * i + 2 && c < l->n; c++)
			if (rank_cmp(l, c, worst) > 0)
				worst = c;
		if (worst == i)
			return;
		swap(l, i, worst);
		i = worst;
	}
}

static void sift_up(struct al_vmalist *l, size_t i)
{
	while (i && rank_cmp(l, i, (i - 1) / 2) > 0) {
		swap(l, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

/* -s and -n: keep the best @limit in a heap, drop the rest as they come. */
static void add_ranked(struct al_vmalist *l, const struct al_vma *v)
{
	size_t seq = l->seen++;

	if (l->n < l->limit) {
		xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
		l->seq = xrealloc(l->seq, l->cap * sizeof(*l->seq));
		l->v[l->n] = *v;
		l->v[l->n].comm = al_strpool_add(&l->comms, v->comm);
		l->seq[l->n] = seq;
		sift_up(l, l->n++);
		return;
	}
	if (al_sortkey_cmp(l->key, v, &l->v[0]) >= 0)
		return;		/* no better than the worst kept: ties go first */
	l->v[0] = *v;
	l->v[0].comm = al_strpool_add(&l->comms, v->comm);
	l->seq[0] = seq;
	sift_down(l, 0);
}

int al_vmalist_add(void *list, const struct al_vma *v)
{
	struct al_vmalist *l = list;

	if (!al_filter_match_cached(l->filter, &l->fcache, v->pid, v->comm))
		return 0;
	if (l->key && l->limit) {
		add_ranked(l, v);
		return 0;
	}
	if (l->limit && l->n == l->limit)
		return 0;
	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n] = *v;
	l->v[l->n++].comm = al_strpool_add(&l->comms, v->comm);
	return 0;
}

static int cmp_ranked(const void *pa, const void *pb, void *list)
{
	return rank_cmp(list, *(const size_t *)pa, *(const size_t *)pb);
}

void al_vmalist_finish(struct al_vmalist *l)
{
	struct al_vma *sorted;
	size_t *idx, i;

	if (!l->key)
		return;
	if (!l->limit) {
		al_sort(l->v, l->n, sizeof(*l->v), l->key);
		return;
	}
	/* The heap's few records, by rank. */
	idx = xmalloc((l->n ? l->n : 1) * sizeof(*idx));
	sorted = xmalloc((l->n ? l->n : 1) * sizeof(*sorted));
	for (i = 0; i < l->n; i++)
		idx[i] = i;
	qsort_r(idx, l->n, sizeof(*idx), cmp_ranked, l);
	for (i = 0; i < l->n; i++)
		sorted[i] = l->v[idx[i]];
	free(l->v);
	l->v = sorted;
	free(idx);
}

void al_vmalist_free(struct al_vmalist *l)
{
	free(l->v);
	free(l->seq);
	al_strpool_free(&l->comms);
	l->v = NULL;
	l->seq = NULL;
	l->n = l->cap = l->seen = 0;
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
