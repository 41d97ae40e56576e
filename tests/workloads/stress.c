// SPDX-License-Identifier: GPL-2.0
/*
 * stress PROCS [NODES]: the storm of tests/stress.  PROCS worker processes
 * each loop over every operation anon_lazy's probes see, on their own
 * memory, until stdin closes:
 *
 *   fault     map a 16-page region and touch it (first anonymous faults)
 *   split     mprotect a middle page read-only (a split into three) ...
 *   merge     ... and back (the three merge again)
 *   remap     mremap a region to a new place (copy_vma, anon_vma_clone)
 *   fork      fork a child that writes to the region (COW) and exits,
 *             every fourth time after a grandchild of its own
 *   migrate   move_pages(2) a region to the other NUMA node (NODES >= 2),
 *             every other time while a forked child shares it (MOVE_ALL)
 *   pageout   MADV_PAGEOUT of a region (swap must be on)
 *   unmap     munmap a region
 *
 * Prints {"pid": P, "procs": N} when the workers run, and when stdin closes
 * stops them and prints what they did, summed: one JSON object of counts
 * (pages migrated and paged out as move_pages' status and mincore(2) say)
 * and "failed": {operation: "N x last error", "total": N}.
 */
#include "common.h"

#include <signal.h>
#include <sys/syscall.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define MPOL_MF_MOVE		(1 << 1)
#define MPOL_MF_MOVE_ALL	(1 << 2)

#define REGION_PAGES	16
#define SLOTS		32
#define MAX_PROCS	16

enum op { FAULT, SPLIT, MERGE, REMAP, FORK, MIGRATE, PAGEOUT, UNMAP, NR_OPS };

static const char *const op_names[NR_OPS] = {
	"faults", "splits", "merges", "remaps", "forks", "migrated",
	"paged_out", "unmaps",
};

struct shared {
	volatile int stop;
	long counts[MAX_PROCS][NR_OPS];
	long errors[MAX_PROCS][NR_OPS];
	int last_errno[NR_OPS];
};

static struct shared *sh;
static int nodes;

static void touch_region(char *p)
{
	int i;

	for (i = 0; i < REGION_PAGES; i++)
		p[i * page_size] = (char)(i + 1);
}

