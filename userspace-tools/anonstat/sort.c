// SPDX-License-Identifier: GPL-2.0
/* sort - -s FIELD over an array of records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "util.h"

const struct al_sortkey *al_sortkey_find(const struct al_sortkey *keys,
					 size_t n, const char *name,
					 struct al_err *e)
{
	char list[1024] = "";
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	for (i = 0; i < n && len < sizeof(list); i++)
		len += snprintf(list + len, sizeof(list) - len, "%s%s",
				i ? "," : "", keys[i].name);
	al_errf(e, "-s", 0, "unknown sort field '%s' (fields: %s)", name, list);
	return NULL;
}

struct sort_ctx {
	const struct al_sortkey *k;
	const char *base;
	size_t size;
};

static int cmp_index(const void *pa, const void *pb, void *arg)
{
	const struct sort_ctx *c = arg;
	size_t ia = *(const size_t *)pa, ib = *(const size_t *)pb;
	const void *a = c->base + ia * c->size, *b = c->base + ib * c->size;
	int r;

	if (c->k->num) {
		uint64_t x = c->k->num(a), y = c->k->num(b);

		r = x < y ? -1 : x > y;
	} else {
		r = strcmp(c->k->str(a), c->k->str(b));
	}
	if (c->k->desc)
		r = -r;
	return r ? r : (ia < ib ? -1 : ia > ib);
}

void al_sort(void *base, size_t n, size_t size, const struct al_sortkey *k)
{
	struct sort_ctx c = { .k = k, .base = base, .size = size };
	size_t *idx = xmalloc(n * sizeof(*idx)), i;
	char *tmp = xmalloc(n * size);

	for (i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof(*idx), cmp_index, &c);
	for (i = 0; i < n; i++)
		memcpy(tmp + i * size, c.base + idx[i] * size, size);
	memcpy(base, tmp, n * size);
	free(tmp);
	free(idx);
}
