// SPDX-License-Identifier: GPL-2.0
/*
 * Handlers for the anon_vma life cycle: first anonymous fault, fork, clone
 * (split, merge, mremap), and the freeing of a VMA.  Each turns an event
 * into counters and into the history of the VMAs involved.
 *
 * They run in kprobe context at the entry of the probed function, with the
 * caller's locks held (mmap_lock for write, except __anon_vma_prepare which
 * runs under mmap_lock for read or the VMA lock): they never sleep, never
 * allocate and never print.
 */
#include "anon_lazy.h"
#include "handlers.h"

#include <linux/mm_types.h>
#include <linux/ptrace.h>
#include <linux/rmap.h>
#include <linux/spinlock.h>
#include <linux/version.h>

DEFINE_PER_CPU(struct al_counters, al_counters);

struct al_tag_learner al_tags;
static DEFINE_RAW_SPINLOCK(al_tags_lock);

/* Read anon_vma_clone()'s reason from its third argument (clone_op=). */
static bool al_clone_op_arg;

#if KERNEL_VERSION(7, 0, 0) <= LINUX_VERSION_CODE
#define AL_CLONE_OP_DEFAULT	true
#else
#define AL_CLONE_OP_DEFAULT	false
#endif

static const enum al_reason al_vma_operation_reason[] = {
	AL_REASON_SPLIT, AL_REASON_MERGE, AL_REASON_REMAP, AL_REASON_FORK,
};

void al_events_init(int clone_op)
{
	if (clone_op != AL_CLONE_OP_AUTO)
		al_clone_op_arg = clone_op;
	else
		al_clone_op_arg = AL_CLONE_OP_DEFAULT;
}

void al_counters_sum(struct al_counters *out)
{
	unsigned long *dst = (unsigned long *)out;
	size_t n = sizeof(*out) / sizeof(unsigned long), i;
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const unsigned long *src =
			(const unsigned long *)per_cpu_ptr(&al_counters, cpu);

		for (i = 0; i < n; i++)
			dst[i] += READ_ONCE(src[i]);
	}
}

void al_counters_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		memset(per_cpu_ptr(&al_counters, cpu), 0,
		       sizeof(struct al_counters));
		memset(per_cpu_ptr(&al_hits, cpu), 0,
		       sizeof(unsigned long) * AL_NR_ROLES);
	}
}

/*
 * vma->anon_vma as a number: a struct anon_vma pointer on stock kernels,
 * a tagged anon_vma_tree_t on kernels with the series.  Read it this way
 * only, so the module builds against either.
 */
unsigned long __kprobes al_vma_anon_raw(const struct vm_area_struct *vma)
{
	return (unsigned long)READ_ONCE(vma->anon_vma);
}

/*
 * Read what the state rules need of a VMA's anon_vma.  A tagged value has
 * no struct anon_vma behind it and is never dereferenced: struct anon_vma
 * is at least 8-byte aligned, so any low bit set means a tag.  The caller
 * holds the VMA's mmap_lock, which keeps a real anon_vma alive.
 */
void __kprobes al_read_av(struct vm_area_struct *vma, struct al_av_fields *out)
{
	unsigned long raw = al_vma_anon_raw(vma);
	struct anon_vma *av;

	*out = (struct al_av_fields){ 0 };
	if (!raw)
		return;
	out->present = true;
	out->tag = raw & AL_TAG_LOW_BITS;
	if (out->tag)
		return;
	av = (struct anon_vma *)raw;
	out->self_parent = READ_ONCE(av->parent) == av;
	out->num_children = READ_ONCE(av->num_children);
}

void __kprobes al_on_count(enum al_role role, unsigned long a0,
			   unsigned long a1, unsigned long a2,
			   unsigned long ret)
{
	al_hit(role);
}

/* __anon_vma_prepare(vma): the VMA's first anonymous fault. */
void __kprobes al_on_prepare(enum al_role role, unsigned long a0,
			     unsigned long a1, unsigned long a2,
			     unsigned long ret)
{
	struct vm_area_struct *vma = (struct vm_area_struct *)a0;
	struct al_vma_rec *rec;
	bool upgraded = false;
	unsigned long flags;

	al_hit(role);
	this_cpu_inc(al_counters.prepare);
	rec = al_track_lock(vma, true, &flags);
	if (rec) {
		rec->flags |= AL_H_PREPARED;
		/*
		 * Series: a real anon_vma for a lazy or lazy-parent VMA is
		 * an upgrade; for any other VMA it is eager.
		 */
		if (al_tags.tags.series) {
			if (al_mark_upgraded(rec, AL_REASON_OTHER))
				upgraded = true;
			else if (!(rec->flags & (AL_H_LAZY | AL_H_FORK_CHILD)))
				rec->flags |= AL_H_EAGER;
		}
	}
	al_track_unlock(vma, flags);
	if (upgraded)
		this_cpu_inc(al_counters.upgrade[AL_REASON_OTHER]);
}