static char *new_region(void)
{
	char *p = mmap(NULL, REGION_PAGES * page_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	touch_region(p);
	return p;
}

/* A child that keeps @p shared until the returned fd is closed. */
static pid_t sharing_child(char *p, int *fd)
{
	int go[2];
	pid_t pid;
	char c;

	if (pipe(go))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(go[0]);
		close(go[1]);
		return -1;
	}
	if (!pid) {
		close(go[1]);
		(void)p;
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(go[0]);
	*fd = go[1];
	return pid;
}

static long migrate(char *p, int with_child)
{
	void *pages[REGION_PAGES];
	int status[REGION_PAGES], target[REGION_PAGES];
	int i, fd = -1, flags = MPOL_MF_MOVE;
	long moved = 0;
	pid_t child = 0;

	if (nodes < 2)
		return 0;
	for (i = 0; i < REGION_PAGES; i++)
		pages[i] = p + i * page_size;
	if (with_child) {
		child = sharing_child(p, &fd);
		if (child > 0)
			flags = MPOL_MF_MOVE_ALL;
	}
	if (!syscall(SYS_move_pages, 0, REGION_PAGES, pages, NULL, status, 0)) {
		for (i = 0; i < REGION_PAGES; i++)
			target[i] = status[0] == 0 ? 1 : 0;
		if (syscall(SYS_move_pages, 0, REGION_PAGES, pages, target,
			    status, flags) >= 0)
			for (i = 0; i < REGION_PAGES; i++)
				moved += status[i] == target[0];
	}
	if (child > 0) {
		close(fd);
		waitpid(child, NULL, 0);
	}
	return moved;
}

static long pageout(char *p)
{
	unsigned char vec[REGION_PAGES];
	long out = 0;
	int i;

	if (madvise(p, REGION_PAGES * page_size, MADV_PAGEOUT) ||
	    mincore(p, REGION_PAGES * page_size, vec))
		return -1;
	for (i = 0; i < REGION_PAGES; i++)
		out += !(vec[i] & 1);
	return out;
}

static void fork_writer(char *p, int grandchild)
{
	pid_t pid = fork();

	if (pid < 0)
		return;
	if (!pid) {
		if (grandchild && fork() == 0) {
			touch_region(p);
			_exit(0);
		}
		touch_region(p);
		while (wait(NULL) > 0)
			;
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void failed(int id, enum op op)
{
	sh->errors[id][op]++;
	sh->last_errno[op] = errno;
}

static void worker(int id)
{
	char *slot[SLOTS] = { 0 };
	long *cnt = sh->counts[id];
	unsigned long iter;
	char *p, *dst;
	long n;

	srand(id + 1);
	for (iter = 0; !sh->stop; iter++) {
		int s = rand() % SLOTS;
		enum op op = iter % NR_OPS;

		p = slot[s];
		if (!p || op == FAULT) {
			if (p)
				munmap(p, REGION_PAGES * page_size);
			slot[s] = new_region();
			if (!slot[s]) {
				failed(id, FAULT);
				continue;
			}
			cnt[FAULT] += REGION_PAGES;
			continue;
		}
		switch (op) {
		case SPLIT:
			if (mprotect(p + page_size, page_size, PROT_READ))
				failed(id, SPLIT);
			else
				cnt[SPLIT]++;
			/* The merge comes next time round; leave it split. */
			break;
		case MERGE:
			/* Whatever is split goes back to one VMA. */
			if (mprotect(p, REGION_PAGES * page_size,
				     PROT_READ | PROT_WRITE))
				failed(id, MERGE);
			else
				cnt[MERGE]++;
			break;
		case REMAP:
			/* mremap moves one VMA: merge a split region first. */
			if (mprotect(p, REGION_PAGES * page_size,
				     PROT_READ | PROT_WRITE)) {
				failed(id, REMAP);
				break;
			}
			dst = mmap(NULL, REGION_PAGES * page_size, PROT_NONE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (dst == MAP_FAILED) {
				failed(id, REMAP);
				break;
			}
			dst = mremap(p, REGION_PAGES * page_size,
				     REGION_PAGES * page_size,
				     MREMAP_MAYMOVE | MREMAP_FIXED, dst);
			if (dst == MAP_FAILED) {
				failed(id, REMAP);
				break;
			}
			slot[s] = dst;
			cnt[REMAP]++;
			break;
		case FORK:
			/* The children write every page: none read-only. */
			if (mprotect(p, REGION_PAGES * page_size,
				     PROT_READ | PROT_WRITE)) {
				failed(id, FORK);
				break;
			}
			fork_writer(p, iter % 4 == 0);
			cnt[FORK]++;
			break;
		case MIGRATE:
			cnt[MIGRATE] += migrate(p, iter % 2);
			break;
		case PAGEOUT:
			n = pageout(p);
			if (n < 0)
				failed(id, PAGEOUT);
			else
				cnt[PAGEOUT] += n;
			break;
		case UNMAP:
			munmap(p, REGION_PAGES * page_size);
			slot[s] = NULL;
			cnt[UNMAP]++;
			break;
		default:
			break;
		}
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	pid_t pids[MAX_PROCS];
	long total[NR_OPS] = { 0 }, errors[NR_OPS] = { 0 }, nerr = 0;
	int procs, i, j;

	workload_init();
	if (argc < 2)
		return fprintf(stderr, "usage: stress PROCS [NODES]\n"), 2;
	procs = atoi(argv[1]);
	nodes = argc > 2 ? atoi(argv[2]) : 1;
	if (procs < 1 || procs > MAX_PROCS)
		return fprintf(stderr, "stress: 1..%d workers\n", MAX_PROCS), 2;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap shared");
	for (i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork worker");
		if (!pids[i])
			worker(i);
	}
	printf("{\"pid\": %d, \"procs\": %d, \"nodes\": %d}\n", getpid(),
	       procs, nodes);
	hold();
	sh->stop = 1;
	for (i = 0; i < procs; i++)
		waitpid(pids[i], NULL, 0);
	for (i = 0; i < procs; i++) {
		for (j = 0; j < NR_OPS; j++) {
			total[j] += sh->counts[i][j];
			errors[j] += sh->errors[i][j];
			nerr += sh->errors[i][j];
		}
	}
	printf("{");
	for (j = 0; j < NR_OPS; j++)
		printf("\"%s\": %ld, ", op_names[j], total[j]);
	printf("\"failed\": {");
	for (j = 0; j < NR_OPS; j++)
		if (errors[j])
			printf("\"%s\": \"%ld x %s\", ", op_names[j], errors[j],
			       strerror(sh->last_errno[j]));
	printf("\"total\": %ld}}\n", nerr);
	return 0;
}
