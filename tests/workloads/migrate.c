// SPDX-License-Identifier: GPL-2.0
/*
 * migrate PAGES [--fork]: one VMA of PAGES touched pages, moved with
 * move_pages(2) to the other NUMA node (the guest has two).  With --fork a
 * child shares the pages first (then MPOL_MF_MOVE_ALL is needed and every
 * migration walk visits both VMAs).  Prints how many pages moved, per the
 * status array, and holds; each "back" line on stdin moves them again.
 */
#include "common.h"

#include <sys/syscall.h>

#define MPOL_MF_MOVE		(1 << 1)
#define MPOL_MF_MOVE_ALL	(1 << 2)

static long move_pages(int n, void **pages, const int *nodes, int *status,
		       int flags)
{
	return syscall(SYS_move_pages, 0, n, pages, nodes, status, flags);
}

/*
 * Move all pages to the node fewer of them are on (a page the last move
 * left behind must not make the next one a no-op); returns the pages on
 * that node after the call.
 */
static int move_all(int n, void **pages, int *nodes, int *status, int flags)
{
	int i, moved = 0, on0 = 0, target;

	if (move_pages(n, pages, NULL, status, 0))
		die("move_pages query");
	for (i = 0; i < n; i++)
		on0 += status[i] == 0;
	target = on0 * 2 >= n ? 1 : 0;
	for (i = 0; i < n; i++)
		nodes[i] = target;
	if (move_pages(n, pages, nodes, status, flags) < 0)
		die("move_pages");
	for (i = 0; i < n; i++)
		moved += status[i] == target;
	return moved;
}

int main(int argc, char **argv)
{
	int n, i, moved, flags = MPOL_MF_MOVE, *nodes, *status;
	int shared = argc > 2 && !strcmp(argv[2], "--fork");
	int go[2];
	void **pages;
	char *p, line[32];
	pid_t child = 0;

	workload_init();
	if (argc < 2)
		return fprintf(stderr, "usage: migrate PAGES [--fork]\n"), 2;
	n = atoi(argv[1]);
	p = map_spaced(1, n)[0];
	touch(p, n);
	pages = calloc(n, sizeof(*pages));
	nodes = calloc(n, sizeof(*nodes));
	status = calloc(n, sizeof(*status));
	if (!pages || !nodes || !status)
		die("calloc");
	for (i = 0; i < n; i++)
		pages[i] = p + i * page_size;
	if (shared) {
		if (pipe(go))
			die("pipe");
		child = fork();
		if (child < 0)
			die("fork");
		if (!child) {
			close(go[1]);
			while (read(go[0], line, 1) > 0)
				;
			_exit(0);
		}
		close(go[0]);
		flags = MPOL_MF_MOVE_ALL;
	}
	moved = move_all(n, pages, nodes, status, flags);
	printf("{\"pid\": %d, \"child\": %d, \"start\": %lu, \"end\": %lu, \"pages\": %d, \"moved\": %d, \"to\": %d}\n",
	       getpid(), child, (unsigned long)p, (unsigned long)p + n * page_size,
	       n, moved, nodes[0]);
	while (fgets(line, sizeof(line), stdin)) {
		moved = move_all(n, pages, nodes, status, flags);
		printf("{\"moved\": %d, \"to\": %d}\n", moved, nodes[0]);
	}
	return 0;
}
