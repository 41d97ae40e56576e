// SPDX-License-Identifier: GPL-2.0
/*
 * module/model.c: the state rules (stock and series), the chain and
 * anon_vma projections, and the tag learner, against what model.h says.
 */
#include <string.h>

#include "anon_lazy/model.h"
#include "helpers.h"

static const struct al_tags stock = { 0 };
static const struct al_tags series = {
	.series = true, .mask = 0x3, .lazy = 0x1, .parent = 0x2,
};

/* anon_vma fields as measured on 6.1 and 6.12 (docs: measured.md). */
static const struct al_av_fields av_none = { 0 };
static const struct al_av_fields av_own = {		/* lazy */
	.present = true, .self_parent = true, .num_children = 1,
};
static const struct al_av_fields av_forked = {		/* forked from */
	.present = true, .self_parent = true, .num_children = 2,
};
static const struct al_av_fields av_child = {		/* fork child */
	.present = true, .self_parent = false, .num_children = 0,
};
static const struct al_av_fields av_child_forked = {	/* child, forked */
	.present = true, .self_parent = false, .num_children = 1,
};

static const struct al_history unknown = { 0 };
static const struct al_history seen = { .known = true };
static const struct al_history seen_forked = { .known = true, .forks = 1 };
static const struct al_history seen_child = {
	.known = true, .flags = AL_H_FORK_CHILD,
};

static void expect(const struct al_av_fields *av, const struct al_history *h,
		   const struct al_tags *t, enum al_state state, bool inferred)
{
	bool inf = !inferred;
	enum al_state got = al_classify(av, h, t, &inf);

	if (got != state || inf != inferred)
		fail_msg("got %s%s, want %s%s", al_state_name(got),
			 inf ? " (inferred)" : "", al_state_name(state),
			 inferred ? " (inferred)" : "");
}

static void classify_stock(void **state)
{
	(void)state;
	expect(&av_none, &seen, &stock, AL_STATE_NONE, false);
	expect(&av_none, &unknown, &stock, AL_STATE_NONE, false);
	expect(&av_own, &seen, &stock, AL_STATE_LAZY, false);
	expect(&av_own, &unknown, &stock, AL_STATE_LAZY, true);
	/* Forked from: seen, or read off the anon_vma's children. */
	expect(&av_own, &seen_forked, &stock, AL_STATE_UPGRADED, false);
	expect(&av_forked, &unknown, &stock, AL_STATE_UPGRADED, true);
	expect(&av_forked, &seen, &stock, AL_STATE_UPGRADED, true);
	/* Upgraded is sticky once the child is gone (children back to 0). */
	expect(&av_own, &seen_forked, &stock, AL_STATE_UPGRADED, false);
	expect(&av_child, &seen_child, &stock, AL_STATE_LAZY_PARENT, false);
	expect(&av_child, &unknown, &stock, AL_STATE_LAZY_PARENT, true);
	expect(&av_child_forked, &seen_child, &stock, AL_STATE_UPGRADED, true);
	expect(&av_child, &seen_forked, &stock, AL_STATE_UPGRADED, false);
}

static void classify_series(void **state)
{
	struct al_av_fields tag_lazy = { .present = true, .tag = 0x1 };
	struct al_av_fields tag_parent = { .present = true, .tag = 0x2 };
	struct al_av_fields tag_other = { .present = true, .tag = 0x4 };
	struct al_history lazy = { .known = true, .flags = AL_H_LAZY };
	struct al_history lazy_forked = { .known = true, .flags = AL_H_LAZY,
					  .forks = 1 };
	struct al_history upgraded = { .known = true,
				       .flags = AL_H_LAZY | AL_H_UPGRADED };
	struct al_history eager = { .known = true,
				    .flags = AL_H_PREPARED | AL_H_EAGER };
	struct al_tags unlearned = { .series = true };

	(void)state;
	/* What was seen decides, whatever vma->anon_vma holds now. */
	expect(&av_own, &upgraded, &series, AL_STATE_UPGRADED, false);
	expect(&tag_lazy, &upgraded, &series, AL_STATE_UPGRADED, false);
	expect(&av_own, &eager, &series, AL_STATE_EAGER, false);
	expect(&tag_lazy, &lazy, &series, AL_STATE_LAZY, false);
	expect(&tag_other, &lazy, &series, AL_STATE_LAZY, false);
	expect(&av_none, &lazy, &series, AL_STATE_LAZY, false);
	/* A lazy VMA forked from: the series upgrades the parent at fork. */
	expect(&tag_lazy, &lazy_forked, &series, AL_STATE_UPGRADED, false);
	expect(&tag_parent, &seen_child, &series, AL_STATE_LAZY_PARENT, false);
	expect(&tag_other, &seen_child, &series, AL_STATE_LAZY_PARENT, false);
	expect(&tag_lazy, &seen_child, &unlearned, AL_STATE_LAZY_PARENT, false);
	/* Nothing seen: the tag, else the anon_vma's children, inferred. */
	expect(&av_none, &unknown, &series, AL_STATE_NONE, false);
	expect(&av_none, &seen, &series, AL_STATE_NONE, false);
	expect(&tag_lazy, &unknown, &series, AL_STATE_LAZY, true);
	expect(&tag_parent, &unknown, &series, AL_STATE_LAZY_PARENT, true);
	expect(&tag_other, &unknown, &series, AL_STATE_LAZY, true);
	expect(&tag_parent, &unknown, &unlearned, AL_STATE_LAZY, true);
	expect(&av_forked, &unknown, &series, AL_STATE_UPGRADED, true);
	expect(&av_own, &unknown, &series, AL_STATE_EAGER, true);
	expect(&av_own, &seen, &series, AL_STATE_EAGER, true);
	/* Forked from but never lazy: eager stays eager. */
	expect(&av_own, &seen_forked, &series, AL_STATE_EAGER, true);
}

