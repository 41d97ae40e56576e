// SPDX-License-Identifier: GPL-2.0
/* hash - an open-addressing map from a pair of 64-bit keys to a value. */
#include <stdlib.h>

#include "hash.h"
#include "util.h"

static size_t slot(uint64_t a, uint64_t b, size_t cap)
{
	uint64_t x = a * 0x9e3779b97f4a7c15ULL ^ b;

	/* splitmix64's finalizer */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x & (cap - 1);
}

static struct al_hent *find(struct al_hent *t, size_t cap, uint64_t a,
			    uint64_t b)
{
	size_t i = slot(a, b, cap);

	while (t[i].used && (t[i].a != a || t[i].b != b))
		i = (i + 1) & (cap - 1);
	return &t[i];
}

uint32_t *al_hmap_get(const struct al_hmap *m, uint64_t a, uint64_t b)
{
	struct al_hent *h;

	if (!m->cap)
		return NULL;
	h = find(m->t, m->cap, a, b);
	return h->used ? &h->val : NULL;
}

static void rehash(struct al_hmap *m, size_t cap)
{
	struct al_hent *t = xcalloc(cap, sizeof(*t)), *h;
	size_t i;

	for (i = 0; i < m->cap; i++) {
		if (!m->t[i].used)
			continue;
		h = find(t, cap, m->t[i].a, m->t[i].b);
		*h = m->t[i];
	}
	free(m->t);
	m->t = t;
	m->cap = cap;
}

uint32_t *al_hmap_put(struct al_hmap *m, uint64_t a, uint64_t b, bool *added)
{
	struct al_hent *h;

	/* At most half full: probes stay short. */
	if (2 * (m->n + 1) > m->cap)
		rehash(m, m->cap ? 2 * m->cap : 64);
	h = find(m->t, m->cap, a, b);
	*added = !h->used;
	if (!h->used) {
		*h = (struct al_hent){ .a = a, .b = b, .used = true };
		m->n++;
	}
	return &h->val;
}

void al_hmap_free(struct al_hmap *m)
{
	free(m->t);
	*m = (struct al_hmap){ 0 };
}
