// SPDX-License-Identifier: GPL-2.0
/*
 * reclaim [REPS [ITERS]]: touch a 256-page anonymous VMA (faulting it back
 * in from swap after the first time) and MADV_PAGEOUT all of it (an rmap
 * walk and an unmap per page).  Needs swap: bench/lib/guest.sh sets up
 * zram.  Operations: pages paged out, per mincore(2) before the timed
 * repetitions.  Exits 3 when pages do not leave memory (no swap).
 */
#include "bench.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define RECLAIM_PAGES	256

static long reclaim_one(long iters, void *arg)
{
	size_t len = RECLAIM_PAGES * page_size;
	char *p = arg;
	long it;

	for (it = 0; it < iters; it++) {
		touch(p, RECLAIM_PAGES);
		if (madvise(p, len, MADV_PAGEOUT))
			die("madvise(MADV_PAGEOUT)");
	}
	return iters * RECLAIM_PAGES;
}

int main(int argc, char **argv)
{
	unsigned char vec[RECLAIM_PAGES];
	struct bench b;
	size_t len;
	char *p, *base;
	int i, out = 0;

	bench_init(&b, "reclaim", "pages", argc, argv, 5, 10);
	p = map_spaced(1, RECLAIM_PAGES, &base, &len)[0];
	reclaim_one(1, p);
	if (mincore(p, RECLAIM_PAGES * page_size, vec))
		die("mincore");
	for (i = 0; i < RECLAIM_PAGES; i++)
		out += !(vec[i] & 1);
	if (out < RECLAIM_PAGES) {
		fprintf(stderr, "reclaim: %d of %d pages paged out (no swap?)\n",
			out, RECLAIM_PAGES);
		return 3;
	}
	bench_run(&b, reclaim_one, p);
	bench_report(&b);
	return 0;
}
