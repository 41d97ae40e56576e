/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hash - an open-addressing map from a pair of 64-bit keys to a 32-bit
 * value: (pid, anon_vma id), (pid, start), (pid, 0).  Grows by doubling.
 */
#ifndef ANONSTAT_HASH_H
#define ANONSTAT_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct al_hent {
	uint64_t a, b;
	uint32_t val;
	uint32_t used;
};

struct al_hmap {
	struct al_hent *t;
	size_t cap, n;		/* cap: a power of two */
};

/* The value stored for (@a, @b), or NULL. */
uint32_t *al_hmap_get(const struct al_hmap *m, uint64_t a, uint64_t b);
/* The value for (@a, @b), inserted as 0 if absent (*added tells). */
uint32_t *al_hmap_put(struct al_hmap *m, uint64_t a, uint64_t b, bool *added);
void al_hmap_free(struct al_hmap *m);

#endif /* ANONSTAT_HASH_H */
