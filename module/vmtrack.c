// SPDX-License-Identifier: GPL-2.0
/*
 * The per-VMA history table: a fixed pool of records allocated at load,
 * hashed by vm_area_struct address, bounded by the capacity parameter.
 *
 * Handlers use it from kprobe context, so nothing here sleeps or
 * allocates after al_track_init().  Chains are protected by a striped set
 * of raw spinlocks (taken with interrupts off: vma_free may fire from any
 * context the kernel frees VMAs in); the free records are a lock-free
 * stack.  What does not fit is counted in dropped.  An existing record
 * is also found without the lock (al_track_find(): rmap visits, forks and
 * clones), so a record's key only ever changes to 0 (freed) or from 0
 * (taken): never to another VMA's, not even for an instant.
 */
#include "anon_lazy.h"

#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#define AL_TRACK_LOCKS	256

/*
 * Records live in chunks below 2 MiB and one smaller remainder.  kvmalloc
 * maps an allocation of 2 MiB or more with huge pages, rounded up to whole
 * 2 MiB: one array for capacity=100000 (4.8 MB) held 6 MiB (the stress
 * suite's --long run, Debian 6.12).  Chunks are vmalloc'ed to the page,
 * and hold a power of two of records, so finding one is a shift and a mask
 * (a division by a constant was a multiply and four more instructions, at
 * every step of a chain).
 */
#define AL_CHUNK_RECS	rounddown_pow_of_two(SZ_2M / sizeof(struct al_vma_rec))
#define AL_MAX_CHUNKS	DIV_ROUND_UP(AL_CAPACITY_MAX, AL_CHUNK_RECS)

static struct al_vma_rec *al_chunks[AL_MAX_CHUNKS];
static size_t al_held;			/* bytes of chunks and buckets */
static u32 *al_buckets;			/* index + 1 of a chain head; 0 empty */
static unsigned int al_capacity;
static unsigned int al_bucket_bits;
static raw_spinlock_t al_locks[AL_TRACK_LOCKS];

/*
 * The free records, a lock-free stack: its top packs a generation (high
 * 32 bits) with the top record's index + 1 (0 empty).  Every push and pop
 * bumps the generation, so a pop whose record was taken and given back
 * meanwhile fails its cmpxchg instead of linking a stale next (ABA); the
 * records are never unmapped while the table exists, so reading a stale
 * next is harmless.  A global lock here was two lock round trips per
 * record, on every CPU's fork and exit (bench/prof).
 */
static atomic64_t al_free_top = ATOMIC64_INIT(0);
static atomic_t al_never_used = ATOMIC_INIT(0);	/* records handed out once */
static atomic_long_t al_used = ATOMIC_LONG_INIT(0);
static atomic_long_t al_dropped = ATOMIC_LONG_INIT(0);

/* The record of index + 1 @idx (never 0). */
static struct al_vma_rec __kprobes *al_rec(u32 idx)
{
	idx--;
	return &al_chunks[idx / AL_CHUNK_RECS][idx % AL_CHUNK_RECS];
}

static u32 __kprobes al_bucket(unsigned long key)
{
	return hash_long(key, al_bucket_bits);
}

static raw_spinlock_t __kprobes *al_lock_of(u32 bucket)
{
	return &al_locks[bucket & (AL_TRACK_LOCKS - 1)];
}

static s64 __kprobes al_free_link(s64 top, u32 idx)
{
	return (s64)(((u64)top >> 32) + 1) << 32 | idx;
}

/* A free record's index + 1, or 0 when the pool is exhausted. */
static __always_inline u32 al_rec_alloc(void)
{
	s64 top = atomic64_read(&al_free_top);
	u32 idx;

	do {
		idx = (u32)top;
		if (!idx)
			break;
	} while (!atomic64_try_cmpxchg(&al_free_top, &top,
				       al_free_link(top, READ_ONCE(al_rec(idx)->next))));
	if (idx)
		return idx;
	idx = atomic_fetch_add_unless(&al_never_used, 1, al_capacity);
	return idx < al_capacity ? idx + 1 : 0;
}

static __always_inline void al_rec_free(u32 idx)
{
	struct al_vma_rec *rec = al_rec(idx);
	s64 top = atomic64_read(&al_free_top);

	WRITE_ONCE(rec->key, 0);
	do {
		WRITE_ONCE(rec->next, (u32)top);
	} while (!atomic64_try_cmpxchg(&al_free_top, &top, al_free_link(top, idx)));
}

/* @key's record in bucket @b's chain, or NULL; under the bucket's lock. */
static __always_inline struct al_vma_rec *al_chain_find(u32 b,
							unsigned long key)
{
	u32 idx;

	for (idx = al_buckets[b]; idx; idx = al_rec(idx)->next)
		if (al_rec(idx)->key == key)
			return al_rec(idx);
	return NULL;
}

