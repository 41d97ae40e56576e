// SPDX-License-Identifier: GPL-2.0
/*
 * The probe machinery: resolve each role of roles.c to a symbol of the
 * running kernel (or to the one probes= names), attach it, count its hits,
 * and take it all down again.  Nothing here knows what a role means.
 */
#include "anon_lazy.h"
#include "handlers.h"

#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

struct al_probe al_probes[AL_NR_ROLES];
DEFINE_PER_CPU(unsigned long[AL_NR_ROLES], al_hits);
/* Hits of ftrace-attached roles that the recursion guard turned away. */
static DEFINE_PER_CPU(unsigned long[AL_NR_ROLES], al_ftrace_missed);

/* probes= is parsed into this copy; al_probe.cands point into it. */
static char *al_spec_buf;
/*
 * No probes= symbols: every role is on its built-in candidates, which no
 * handler reaches, so the roles with a leaf callback can use it.
 */
static bool al_builtin_symbols;

static void al_spec_free(void)
{
	kfree(al_spec_buf);
	al_spec_buf = NULL;
}

static const char *const al_kind_names[] = {
	[AL_KPROBE] = AL_KIND_KPROBE,
	[AL_KRETPROBE] = AL_KIND_KRETPROBE,
	[AL_CALLER] = AL_KIND_CALLER,
};

static const char *al_kind_name(const struct al_probe *p)
{
	return p->ftrace ? AL_KIND_FTRACE : al_kind_names[p->kind];
}

bool al_role_attached(enum al_role role)
{
	return al_probes[role].status == AL_PS_ATTACHED ||
	       al_probes[role].status == AL_PS_RESOLVED;
}

bool al_series_kernel(void)
{
	return al_role_attached(AL_ROLE_LAZY_PREPARE);
}

/* A per-CPU counter summed over the CPUs. */
static unsigned long al_percpu_sum(const unsigned long __percpu *counter)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(counter, cpu);
	return sum;
}

unsigned long al_role_hits(enum al_role role)
{
	return al_percpu_sum(&al_hits[role]);
}

unsigned long al_role_missed(enum al_role role)
{
	const struct al_probe *p = &al_probes[role];

	if (p->status != AL_PS_ATTACHED)
		return 0;
	if (p->ftrace)
		return al_percpu_sum(&al_ftrace_missed[role]);
	if (p->kind == AL_KRETPROBE)
		return p->rp.nmissed + p->rp.kp.nmissed;
	return p->kp.nmissed;
}

/* "name+0x10/0x2a0 [mod]" -> start and end of name's text. */
static int al_symbol_range(unsigned long addr, struct al_range *r)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long off, size;
	char *plus, *slash, *end;

	sprint_symbol(buf, addr);
	plus = strrchr(buf, '+');
	if (!plus)
		return -ENOENT;
	slash = strchr(plus, '/');
	if (!slash)
		return -ENOENT;
	*slash = '\0';
	end = strchr(slash + 1, ' ');
	if (end)
		*end = '\0';
	if (kstrtoul(plus + 1, 16, &off) || kstrtoul(slash + 1, 16, &size))
		return -EINVAL;
	r->start = addr - off;
	r->end = r->start + size;
	return 0;
}

/*
 * Every resolved caller's text range with its reason, in role order, packed
 * for the handlers: a clone's caller is looked up at every clone, and a
 * walk over all roles' entries cost more than the rest of the handler.
 * Filled before any probe is attached, read-only while they are.
 */
struct al_caller_range {
	unsigned long start;
	unsigned long end;
	int reason;
};

static struct al_caller_range al_callers[AL_NR_ROLES * AL_MAX_CANDIDATES];
static unsigned int al_ncallers;

/*
 * Which range a return address fell in last time, by a hash of the address:
 * al_callers index + 1, 0 none.  A clone is called from a handful of call
 * sites, so after the first call from each the scan is one range check.  A
 * hint is only ever checked, never trusted: a stale or colliding one costs
 * the scan.
 */
#define AL_HINT_BITS	6
static u8 al_caller_hint[1 << AL_HINT_BITS];

static void al_pack_callers(void)
{
	unsigned int role, i;

	al_ncallers = 0;
	memset(al_caller_hint, 0, sizeof(al_caller_hint));
	for (role = 0; role < AL_NR_ROLES; role++) {
		const struct al_probe *p = &al_probes[role];

		if (al_role_defs[role].kind != AL_CALLER ||
		    p->status != AL_PS_RESOLVED)
			continue;
		for (i = 0; i < p->nranges; i++)
			al_callers[al_ncallers++] = (struct al_caller_range){
				.start = p->ranges[i].start,
				.end = p->ranges[i].end,
				.reason = al_role_defs[role].reason,
			};
	}
}

