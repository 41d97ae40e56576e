// SPDX-License-Identifier: GPL-2.0
/*
 * slabinfo - the reader of /proc/slabinfo:
 *
 *   slabinfo - version: 2.1
 *   # name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : ...
 *   anon_vma  351  351  104  39  1 : tunables 0 0 0 : slabdata 9 9 0
 *
 * Only the first four columns are used; they are the same in every 2.x.
 */
#include <stdlib.h>
#include <string.h>

#include "slabinfo.h"

#define SLABINFO_MAGIC	"slabinfo - version: 2."

enum { S_NAME, S_ACTIVE, S_NUM, S_OBJSIZE, S_N };

int al_parse_slabinfo(char *buf, size_t len, const char *file,
		      struct al_slabinfo *s, struct al_err *e)
{
	static const char *const cols[S_N] = {
		"name", "active_objs", "num_objs", "objsize",
	};
	char *line, *f[S_N];
	struct al_lines l;
	uint64_t *dst[S_N];
	size_t cap = 0, i;
	struct al_slab *r;
	int err;

	*s = (struct al_slabinfo){ 0 };
	al_lines_init(&l, buf, len, file);
	line = al_next_line(&l, &err, e);
	if (!line)
		return err ? err : al_errf(e, file, 1, "empty file");
	if (strncmp(line, SLABINFO_MAGIC, strlen(SLABINFO_MAGIC)))
		return al_errf(e, file, l.lineno,
			       "not slabinfo version 2.x: '%.40s'", line);
	while ((line = al_next_line(&l, &err, e))) {
		if (line[0] == '#')
			continue;
		if (al_split(line, f, S_N) < S_N) {
			al_errf(e, file, l.lineno, "truncated line");
			goto fail;
		}
		if (s->n == cap) {
			cap = cap ? 2 * cap : 256;
			r = realloc(s->rows, cap * sizeof(*r));
			if (!r) {
				al_errf(e, file, l.lineno, "out of memory");
				goto fail;
			}
			s->rows = r;
		}
		r = &s->rows[s->n];
		r->name = f[S_NAME];
		dst[S_ACTIVE] = &r->active_objs;
		dst[S_NUM] = &r->num_objs;
		dst[S_OBJSIZE] = &r->objsize;
		for (i = S_ACTIVE; i < S_N; i++) {
			if (!al_parse_u64(f[i], dst[i])) {
				al_errf(e, file, l.lineno,
					"column '%s': '%s' is not a number",
					cols[i], f[i]);
				goto fail;
			}
		}
		s->n++;
	}
	if (!err)
		return 0;
fail:
	al_slabinfo_free(s);
	return -1;
}

const struct al_slab *al_slabinfo_find(const struct al_slabinfo *s,
				       const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->rows[i].name, name))
			return &s->rows[i];
	return NULL;
}

void al_slabinfo_free(struct al_slabinfo *s)
{
	free(s->rows);
	*s = (struct al_slabinfo){ 0 };
}