static void stock_extra(void **state)
{
	(void)state;
	/* A series lazy lineage saved one anon_vma (and chain) of stock's. */
	assert_int_equal(al_stock_extra(AL_STATE_LAZY, false), 1);
	assert_int_equal(al_stock_extra(AL_STATE_LAZY_PARENT, false), 1);
	assert_int_equal(al_stock_extra(AL_STATE_LAZY, true), 0);
	assert_int_equal(al_stock_extra(AL_STATE_UPGRADED, false), 0);
	assert_int_equal(al_stock_extra(AL_STATE_EAGER, true), 0);
	assert_int_equal(al_stock_extra(AL_STATE_NONE, false), 0);
}

static void projected_chains(void **state)
{
	(void)state;
	assert_int_equal(al_projected_chains(AL_STATE_LAZY, 1), 0);
	assert_int_equal(al_projected_chains(AL_STATE_LAZY, 3), 0);
	assert_int_equal(al_projected_chains(AL_STATE_LAZY_PARENT, 2), 1);
	assert_int_equal(al_projected_chains(AL_STATE_LAZY_PARENT, 5), 4);
	assert_int_equal(al_projected_chains(AL_STATE_LAZY_PARENT, 0), 0);
	assert_int_equal(al_projected_chains(AL_STATE_UPGRADED, 2), 2);
	assert_int_equal(al_projected_chains(AL_STATE_EAGER, 1), 1);
	assert_int_equal(al_projected_chains(AL_STATE_NONE, 0), 0);
}

static void anon_vma_kept(void **state)
{
	(void)state;
	assert_true(al_anon_vma_kept(AL_STATE_NONE, 1));
	assert_true(al_anon_vma_kept(AL_STATE_LAZY, 2));
	assert_false(al_anon_vma_kept(AL_STATE_NONE, 0));
	assert_false(al_anon_vma_kept(AL_STATE_LAZY, 0));
	assert_false(al_anon_vma_kept(AL_STATE_LAZY_PARENT, 0));
	assert_true(al_anon_vma_kept(AL_STATE_UPGRADED, 0));
	assert_true(al_anon_vma_kept(AL_STATE_EAGER, 0));
	assert_int_equal(al_av_children(&av_own), 0);
	assert_int_equal(al_av_children(&av_forked), 1);
	assert_int_equal(al_av_children(&av_child), 0);
	assert_int_equal(al_av_children(&av_child_forked), 1);
	/* Never below zero. */
	{
		struct al_av_fields odd = { .present = true, .self_parent = true };

		assert_int_equal(al_av_children(&odd), 0);
	}
}

/* ---- tag learner ---- */

#define PTR	0xffff888012345600UL	/* an anon_vma, 8-byte aligned */

static void learn(unsigned long lazy, unsigned long parent)
{
	struct al_tag_learner l;

	al_tag_init(&l, NULL);
	assert_int_equal(l.status, AL_TAG_UNKNOWN);
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR | lazy);
	assert_int_equal(l.status, AL_TAG_LEARNED);
	assert_int_equal(l.tags.lazy, lazy);
	al_tag_observe(&l, AL_TAG_EV_PARENT, PTR | parent);
	al_tag_observe(&l, AL_TAG_EV_LAZY, 0x1000 | lazy);
	al_tag_observe(&l, AL_TAG_EV_REAL, PTR);
	assert_int_equal(l.status, AL_TAG_LEARNED);
	assert_int_equal(l.tags.lazy, lazy);
	assert_int_equal(l.tags.parent, parent);
	assert_int_equal(l.tags.mask, lazy | parent);
	assert_int_equal(l.conflicts, 0);
	assert_int_equal(l.seen_lazy, 2);
	assert_int_equal(l.seen_parent, 1);
	assert_int_equal(l.seen_real, 1);
	assert_string_equal(al_tag_status_name(l.status), "learned");
}

