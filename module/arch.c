// SPDX-License-Identifier: GPL-2.0
/*
 * The one architecture-specific question the module asks: at the first
 * instruction of a function, where will it return to?  That address names
 * the caller, which is how an anon_vma_clone() is attributed to a split, a
 * merge, an mremap or a fork on kernels that do not pass the reason.
 */
#include "anon_lazy.h"

#include <linux/ptrace.h>
#include <linux/version.h>

#if defined(CONFIG_ARM64)
#include <asm/pointer_auth.h>

/* A link register value with any pointer authentication code stripped. */
unsigned long __kprobes al_strip_return_address(unsigned long lr)
{
#if KERNEL_VERSION(6, 4, 0) <= LINUX_VERSION_CODE
	return ptrauth_strip_kernel_insn_pac(lr);
#else
	return ptrauth_strip_insn_pac(lr);
#endif
}

/* The link register. */
unsigned long __kprobes al_entry_return_address(struct pt_regs *regs)
{
	return al_strip_return_address(regs->regs[30]);
}
#elif defined(CONFIG_X86_64)
/*
 * The call pushed it: it is the word at the stack pointer, on the stack the
 * handler runs on, so it is read directly (regs_get_kernel_stack_nth()
 * checks the stack and reads through copy_from_kernel_nofault(), some 70
 * instructions on every hit).
 */
unsigned long __kprobes al_entry_return_address(struct pt_regs *regs)
{
	return READ_ONCE(*(unsigned long *)kernel_stack_pointer(regs));
}
#else
#error "anon_lazy supports x86_64 and arm64"
#endif
