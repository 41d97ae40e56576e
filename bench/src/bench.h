/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the in-guest microbenchmarks: a timed repetition loop
 * and one JSON line of results.
 *
 * Every benchmark runs one untimed warm-up repetition, then REPS timed
 * ones of ITERS operations each, and prints
 *
 *   {"bench": NAME, "unit": UNIT, "reps": R, "iters": N,
 *    "ops": [per-repetition operations per second ...],
 *    "median": M, "min": A, "max": B, "cv_pct": C, "total_ops": T}
 *
 * (T counts the warm-up repetition too, for hits per operation).
 *
 * Time is CLOCK_MONOTONIC: under QEMU -icount it counts guest
 * instructions, so only ratios between runs of one boot mean anything.
 */
#ifndef AL_BENCH_H
#define AL_BENCH_H

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define BENCH_MAX_REPS	64
#define BENCH_UNUSED	__attribute__((unused))

static long page_size;

BENCH_UNUSED static void die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(err));
	va_end(ap);
	exit(1);
}

BENCH_UNUSED static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * Reserve a PROT_NONE region and map @n read-write anonymous VMAs of
 * @pages pages in it, each followed by a PROT_NONE guard page so that no
 * two can merge (tests/workloads/common.h does the same).  *@base and
 * *@len describe the whole reservation, for one munmap.
 */
BENCH_UNUSED static char **map_spaced(int n, int pages, char **base,
				      size_t *len)
{
	long stride = (long)(pages + 1) * page_size;
	char **v = calloc(n, sizeof(*v));
	int i;

	if (!v)
		die("calloc");
	*len = stride * n + page_size;
	*base = mmap(NULL, *len, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (*base == MAP_FAILED)
		die("mmap reserve of %d VMAs", n);
	for (i = 0; i < n; i++) {
		v[i] = mmap(*base + page_size + i * stride, pages * page_size,
			    PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (v[i] == MAP_FAILED)
			die("mmap %d", i);
		/* Faults of small pages, whatever THP is set to. */
		madvise(v[i], pages * page_size, MADV_NOHUGEPAGE);
	}
	return v;
}

BENCH_UNUSED static void touch(char *p, long pages)
{
	long i;

	for (i = 0; i < pages; i++)
		p[i * page_size] = (char)(i + 1);
}

BENCH_UNUSED static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct bench {
	const char *name;
	const char *unit;
	int reps;
	long iters;
	long total;		/* operations done, warm-up included */
	double ops[BENCH_MAX_REPS];
};

/* REPS and ITERS from argv[1], argv[2], else the defaults. */
BENCH_UNUSED static void bench_init(struct bench *b, const char *name, const char *unit,
		       int argc, char **argv, int reps, long iters)
{
	page_size = sysconf(_SC_PAGESIZE);
	b->name = name;
	b->unit = unit;
	b->reps = argc > 1 ? atoi(argv[1]) : reps;
	b->iters = argc > 2 ? atol(argv[2]) : iters;
	if (b->reps < 1 || b->reps > BENCH_MAX_REPS || b->iters < 1) {
		fprintf(stderr, "usage: %s [REPS (1..%d) [ITERS]]\n", name,
			BENCH_MAX_REPS);
		exit(2);
	}
}

/*
 * Let the kernel catch up before a timed repetition: idle for a while, so
 * that RCU callbacks of the previous one (freed VMAs, maple tree nodes)
 * run now and not inside the next window.  Under -icount with sleep=off
 * idle guest time passes at once.
 */
BENCH_UNUSED static void bench_quiesce(void)
{
	usleep(50 * 1000);
}

/*
 * Run @one (ITERS operations, returning how many operations it did) once
 * untimed, then REPS times timed, each after bench_quiesce().
 */
BENCH_UNUSED static void bench_run(struct bench *b, long (*one)(long iters, void *arg),
		      void *arg)
{
	double t0;
	long ops;
	int r;

	b->total = one(b->iters, arg);
	for (r = 0; r < b->reps; r++) {
		bench_quiesce();
		t0 = now_ns();
		ops = one(b->iters, arg);
		b->ops[r] = ops / ((now_ns() - t0) / 1e9);
		b->total += ops;
	}
}

BENCH_UNUSED static void bench_report(struct bench *b)
{
	double s[BENCH_MAX_REPS], mean = 0, var = 0, med;
	int r, n = b->reps;

	memcpy(s, b->ops, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	for (r = 0; r < n; r++)
		mean += s[r] / n;
	for (r = 0; r < n; r++)
		var += (s[r] - mean) * (s[r] - mean) / (n > 1 ? n - 1 : 1);
	printf("{\"bench\": \"%s\", \"unit\": \"%s\", \"reps\": %d, \"iters\": %ld, \"ops\": [",
	       b->name, b->unit, n, b->iters);
	for (r = 0; r < n; r++)
		printf("%s%.1f", r ? ", " : "", b->ops[r]);
	printf("], \"median\": %.1f, \"min\": %.1f, \"max\": %.1f, \"cv_pct\": %.3f, \"total_ops\": %ld}\n",
	       med, s[0], s[n - 1], mean ? 100 * sqrt(var) / mean : 0,
	       b->total);
	fflush(stdout);
}

#endif
