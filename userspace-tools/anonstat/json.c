// SPDX-License-Identifier: GPL-2.0
/* json - the one JSON writer every anonstat command uses. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
}

static void newline(struct json *j)
{
	int i;

	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* Before any value or key: the separator and, pretty, the indentation. */
static void begin_item(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth == 0)
		return;
	if (j->has_items[j->depth])
		fputc(',', j->f);
	j->has_items[j->depth] = true;
	newline(j);
}

static void container_open(struct json *j, char c)
{
	begin_item(j);
	fputc(c, j->f);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void container_close(struct json *j, char c)
{
	bool items = j->has_items[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (items)
		newline(j);
	fputc(c, j->f);
}

void json_obj_open(struct json *j)
{
	container_open(j, '{');
}

void json_obj_close(struct json *j)
{
	container_close(j, '}');
}

void json_arr_open(struct json *j)
{
	container_open(j, '[');
}

void json_arr_close(struct json *j)
{
	container_close(j, ']');
}

void json_key(struct json *j, const char *key)
{
	begin_item(j);
	json_escape(j->f, key, strlen(key));
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

/* Length of the valid UTF-8 sequence at @s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* Bytes that go into a string as they are: printable ASCII but " and \\. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void json_escape(FILE *f, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, n;

	fputc('"', f);
	while (i < len) {
		unsigned char c = s[i];

		for (run = i; run < len && plain(s[run]); run++)
			;
		if (run > i) {
			fwrite(s + i, 1, run - i, f);
			i = run;
			continue;
		}
		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
				break;
			}
			n = utf8_len(s + i, len - i);
			if (!n) {
				/* Not UTF-8: the byte, as the code point of its value. */
				fprintf(f, "\\u%04x", c);
				break;
			}
			fwrite(s + i, 1, n, f);
			i += n;
			continue;
		}
		i++;
	}
	fputc('"', f);
}

void json_str(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	begin_item(j);
	json_escape(j->f, s, strlen(s));
}

void json_u64(struct json *j, uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	begin_item(j);
	*--p = '\0';
	do {
		*--p = '0' + v % 10;
		v /= 10;
	} while (v);
	fputs(p, j->f);
}

void json_i64(struct json *j, int64_t v)
{
	begin_item(j);
	fprintf(j->f, "%" PRId64, v);
}

void json_double(struct json *j, double v, int decimals)
{
	char buf[64], *end;

	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	begin_item(j);
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (strchr(buf, '.')) {
		end = buf + strlen(buf) - 1;
		while (*end == '0')
			*end-- = '\0';
		if (*end == '.')
			*end = '\0';
	}
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	fputs(buf, j->f);
}

void json_bool(struct json *j, bool v)
{
	begin_item(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
	begin_item(j);
	fputs("null", j->f);
}

void json_kstr(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_ku64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_ki64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_i64(j, v);
}

void json_kdouble(struct json *j, const char *key, double v, int decimals)
{
	json_key(j, key);
	json_double(j, v, decimals);
}

void json_kbool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_kobj_open(struct json *j, const char *key)
{
	json_key(j, key);
	json_obj_open(j);
}

void json_karr_open(struct json *j, const char *key)
{
	json_key(j, key);
	json_arr_open(j);
}
