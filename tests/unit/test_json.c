// SPDX-License-Identifier: GPL-2.0
/* The one JSON writer: structure, pretty printing, numbers, escaping. */
#include <math.h>
#include <string.h>

#include "helpers.h"
#include "json.h"

static const char *escaped(struct capture *c, const char *s, size_t len)
{
	json_escape(capture_open(c), s, len);
	return capture_text(c);
}

#define assert_escape(in, want) \
	do { \
		struct capture c; \
		assert_string_equal(escaped(&c, in, sizeof(in) - 1), want); \
		capture_free(&c); \
	} while (0)

static void escape_ascii(void **state)
{
	(void)state;
	assert_escape("plain", "\"plain\"");
	assert_escape("", "\"\"");
	assert_escape("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	assert_escape("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	assert_escape("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* An embedded NUL is data too when a length is given. */
	assert_escape("a\0b", "\"a\\u0000b\"");
}

static void escape_utf8(void **state)
{
	(void)state;
	/* Valid UTF-8 goes through as is: é, €, an emoji. */
	assert_escape("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	assert_escape("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	assert_escape("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	/* Anything else: each byte as \u00XX. */
	assert_escape("\xff", "\"\\u00ff\"");
	assert_escape("ab\xc3", "\"ab\\u00c3\"");			/* cut short */
	assert_escape("\xc0\x80", "\"\\u00c0\\u0080\"");		/* overlong */
	assert_escape("\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\"");	/* overlong */
	assert_escape("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");	/* surrogate */
	assert_escape("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""); /* > U+10FFFF */
	assert_escape("\x80x", "\"\\u0080x\"");			/* stray continuation */
	assert_escape("\xc3\x28", "\"\\u00c3(\"");
}

static void compact(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	json_init(&j, capture_open(&c), false);
	json_obj_open(&j);
	json_ku64(&j, "a", 1);
	json_karr_open(&j, "b");
	json_u64(&j, 1);
	json_str(&j, "two");
	json_obj_open(&j);
	json_kstr(&j, "c", NULL);
	json_obj_close(&j);
	json_arr_close(&j);
	json_kobj_open(&j, "empty");
	json_obj_close(&j);
	json_karr_open(&j, "none");
	json_arr_close(&j);
	json_kbool(&j, "t", true);
	json_kbool(&j, "f", false);
	json_ku64(&j, "max", UINT64_MAX);
	json_ki64(&j, "min", INT64_MIN);
	json_obj_close(&j);
	json_finish(&j);
	assert_string_equal(capture_text(&c),
			    "{\"a\":1,\"b\":[1,\"two\",{\"c\":null}],\"empty\":{},"
			    "\"none\":[],\"t\":true,\"f\":false,"
			    "\"max\":18446744073709551615,"
			    "\"min\":-9223372036854775808}\n");
	capture_free(&c);
}

static void pretty(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	json_init(&j, capture_open(&c), true);
	json_obj_open(&j);
	json_kstr(&j, "k", "v");
	json_karr_open(&j, "list");
	json_u64(&j, 1);
	json_u64(&j, 2);
	json_arr_close(&j);
	json_kobj_open(&j, "empty");
	json_obj_close(&j);
	json_obj_close(&j);
	json_finish(&j);
	assert_string_equal(capture_text(&c),
			    "{\n"
			    "  \"k\": \"v\",\n"
			    "  \"list\": [\n"
			    "    1,\n"
			    "    2\n"
			    "  ],\n"
			    "  \"empty\": {}\n"
			    "}\n");
	capture_free(&c);
}

static void keys_are_escaped(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	json_init(&j, capture_open(&c), false);
	json_obj_open(&j);
	json_ku64(&j, "we\"ird\n", 1);
	json_obj_close(&j);
	assert_string_equal(capture_text(&c), "{\"we\\\"ird\\n\":1}");
	capture_free(&c);
}

static void doubles(void **state)
{
	static const struct {
		double v;
		int dec;
		const char *want;
	} t[] = {
		{ 1.5, 3, "1.5" }, { 2.0, 3, "2" }, { 35.6484375, 3, "35.648" },
		{ -14.814814, 3, "-14.815" }, { -0.0001, 3, "0" },
		{ 100, 0, "100" }, { 0, 2, "0" }, { 1e15, 1, "1000000000000000" },
	};
	struct capture c;
	struct json j;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_init(&j, capture_open(&c), false);
		json_double(&j, t[i].v, t[i].dec);
		assert_string_equal(capture_text(&c), t[i].want);
		capture_free(&c);
	}
	/* JSON has no NaN or infinity: null, never an invalid document. */
	json_init(&j, capture_open(&c), false);
	json_arr_open(&j);
	json_double(&j, NAN, 2);
	json_double(&j, INFINITY, 2);
	json_double(&j, -INFINITY, 2);
	json_arr_close(&j);
	assert_string_equal(capture_text(&c), "[null,null,null]");
	capture_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_ascii),
		cmocka_unit_test(escape_utf8),
		cmocka_unit_test(compact),
		cmocka_unit_test(pretty),
		cmocka_unit_test(keys_are_escaped),
		cmocka_unit_test(doubles),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