/*
 * Series: a lazy or lazy-parent VMA gets a real anon_vma; true if it was
 * not upgraded already (each VMA's upgrade is counted once, with its first
 * reason).
 */
bool __kprobes al_mark_upgraded(struct al_vma_rec *rec, enum al_reason reason)
{
	if (!(rec->flags & (AL_H_LAZY | AL_H_FORK_CHILD)) ||
	    (rec->flags & (AL_H_UPGRADED | AL_H_EAGER)))
		return false;
	rec->flags |= AL_H_UPGRADED;
	rec->upgrade = reason + 1;
	return true;
}

/*
 * Writing an existing record needs no stripe lock when its VMA's history
 * can change only through the caller: a fork of the VMA, or a clone from
 * it (a split, a merge, an mremap).  The kernel does each under the mm's
 * mmap_lock taken for writing, with the VMA write-locked where VMAs have
 * their own locks: no fault, no other fork, split, merge or mremap of the
 * VMA runs meanwhile, and the VMA is not freed.  The rmap visits that may
 * run add to its rmap counts atomically; the lock guards the chains, the
 * creation of records, and readers' copies (which may see a fork's or a
 * split's record half written).  One lock round trip less per fork of a
 * VMA and per clone: anon_lazy's share of a fork of 1,000 VMAs went from
 * 1,038k to 1,001k guest instructions (bench/prof).
 */

/* A fork of the VMA of @rec: its flags before, and whether it upgraded. */
static bool __kprobes al_fork_parent(struct al_vma_rec *rec, bool series,
				     unsigned int *pflags)
{
	al_sat_inc16(&rec->forks);
	*pflags = rec->flags;
	/* The series upgrades a lazy parent when it is forked. */
	return series && al_mark_upgraded(rec, AL_REASON_FORK);
}

/*
 * The records of a fork of @parent (whose vma->anon_vma is @raw) into
 * @child.  Out of line, as al_clone_track() is: the handler's prologue,
 * which the kernel's zeroing of locals makes long, is then paid only by
 * the calls that record.
 */
static noinline void __kprobes al_fork_track(struct vm_area_struct *child,
					     struct vm_area_struct *parent,
					     unsigned long raw)
{
	bool series = al_tags.tags.series;
	bool upgraded = false, eager;
	struct al_vma_rec *rec;
	unsigned int pflags = 0;

	/* The parent's history is the fork's to write (see above). */
	rec = al_track_find(parent);
	if (!rec)
		rec = al_track_make(parent, NULL, false);
	if (rec)
		upgraded = al_fork_parent(rec, series, &pflags);
	if (upgraded)
		this_cpu_inc(al_counters.upgrade[AL_REASON_FORK]);

	/*
	 * Series: the child of a never-lazy VMA gets a real anon_vma too.
	 * A parent the module knows nothing of is lazy if its anon_vma is a
	 * tag, never-lazy if it is a real one.
	 */
	if (pflags & (AL_H_LAZY | AL_H_FORK_CHILD | AL_H_UPGRADED))
		eager = false;
	else
		eager = (pflags & AL_H_EAGER) || !(raw & AL_TAG_LOW_BITS);
	/*
	 * A new vm_area_struct, the fork's alone: whatever was recorded at
	 * its address is stale.
	 */
	rec = al_track_make(child, NULL, true);
	if (rec)
		rec->flags = AL_H_FORK_CHILD | (series && eager ? AL_H_EAGER : 0);
}

/*
 * anon_vma_fork(vma, pvma): @vma is the child's copy of the parent's @pvma.
 * Nothing happens when the parent has no anon_vma.
 */
void __kprobes al_on_fork(enum al_role role, unsigned long a0,
			  unsigned long a1, unsigned long a2, unsigned long ret)
{
	struct vm_area_struct *parent = (struct vm_area_struct *)a1;
	unsigned long raw = al_vma_anon_raw(parent);

	al_hit(role);
	if (!raw)
		return;
	this_cpu_inc(al_counters.fork);
	al_fork_track((struct vm_area_struct *)a0, parent, raw);
}

