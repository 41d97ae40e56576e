// SPDX-License-Identifier: GPL-2.0
/*
 * rmap walk accounting.
 *
 * A walk is one call of rmap_walk_anon/_ksm/_file for one folio.  Its type
 * is the operation it serves, read from its rmap_walk_control: the
 * rmap_one callback is folio_referenced_one, try_to_unmap_one, ... whatever
 * entry point led there (entry points such as remove_migration_ptes() are
 * inlined on some kernels, and a probe on them would be blind).  Its
 * fan-out is the number of rmap_one calls (VMAs visited) before it
 * returns, its latency the time between entry and return.
 *
 * Walks may sleep on the anon_vma lock and move between CPUs, so the walk
 * in progress is found by task: its context lives in the data of its
 * kretprobe instance, which is on the task's list of pending returns.
 *
 * With walk_return=0 there is no return probe: a walk is counted at its
 * entry (an ftrace callback where the kernel can), by type and folio kind,
 * and a visit by its own role and folio, with no walk to find.
 */
#include "anon_lazy.h"
#include "handlers.h"

#include <linux/bitops.h>
#include <linux/clocksource.h>
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/rmap.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/timekeeping.h>
#include <linux/timex.h>
#include <linux/workqueue.h>

/*
 * The walk a task is in is the newest of its pending return probes that
 * is a walk's: kretprobes keep a task's pending instances in a list,
 * newest first (current->rethooks, or current->kretprobe_instances where
 * kretprobes are not built on rethook), which only the task itself
 * changes.  An instance is added after its entry handler ran and removed
 * after its return handler ran.  Other return probes may sit above the
 * walk's (someone's kretprobe on an rmap_one callback, the lock-wait
 * probe below): the lookup steps over at most this many.
 */
#define AL_WALK_SCAN		8

struct al_walk_ctx {
	struct rmap_walk_control *rwc;
	u64 start;		/* al_walk_clock() */
	u64 lock_ns;
	u32 visits;
	u32 lock_waits;
	u8 type;		/* enum al_walk_type */
	u8 kind;		/* enum al_folio_kind */
	u8 cycles;		/* start is in cycles, not ns */
};

static_assert(sizeof(struct al_walk_ctx) <= AL_WALK_DATA_SIZE);

/* A type's walks are the sum of its kinds. */
struct al_walk_stats {
	u64 visits[AL_NR_WALK_TYPES];
	u64 kinds[AL_NR_WALK_TYPES][AL_NR_FOLIO_KINDS];
	u64 contended[AL_NR_WALK_TYPES];
	u64 lock_waits[AL_NR_WALK_TYPES];
	u64 lock_wait_ns[AL_NR_WALK_TYPES];
	u64 fanout[AL_NR_WALK_TYPES][AL_HIST_BUCKETS];
	u64 latency[AL_NR_WALK_TYPES][AL_HIST_BUCKETS];
	u64 dropped[AL_NR_WALK_TYPES];	/* visits outside a walk seen */
};

static DEFINE_PER_CPU(struct al_walk_stats, al_walk_stats);

/*
 * Walk times.  ktime_get_mono_fast_ns() is a sequence count, an indirect
 * call to the clocksource's read and a retpoline: some 40 guest
 * instructions a read, 4 reads a migrated page, 1% of a move_pages() of
 * one (bench/prof, migrate).  Where the kernel trusts the CPU's cycle
 * counter (arm64's generic timer; an x86 TSC it has not marked unstable) a
 * walk reads that instead and scales the difference by its rate, set at
 * load: one instruction and a multiply.  A walk that starts while the
 * counter is not trusted is timed with ktime_get_mono_fast_ns() throughout.
 */
static u32 al_cyc_mult, al_cyc_shift;	/* ns = cycles * mult >> shift */
static s64 al_cyc_max;			/* cycles in AL_CYC_MAX_SEC */
#define AL_CYC_MAX_SEC		10

/*
 * Whether walks read the cycle counter.  Asking the kernel is a call on
 * x86 (check_tsc_unstable()), 8 guest instructions a walk; its answer
 * only ever turns from yes to no (x86 marks a TSC unstable for good), so
 * it is asked about once a second instead, on a deferrable timer: a module
 * meant to stay loaded on a phone must not wake an idle CPU for it (walks
 * do not run on one).  In the second after it turns a walk may still be
 * timed with the TSC: a negative difference counts as 0.
 */
static bool al_cycles_ok;

