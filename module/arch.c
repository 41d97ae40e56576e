// SPDX-License-Identifier: GPL-2.0
/*
 * The architecture-specific questions the module asks.  At the first
 * instruction of a function, where will it return to?  That address names
 * the caller, which is how an anon_vma_clone() is attributed to a split, a
 * merge, an mremap or a fork on kernels that do not pass the reason.  And
 * which cycle counter times rmap walks, at what rate, and whether the
 * kernel trusts it now.
 */
#include "anon_lazy.h"

#include <linux/ptrace.h>
#include <linux/version.h>

#if defined(CONFIG_ARM64)
#include <asm/arch_timer.h>
#include <asm/pointer_auth.h>

/* The generic timer's counter (get_cycles()): one rate, every CPU alike. */
u32 al_cycles_khz(void)
{
	return arch_timer_get_cntfrq() / 1000;
}

bool __kprobes al_cycles_trusted(void)
{
	return true;
}

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
#include <asm/tsc.h>

/* The TSC (get_cycles()), at the rate the kernel calibrated. */
u32 al_cycles_khz(void)
{
	return boot_cpu_has(X86_FEATURE_TSC) ? tsc_khz : 0;
}

/*
 * Not once the kernel has found the TSCs to drift or disagree between
 * CPUs (its clocksource watchdog, tsc=unstable): a walk that sleeps and
 * wakes on another CPU would then be timed across two clocks.
 */
bool __kprobes al_cycles_trusted(void)
{
	return !check_tsc_unstable();
}

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