/* Why anon_vma_clone() was called: its @op argument, or its caller. */
static enum al_reason __kprobes al_clone_reason(unsigned long op,
						unsigned long ret)
{
	if (al_clone_op_arg) {
		if (op < ARRAY_SIZE(al_vma_operation_reason))
			return al_vma_operation_reason[op];
		return AL_REASON_OTHER;
	}
	return al_call_reason(ret);
}

/* Never forked from, not a fork child: what the series keeps lazy. */
static bool __kprobes al_unshared(const struct al_vma_rec *rec,
				  const struct al_av_fields *av)
{
	if (rec && (rec->forks || (rec->flags & AL_H_FORK_CHILD)))
		return false;
	if (av->tag)
		return true;
	return av->self_parent && !al_av_children(av);
}

/* The records of a clone from @src into @dst, for @reason (not a fork). */
static noinline void __kprobes al_clone_track(struct vm_area_struct *dst,
					      struct vm_area_struct *src,
					      enum al_reason reason)
{
	struct al_vma_rec *srec, *rec;
	struct al_av_fields av;

	al_read_av(src, &av);

	/*
	 * @src's history is the clone's to write (see above): a split counts
	 * itself in its record, creating it if need be (a new record is
	 * blank, as no record is to al_unshared()); the others only read it.
	 * The record then stays @src's, and as it is, until the clone is
	 * done.
	 */
	srec = al_track_find(src);
	if (!srec && reason == AL_REASON_SPLIT)
		srec = al_track_make(src, NULL, false);
	if (srec && reason == AL_REASON_SPLIT)
		al_sat_inc16(&srec->split);
	if (al_unshared(srec, &av))
		this_cpu_inc(al_counters.clone_lazy[reason]);

	/*
	 * @dst, the clone's too: a new piece (split, mremap) inherits @src's
	 * history; a merge's existing VMA keeps its own.
	 */
	if (reason == AL_REASON_MERGE) {
		rec = al_track_make(dst, NULL, false);
		if (rec)
			al_sat_inc16(&rec->merge);
		return;
	}
	rec = al_track_make(dst, srec, true);
	if (rec && reason == AL_REASON_REMAP)
		al_sat_inc16(&rec->remap);
}

/*
 * anon_vma_clone(dst, src[, op]): @dst takes over @src's anon_vma chains.
 * On split and mremap @dst is a new vm_area_struct and inherits @src's
 * history; on merge @dst is an existing VMA that had no anon_vma.  Fork
 * clones are counted here and recorded by al_on_fork().
 */
void __kprobes al_on_clone(enum al_role role, unsigned long a0,
			   unsigned long a1, unsigned long a2,
			   unsigned long ret)
{
	struct vm_area_struct *src = (struct vm_area_struct *)a1;
	enum al_reason reason;

	al_hit(role);
	if (!al_vma_anon_raw(src))
		return;
	reason = al_clone_reason(a2, ret);
	this_cpu_inc(al_counters.clone[reason]);
	if (reason != AL_REASON_FORK)
		al_clone_track((struct vm_area_struct *)a0, src, reason);
}

/* vm_area_free(vma): forget it, so a reused address starts clean. */
void __kprobes al_on_vma_free(enum al_role role, unsigned long a0,
			      unsigned long a1, unsigned long a2,
			      unsigned long ret)
{
	al_hit(role);
	al_track_remove((const void *)a0);
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_ARGS
/*
 * The life-cycle roles' own ftrace callbacks: these handlers take bucket
 * locks, count per CPU and may walk the stack, nothing a probe table
 * candidate names.  Against al_ftrace_entry(): 27 guest instructions a
 * hit and the handler's own call, about 6 here (bench/prof, x86_64).
 */
AL_FTRACE_LEAF(al_ftrace_prepare, al_on_prepare)
AL_FTRACE_LEAF(al_ftrace_fork, al_on_fork)
AL_FTRACE_LEAF(al_ftrace_clone, al_on_clone)
AL_FTRACE_LEAF(al_ftrace_vma_free, al_on_vma_free)
#endif

/* Feed the tag learner; it only ever changes under its lock. */
void __kprobes al_tags_observe(enum al_tag_event ev, unsigned long raw)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&al_tags_lock, flags);
	al_tag_observe(&al_tags, ev, raw);
	raw_spin_unlock_irqrestore(&al_tags_lock, flags);
}

void al_tags_snapshot(struct al_tag_learner *out)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&al_tags_lock, flags);
	*out = al_tags;
	raw_spin_unlock_irqrestore(&al_tags_lock, flags);
}