int __kprobes al_caller_reason(unsigned long addr)
{
	unsigned int h = hash_long(addr, AL_HINT_BITS);
	unsigned int i = READ_ONCE(al_caller_hint[h]);
	const struct al_caller_range *c;

	BUILD_BUG_ON(ARRAY_SIZE(al_callers) >= U8_MAX);
	if (i) {
		c = &al_callers[i - 1];
		if (addr >= c->start && addr < c->end)
			return c->reason;
	}
	for (c = al_callers; c < al_callers + al_ncallers; c++) {
		if (addr >= c->start && addr < c->end) {
			WRITE_ONCE(al_caller_hint[h], c - al_callers + 1);
			return c->reason;
		}
	}
	return -1;
}

#define AL_STACK_DEPTH	24

/* The reason of the innermost caller role on the current stack, or -1. */
static int __kprobes al_stack_reason(void)
{
	unsigned long entries[AL_STACK_DEPTH];
	unsigned int n, i;
	int reason;

	n = stack_trace_save(entries, ARRAY_SIZE(entries), 0);
	for (i = 0; i < n; i++) {
		reason = al_caller_reason(entries[i]);
		if (reason >= 0)
			return reason;
	}
	return -1;
}

/*
 * Why the probed function (returning to @ret) was called: its direct
 * caller, or failing that the nearest caller role on the stack.  The
 * direct caller comes first because at a function's entry arm64 keeps it
 * in the link register only, where a stack walk does not see it.  @ret
 * is stripped of its pointer authentication code here, not at every hit:
 * only the roles that ask why pay for it (on arm64, 9 guest instructions
 * a hit, 0.4% of a fork of 1,000 VMAs).
 */
enum al_reason __kprobes al_call_reason(unsigned long ret)
{
	int reason = al_caller_reason(al_strip_return_address(ret));

	if (reason < 0)
		reason = al_stack_reason();
	return reason < 0 ? AL_REASON_OTHER : reason;
}

static void al_append_symbol(struct al_probe *p, const char *sym)
{
	size_t len = strlen(p->symbol);

	if (len)
		strlcat(p->symbol, ",", sizeof(p->symbol));
	strlcat(p->symbol, sym, sizeof(p->symbol));
}

/*
 * Where @sym is, as kprobes resolve it (-ENOENT: no such symbol), with a
 * disabled kprobe that is never armed.
 */
static int al_resolve_symbol(const char *sym, unsigned long *addr)
{
	struct kprobe kp = {
		.symbol_name = sym,
		.flags = KPROBE_FLAG_DISABLED,
	};
	int err;

	err = register_kprobe(&kp);
	if (err)
		return err;
	*addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return 0;
}

/*
 * A caller role attaches nothing: every candidate that exists contributes
 * its text range.
 */
static void al_resolve_caller(struct al_probe *p)
{
	unsigned long addr;
	unsigned int i;
	int err;

	p->status = AL_PS_ABSENT;
	for (i = 0; i < p->ncands; i++) {
		err = al_resolve_symbol(p->cands[i], &addr);
		if (err) {
			if (err != -ENOENT) {
				p->err = err;
				p->status = AL_PS_FAILED;
			}
			continue;
		}
		if (!al_symbol_range(addr, &p->ranges[p->nranges])) {
			p->nranges++;
			al_append_symbol(p, p->cands[i]);
		}
	}
	if (p->nranges)
		p->status = AL_PS_RESOLVED;
}

/* A kprobe carries an entry role's hit: its registers become the call. */
static int __kprobes al_kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	enum al_role role = container_of(kp, struct al_probe, kp) - al_probes;

	al_role_defs[role].pre(role, regs_get_kernel_argument(regs, 0),
			       regs_get_kernel_argument(regs, 1),
			       regs_get_kernel_argument(regs, 2),
			       al_entry_return_address(regs));
	return 0;
}

#ifdef CONFIG_DYNAMIC_FTRACE_WITH_ARGS
/*
 * Entry roles through ftrace: an ftrace_ops whose callback runs from the
 * function's own entry call, with no trap, no saved pt_regs and no kprobe
 * lookup, at about a third of a kprobe's cost (bench/README.md).
 */
static struct al_fops al_fops[AL_NR_ROLES];

