// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The module parameters: probes=, which symbol carries which role, and the
 * ranges of the numeric ones.
 *
 * Pure C, shared with the userspace unit tests and fuzz target.  The
 * series under study renames functions between versions; probes= is how a
 * user names the new ones without rebuilding.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <stdio.h>
#include <string.h>
#endif

#include "anon_lazy/model.h"

static int spec_error(char *err, size_t errlen, const char *what,
		      const char *token)
{
	snprintf(err, errlen, "%s '%s'", what, token);
	return -1;
}

static int role_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < AL_NR_ROLES; i++)
		if (!strcmp(name, al_role_name(i)))
			return (int)i;
	return -1;
}

/* Kernel symbols: C identifiers, plus '.' of compiler clones (foo.isra.0). */
static bool valid_symbol(const char *s)
{
	size_t n = 0;

	if (!*s || (*s >= '0' && *s <= '9') || *s == '.')
		return false;
	for (; *s; s++, n++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.'))
			return false;
	}
	return n < AL_SYM_MAX;
}

static char *next_token(char **cursor, char sep)
{
	char *tok = *cursor, *end;

	if (!tok)
		return NULL;
	end = strchr(tok, sep);
	if (end) {
		*end = '\0';
		*cursor = end + 1;
	} else {
		*cursor = NULL;
	}
	return tok;
}

static int parse_item(char *item, struct al_spec_role *out,
		      char *err, size_t errlen)
{
	char *value = strchr(item, ':');
	struct al_spec_role *r;
	char *sym, *cursor;
	int role;

	if (!value)
		return spec_error(err, errlen, "expected ROLE:VALUE, got", item);
	*value++ = '\0';
	role = role_index(item);
	if (role < 0)
		return spec_error(err, errlen, "unknown role", item);
	r = &out[role];
	if (r->action != AL_SPEC_KEEP)
		return spec_error(err, errlen, "role given twice", item);
	if (!strcmp(value, "off")) {
		r->action = AL_SPEC_OFF;
		return 0;
	}
	if (!strcmp(value, "on")) {
		r->action = AL_SPEC_ON;
		return 0;
	}
	r->action = AL_SPEC_SYMBOLS;
	cursor = value;
	while ((sym = next_token(&cursor, '/'))) {
		if (!valid_symbol(sym))
			return spec_error(err, errlen, "bad symbol", sym);
		if (r->nsyms == AL_MAX_CANDIDATES)
			return spec_error(err, errlen, "too many symbols for", item);
		r->syms[r->nsyms++] = sym;
	}
	return 0;
}

int al_parse_probe_spec(char *buf, struct al_spec_role *out,
			char *err, size_t errlen)
{
	char *cursor = buf, *item;
	unsigned int i;

	for (i = 0; i < AL_NR_ROLES; i++)
		out[i] = (struct al_spec_role){ .action = AL_SPEC_KEEP };
	if (errlen)
		err[0] = '\0';
	if (!buf || !*buf)
		return 0;
	/* A trailing newline from echo into sysfs is not part of the spec. */
	i = strlen(buf);
	if (buf[i - 1] == '\n')
		buf[i - 1] = '\0';
	if (!*buf)
		return 0;
	while ((item = next_token(&cursor, ','))) {
		if (!*item)
			return spec_error(err, errlen, "empty item in", "probes");
		if (parse_item(item, out, err, errlen))
			return -1;
	}
	return 0;
}

int al_check_params(const struct al_params *p, char *err, size_t errlen)
{
	if (errlen)
		err[0] = '\0';
	if (!p->capacity || p->capacity > AL_CAPACITY_MAX) {
		snprintf(err, errlen, "capacity=%u: must be 1..%u",
			 p->capacity, AL_CAPACITY_MAX);
		return -1;
	}
	if (p->maxactive < 0 || p->maxactive > AL_MAXACTIVE_MAX) {
		snprintf(err, errlen, "maxactive=%d: must be 0..%d",
			 p->maxactive, AL_MAXACTIVE_MAX);
		return -1;
	}
	if (p->clone_op < AL_CLONE_OP_AUTO || p->clone_op > 1) {
		snprintf(err, errlen, "clone_op=%d: must be -1, 0 or 1",
			 p->clone_op);
		return -1;
	}
	if ((p->tag_lazy & ~AL_TAG_LOW_BITS) ||
	    (p->tag_parent & ~AL_TAG_LOW_BITS) ||
	    (p->tag_lazy && p->tag_lazy == p->tag_parent)) {
		snprintf(err, errlen,
			 "tag_lazy=%#lx tag_parent=%#lx: tags are distinct values below %#lx",
			 p->tag_lazy, p->tag_parent, AL_TAG_LOW_BITS + 1);
		return -1;
	}
	return 0;
}
