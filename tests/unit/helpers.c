// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "source.h"

const char *fixture_path(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, rel);
	return path;
}

char *fixture_read(const char *rel, size_t *len)
{
	struct al_buf b;
	struct al_err e;

	if (al_read_file(fixture_path(rel), &b, &e))
		fail_msg("%s", e.msg);
	*len = b.len;
	return b.data;
}

FILE *capture_open(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

const char *capture_text(struct capture *c)
{
	fflush(c->f);
	return c->buf;
}

void capture_free(struct capture *c)
{
	fclose(c->f);
	free(c->buf);
	memset(c, 0, sizeof(*c));
}

char *str_replace_all(const char *s, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to), n = 0;
	const char *p;
	char *out, *o;

	for (p = s; (p = strstr(p, from)); p += nf)
		n++;
	out = malloc(strlen(s) + n * nt + 1);
	assert_non_null(out);
	for (o = out; (p = strstr(s, from)); s = p + nf) {
		memcpy(o, s, p - s);
		o += p - s;
		memcpy(o, to, nt);
		o += nt;
	}
	strcpy(o, s);
	return out;
}
