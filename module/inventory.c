// SPDX-License-Identifier: GPL-2.0
/*
 * The inventory: every VMA of every process, its anon_vma state and what
 * ANON_VMA_LAZY would make of it, taken when a reader asks.
 *
 * Processes are listed first (by global tgid, under RCU only), then visited
 * one mm at a time under mmap_read_lock, killable.  No reader holds the
 * lock for more than AL_VMAS_PER_LOCK VMAs, listed or not, and none holds
 * it across a copy to userspace: the vmas file formats a bounded batch of
 * lines under the lock, drops it, copies, and resumes from the next
 * address, as /proc/PID/maps does.  The summary walks everything once per
 * open, dropping the lock the same way.
 */
#include "anon_lazy.h"

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rmap.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define AL_VMAS_BUF	(64 * 1024)
#define AL_LINE_MAX	320
/*
 * VMAs visited per mmap_lock hold: a process with a million VMAs that the
 * vmas file does not list (no anon_vma) must not wait for all of them.
 */
#define AL_VMAS_PER_LOCK	512
#define AL_ID_MASK	((1ULL << 48) - 1)

static siphash_key_t al_id_key;

/* A 48-bit id for a kernel pointer: stable while the module is loaded. */
u64 al_id(const void *ptr)
{
	return siphash_1u64((u64)(unsigned long)ptr, &al_id_key) & AL_ID_MASK;
}

void al_inventory_init(void)
{
	get_random_bytes(&al_id_key, sizeof(al_id_key));
}

/* ---- process list ---- */

struct al_pidlist {
	pid_t *pids;
	unsigned int n;
	unsigned int cap;
};

static int al_pidlist_fill(struct al_pidlist *pl)
{
	struct pid *pid;
	pid_t nr = 1;

	for (;;) {
		if (pl->n == pl->cap) {
			unsigned int cap = pl->cap ? pl->cap * 2 : 1024;
			pid_t *p = kvmalloc_array(cap, sizeof(*p), GFP_KERNEL);

			if (!p)
				return -ENOMEM;
			if (pl->n)
				memcpy(p, pl->pids, pl->n * sizeof(*p));
			kvfree(pl->pids);
			pl->pids = p;
			pl->cap = cap;
		}
		rcu_read_lock();
		while (pl->n < pl->cap &&
		       (pid = find_ge_pid(nr, &init_pid_ns))) {
			nr = pid_nr(pid) + 1;
			if (pid_task(pid, PIDTYPE_TGID))
				pl->pids[pl->n++] = pid_nr(pid);
		}
		rcu_read_unlock();
		if (pl->n < pl->cap)
			return 0;
	}
}

/*
 * The mm of process @nr with a reference (mmput() it), or NULL for a
 * kernel thread, an exiting or vanished process.
 */
static struct mm_struct *al_get_mm(pid_t nr, char *comm)
{
	struct task_struct *task;
	struct mm_struct *mm = NULL;

