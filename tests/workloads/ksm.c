// SPDX-License-Identifier: GPL-2.0
/*
 * ksm PAGES: two VMAs of PAGES pages with identical contents, marked
 * MADV_MERGEABLE (the test runs ksmd).  Prints them and waits for lines:
 * "migrate" moves both VMAs' pages to the other NUMA node with
 * move_pages(2) (a merged KSM folio is walked by rmap_walk_ksm; MADV_PAGEOUT
 * would skip it as shared) and prints how many moved.  EOF exits.
 */
#include "common.h"

#include <sys/syscall.h>

#define MPOL_MF_MOVE_ALL	(1 << 2)

/* Move every page of @p to the node its first page is not on. */
static int migrate(char *p, int n)
{
	int *nodes = calloc(n, sizeof(int)), *status = calloc(n, sizeof(int));
	void **pages = calloc(n, sizeof(void *));
	int i, moved = 0, target;

	if (!nodes || !status || !pages)
		die("calloc");
	for (i = 0; i < n; i++)
		pages[i] = p + i * page_size;
	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0))
		die("move_pages query");
	target = status[0] == 0 ? 1 : 0;
	for (i = 0; i < n; i++)
		nodes[i] = target;
	if (syscall(SYS_move_pages, 0, n, pages, nodes, status,
		    MPOL_MF_MOVE_ALL) < 0)
		die("move_pages");
	for (i = 0; i < n; i++)
		moved += status[i] == target;
	free(nodes);
	free(status);
	free(pages);
	return moved;
}

int main(int argc, char **argv)
{
	char **v, line[32];
	int n, i, j;

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
	while (fgets(line, sizeof(line), stdin)) {
		if (strncmp(line, "migrate", 7))
			continue;
		printf("{\"moved\": %d}\n", migrate(v[0], n) + migrate(v[1], n));
	}
	return 0;
}
