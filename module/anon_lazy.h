/* SPDX-License-Identifier: GPL-2.0 */
/*
 * anon_lazy internals shared by the module's files.  The kernel<->user
 * contract is in include/anon_lazy/contract.h; the pure rules in model.h.
 */
#ifndef ANON_LAZY_INTERNAL_H
#define ANON_LAZY_INTERNAL_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/types.h>

#include "anon_lazy/contract.h"
#include "anon_lazy/model.h"

struct dentry;
struct mm_struct;
struct seq_file;
struct vm_area_struct;

/* ---- probe table (roles.c: the data; probes.c: the machinery) ---- */

enum al_kind {
	AL_KPROBE,	/* at entry: an ftrace callback if it can, else a kprobe */
	AL_KRETPROBE,
	AL_CALLER,	/* a function whose calls attribute an event */
};

enum al_pstatus {
	AL_PS_DISABLED,
	AL_PS_ABSENT,
	AL_PS_FAILED,
	AL_PS_ATTACHED,
	AL_PS_RESOLVED,
};

/*
 * An entry handler sees the probed function's first three arguments and
 * its return address (which names its caller; on arm64 it may carry a
 * pointer authentication code, which al_call_reason() strips), read from
 * the kprobe's registers or from ftrace's, whichever carried the hit.
 * They travel in registers: a struct on the stack cost its zeroing (the
 * kernel's -ftrivial-auto-var-init) and a stack canary at every hit.
 */
typedef void (*al_entry_handler_t)(enum al_role role, unsigned long a0,
				   unsigned long a1, unsigned long a2,
				   unsigned long ret);

struct ftrace_ops;
struct ftrace_regs;

/* An ftrace_ops callback (ftrace_func_t, which only tracing kernels have). */
typedef void (*al_ftrace_func_t)(unsigned long ip, unsigned long parent_ip,
				 struct ftrace_ops *op,
				 struct ftrace_regs *fregs);

/* One role as the module ships it: data, no code paths keyed by name. */
struct al_role_def {
	enum al_kind kind;
	bool required;		/* load fails without it */
	bool default_off;	/* enabled only by probes=ROLE:on */
	/* AL_KRETPROBE: a walk's return role (walk_return=0: .pre or off) */
	bool walk_return;
	const char *const *candidates;	/* NULL-terminated; first found wins */
	/* AL_KPROBE; a walk_return role's entry-only form (walk_return=0) */
	al_entry_handler_t pre;
	/*
	 * AL_KPROBE through ftrace: .pre as a callback of its own, without
	 * al_ftrace_entry()'s recursion guard and dispatch, for a handler
	 * that reaches no function the probe table names (AL_FTRACE_LEAF());
	 * used while every role has its built-in candidates.
	 */
	al_ftrace_func_t leaf;
	kretprobe_handler_t entry;	/* AL_KRETPROBE */
	kretprobe_handler_t ret;
	size_t data_size;
	enum al_reason reason;		/* AL_CALLER: what its calls mean */
};

extern const struct al_role_def al_role_defs[AL_NR_ROLES];

/* A caller symbol's text range, for attributing events to callers. */
struct al_range {
	unsigned long start;
	unsigned long end;
};

struct al_probe {
	enum al_pstatus status;
	int err;
	/* The role's kind, or AL_KPROBE for a walk's entry-only form */
	enum al_kind kind;
	bool ftrace;			/* AL_KPROBE attached through ftrace */
	const char *cands[AL_MAX_CANDIDATES];
	unsigned int ncands;
	char symbol[AL_SYM_MAX * 2];	/* what attached, or all resolved */
	union {
		struct kprobe kp;
		struct kretprobe rp;
	};
	unsigned int nranges;		/* AL_CALLER */
	struct al_range ranges[AL_MAX_CANDIDATES];
};

extern struct al_probe al_probes[AL_NR_ROLES];
DECLARE_PER_CPU(unsigned long[AL_NR_ROLES], al_hits);

