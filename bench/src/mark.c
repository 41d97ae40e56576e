// SPDX-License-Identifier: GPL-2.0
/*
 * mark - the marker bench/prof's QEMU plugin snapshots its counts at: one
 * `xchg %rbx,%rbx`, an instruction nothing else in the guest executes.
 * Elsewhere than x86_64 it does nothing.
 */
int main(void)
{
#if defined(__x86_64__)
	__asm__ volatile("xchg %%rbx, %%rbx" ::: "memory");
#endif
	return 0;
}
