/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the test workloads.  Each workload does something to
 * its own memory that it knows the exact shape of, prints that as one JSON
 * line on stdout (the ground truth), and with --hold stays alive until its
 * stdin closes so a test can compare anon_lazy's view with it.
 */
#ifndef AL_WORKLOAD_COMMON_H
#define AL_WORKLOAD_COMMON_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static long page_size;

#define AL_UNUSED __attribute__((unused))

AL_UNUSED static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "workload: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	va_end(ap);
	exit(1);
}

/*
 * Reserve a PROT_NONE region and map @n read-write anonymous VMAs of
 * @pages pages in it, each followed by a PROT_NONE guard page so that no
 * two of them can merge.
 */
AL_UNUSED static char **map_spaced(int n, int pages)
{
	long stride = (long)(pages + 1) * page_size;
	char **v = calloc(n, sizeof(*v));
	char *base;
	int i;

	if (!v)
		die("calloc");
	base = mmap(NULL, stride * n + page_size, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		die("mmap reserve");
	for (i = 0; i < n; i++) {
		v[i] = mmap(base + page_size + i * stride, pages * page_size,
			    PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (v[i] == MAP_FAILED)
			die("mmap %d", i);
	}
	return v;
}

AL_UNUSED static void touch(char *p, int pages)
{
	int i;

	for (i = 0; i < pages; i++)
		p[i * page_size] = (char)(i + 1);
}

/* Wait for one line (or EOF) on stdin: the test's "go on". */
AL_UNUSED static void wait_line(void)
{
	char buf[64];

	if (!fgets(buf, sizeof(buf), stdin))
		return;
}

/* Wait until the test closes our stdin. */
AL_UNUSED static void hold(void)
{
	char buf[64];

	while (read(0, buf, sizeof(buf)) > 0)
		;
}

AL_UNUSED static void workload_init(void)
{
	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

#endif
