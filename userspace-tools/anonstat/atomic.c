// SPDX-License-Identifier: GPL-2.0
/* atomic - files that readers see whole or not at all. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

mode_t al_mode(mode_t base)
{
	mode_t mask = umask(0);

	umask(mask);
	return base & ~mask;
}

int al_fsync_parent(const char *path, struct al_err *e)
{
	char copy[4096];
	int fd, ret = 0;

	snprintf(copy, sizeof(copy), "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return al_errf(e, path, 0, "open directory: %s",
			       strerror(errno));
	if (fsync(fd) && errno != EINVAL)
		ret = al_errf(e, path, 0, "fsync directory: %s",
			      strerror(errno));
	close(fd);
	return ret;
}

int al_atomic_file(const char *path, al_write_fn fn, void *ctx,
		   struct al_err *e)
{
	char tmp[4096];
	FILE *f;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >=
	    (int)sizeof(tmp))
		return al_errf(e, path, 0, "path too long");
	fd = mkstemp(tmp);
	if (fd < 0)
		return al_errf(e, tmp, 0, "%s", strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		goto fail_errno;
	}
	errno = 0;
	if (fchmod(fd, al_mode(0666)) || fn(f, ctx) || fflush(f) ||
	    ferror(f) || fsync(fd)) {
		fclose(f);
		goto fail_errno;
	}
	if (fclose(f))
		goto fail_errno;
	if (rename(tmp, path))
		goto fail_errno;
	return al_fsync_parent(path, e);

fail_errno:
	al_errf(e, path, 0, "cannot write: %s",
		errno ? strerror(errno) : "failed");
	unlink(tmp);
	return -1;
}

int al_write_new(int dirfd, const char *name, const void *buf, size_t len,
		 struct al_err *e)
{
	const char *p = buf;
	ssize_t n;
	int fd;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0666);
	if (fd < 0)
		return al_errf(e, name, 0, "create: %s", strerror(errno));
	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			al_errf(e, name, 0, "write: %s",
				n < 0 ? strerror(errno) : "short write");
			close(fd);
			return -1;
		}
		p += n;
		len -= n;
	}
	if (fsync(fd)) {
		al_errf(e, name, 0, "fsync: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd))
		return al_errf(e, name, 0, "close: %s", strerror(errno));
	return 0;
}
