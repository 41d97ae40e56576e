/* SPDX-License-Identifier: GPL-2.0 */
/* util - messages and allocation that every part of anonstat uses. */
#ifndef ANONSTAT_UTIL_H
#define ANONSTAT_UTIL_H

#include <stddef.h>

/* Exit statuses, documented in anonstat(8). */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* runtime failure: unreadable or malformed input */
#define EXIT_USAGE	2	/* bad command line */

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* "anonstat: MESSAGE" on stderr. */
void al_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void al_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation never fails quietly: out of memory exits with EXIT_FAIL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *@p of *@cap elements of @size to hold @need; doubles. */
void xgrow(void *p, size_t *cap, size_t need, size_t size);

#endif /* ANONSTAT_UTIL_H */
