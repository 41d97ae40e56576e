// SPDX-License-Identifier: GPL-2.0
/*
 * pageout PAGES: one VMA of PAGES touched pages, then MADV_PAGEOUT of all
 * of it (needs swap: the test sets up zram).  Prints how many pages left
 * memory per mincore(2), and holds.
 */
#include "common.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

int main(int argc, char **argv)
{
	unsigned char *vec;
	int n, i, out = 0;
	char *p;

	workload_init();
	if (argc < 2)
		return fprintf(stderr, "usage: pageout PAGES\n"), 2;
	n = atoi(argv[1]);
	p = map_spaced(1, n)[0];
	/* Small folios: one rmap walk per page paged out. */
	madvise(p, n * page_size, MADV_NOHUGEPAGE);
	for (i = 0; i < n * page_size; i += 64)
		p[i] = (char)(i * 7 + 1);
	if (madvise(p, n * page_size, MADV_PAGEOUT))
		die("madvise(MADV_PAGEOUT)");
	vec = calloc(n, 1);
	if (!vec || mincore(p, n * page_size, vec))
		die("mincore");
	for (i = 0; i < n; i++)
		out += !(vec[i] & 1);
	printf("{\"pid\": %d, \"start\": %lu, \"end\": %lu, \"pages\": %d, \"paged_out\": %d}\n",
	       getpid(), (unsigned long)p, (unsigned long)p + n * page_size,
	       n, out);
	hold();
	return 0;
}
