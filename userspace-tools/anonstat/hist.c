// SPDX-License-Identifier: GPL-2.0
/* hist - power-of-two histograms as bpftrace-style text bars. */
#include <inttypes.h>
#include <string.h>

#include "hist.h"

uint64_t hist_lower(unsigned int b)
{
	return b ? UINT64_C(1) << (b - 1) : 0;
}

/* 2^@power as bpftrace writes it: 512, 1K, 2K, ..., 1M, ... */
static int power_label(char *buf, size_t len, unsigned int power)
{
	static const char suffix[] = " KMGTPE";
	unsigned int s = power / 10;

	if (!s)
		return snprintf(buf, len, "%" PRIu64, UINT64_C(1) << power);
	return snprintf(buf, len, "%" PRIu64 "%c", UINT64_C(1) << (power % 10),
			suffix[s]);
}

void hist_label(unsigned int b, char *buf, size_t len)
{
	char lo[16], hi[16];

	if (b <= 1) {
		snprintf(buf, len, "[%u]", b);
		return;
	}
	power_label(lo, sizeof(lo), b - 1);
	power_label(hi, sizeof(hi), b);
	snprintf(buf, len, "[%s, %s)", lo, hi);
}

bool hist_empty(const uint64_t *counts, size_t nbuckets)
{
	size_t b;

	for (b = 0; b < nbuckets; b++)
		if (counts[b])
			return false;
	return true;
}

bool hist_print(FILE *f, const uint64_t *counts, size_t nbuckets)
{
	size_t lo = nbuckets, hi = 0, b;
	uint64_t max = 0;
	char label[40], bar[HIST_BAR_WIDTH + 1];

	for (b = 0; b < nbuckets; b++) {
		if (!counts[b])
			continue;
		if (lo == nbuckets)
			lo = b;
		hi = b;
		if (counts[b] > max)
			max = counts[b];
	}
	if (!max)
		return false;
	for (b = lo; b <= hi; b++) {
		size_t n = (size_t)((long double)counts[b] * HIST_BAR_WIDTH / max);

		memset(bar, '@', n);
		memset(bar + n, ' ', HIST_BAR_WIDTH - n);
		bar[HIST_BAR_WIDTH] = '\0';
		hist_label(b, label, sizeof(label));
		fprintf(f, "%-16s%8" PRIu64 " |%s|\n", label, counts[b], bar);
	}
	return true;
}
