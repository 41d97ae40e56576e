// SPDX-License-Identifier: GPL-2.0
/*
 * series N: N spaced one-page VMAs on which the test has the series'
 * entry points called (through the stand-in module's debugfs trigger, which
 * acts on the writing process's own VMAs), step by step on stdin:
 *   touch I             first write fault of VMA I
 *   lazy I              vma_prepare_anon_vma_lazy(VMA I)
 *   upgrade REASON I    the upgrade, called from the REASON path
 *   fork                fork a child that holds; prints its pid
 *   release             let the child exit and reap it
 * Each command answers one line: "ok", "child PID" or "err ERRNO".
 * Prints {"pid":..,"vmas":[addr,...]} first.
 */
#include "common.h"

#include <fcntl.h>

#define TRIGGER "/sys/kernel/debug/anon_lazy_standin/trigger"

static int trigger(const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int fd, n, err = 0;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fd = open(TRIGGER, O_WRONLY);
	if (fd < 0)
		return errno;
	if (write(fd, buf, n) != n)
		err = errno;
	close(fd);
	return err;
}

int main(int argc, char **argv)
{
	char line[64], reason[16], **v;
	int n, i, err, go[2] = { -1, -1 }, status;
	pid_t child = 0;

	workload_init();
	if (argc < 2)
		return fprintf(stderr, "usage: series N\n"), 2;
	n = atoi(argv[1]);
	v = map_spaced(n, 1);
	printf("{\"pid\": %d, \"vmas\": [", getpid());
	for (i = 0; i < n; i++)
		printf("%s%lu", i ? ", " : "", (unsigned long)v[i]);
	printf("]}\n");
	while (fgets(line, sizeof(line), stdin)) {
		err = 0;
		if (sscanf(line, "touch %d", &i) == 1 && i >= 0 && i < n) {
			touch(v[i], 1);
		} else if (sscanf(line, "lazy %d", &i) == 1 && i >= 0 && i < n) {
			err = trigger("lazy %lx", (unsigned long)v[i]);
		} else if (sscanf(line, "upgrade %15s %d", reason, &i) == 2 &&
			   i >= 0 && i < n) {
			err = trigger("upgrade %s %lx", reason, (unsigned long)v[i]);
		} else if (!strncmp(line, "fork", 4)) {
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
			printf("child %d\n", child);
			continue;
		} else if (!strncmp(line, "release", 7) && child > 0) {
			close(go[1]);
			if (waitpid(child, &status, 0) != child)
				die("waitpid");
			child = 0;
		} else {
			err = EINVAL;
		}
		if (err)
			printf("err %d\n", err);
		else
			printf("ok\n");
	}
	return 0;
}
