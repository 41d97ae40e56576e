// SPDX-License-Identifier: GPL-2.0
/*
 * manyvmas N: map N spaced anonymous VMAs of one page (vm.max_map_count
 * must allow them) and touch every one, so each has its own anon_vma;
 * print {"pid": PID, "vmas": N} and hold until stdin closes.
 */
#include "bench.h"

int main(int argc, char **argv)
{
	char buf[64], **v, *base;
	size_t len;
	int i, n;

	page_size = sysconf(_SC_PAGESIZE);
	if (argc < 2 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: manyvmas N\n");
		return 2;
	}
	v = map_spaced(n, 1, &base, &len);
	for (i = 0; i < n; i++)
		touch(v[i], 1);
	printf("{\"pid\": %d, \"vmas\": %d}\n", getpid(), n);
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
