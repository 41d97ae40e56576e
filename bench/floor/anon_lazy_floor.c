// SPDX-License-Identifier: GPL-2.0
/*
 * anon_lazy_floor - the bare-probe floor of anon_lazy's overhead (bench/).
 *
 * Attaches empty handlers to the symbols it is given, which
 * bench/lib/guest.sh reads from anon_lazy's debugfs probes file while
 * anon_lazy is loaded, each through the mechanism anon_lazy uses for it:
 * what the probe mechanism alone costs on exactly the functions anon_lazy
 * watches.  A test-only module; it does nothing else.
 *
 *   insmod anon_lazy_floor.ko ftrace=SYM,... kprobes=SYM,... kretprobes=SYM,...
 *
 * The ftrace symbols share one ftrace_ops (filtered by name) whose callback
 * does nothing: anon_lazy's entry probes are ftrace callbacks too where the
 * kernel has CONFIG_DYNAMIC_FTRACE_WITH_ARGS, and with their built-in
 * symbols they take no recursion lock either (until b7bda78 they took
 * their own, and this callback took and dropped ftrace's).  The kprobes get
 * an empty pre-handler, the kretprobes empty entry and return handlers.
 * Passing the ftrace symbols as kprobes= instead gives the floor of
 * anon_lazy with ftrace=0.
 *
 * With no_return=1 the kretprobes' entry handlers decline every call (they
 * return 1), so no return hook is set up: what a kretprobe costs when its
 * entry handler decides the return is not wanted.
 *
 * Loading fails if any symbol cannot be probed, so that a floor never
 * silently measures fewer probes than anon_lazy attached.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define FLOOR_MAX	32

static char *ftrace;
module_param(ftrace, charp, 0444);
MODULE_PARM_DESC(ftrace,
		 "comma-separated symbols to attach one ftrace_ops to (empty callback)");

static char *kprobes;
module_param(kprobes, charp, 0444);
MODULE_PARM_DESC(kprobes, "comma-separated symbols to kprobe (empty handler)");

static char *kretprobes;
module_param(kretprobes, charp, 0444);
MODULE_PARM_DESC(kretprobes,
		 "comma-separated symbols to kretprobe (empty handlers)");

static int maxactive;
module_param(maxactive, int, 0444);
MODULE_PARM_DESC(maxactive, "kretprobe instances per probe (0: as anon_lazy)");

static bool no_return;
module_param(no_return, bool, 0444);
MODULE_PARM_DESC(no_return, "kretprobe entry handlers decline every return");

static struct kprobe floor_kps[FLOOR_MAX];
static struct kretprobe floor_rps[FLOOR_MAX];
static struct kprobe *floor_kpp[FLOOR_MAX];
static struct kretprobe *floor_rpp[FLOOR_MAX];
static unsigned int floor_nf, floor_nk, floor_nr;
static char *floor_fbuf, *floor_kbuf, *floor_rbuf;

/* Nothing: what ftrace's call to a callback costs, and no more. */
static void notrace floor_ftrace(unsigned long ip, unsigned long parent_ip,
				 struct ftrace_ops *op,
				 struct ftrace_regs *fregs)
{
}

/* No FTRACE_OPS_FL_RECURSION: nothing to guard, as for anon_lazy's. */
static struct ftrace_ops floor_ops = {
	.func = floor_ftrace,
};

static int floor_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

NOKPROBE_SYMBOL(floor_pre);

static int floor_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return no_return;
}

NOKPROBE_SYMBOL(floor_entry);

static int floor_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

NOKPROBE_SYMBOL(floor_ret);

/* Split @list (a copy kept in *@buf) into up to FLOOR_MAX symbols. */
static int floor_split(const char *list, char **buf, const char **syms,
		       unsigned int *n)
{
	char *s, *tok;

	*n = 0;
	if (!list || !*list)
		return 0;
	*buf = kstrdup(list, GFP_KERNEL);
	if (!*buf)
		return -ENOMEM;
	s = *buf;
	while ((tok = strsep(&s, ",")) != NULL) {
		if (!*tok)
			continue;
		if (*n == FLOOR_MAX) {
			pr_err("more than %d symbols\n", FLOOR_MAX);
			return -E2BIG;
		}
		syms[(*n)++] = tok;
	}
	return 0;
}

