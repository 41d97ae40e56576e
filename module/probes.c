// SPDX-License-Identifier: GPL-2.0
/*
 * The probe machinery: resolve each role of roles.c to a symbol of the
 * running kernel (or to the one probes= names), attach it, count its hits,
 * and take it all down again.  Nothing here knows what a role means.
 */
#include "anon_lazy.h"

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

struct al_probe al_probes[AL_NR_ROLES];
DEFINE_PER_CPU(unsigned long[AL_NR_ROLES], al_hits);

/* probes= is parsed into this copy; al_probe.cands point into it. */
static char *al_spec_buf;

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

bool al_role_attached(enum al_role role)
{
	return al_probes[role].status == AL_PS_ATTACHED ||
	       al_probes[role].status == AL_PS_RESOLVED;
}

bool al_series_kernel(void)
{
	return al_role_attached(AL_ROLE_LAZY_PREPARE);
}

unsigned long al_role_hits(enum al_role role)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(al_hits, cpu)[role];
	return sum;
}

unsigned long al_role_missed(enum al_role role)
{
	const struct al_probe *p = &al_probes[role];

	if (p->status != AL_PS_ATTACHED)
		return 0;
	if (al_role_defs[role].kind == AL_KRETPROBE)
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

static void al_pack_callers(void)
{
	unsigned int role, i;

	al_ncallers = 0;
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
	const struct al_caller_range *c;

	for (c = al_callers; c < al_callers + al_ncallers; c++)
		if (addr >= c->start && addr < c->end)
			return c->reason;
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
 * Why the probed function (at its entry, @regs) was called: its direct
 * caller, or failing that the nearest caller role on the stack.  The
 * direct caller comes first because at a function's entry arm64 keeps it
 * in the link register only, where a stack walk does not see it.
 */
enum al_reason __kprobes al_call_reason(struct pt_regs *regs)
{
	int reason = al_caller_reason(al_entry_return_address(regs));

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
 * A caller role attaches nothing: every candidate that exists contributes
 * its text range.  A disabled kprobe resolves the name without arming.
 */
static void al_resolve_caller(struct al_probe *p)
{
	struct kprobe kp;
	unsigned int i;
	int err;

	p->status = AL_PS_ABSENT;
	for (i = 0; i < p->ncands; i++) {
		memset(&kp, 0, sizeof(kp));
		kp.symbol_name = p->cands[i];
		kp.flags = KPROBE_FLAG_DISABLED;
		err = register_kprobe(&kp);
		if (err) {
			if (err != -ENOENT) {
				p->err = err;
				p->status = AL_PS_FAILED;
			}
			continue;
		}
		if (!al_symbol_range((unsigned long)kp.addr,
				     &p->ranges[p->nranges])) {
			p->nranges++;
			al_append_symbol(p, p->cands[i]);
		}
		unregister_kprobe(&kp);
	}
	if (p->nranges)
		p->status = AL_PS_RESOLVED;
}

static int al_attach_one(struct al_probe *p, const struct al_role_def *def,
			 const char *sym, int maxactive)
{
	if (def->kind == AL_KRETPROBE) {
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
	p->kp.pre_handler = def->pre;
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
			struct kprobe *kp = def->kind == AL_KRETPROBE ?
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
	if (al_parse_probe_spec(al_spec_buf, parsed, err, sizeof(err))) {
		pr_err("probes=: %s\n", err);
		al_spec_free();
		return -EINVAL;
	}
	for (role = 0; role < AL_NR_ROLES; role++) {
		const struct al_role_def *def = &al_role_defs[role];
		struct al_probe *p = &al_probes[role];

		p->status = def->default_off ? AL_PS_DISABLED : AL_PS_ABSENT;
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
			p->status = AL_PS_ABSENT;
			p->ncands = parsed[role].nsyms;
			for (i = 0; i < p->ncands; i++)
				p->cands[i] = parsed[role].syms[i];
			break;
		case AL_SPEC_KEEP:
			break;
		}
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

		if (p->status != AL_PS_ATTACHED)
			continue;
		if (al_role_defs[role].kind == AL_KRETPROBE)
			rps[nr++] = &p->rp;
		else
			kps[nk++] = &p->kp;
	}
	/* One RCU grace period for each batch; handlers are done after it. */
	if (nk)
		unregister_kprobes(kps, nk);
	if (nr)
		unregister_kretprobes(rps, nr);
	for (role = 0; role < AL_NR_ROLES; role++)
		if (al_probes[role].status == AL_PS_ATTACHED)
			al_probes[role].status = AL_PS_DISABLED;
}

int al_probes_init(const char *spec, int maxactive)
{
	unsigned int role, i;
	int err;

	err = al_apply_spec(spec);
	if (err)
		return err;

	/* Callers first: events attribute to them from the first hit on. */
	for (role = 0; role < AL_NR_ROLES; role++)
		if (al_role_defs[role].kind == AL_CALLER &&
		    al_probes[role].status != AL_PS_DISABLED)
			al_resolve_caller(&al_probes[role]);
	al_pack_callers();

	for (role = 0; role < AL_NR_ROLES; role++) {
		const struct al_role_def *def = &al_role_defs[role];
		struct al_probe *p = &al_probes[role];

		if (p->status == AL_PS_DISABLED) {
			for (i = 0; i < p->ncands; i++)
				al_append_symbol(p, p->cands[i]);
			continue;
		}
		if (def->kind == AL_CALLER)
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
	unsigned int role;

	al_detach_all();
	for (role = 0; role < AL_NR_ROLES; role++) {
		unsigned long missed = al_role_defs[role].kind == AL_KRETPROBE ?
			al_probes[role].rp.nmissed + al_probes[role].rp.kp.nmissed :
			al_probes[role].kp.nmissed;

		if (missed)
			pr_info("role %s: %lu hits missed\n",
				al_role_name(role), missed);
	}
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
			   al_kind_names[al_role_defs[role].kind],
			   al_role_hits(role), al_role_missed(role));
	}
	return 0;
}
