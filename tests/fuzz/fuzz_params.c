// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the module's own parameter code (module/probe_spec.c,
 * the file the module builds): every input is one generated value of every
 * numeric parameter or one probes= string.
 *
 * First byte even: the next 28 bytes are capacity, maxactive, clone_op,
 * tag_lazy and tag_parent as the kernel's parser would leave them (missing
 * bytes are zero); al_check_params() must agree with the README's ranges,
 * written out again here, and name the first bad parameter.
 *
 * First byte odd: the rest, up to its first NUL (as a charp parameter is),
 * is a probes= value.  al_parse_probe_spec() must return 0 or -1 with a
 * message; what it accepts must be well formed (known action, 1..8 valid
 * symbols of < AL_SYM_MAX bytes inside the buffer, nothing for other
 * actions) and must parse again, written back out, to the same roles.
 *
 * At exit it prints how many inputs went to each kind, so tests/fuzz/run
 * can hold the run to a count per parameter.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon_lazy/model.h"

#define ERR_LEN 128

static unsigned long n_numeric, n_spec, n_spec_ok;

static void report(void)
{
	fprintf(stderr, "params inputs: numeric %lu probes %lu (%lu accepted)\n",
		n_numeric, n_spec, n_spec_ok);
}

__attribute__((constructor)) static void setup(void)
{
	atexit(report);
}

static void take(void *dst, size_t n, const uint8_t **p, size_t *len)
{
	size_t k = *len < n ? *len : n;

	memset(dst, 0, n);
	memcpy(dst, *p, k);
	*p += k;
	*len -= k;
}

/* The README's ranges, independently of probe_spec.c: NULL if all good. */
static const char *first_bad(const struct al_params *p)
{
	if (p->capacity < 1 || p->capacity > 16777216U)
		return "capacity=";
	if (p->maxactive < 0 || p->maxactive > 4096)
		return "maxactive=";
	if (p->clone_op != -1 && p->clone_op != 0 && p->clone_op != 1)
		return "clone_op=";
	if (p->tag_lazy > 7 || p->tag_parent > 7 ||
	    (p->tag_lazy != 0 && p->tag_lazy == p->tag_parent))
		return "tag_lazy=";
	return NULL;
}

static void numeric(const uint8_t *data, size_t len)
{
	struct al_params p;
	char err[ERR_LEN];
	const char *bad;
	int ret;

	take(&p.capacity, sizeof(p.capacity), &data, &len);
	take(&p.maxactive, sizeof(p.maxactive), &data, &len);
	take(&p.clone_op, sizeof(p.clone_op), &data, &len);
	take(&p.tag_lazy, sizeof(p.tag_lazy), &data, &len);
	take(&p.tag_parent, sizeof(p.tag_parent), &data, &len);
	n_numeric++;
	memset(err, 'x', sizeof(err));
	ret = al_check_params(&p, err, sizeof(err));
	bad = first_bad(&p);
	if (ret != (bad ? -1 : 0) || !memchr(err, '\0', sizeof(err)) ||
	    (bad && strncmp(err, bad, strlen(bad))) || (!bad && err[0])) {
		fprintf(stderr,
			"al_check_params(capacity=%u maxactive=%d clone_op=%d tag_lazy=%#lx tag_parent=%#lx) = %d '%.*s', expected %s\n",
			p.capacity, p.maxactive, p.clone_op, p.tag_lazy,
			p.tag_parent, ret, ERR_LEN, err, bad ? bad : "0");
		abort();
	}
}

static int symbol_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n >= AL_SYM_MAX || (s[0] >= '0' && s[0] <= '9') ||
	    s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.",
			    s[i]))
			return 0;
	return 1;
}

static void fail_spec(const char *why, const char *in)
{
	fprintf(stderr, "probes='%s': %s\n", in, why);
	abort();
}

/* Write @out back as a probes= value into @dst (at least @cap bytes). */
static void unparse(const struct al_spec_role *out, char *dst, size_t cap)
{
	size_t n = 0;
	unsigned int r, i;

	dst[0] = '\0';
	for (r = 0; r < AL_NR_ROLES; r++) {
		const struct al_spec_role *x = &out[r];

		if (x->action == AL_SPEC_KEEP)
			continue;
		n += snprintf(dst + n, cap - n, "%s%s:", n ? "," : "",
			      al_role_name(r));
		if (x->action == AL_SPEC_OFF || x->action == AL_SPEC_ON) {
			n += snprintf(dst + n, cap - n, "%s",
				      x->action == AL_SPEC_OFF ? "off" : "on");
			continue;
		}
		for (i = 0; i < x->nsyms; i++)
			n += snprintf(dst + n, cap - n, "%s%s", i ? "/" : "",
				      x->syms[i]);
	}
}

static void spec(const uint8_t *data, size_t len)
{
	struct al_spec_role out[AL_NR_ROLES], again[AL_NR_ROLES];
	size_t n = strnlen((const char *)data, len), cap;
	char err[ERR_LEN], *in, *buf, *re;
	unsigned int r, i;
	int ret;

	n_spec++;
	in = malloc(n + 1);
	buf = malloc(n + 1);
	memcpy(in, data, n);
	in[n] = '\0';
	memcpy(buf, in, n + 1);
	memset(err, 'x', sizeof(err));
	ret = al_parse_probe_spec(buf, out, err, sizeof(err));
	if (!memchr(err, '\0', sizeof(err)))
		fail_spec("message not terminated", in);
	if (ret == -1) {
		if (!err[0])
			fail_spec("refused without a message", in);
		goto out;
	}
	if (ret != 0)
		fail_spec("returned neither 0 nor -1", in);
	if (err[0])
		fail_spec("accepted with a message", in);
	n_spec_ok++;
	for (r = 0; r < AL_NR_ROLES; r++) {
		const struct al_spec_role *x = &out[r];

		if (x->action != AL_SPEC_SYMBOLS) {
			if (x->action != AL_SPEC_KEEP && x->action != AL_SPEC_OFF &&
			    x->action != AL_SPEC_ON)
				fail_spec("unknown action", in);
			if (x->nsyms)
				fail_spec("symbols on a role without a list", in);
			continue;
		}
		if (x->nsyms < 1 || x->nsyms > AL_MAX_CANDIDATES)
			fail_spec("symbol count out of 1..8", in);
		for (i = 0; i < x->nsyms; i++) {
			if (x->syms[i] < buf || x->syms[i] > buf + n)
				fail_spec("symbol outside the buffer", in);
			if (!symbol_ok(x->syms[i]))
				fail_spec("accepted a bad symbol", in);
		}
	}
	/* What was accepted, written back out, parses to the same. */
	cap = n + 64 + AL_NR_ROLES * 8;
	re = malloc(cap);
	unparse(out, re, cap);
	if (al_parse_probe_spec(re, again, err, sizeof(err)))
		fail_spec("written back, no longer parses", in);
	for (r = 0; r < AL_NR_ROLES; r++) {
		if (again[r].action != out[r].action ||
		    again[r].nsyms != out[r].nsyms)
			fail_spec("written back, parses to other roles", in);
		for (i = 0; i < out[r].nsyms; i++)
			if (strcmp(again[r].syms[i], out[r].syms[i]))
				fail_spec("written back, parses to other symbols", in);
	}
	free(re);
out:
	free(in);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (!len)
		return 0;
	if (data[0] & 1)
		spec(data + 1, len - 1);
	else
		numeric(data + 1, len - 1);
	return 0;
}