static void al_clock_check(struct work_struct *work);
static DECLARE_DEFERRABLE_WORK(al_clock_work, al_clock_check);

static void al_clock_check(struct work_struct *work)
{
	bool ok = al_cyc_mult && al_cycles_trusted();

	WRITE_ONCE(al_cycles_ok, ok);
	if (ok)
		schedule_delayed_work(&al_clock_work, HZ);
}

void al_walks_clock_init(void)
{
	u32 khz = al_cycles_khz();

	al_cyc_mult = 0;
	/*
	 * Exact to the nanosecond over walks of up to AL_CYC_MAX_SEC, the
	 * span whose product with mult fits 64 bits; a longer walk counts
	 * as that long (the histogram's last bucket holds it either way).
	 */
	if (khz) {
		clocks_calc_mult_shift(&al_cyc_mult, &al_cyc_shift, khz,
				       NSEC_PER_MSEC,
				       AL_CYC_MAX_SEC * MSEC_PER_SEC);
		al_cyc_max = (s64)khz * MSEC_PER_SEC * AL_CYC_MAX_SEC;
	}
	al_clock_check(NULL);
}

void al_walks_clock_exit(void)
{
	cancel_delayed_work_sync(&al_clock_work);
}

/* Now, and in *@cycles whether it is in cycles (else in ns). */
static __always_inline u64 al_walk_clock(u8 *cycles)
{
	*cycles = READ_ONCE(al_cycles_ok);
	return *cycles ? get_cycles() : ktime_get_mono_fast_ns();
}

/* Nanoseconds since @start, read with the clock it was read with. */
static __always_inline u64 al_walk_elapsed(u64 start, u8 cycles)
{
	s64 d;

	if (!cycles)
		return ktime_get_mono_fast_ns() - start;
	/* Two CPUs' counters a cycle apart must not make a negative time. */
	d = (s64)(get_cycles() - start);
	if (d <= 0)
		return 0;
	/* Within al_cyc_max, d * mult fits 64 bits: no 128-bit product. */
	if (unlikely(d > al_cyc_max))
		d = al_cyc_max;
	return ((u64)d * al_cyc_mult) >> al_cyc_shift;
}

static enum al_walk_type __kprobes al_visit_type(enum al_role role)
{
	switch (role) {
	case AL_ROLE_VISIT_REFERENCED:
		return AL_WALK_REFERENCED;
	case AL_ROLE_VISIT_UNMAP:
		return AL_WALK_UNMAP;
	case AL_ROLE_VISIT_MIGRATE:
	case AL_ROLE_VISIT_REMOVE_MIGRATION:
		return AL_WALK_MIGRATE;
	default:
		return AL_WALK_OTHER;
	}
}

/*
 * The attached visit roles' text with the walk type each one means, packed
 * once the probes are attached: every walk entry types its walk by its
 * rmap_one callback.  A walk that starts before the packing is "other".
 */
struct al_visit_text {
	unsigned long start;
	unsigned long size;
	enum al_walk_type type;
};

#define AL_NR_VISIT_ROLES (AL_ROLE_VISIT_MKCLEAN - AL_ROLE_VISIT_REFERENCED + 1)
static struct al_visit_text al_visit_texts[AL_NR_VISIT_ROLES];
static unsigned int al_nvisit_texts;

/*
 * rmap_one is a function's address, which hashes to the entry of its
 * visit role in one step (the scan of al_visit_texts was 6 guest
 * instructions a role, 3 or 4 roles into it for a migration's walks).  A
 * slot two roles hash to holds the first; the other is found by the scan.
 */
#define AL_VISIT_SLOT_BITS	4
static u8 al_visit_slot[BIT(AL_VISIT_SLOT_BITS)];	/* index + 1; 0 none */

void al_walks_pack(void)
{
	unsigned int n = 0, i;
	int role;

	for (role = AL_ROLE_VISIT_REFERENCED; role <= AL_ROLE_VISIT_MKCLEAN;
	     role++) {
		const struct al_probe *p = &al_probes[role];

		if (p->status != AL_PS_ATTACHED || !p->nranges)
			continue;
		al_visit_texts[n++] = (struct al_visit_text){
			.start = p->ranges[0].start,
			.size = p->ranges[0].end - p->ranges[0].start,
			.type = al_visit_type(role),
		};
	}
	/* Entries first, then the count and the slots walks read them by. */
	smp_store_release(&al_nvisit_texts, n);
	for (i = 0; i < n; i++) {
		u8 *slot = &al_visit_slot[hash_long(al_visit_texts[i].start,
						    AL_VISIT_SLOT_BITS)];

		if (*slot)
			continue;
		/* Pairs with al_rwc_type(): the entry is written first. */
		smp_store_release(slot, i + 1);
	}
}

