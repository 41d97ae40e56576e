// SPDX-License-Identifier: GPL-2.0
/*
 * anon_lazy_standin - the ANON_VMA_LAZY series' entry points, as hook points
 * only, for testing anon_lazy's series mode on a stock kernel.
 *
 * It defines noinline functions with the series' names and signatures
 * (vma_prepare_anon_vma_lazy(), an upgrade function under a name of our
 * own, which anon_lazy must be told with probes=upgrade:NAME, and one
 * caller per upgrade reason, named to anon_lazy with probes=caller_*:...),
 * and a debugfs trigger through which a process has them called on its own
 * VMAs.  They change nothing: no kernel structure is written.
 *
 * /sys/kernel/debug/anon_lazy_standin/trigger takes one command per write:
 *   lazy ADDR             vma_prepare_anon_vma_lazy(vma at ADDR)
 *   upgrade REASON ADDR   the upgrade, called from the REASON path
 * ADDR in hex; REASON one of split merge remap fork migration ksm other.
 * Bad input: -EINVAL; no VMA at ADDR: -ENOENT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "anon_lazy_standin.h"

static unsigned long standin_calls;

/* Keeps a function's frame (no tail call) and its body non-empty. */
static noinline void standin_mark(struct vm_area_struct *vma)
{
	WRITE_ONCE(standin_calls, READ_ONCE(standin_calls) + 1);
	barrier_data(vma);
}

noinline void vma_prepare_anon_vma_lazy(struct vm_area_struct *vma)
{
	standin_mark(vma);
}

noinline void standin_anon_vma_upgrade(struct vm_area_struct *vma)
{
	standin_mark(vma);
}

#define STANDIN_PATH(reason)						\
noinline void standin_##reason##_path(struct vm_area_struct *vma)	\
{									\
	standin_anon_vma_upgrade(vma);					\
	standin_mark(vma);						\
}

STANDIN_PATH(split)
STANDIN_PATH(merge)
STANDIN_PATH(remap)
STANDIN_PATH(fork)
STANDIN_PATH(migration)
STANDIN_PATH(ksm)
STANDIN_PATH(other)

static const struct {
	const char *name;
	void (*path)(struct vm_area_struct *vma);
} standin_reasons[] = {
	{ "split", standin_split_path },
	{ "merge", standin_merge_path },
	{ "remap", standin_remap_path },
	{ "fork", standin_fork_path },
	{ "migration", standin_migration_path },
	{ "ksm", standin_ksm_path },
	{ "other", standin_other_path },
};

/* Run @fn on the caller's VMA at @addr, with mmap_lock held for read. */
static int standin_call(unsigned long addr,
			void (*fn)(struct vm_area_struct *vma))
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	if (!mm)
		return -EINVAL;
	if (mmap_read_lock_killable(mm))
		return -EINTR;
	vma = vma_lookup(mm, addr);
	if (vma)
		fn(vma);
	mmap_read_unlock(mm);
	return vma ? 0 : -ENOENT;
}

static ssize_t standin_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[64], *args, *word;
	unsigned long addr;
	unsigned int i;
	int err;

	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	args = strim(buf);
	word = strsep(&args, " ");
	if (!strcmp(word, "lazy")) {
		if (!args || kstrtoul(args, 16, &addr))
			return -EINVAL;
		err = standin_call(addr, vma_prepare_anon_vma_lazy);
		return err ? err : count;
	}
	if (strcmp(word, "upgrade") || !args)
		return -EINVAL;
	word = strsep(&args, " ");
	if (!args || kstrtoul(args, 16, &addr))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(standin_reasons); i++) {
		if (strcmp(word, standin_reasons[i].name))
			continue;
		err = standin_call(addr, standin_reasons[i].path);
		return err ? err : count;
	}
	return -EINVAL;
}

static const struct file_operations standin_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = standin_write,
};

static struct dentry *standin_dir;

static int __init standin_init(void)
{
	standin_dir = debugfs_create_dir("anon_lazy_standin", NULL);
	if (IS_ERR(standin_dir))
		return PTR_ERR(standin_dir);
	debugfs_create_file("trigger", 0200, standin_dir, NULL, &standin_fops);
	return 0;
}

static void __exit standin_exit(void)
{
	debugfs_remove_recursive(standin_dir);
}

module_init(standin_init);
module_exit(standin_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test stand-in for the ANON_VMA_LAZY series' entry points");
