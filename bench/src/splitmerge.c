// SPDX-License-Identifier: GPL-2.0
/*
 * splitmerge [REPS [ITERS]]: mprotect(PROT_READ) one page in the middle of
 * a touched 16-page anonymous VMA (a split into three, two anon_vma
 * clones) and mprotect it back (a merge into one).  Operations: such
 * pairs.
 */
#include "bench.h"

#define SM_PAGES	16

static long splitmerge_one(long iters, void *arg)
{
	char *mid = (char *)arg + SM_PAGES / 2 * page_size;
	long it;

	for (it = 0; it < iters; it++) {
		if (mprotect(mid, page_size, PROT_READ))
			die("mprotect split");
		if (mprotect(mid, page_size, PROT_READ | PROT_WRITE))
			die("mprotect merge");
	}
	return iters;
}

/* VMAs of /proc/self/maps that overlap [p, p + len). */
static int vmas_in(const char *p, size_t len)
{
	unsigned long s, e, lo = (unsigned long)p, hi = lo + len;
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		die("/proc/self/maps");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s < hi && e > lo)
			n++;
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	struct bench b;
	size_t len;
	char *p, *base;

	bench_init(&b, "splitmerge", "pairs", argc, argv, 5, 500);
	p = map_spaced(1, SM_PAGES, &base, &len)[0];
	touch(p, SM_PAGES);
	splitmerge_one(1, p);
	if (vmas_in(p, SM_PAGES * page_size) != 1) {
		errno = 0;
		die("mprotect back did not merge the VMA");
	}
	bench_run(&b, splitmerge_one, p);
	bench_report(&b);
	return 0;
}
