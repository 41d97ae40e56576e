// SPDX-License-Identifier: GPL-2.0
/*
 * readfile NAME PATH [REPS [ITERS]]: read PATH to its end with 64 KiB
 * reads, ITERS times per repetition.  Operations: whole reads of the file
 * (the JSON line's "bytes" is the size of one).
 */
#include "bench.h"

#include <fcntl.h>

static const char *path;
static long bytes;
static char buf[65536];

static long read_one(long iters, void *arg)
{
	long it, n, total;
	int fd;

	for (it = 0; it < iters; it++) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			die("open %s", path);
		total = 0;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			total += n;
		if (n < 0)
			die("read %s", path);
		close(fd);
		bytes = total;
	}
	return iters;
}

int main(int argc, char **argv)
{
	struct bench b;

	if (argc < 3) {
		fprintf(stderr, "usage: readfile NAME PATH [REPS [ITERS]]\n");
		return 2;
	}
	path = argv[2];
	bench_init(&b, argv[1], "reads", argc - 2, argv + 2, 3, 1);
	bench_run(&b, read_one, NULL);
	fprintf(stderr, "readfile: %s: %ld bytes\n", path, bytes);
	bench_report(&b);
	return 0;
}
