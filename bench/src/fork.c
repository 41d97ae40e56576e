// SPDX-License-Identifier: GPL-2.0
/*
 * fork [REPS [ITERS]]: a process with 1000 touched anonymous VMAs (spaced
 * by PROT_NONE guard pages, so none merge) forks; the child exits at once
 * and is reaped.  Operations: forks.
 */
#include "bench.h"

#include <sys/wait.h>

#define FORK_VMAS	1000

static long fork_one(long iters, void *arg)
{
	long it;
	pid_t pid;
	int st;

	for (it = 0; it < iters; it++) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(0);
		if (waitpid(pid, &st, 0) != pid)
			die("waitpid");
	}
	return iters;
}

int main(int argc, char **argv)
{
	struct bench b;
	size_t len;
	char **v, *base;
	int i;

	bench_init(&b, "fork", "forks", argc, argv, 5, 20);
	v = map_spaced(FORK_VMAS, 1, &base, &len);
	for (i = 0; i < FORK_VMAS; i++)
		touch(v[i], 1);
	bench_run(&b, fork_one, NULL);
	bench_report(&b);
	return 0;
}
