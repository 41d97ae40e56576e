// SPDX-License-Identifier: GPL-2.0
/* data - the parsed contents of one source directory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "data.h"
#include "util.h"

const char *al_file_name(unsigned int f)
{
	static const char *const names[AL_NR_FILES] = {
		[AL_F_VERSION] = AL_FILE_VERSION,
		[AL_F_PROBES] = AL_FILE_PROBES,
		[AL_F_VMAS] = AL_FILE_VMAS,
		[AL_F_SUMMARY] = AL_FILE_SUMMARY,
		[AL_F_WALKS] = AL_FILE_WALKS,
		[AL_F_SLABINFO] = AL_SNAP_SLABINFO,
		[AL_F_UNAME] = AL_SNAP_UNAME,
	};

	return f < AL_NR_FILES ? names[f] : AL_NONE_VALUE;
}

/* A copy of what was read, for writing it out again untouched. */
static void keep_raw(struct al_data *d, unsigned int f)
{
	if (!d->keep_raw)
		return;
	d->raw[f].len = d->buf[f].len;
	d->raw[f].data = xmalloc(d->buf[f].len + 1);
	memcpy(d->raw[f].data, d->buf[f].data, d->buf[f].len + 1);
}

static int read_path(struct al_data *d, unsigned int f, struct al_err *e)
{
	if (al_read_file(d->path[f], &d->buf[f], e))
		return -1;
	keep_raw(d, f);
	return 0;
}

static int read_one(struct al_data *d, unsigned int f, struct al_err *e)
{
	snprintf(d->path[f], sizeof(d->path[f]), "%s/%s", d->src.dir,
		 al_file_name(f));
	return read_path(d, f, e);
}

static int parse_one(struct al_data *d, unsigned int f, struct al_err *e)
{
	char *buf = d->buf[f].data;
	size_t len = d->buf[f].len;
	const char *p = d->path[f];

	switch (f) {
	case AL_F_VERSION:
		return al_parse_version(buf, len, p, &d->version, e);
	case AL_F_PROBES:
		return al_parse_probes(buf, len, p, &d->probes, e);
	case AL_F_SUMMARY:
		return al_parse_summary(buf, len, p, &d->summary, e);
	case AL_F_WALKS:
		return al_parse_walks(buf, len, p, &d->walks, e);
	}
	return 0;
}

/* This machine's slabinfo for the live directory, else DIR/slabinfo. */
static int load_slabinfo(struct al_data *d, struct al_err *e)
{
	unsigned int f = AL_F_SLABINFO;
	struct al_err why;

	if (d->src.live)
		snprintf(d->path[f], sizeof(d->path[f]), "%s", AL_PROC_SLABINFO);
	else
		snprintf(d->path[f], sizeof(d->path[f]), "%s/%s", d->src.dir,
			 al_file_name(f));
	if (read_path(d, f, &why)) {
		snprintf(d->slab_why, sizeof(d->slab_why), "%s", why.msg);
		return 0;
	}
	if (al_parse_slabinfo(d->buf[f].data, d->buf[f].len, d->path[f],
			      &d->slab, e))
		return -1;
	d->have_slab = true;
	return 0;
}

static void load_uname(struct al_data *d)
{
	static struct utsname u;
	unsigned int f = AL_F_UNAME;
	struct al_err ignored;
	char *nl;

	if (d->src.live) {
		if (!uname(&u))
			d->uname = u.release;
		return;
	}
	snprintf(d->path[f], sizeof(d->path[f]), "%s/%s", d->src.dir,
		 al_file_name(f));
	if (read_path(d, f, &ignored))
		return;
	nl = strchr(d->buf[f].data, '\n');
	if (nl)
		*nl = '\0';
	d->uname = d->buf[f].data;
}

int al_data_load(struct al_data *d, const struct al_source *s,
		 unsigned int need, struct al_err *e)
{
	unsigned int f;

	memset(d, 0, sizeof(*d));
	d->src = *s;
	d->keep_raw = need & AL_KEEP_RAW;
	need |= AL_NEED(AL_F_VERSION);
	for (f = AL_F_VERSION; f <= AL_F_WALKS; f++) {
		if (f == AL_F_VMAS || !(need & AL_NEED(f)))
			continue;
		if (read_one(d, f, e) || parse_one(d, f, e))
			return -1;
	}
	if ((need & AL_NEED(AL_F_SLABINFO)) && load_slabinfo(d, e))
		return -1;
	if (need & AL_NEED(AL_F_UNAME))
		load_uname(d);
	return 0;
}

#define VMAS_CHUNK	(1u << 20)
/* A vmas record is a few hundred bytes: a longer line is no record. */
#define VMAS_LINE_MAX	(4u << 20)

/* Append @len bytes to @b (the raw copy a snapshot writes). */
static void buf_append(struct al_buf *b, const char *p, size_t len)
{
	b->data = xrealloc(b->data, b->len + len + 1);
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

/*
 * Read the vmas file a chunk at a time into one reused buffer, parsing the
 * complete lines of each: the file is never in memory whole.
 */
static int stream_vmas(struct al_data *d, int fd, struct al_vmas_parser *p,
		       struct al_err *e)
{
	unsigned int f = AL_F_VMAS;
	size_t cap = VMAS_CHUNK, have = 0, used;
	char *buf = xmalloc(cap);
	ssize_t n;
	int err = 0;

	for (;;) {
		if (have == cap) {	/* a line longer than the buffer */
			if (cap >= VMAS_LINE_MAX) {
				err = al_errf(e, d->path[f], 0,
					      "a line longer than %u MiB",
					      VMAS_LINE_MAX >> 20);
				break;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + have, cap - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = al_errf(e, d->path[f], 0, "read: %s",
				      strerror(errno));
			break;
		}
		if (!n) {
			err = al_vmas_end(p, have, e);
			break;
		}
		if (d->keep_raw)
			buf_append(&d->raw[f], buf + have, n);
		have += n;
		err = al_vmas_feed(p, buf, have, &used, e);
		if (err)
			break;
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	free(buf);
	return err;
}

int al_data_vmas(struct al_data *d, al_vma_fn fn, void *ctx,
		 struct al_err *e)
{
	unsigned int f = AL_F_VMAS;
	struct al_vmas_parser p;
	int fd, err;

	al_buf_free(&d->raw[f]);
	snprintf(d->path[f], sizeof(d->path[f]), "%s/%s", d->src.dir,
		 al_file_name(f));
	fd = al_open_file(d->path[f], e);
	if (fd < 0)
		return -1;
	al_vmas_begin(&p, d->path[f], fn, ctx);
	err = stream_vmas(d, fd, &p, e);
	close(fd);
	return err;
}

void al_data_free(struct al_data *d)
{
	unsigned int f;

	for (f = 0; f < AL_NR_FILES; f++) {
		al_buf_free(&d->buf[f]);
		al_buf_free(&d->raw[f]);
	}
	al_probes_free(&d->probes);
	al_slabinfo_free(&d->slab);
	memset(d, 0, sizeof(*d));
}
