/* SPDX-License-Identifier: GPL-2.0 */
/*
 * strpool - stable copies of short strings (comms) that outlive the chunk
 * of the file they were read from.  Blocks, never single mallocs; the same
 * string twice in a row (records come by process) is stored once.
 */
#ifndef ANONSTAT_STRPOOL_H
#define ANONSTAT_STRPOOL_H

#include <stddef.h>

struct al_strpool {
	char **blocks;
	size_t nblocks;
	size_t used, size;		/* in the last block */
	const char *last;
};

const char *al_strpool_add(struct al_strpool *p, const char *s);
void al_strpool_free(struct al_strpool *p);

#endif /* ANONSTAT_STRPOOL_H */
