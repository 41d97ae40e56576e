// SPDX-License-Identifier: GPL-2.0
/* data - the parsed contents of one source directory. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

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

int al_data_vmas(struct al_data *d, al_vma_fn fn, void *ctx,
		 struct al_err *e)
{
	unsigned int f = AL_F_VMAS;

	al_buf_free(&d->buf[f]);
	al_buf_free(&d->raw[f]);
	if (read_one(d, f, e))
		return -1;
	return al_parse_vmas(d->buf[f].data, d->buf[f].len, d->path[f], fn,
			     ctx, e);
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