/*
 * The interrupt context (its preempt count bits) of the innermost
 * ftrace-carried handler running on this CPU, + 1; 0 none.  A hit in the
 * context of the handler it interrupts, a handler reaching a function it
 * probes, is turned away; an interrupt or NMI nests, and puts back what it
 * found when it returns, as interrupts nest strictly.  This is
 * ftrace_test_recursion_trylock() per CPU instead of per task, which
 * preemption off from test to clear makes the same, without its state for
 * an interrupt not yet in the preempt count (no probed function runs
 * there): 8 guest instructions a hit instead of 30 (bench/prof, fork).
 */
static DEFINE_PER_CPU(unsigned int, al_ftrace_ctx);

static void notrace al_ftrace_entry(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *op,
				    struct ftrace_regs *fregs)
{
	enum al_role role = container_of(op, struct al_fops, ops)->role;
	unsigned int ctx, outer;

	preempt_disable_notrace();
	ctx = (preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)) + 1;
	outer = __this_cpu_read(al_ftrace_ctx);
	if (unlikely(outer == ctx)) {
		__this_cpu_inc(al_ftrace_missed[role]);
		goto out;
	}
	__this_cpu_write(al_ftrace_ctx, ctx);
	/* Stripped (arm64) where a reason is read: al_call_reason(). */
	al_role_defs[role].pre(role, al_ftrace_arg(fregs, 0),
			       al_ftrace_arg(fregs, 1), al_ftrace_arg(fregs, 2),
			       parent_ip);
	__this_cpu_write(al_ftrace_ctx, outer);
out:
	preempt_enable_notrace();
}

/*
 * A role that only counts its hits (al_on_count()): one per-CPU increment,
 * which cannot reach a probed function, so no recursion guard either: 4
 * guest instructions a hit instead of the 31 of al_ftrace_entry() and
 * al_on_count() (bench/prof, split/merge with probes=unlink_anon_vmas:on,
 * whose unlink_anon_vmas hits are a third of its hits).
 */
static void notrace al_ftrace_count(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *op,
				    struct ftrace_regs *fregs)
{
	al_hit(container_of(op, struct al_fops, ops)->role);
}

/*
 * Set @role's ftrace_ops to trace @sym's entry for @p: 0, -ENOENT when the
 * kernel has no such symbol, another error when ftrace cannot trace it
 * (the role then goes to a kprobe).
 */
static int al_ftrace_filter(struct al_probe *p, enum al_role role,
			    const char *sym)
{
	unsigned long addr;
	struct al_range r;
	int err;

	err = al_resolve_symbol(sym, &addr);
	if (!err)
		err = al_symbol_range(addr, &r);
	if (err)
		return err;
	if (al_role_defs[role].leaf && al_builtin_symbols)
		al_fops[role].ops.func = al_role_defs[role].leaf;
	else if (al_role_defs[role].pre == al_on_count)
		al_fops[role].ops.func = al_ftrace_count;
	else
		al_fops[role].ops.func = al_ftrace_entry;
	al_fops[role].role = role;
	err = ftrace_set_filter_ip(&al_fops[role].ops, r.start, 0, 0);
	if (err) {
		ftrace_free_filter(&al_fops[role].ops);
		return err;
	}
	p->ranges[0] = r;
	p->nranges = 1;
	p->ftrace = true;
	p->status = AL_PS_ATTACHED;
	p->err = 0;
	strscpy(p->symbol, sym, sizeof(p->symbol));
	return 0;
}

/* @role back to no probe, for a kprobe to take it. */
static void al_ftrace_unmark(struct al_probe *p)
{
	p->ftrace = false;
	p->nranges = 0;
	p->symbol[0] = '\0';
	if (p->status == AL_PS_ATTACHED)
		p->status = AL_PS_ABSENT;
}

/*
 * Every enabled entry role whose symbol ftrace can trace, each through its
 * ftrace_ops.  The rest, and any whose ops cannot be registered, are left
 * for kprobes.
 */
static void al_attach_ftrace(void)
{
	unsigned int role, i;
	int err;

	for (role = 0; role < AL_NR_ROLES; role++) {
		struct al_probe *p = &al_probes[role];

		if (p->kind != AL_KPROBE || p->status == AL_PS_DISABLED)
			continue;
		for (i = 0; i < p->ncands; i++) {
			err = al_ftrace_filter(p, role, p->cands[i]);
			if (err != -ENOENT)
				break;
		}
		if (!p->ftrace)
			continue;
		err = register_ftrace_function(&al_fops[role].ops);
		if (!err) {
			al_fops[role].registered = true;
			continue;
		}
		pr_warn("%s: ftrace_ops: %pe; a kprobe instead\n",
			al_role_name(role), ERR_PTR(err));
		ftrace_free_filter(&al_fops[role].ops);
		al_ftrace_unmark(p);
	}
}

