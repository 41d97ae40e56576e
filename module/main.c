// SPDX-License-Identifier: GPL-2.0
/*
 * anon_lazy - per-VMA anonymous reverse-map instrumentation.
 *
 * On a stock kernel it projects what the ANON_VMA_LAZY series would make of
 * every VMA; on a kernel carrying the series it measures what the series
 * did.  Everything is read through /sys/kernel/debug/anon_lazy/, whose
 * format is include/anon_lazy/contract.h.
 */
#include "anon_lazy.h"

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/module.h>
#include <linux/rmap.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

static char *probes;
module_param(probes, charp, 0444);
MODULE_PARM_DESC(probes,
		 "role overrides: ROLE:SYM[/SYM...]|ROLE:off|ROLE:on[,...]");

static unsigned int capacity = AL_CAPACITY_DEFAULT;
module_param(capacity, uint, 0444);
MODULE_PARM_DESC(capacity, "VMAs whose history is kept (1..16777216)");

/*
 * Entry probes through ftrace where the kernel can (an ftrace_ops callback
 * on the function's own entry call), through kprobes otherwise or with 0.
 */
static bool ftrace = true;
module_param(ftrace, bool, 0444);
MODULE_PARM_DESC(ftrace,
		 "attach entry probes through ftrace where the kernel can (0: kprobes)");

/*
 * rmap walks followed to their return (a kretprobe: latency, fan-out,
 * lock waits), or with 0 counted at their entry only: a kretprobe is a
 * trap at entry and another at return where kprobes cannot go through
 * ftrace (arm64), most of a migrated page's cost there (bench/README.md).
 */
static bool walk_return = true;
module_param(walk_return, bool, 0444);
MODULE_PARM_DESC(walk_return,
		 "follow rmap walks to their return: latency, fan-out, lock waits (0: count them at entry)");

static int maxactive;
module_param(maxactive, int, 0444);
MODULE_PARM_DESC(maxactive,
		 "kretprobe instances per probe (0: 8 per CPU, at least 64; max 4096)");

/*
 * Kernels from 7.0 pass the reason to anon_vma_clone() as an enum
 * vma_operation {SPLIT, MERGE_UNFAULTED, REMAP, FORK}; older ones do not,
 * and the caller tells.  clone_op=0/1 forces either way.
 */
static int clone_op = AL_CLONE_OP_AUTO;
module_param(clone_op, int, 0444);
MODULE_PARM_DESC(clone_op,
		 "read anon_vma_clone()'s reason from its 3rd argument: 1 yes, 0 no (callers), -1 by kernel version");

static unsigned long tag_lazy;
module_param(tag_lazy, ulong, 0444);
MODULE_PARM_DESC(tag_lazy, "series: tag bits of ANON_VMA_TREE_VMA (0: learn)");

static unsigned long tag_parent;
module_param(tag_parent, ulong, 0444);
MODULE_PARM_DESC(tag_parent,
		 "series: tag bits of ANON_VMA_TREE_PARENT (0: learn)");

#define AL_CONTROL_MAX	64

static struct dentry *al_dir;

static int al_version_show(struct seq_file *m, void *v)
{
	struct al_tag_learner t;

	al_tags_snapshot(&t);
	seq_puts(m, AL_COL_KEY " " AL_COL_VALUE "\n");
	seq_printf(m, "%s %s\n", AL_VER_MODULE, AL_VERSION);
	seq_printf(m, "%s %d\n", AL_VER_CONTRACT, AL_CONTRACT_VERSION);
	seq_printf(m, "%s %s\n", AL_VER_KERNEL, init_utsname()->release);
	seq_printf(m, "%s %s\n", AL_VER_ARCH, init_utsname()->machine);
	seq_printf(m, "%s %s\n", AL_VER_FLAVOUR,
		   al_series_kernel() ? AL_FLAVOUR_SERIES : AL_FLAVOUR_STOCK);
	seq_printf(m, "%s %u\n", AL_VER_CAPACITY, al_track_capacity());
	seq_printf(m, "%s %zu\n", AL_VER_TABLE_BYTES, al_track_bytes());
	seq_printf(m, "%s%s %zu\n", AL_VER_SIZE_PREFIX, AL_SLAB_ANON_VMA,
		   sizeof(struct anon_vma));
	seq_printf(m, "%s%s %zu\n", AL_VER_SIZE_PREFIX, AL_SLAB_AVC,
		   sizeof(struct anon_vma_chain));
	seq_printf(m, "%s%s %zu\n", AL_VER_SIZE_PREFIX, AL_SLAB_VMA,
		   sizeof(struct vm_area_struct));
	seq_printf(m, "%s %#lx\n", AL_VER_TAG_LAZY, t.tags.lazy);
	seq_printf(m, "%s %#lx\n", AL_VER_TAG_PARENT, t.tags.parent);
	seq_printf(m, "%s %#lx\n", AL_VER_TAG_MASK, t.tags.mask);
	seq_printf(m, "%s %s\n", AL_VER_TAG_SOURCE, al_tag_status_name(t.status));
	seq_printf(m, "%s %lu\n", AL_VER_TAG_CONFLICTS, t.conflicts);
	seq_printf(m, "%s %d\n", AL_VER_WALK_RETURN, al_walk_return);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(al_version);

DEFINE_SHOW_ATTRIBUTE(al_probes);

DEFINE_SHOW_ATTRIBUTE(al_walks);

/*
 * One command per write(): "reset", optionally followed by spaces and
 * newlines (echo adds one).  Anything else changes nothing and is -EINVAL.
 */
static ssize_t al_control_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	const size_t len = strlen(AL_CTL_RESET);
	char cmd[AL_CONTROL_MAX];
	size_t i;

	if (count < len || count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	if (memcmp(cmd, AL_CTL_RESET, len))
		return -EINVAL;
	for (i = len; i < count; i++)
		if (cmd[i] != ' ' && cmd[i] != '\n')
			return -EINVAL;
	al_track_reset();
	al_counters_reset();
	al_walks_reset();
	return count;
}

static const struct file_operations al_control_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = al_control_write,
};

