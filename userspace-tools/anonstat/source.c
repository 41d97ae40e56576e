// SPDX-License-Identifier: GPL-2.0
/*
 * source - where anonstat's input comes from, and reading a file whole.
 *
 * Files are read in large chunks into one buffer that the parser then
 * works on in place; debugfs files report no size, so the buffer grows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "source.h"
#include "util.h"

#define DEBUGFS_MAGIC_NR	0x64626720	/* linux/magic.h DEBUGFS_MAGIC */
#define READ_CHUNK		(1u << 20)
/* No debugfs file or snapshot copy of one comes near this. */
#define READ_MAX		(256u << 20)

static bool debugfs_mounted(const char *path)
{
	struct statfs sf;

	return !statfs(path, &sf) && sf.f_type == DEBUGFS_MAGIC_NR;
}

const struct al_live_paths al_live_system = {
	.debugfs = AL_DEBUGFS_MOUNT,
	.sysmodule = "/sys/module/" AL_MODULE_NAME,
	.mounted = debugfs_mounted,
};

static const char root_hint[] =
	"anonstat reads debugfs, which is root-only: run as root";

static int set_dir(struct al_source *s, const char *dir, bool live,
		   struct al_err *e)
{
	if (snprintf(s->dir, sizeof(s->dir), "%s", dir) >= (int)sizeof(s->dir))
		return al_errf(e, dir, 0, "path too long");
	s->live = live;
	return 0;
}

int al_source_live(const struct al_live_paths *lp, struct al_source *s,
		   struct al_err *e)
{
	char dir[PATH_MAX], version[PATH_MAX + 16];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/%s", lp->debugfs, AL_DEBUGFS_DIR);
	snprintf(version, sizeof(version), "%s/%s", dir, AL_FILE_VERSION);
	if (!stat(version, &st))
		return set_dir(s, dir, true, e);
	if (errno == EACCES || errno == EPERM)
		return al_errf(e, dir, 0, "permission denied: %s", root_hint);
	if (!lp->mounted(lp->debugfs))
		return al_errf(e, lp->debugfs, 0,
			       "debugfs is not mounted here: mount -t debugfs none %s",
			       lp->debugfs);
	if (stat(lp->sysmodule, &st))
		return al_errf(e, dir, 0,
			       "module %s is not loaded: modprobe %s",
			       AL_MODULE_NAME, AL_MODULE_NAME);
	return al_errf(e, dir, 0,
		       "module %s is loaded but created no debugfs directory: booted with debugfs=off?",
		       AL_MODULE_NAME);
}

int al_source_find(const char *dir, struct al_source *s, struct al_err *e)
{
	char version[PATH_MAX + 16];
	struct stat st;

	if (!dir || !*dir)
		dir = getenv(AL_ENV_DIR);
	if (!dir || !*dir)
		return al_source_live(&al_live_system, s, e);
	snprintf(version, sizeof(version), "%s/%s", dir, AL_FILE_VERSION);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode) || stat(version, &st)) {
		int err = errno;

		if (err == EACCES || err == EPERM)
			return al_errf(e, dir, 0, "permission denied: %s",
				       root_hint);
		return al_errf(e, dir, 0,
			       "not an anon_lazy directory or snapshot (no readable %s file)",
			       AL_FILE_VERSION);
	}
	return set_dir(s, dir, false, e);
}

/*
 * Open a file to read, refusing anything but a regular file: a snapshot
 * directory may hold a FIFO, a device or a directory where a file belongs,
 * and reading those could block or never end.  O_NONBLOCK keeps the open
 * of a FIFO from waiting for a writer.
 */
int al_open_file(const char *path, struct al_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;

	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			return al_errf(e, path, 0, "%s: %s", strerror(errno),
				       root_hint);
		return al_errf(e, path, 0, "%s", strerror(errno));
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return al_errf(e, path, 0, "not a regular file");
	}
	return fd;
}

int al_read_file(const char *path, struct al_buf *b, struct al_err *e)
{
	size_t cap = READ_CHUNK;
	struct stat st;
	ssize_t n;
	int fd;

	*b = (struct al_buf){ 0 };
	fd = al_open_file(path, e);
	if (fd < 0)
		return -1;
	/* Regular files: one allocation; debugfs files say size 0. */
	if (!fstat(fd, &st) && st.st_size > READ_MAX) {
		close(fd);
		return al_errf(e, path, 0, "too large (over %u MiB)",
			       READ_MAX >> 20);
	}
	if (st.st_size > 0)
		cap = (size_t)st.st_size + 2;
	b->data = xmalloc(cap);
	for (;;) {
		if (cap - b->len < 2) {
			if (cap >= READ_MAX) {
				close(fd);
				al_buf_free(b);
				return al_errf(e, path, 0,
					       "too large (over %u MiB)",
					       READ_MAX >> 20);
			}
			cap *= 2;
			b->data = xrealloc(b->data, cap);
		}
		n = read(fd, b->data + b->len, cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b->len += n;
	}
	if (n < 0) {
		al_errf(e, path, 0, "read: %s", strerror(errno));
		close(fd);
		al_buf_free(b);
		return -1;
	}
	close(fd);
	b->data[b->len] = '\0';
	return 0;
}

void al_buf_free(struct al_buf *b)
{
	free(b->data);
	*b = (struct al_buf){ 0 };
}