static __always_inline enum al_walk_type
al_rwc_type(const struct rmap_walk_control *rwc)
{
	unsigned long fn = (unsigned long)READ_ONCE(rwc->rmap_one);
	unsigned int n, i;

	/* Pairs with al_walks_pack(): a slot's entry is written. */
	i = smp_load_acquire(&al_visit_slot[hash_long(fn, AL_VISIT_SLOT_BITS)]);
	if (i && fn - al_visit_texts[i - 1].start < al_visit_texts[i - 1].size)
		return al_visit_texts[i - 1].type;
	/* Pairs with al_walks_pack(): the entries below n are written. */
	n = smp_load_acquire(&al_nvisit_texts);
	for (i = 0; i < n; i++)
		if (fn - al_visit_texts[i].start < al_visit_texts[i].size)
			return al_visit_texts[i].type;
	return AL_WALK_OTHER;
}

/*
 * folio->mapping low bits: 0 file, 1 anon_vma, 3 KSM on stock kernels.  With
 * ANON_VMA_LAZY a lazy folio sets the KSM value's 0x2 bit too, so on a
 * series kernel 0x3 walked by the anon walker is a lazy folio.
 */
static __always_inline unsigned long al_folio_mapping_bits(const struct folio *folio)
{
	return (unsigned long)READ_ONCE(folio->mapping) & 0x3;
}

static __always_inline enum al_folio_kind
al_folio_kind(enum al_role walker, const struct folio *folio)
{
	unsigned long bits = al_folio_mapping_bits(folio);

	if (walker == AL_ROLE_WALK_FILE || !bits)
		return AL_FOLIO_FILE;
	if (walker == AL_ROLE_WALK_KSM)
		return AL_FOLIO_KSM;
	if (bits & 0x2)
		return al_tags.tags.series ? AL_FOLIO_LAZY : AL_FOLIO_KSM;
	return AL_FOLIO_ANON;
}

/* The walk role @rp is the return probe of, or AL_NR_ROLES. */
static enum al_role __kprobes al_walker_role(const struct kretprobe *rp)
{
	if (rp == &al_probes[AL_ROLE_WALK_ANON].rp)
		return AL_ROLE_WALK_ANON;
	if (rp == &al_probes[AL_ROLE_WALK_KSM].rp)
		return AL_ROLE_WALK_KSM;
	if (rp == &al_probes[AL_ROLE_WALK_FILE].rp)
		return AL_ROLE_WALK_FILE;
	return AL_NR_ROLES;
}

#ifdef CONFIG_KRETPROBE_ON_RETHOOK
#define al_task_instances(t)	(&(t)->rethooks)
#define al_instance_of(n)	container_of(n, struct kretprobe_instance, node.llist)
#else
#define al_task_instances(t)	(&(t)->kretprobe_instances)
#define al_instance_of(n)	container_of(n, struct kretprobe_instance, llist)
#endif

/*
 * The innermost walk @current is in, or NULL.  A node of the list may be
 * a return hook other than a kretprobe's (an fprobe's): only its own
 * rethook pointer is read through the kretprobe_instance it is cast to.
 */
static __always_inline struct al_walk_ctx *al_current_walk(void)
{
	struct llist_node *n = READ_ONCE(al_task_instances(current)->first);
	unsigned int i;

	for (i = 0; n && i < AL_WALK_SCAN; i++, n = READ_ONCE(n->next)) {
		struct kretprobe_instance *ri = al_instance_of(n);

		if (al_walker_role(get_kretprobe(ri)) != AL_NR_ROLES)
			return (struct al_walk_ctx *)ri->data;
	}
	return NULL;
}

/* 2^(b-1) <= v < 2^b: b is v's highest set bit, 1-based (0 for 0). */
static __always_inline unsigned int al_log2_bucket(u64 v)
{
	return min_t(unsigned int, fls64(v), AL_HIST_BUCKETS - 1);
}

/*
 * rmap_walk_*(folio, rwc[, locked]) entry.  Its instance joins the task's
 * list after this returns: a walk that starts inside a walk of the same
 * task (reclaim from within one) is then the innermost, and the visits
 * until it returns are its own.
 */
