// SPDX-License-Identifier: GPL-2.0
/*
 * stress_vmas N [--untouched]: N one-page anonymous VMAs, one page apart
 * so that none can merge (vm.max_map_count must allow N).  Each is written
 * once (its first anonymous fault gives it an anon_vma, and anon_lazy a
 * record) and its page dropped again with MADV_DONTNEED, so the process
 * holds N anon_vmas but almost no memory.  With --untouched they are never
 * written: N VMAs without an anon_vma.
 *
 * Prints {"pid", "vmas", "first", "stride", "touched", "seconds"} and then
 * serves lines on stdin until it closes:
 *
 *   lat SECONDS   for SECONDS, map and unmap one page at a spare address in
 *                 a loop (each takes mmap_lock for write) and reply with
 *                 the latency of one map+unmap: {"ops", "max_us",
 *                 "p99_us", "median_us", "over_100ms"}
 */
#include "common.h"

#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void latency(char *spare, double secs)
{
	size_t cap = 1 << 20, n = 0, over = 0;
	double *lat = malloc(cap * sizeof(*lat)), t0, t1, end;
	char *p;

	if (!lat)
		die("malloc");
	end = now() + secs;
	while ((t0 = now()) < end) {
		p = mmap(spare, page_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == MAP_FAILED)
			die("mmap spare");
		if (munmap(p, page_size))
			die("munmap spare");
		t1 = now();
		if (n < cap)
			lat[n++] = (t1 - t0) * 1e6;
		over += t1 - t0 > 0.1;
	}
	if (!n)
		lat[n++] = 0;
	qsort(lat, n, sizeof(*lat), cmp_double);
	printf("{\"ops\": %zu, \"max_us\": %.0f, \"p99_us\": %.0f, \"median_us\": %.0f, \"over_100ms\": %zu}\n",
	       n, lat[n - 1], lat[n * 99 / 100], lat[n / 2], over);
	free(lat);
}

int main(int argc, char **argv)
{
	int touched = !(argc > 2 && !strcmp(argv[2], "--untouched"));
	long n, i, stride;
	char *base, *p, *spare, line[64];
	double t0, secs;

	workload_init();
	if (argc < 2)
		return fprintf(stderr, "usage: stress_vmas N [--untouched]\n"), 2;
	n = atol(argv[1]);
	stride = 2 * page_size;
	t0 = now();
	/*
	 * Find room for N pages every other page and a spare page well past
	 * them, then give it back: the holes between the VMAs stay unmapped
	 * (a PROT_NONE guard would double the VMA count).
	 */
	base = mmap(NULL, (n + 64) * stride, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		die("mmap reserve");
	if (munmap(base, (n + 64) * stride))
		die("munmap reserve");
	spare = base + (n + 32) * stride;
	for (i = 0; i < n; i++) {
		p = mmap(base + i * stride, page_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
		if (p == MAP_FAILED)
			die("mmap %ld of %ld", i, n);
		if (touched) {
			*p = 1;
			if (madvise(p, page_size, MADV_DONTNEED))
				die("madvise");
		}
	}
	secs = now() - t0;
	printf("{\"pid\": %d, \"vmas\": %ld, \"first\": %lu, \"stride\": %ld, \"touched\": %s, \"seconds\": %.1f}\n",
	       getpid(), n, (unsigned long)base, stride,
	       touched ? "true" : "false", secs);
	while (fgets(line, sizeof(line), stdin)) {
		if (!strncmp(line, "lat ", 4))
			latency(spare, atof(line + 4));
		else
			printf("{\"error\": \"unknown command\"}\n");
	}
	return 0;
}
