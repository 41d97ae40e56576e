// SPDX-License-Identifier: GPL-2.0
/*
 * fault small|large [REPS [ITERS]]: anonymous page faults.
 *
 * small: map 256 spaced anonymous VMAs of 4 pages, touch every page,
 * unmap them all (each VMA's first fault allocates its anon_vma).
 * large: map one anonymous VMA of 4096 pages, touch every page, unmap it.
 * Transparent huge pages are refused with MADV_NOHUGEPAGE in both.
 * Operations: pages faulted.
 */
#include "bench.h"

#define SMALL_VMAS	256
#define SMALL_PAGES	4
#define LARGE_PAGES	4096

static long fault_small(long iters, void *arg)
{
	size_t len;
	char **v, *base;
	long it;
	int i;

	for (it = 0; it < iters; it++) {
		v = map_spaced(SMALL_VMAS, SMALL_PAGES, &base, &len);
		for (i = 0; i < SMALL_VMAS; i++)
			touch(v[i], SMALL_PAGES);
		for (i = 0; i < SMALL_VMAS; i++)
			if (munmap(v[i], SMALL_PAGES * page_size))
				die("munmap");
		if (munmap(base, len))
			die("munmap reserve");
		free(v);
	}
	return iters * SMALL_VMAS * SMALL_PAGES;
}

static long fault_large(long iters, void *arg)
{
	size_t len = LARGE_PAGES * page_size;
	long it;
	char *p;

	for (it = 0; it < iters; it++) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			die("mmap");
		madvise(p, len, MADV_NOHUGEPAGE);
		touch(p, LARGE_PAGES);
		if (munmap(p, len))
			die("munmap");
	}
	return iters * LARGE_PAGES;
}

int main(int argc, char **argv)
{
	struct bench b;
	int large;

	if (argc < 2 || (strcmp(argv[1], "small") && strcmp(argv[1], "large"))) {
		fprintf(stderr, "usage: fault small|large [REPS [ITERS]]\n");
		return 2;
	}
	large = !strcmp(argv[1], "large");
	bench_init(&b, large ? "fault_large" : "fault_small", "pages",
		   argc - 1, argv + 1, 5, large ? 4 : 4);
	bench_run(&b, large ? fault_large : fault_small, NULL);
	bench_report(&b);
	return 0;
}
