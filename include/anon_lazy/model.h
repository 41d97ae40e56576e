/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * anon_lazy model: the state rules, the savings model, tag learning and the
 * probes= parser.  Pure C with no kernel or I/O calls, compiled into the
 * module (module/model.c, module/probe_spec.c) and into the userspace unit
 * tests, so every rule is tested outside a kernel as well as inside one.
 */
#ifndef ANON_LAZY_MODEL_H
#define ANON_LAZY_MODEL_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

#include "contract.h"

/*
 * What the module read of a VMA's anon_vma.  On a stock kernel every field
 * comes from struct anon_vma; on a series kernel a tagged vma->anon_vma has
 * no struct behind it and only @tag is set.
 */
struct al_av_fields {
	bool present;			/* vma->anon_vma != 0 */
	bool self_parent;		/* anon_vma->parent == anon_vma */
	unsigned long num_children;	/* children anon_vmas (+1 if self) */
	unsigned long tag;		/* low bits of vma->anon_vma (series) */
};

/* Flags of struct al_history */
#define AL_H_PREPARED		0x01	/* first anon fault seen */
#define AL_H_FORK_CHILD		0x02	/* created at fork as a child */
#define AL_H_LAZY		0x04	/* series: lazy_prepare seen */
#define AL_H_UPGRADED		0x08	/* series: upgrade seen */
#define AL_H_EAGER		0x10	/* series: real anon_vma, never lazy */

/* What the module saw happen to a VMA since it was loaded. */
struct al_history {
	bool known;			/* the module tracks this VMA */
	unsigned int flags;		/* AL_H_* */
	unsigned int forks;		/* times forked from */
};

/* Tags the series stores in vma->anon_vma; learned or given at load. */
struct al_tags {
	bool series;			/* the kernel carries ANON_VMA_LAZY */
	unsigned long mask;		/* all tag bits known */
	unsigned long lazy;		/* ANON_VMA_TREE_VMA */
	unsigned long parent;		/* ANON_VMA_TREE_PARENT */
};

/*
 * al_classify - the state of one VMA
 * @av: its anon_vma fields
 * @h: its event history
 * @tags: series tag bits (all zero on stock)
 * @inferred: set when the state comes from @av alone, not from an event
 *
 * Stock rules (projection of ANON_VMA_LAZY):
 *  none        no anon_vma
 *  upgraded    forked from (seen), or its anon_vma has children (inferred)
 *  lazy-parent its anon_vma was made for a fork child (parent elsewhere)
 *  lazy        otherwise: the anon_vma serves its own lineage only
 * Series rules (measured): what was seen decides (upgrade -> upgraded, real
 * anon_vma never lazy -> eager, lazy_prepare -> lazy, or upgraded once
 * forked from, fork child -> lazy-parent); for VMAs with no history the tag
 * of vma->anon_vma (lazy-parent, lazy) or the anon_vma's children
 * (upgraded, else eager) decide, inferred.
 */
enum al_state al_classify(const struct al_av_fields *av,
			  const struct al_history *h,
			  const struct al_tags *tags, bool *inferred);

/* Chains the VMA would keep under ANON_VMA_LAZY, given its state now. */
unsigned long al_projected_chains(enum al_state state, unsigned long avcs);

/*
 * Series kernels: the anon_vmas (and as many chains) a stock kernel would
 * have for this VMA that the series did not allocate: an upper bound, since
 * split pieces of one lazy VMA would share one.
 */
unsigned long al_stock_extra(enum al_state state, bool real_anon_vma);

/*
 * Does an anon_vma survive under ANON_VMA_LAZY?  @user_state is the state of
 * a VMA whose vma->anon_vma it is (AL_STATE_NONE for one reached only
 * through chains); @children the anon_vma's child count without itself.
 */
bool al_anon_vma_kept(enum al_state user_state, unsigned long children);

/* Children of an anon_vma that are other anon_vmas (num_children - self). */
static inline unsigned long al_av_children(const struct al_av_fields *av)
{
	unsigned long self = av->self_parent ? 1 : 0;

	return av->num_children > self ? av->num_children - self : 0;
}

/*
 * Tag learning (series kernels).  The module feeds in the low bits of
 * vma->anon_vma seen right after an event that, per the series, leaves a
 * known tag behind; the learner keeps what is consistent and reports what
 * is not instead of guessing.
 */
#define AL_TAG_LOW_BITS		0x7UL	/* tags live below pointer alignment */

