// SPDX-License-Identifier: GPL-2.0
/* Text output: aligned tables with -o and --noheadings, histogram bars. */
#include <string.h>

#include "helpers.h"
#include "hist.h"
#include "table.h"

/* ---- histograms ---- */

static void hist_labels(void **state)
{
	static const struct {
		unsigned int b;
		const char *label;
		uint64_t lower;
	} t[] = {
		{ 0, "[0]", 0 }, { 1, "[1]", 1 }, { 2, "[2, 4)", 2 },
		{ 3, "[4, 8)", 4 }, { 10, "[512, 1K)", 512 },
		{ 11, "[1K, 2K)", 1024 }, { 12, "[2K, 4K)", 2048 },
		{ 21, "[1M, 2M)", 1 << 20 }, { 31, "[1G, 2G)", 1u << 30 },
		{ 41, "[1T, 2T)", 1ULL << 40 }, { 64, "[8E, 16E)", 1ULL << 63 },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		hist_label(t[i].b, buf, sizeof(buf));
		assert_string_equal(buf, t[i].label);
		assert_true(hist_lower(t[i].b) == t[i].lower);
	}
}

static void hist_bars(void **state)
{
	uint64_t h[65] = { 0 };
	struct capture c;

	(void)state;
	h[3] = 12;
	h[5] = 24;
	assert_true(hist_print(capture_open(&c), h, 65));
	/* bpftrace's layout; empty buckets between are shown, not around. */
	assert_string_equal(capture_text(&c),
		"[4, 8)                12 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		"[8, 16)                0 |                                                    |\n"
		"[16, 32)              24 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n");
	capture_free(&c);
}

static void hist_edges(void **state)
{
	uint64_t h[65] = { 0 };
	struct capture c;

	(void)state;
	assert_true(hist_empty(h, 65));
	assert_false(hist_print(capture_open(&c), h, 65));
	assert_string_equal(capture_text(&c), "");
	capture_free(&c);
	/* Zero and the largest bucket; counts too large for float math. */
	h[0] = UINT64_MAX;
	h[64] = 1;
	assert_false(hist_empty(h, 65));
	hist_print(capture_open(&c), h, 65);
	assert_non_null(strstr(capture_text(&c),
		"[0]             18446744073709551615 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"));
	assert_non_null(strstr(capture_text(&c),
		"[8E, 16E)              1 |                                                    |\n"));
	capture_free(&c);
}

/* ---- tables ---- */

static const struct tcol cols[] = {
	{ "name", NULL, 0 },
	{ "count", NULL, TC_RIGHT },
	{ "extra", "MORE", TC_EXTRA },
	{ "note", NULL, 0 },
};

static const char *const cells[][4] = {
	{ "alpha", "1", "x", "first" },
	{ "b", "12345", "y", "caf\xc3\xa9" },
	{ "c\td\x1b", "7", "z", "" },
};

static void cell(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
	(void)ctx;
	snprintf(buf, len, "%s", cells[row][col]);
}

static const char *print(struct capture *c, const struct table *t)
{
	table_print(capture_open(c), t, 3, cell, NULL);
	return capture_text(c);
}

static void table_default(void **state)
{
	struct capture c;
	struct table t;

	(void)state;
	table_init(&t, cols, 4);
	/* Right-aligned numbers, no trailing blanks, control chars as '?'. */
	assert_string_equal(print(&c, &t),
			    "NAME  COUNT NOTE\n"
			    "alpha     1 first\n"
			    "b     12345 caf\xc3\xa9\n"
			    "c?d?      7 \n");
	capture_free(&c);
}

static void table_output_option(void **state)
{
	struct al_err e;
	struct capture c;
	struct table t;

	(void)state;
	table_init(&t, cols, 4);
	assert_int_equal(table_select(&t, "NOTE,extra", &e), 0);
	t.noheadings = true;
	assert_string_equal(print(&c, &t),
			    "first x\n"
			    "caf\xc3\xa9  y\n"
			    "      z\n");
	capture_free(&c);

	table_init(&t, cols, 4);
	assert_int_equal(table_select(&t, "+extra", &e), 0);
	t.sep = " | ";
	assert_string_equal(print(&c, &t),
			    "NAME  | COUNT | NOTE  | MORE\n"
			    "alpha |     1 | first | x\n"
			    "b     | 12345 | caf\xc3\xa9  | y\n"
			    "c?d?  |     7 |       | z\n");
	capture_free(&c);
	assert_true(table_shows(&t, 2));

	table_init(&t, cols, 4);
	assert_int_equal(table_select(&t, "name,bogus", &e), -1);
	assert_string_equal(e.msg,
			    "-o: unknown column 'bogus' (columns: name,count,extra,note)");
	assert_int_equal(table_select(&t, ",", &e), -1);
}

static void table_rows_helper(void **state)
{
	static const struct tcol two[] = {
		{ "k", NULL, 0 }, { "v", NULL, TC_RIGHT },
	};
	struct table_rows r;
	struct capture c;
	struct table t;

	(void)state;
	table_init(&t, two, 2);
	table_rows_init(&r, 2);
	table_rows_add(&r, "%s\t%d", "one", 1);
	table_rows_add(&r, "%s\t%d", "three", 333);
	table_rows_add(&r, "missing");
	table_rows_print(capture_open(&c), &t, &r);
	assert_string_equal(capture_text(&c),
			    "K         V\n"
			    "one       1\n"
			    "three   333\n"
			    "missing    \n");
	capture_free(&c);
	table_rows_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hist_labels),
		cmocka_unit_test(hist_bars),
		cmocka_unit_test(hist_edges),
		cmocka_unit_test(table_default),
		cmocka_unit_test(table_output_option),
		cmocka_unit_test(table_rows_helper),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
