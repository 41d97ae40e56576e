// SPDX-License-Identifier: GPL-2.0
/* -p matching, -s sorting, the hash map, and the interval movers. */
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "hash.h"
#include "helpers.h"
#include "movers.h"
#include "procs.h"
#include "sort.h"
#include "vmalist.h"

static void filter_match(void **state)
{
	struct al_filter f = { 0 };
	struct al_err e;

	(void)state;
	assert_true(al_filter_match(&f, 1, "anything"));
	assert_true(al_filter_match(NULL, 1, "anything"));
	assert_int_equal(al_filter_add(&f, "134", &e), 0);
	assert_true(al_filter_match(&f, 134, "topology"));
	assert_false(al_filter_match(&f, 135, "topology"));
	assert_int_equal(al_filter_add(&f, "c?t", &e), 0);
	assert_true(al_filter_match(&f, 9, "cat"));
	assert_false(al_filter_match(&f, 9, "capture.sh"));
	assert_int_equal(al_filter_add(&f, "capture*", &e), 0);
	assert_true(al_filter_match(&f, 9, "capture.sh"));
	/* Exact match also for names that look like globs. */
	assert_int_equal(al_filter_add(&f, "[kworker]", &e), 0);
	assert_true(al_filter_match(&f, 9, "[kworker]"));
	assert_true(al_filter_match(&f, 9, "k"));	/* and as the glob */
	assert_false(al_filter_match(&f, 9, "kworker"));
	assert_int_equal(al_filter_add(&f, "Web Content", &e), 0);
	assert_true(al_filter_match(&f, 9, "Web Content"));
}

static void filter_errors(void **state)
{
	struct al_filter f = { 0 };
	struct al_err e;
	int i;

	(void)state;
	assert_int_equal(al_filter_add(&f, "", &e), -1);
	assert_int_equal(al_filter_add(&f, "0", &e), -1);
	assert_string_equal(e.msg, "-p: no such pid: 0");
	assert_int_equal(al_filter_add(&f, "4294967296", &e), -1);
	for (i = 0; i < AL_FILTER_MAX; i++)
		assert_int_equal(al_filter_add(&f, "x", &e), 0);
	assert_int_equal(al_filter_add(&f, "x", &e), -1);
}

static void hash_map(void **state)
{
	struct al_hmap m = { 0 };
	uint32_t *v;
	uint64_t i;
	bool added;

	(void)state;
	assert_null(al_hmap_get(&m, 1, 2));
	for (i = 0; i < 100000; i++) {
		v = al_hmap_put(&m, i % 1000, i, &added);
		assert_true(added);
		*v = (uint32_t)(i * 3);
	}
	assert_int_equal(m.n, 100000);
	for (i = 0; i < 100000; i++) {
		v = al_hmap_get(&m, i % 1000, i);
		assert_non_null(v);
		assert_true(*v == (uint32_t)(i * 3));
	}
	v = al_hmap_put(&m, 7, 7, &added);
	assert_false(added);
	assert_int_equal(*v, 21);
	assert_null(al_hmap_get(&m, 7, 8));
	al_hmap_free(&m);
}

static void movers(void **state)
{
	struct al_sample a, b;
	struct al_mover *m;
	int64_t v[3];
	size_t n;

	(void)state;
	al_sample_init(&a, 3);
	al_sample_init(&b, 3);
	/* field 0 is categorical (a state), 1 and 2 counts */
	v[0] = 1, v[1] = 10, v[2] = 0;
	al_sample_add(&a, 1, 0x1000, v);
	al_sample_add(&b, 1, 0x1000, v);	/* unchanged */
	v[0] = 1, v[1] = 5, v[2] = 0;
	al_sample_add(&a, 1, 0x2000, v);
	v[0] = 3, v[1] = 5, v[2] = 4;
	al_sample_add(&b, 1, 0x2000, v);	/* state changed, +4 */
	v[0] = 1, v[1] = 2, v[2] = 0;
	al_sample_add(&b, 2, 0x1000, v);	/* new: counts in full */
	v[0] = 1, v[1] = 100, v[2] = 0;
	al_sample_add(&a, 3, 0x1000, v);
	v[1] = 50;
	al_sample_add(&b, 3, 0x1000, v);	/* -50 */

	n = al_movers(&b, &a, 1u << 0, 0, &m);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].rec, 3);
	assert_int_equal(m[0].d[1], -50);
	assert_int_equal(m[0].score, 50);
	assert_int_equal(m[1].rec, 1);
	assert_int_equal(m[1].d[0], 1);
	assert_int_equal(m[1].prev[0], 1);
	assert_int_equal(m[1].score, 5);
	assert_int_equal(m[2].rec, 2);
	assert_null(m[2].prev);
	assert_int_equal(m[2].score, 3);
	free(m);
	n = al_movers(&b, &a, 1u << 0, 2, &m);
	assert_int_equal(n, 2);
	free(m);
	al_sample_free(&a);
	al_sample_free(&b);
}