	rcu_read_lock();
	task = pid_task(find_pid_ns(nr, &init_pid_ns), PIDTYPE_TGID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		return NULL;
	if (!(task->flags & (PF_EXITING | PF_KTHREAD))) {
		mm = get_task_mm(task);
		__get_task_comm(comm, TASK_COMM_LEN, task);
	}
	put_task_struct(task);
	return mm;
}

/* ---- a set of kernel pointers (mms, anon_vmas), bit 0 a mark ---- */

struct al_ptrset {
	unsigned long *slots;
	unsigned int bits;
	unsigned long n;
	unsigned long marked;
	unsigned long overflow;		/* inserts refused at the size limit */
};

#define AL_PTRSET_MAX_BITS	22	/* 32 MiB of slots at most */

static void al_ptrset_free(struct al_ptrset *s)
{
	kvfree(s->slots);
	*s = (struct al_ptrset){ 0 };
}

static unsigned long *al_ptrset_find(struct al_ptrset *s, const void *p)
{
	unsigned long key = (unsigned long)p, mask = (1UL << s->bits) - 1;
	unsigned long i = hash_long(key, s->bits);

	for (;; i = (i + 1) & mask)
		if (!s->slots[i] || (s->slots[i] & ~1UL) == key)
			return &s->slots[i];
}

static int al_ptrset_grow(struct al_ptrset *s)
{
	struct al_ptrset bigger = { .bits = s->bits ? s->bits + 1 : 10 };
	unsigned long i;

	if (bigger.bits > AL_PTRSET_MAX_BITS)
		return -E2BIG;
	bigger.slots = kvcalloc(1UL << bigger.bits, sizeof(unsigned long),
				GFP_KERNEL);
	if (!bigger.slots)
		return -ENOMEM;
	for (i = 0; s->slots && i < (1UL << s->bits); i++)
		if (s->slots[i])
			*al_ptrset_find(&bigger, (void *)(s->slots[i] & ~1UL)) =
				s->slots[i];
	bigger.n = s->n;
	bigger.marked = s->marked;
	bigger.overflow = s->overflow;
	kvfree(s->slots);
	*s = bigger;
	return 0;
}

/* Add @p; 1 if new, 0 if present, -1 if it could not be added. */
static int al_ptrset_add(struct al_ptrset *s, const void *p)
{
	unsigned long *slot;

	/* Grow at half full; past the size limit, fill up to one free slot. */
	if (!s->slots || (s->n + 1) * 2 > (1UL << s->bits)) {
		if (al_ptrset_grow(s) &&
		    (!s->slots || s->n + 2 > (1UL << s->bits))) {
			s->overflow++;
			return -1;
		}
	}
	slot = al_ptrset_find(s, p);
	if (*slot)
		return 0;
	*slot = (unsigned long)p;
	s->n++;
	return 1;
}

static void al_ptrset_mark(struct al_ptrset *s, const void *p)
{
	unsigned long *slot;

	if (!s->slots)
		return;
	slot = al_ptrset_find(s, p);
	if (*slot && !(*slot & 1)) {
		*slot |= 1;
		s->marked++;
	}
}

/* ---- one VMA ---- */

struct al_vma_view {
	struct al_av_fields av;
	struct al_history h;
	struct al_vma_rec rec;
	enum al_state state;
	bool inferred;
	unsigned long avcs;
	struct anon_vma *anon_vma;	/* NULL if none or tagged */
};

/*
 * The first chain of a VMA is linked under mm->page_table_lock while the
 * caller may hold mmap_lock only for read (a fault in __anon_vma_prepare);
 * every later change takes mmap_lock for write.  So read anon_vma and the
 * chain length under page_table_lock, and once anon_vma is seen set, the
 * chain is stable for as long as the caller holds mmap_lock.
 */
static void al_view(struct mm_struct *mm, struct vm_area_struct *vma,
		    const struct al_tags *tags, struct al_vma_view *v)
{
	bool have;

	spin_lock(&mm->page_table_lock);
	al_read_av(vma, &v->av);
	v->avcs = v->av.present ? list_count_nodes(&vma->anon_vma_chain) : 0;
	spin_unlock(&mm->page_table_lock);

	have = al_track_get(vma, &v->rec);
	v->h = (struct al_history){
		.known = have,
		.flags = have ? v->rec.flags : 0,
		.forks = have ? v->rec.forks : 0,
	};
	if (!have)
		memset(&v->rec, 0, sizeof(v->rec));
	v->anon_vma = v->av.present && !v->av.tag ?
		      (struct anon_vma *)al_vma_anon_raw(vma) : NULL;
	/* A fork child's tag is the series' ANON_VMA_TREE_PARENT. */
	if (tags->series && v->av.tag && (v->h.flags & AL_H_FORK_CHILD) &&
	    !(v->h.flags & AL_H_UPGRADED))
		al_tags_observe(AL_TAG_EV_PARENT, v->av.tag);
	v->state = al_classify(&v->av, &v->h, tags, &v->inferred);
}

static bool al_view_listed(const struct al_vma_view *v)
{
	return v->state != AL_STATE_NONE || v->h.known;
}

/* Control characters (a newline would split the record) become '?'. */
static void al_sanitize_comm(char *comm)
{
	for (; *comm; comm++)
		if ((unsigned char)*comm < 0x20 || *comm == 0x7f)
			*comm = '?';
}

/* " %012llx" of an id, or " -" without one. */
static void al_out_id(struct al_out *o, bool have, u64 id)
{
	al_out_chr(o, ' ');
	if (have)
		al_out_hex(o, id, 12);
	else
		al_out_str(o, AL_NONE_VALUE);
}

static void al_out_sep_u64(struct al_out *o, unsigned long long v)
{
	al_out_chr(o, ' ');
	al_out_u64(o, v);
}

/* One vmas line (AL_VMAS_COLUMNS), without vsnprintf: it is the read's cost. */
static int al_format_vma(char *buf, size_t size, pid_t pid,
			 struct vm_area_struct *vma,
			 const struct al_vma_view *v, const char *comm)
{
	const struct anon_vma *av = v->anon_vma;
	const struct anon_vma *root = av ? READ_ONCE(av->root) : NULL;
	u64 av_id = av ? al_id(av) : 0;
	vm_flags_t f = vma->vm_flags;
	char perms[] = {
		' ', f & VM_READ ? 'r' : '-', f & VM_WRITE ? 'w' : '-',
		f & VM_EXEC ? 'x' : '-', f & VM_MAYSHARE ? 's' : 'p', ' ', '\0'
	};
	struct al_out o;
	unsigned int i;

	al_out_init(&o, buf, size);
	al_out_s64(&o, pid);
	al_out_chr(&o, ' ');
	al_out_hex(&o, vma->vm_start, 0);
	al_out_chr(&o, ' ');
	al_out_hex(&o, vma->vm_end, 0);
	al_out_str(&o, perms);
	al_out_str(&o, al_state_name(v->state));
	al_out_sep_u64(&o, v->inferred);
	al_out_id(&o, true, al_id(vma));
	al_out_id(&o, av, av_id);
	/* Most anon_vmas are their own root: one hash, not two. */
	al_out_id(&o, root, root == av ? av_id : al_id(root));
	al_out_sep_u64(&o, v->avcs);
	al_out_sep_u64(&o, !!(v->h.flags & AL_H_PREPARED));
	al_out_sep_u64(&o, v->rec.forks);
	al_out_sep_u64(&o, v->rec.split);
	al_out_sep_u64(&o, v->rec.merge);
	al_out_sep_u64(&o, v->rec.remap);
	al_out_chr(&o, ' ');
	al_out_str(&o, v->rec.upgrade ? al_reason_name(v->rec.upgrade - 1) :
					AL_NONE_VALUE);
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		al_out_sep_u64(&o, v->rec.rmap[i]);
	al_out_chr(&o, ' ');
	al_out_str(&o, comm);
	al_out_chr(&o, '\n');
	return (int)o.len;
}

/* ---- vmas ---- */

struct al_vmas_iter {
	struct al_pidlist pl;
	struct al_ptrset mms;		/* listed already (vfork shares an mm) */
	unsigned int idx;
	unsigned long addr;		/* resume here in pl.pids[idx] */
	char *buf;
	size_t len;
	size_t off;
	bool header_done;
	bool eof;
};

static int al_vmas_open(struct inode *inode, struct file *file)
{
	struct al_vmas_iter *it;
	int err;

	it = kzalloc(sizeof(*it), GFP_KERNEL);
	if (!it)
		return -ENOMEM;
	it->buf = kvmalloc(AL_VMAS_BUF, GFP_KERNEL);
	err = it->buf ? al_pidlist_fill(&it->pl) : -ENOMEM;
	if (err) {
		kvfree(it->pl.pids);
		kvfree(it->buf);
		kfree(it);
		return err;
	}
	file->private_data = it;
	return 0;
}

static int al_vmas_release(struct inode *inode, struct file *file)
{
	struct al_vmas_iter *it = file->private_data;

	al_ptrset_free(&it->mms);
	kvfree(it->pl.pids);
	kvfree(it->buf);
	kfree(it);
	return 0;
}

/*
 * Format VMAs of the current process from it->addr on into it->buf until it
 * is full or the process is done.  0 to go on, or -EINTR.
 */
static int al_vmas_fill_mm(struct al_vmas_iter *it, bool *full, bool *more)
{
	char comm[TASK_COMM_LEN] = "";
	pid_t pid = it->pl.pids[it->idx];
	struct vm_area_struct *vma;
	struct al_vma_view v;
	struct mm_struct *mm;
	struct al_tags tags = al_tags.tags;
	int n;

	mm = al_get_mm(pid, comm);
	if (!mm)
		return 0;
	if (!it->addr && al_ptrset_add(&it->mms, mm) == 0) {
		mmput(mm);
		return 0;
	}
	al_sanitize_comm(comm);
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return -EINTR;
	}
	{
		VMA_ITERATOR(vmi, mm, it->addr);
		unsigned int visited = 0;

		for_each_vma(vmi, vma) {
			if (it->len + AL_LINE_MAX > AL_VMAS_BUF) {
				it->addr = vma->vm_start;
				*full = true;
				break;
			}
			if (visited++ == AL_VMAS_PER_LOCK) {
				it->addr = vma->vm_start;
				*more = true;
				break;
			}
			al_view(mm, vma, &tags, &v);
			if (al_view_listed(&v)) {
				n = al_format_vma(it->buf + it->len,
						  AL_VMAS_BUF - it->len, pid, vma,
						  &v, comm);
				it->len += min_t(size_t, n, AL_LINE_MAX);
			}
			it->addr = vma->vm_end;
		}
	}
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

static int al_vmas_fill(struct al_vmas_iter *it)
{
	bool full = false, more;
	int err;

	it->len = 0;
	it->off = 0;
	if (!it->header_done) {
		it->len = scnprintf(it->buf, AL_VMAS_BUF, "%s\n",
				    AL_VMAS_COLUMNS);
		it->header_done = true;
		return 0;
	}
	while (it->idx < it->pl.n) {
		more = false;
		err = al_vmas_fill_mm(it, &full, &more);
		if (err)
			return err;
		if (full)
			return 0;
		if (more) {	/* the same process, from it->addr */
			cond_resched();
			continue;
		}
		it->idx++;
		it->addr = 0;
		if (it->len > AL_VMAS_BUF / 2)
			return 0;
		cond_resched();
	}
	it->eof = true;
	return 0;
}

static ssize_t al_vmas_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct al_vmas_iter *it = file->private_data;
	size_t copied = 0, n;
	int err;

