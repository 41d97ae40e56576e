// SPDX-License-Identifier: GPL-2.0
/* module/model.c: al_out, the printf-free line writer of the vmas file. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon_lazy/model.h"
#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const unsigned long long edges[] = {
	0, 1, 9, 10, 15, 16, 99, 100, 255, 256, 4095, 65535, 65536,
	0x7fffffffULL, 0x80000000ULL, 0xffffffffULL, 0x100000000ULL,
	0xffffffffffffULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	ULLONG_MAX, 12345678901234567890ULL,
};

/* Every writer against snprintf, at edges and at random values. */
static void same_as_printf(void **state)
{
	char want[64], buf[64];
	unsigned int i, w, r;
	struct al_out o;

	(void)state;
	srand(20261126);
	for (r = 0; r < 20000; r++) {
		unsigned long long v = r < ARRAY_LEN(edges) ? edges[r] :
			((unsigned long long)rand() << 33) ^
			((unsigned long long)rand() << 11) ^ (unsigned long long)rand();

		v >>= (r % 64) * (r >= ARRAY_LEN(edges));
		al_out_init(&o, buf, sizeof(buf));
		al_out_u64(&o, v);
		snprintf(want, sizeof(want), "%llu", v);
		assert_string_equal(buf, want);
		assert_int_equal(o.len, strlen(want));

		al_out_init(&o, buf, sizeof(buf));
		al_out_s64(&o, (long long)v);
		snprintf(want, sizeof(want), "%lld", (long long)v);
		assert_string_equal(buf, want);

		for (w = 0; w <= 17; w += (w < 4 ? 1 : 4)) {
			al_out_init(&o, buf, sizeof(buf));
			al_out_hex(&o, v, w);
			snprintf(want, sizeof(want), "%0*llx", w > 16 ? 16 : w, v);
			assert_string_equal(buf, want);
		}
	}
	al_out_init(&o, buf, sizeof(buf));
	al_out_s64(&o, LLONG_MIN);
	snprintf(want, sizeof(want), "%lld", LLONG_MIN);
	assert_string_equal(buf, want);
	for (i = 0; i < 3; i++) {
		al_out_init(&o, buf, sizeof(buf));
		al_out_str(&o, "pid ");
		al_out_chr(&o, 'x');
		al_out_str(&o, "");
		assert_string_equal(buf, "pid x");
	}
}

/*
 * A full buffer truncates each piece where a copy would, stays terminated
 * and never writes past size: every size up to and past the whole line.
 */
static void truncates(void **state)
{
	static const char line[] = "abc1234560000deadbeef-42-\n";
	char buf[40];
	struct al_out o;
	size_t size, want;

	(void)state;
	for (size = 0; size <= sizeof(line) + 2; size++) {
		memset(buf, '#', sizeof(buf));
		al_out_init(&o, buf, size);
		al_out_str(&o, "abc");
		al_out_u64(&o, 123456);
		al_out_hex(&o, 0xdeadbeef, 12);
		al_out_s64(&o, -42);
		al_out_chr(&o, '-');
		al_out_chr(&o, '\n');
		want = size ? size - 1 : 0;
		if (want > sizeof(line) - 1)
			want = sizeof(line) - 1;
		assert_int_equal(o.len, want);
		if (size) {
			assert_int_equal(buf[want], '\0');
			assert_memory_equal(buf, line, want);
		}
		assert_int_equal(buf[size], '#');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_printf),
		cmocka_unit_test(truncates),
	};

	return cmocka_run_group_tests_name("out", tests, NULL, NULL);
}
