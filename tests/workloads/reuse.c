// SPDX-License-Identifier: GPL-2.0
/*
 * reuse: give a VMA a history (touched, split by mprotect, forked from),
 * then unmap it and map a fresh VMA at the same address.  Step by step on
 * stdin commands, so the test can read anon_lazy between steps:
 *   prints {"pid":..,"addr":..} then waits for a line;
 *   "again" unmaps and remaps (fresh, touched once) and prints "remapped";
 *   EOF exits.
 */
#include "common.h"

#define PAGES 4

int main(void)
{
	char line[64], **v, *addr, *p;
	int status;
	pid_t pid;

	workload_init();
	v = map_spaced(1, PAGES);
	addr = v[0];
	touch(addr, PAGES);
	if (mprotect(addr + 3 * page_size, page_size, PROT_READ))
		die("mprotect");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	printf("{\"pid\": %d, \"addr\": %lu, \"len\": %ld}\n", getpid(),
	       (unsigned long)addr, 3 * page_size);
	while (fgets(line, sizeof(line), stdin)) {
		if (strncmp(line, "again", 5))
			continue;
		if (munmap(addr, PAGES * page_size))
			die("munmap");
		/* Give RCU-freed vm_area_structs time to return to the slab. */
		usleep(20000);
		p = mmap(addr, 3 * page_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
		if (p != addr)
			die("mmap again");
		touch(p, 3);
		printf("remapped\n");
	}
	return 0;
}
