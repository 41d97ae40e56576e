/* SPDX-License-Identifier: GPL-2.0 */
/*
 * data - the parsed contents of one source directory: the files a command
 * needs, read whole and parsed, plus slabinfo and uname when present.
 */
#ifndef ANONSTAT_DATA_H
#define ANONSTAT_DATA_H

#include "parse.h"
#include "slabinfo.h"
#include "source.h"

enum al_file {
	AL_F_VERSION, AL_F_PROBES, AL_F_VMAS, AL_F_SUMMARY, AL_F_WALKS,
	AL_F_SLABINFO, AL_F_UNAME, AL_NR_FILES
};
#define AL_NEED(f)	(1u << (f))
/* Keep each file's bytes as read, in raw[], before parsing mutates them. */
#define AL_KEEP_RAW	(1u << 31)

/* The file's name in a snapshot (AL_FILE_* / AL_SNAP_*). */
const char *al_file_name(unsigned int f);

struct al_data {
	struct al_source src;
	struct al_buf buf[AL_NR_FILES];	/* parsed in place */
	struct al_buf raw[AL_NR_FILES];	/* with AL_KEEP_RAW */
	bool keep_raw;
	char path[AL_NR_FILES][PATH_MAX + 32];
	struct al_version version;
	struct al_probes probes;
	struct al_summary summary;
	struct al_walks walks;
	struct al_slabinfo slab;
	bool have_slab;			/* else slab_why says why not */
	char slab_why[PATH_MAX + 128];
	const char *uname;		/* NULL if absent */
};

/*
 * Read and parse version (always: it carries the contract check) and the
 * files in @need.  Slabinfo and uname come from the directory if it has
 * them, else, for the live directory, from this machine; their absence is
 * not an error (have_slab, uname), a malformed slabinfo is.
 */
int al_data_load(struct al_data *d, const struct al_source *s,
		 unsigned int need, struct al_err *e);
/* Read the vmas file and call @fn per record; strings stay valid until free. */
int al_data_vmas(struct al_data *d, al_vma_fn fn, void *ctx,
		 struct al_err *e);
void al_data_free(struct al_data *d);

#endif /* ANONSTAT_DATA_H */