static void al_detach_ftrace(void)
{
	unsigned int role;

	for (role = 0; role < AL_NR_ROLES; role++) {
		struct al_fops *f = &al_fops[role];

		if (!al_probes[role].ftrace)
			continue;
		if (f->registered) {
			/* Waits until no callback runs (RCU tasks). */
			unregister_ftrace_function(&f->ops);
			f->registered = false;
		}
		ftrace_free_filter(&f->ops);
	}
}
#else
static void al_attach_ftrace(void)
{
}

static void al_detach_ftrace(void)
{
}
#endif /* CONFIG_DYNAMIC_FTRACE_WITH_ARGS */

static int al_attach_one(struct al_probe *p, const struct al_role_def *def,
			 const char *sym, int maxactive)
{
	if (p->kind == AL_KRETPROBE) {
		memset(&p->rp, 0, sizeof(p->rp));
		p->rp.kp.symbol_name = sym;
		p->rp.entry_handler = def->entry;
		p->rp.handler = def->ret;
		p->rp.data_size = def->data_size;
		p->rp.maxactive = maxactive;
		return register_kretprobe(&p->rp);
	}
	memset(&p->kp, 0, sizeof(p->kp));
	p->kp.symbol_name = sym;
	p->kp.pre_handler = al_kprobe_pre;
	return register_kprobe(&p->kp);
}

static void al_attach(struct al_probe *p, const struct al_role_def *def,
		      int maxactive)
{
	unsigned int i;
	int err;

	p->status = AL_PS_ABSENT;
	for (i = 0; i < p->ncands; i++) {
		err = al_attach_one(p, def, p->cands[i], maxactive);
		if (!err) {
			struct kprobe *kp = p->kind == AL_KRETPROBE ?
					    &p->rp.kp : &p->kp;

			/* Walks recognise callbacks by their text range. */
			p->nranges = !al_symbol_range((unsigned long)kp->addr,
						      &p->ranges[0]);
			p->status = AL_PS_ATTACHED;
			p->err = 0;
			strscpy(p->symbol, p->cands[i], sizeof(p->symbol));
			return;
		}
		if (err != -ENOENT) {
			p->status = AL_PS_FAILED;
			p->err = err;
		}
	}
	/* Show what was tried. */
	for (i = 0; i < p->ncands; i++)
		al_append_symbol(p, p->cands[i]);
}

static int al_apply_spec(const char *spec)
{
	static struct al_spec_role parsed[AL_NR_ROLES];
	char err[AL_SYM_MAX + 64];
	unsigned int role, i;

	if (spec && *spec) {
		al_spec_buf = kstrdup(spec, GFP_KERNEL);
		if (!al_spec_buf)
			return -ENOMEM;
	}
	al_builtin_symbols = true;
	if (al_parse_probe_spec(al_spec_buf, parsed, err, sizeof(err))) {
		pr_err("probes=: %s\n", err);
		al_spec_free();
		return -EINVAL;
	}
	for (role = 0; role < AL_NR_ROLES; role++) {
		const struct al_role_def *def = &al_role_defs[role];
		struct al_probe *p = &al_probes[role];

		p->status = def->default_off ? AL_PS_DISABLED : AL_PS_ABSENT;
		p->kind = def->kind;
		p->ftrace = false;
		p->ncands = 0;
		for (i = 0; def->candidates[i] && i < AL_MAX_CANDIDATES; i++)
			p->cands[p->ncands++] = def->candidates[i];
		switch (parsed[role].action) {
		case AL_SPEC_OFF:
			p->status = AL_PS_DISABLED;
			break;
		case AL_SPEC_ON:
			p->status = AL_PS_ABSENT;
			break;
		case AL_SPEC_SYMBOLS:
			al_builtin_symbols = false;
			p->status = AL_PS_ABSENT;
			p->ncands = parsed[role].nsyms;
			for (i = 0; i < p->ncands; i++)
				p->cands[i] = parsed[role].syms[i];
			break;
		case AL_SPEC_KEEP:
			break;
		}
		/*
		 * walk_return=0: a walk is an entry probe; a role that only
		 * makes sense inside a followed walk is off, and asking for
		 * it is a contradiction.
		 */
		if (!def->walk_return || al_walk_return)
			continue;
		if (def->pre) {
			p->kind = AL_KPROBE;
			continue;
		}
		if (parsed[role].action == AL_SPEC_ON ||
		    parsed[role].action == AL_SPEC_SYMBOLS) {
			pr_err("probes=: role %s needs walk_return=1\n",
			       al_role_name(role));
			al_spec_free();
			return -EINVAL;
		}
		p->status = AL_PS_DISABLED;
	}
	return 0;
}

