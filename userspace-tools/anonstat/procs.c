// SPDX-License-Identifier: GPL-2.0
/* procs - per-process totals over the vmas file. */
#include <stdlib.h>

#include "anon_lazy/model.h"
#include "procs.h"
#include "util.h"

static struct al_proc *proc_of(struct al_procs *ps, const struct al_vma *v)
{
	uint32_t *slot;
	bool added;

	/* Records come grouped by process: most often it is the last one. */
	if (ps->last && ps->p[ps->last - 1].pid == v->pid)
		return &ps->p[ps->last - 1];
	slot = al_hmap_put(&ps->by_pid, v->pid, 0, &added);
	ps->last = added ? ps->n + 1 : *slot;
	if (!added)
		return &ps->p[*slot - 1];
	xgrow(&ps->p, &ps->cap, ps->n + 1, sizeof(*ps->p));
	ps->p[ps->n] = (struct al_proc){
		.pid = v->pid, .comm = al_strpool_add(&ps->comms, v->comm),
	};
	*slot = ++ps->n;
	return &ps->p[ps->n - 1];
}

/*
 * Count anon_vma @id for @p once; kept if any of its users keeps it.  Each
 * process has its own set: small, and hot while its records go by.
 */
static void add_id(struct al_proc *p, uint64_t id, bool kept)
{
	uint32_t *k;
	bool added;

	if (id == AL_ID_NONE)
		return;
	k = al_hmap_put(&p->ids, id, 0, &added);
	if (added)
		p->avs++;
	if (kept && !*k) {
		*k = 1;
		p->avs_kept++;
	}
}

int al_procs_add(void *procs, const struct al_vma *v)
{
	struct al_procs *ps = procs;
	struct al_proc *p;
	unsigned int i;

	if (!al_filter_match_cached(ps->filter, &ps->fcache, v->pid, v->comm))
		return 0;
	p = proc_of(ps, v);
	p->vmas++;
	p->states[v->state]++;
	p->avcs += v->avcs;
	p->avcs_proj += al_projected_chains(v->state, v->avcs);
	p->events += v->forks + v->split + v->merge + v->remap;
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		p->rmap += v->rmap[i];
	add_id(p, v->anon_vma, al_anon_vma_kept(v->state, 0));
	if (v->root != v->anon_vma)
		add_id(p, v->root, al_anon_vma_kept(AL_STATE_NONE, 1));
	return 0;
}

const struct al_proc *al_procs_find(const struct al_procs *ps, uint32_t pid)
{
	uint32_t *slot = al_hmap_get(&ps->by_pid, pid, 0);

	return slot ? &ps->p[*slot - 1] : NULL;
}

void al_procs_total(const struct al_procs *ps, size_t n, struct al_proc *t)
{
	size_t i;
	unsigned int s;

	*t = (struct al_proc){ .comm = "" };	/* no ids: sums only */
	for (i = 0; i < n && i < ps->n; i++) {
		const struct al_proc *p = &ps->p[i];

		t->vmas += p->vmas;
		for (s = 0; s < AL_NR_STATES; s++)
			t->states[s] += p->states[s];
		t->avcs += p->avcs;
		t->avcs_proj += p->avcs_proj;
		t->avs += p->avs;
		t->avs_kept += p->avs_kept;
		t->events += p->events;
		t->rmap += p->rmap;
	}
}

void al_procs_free(struct al_procs *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		al_hmap_free(&ps->p[i].ids);
	free(ps->p);
	al_hmap_free(&ps->by_pid);
	al_strpool_free(&ps->comms);
	ps->p = NULL;
	ps->n = ps->cap = ps->last = 0;
}

#define PROC(p)	((const struct al_proc *)(p))
#define GETTER(name, expr) \
	static uint64_t get_##name(const void *p) { return (expr); }

GETTER(pid, PROC(p)->pid)
GETTER(vmas, PROC(p)->vmas)
GETTER(avcs, PROC(p)->avcs)
GETTER(avcs_proj, PROC(p)->avcs_proj)
GETTER(avs, PROC(p)->avs)
GETTER(avs_kept, PROC(p)->avs_kept)
GETTER(events, PROC(p)->events)
GETTER(rmap, PROC(p)->rmap)
#define STATE_GETTER(e, s) GETTER(state_##e, PROC(p)->states[AL_STATE_##e])
AL_STATES(STATE_GETTER)

static const char *get_comm(const void *p)
{
	return PROC(p)->comm;
}

#define STATE_KEY(e, s) { s, true, get_state_##e, NULL },

const struct al_sortkey al_proc_sortkeys[] = {
	{ AL_COL_PID, false, get_pid, NULL },
	{ AL_COL_COMM, false, NULL, get_comm },
	{ AL_JSON_VMAS, true, get_vmas, NULL },
	AL_STATES(STATE_KEY)
	{ AL_COL_AVCS, true, get_avcs, NULL },
	{ AL_JSON_AVCS_PROJECTED, true, get_avcs_proj, NULL },
	{ AL_JSON_ANON_VMAS, true, get_avs, NULL },
	{ AL_JSON_ANON_VMAS_PROJECTED, true, get_avs_kept, NULL },
	{ AL_JSON_EVENTS, true, get_events, NULL },
	{ AL_JSON_RMAP, true, get_rmap, NULL },
};

const size_t al_nr_proc_sortkeys = ARRAY_SIZE(al_proc_sortkeys);
