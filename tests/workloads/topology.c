// SPDX-License-Identifier: GPL-2.0
/*
 * topology: an address space whose anon_vma topology is known exactly.
 *
 * NVMAS spaced VMAs (see map_spaced) in four sets:
 *   A  touched before fork; some split by mprotect, some moved by mremap
 *   B  touched after fork by the parent; the first half also by the child
 *   U  never touched
 *   M  one VMA made of three by merging: A untouched, B untouched and
 *      executable, C touched; B made plain read-write again, so A grows
 *      over B and C and takes over C's anon_vma (anon_vma_clone from
 *      __vma_adjust on 6.1, dup_anon_vma on 6.12).  Both kernels only let
 *      a VMA without an anon_vma absorb one with an anon_vma in such a
 *      three-way merge.  Before fork.
 * Then one fork.  Prints one JSON line: both pids and every VMA with its
 * set and what was done to it, and waits for a line on stdin; then the child
 * exits, the parent prints "child-exited" and holds until stdin closes, so
 * a test can check that "upgraded" stays once the child is gone.
 */
#include "common.h"

#include <signal.h>

#define PAGES	4
#define NA	10
#define NB	10
#define NU	5
#define NM	2
#define NVMAS	(NA + NB + NU + NM)

int main(void)
{
	int child_pipe[2], go_pipe[2];
	char **v, *dst;
	int i, status;
	pid_t child;
	char c;

	workload_init();
	v = map_spaced(NVMAS, PAGES);
	for (i = 0; i < NA; i++)
		touch(v[i], PAGES);
	/* A[0], A[1]: the middle page read-only -> three VMAs each. */
	for (i = 0; i < 2; i++)
		if (mprotect(v[i] + page_size, page_size, PROT_READ))
			die("mprotect");
	/* M: [A][B rwx][C touched] -> B read-write again: one VMA. */
	for (i = NA + NB + NU; i < NVMAS; i++) {
		if (mprotect(v[i] + page_size, page_size,
			     PROT_READ | PROT_WRITE | PROT_EXEC))
			die("mprotect");
		touch(v[i] + 2 * page_size, PAGES - 2);
		if (mprotect(v[i] + page_size, page_size, PROT_READ | PROT_WRITE))
			die("mprotect merge");
	}
	/* A[2], A[3]: moved into a fresh PROT_NONE reservation. */
	for (i = 2; i < 4; i++) {
		dst = mmap(NULL, 3 * PAGES * page_size, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (dst == MAP_FAILED)
			die("mmap dst");
		dst += PAGES * page_size;
		v[i] = mremap(v[i], PAGES * page_size, PAGES * page_size,
			      MREMAP_MAYMOVE | MREMAP_FIXED, dst);
		if (v[i] == MAP_FAILED)
			die("mremap");
	}

	if (pipe(child_pipe) || pipe(go_pipe))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (!child) {
		for (i = NA; i < NA + NB / 2; i++)
			touch(v[i], PAGES);
		/* Ready; then wait for the parent to say go. */
		if (write(child_pipe[1], "r", 1) != 1)
			die("write");
		if (read(go_pipe[0], &c, 1) < 0)
			die("read");
		_exit(0);
	}
	for (i = NA; i < NA + NB; i++)
		touch(v[i], PAGES);
	if (read(child_pipe[0], &c, 1) != 1)
		die("child");

	printf("{\"parent\": %d, \"child\": %d, \"page_size\": %ld, \"vmas\": [",
	       getpid(), child, page_size);
	for (i = 0; i < NVMAS; i++)
		printf("%s{\"start\": %lu, \"end\": %lu, \"set\": \"%s\", \"split\": %s, \"remapped\": %s, \"child_touched\": %s}",
		       i ? ", " : "", (unsigned long)v[i],
		       (unsigned long)v[i] + PAGES * page_size,
		       i < NA ? "A" : i < NA + NB ? "B" :
		       i < NA + NB + NU ? "U" : "M",
		       i < 2 ? "true" : "false",
		       i >= 2 && i < 4 ? "true" : "false",
		       i >= NA && i < NA + NB / 2 ? "true" : "false");
	printf("]}\n");
	wait_line();

	/* Let the child go and reap it: the parent's VMAs stay upgraded. */
	if (write(go_pipe[1], "g", 1) != 1)
		die("write");
	if (waitpid(child, &status, 0) != child)
		die("waitpid");
	printf("child-exited\n");
	hold();
	return 0;
}