static __always_inline void al_hit(enum al_role role)
{
	this_cpu_inc(al_hits[role]);
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_ARGS
#include <linux/ftrace.h>

/*
 * One ftrace_ops per ftrace-attached role: the callback knows its role
 * from the ops ftrace passes it.  (One ops for all of them had the
 * callback find the role by the hit's address: 15 guest instructions a
 * hit, a point of a 1,000-VMA fork, bench/prof.)  Each ops is one more
 * RCU-tasks grace period at unload.
 */
struct al_fops {
	struct ftrace_ops ops;
	enum al_role role;
	bool registered;
};

#if defined(CONFIG_X86_64) && !defined(ftrace_regs_get_argument)
/* x86 before the accessors: ftrace_regs is a pt_regs holding the arguments. */
#define al_ftrace_arg(fregs, n)	regs_get_kernel_argument(&(fregs)->regs, n)
#else
#define al_ftrace_arg(fregs, n)	ftrace_regs_get_argument(fregs, n)
#endif

/*
 * @name: @handler as an ftrace callback of its own (al_role_def.leaf),
 * called directly, without al_ftrace_entry()'s recursion guard, its
 * preemption toggle and its indirect call.  Only for a handler that never
 * reaches a function the probe table names (it takes a bucket lock, may
 * walk the stack, counts per CPU with preemption-safe operations): while
 * every role has its built-in candidates, no hit can then come from inside
 * a handler.  A probes= symbol could name one it does reach, so with any
 * symbol given there every role goes through al_ftrace_entry().  Unload
 * waits for these as for it: the ops are unregistered, which waits for
 * RCU tasks, before the table goes.
 */
#define AL_FTRACE_LEAF(name, handler)					\
void notrace __kprobes name(unsigned long ip, unsigned long parent_ip,	\
			    struct ftrace_ops *op,			\
			    struct ftrace_regs *fregs)			\
{									\
	handler(container_of(op, struct al_fops, ops)->role,		\
		al_ftrace_arg(fregs, 0), al_ftrace_arg(fregs, 1),	\
		al_ftrace_arg(fregs, 2), parent_ip);			\
}

#define AL_LEAF(name)	(name)
#else
/* No such callbacks without ftrace's arguments: always the kprobe. */
#define AL_LEAF(name)	(0 ? (name) : NULL)
#endif

/*
 * Whether rmap walks are followed to their return (kretprobes): their
 * latency, fan-out and lock waits.  Else (walk_return=0) they are counted
 * at their entry, visits as they come.  Set before any probe attaches.
 */
extern bool al_walk_return;

int al_probes_init(const char *spec, int maxactive, bool ftrace,
		   bool walk_return);
void al_probes_exit(void);
bool al_role_attached(enum al_role role);
unsigned long al_role_hits(enum al_role role);
unsigned long al_role_missed(enum al_role role);
int al_probes_show(struct seq_file *m, void *v);
/* The reason of the caller role whose text contains @addr, or -1. */
int al_caller_reason(unsigned long addr);
/* Why a function that returns to @ret was called, by caller role. */
enum al_reason al_call_reason(unsigned long ret);
bool al_series_kernel(void);

/* ---- per-VMA history table (vmtrack.c) ---- */

/* What the module remembers of a VMA; keyed by the vm_area_struct. */
struct al_vma_rec {
	unsigned long key;
	u32 next;			/* chain, index + 1; 0 ends */
	u16 forks;
	u16 split;
	u16 merge;
	u16 remap;
	u8 flags;			/* AL_H_* */
	u8 upgrade;			/* series: enum al_reason + 1, 0 none */
	u32 rmap[AL_NR_WALK_TYPES];	/* rmap walk visits by type */
};

/*
 * A record's history, what a new piece of its VMA inherits: all of it from
 * forks on, past the key and the chain link.
 */
#define AL_REC_HISTORY_OFFSET	offsetof(struct al_vma_rec, forks)
#define AL_REC_HISTORY_SIZE	(sizeof(struct al_vma_rec) - AL_REC_HISTORY_OFFSET)

/*
 * @rec's history from @src's, or blank (@src NULL); its key and chain link
 * stay: never another VMA's key in @rec, not even for an instant, where a
 * lockless rmap count for that VMA would land.
 */
static __always_inline void al_rec_inherit(struct al_vma_rec *rec,
					   const struct al_vma_rec *src)
{
	u8 *to = (u8 *)rec + AL_REC_HISTORY_OFFSET;

	if (src)
		memcpy(to, (const u8 *)src + AL_REC_HISTORY_OFFSET,
		       AL_REC_HISTORY_SIZE);
	else
		memset(to, 0, AL_REC_HISTORY_SIZE);
}

int al_track_init(unsigned int capacity);
void al_track_exit(void);
/*
 * Lock @vma's slot and find (with @create, add) its record; NULL when absent
 * and not created, or when the table is full.  al_track_unlock() always
 * follows, whatever was returned.
 */
struct al_vma_rec *al_track_lock(const void *vma, bool create,
				 unsigned long *flags)
	__acquires(al_track_stripe);
void al_track_unlock(const void *vma, unsigned long flags)
	__releases(al_track_stripe);
/*
 * @vma's record, made if it has none, with @src's history (blank if
 * NULL); an existing one keeps its own unless @set, which gives it
 * @src's.  NULL when the table is full.  The stripe lock is taken and
 * dropped inside, so the caller writes on without it: only a handler
 * whose caller alone can change @vma's history may (a fork, a clone;
 * events.c).
 */
struct al_vma_rec *al_track_make(const void *vma,
				 const struct al_vma_rec *src, bool set);
/* Copy of the record of @vma; false if the module has none. */
bool al_track_get(const void *vma, struct al_vma_rec *out);
/*
 * For a VMA that cannot be freed meanwhile: its record or NULL, without
 * the stripe lock unless a lockless lookup gives up (al_track_find());
 * one more rmap visit without the lock, false if it has no record or the
 * lookup gave up: the caller then takes the lock (al_track_rmap_inc()).
 */
struct al_vma_rec *al_track_find(const void *vma);
bool al_track_rmap_inc(const void *vma, unsigned int type);
void al_track_remove(const void *vma);
void al_track_reset(void);
unsigned int al_track_capacity(void);
unsigned long al_track_used(void);
unsigned long al_track_dropped(void);
size_t al_track_bytes(void);

static inline void al_sat_inc16(u16 *v)
{
	if (*v != U16_MAX)
		(*v)++;
}

/* For a counter that is also added to without the lock (the rmap counts). */
static inline void al_sat_inc32_atomic(u32 *v)
{
	u32 old = READ_ONCE(*v);

	do {
		if (old == U32_MAX)
			return;
	} while (!try_cmpxchg(v, &old, old + 1));
}

/* ---- event counters (events.c) ---- */

struct al_counters {
	unsigned long prepare;
	unsigned long lazy_prepare;
	unsigned long fork;
	unsigned long clone[AL_NR_REASONS];
	unsigned long clone_lazy[AL_NR_REASONS];	/* clones of lazy VMAs */
	unsigned long upgrade[AL_NR_REASONS];
};

DECLARE_PER_CPU(struct al_counters, al_counters);
void al_counters_sum(struct al_counters *out);
void al_counters_reset(void);
bool al_mark_upgraded(struct al_vma_rec *rec, enum al_reason reason);
void al_events_init(int clone_op);
void al_series_init(unsigned long tag_lazy, unsigned long tag_parent);

/* The anon_vma of a VMA as far as it can be read safely (events.c). */
void al_read_av(struct vm_area_struct *vma, struct al_av_fields *out);
unsigned long al_vma_anon_raw(const struct vm_area_struct *vma);
extern struct al_tag_learner al_tags;
void al_tags_observe(enum al_tag_event ev, unsigned long raw);
void al_tags_snapshot(struct al_tag_learner *out);

/* ---- walks (walks.c) ---- */

/* After the probes attach: the visit roles' text, packed for walk entries. */
void al_walks_pack(void);
/* Before the probes attach: how walks are timed. */
void al_walks_clock_init(void);
/* After the probes are gone. */
void al_walks_clock_exit(void);
void al_walks_reset(void);
int al_walks_show(struct seq_file *m, void *v);

/* ---- inventory (inventory.c) ---- */

extern const struct file_operations al_vmas_fops;
extern const struct file_operations al_summary_fops;
u64 al_id(const void *ptr);
void al_inventory_init(void);

/* ---- arch ---- */

/* Return address of a function at its first instruction (probe at +0). */
unsigned long al_entry_return_address(struct pt_regs *regs);
/* The cycle counter's rate (get_cycles()), 0 if it has none. */
u32 al_cycles_khz(void);
/* Whether the kernel trusts the counter now, on every CPU alike. */
bool al_cycles_trusted(void);
/* A return address as the caller's text address (arm64: PAC stripped). */
#ifdef CONFIG_ARM64
unsigned long al_strip_return_address(unsigned long ret);
#else
static inline unsigned long al_strip_return_address(unsigned long ret)
{
	return ret;
}
#endif

#endif /* ANON_LAZY_INTERNAL_H */
