/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hist - power-of-two histograms as text bars, the way bpftrace prints
 * hist(): bucket b holds values v with 2^(b-1) <= v < 2^b, bucket 0 v == 0.
 *
 *   [4, 8)                12 |@@@@@@@@@@@@@                                       |
 */
#ifndef ANONSTAT_HIST_H
#define ANONSTAT_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define HIST_BAR_WIDTH	52

/* Smallest value of bucket @b: 0, 1, 2, 4, ... */
uint64_t hist_lower(unsigned int b);
/* "[0]", "[1]", "[2, 4)", ..., "[1K, 2K)", powers of 1024 as K M G T P E. */
void hist_label(unsigned int b, char *buf, size_t len);
bool hist_empty(const uint64_t *counts, size_t nbuckets);
/* Buckets from the lowest to the highest non-empty one; false if all empty. */
bool hist_print(FILE *f, const uint64_t *counts, size_t nbuckets);

#endif /* ANONSTAT_HIST_H */
