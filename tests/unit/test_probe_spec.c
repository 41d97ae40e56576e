// SPDX-License-Identifier: GPL-2.0
/* module/probe_spec.c: the probes= parameter, "ROLE:SYM[/SYM...][,...]". */
#include <string.h>

#include "anon_lazy/model.h"
#include "helpers.h"

struct spec {
	char buf[2048];
	struct al_spec_role out[AL_NR_ROLES];
	char err[128];
	int ret;
};

static struct spec *parse(const char *text)
{
	static struct spec s;

	memset(&s, 0, sizeof(s));
	snprintf(s.buf, sizeof(s.buf), "%s", text);
	s.ret = al_parse_probe_spec(s.buf, s.out, s.err, sizeof(s.err));
	return &s;
}

static void expect_error(const char *text, const char *err)
{
	struct spec *s = parse(text);

	if (s->ret != -1 || strcmp(s->err, err))
		fail_msg("'%s': got %d '%s', want -1 '%s'", text, s->ret,
			 s->err, err);
}

static void all_keep(const struct spec *s)
{
	unsigned int i;

	assert_int_equal(s->ret, 0);
	assert_string_equal(s->err, "");
	for (i = 0; i < AL_NR_ROLES; i++)
		assert_int_equal(s->out[i].action, AL_SPEC_KEEP);
}

static void empty(void **state)
{
	struct al_spec_role out[AL_NR_ROLES];
	char err[8] = "x";

	(void)state;
	all_keep(parse(""));
	all_keep(parse("\n"));
	assert_int_equal(al_parse_probe_spec(NULL, out, err, sizeof(err)), 0);
	assert_string_equal(err, "");
}

static void valid(void **state)
{
	struct spec *s;

	(void)state;
	s = parse("anon_vma_prepare:foo");
	assert_int_equal(s->ret, 0);
	assert_int_equal(s->out[AL_ROLE_ANON_VMA_PREPARE].action,
			 AL_SPEC_SYMBOLS);
	assert_int_equal(s->out[AL_ROLE_ANON_VMA_PREPARE].nsyms, 1);
	assert_string_equal(s->out[AL_ROLE_ANON_VMA_PREPARE].syms[0], "foo");
	assert_int_equal(s->out[AL_ROLE_UPGRADE].action, AL_SPEC_KEEP);

	s = parse("upgrade:a/b_2/c.isra.0,lazy_prepare:on,lock_wait:off,walk_ksm:_x");
	assert_int_equal(s->ret, 0);
	assert_int_equal(s->out[AL_ROLE_UPGRADE].nsyms, 3);
	assert_string_equal(s->out[AL_ROLE_UPGRADE].syms[1], "b_2");
	assert_string_equal(s->out[AL_ROLE_UPGRADE].syms[2], "c.isra.0");
	assert_int_equal(s->out[AL_ROLE_LAZY_PREPARE].action, AL_SPEC_ON);
	assert_int_equal(s->out[AL_ROLE_LOCK_WAIT].action, AL_SPEC_OFF);
	assert_int_equal(s->out[AL_ROLE_LOCK_WAIT].nsyms, 0);
	assert_string_equal(s->out[AL_ROLE_WALK_KSM].syms[0], "_x");
}

static void trailing_newline(void **state)
{
	struct spec *s;

	(void)state;
	/* echo ... > /sys/module/.../parameters/probes */
	s = parse("upgrade:foo/bar\n");
	assert_int_equal(s->ret, 0);
	assert_string_equal(s->out[AL_ROLE_UPGRADE].syms[1], "bar");
	s = parse("lock_wait:off\n");
	assert_int_equal(s->out[AL_ROLE_LOCK_WAIT].action, AL_SPEC_OFF);
}

static void unknown_role(void **state)
{
	(void)state;
	expect_error("no_such_role:foo", "unknown role 'no_such_role'");
	expect_error("upgrade:foo,Upgrade:bar", "unknown role 'Upgrade'");
	expect_error("upgrade", "expected ROLE:VALUE, got 'upgrade'");
}

static void bad_symbols(void **state)
{
	(void)state;
	expect_error("upgrade:foo-bar", "bad symbol 'foo-bar'");
	expect_error("upgrade:1abc", "bad symbol '1abc'");
	expect_error("upgrade:.foo", "bad symbol '.foo'");
	expect_error("upgrade:foo bar", "bad symbol 'foo bar'");
	expect_error("upgrade:", "bad symbol ''");
	expect_error("upgrade:a//b", "bad symbol ''");
	expect_error("upgrade:a/", "bad symbol ''");
	expect_error("upgrade:a:b", "bad symbol 'a:b'");
}

