/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source - where anonstat's input comes from: the module's debugfs
 * directory, or a directory given by -d or $ANON_LAZY_DIR (a snapshot); and
 * reading one file of it whole.  When the live directory is unusable, the
 * message says why and what to do.
 */
#ifndef ANONSTAT_SOURCE_H
#define ANONSTAT_SOURCE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "parse.h"

#define AL_ENV_DIR	"ANON_LAZY_DIR"
#define AL_PROC_SLABINFO "/proc/slabinfo"

struct al_source {
	char dir[PATH_MAX];
	bool live;		/* the module's own debugfs directory */
};

/* The live system, as al_source_find() checks it; tests pass their own. */
struct al_live_paths {
	const char *debugfs;			/* AL_DEBUGFS_MOUNT */
	const char *sysmodule;			/* /sys/module/anon_lazy */
	bool (*mounted)(const char *path);	/* debugfs mounted there? */
};

extern const struct al_live_paths al_live_system;

/* -d DIR (or NULL: $ANON_LAZY_DIR, else the live directory). */
int al_source_find(const char *dir, struct al_source *s, struct al_err *e);
int al_source_live(const struct al_live_paths *lp, struct al_source *s,
		   struct al_err *e);

/* A whole file, NUL-terminated after @len bytes. */
struct al_buf {
	char *data;
	size_t len;
};

int al_read_file(const char *path, struct al_buf *b, struct al_err *e);
/* open(2) for reading, with the same messages as al_read_file(); -1 on error. */
int al_open_file(const char *path, struct al_err *e);
void al_buf_free(struct al_buf *b);

#endif /* ANONSTAT_SOURCE_H */
