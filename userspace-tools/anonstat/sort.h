/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sort - -s FIELD: sort keys by name over an array of records.  Counts sort
 * largest first, identities (pid, address, name, state) in ascending order;
 * ties keep the order the records came in.
 */
#ifndef ANONSTAT_SORT_H
#define ANONSTAT_SORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"

struct al_sortkey {
	const char *name;
	bool desc;
	uint64_t (*num)(const void *rec);	/* or: */
	const char *(*str)(const void *rec);
};

const struct al_sortkey *al_sortkey_find(const struct al_sortkey *keys,
					 size_t n, const char *name,
					 struct al_err *e);
/* <0, 0, >0: @a sorts before, with, after @b (no tie-break). */
int al_sortkey_cmp(const struct al_sortkey *k, const void *a, const void *b);
/* Stable: ties keep their order in @base. */
void al_sort(void *base, size_t n, size_t size, const struct al_sortkey *k);

#endif /* ANONSTAT_SORT_H */
