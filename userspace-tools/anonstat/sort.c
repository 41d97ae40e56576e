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

int al_sortkey_cmp(const struct al_sortkey *k, const void *a, const void *b)
{
	int r;

	if (k->num) {
		uint64_t x = k->num(a), y = k->num(b);

		r = x < y ? -1 : x > y;
	} else {
		r = strcmp(k->str(a), k->str(b));
	}
	return k->desc ? -r : r;
}

/* Each record's key computed once: sorting touches no record. */
struct keyed {
	uint64_t key;
	size_t idx;
};

static int cmp_keyed(const void *pa, const void *pb, void *desc)
{
	const struct keyed *a = pa, *b = pb;
	int r = a->key < b->key ? -1 : a->key > b->key;

	if (*(const bool *)desc)
		r = -r;
	return r ? r : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

struct str_ctx {
	const struct al_sortkey *k;
	const char *base;
	size_t size;
};

static int cmp_str(const void *pa, const void *pb, void *arg)
{
	const struct str_ctx *c = arg;
	const struct keyed *a = pa, *b = pb;
	int r = al_sortkey_cmp(c->k, c->base + a->idx * c->size,
			       c->base + b->idx * c->size);

	return r ? r : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

/* Put record ks[i].idx at position i, in place, following cycles. */
static void permute(char *base, size_t n, size_t size, struct keyed *ks)
{
	char *tmp = xmalloc(size);
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		if (ks[i].idx == SIZE_MAX || ks[i].idx == i)
			continue;
		memcpy(tmp, base + i * size, size);
		for (j = i;;) {
			k = ks[j].idx;
			ks[j].idx = SIZE_MAX;
			if (k == i) {
				memcpy(base + j * size, tmp, size);
				break;
			}
			memcpy(base + j * size, base + k * size, size);
			j = k;
		}
	}
	free(tmp);
}

void al_sort(void *base, size_t n, size_t size, const struct al_sortkey *k)
{
	struct keyed *ks = xmalloc(n * sizeof(*ks));
	struct str_ctx c = { k, base, size };
	bool desc = k->desc;
	size_t i;

	for (i = 0; i < n; i++) {
		ks[i].idx = i;
		ks[i].key = k->num ? k->num((char *)base + i * size) : 0;
	}
	if (k->num)
		qsort_r(ks, n, sizeof(*ks), cmp_keyed, &desc);
	else
		qsort_r(ks, n, sizeof(*ks), cmp_str, &c);
	permute(base, n, size, ks);
	free(ks);
}