	while (copied < count) {
		if (it->off < it->len) {
			n = min(it->len - it->off, count - copied);
			if (copy_to_user(ubuf + copied, it->buf + it->off, n))
				return copied ? copied : -EFAULT;
			it->off += n;
			copied += n;
			continue;
		}
		if (it->eof)
			break;
		err = al_vmas_fill(it);
		if (err)
			return copied ? copied : err;
	}
	*ppos += copied;
	return copied;
}

const struct file_operations al_vmas_fops = {
	.owner = THIS_MODULE,
	.open = al_vmas_open,
	.read = al_vmas_read,
	/* Sequential only; seeking is a no-op so head(1) and friends work. */
	.llseek = noop_llseek,
	.release = al_vmas_release,
};

/* ---- summary ---- */

struct al_summary {
	unsigned long processes;
	unsigned long vmas;
	unsigned long states[AL_NR_STATES];
	unsigned long inferred;
	unsigned long avc_now;
	unsigned long avc_proj;
	unsigned long stock_extra;	/* series: objects stock would add */
	struct al_ptrset avs;		/* marked: kept under ANON_VMA_LAZY */
	struct al_ptrset mms;
};

static void al_summary_vma(struct al_summary *s, struct vm_area_struct *vma,
			   const struct al_vma_view *v)
{
	struct anon_vma_chain *avc;
	struct al_av_fields f;

	s->vmas++;
	s->states[v->state]++;
	s->inferred += v->inferred;
	s->stock_extra += al_stock_extra(v->state, v->anon_vma);
	if (!v->av.present)
		return;
	s->avc_now += v->avcs;
	s->avc_proj += al_projected_chains(v->state, v->avcs);
	/* Every anon_vma reachable from the VMA, once system-wide. */
	list_for_each_entry(avc, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *av = avc->anon_vma;

		if (al_ptrset_add(&s->avs, av) != 1)
			continue;
		f = (struct al_av_fields){
			.present = true,
			.self_parent = READ_ONCE(av->parent) == av,
			.num_children = READ_ONCE(av->num_children),
		};
		if (al_anon_vma_kept(AL_STATE_NONE, al_av_children(&f)))
			al_ptrset_mark(&s->avs, av);
	}
	if (v->anon_vma && al_anon_vma_kept(v->state, 0))
		al_ptrset_mark(&s->avs, v->anon_vma);
}

