/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json - the one JSON writer every anonstat command uses (-j), compact by
 * default, indented with --pretty.  Strings are escaped per RFC 8259;
 * bytes that are not valid UTF-8 are written as \u00XX (the byte's value),
 * so nothing a comm holds can break the document.
 */
#ifndef ANONSTAT_JSON_H
#define ANONSTAT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	32

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool has_items[JSON_MAX_DEPTH];	/* something written at this depth */
	bool after_key;
};

void json_init(struct json *j, FILE *f, bool pretty);
/* Ends the document with a newline (one document per line when compact). */
void json_finish(struct json *j);

void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j);
void json_arr_close(struct json *j);
void json_key(struct json *j, const char *key);

void json_str(struct json *j, const char *s);	/* NULL: null */
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
/* Fixed @decimals, trailing zeros dropped; NaN and infinities: null. */
void json_double(struct json *j, double v, int decimals);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* key: value shorthands */
void json_kstr(struct json *j, const char *key, const char *s);
void json_ku64(struct json *j, const char *key, uint64_t v);
void json_ki64(struct json *j, const char *key, int64_t v);
void json_kdouble(struct json *j, const char *key, double v, int decimals);
void json_kbool(struct json *j, const char *key, bool v);
void json_kobj_open(struct json *j, const char *key);
void json_karr_open(struct json *j, const char *key);

/* Write @s (@len bytes) as a JSON string literal, quotes included. */
void json_escape(FILE *f, const char *s, size_t len);

#endif /* ANONSTAT_JSON_H */
