// SPDX-License-Identifier: GPL-2.0
/*
 * faultfork VMAS FORKS [--hold]: touch VMAS spaced VMAs (each its first
 * anonymous fault: one __anon_vma_prepare), then fork FORKS children that
 * exit at once (each fork: one anon_vma_fork per VMA with an anon_vma; each
 * exit: one unlink_anon_vmas per such VMA).  Prints what it did.
 */
#include "common.h"

int main(int argc, char **argv)
{
	int nvmas, nforks, i, status;
	char **v;
	pid_t pid;

	workload_init();
	if (argc < 3)
		return fprintf(stderr, "usage: faultfork VMAS FORKS [--hold]\n"), 2;
	nvmas = atoi(argv[1]);
	nforks = atoi(argv[2]);
	v = map_spaced(nvmas, 1);
	for (i = 0; i < nvmas; i++)
		touch(v[i], 1);
	for (i = 0; i < nforks; i++) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (!pid)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid");
	}
	printf("{\"pid\": %d, \"vmas\": %d, \"forks\": %d, \"first\": %lu}\n",
	       getpid(), nvmas, nforks, (unsigned long)v[0]);
	if (argc > 3 && !strcmp(argv[3], "--hold"))
		hold();
	return 0;
}
