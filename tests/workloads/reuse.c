// SPDX-License-Identifier: GPL-2.0
/*
 * reuse: a VMA at a fixed address that is given history, freed, and mapped
 * again, step by step on stdin, so a test can read anon_lazy in between:
 *   prints {"pid":..,"addr":..} once the VMA exists (touched);
 *   "history": split it by mprotect and fork a child that exits; "done"
 *   "again": unmap it all, map it fresh at the same address, touch it;
 *            "remapped"
 * EOF exits.
 */
#include "common.h"

#include <sched.h>

#define PAGES 4

static void history(char *addr)
{
	int status;
	pid_t pid;

	if (mprotect(addr + (PAGES - 1) * page_size, page_size, PROT_READ))
		die("mprotect");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
}

static void again(char *addr)
{
	char *p;

	if (munmap(addr, PAGES * page_size))
		die("munmap");
	/* Give RCU-freed vm_area_structs time to return to the slab. */
	usleep(30000);
	p = mmap(addr, PAGES * page_size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != addr)
		die("mmap again");
	touch(p, PAGES);
}

int main(void)
{
	char line[64], *addr;
	cpu_set_t cpu0;

	workload_init();
	/*
	 * One CPU: vm_area_free()'s RCU callback runs where it was queued,
	 * so the freed vm_area_struct returns to the slab this CPU
	 * allocates the next one from.
	 */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		die("sched_setaffinity");
	addr = map_spaced(1, PAGES)[0];
	touch(addr, PAGES);
	printf("{\"pid\": %d, \"addr\": %lu}\n", getpid(),
	       (unsigned long)addr);
	while (fgets(line, sizeof(line), stdin)) {
		if (!strncmp(line, "history", 7)) {
			history(addr);
			printf("done\n");
		} else if (!strncmp(line, "again", 5)) {
			again(addr);
			printf("remapped\n");
		}
	}
	return 0;
}