enum al_tag_event {
	AL_TAG_EV_LAZY,		/* after lazy_prepare: ANON_VMA_TREE_VMA */
	AL_TAG_EV_PARENT,	/* child after fork of a lazy VMA: TREE_PARENT */
	AL_TAG_EV_REAL,		/* after __anon_vma_prepare/upgrade: untagged */
};

enum al_tag_status {
	AL_TAG_UNKNOWN,		/* nothing learned yet */
	AL_TAG_LEARNED,		/* consistent observations */
	AL_TAG_GIVEN,		/* stated by module parameter, not learned */
	AL_TAG_CONFLICT,	/* observations contradict each other */
};

struct al_tag_learner {
	struct al_tags tags;
	enum al_tag_status status;
	unsigned long seen_lazy;	/* observations of each kind */
	unsigned long seen_parent;
	unsigned long seen_real;
	unsigned long conflicts;
	unsigned long last_conflict;	/* low bits that contradicted */
};

void al_tag_init(struct al_tag_learner *l, const struct al_tags *given);
void al_tag_observe(struct al_tag_learner *l, enum al_tag_event ev,
		    unsigned long raw);
const char *al_tag_status_name(enum al_tag_status s);

/*
 * probes= parameter: "ROLE:SYM[/SYM...][,ROLE:off|on|SYM...]".  A symbol
 * list replaces the role's candidates (the first that exists wins); "off"
 * disables a role, "on" enables one that is off by default.
 */
#define AL_MAX_CANDIDATES	8
#define AL_SYM_MAX		128

enum al_spec_action {
	AL_SPEC_KEEP,		/* role not named */
	AL_SPEC_SYMBOLS,	/* candidates replaced */
	AL_SPEC_OFF,
	AL_SPEC_ON,
};

struct al_spec_role {
	enum al_spec_action action;
	unsigned int nsyms;
	const char *syms[AL_MAX_CANDIDATES];	/* point into the parsed buffer */
};

/*
 * al_parse_probe_spec - parse @buf (modified in place) into @out[AL_NR_ROLES]
 * Returns 0, or -1 with a message naming the bad token in @err.
 */
int al_parse_probe_spec(char *buf, struct al_spec_role *out,
			char *err, size_t errlen);

/*
 * The numeric module parameters, as the kernel's parameter parser left
 * them, and their ranges (README, "Parameters").  Anything outside fails
 * the load with -EINVAL and a message.
 */
#define AL_CAPACITY_DEFAULT	65536U
#define AL_CAPACITY_MAX		16777216U	/* 2^24 */
/*
 * The kernel hands maxactive to its kretprobe instance pool unchecked, and
 * 6.12's pool takes each CPU's share in one kmalloc: a large value is a
 * high-order allocation that warns when it fails.  4096 is the limit
 * ftrace's kprobe_events put on the same number.  0 picks a default.
 */
#define AL_MAXACTIVE_MAX	4096
#define AL_CLONE_OP_AUTO	(-1)	/* clone_op: -1 by version, 0 no, 1 yes */

struct al_params {
	unsigned int capacity;		/* 1..AL_CAPACITY_MAX */
	int maxactive;			/* 0..AL_MAXACTIVE_MAX */
	int clone_op;			/* AL_CLONE_OP_AUTO, 0 or 1 */
	unsigned long tag_lazy;		/* 0 (learn) or bits of AL_TAG_LOW_BITS, */
	unsigned long tag_parent;	/* ... distinct when both given */
};

/*
 * al_check_params - 0 if every value of @p is in range, else -1 with a
 * message naming the first bad parameter in @err.
 */
int al_check_params(const struct al_params *p, char *err, size_t errlen);

/*
 * Building a text line without printf: the module writes one vmas line per
 * VMA, and vsnprintf with two dozen conversions was most of a read's cost.
 * Writes stop at @size - 1 bytes and keep @buf terminated; @len is what was
 * written.  Numbers are written as %llu, %lld and %0*llx would.
 */
struct al_out {
	char *buf;
	size_t size;
	size_t len;
};

void al_out_init(struct al_out *o, char *buf, size_t size);
void al_out_chr(struct al_out *o, char c);
void al_out_str(struct al_out *o, const char *s);
void al_out_u64(struct al_out *o, unsigned long long v);
void al_out_s64(struct al_out *o, long long v);
void al_out_hex(struct al_out *o, unsigned long long v, unsigned int width);

#endif /* ANON_LAZY_MODEL_H */
