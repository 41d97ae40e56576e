/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atomic - files that readers see whole or not at all: written under a
 * temporary name beside the target, fsync'ed, then renamed over it.
 */
#ifndef ANONSTAT_ATOMIC_H
#define ANONSTAT_ATOMIC_H

#include <stdio.h>
#include <sys/types.h>

#include "parse.h"

/* @fn writes the contents; a non-zero return abandons the file. */
typedef int (*al_write_fn)(FILE *f, void *ctx);

int al_atomic_file(const char *path, al_write_fn fn, void *ctx,
		   struct al_err *e);
/* Make a rename or create inside @path's directory durable. */
int al_fsync_parent(const char *path, struct al_err *e);
/* Write @len bytes to a new file @name in @dirfd, fsync'ed, mode 0666&~umask. */
int al_write_new(int dirfd, const char *name, const void *buf, size_t len,
		 struct al_err *e);
/* 0666 or 0777 less the process umask. */
mode_t al_mode(mode_t base);

#endif /* ANONSTAT_ATOMIC_H */
