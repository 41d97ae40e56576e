// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat snapshot DIR - every debugfs file of the module, plus slabinfo
 * and the kernel release, copied byte for byte into a new directory that
 * appears whole or not at all: written as DIR.tmp.XXXXXX beside it,
 * fsync'ed, then renamed.  Each file is parsed first, so a snapshot never
 * holds what anonstat could not read back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "anonstat.h"
#include "atomic.h"

static const unsigned int snap_files[] = {
	AL_F_VERSION, AL_F_PROBES, AL_F_VMAS, AL_F_SUMMARY, AL_F_WALKS,
	AL_F_SLABINFO, AL_F_UNAME,
};

static int no_op(void *ctx, const struct al_vma *v)
{
	(void)ctx;
	(void)v;
	return 0;
}

/* Everything to copy, read and checked; slabinfo and uname if found. */
static int gather(const struct al_opts *o, struct al_data *d)
{
	unsigned int need = AL_NEED(AL_F_PROBES) | AL_NEED(AL_F_SUMMARY) |
			    AL_NEED(AL_F_WALKS) | AL_NEED(AL_F_SLABINFO) |
			    AL_NEED(AL_F_UNAME) | AL_KEEP_RAW;
	int status;

	status = al_open(o, NULL, need, d);
	if (!status)
		status = al_open_vmas(d, no_op, NULL);
	if (status)
		return status;
	if (!d->have_slab && d->src.live) {
		al_error("%s", d->slab_why);
		return EXIT_FAIL;
	}
	if (!d->have_slab)
		al_warn("no %s in the snapshot: %s", AL_SNAP_SLABINFO,
			d->slab_why);
	if (!d->uname)
		al_warn("no %s in the snapshot: %s has none", AL_SNAP_UNAME,
			d->src.dir);
	return EXIT_OK;
}

static bool present(const struct al_data *d, unsigned int f)
{
	if (f == AL_F_SLABINFO)
		return d->have_slab;
	if (f == AL_F_UNAME)
		return d->uname;
	return true;
}

static int write_files(int dirfd, const struct al_data *d, struct al_err *e)
{
	char release[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(snap_files); i++) {
		unsigned int f = snap_files[i];
		const char *name = al_file_name(f);

		if (!present(d, f))
			continue;
		if (f == AL_F_UNAME && !d->raw[f].data) {	/* uname(2) */
			snprintf(release, sizeof(release), "%s\n", d->uname);
			if (al_write_new(dirfd, name, release, strlen(release), e))
				return -1;
			continue;
		}
		if (al_write_new(dirfd, name, d->raw[f].data, d->raw[f].len, e))
			return -1;
	}
	if (fchmod(dirfd, al_mode(0777)) || fsync(dirfd))
		return al_errf(e, "snapshot", 0, "%s", strerror(errno));
	return 0;
}

static void remove_tmp(const char *tmp, int dirfd)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(snap_files); i++)
		unlinkat(dirfd, al_file_name(snap_files[i]), 0);
	rmdir(tmp);
}

/* rename(2) would replace an empty directory made meanwhile: refuse. */
static int rename_new(const char *from, const char *to)
{
	struct stat st;

	if (!renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (!lstat(to, &st)) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

static void print_done(const struct al_opts *o, const char *dir,
		       const struct al_data *d)
{
	struct json j;
	size_t i;

	if (!o->json) {
		printf("%s:", dir);
		for (i = 0; i < ARRAY_SIZE(snap_files); i++)
			if (present(d, snap_files[i]))
				printf(" %s", al_file_name(snap_files[i]));
		printf("\n");
		return;
	}
	al_json_start(o, &j);
	json_obj_open(&j);
	json_kstr(&j, AL_JSON_SNAPSHOT, dir);
	json_karr_open(&j, AL_JSON_FILES);
	for (i = 0; i < ARRAY_SIZE(snap_files); i++)
		if (present(d, snap_files[i]))
			json_str(&j, al_file_name(snap_files[i]));
	json_arr_close(&j);
	json_obj_close(&j);
	json_finish(&j);
}

int cmd_snapshot(struct al_opts *o)
{
	const char *dir = o->argv[0];
	char tmp[PATH_MAX];
	struct al_data d;
	struct al_err e;
	struct stat st;
	int dirfd, status;

	if (!lstat(dir, &st)) {
		al_error("%s: exists: a snapshot goes into a new directory", dir);
		return EXIT_FAIL;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", dir) >= (int)sizeof(tmp)) {
		al_error("%s: path too long", dir);
		return EXIT_FAIL;
	}
	status = gather(o, &d);
	if (status)
		goto out;
	status = EXIT_FAIL;
	if (!mkdtemp(tmp)) {
		al_error("%s: %s", tmp, strerror(errno));
		goto out;
	}
	dirfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		al_error("%s: %s", tmp, strerror(errno));
		rmdir(tmp);
		goto out;
	}
	if (write_files(dirfd, &d, &e)) {
		al_error("%s: %s", tmp, e.msg);
	} else if (rename_new(tmp, dir)) {
		al_error("%s: %s", dir, strerror(errno));
	} else if (al_fsync_parent(dir, &e)) {
		al_error("%s", e.msg);
		status = EXIT_FAIL;	/* renamed, but maybe not durable */
		close(dirfd);
		goto out;
	} else {
		status = EXIT_OK;
	}
	if (status)
		remove_tmp(tmp, dirfd);
	close(dirfd);
	if (!status)
		print_done(o, dir, &d);
out:
	al_data_free(&d);
	return status;
}
