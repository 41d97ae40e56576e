/* SPDX-License-Identifier: GPL-2.0 */
/* slabinfo - the reader of /proc/slabinfo (version 2.x), pure like parse.c. */
#ifndef ANONSTAT_SLABINFO_H
#define ANONSTAT_SLABINFO_H

#include "parse.h"

struct al_slab {
	const char *name;
	uint64_t active_objs, num_objs, objsize;
};

struct al_slabinfo {
	struct al_slab *rows;		/* malloc'd; al_slabinfo_free() */
	size_t n;
};

int al_parse_slabinfo(char *buf, size_t len, const char *file,
		      struct al_slabinfo *s, struct al_err *e);
/* The first cache called @name, or NULL (merged into another, or absent). */
const struct al_slab *al_slabinfo_find(const struct al_slabinfo *s,
				       const char *name);
void al_slabinfo_free(struct al_slabinfo *s);

#endif /* ANONSTAT_SLABINFO_H */