static int al_summary_mm(struct al_summary *s, pid_t pid)
{
	char comm[TASK_COMM_LEN];
	struct al_tags tags = al_tags.tags;
	struct vm_area_struct *vma;
	unsigned long addr = 0;
	struct al_vma_view v;
	struct mm_struct *mm;
	bool more;

	mm = al_get_mm(pid, comm);
	if (!mm)
		return 0;
	if (al_ptrset_add(&s->mms, mm) != 1) {
		mmput(mm);
		return 0;
	}
	do {
		VMA_ITERATOR(vmi, mm, addr);
		unsigned int visited = 0;

		if (mmap_read_lock_killable(mm)) {
			mmput(mm);
			return -EINTR;
		}
		/*
		 * Between holds an anon_vma may be freed and another allocated
		 * at its address: the pointer sets then count it once.  The
		 * summary of a changing system is approximate that much.
		 */
		more = false;
		for_each_vma(vmi, vma) {
			if (visited++ == AL_VMAS_PER_LOCK) {
				addr = vma->vm_start;
				more = true;
				break;
			}
			al_view(mm, vma, &tags, &v);
			al_summary_vma(s, vma, &v);
		}
		mmap_read_unlock(mm);
		if (more)
			cond_resched();
	} while (more);
	mmput(mm);
	s->processes++;
	return 0;
}