/*
 * A new record of @key at the head of bucket @b's chain, with @src's
 * history (blank if NULL), or NULL when the table is full; under the
 * bucket's lock.  Its history is written before its key, its key before
 * lockless readers (al_track_find()) can reach it.
 */
static __always_inline struct al_vma_rec *
al_chain_add(u32 b, unsigned long key, const struct al_vma_rec *src)
{
	struct al_vma_rec *rec;
	u32 idx;

	idx = al_rec_alloc();
	if (!idx) {
		atomic_long_inc(&al_dropped);
		return NULL;
	}
	rec = al_rec(idx);
	al_rec_inherit(rec, src);
	WRITE_ONCE(rec->key, key);
	rec->next = al_buckets[b];
	/* Lockless readers (al_track_find()) find it keyed. */
	smp_store_release(&al_buckets[b], idx);
	atomic_long_inc(&al_used);
	return rec;
}

struct al_vma_rec __kprobes *al_track_lock(const void *vma, bool create,
					   unsigned long *flags)
	__acquires(al_track_stripe)
{
	unsigned long key = (unsigned long)vma;
	u32 b = al_bucket(key);
	struct al_vma_rec *rec;

	raw_spin_lock_irqsave(al_lock_of(b), *flags);
	rec = al_chain_find(b, key);
	if (!rec && create)
		rec = al_chain_add(b, key, NULL);
	return rec;
}

struct al_vma_rec __kprobes *al_track_make(const void *vma,
					   const struct al_vma_rec *src,
					   bool set)
{
	unsigned long key = (unsigned long)vma, flags;
	u32 b = al_bucket(key);
	raw_spinlock_t *lock = al_lock_of(b);
	struct al_vma_rec *rec;

	raw_spin_lock_irqsave(lock, flags);
	rec = al_chain_find(b, key);
	if (!rec)
		rec = al_chain_add(b, key, src);
	else if (set)
		al_rec_inherit(rec, src);
	raw_spin_unlock_irqrestore(lock, flags);
	return rec;
}

void __kprobes al_track_unlock(const void *vma, unsigned long flags)
	__releases(al_track_stripe)
{
	raw_spin_unlock_irqrestore(al_lock_of(al_bucket((unsigned long)vma)),
				   flags);
}

/*
 * Steps a lockless lookup takes before it gives up to the locked one.
 * Chains are about one record long; a lookup only goes further when
 * records it passes are freed and reused meanwhile.
 */
#define AL_LOCKLESS_STEPS	8

/*
 * @vma's record, found without the stripe lock: NULL if it has none, or,
 * with *@unsure set, if the lookup gave up.  Only for a VMA that cannot be
 * freed meanwhile: its record, the only one with its key, then stays in
 * its chain.  Other records of the chain may be freed and taken
 * meanwhile, leading the lookup astray (a freed record's next links the
 * free stack, a taken one's another chain): every record it reaches is a
 * record of the table, and only the key counts.  The one exception is a
 * "reset" racing with the caller, which frees live VMAs' records: the
 * caller may then write into a record freed and taken by another VMA
 * meanwhile.
 */
static __always_inline struct al_vma_rec *
__al_track_find(unsigned long key, u32 b, bool *unsure)
{
	unsigned int steps;
	u32 idx;

	/* Pairs with al_chain_add(): a new head is keyed. */
	idx = smp_load_acquire(&al_buckets[b]);
	for (steps = 0; idx; steps++) {
		struct al_vma_rec *rec = al_rec(idx);

		if (steps == AL_LOCKLESS_STEPS) {
			*unsure = true;
			return NULL;
		}
		if (READ_ONCE(rec->key) == key)
			return rec;
		idx = READ_ONCE(rec->next);
	}
	return NULL;
}

/* Out of line: the flags' stack slot would cost every lookup a canary. */
static noinline struct al_vma_rec __kprobes *al_track_find_locked(const void *vma)
{
	struct al_vma_rec *rec;
	unsigned long flags;

	rec = al_track_lock(vma, false, &flags);
	al_track_unlock(vma, flags);
	return rec;
}

/* Without the lock, unless the lockless lookup gives up. */
struct al_vma_rec __kprobes *al_track_find(const void *vma)
{
	unsigned long key = (unsigned long)vma;
	u32 b = al_bucket(key);
	struct al_vma_rec *rec;
	bool unsure = false;

	rec = __al_track_find(key, b, &unsure);
	if (unlikely(unsure))
		rec = al_track_find_locked(vma);
	return rec;
}

/*
 * Add one to @vma's rmap count of walk @type, without the stripe lock if
 * it has a record (false: it has none, take the lock).  For a VMA an rmap
 * walk is visiting, which holds the anon_vma (or i_mmap) lock the VMA is
 * unlinked under before it is freed.
 */
