// SPDX-License-Identifier: GPL-2.0
/*
 * ksm PAGES: two VMAs of PAGES pages with identical contents, marked
 * MADV_MERGEABLE (the test runs ksmd).  Prints them and waits for lines:
 * "pageout" pages both VMAs out (walks of KSM folios once merged), then
 * prints how many pages left memory.  EOF exits.
 */
#include "common.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

int main(int argc, char **argv)
{
	unsigned char *vec;
	char **v, line[32];
	int n, i, j, out;

	workload_init();
	if (argc < 2)
		return fprintf(stderr, "usage: ksm PAGES\n"), 2;
	n = atoi(argv[1]);
	v = map_spaced(2, n);
	for (j = 0; j < 2; j++) {
		for (i = 0; i < n; i++)
			memset(v[j] + i * page_size, 'k' + i % 7, page_size);
		if (madvise(v[j], n * page_size, MADV_MERGEABLE))
			die("madvise(MADV_MERGEABLE)");
	}
	printf("{\"pid\": %d, \"vmas\": [[%lu, %lu], [%lu, %lu]], \"pages\": %d}\n",
	       getpid(), (unsigned long)v[0], (unsigned long)v[0] + n * page_size,
	       (unsigned long)v[1], (unsigned long)v[1] + n * page_size, n);
	vec = calloc(n, 1);
	if (!vec)
		die("calloc");
	while (fgets(line, sizeof(line), stdin)) {
		if (strncmp(line, "pageout", 7))
			continue;
		out = 0;
		for (j = 0; j < 2; j++) {
			if (madvise(v[j], n * page_size, MADV_PAGEOUT))
				die("madvise(MADV_PAGEOUT)");
			if (mincore(v[j], n * page_size, vec))
				die("mincore");
			for (i = 0; i < n; i++)
				out += !(vec[i] & 1);
		}
		printf("{\"paged_out\": %d}\n", out);
	}
	return 0;
}
