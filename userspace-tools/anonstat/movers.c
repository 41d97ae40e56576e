// SPDX-License-Identifier: GPL-2.0
/* movers - what changed most between two samples of keyed records. */
#include <stdlib.h>
#include <string.h>

#include "movers.h"
#include "util.h"

void al_sample_init(struct al_sample *s, size_t nfields)
{
	memset(s, 0, sizeof(*s));
	s->nfields = nfields < MOVER_MAX_FIELDS ? nfields : MOVER_MAX_FIELDS;
}

size_t al_sample_add(struct al_sample *s, uint64_t a, uint64_t b,
		     const int64_t *vals)
{
	uint32_t *slot;
	bool added;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->vals = xrealloc(s->vals,
				   s->cap * s->nfields * sizeof(*s->vals));
		s->keys = xrealloc(s->keys, s->cap * 2 * sizeof(*s->keys));
	}
	memcpy(&s->vals[s->n * s->nfields], vals,
	       s->nfields * sizeof(*vals));
	s->keys[2 * s->n] = a;
	s->keys[2 * s->n + 1] = b;
	slot = al_hmap_put(&s->index, a, b, &added);
	*slot = s->n + 1;
	return s->n++;
}

const int64_t *al_sample_vals(const struct al_sample *s, size_t rec)
{
	return &s->vals[rec * s->nfields];
}

void al_sample_free(struct al_sample *s)
{
	free(s->vals);
	free(s->keys);
	al_hmap_free(&s->index);
	memset(s, 0, sizeof(*s));
}

static int by_score(const void *pa, const void *pb)
{
	const struct al_mover *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

size_t al_movers(const struct al_sample *cur, const struct al_sample *prev,
		 unsigned int categorical, size_t max, struct al_mover **out)
{
	struct al_mover *m = xcalloc(cur->n, sizeof(*m));
	size_t rec, n = 0, f;

	for (rec = 0; rec < cur->n; rec++) {
		const int64_t *v = al_sample_vals(cur, rec);
		uint32_t *slot = al_hmap_get(&prev->index, cur->keys[2 * rec],
					     cur->keys[2 * rec + 1]);
		struct al_mover *mv = &m[n];

		mv->rec = rec;
		mv->prev = slot ? al_sample_vals(prev, *slot - 1) : NULL;
		mv->score = 0;
		for (f = 0; f < cur->nfields; f++) {
			int64_t before = mv->prev ? mv->prev[f] : 0;

			if (categorical & (1u << f)) {
				mv->d[f] = !mv->prev || v[f] != before;
				mv->score += mv->d[f];
				continue;
			}
			mv->d[f] = v[f] - before;
			mv->score += magnitude(mv->d[f]);
		}
		if (mv->score)
			n++;
	}
	qsort(m, n, sizeof(*m), by_score);
	if (max && n > max)
		n = max;
	*out = m;
	return n;
}
