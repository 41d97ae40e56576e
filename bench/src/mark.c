// SPDX-License-Identifier: GPL-2.0
/*
 * mark - the marker bench/prof's QEMU plugin snapshots its counts at: one
 * instruction nothing else in the guest executes, `xchg %rbx,%rbx` on
 * x86_64, `orr x3, x3, x3` on arm64.  Elsewhere it does nothing.
 */
int main(void)
{
#if defined(__x86_64__)
	__asm__ volatile("xchg %%rbx, %%rbx" ::: "memory");
#elif defined(__aarch64__)
	__asm__ volatile("orr x3, x3, x3" ::: "x3", "memory");
#endif
	return 0;
}
