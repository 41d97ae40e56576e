// SPDX-License-Identifier: GPL-2.0
/* filter - -p PID|COMM. */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "filter.h"

int al_filter_add(struct al_filter *f, const char *arg, struct al_err *e)
{
	uint64_t pid;

	if (!*arg)
		return al_errf(e, "-p", 0, "empty process name");
	if (f->n == AL_FILTER_MAX)
		return al_errf(e, "-p", 0, "more than %d -p options",
			       AL_FILTER_MAX);
	if (al_parse_u64(arg, &pid)) {
		if (!pid || pid > UINT32_MAX)
			return al_errf(e, "-p", 0, "no such pid: %s", arg);
		f->e[f->n].pattern = NULL;
		f->e[f->n].pid = pid;
	} else {
		f->e[f->n].pattern = arg;
	}
	f->n++;
	return 0;
}

bool al_filter_match(const struct al_filter *f, uint32_t pid,
		     const char *comm)
{
	unsigned int i;

	if (!f || !f->n)
		return true;
	for (i = 0; i < f->n; i++) {
		const char *p = f->e[i].pattern;

		if (!p ? f->e[i].pid == pid :
			 !strcmp(p, comm) || !fnmatch(p, comm, 0))
			return true;
	}
	return false;
}

bool al_filter_match_cached(const struct al_filter *f,
			    struct al_filter_cache *c, uint32_t pid,
			    const char *comm)
{
	if (!f || !f->n)
		return true;
	if (c->valid && c->pid == pid && !strcmp(c->comm, comm))
		return c->match;
	c->match = al_filter_match(f, pid, comm);
	c->pid = pid;
	c->valid = snprintf(c->comm, sizeof(c->comm), "%s", comm) <
		   (int)sizeof(c->comm);
	return c->match;
}