static void floor_free(void)
{
	kfree(floor_fbuf);
	kfree(floor_kbuf);
	kfree(floor_rbuf);
	floor_fbuf = NULL;
	floor_kbuf = NULL;
	floor_rbuf = NULL;
}

/* Filter floor_ops on each of @syms by name, then register it once. */
static int floor_ftrace_register(const char **syms, unsigned int n)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		err = ftrace_set_filter(&floor_ops, (unsigned char *)syms[i],
					strlen(syms[i]), 0);
		if (err) {
			pr_err("ftrace=%s: cannot filter %s: %pe\n", ftrace,
			       syms[i], ERR_PTR(err));
			goto err_filter;
		}
	}
	err = register_ftrace_function(&floor_ops);
	if (err) {
		pr_err("ftrace=%s: register_ftrace_function: %pe\n", ftrace,
		       ERR_PTR(err));
		goto err_filter;
	}
	return 0;

err_filter:
	ftrace_free_filter(&floor_ops);
	return err;
}

static void floor_ftrace_unregister(void)
{
	unregister_ftrace_function(&floor_ops);
	ftrace_free_filter(&floor_ops);
}

static int __init floor_init(void)
{
	const char *fsyms[FLOOR_MAX], *ksyms[FLOOR_MAX], *rsyms[FLOOR_MAX];
	unsigned int i;
	int err;

	err = floor_split(ftrace, &floor_fbuf, fsyms, &floor_nf);
	if (!err)
		err = floor_split(kprobes, &floor_kbuf, ksyms, &floor_nk);
	if (!err)
		err = floor_split(kretprobes, &floor_rbuf, rsyms, &floor_nr);
	if (err)
		goto err_free;
	if (!maxactive)
		maxactive = max_t(int, 64, 8 * num_possible_cpus());

	for (i = 0; i < floor_nk; i++) {
		floor_kps[i].symbol_name = ksyms[i];
		floor_kps[i].pre_handler = floor_pre;
		floor_kpp[i] = &floor_kps[i];
	}
	for (i = 0; i < floor_nr; i++) {
		floor_rps[i].kp.symbol_name = rsyms[i];
		floor_rps[i].entry_handler = floor_entry;
		floor_rps[i].handler = floor_ret;
		floor_rps[i].maxactive = maxactive;
		floor_rpp[i] = &floor_rps[i];
	}
	if (floor_nf) {
		err = floor_ftrace_register(fsyms, floor_nf);
		if (err)
			goto err_free;
	}
	if (floor_nk) {
		err = register_kprobes(floor_kpp, floor_nk);
		if (err) {
			pr_err("kprobes=%s: %pe\n", kprobes, ERR_PTR(err));
			goto err_ftrace;
		}
	}
	if (floor_nr) {
		err = register_kretprobes(floor_rpp, floor_nr);
		if (err) {
			pr_err("kretprobes=%s: %pe\n", kretprobes, ERR_PTR(err));
			goto err_kprobes;
		}
	}
	pr_info("%u ftrace, %u kprobes, %u kretprobes with empty handlers\n",
		floor_nf, floor_nk, floor_nr);
	return 0;

err_kprobes:
	if (floor_nk)
		unregister_kprobes(floor_kpp, floor_nk);
err_ftrace:
	if (floor_nf)
		floor_ftrace_unregister();
err_free:
	floor_free();
	return err;
}

static void __exit floor_exit(void)
{
	unsigned long missed = 0;
	unsigned int i;

	if (floor_nf)
		floor_ftrace_unregister();
	if (floor_nk)
		unregister_kprobes(floor_kpp, floor_nk);
	if (floor_nr)
		unregister_kretprobes(floor_rpp, floor_nr);
	for (i = 0; i < floor_nk; i++)
		missed += floor_kps[i].nmissed;
	for (i = 0; i < floor_nr; i++)
		missed += floor_rps[i].nmissed + floor_rps[i].kp.nmissed;
	if (missed)
		pr_info("%lu hits missed\n", missed);
	floor_free();
}

module_init(floor_init);
module_exit(floor_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("anon_lazy benchmarks: probes with empty handlers");