bool __kprobes al_track_rmap_inc(const void *vma, unsigned int type)
{
	unsigned long key = (unsigned long)vma;
	struct al_vma_rec *rec;
	bool unsure = false;

	rec = __al_track_find(key, al_bucket(key), &unsure);
	if (rec)
		al_sat_inc32_atomic(&rec->rmap[type]);
	return rec;
}

bool __kprobes al_track_get(const void *vma, struct al_vma_rec *out)
{
	struct al_vma_rec *rec;
	unsigned long flags;

	if (!READ_ONCE(al_buckets[al_bucket((unsigned long)vma)]))
		return false;
	rec = al_track_lock(vma, false, &flags);
	if (rec)
		*out = *rec;
	al_track_unlock(vma, flags);
	return rec;
}

void __kprobes al_track_remove(const void *vma)
{
	unsigned long key = (unsigned long)vma, flags;
	u32 b = al_bucket(key), idx, *link;
	raw_spinlock_t *lock = al_lock_of(b);

	/* The common case, a VMA never tracked, takes no lock. */
	if (!READ_ONCE(al_buckets[b]))
		return;
	raw_spin_lock_irqsave(lock, flags);
	for (link = &al_buckets[b]; (idx = *link); link = &al_rec(idx)->next) {
		if (al_rec(idx)->key != key)
			continue;
		WRITE_ONCE(*link, al_rec(idx)->next);
		al_rec_free(idx);
		atomic_long_dec(&al_used);
		break;
	}
	raw_spin_unlock_irqrestore(lock, flags);
}

/* Forget everything (control "reset"); racing events may re-add records. */
void al_track_reset(void)
{
	unsigned long flags;
	u32 b, idx;

	for (b = 0; b < (1U << al_bucket_bits); b++) {
		raw_spinlock_t *lock = al_lock_of(b);

		raw_spin_lock_irqsave(lock, flags);
		while ((idx = al_buckets[b])) {
			WRITE_ONCE(al_buckets[b], al_rec(idx)->next);
			al_rec_free(idx);
			atomic_long_dec(&al_used);
		}
		raw_spin_unlock_irqrestore(lock, flags);
		cond_resched();
	}
	atomic_long_set(&al_dropped, 0);
}

unsigned int al_track_capacity(void)
{
	return al_capacity;
}

unsigned long al_track_used(void)
{
	return atomic_long_read(&al_used);
}

unsigned long al_track_dropped(void)
{
	return atomic_long_read(&al_dropped);
}

size_t al_track_bytes(void)
{
	return al_held;
}

/* Bytes an allocation of @bytes returned as @p holds: kmalloc's slot, or pages. */
static size_t al_alloc_size(const void *p, size_t bytes)
{
	return is_vmalloc_addr(p) ? PAGE_ALIGN(bytes) : kmalloc_size_roundup(bytes);
}

int al_track_init(unsigned int capacity)
{
	unsigned int i, left, recs;
	size_t n;

	al_capacity = capacity;
	al_held = 0;
	atomic64_set(&al_free_top, 0);
	atomic_set(&al_never_used, 0);
	/*
	 * About one bucket per record keeps chains short.  kvzalloc: a
	 * kmalloc that may not retry or warn, else vmalloc.
	 */
	al_bucket_bits = max_t(unsigned int, ilog2(roundup_pow_of_two(capacity)), 4);
	n = sizeof(*al_buckets) << al_bucket_bits;
	al_buckets = kvzalloc(n, GFP_KERNEL);
	if (!al_buckets)
		goto nomem;
	al_held += al_alloc_size(al_buckets, n);
	for (i = 0, left = capacity; left; i++, left -= recs) {
		recs = min_t(unsigned int, left, AL_CHUNK_RECS);
		n = recs * sizeof(struct al_vma_rec);
		/* kmalloc would round a chunk up to a power of two. */
		if (n > PAGE_SIZE && !is_power_of_2(n))
			al_chunks[i] = vzalloc(n);
		else
			al_chunks[i] = kvzalloc(n, GFP_KERNEL);
		if (!al_chunks[i])
			goto nomem;
		al_held += al_alloc_size(al_chunks[i], n);
	}
	for (i = 0; i < AL_TRACK_LOCKS; i++)
		raw_spin_lock_init(&al_locks[i]);
	return 0;
nomem:
	al_track_exit();
	return -ENOMEM;
}

void al_track_exit(void)
{
	unsigned int i;

	for (i = 0; i < AL_MAX_CHUNKS; i++) {
		kvfree(al_chunks[i]);
		al_chunks[i] = NULL;
	}
	kvfree(al_buckets);
	al_buckets = NULL;
}
