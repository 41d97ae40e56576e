/* SPDX-License-Identifier: GPL-2.0 */
/*
 * movers - what changed most between two samples of keyed records (VMAs by
 * pid and start, processes by pid): the interval mode of "anonstat vmas"
 * and "anonstat -p".  A record's score is the sum of the absolute changes
 * of its fields; a record new since the last sample counts in full.
 */
#ifndef ANONSTAT_MOVERS_H
#define ANONSTAT_MOVERS_H

#include "hash.h"

#define MOVER_MAX_FIELDS	16

/* Records of one sample: a key and nfields numbers each. */
struct al_sample {
	size_t n, cap, nfields;
	uint64_t *keys;			/* two per record */
	int64_t *vals;			/* nfields per record */
	struct al_hmap index;		/* key -> record + 1 */
};

struct al_mover {
	size_t rec;			/* index in the current sample */
	const int64_t *prev;		/* its previous values, NULL if new */
	int64_t d[MOVER_MAX_FIELDS];	/* current - previous */
	uint64_t score;
};

void al_sample_init(struct al_sample *s, size_t nfields);
/* Records must be added with distinct keys; returns the record's index. */
size_t al_sample_add(struct al_sample *s, uint64_t a, uint64_t b,
		     const int64_t *vals);
const int64_t *al_sample_vals(const struct al_sample *s, size_t rec);
void al_sample_free(struct al_sample *s);

/*
 * Records of @cur that changed since @prev, largest score first (ties in
 * record order), at most @max (0: all).  *@out is malloc'd.  Fields flagged
 * in @categorical (a bit per field) score 1 when they differ.
 */
size_t al_movers(const struct al_sample *cur, const struct al_sample *prev, unsigned int categorical,
		 size_t max, struct al_mover **out);

#endif /* ANONSTAT_MOVERS_H */