static void symbol_length(void **state)
{
	char spec[300], sym[200];
	struct spec *s;

	(void)state;
	memset(sym, 'a', sizeof(sym));
	sym[AL_SYM_MAX - 1] = '\0';
	snprintf(spec, sizeof(spec), "upgrade:%s", sym);
	s = parse(spec);
	assert_int_equal(s->ret, 0);
	sym[AL_SYM_MAX - 1] = 'a';
	sym[AL_SYM_MAX] = '\0';
	snprintf(spec, sizeof(spec), "upgrade:%s", sym);
	assert_int_equal(parse(spec)->ret, -1);
}

static void too_many_symbols(void **state)
{
	struct spec *s;

	(void)state;
	s = parse("upgrade:a/b/c/d/e/f/g/h");
	assert_int_equal(s->ret, 0);
	assert_int_equal(s->out[AL_ROLE_UPGRADE].nsyms, AL_MAX_CANDIDATES);
	expect_error("upgrade:a/b/c/d/e/f/g/h/i",
		     "too many symbols for 'upgrade'");
}

static void duplicate_role(void **state)
{
	(void)state;
	expect_error("upgrade:a,upgrade:b", "role given twice 'upgrade'");
	expect_error("lock_wait:off,lock_wait:on", "role given twice 'lock_wait'");
}

static void empty_items(void **state)
{
	(void)state;
	expect_error("upgrade:a,,lock_wait:off", "empty item in 'probes'");
	expect_error(",upgrade:a", "empty item in 'probes'");
	expect_error("upgrade:a,", "empty item in 'probes'");
	expect_error("upgrade:a,\n", "empty item in 'probes'");
}

static void short_error_buffer(void **state)
{
	struct al_spec_role out[AL_NR_ROLES];
	char buf[] = "no_such_role:x", err[8];

	(void)state;
	assert_int_equal(al_parse_probe_spec(buf, out, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown");
}

/* al_check_params(): the numeric parameters' ranges, at their edges. */
static int check(unsigned int capacity, int maxactive, int clone_op,
		 unsigned long lazy, unsigned long parent, char *err)
{
	const struct al_params p = {
		.capacity = capacity, .maxactive = maxactive,
		.clone_op = clone_op, .tag_lazy = lazy, .tag_parent = parent,
	};

	return al_check_params(&p, err, 128);
}

static void params_in_range(void **state)
{
	char err[128] = "x";

	(void)state;
	assert_int_equal(check(AL_CAPACITY_DEFAULT, 0, -1, 0, 0, err), 0);
	assert_string_equal(err, "");
	assert_int_equal(check(1, 0, -1, 0, 0, err), 0);
	assert_int_equal(check(16777216, 4096, 1, 7, 6, err), 0);
	assert_int_equal(check(1, 1, 0, 1, 0, err), 0);
	assert_int_equal(check(1, 1, 0, 0, 2, err), 0);
}

static void params_out_of_range(void **state)
{
	char err[128];

	(void)state;
	assert_int_equal(check(0, 0, -1, 0, 0, err), -1);
	assert_string_equal(err, "capacity=0: must be 1..16777216");
	assert_int_equal(check(16777217, 0, -1, 0, 0, err), -1);
	assert_string_equal(err, "capacity=16777217: must be 1..16777216");
	assert_int_equal(check(4294967295U, 0, -1, 0, 0, err), -1);
	assert_int_equal(check(1, -1, -1, 0, 0, err), -1);
	assert_string_equal(err, "maxactive=-1: must be 0..4096");
	assert_int_equal(check(1, 4097, -1, 0, 0, err), -1);
	assert_int_equal(check(1, 0, -2, 0, 0, err), -1);
	assert_string_equal(err, "clone_op=-2: must be -1, 0 or 1");
	assert_int_equal(check(1, 0, 2, 0, 0, err), -1);
	assert_int_equal(check(1, 0, -1, 8, 0, err), -1);
	assert_string_equal(err,
			    "tag_lazy=0x8 tag_parent=0: tags are distinct values below 0x8");
	assert_int_equal(check(1, 0, -1, 0, ~0UL, err), -1);
	assert_int_equal(check(1, 0, -1, 3, 3, err), -1);
	/* The first bad parameter is the one named. */
	assert_int_equal(check(0, 9999, 5, 9, 9, err), -1);
	assert_string_equal(err, "capacity=0: must be 1..16777216");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty),
		cmocka_unit_test(valid),
		cmocka_unit_test(trailing_newline),
		cmocka_unit_test(unknown_role),
		cmocka_unit_test(bad_symbols),
		cmocka_unit_test(symbol_length),
		cmocka_unit_test(too_many_symbols),
		cmocka_unit_test(duplicate_role),
		cmocka_unit_test(empty_items),
		cmocka_unit_test(short_error_buffer),
		cmocka_unit_test(params_in_range),
		cmocka_unit_test(params_out_of_range),
	};

	return cmocka_run_group_tests_name("probe_spec", tests, NULL, NULL);
}
