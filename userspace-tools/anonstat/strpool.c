// SPDX-License-Identifier: GPL-2.0
/* strpool - stable copies of short strings, in blocks. */
#include <stdlib.h>
#include <string.h>

#include "strpool.h"
#include "util.h"

#define BLOCK_SIZE	(64 * 1024)

const char *al_strpool_add(struct al_strpool *p, const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy;

	if (p->last && !strcmp(p->last, s))
		return p->last;
	if (!p->nblocks || p->size - p->used < n) {
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		p->blocks = xrealloc(p->blocks,
				     (p->nblocks + 1) * sizeof(*p->blocks));
		p->blocks[p->nblocks++] = xmalloc(size);
		p->used = 0;
		p->size = size;
	}
	copy = p->blocks[p->nblocks - 1] + p->used;
	memcpy(copy, s, n);
	p->used += n;
	p->last = copy;
	return copy;
}

void al_strpool_free(struct al_strpool *p)
{
	size_t i;

	for (i = 0; i < p->nblocks; i++)
		free(p->blocks[i]);
	free(p->blocks);
	memset(p, 0, sizeof(*p));
}
