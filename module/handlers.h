/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe handlers, referenced by the probe table in roles.c.  They run in
 * kprobe or ftrace callback context: no sleeping, no allocation, no
 * printing.  Entry handlers see the same arguments, whichever carried them
 * (al_entry_handler_t).
 */
#ifndef ANON_LAZY_HANDLERS_H
#define ANON_LAZY_HANDLERS_H

#include <linux/kprobes.h>

/* events.c: the anon_vma life cycle */
void al_on_count(enum al_role role, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long ret);
void al_on_prepare(enum al_role role, unsigned long a0, unsigned long a1,
		   unsigned long a2, unsigned long ret);
void al_on_fork(enum al_role role, unsigned long a0, unsigned long a1,
		unsigned long a2, unsigned long ret);
void al_on_clone(enum al_role role, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long ret);
void al_on_vma_free(enum al_role role, unsigned long a0, unsigned long a1,
		    unsigned long a2, unsigned long ret);
/* The same as ftrace callbacks of their own (AL_FTRACE_LEAF()) */
void al_ftrace_prepare(unsigned long ip, unsigned long parent_ip,
		       struct ftrace_ops *op, struct ftrace_regs *fregs);
void al_ftrace_fork(unsigned long ip, unsigned long parent_ip,
		    struct ftrace_ops *op, struct ftrace_regs *fregs);
void al_ftrace_clone(unsigned long ip, unsigned long parent_ip,
		     struct ftrace_ops *op, struct ftrace_regs *fregs);
void al_ftrace_vma_free(unsigned long ip, unsigned long parent_ip,
			struct ftrace_ops *op, struct ftrace_regs *fregs);

/* series.c: the ANON_VMA_LAZY entry points */
#define AL_VMA_DATA_SIZE	16
int al_on_lazy_prepare_enter(struct kretprobe_instance *ri,
			     struct pt_regs *regs);
int al_on_lazy_prepare_exit(struct kretprobe_instance *ri,
			    struct pt_regs *regs);
int al_on_upgrade_enter(struct kretprobe_instance *ri, struct pt_regs *regs);
int al_on_upgrade_exit(struct kretprobe_instance *ri, struct pt_regs *regs);

/* walks.c: rmap walks and the VMAs they visit */
#define AL_WALK_DATA_SIZE	40
#define AL_LOCK_DATA_SIZE	sizeof(u64)
int al_on_walk_anon_enter(struct kretprobe_instance *ri, struct pt_regs *regs);
int al_on_walk_ksm_enter(struct kretprobe_instance *ri, struct pt_regs *regs);
int al_on_walk_file_enter(struct kretprobe_instance *ri, struct pt_regs *regs);
int al_on_walk_exit(struct kretprobe_instance *ri, struct pt_regs *regs);
void al_on_walk_count(enum al_role role, unsigned long a0, unsigned long a1,
		      unsigned long a2, unsigned long ret);
void al_on_visit(enum al_role role, unsigned long a0, unsigned long a1,
		 unsigned long a2, unsigned long ret);
void al_ftrace_visit(unsigned long ip, unsigned long parent_ip,
		     struct ftrace_ops *op, struct ftrace_regs *fregs);
void al_ftrace_walk_count(unsigned long ip, unsigned long parent_ip,
			  struct ftrace_ops *op, struct ftrace_regs *fregs);
int al_on_lock_wait_enter(struct kretprobe_instance *ri, struct pt_regs *regs);
int al_on_lock_wait_exit(struct kretprobe_instance *ri, struct pt_regs *regs);

#endif /* ANON_LAZY_HANDLERS_H */
