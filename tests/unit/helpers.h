/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the unit tests: cmocka, fixtures, captured output. */
#ifndef TEST_HELPERS_H
#define TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#define K61	"6.1.0-56-amd64"
#define K612	"6.12.117+deb12-amd64"

/* FIXTURES/@rel, whole, NUL-terminated; the test fails if unreadable. */
char *fixture_read(const char *rel, size_t *len);
/* FIXTURES/@rel as a path (static buffer). */
const char *fixture_path(const char *rel);

/* Output of a writer into memory. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

FILE *capture_open(struct capture *c);
/* The text written, valid until capture_free(). */
const char *capture_text(struct capture *c);
void capture_free(struct capture *c);

/* Replace every @from in @s by @to; malloc'd. */
char *str_replace_all(const char *s, const char *from, const char *to);

#endif /* TEST_HELPERS_H */