static __always_inline int al_walk_enter(struct kretprobe_instance *ri,
					 struct pt_regs *regs,
					 enum al_role walker)
{
	struct al_walk_ctx *ctx = (struct al_walk_ctx *)ri->data;
	struct folio *folio = (struct folio *)regs_get_kernel_argument(regs, 0);

	al_hit(walker);
	ctx->rwc = (struct rmap_walk_control *)regs_get_kernel_argument(regs, 1);
	ctx->visits = 0;
	ctx->lock_waits = 0;
	ctx->lock_ns = 0;
	ctx->kind = al_folio_kind(walker, folio);
	ctx->type = walker == AL_ROLE_WALK_KSM ? AL_WALK_KSM :
		    al_rwc_type(ctx->rwc);
	ctx->start = al_walk_clock(&ctx->cycles);
	return 0;
}

/* One entry handler a walker, each with its role a constant. */
int __kprobes al_on_walk_anon_enter(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	return al_walk_enter(ri, regs, AL_ROLE_WALK_ANON);
}

int __kprobes al_on_walk_ksm_enter(struct kretprobe_instance *ri,
				   struct pt_regs *regs)
{
	return al_walk_enter(ri, regs, AL_ROLE_WALK_KSM);
}

int __kprobes al_on_walk_file_enter(struct kretprobe_instance *ri,
				    struct pt_regs *regs)
{
	return al_walk_enter(ri, regs, AL_ROLE_WALK_FILE);
}

/* walk_return=0: rmap_walk_*(folio, rwc[, locked]) counted at its entry. */
void __kprobes al_on_walk_count(enum al_role role, unsigned long a0,
				unsigned long a1, unsigned long a2,
				unsigned long ret)
{
	const struct folio *folio = (const struct folio *)a0;
	enum al_walk_type type;

	al_hit(role);
	type = role == AL_ROLE_WALK_KSM ? AL_WALK_KSM :
	       al_rwc_type((const struct rmap_walk_control *)a1);
	this_cpu_inc(al_walk_stats.kinds[type][al_folio_kind(role, folio)]);
}

int __kprobes al_on_walk_exit(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct al_walk_ctx *ctx = (struct al_walk_ctx *)ri->data;
	u64 ns = al_walk_elapsed(ctx->start, ctx->cycles);
	struct al_walk_stats *s;
	unsigned int t = ctx->type;

	s = this_cpu_ptr(&al_walk_stats);
	s->visits[t] += ctx->visits;
	s->kinds[t][ctx->kind]++;
	if (READ_ONCE(ctx->rwc->contended))
		s->contended[t]++;
	if (unlikely(ctx->lock_waits)) {
		s->lock_waits[t] += ctx->lock_waits;
		s->lock_wait_ns[t] += ctx->lock_ns;
	}
	s->fanout[t][al_log2_bucket(ctx->visits)]++;
	s->latency[t][al_log2_bucket(ns)]++;
	return 0;
}

/*
 * A visited VMA with no record yet (or one the lockless lookup missed):
 * out of line, so that the common path keeps no stack protector.
 */
static noinline void __kprobes al_visit_locked(struct vm_area_struct *vma,
					       enum al_walk_type type)
{
	struct al_vma_rec *rec;
	unsigned long flags;

	rec = al_track_lock(vma, true, &flags);
	if (rec)
		al_sat_inc32_atomic(&rec->rmap[type]);
	al_track_unlock(vma, flags);
}

/*
 * walk_return=0: a visit typed by its own role, totalled as it comes; a
 * file folio's (its mapping's low bits clear) only totalled, as a followed
 * walk does.  Out of line, so that the followed walks' path keeps its
 * registers.
 */
static noinline void __kprobes al_visit_unfollowed(enum al_role role,
						   const struct folio *folio,
						   struct vm_area_struct *vma)
{
	enum al_walk_type type = al_visit_type(role);

	this_cpu_inc(al_walk_stats.visits[type]);
	if (!al_folio_mapping_bits(folio))
		return;
	if (!al_track_rmap_inc(vma, type))
		al_visit_locked(vma, type);
}