static void tags_bit0_bit1_both(void **state)
{
	(void)state;
	learn(0x1, 0x2);	/* lazy in bit 0 */
	learn(0x2, 0x1);	/* lazy in bit 1 */
	learn(0x3, 0x1);	/* both bits */
	learn(0x1, 0x3);
}

static void tags_conflicts(void **state)
{
	struct al_tag_learner l;

	(void)state;
	/* A pointer with no tag where a tag must be: counted, not guessed. */
	al_tag_init(&l, NULL);
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR);
	assert_int_equal(l.status, AL_TAG_CONFLICT);
	assert_int_equal(l.conflicts, 1);
	assert_int_equal(l.tags.lazy, 0);
	assert_string_equal(al_tag_status_name(l.status), "conflict");

	/* Two values for one tag: the first stays, the second is a conflict. */
	al_tag_init(&l, NULL);
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR | 1);
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR | 2);
	assert_int_equal(l.status, AL_TAG_CONFLICT);
	assert_int_equal(l.tags.lazy, 1);
	assert_int_equal(l.last_conflict, 2);

	/* Parent tag equal to the lazy one. */
	al_tag_init(&l, NULL);
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR | 1);
	al_tag_observe(&l, AL_TAG_EV_PARENT, PTR | 1);
	assert_int_equal(l.status, AL_TAG_CONFLICT);
	assert_int_equal(l.tags.parent, 0);

	/* A real anon_vma carrying a known tag bit. */
	al_tag_init(&l, NULL);
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR | 1);
	al_tag_observe(&l, AL_TAG_EV_REAL, PTR | 1);
	assert_int_equal(l.status, AL_TAG_CONFLICT);
	assert_int_equal(l.conflicts, 1);
	/* A conflict is not undone by later agreement. */
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR | 1);
	assert_int_equal(l.status, AL_TAG_CONFLICT);
}

/*
 * model.h: "after __anon_vma_prepare/upgrade: untagged".  A real anon_vma
 * is 8-byte aligned, so any low bit on one contradicts that, whether or
 * not a tag has been learned yet.
 */
static void tags_real_before_learning(void **state)
{
	struct al_tag_learner l;

	(void)state;
	al_tag_init(&l, NULL);
	al_tag_observe(&l, AL_TAG_EV_REAL, PTR | 0x4);
	assert_int_equal(l.conflicts, 1);
	assert_int_equal(l.status, AL_TAG_CONFLICT);
}

static void tags_given(void **state)
{
	struct al_tags given = { .series = true, .lazy = 0x2, .parent = 0x1 };
	struct al_tag_learner l;

	(void)state;
	al_tag_init(&l, &given);
	assert_int_equal(l.status, AL_TAG_GIVEN);
	assert_int_equal(l.tags.mask, 0x3);
	assert_string_equal(al_tag_status_name(l.status), "parameter");
	/* Observations that disagree are counted; the parameter stays. */
	al_tag_observe(&l, AL_TAG_EV_LAZY, PTR | 0x1);
	al_tag_observe(&l, AL_TAG_EV_PARENT, PTR | 0x4);
	assert_int_equal(l.status, AL_TAG_GIVEN);
	assert_int_equal(l.conflicts, 2);
	assert_int_equal(l.tags.lazy, 0x2);
	assert_int_equal(l.tags.parent, 0x1);

	/* Given one tag only: the other is not learned behind its back. */
	given.parent = 0;
	al_tag_init(&l, &given);
	al_tag_observe(&l, AL_TAG_EV_PARENT, PTR | 0x1);
	assert_int_equal(l.status, AL_TAG_GIVEN);
	assert_int_equal(l.tags.parent, 0);

	/* Nothing given: nothing known. */
	given = (struct al_tags){ .series = true };
	al_tag_init(&l, &given);
	assert_int_equal(l.status, AL_TAG_UNKNOWN);
	assert_string_equal(al_tag_status_name(l.status), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify_stock),
		cmocka_unit_test(classify_series),
		cmocka_unit_test(stock_extra),
		cmocka_unit_test(projected_chains),
		cmocka_unit_test(anon_vma_kept),
		cmocka_unit_test(tags_bit0_bit1_both),
		cmocka_unit_test(tags_conflicts),
		cmocka_unit_test(tags_real_before_learning),
		cmocka_unit_test(tags_given),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
