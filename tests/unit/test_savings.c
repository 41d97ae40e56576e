// SPDX-License-Identifier: GPL-2.0
/* The savings model: slabinfo KB now, minus what the series would not allocate. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "savings.h"

struct box {
	char *slab_buf, *sum_buf, *ver_buf;
	struct al_slabinfo slab;
	struct al_summary sum;
	struct al_version ver;
};

static void load_box(struct box *b, const char *kernel)
{
	char path[128];
	struct al_err e;
	size_t len;

	snprintf(path, sizeof(path), "%s/slabinfo", kernel);
	b->slab_buf = fixture_read(path, &len);
	assert_int_equal(al_parse_slabinfo(b->slab_buf, len, path, &b->slab, &e), 0);
	snprintf(path, sizeof(path), "%s/summary", kernel);
	b->sum_buf = fixture_read(path, &len);
	assert_int_equal(al_parse_summary(b->sum_buf, len, path, &b->sum, &e), 0);
	snprintf(path, sizeof(path), "%s/version", kernel);
	b->ver_buf = fixture_read(path, &len);
	assert_int_equal(al_parse_version(b->ver_buf, len, path, &b->ver, &e), 0);
}

static void free_box(struct box *b)
{
	al_slabinfo_free(&b->slab);
	free(b->slab_buf);
	free(b->sum_buf);
	free(b->ver_buf);
}

#define assert_near(a, b) \
	do { \
		if (fabs((a) - (b)) > 1e-9) \
			fail_msg("%.12f != %.12f", (double)(a), (double)(b)); \
	} while (0)

static void from_slabinfo(void **state)
{
	struct al_saving s;
	struct box b;

	(void)state;
	load_box(&b, K61);
	/* anon_vma: 351 active x 104 bytes; the module would free 104 - 52. */
	assert_int_equal(al_saving_compute(AL_OBJ_ANON_VMA, &b.slab, &b.sum,
					   &b.ver, &s), 0);
	assert_int_equal(s.source, AL_KB_SLABINFO);
	assert_int_equal(s.active, 351);
	assert_int_equal(s.objsize, 104);
	assert_int_equal(s.saved, 52);
	assert_near(s.now_kb, 351 * 104 / 1024.0);
	assert_near(s.projected_kb, (351 - 52) * 104 / 1024.0);
	assert_near(s.stock_kb, s.now_kb);
	assert_near(s.change_pct, -52 * 100.0 / 351);
	assert_false(s.clamped);
	/* anon_vma_chain: 576 x 64 = 36 KB, 162 - 106 chains fewer. */
	assert_int_equal(al_saving_compute(AL_OBJ_AVC, &b.slab, &b.sum, &b.ver,
					   &s), 0);
	assert_near(s.now_kb, 36.0);
	assert_near(s.projected_kb, 36.0 - 56 * 64 / 1024.0);
	/* vm_area_struct: unchanged by the model. */
	assert_int_equal(al_saving_compute(AL_OBJ_VMA, &b.slab, &b.sum, &b.ver,
					   &s), 0);
	assert_near(s.now_kb, 460 * 152 / 1024.0);
	assert_near(s.projected_kb, s.now_kb);
	assert_near(s.change_pct, 0.0);
	free_box(&b);
}

/* Merged caches (no slab_nomerge): the module's counts stand in. */
static void module_fallback(void **state)
{
	struct al_saving s;
	struct box b;

	(void)state;
	load_box(&b, K612);
	assert_int_equal(al_saving_compute(AL_OBJ_ANON_VMA, NULL, &b.sum,
					   &b.ver, &s), 0);
	assert_int_equal(s.source, AL_KB_MODULE);
	assert_int_equal(s.objsize, 96);
	assert_near(s.now_kb, 104 * 96 / 1024.0);
	assert_near(s.projected_kb, 52 * 96 / 1024.0);
	assert_near(s.change_pct, -50.0);
	assert_int_equal(al_saving_compute(AL_OBJ_VMA, NULL, &b.sum, &b.ver,
					   &s), 0);
	assert_near(s.now_kb, 276 * 176 / 1024.0);
	/* No row and no size.<name>: nothing to stand in. */
	b.ver.size[AL_OBJ_AVC] = 0;
	assert_int_equal(al_saving_compute(AL_OBJ_AVC, NULL, &b.sum, &b.ver,
					   &s), -1);
	free_box(&b);
}

static void clamped(void **state)
{
	struct al_saving s;
	struct box b;

	(void)state;
	load_box(&b, K61);
	/* More objects to save than the slab holds: 0, and said so. */
	b.sum.av_now = 1000;
	b.sum.av_proj = 0;
	assert_int_equal(al_saving_compute(AL_OBJ_ANON_VMA, &b.slab, &b.sum,
					   &b.ver, &s), 0);
	assert_true(s.clamped);
	assert_near(s.projected_kb, 0.0);
	assert_near(s.change_pct, -100.0);
	free_box(&b);
}

/* Series kernels: now is lazy already, the module estimates stock. */
static void series_estimate(void **state)
{
	struct al_saving s;
	struct box b;

	(void)state;
	load_box(&b, K61);
	b.sum.series = true;
	b.sum.av_proj = b.sum.av_now = 100;
	b.sum.av_stock = 340;
	b.sum.has_av_stock = true;
	assert_int_equal(al_saving_compute(AL_OBJ_ANON_VMA, &b.slab, &b.sum,
					   &b.ver, &s), 0);
	assert_int_equal(s.saved, 240);
	assert_near(s.now_kb, 351 * 104 / 1024.0);
	assert_near(s.projected_kb, s.now_kb);
	assert_near(s.stock_kb, (351 + 240) * 104 / 1024.0);
	assert_near(s.change_pct, -240 * 100.0 / 591);
	assert_false(s.no_estimate);
	/* An older module without the estimate: no change, and said so. */
	b.sum.has_av_stock = false;
	assert_int_equal(al_saving_compute(AL_OBJ_ANON_VMA, &b.slab, &b.sum,
					   &b.ver, &s), 0);
	assert_true(s.no_estimate);
	assert_near(s.stock_kb, s.now_kb);
	assert_true(isnan(s.change_pct));
	free_box(&b);
}

static void change_pct(void **state)
{
	(void)state;
	assert_near(al_change_pct(100, 50), -50.0);
	assert_near(al_change_pct(0, 0), 0.0);
	assert_true(isnan(al_change_pct(0, 5)));
	/* The cover letter's own rows give its own percentages. */
	assert_int_equal((int)lround(al_change_pct(20426.4, 613.75) * 10), -970);
	assert_int_equal((int)lround(al_change_pct(18865.8, 8112.06) * 10), -570);
	assert_int_equal((int)lround(al_change_pct(117035, 118176) * 10), 10);
	assert_int_equal((int)lround(al_change_pct(33280, 2648.12) * 10), -920);
	assert_int_equal((int)lround(al_change_pct(31477.1, 15576.8) * 10), -505);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_slabinfo),
		cmocka_unit_test(module_fallback),
		cmocka_unit_test(clamped),
		cmocka_unit_test(series_estimate),
		cmocka_unit_test(change_pct),
	};

	return cmocka_run_group_tests_name("savings", tests, NULL, NULL);
}