/* rmap_one(folio, vma, address, arg): the walk visits @vma. */
void __kprobes al_on_visit(enum al_role role, unsigned long a0,
			   unsigned long a1, unsigned long a2,
			   unsigned long ret)
{
	struct vm_area_struct *vma;
	struct al_walk_ctx *ctx;
	enum al_walk_type type;

	al_hit(role);
	if (unlikely(!al_walk_return)) {
		al_visit_unfollowed(role, (const struct folio *)a0,
				    (struct vm_area_struct *)a1);
		return;
	}
	ctx = al_current_walk();
	if (ctx) {
		ctx->visits++;
		type = ctx->type;
		/* File walks are only totalled. */
		if (ctx->kind == AL_FOLIO_FILE)
			return;
	} else {
		/* Its walker's return probe had no instance free. */
		type = al_visit_type(role);
		this_cpu_inc(al_walk_stats.dropped[type]);
	}
	vma = (struct vm_area_struct *)a1;
	if (!ctx && !al_vma_anon_raw(vma))
		return;
	/* The walk holds the lock @vma is unlinked under before it is freed. */
	if (!al_track_rmap_inc(vma, type))
		al_visit_locked(vma, type);
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_ARGS
/*
 * Visits and unfollowed walks as ftrace callbacks of their own: their
 * handlers read the task's return hooks, count per CPU or per walk and
 * take bucket locks, nothing a probe table candidate names.
 */
AL_FTRACE_LEAF(al_ftrace_visit, al_on_visit)
AL_FTRACE_LEAF(al_ftrace_walk_count, al_on_walk_count)
#endif

/*
 * rwsem_down_read_slowpath(sem, state): a reader had to wait.  Only waits
 * inside an anonymous or KSM walk count (the anon_vma lock); any other
 * caller returns at once, before a return probe is even set up.
 */
int __kprobes al_on_lock_wait_enter(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct al_walk_ctx *ctx = al_current_walk();

	if (!ctx || ctx->kind == AL_FOLIO_FILE)
		return 1;
	al_hit(AL_ROLE_LOCK_WAIT);
	*(u64 *)ri->data = ktime_get_mono_fast_ns();
	return 0;
}

int __kprobes al_on_lock_wait_exit(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct al_walk_ctx *ctx = al_current_walk();

	if (!ctx)
		return 0;
	ctx->lock_waits++;
	ctx->lock_ns += ktime_get_mono_fast_ns() - *(u64 *)ri->data;
	return 0;
}

static void al_walks_sum(struct al_walk_stats *out)
{
	u64 *dst = (u64 *)out;
	size_t n = sizeof(*out) / sizeof(u64), i;
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const u64 *src = (const u64 *)per_cpu_ptr(&al_walk_stats, cpu);

		for (i = 0; i < n; i++)
			dst[i] += READ_ONCE(src[i]);
	}
}

void al_walks_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&al_walk_stats, cpu), 0,
		       sizeof(struct al_walk_stats));
}

static void al_hist_show(struct seq_file *m, const char *name,
			 u64 (*hist)[AL_HIST_BUCKETS])
{
	unsigned int t, b;

	for (t = 0; t < AL_NR_WALK_TYPES; t++)
		for (b = 0; b < AL_HIST_BUCKETS; b++)
			if (hist[t][b])
				seq_printf(m, "%s %s %u %llu\n", name,
					   al_walk_type_name(t), b, hist[t][b]);
}

static u64 al_walks_of(const struct al_walk_stats *s, unsigned int t)
{
	u64 n = 0;
	unsigned int k;

	for (k = 0; k < AL_NR_FOLIO_KINDS; k++)
		n += s->kinds[t][k];
	return n;
}

int al_walks_show(struct seq_file *m, void *v)
{
	struct al_walk_stats *s;
	unsigned int t;

	s = kvmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	al_walks_sum(s);
	seq_puts(m, AL_WALKS_COLUMNS "\n");
	for (t = 0; t < AL_NR_WALK_TYPES; t++)
		seq_printf(m, "%s %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu\n",
			   al_walk_type_name(t), al_walks_of(s, t), s->visits[t],
			   s->kinds[t][AL_FOLIO_ANON], s->kinds[t][AL_FOLIO_LAZY],
			   s->kinds[t][AL_FOLIO_KSM], s->kinds[t][AL_FOLIO_FILE],
			   s->contended[t], s->lock_waits[t],
			   s->lock_wait_ns[t], s->dropped[t]);
	seq_puts(m, "\n" AL_HIST_COLUMNS "\n");
	al_hist_show(m, AL_HIST_FANOUT, s->fanout);
	al_hist_show(m, AL_HIST_LATENCY, s->latency);
	kvfree(s);
	return 0;
}
