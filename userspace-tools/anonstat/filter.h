/* SPDX-License-Identifier: GPL-2.0 */
/*
 * filter - -p PID|COMM, as numastat -p takes it: a number is a pid, anything
 * else a command name, matched exactly or as an fnmatch(3) glob.  -p may be
 * given several times; a process matching any of them is selected.
 */
#ifndef ANONSTAT_FILTER_H
#define ANONSTAT_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "parse.h"

#define AL_FILTER_MAX	32

struct al_filter {
	unsigned int n;
	struct {
		const char *pattern;	/* NULL: a pid */
		uint32_t pid;
	} e[AL_FILTER_MAX];
};

int al_filter_add(struct al_filter *f, const char *arg, struct al_err *e);
/* Without any -p everything matches. */
bool al_filter_match(const struct al_filter *f, uint32_t pid,
		     const char *comm);

/*
 * The same, remembering the last answer: records come grouped by process,
 * so a million of them cost a handful of fnmatch() calls.
 */
struct al_filter_cache {
	bool valid, match;
	uint32_t pid;
	char comm[64];
};

bool al_filter_match_cached(const struct al_filter *f,
			    struct al_filter_cache *c, uint32_t pid,
			    const char *comm);

#endif /* ANONSTAT_FILTER_H */