static const struct {
	const char *name;
	umode_t mode;
	const struct file_operations *fops;
} al_files[] = {
	{ AL_FILE_VERSION, 0400, &al_version_fops },
	{ AL_FILE_PROBES, 0400, &al_probes_fops },
	{ AL_FILE_VMAS, 0400, &al_vmas_fops },
	{ AL_FILE_SUMMARY, 0400, &al_summary_fops },
	{ AL_FILE_WALKS, 0400, &al_walks_fops },
	{ AL_FILE_CONTROL, 0200, &al_control_fops },
};

static int __init al_init(void)
{
	const struct al_params params = {
		.capacity = capacity,
		.maxactive = maxactive,
		.clone_op = clone_op,
		.tag_lazy = tag_lazy,
		.tag_parent = tag_parent,
	};
	char why[128];
	unsigned int i;
	int err;

	if (al_check_params(&params, why, sizeof(why))) {
		pr_err("%s\n", why);
		return -EINVAL;
	}
	if (!maxactive)
		maxactive = max_t(int, 64, 8 * num_possible_cpus());
	al_series_init(tag_lazy, tag_parent);
	al_events_init(clone_op);
	al_inventory_init();
	al_walks_reset();

	if (!debugfs_initialized()) {
		pr_warn("debugfs is not available (debugfs=off?): nothing to read, no probes attached; rmmod anon_lazy\n");
		return 0;
	}
	al_dir = debugfs_create_dir(AL_DEBUGFS_DIR, NULL);
	if (IS_ERR(al_dir)) {
		pr_warn("cannot create debugfs directory (%pe): nothing to read, no probes attached; rmmod anon_lazy\n",
			al_dir);
		al_dir = NULL;
		return 0;
	}

	err = al_track_init(capacity);
	if (err)
		goto err_dir;
	al_walks_clock_init();
	err = al_probes_init(probes, maxactive, ftrace, walk_return);
	if (err)
		goto err_track;
	al_tags.tags.series = al_series_kernel();
	al_walks_pack();

	for (i = 0; i < ARRAY_SIZE(al_files); i++)
		debugfs_create_file(al_files[i].name, al_files[i].mode, al_dir,
				    NULL, al_files[i].fops);
	pr_info("loaded: flavour %s, capacity %u, %s/%s\n",
		al_series_kernel() ? AL_FLAVOUR_SERIES : AL_FLAVOUR_STOCK,
		capacity, AL_DEBUGFS_MOUNT, AL_DEBUGFS_DIR);
	return 0;

err_track:
	al_walks_clock_exit();
	al_track_exit();
err_dir:
	debugfs_remove_recursive(al_dir);
	al_dir = NULL;
	return err;
}

static void __exit al_exit(void)
{
	if (!al_dir)
		return;
	/* Probes first: after this no handler runs or will run. */
	al_probes_exit();
	/* Waits for readers inside the files to leave them. */
	debugfs_remove_recursive(al_dir);
	al_walks_clock_exit();
	al_track_exit();
}

module_init(al_init);
module_exit(al_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Per-VMA anon_vma / ANON_VMA_LAZY instrumentation");
MODULE_VERSION(AL_VERSION);