static void al_detach_all(void)
{
	struct kretprobe *rps[AL_NR_ROLES];
	struct kprobe *kps[AL_NR_ROLES];
	int nk = 0, nr = 0;
	unsigned int role;

	for (role = 0; role < AL_NR_ROLES; role++) {
		struct al_probe *p = &al_probes[role];

		if (p->status != AL_PS_ATTACHED || p->ftrace)
			continue;
		if (p->kind == AL_KRETPROBE)
			rps[nr++] = &p->rp;
		else
			kps[nk++] = &p->kp;
	}
	al_detach_ftrace();
	/* One RCU grace period for each batch; handlers are done after it. */
	if (nk)
		unregister_kprobes(kps, nk);
	if (nr)
		unregister_kretprobes(rps, nr);
	for (role = 0; role < AL_NR_ROLES; role++)
		if (al_probes[role].status == AL_PS_ATTACHED)
			al_probes[role].status = AL_PS_DISABLED;
}

bool al_walk_return __read_mostly = true;

int al_probes_init(const char *spec, int maxactive, bool ftrace,
		   bool walk_return)
{
	unsigned int role, i;
	int err;

	al_walk_return = walk_return;
	err = al_apply_spec(spec);
	if (err)
		return err;

	/* Callers first: events attribute to them from the first hit on. */
	for (role = 0; role < AL_NR_ROLES; role++)
		if (al_role_defs[role].kind == AL_CALLER &&
		    al_probes[role].status != AL_PS_DISABLED)
			al_resolve_caller(&al_probes[role]);
	al_pack_callers();
	if (ftrace)
		al_attach_ftrace();

	for (role = 0; role < AL_NR_ROLES; role++) {
		const struct al_role_def *def = &al_role_defs[role];
		struct al_probe *p = &al_probes[role];

		if (p->status == AL_PS_DISABLED) {
			for (i = 0; i < p->ncands; i++)
				al_append_symbol(p, p->cands[i]);
			continue;
		}
		if (def->kind == AL_CALLER || p->ftrace)
			continue;
		al_attach(p, def, maxactive);
		if (p->status == AL_PS_ATTACHED)
			continue;
		if (def->required) {
			pr_err("required role %s: no usable symbol among %s (%pe)\n",
			       al_role_name(role), p->symbol,
			       ERR_PTR(p->err ? p->err : -ENOENT));
			al_detach_all();
			al_spec_free();
			return p->err ? p->err : -ENOENT;
		}
		if (p->status == AL_PS_FAILED)
			pr_warn("role %s: %s could not be probed (%pe)\n",
				al_role_name(role), p->symbol, ERR_PTR(p->err));
		else
			pr_info("role %s: absent (tried %s)\n",
				al_role_name(role), p->symbol);
	}
	return 0;
}

void al_probes_exit(void)
{
	unsigned long missed[AL_NR_ROLES];
	unsigned int role;

	for (role = 0; role < AL_NR_ROLES; role++)
		missed[role] = al_role_missed(role);
	al_detach_all();
	/* Hits that came while detaching are not counted. */
	for (role = 0; role < AL_NR_ROLES; role++)
		if (missed[role])
			pr_info("role %s: %lu hits missed\n",
				al_role_name(role), missed[role]);
	al_spec_free();
}

static const char *al_status_name(enum al_pstatus s)
{
	switch (s) {
	case AL_PS_ATTACHED:
		return AL_STATUS_ATTACHED;
	case AL_PS_RESOLVED:
		return AL_STATUS_RESOLVED;
	case AL_PS_ABSENT:
		return AL_STATUS_ABSENT;
	case AL_PS_FAILED:
		return AL_STATUS_FAILED;
	default:
		return AL_STATUS_DISABLED;
	}
}

int al_probes_show(struct seq_file *m, void *v)
{
	unsigned int role;

	seq_puts(m, AL_PROBES_COLUMNS "\n");
	for (role = 0; role < AL_NR_ROLES; role++) {
		const struct al_probe *p = &al_probes[role];

		seq_printf(m, "%s %s ", al_role_name(role),
			   p->symbol[0] ? p->symbol : AL_NONE_VALUE);
		if (p->status == AL_PS_FAILED)
			seq_printf(m, "%s:%pe", AL_STATUS_FAILED, ERR_PTR(p->err));
		else
			seq_puts(m, al_status_name(p->status));
		seq_printf(m, " %s %lu %lu\n",
			   al_kind_name(p),
			   al_role_hits(role), al_role_missed(role));
	}
	return 0;
}
