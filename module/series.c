// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers for the entry points of the ANON_VMA_LAZY series, on kernels
 * that carry it (flavour "series").  The series is not merged and renames
 * things between versions, so what is assumed of it is kept small:
 *
 *  - vma_prepare_anon_vma_lazy(vma): a VMA's first anonymous fault in lazy
 *    mode; on return vma->anon_vma holds the ANON_VMA_TREE_VMA tag.
 *  - the upgrade function (name unknown: probes=upgrade:NAME) takes the
 *    VMA being upgraded as its first argument; on return vma->anon_vma is
 *    a real anon_vma.  Why it happened is read off the call stack.
 *
 * The tag values themselves are learned from what these leave behind
 * (model.c), or given with the tag_lazy= and tag_parent= parameters.
 */
#include "anon_lazy.h"
#include "handlers.h"

#include <linux/mm_types.h>
#include <linux/module.h>
#include <linux/ptrace.h>

void al_series_init(unsigned long tag_lazy, unsigned long tag_parent)
{
	struct al_tags given = {
		.lazy = tag_lazy,
		.parent = tag_parent,
	};

	al_tag_init(&al_tags, &given);
	al_tags.tags.series = al_series_kernel();
}

/* What an entry handler leaves its return handler. */
struct al_vma_call {
	struct vm_area_struct *vma;
	int reason;
};

static_assert(sizeof(struct al_vma_call) <= AL_VMA_DATA_SIZE);

static struct al_vma_call __kprobes *al_call(struct kretprobe_instance *ri)
{
	return (struct al_vma_call *)ri->data;
}

int __kprobes al_on_lazy_prepare_enter(struct kretprobe_instance *ri,
				       struct pt_regs *regs)
{
	struct vm_area_struct *vma;
	struct al_vma_rec *rec;
	unsigned long flags;

	vma = (struct vm_area_struct *)regs_get_kernel_argument(regs, 0);
	al_call(ri)->vma = vma;
	al_hit(AL_ROLE_LAZY_PREPARE);
	this_cpu_inc(al_counters.lazy_prepare);
	rec = al_track_lock(vma, true, &flags);
	if (rec) {
		rec->flags |= AL_H_LAZY | AL_H_PREPARED;
		rec->flags &= ~AL_H_EAGER;
	}
	al_track_unlock(vma, flags);
	return 0;
}

int __kprobes al_on_lazy_prepare_exit(struct kretprobe_instance *ri,
				      struct pt_regs *regs)
{
	unsigned long raw = al_vma_anon_raw(al_call(ri)->vma);

	/* Failed (no memory) or raced: nothing to learn from. */
	if (raw)
		al_tags_observe(AL_TAG_EV_LAZY, raw);
	return 0;
}

int __kprobes al_on_upgrade_enter(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct al_vma_call *call = al_call(ri);

	call->vma = (struct vm_area_struct *)regs_get_kernel_argument(regs, 0);
	/* Read the callers here: at return their frames are gone. */
	call->reason = al_call_reason(al_entry_return_address(regs));
	al_hit(AL_ROLE_UPGRADE);
	return 0;
}

int __kprobes al_on_upgrade_exit(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct vm_area_struct *vma = al_call(ri)->vma;
	unsigned long raw = al_vma_anon_raw(vma), flags;
	int reason = al_call(ri)->reason;
	struct al_vma_rec *rec;
	bool first;

	if (raw)
		al_tags_observe(AL_TAG_EV_REAL, raw);
	rec = al_track_lock(vma, true, &flags);
	/* A VMA the module never saw lazy is taken as having been lazy. */
	if (rec && !(rec->flags & (AL_H_LAZY | AL_H_UPGRADED)))
		rec->flags |= AL_H_LAZY;
	first = rec && al_mark_upgraded(rec, reason);
	al_track_unlock(vma, flags);
	if (first || !rec)
		this_cpu_inc(al_counters.upgrade[reason]);
	return 0;
}