static void al_kv(struct seq_file *m, const char *prefix, const char *key,
		  unsigned long val)
{
	seq_printf(m, "%s%s %lu\n", prefix, key, val);
}

static int al_summary_show(struct seq_file *m, void *unused)
{
	struct al_pidlist pl = { 0 };
	struct al_counters c;
	struct al_summary *s;
	unsigned int i;
	bool series;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	err = al_pidlist_fill(&pl);
	for (i = 0; !err && i < pl.n; i++) {
		err = al_summary_mm(s, pl.pids[i]);
		cond_resched();
	}
	if (err)
		goto out;

	al_counters_sum(&c);
	series = al_series_kernel();
	seq_puts(m, AL_COL_KEY " " AL_COL_VALUE "\n");
	seq_printf(m, "%s %s\n", AL_SUM_FLAVOUR,
		   series ? AL_FLAVOUR_SERIES : AL_FLAVOUR_STOCK);
	al_kv(m, "", AL_SUM_PROCESSES, s->processes);
	al_kv(m, "", AL_SUM_VMAS, s->vmas);
	for (i = 0; i < AL_NR_STATES; i++)
		al_kv(m, AL_SUM_STATE_PREFIX, al_state_name(i), s->states[i]);
	al_kv(m, "", AL_SUM_INFERRED, s->inferred);
	/*
	 * Stock: projected is the series' model.  Series: the objects are
	 * already the series' own, and stock is the estimate instead.
	 */
	al_kv(m, "", AL_SUM_AV_NOW, s->avs.n);
	al_kv(m, "", AL_SUM_AV_PROJ, series ? s->avs.n : s->avs.marked);
	al_kv(m, "", AL_SUM_AV_STOCK, s->avs.n + s->stock_extra);
	al_kv(m, "", AL_SUM_AVC_NOW, s->avc_now);
	al_kv(m, "", AL_SUM_AVC_PROJ, series ? s->avc_now : s->avc_proj);
	al_kv(m, "", AL_SUM_AVC_STOCK, s->avc_now + s->stock_extra);
	al_kv(m, "", AL_SUM_PREPARE, c.prepare);
	al_kv(m, "", AL_SUM_LAZY_PREPARE, c.lazy_prepare);
	al_kv(m, "", AL_SUM_FORK, c.fork);
	for (i = 0; i < AL_NR_REASONS; i++)
		al_kv(m, AL_SUM_CLONE_PREFIX, al_reason_name(i), c.clone[i]);
	for (i = 0; i < AL_NR_REASONS; i++)
		al_kv(m, AL_SUM_CLONE_LAZY_PREFIX, al_reason_name(i),
		      c.clone_lazy[i]);
	for (i = 0; i < AL_NR_REASONS; i++)
		al_kv(m, AL_SUM_UPGRADE_PREFIX, al_reason_name(i),
		      c.upgrade[i]);
	al_kv(m, "", AL_SUM_CAPACITY, al_track_capacity());
	al_kv(m, "", AL_SUM_USED, al_track_used());
	al_kv(m, "", AL_SUM_DROPPED, al_track_dropped());
	al_kv(m, "", AL_SUM_OVERFLOW, s->avs.overflow);
out:
	al_ptrset_free(&s->avs);
	al_ptrset_free(&s->mms);
	kvfree(pl.pids);
	kfree(s);
	return err;
}

static int al_summary_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, al_summary_show, NULL, 8192);
}

const struct file_operations al_summary_fops = {
	.owner = THIS_MODULE,
	.open = al_summary_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};