static const struct al_sortkey *key(const char *name)
{
	const struct al_sortkey *k;
	struct al_err e;

	k = al_sortkey_find(al_vma_sortkeys, al_nr_vma_sortkeys, name, &e);
	if (!k)
		fail_msg("%s", e.msg);
	return k;
}

static void sort_vmas(void **state)
{
	struct al_vmalist l = { 0 };
	struct al_filter f = { 0 };
	struct al_err e;
	size_t len, i;
	char *buf = fixture_read(K61 "/vmas", &len);

	(void)state;
	assert_int_equal(al_filter_add(&f, "topology", &e), 0);
	l.filter = &f;
	assert_int_equal(al_parse_vmas(buf, len, "vmas", al_vmalist_add, &l,
				       &e), 0);
	assert_int_equal(l.n, 65);
	/* Counts: largest first, ties in file order (pid, then address). */
	al_sort(l.v, l.n, sizeof(*l.v), key("avcs"));
	assert_int_equal(l.v[0].avcs, 2);
	for (i = 1; i < l.n; i++) {
		assert_true(l.v[i - 1].avcs >= l.v[i].avcs);
		if (l.v[i - 1].avcs == l.v[i].avcs &&
		    l.v[i - 1].pid == l.v[i].pid)
			assert_true(l.v[i - 1].start < l.v[i].start);
	}
	/* Identities: ascending. */
	al_sort(l.v, l.n, sizeof(*l.v), key("pid"));
	assert_int_equal(l.v[0].pid, 134);
	assert_int_equal(l.v[l.n - 1].pid, 135);
	al_sort(l.v, l.n, sizeof(*l.v), key("comm"));
	al_sort(l.v, l.n, sizeof(*l.v), key("rmap_migrate"));
	assert_true(l.v[0].rmap[AL_WALK_MIGRATE] >=
		    l.v[l.n - 1].rmap[AL_WALK_MIGRATE]);
	assert_null(al_sortkey_find(al_vma_sortkeys, al_nr_vma_sortkeys,
				    "bogus", &e));
	assert_non_null(strstr(e.msg, "unknown sort field 'bogus' (fields: pid,start,"));
	al_vmalist_free(&l);
	free(buf);
}

static void sort_procs(void **state)
{
	struct al_procs ps = { 0 };
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K612 "/vmas", &len);
	const struct al_sortkey *k;

	(void)state;
	assert_int_equal(al_parse_vmas(buf, len, "vmas", al_procs_add, &ps,
				       &e), 0);
	k = al_sortkey_find(al_proc_sortkeys, al_nr_proc_sortkeys, "avcs", &e);
	assert_non_null(k);
	al_sort(ps.p, ps.n, sizeof(*ps.p), k);
	assert_int_equal(ps.p[0].pid, 178);	/* the topology child: 55 */
	assert_int_equal(ps.p[0].avcs, 55);
	k = al_sortkey_find(al_proc_sortkeys, al_nr_proc_sortkeys,
			    "lazy-parent", &e);
	assert_non_null(k);
	al_procs_free(&ps);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(filter_match),
		cmocka_unit_test(filter_errors),
		cmocka_unit_test(hash_map),
		cmocka_unit_test(movers),
		cmocka_unit_test(sort_vmas),
		cmocka_unit_test(sort_procs),
	};

	return cmocka_run_group_tests_name("aggregate", tests, NULL, NULL);
}
