// SPDX-License-Identifier: GPL-2.0
/*
 * lazy N: create N lazy VMAs (spaced, each touched once: N new anon_vmas,
 * N anon_vma_chains, none forked), print them, hold until stdin closes.
 */
#include "common.h"

int main(int argc, char **argv)
{
	int n, i;
	char **v;

	workload_init();
	if (argc < 2)
		return fprintf(stderr, "usage: lazy N\n"), 2;
	n = atoi(argv[1]);
	v = map_spaced(n, 1);
	for (i = 0; i < n; i++)
		touch(v[i], 1);
	printf("{\"pid\": %d, \"vmas\": %d, \"first\": %lu, \"last\": %lu}\n",
	       getpid(), n, (unsigned long)v[0], (unsigned long)v[n - 1]);
	hold();
	return 0;
}
