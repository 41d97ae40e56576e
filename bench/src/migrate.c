// SPDX-License-Identifier: GPL-2.0
/*
 * migrate [REPS [ITERS]]: move_pages(2) of a touched 256-page anonymous
 * VMA to the other NUMA node, alternately (the guest has two nodes; the
 * node the pages are on is asked first, as tests/workloads/migrate.c
 * does).  Operations: pages moved, per the status array.  Exits 3 when
 * nothing can move (one node only).
 */
#include "bench.h"

#include <sys/syscall.h>

#define MIG_PAGES		256
#define MPOL_MF_MOVE		(1 << 1)

struct mig {
	void *pages[MIG_PAGES];
	int nodes[MIG_PAGES];
	int status[MIG_PAGES];
	int target;
};

static long move_pages(int n, void **pages, const int *nodes, int *status,
		       int flags)
{
	return syscall(SYS_move_pages, 0, n, pages, nodes, status, flags);
}

static long migrate_one(long iters, void *arg)
{
	struct mig *m = arg;
	long it, moved = 0;
	int i;

	for (it = 0; it < iters; it++) {
		m->target = !m->target;
		for (i = 0; i < MIG_PAGES; i++)
			m->nodes[i] = m->target;
		if (move_pages(MIG_PAGES, m->pages, m->nodes, m->status,
			       MPOL_MF_MOVE) < 0)
			die("move_pages");
		for (i = 0; i < MIG_PAGES; i++)
			moved += m->status[i] == m->target;
	}
	return moved;
}

int main(int argc, char **argv)
{
	static struct mig m;
	struct bench b;
	size_t len;
	char *p, *base;
	int i;

	bench_init(&b, "migrate", "pages", argc, argv, 5, 20);
	if (access("/sys/devices/system/node/node1", F_OK)) {
		fprintf(stderr, "migrate: one NUMA node only\n");
		return 3;
	}
	p = map_spaced(1, MIG_PAGES, &base, &len)[0];
	touch(p, MIG_PAGES);
	for (i = 0; i < MIG_PAGES; i++)
		m.pages[i] = p + i * page_size;
	if (move_pages(MIG_PAGES, m.pages, NULL, m.status, 0))
		die("move_pages query");
	if (m.status[0] < 0) {
		errno = -m.status[0];
		die("move_pages query: page status");
	}
	/* migrate_one() flips first: start from the node the pages are on. */
	m.target = m.status[0];
	if (migrate_one(1, &m) < MIG_PAGES) {
		fprintf(stderr, "migrate: pages did not move (one NUMA node?)\n");
		return 3;
	}
	bench_run(&b, migrate_one, &m);
	bench_report(&b);
	return 0;
}
