// SPDX-License-Identifier: GPL-2.0
/*
 * parse - the reader of every file anon_lazy.ko writes to debugfs.
 *
 * One pass over a buffer, in place: no allocation per line.  The vmas file
 * can be fed in chunks as it is read (al_vmas_feed), so a million-line file
 * parses in a fraction of a second and a few megabytes.
 * Strict about what it knows (numbers, vocabularies, field counts), lenient
 * about what a newer module may add (columns, keys, walk types, histograms).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int al_errf(struct al_err *e, const char *file, unsigned long line,
	    const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (line)
		n = snprintf(e->msg, sizeof(e->msg), "%s:%lu: ", file, line);
	else
		n = snprintf(e->msg, sizeof(e->msg), "%s: ", file);
	if (n >= sizeof(e->msg))
		n = sizeof(e->msg) - 1;
	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- lines, fields, numbers ---- */

void al_lines_init(struct al_lines *l, char *buf, size_t len, const char *file)
{
	l->p = buf;
	l->end = buf + len;
	l->file = file;
	l->lineno = 0;
}

char *al_next_line(struct al_lines *l, int *err, struct al_err *e)
{
	char *line = l->p, *nl;

	*err = 0;
	if (line >= l->end)
		return NULL;
	l->lineno++;
	nl = memchr(line, '\n', l->end - line);
	if (!nl) {
		*err = al_errf(e, l->file, l->lineno,
			       "last line has no newline (file cut short?)");
		return NULL;
	}
	if (memchr(line, '\0', nl - line)) {
		*err = al_errf(e, l->file, l->lineno, "NUL byte in line");
		return NULL;
	}
	*nl = '\0';
	l->p = nl + 1;
	return line;
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

size_t al_split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		fields[n++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (!*p)
			break;
		*p++ = '\0';
	}
	return n;
}

bool al_parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d = (unsigned char)*s - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Hex digit values plus one, 0 for anything else: one load per character. */
static const unsigned char hex_value[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

bool al_parse_hex(const char *s, uint64_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t v = 0;
	size_t n;

	for (n = 0; p[n]; n++) {
		unsigned int d = hex_value[p[n]];

		if (!d || n == 16)
			return false;
		v = v << 4 | (d - 1);
	}
	if (!n)
		return false;
	*out = v;
	return true;
}

bool al_parse_hex0x(const char *s, uint64_t *out)
{
	if (!strcmp(s, "0")) {
		*out = 0;
		return true;
	}
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	return al_parse_hex(s + 2, out);
}

/* ---- tables ---- */

int al_header_parse(char *line, const struct al_colspec *spec, size_t nspec,
		    struct al_header *h, const char *file, unsigned long lineno,
		    struct al_err *e)
{
	char *names[AL_MAX_FIELDS + 1];
	bool seen[AL_MAX_FIELDS] = { false };
	size_t n, i, j;

	n = al_split(line, names, AL_MAX_FIELDS + 1);
	if (!n)
		return al_errf(e, file, lineno, "empty header line");
	if (n > AL_MAX_FIELDS)
		return al_errf(e, file, lineno, "more than %d columns",
			       AL_MAX_FIELDS);
	h->nfields = n;
	h->rest = false;
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(names[i], names[j]))
				return al_errf(e, file, lineno,
					       "duplicate column '%s'", names[i]);
		h->map[i] = -1;
		for (j = 0; j < nspec; j++) {
			if (strcmp(names[i], spec[j].name))
				continue;
			h->map[i] = (int)j;
			seen[j] = true;
			if (!(spec[j].flags & AL_COLF_REST))
				break;
			if (i != n - 1)
				return al_errf(e, file, lineno,
					       "column '%s' must be the last one",
					       names[i]);
			h->rest = true;
			break;
		}
	}
	for (j = 0; j < nspec; j++)
		if ((spec[j].flags & AL_COLF_REQ) && !seen[j])
			return al_errf(e, file, lineno, "missing column '%s'",
				       spec[j].name);
	return 0;
}

/*
 * The next blank-separated field at *p, NUL-terminated, or NULL if none;
 * *sep tells whether a blank ended it (rather than the end of the line).
 */
static char *next_field(char **p, bool *sep)
{
	char *s = *p, *f;

	*sep = false;
	while (is_blank(*s))
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	f = s;
	while (*s && !is_blank(*s))
		s++;
	if (*s) {
		*s++ = '\0';
		*sep = true;
	}
	*p = s;
	return f;
}

int al_record_split(char *line, const struct al_header *h, const char **vals,
		    size_t nspec, const char *file, unsigned long lineno,
		    struct al_err *e)
{
	size_t i, n = h->rest ? h->nfields - 1 : h->nfields;
	bool sep = true;
	char *p = line, *f;

	for (i = 0; i < nspec; i++)
		vals[i] = NULL;
	for (i = 0; i < n; i++) {
		f = next_field(&p, &sep);
		if (!f)
			goto short_record;
		if (h->map[i] >= 0)
			vals[h->map[i]] = f;
	}
	if (h->rest) {
		/* After the blank that ended the field before it: verbatim. */
		if (!sep)
			goto short_record;
		vals[h->map[n]] = p;
		return 0;
	}
	if (next_field(&p, &sep))
		return al_errf(e, file, lineno,
			       "more fields than the %zu columns of the header",
			       h->nfields);
	return 0;

short_record:
	return al_errf(e, file, lineno,
		       "truncated line: %zu fields, the header has %zu columns",
		       i, h->nfields);
}

/* ---- key/value files ---- */

enum kv_type { KV_STR, KV_U64, KV_HEX, KV_BOOL, KV_FLAVOUR, KV_CONTRACT };

struct kv_field {
	const char *key;
	enum kv_type type;
	bool req;
	size_t off;
	long seen_off;		/* a bool set when the key is read, or -1 */
};

#define KV_MAX_FIELDS	64

static const struct al_colspec kv_spec[] = {
	{ AL_COL_KEY, AL_COLF_REQ },
	{ AL_COL_VALUE, AL_COLF_REQ },
};

static int kv_store(const struct kv_field *f, const char *val, void *out,
		    const char *file, unsigned long lineno, struct al_err *e)
{
	void *dst = (char *)out + f->off;
	uint64_t u;

	switch (f->type) {
	case KV_STR:
		*(const char **)dst = val;
		return 0;
	case KV_U64:
		if (!al_parse_u64(val, dst))
			break;
		return 0;
	case KV_HEX:
		if (!al_parse_hex0x(val, dst))
			break;
		return 0;
	case KV_BOOL:
		if ((val[0] == '0' || val[0] == '1') && !val[1]) {
			*(bool *)dst = val[0] == '1';
			return 0;
		}
		return al_errf(e, file, lineno, "key '%s': '%s' is not 0 or 1",
			       f->key, val);
	case KV_FLAVOUR:
		if (!strcmp(val, AL_FLAVOUR_STOCK) ||
		    !strcmp(val, AL_FLAVOUR_SERIES)) {
			*(bool *)dst = !strcmp(val, AL_FLAVOUR_SERIES);
			return 0;
		}
		return al_errf(e, file, lineno, "unknown flavour '%s'", val);
	case KV_CONTRACT:
		if (!al_parse_u64(val, &u))
			break;
		if (u != AL_CONTRACT_VERSION)
			return al_errf(e, file, lineno,
				       "contract %s, anonstat reads contract %d: use the anonstat of the same anon_lazy release",
				       val, AL_CONTRACT_VERSION);
		*(unsigned long *)dst = u;
		return 0;
	}
	return al_errf(e, file, lineno, "key '%s': '%s' is not a %s", f->key,
		       val, f->type == KV_HEX ? "hex number (0x...)" : "number");
}

static int kv_parse(char *buf, size_t len, const char *file,
		    const struct kv_field *fields, size_t nfields, void *out,
		    struct al_err *e)
{
	bool seen[KV_MAX_FIELDS] = { false };
	const char *vals[2];
	struct al_header h;
	struct al_lines l;
	char *line;
	size_t i;
	int err;

	al_lines_init(&l, buf, len, file);
	line = al_next_line(&l, &err, e);
	if (!line)
		return err ? err : al_errf(e, file, 1, "empty file");
	if (al_header_parse(line, kv_spec, 2, &h, file, l.lineno, e))
		return -1;
	while ((line = al_next_line(&l, &err, e))) {
		if (al_record_split(line, &h, vals, 2, file, l.lineno, e))
			return -1;
		for (i = 0; i < nfields; i++)
			if (!strcmp(vals[0], fields[i].key))
				break;
		if (i == nfields)
			continue;	/* a key from a newer module */
		if (seen[i])
			return al_errf(e, file, l.lineno, "duplicate key '%s'",
				       vals[0]);
		seen[i] = true;
		if (kv_store(&fields[i], vals[1], out, file, l.lineno, e))
			return -1;
		if (fields[i].seen_off >= 0)
			*(bool *)((char *)out + fields[i].seen_off) = true;
	}
	if (err)
		return err;
	for (i = 0; i < nfields; i++)
		if (fields[i].req && !seen[i])
			return al_errf(e, file, l.lineno,
				       "end of file without key '%s'",
				       fields[i].key);
	return 0;
}

/* ---- version ---- */

const char *al_obj_name(unsigned int i)
{
	static const char *const names[] = {
		AL_SLAB_ANON_VMA, AL_SLAB_AVC, AL_SLAB_VMA,
	};

	return i < AL_NR_OBJS ? names[i] : AL_NONE_VALUE;
}

const char *al_flavour_name(bool series)
{
	return series ? AL_FLAVOUR_SERIES : AL_FLAVOUR_STOCK;
}

#define VER(key, type, req, field) \
	{ key, type, req, offsetof(struct al_version, field), -1 }
/* Keys an older module may not write. */
#define VER_OPT(key, type, field, seen) \
	{ key, type, false, offsetof(struct al_version, field), \
	  offsetof(struct al_version, seen) }

static const struct kv_field version_fields[] = {
	VER(AL_VER_MODULE, KV_STR, true, module),
	VER(AL_VER_CONTRACT, KV_CONTRACT, true, contract),
	VER(AL_VER_KERNEL, KV_STR, true, kernel),
	VER(AL_VER_ARCH, KV_STR, true, arch),
	VER(AL_VER_FLAVOUR, KV_FLAVOUR, true, series),
	VER(AL_VER_CAPACITY, KV_U64, true, capacity),
	VER(AL_VER_TABLE_BYTES, KV_U64, true, table_bytes),
	VER(AL_VER_SIZE_PREFIX AL_SLAB_ANON_VMA, KV_U64, false,
	    size[AL_OBJ_ANON_VMA]),
	VER(AL_VER_SIZE_PREFIX AL_SLAB_AVC, KV_U64, false, size[AL_OBJ_AVC]),
	VER(AL_VER_SIZE_PREFIX AL_SLAB_VMA, KV_U64, false, size[AL_OBJ_VMA]),
	VER(AL_VER_TAG_LAZY, KV_HEX, false, tag_lazy),
	VER(AL_VER_TAG_PARENT, KV_HEX, false, tag_parent),
	VER(AL_VER_TAG_MASK, KV_HEX, false, tag_mask),
	VER(AL_VER_TAG_SOURCE, KV_STR, false, tag_source),
	VER(AL_VER_TAG_CONFLICTS, KV_U64, false, tag_conflicts),
	VER_OPT(AL_VER_WALK_RETURN, KV_BOOL, walk_return, has_walk_return),
};

int al_parse_version(char *buf, size_t len, const char *file,
		     struct al_version *v, struct al_err *e)
{
	*v = (struct al_version){ 0 };
	if (kv_parse(buf, len, file, version_fields,
		     sizeof(version_fields) / sizeof(version_fields[0]), v, e))
		return -1;
	/* A module without the key followed every walk to its return. */
	if (!v->has_walk_return)
		v->walk_return = true;
	return 0;
}

/* ---- summary ---- */

const char *al_event_key(unsigned int i)
{
	static const char *const keys[] = {
		AL_SUM_PREPARE, AL_SUM_LAZY_PREPARE, AL_SUM_FORK,
	};

	return i < AL_NR_EVENTS ? keys[i] : AL_NONE_VALUE;
}

const char *al_event_name(unsigned int i)
{
	const char *key = al_event_key(i), *dot = strchr(key, '.');

	return dot ? dot + 1 : key;
}

const char *al_by_reason_prefix(unsigned int i)
{
	static const char *const prefixes[] = {
		AL_SUM_CLONE_PREFIX, AL_SUM_CLONE_LAZY_PREFIX,
		AL_SUM_UPGRADE_PREFIX,
	};

	return i < AL_NR_BR ? prefixes[i] : AL_NONE_VALUE;
}

#define SUM(key, type, field) \
	{ key, type, true, offsetof(struct al_summary, field), -1 }
/* Keys an older module may not write. */
#define SUM_OPT(key, field, seen) \
	{ key, KV_U64, false, offsetof(struct al_summary, field), \
	  offsetof(struct al_summary, seen) }
#define SUM_STATE(e, s) SUM(AL_SUM_STATE_PREFIX s, KV_U64, states[AL_STATE_##e]),
#define SUM_CLONE(e, s) \
	SUM(AL_SUM_CLONE_PREFIX s, KV_U64, by_reason[AL_BR_CLONE][AL_REASON_##e]),
#define SUM_CLONE_LAZY(e, s) \
	SUM(AL_SUM_CLONE_LAZY_PREFIX s, KV_U64, \
	    by_reason[AL_BR_CLONE_LAZY][AL_REASON_##e]),
#define SUM_UPGRADE(e, s) \
	SUM(AL_SUM_UPGRADE_PREFIX s, KV_U64, \
	    by_reason[AL_BR_UPGRADE][AL_REASON_##e]),

static const struct kv_field summary_fields[] = {
	SUM(AL_SUM_FLAVOUR, KV_FLAVOUR, series),
	SUM(AL_SUM_PROCESSES, KV_U64, processes),
	SUM(AL_SUM_VMAS, KV_U64, vmas),
	AL_STATES(SUM_STATE)
	SUM(AL_SUM_INFERRED, KV_U64, inferred),
	SUM(AL_SUM_AV_NOW, KV_U64, av_now),
	SUM(AL_SUM_AV_PROJ, KV_U64, av_proj),
	SUM(AL_SUM_AVC_NOW, KV_U64, avc_now),
	SUM(AL_SUM_AVC_PROJ, KV_U64, avc_proj),
	SUM_OPT(AL_SUM_AV_STOCK, av_stock, has_av_stock),
	SUM_OPT(AL_SUM_AVC_STOCK, avc_stock, has_avc_stock),
	SUM(AL_SUM_PREPARE, KV_U64, events[AL_EV_PREPARE]),
	SUM(AL_SUM_LAZY_PREPARE, KV_U64, events[AL_EV_LAZY_PREPARE]),
	SUM(AL_SUM_FORK, KV_U64, events[AL_EV_FORK]),
	AL_REASONS(SUM_CLONE)
	AL_REASONS(SUM_CLONE_LAZY)
	AL_REASONS(SUM_UPGRADE)
	SUM(AL_SUM_CAPACITY, KV_U64, capacity),
	SUM(AL_SUM_USED, KV_U64, used),
	SUM(AL_SUM_DROPPED, KV_U64, dropped),
	SUM(AL_SUM_OVERFLOW, KV_U64, overflow),
};

_Static_assert(sizeof(summary_fields) / sizeof(summary_fields[0]) <=
	       KV_MAX_FIELDS, "KV_MAX_FIELDS too small");

int al_parse_summary(char *buf, size_t len, const char *file,
		     struct al_summary *s, struct al_err *e)
{
	*s = (struct al_summary){ 0 };
	return kv_parse(buf, len, file, summary_fields,
			sizeof(summary_fields) / sizeof(summary_fields[0]), s,
			e);
}

/* ---- probes ---- */

enum { PC_ROLE, PC_SYMBOL, PC_STATUS, PC_KIND, PC_HITS, PC_MISSED, PC_N };

static const struct al_colspec probes_spec[PC_N] = {
	[PC_ROLE] = { AL_COL_ROLE, AL_COLF_REQ },
	[PC_SYMBOL] = { AL_COL_SYMBOL, AL_COLF_REQ },
	[PC_STATUS] = { AL_COL_STATUS, AL_COLF_REQ },
	[PC_KIND] = { AL_COL_KIND, AL_COLF_REQ },
	[PC_HITS] = { AL_COL_HITS, AL_COLF_REQ },
	[PC_MISSED] = { AL_COL_MISSED, AL_COLF_REQ },
};

static int not_a_number(struct al_err *e, const char *file,
			unsigned long lineno, const char *col, const char *val)
{
	return al_errf(e, file, lineno, "column '%s': '%s' is not a number",
		       col, val);
}

int al_parse_probes(char *buf, size_t len, const char *file,
		    struct al_probes *out, struct al_err *e)
{
	const char *vals[PC_N];
	struct al_header h;
	struct al_lines l;
	struct al_probe *p;
	size_t cap = 0;
	char *line;
	int err;

	*out = (struct al_probes){ 0 };
	al_lines_init(&l, buf, len, file);
	line = al_next_line(&l, &err, e);
	if (!line)
		return err ? err : al_errf(e, file, 1, "empty file");
	if (al_header_parse(line, probes_spec, PC_N, &h, file, l.lineno, e))
		return -1;
	while ((line = al_next_line(&l, &err, e))) {
		if (al_record_split(line, &h, vals, PC_N, file, l.lineno, e))
			goto fail;
		if (out->n == cap) {
			cap = cap ? 2 * cap : 32;
			p = realloc(out->p, cap * sizeof(*p));
			if (!p) {
				al_errf(e, file, l.lineno, "out of memory");
				goto fail;
			}
			out->p = p;
		}
		p = &out->p[out->n];
		p->role = vals[PC_ROLE];
		p->symbol = vals[PC_SYMBOL];
		p->status = vals[PC_STATUS];
		p->kind = vals[PC_KIND];
		if (!al_parse_u64(vals[PC_HITS], &p->hits)) {
			not_a_number(e, file, l.lineno, AL_COL_HITS, vals[PC_HITS]);
			goto fail;
		}
		if (!al_parse_u64(vals[PC_MISSED], &p->missed)) {
			not_a_number(e, file, l.lineno, AL_COL_MISSED,
				     vals[PC_MISSED]);
			goto fail;
		}
		out->n++;
	}
	if (!err)
		return 0;
fail:
	al_probes_free(out);
	return -1;
}

void al_probes_free(struct al_probes *p)
{
	free(p->p);
	*p = (struct al_probes){ 0 };
}

/* ---- vmas ---- */

enum {
	VC_PID, VC_START, VC_END, VC_PERMS, VC_STATE, VC_INFERRED, VC_VMA,
	VC_AV, VC_ROOT, VC_AVCS, VC_PREPARED, VC_FORKS, VC_SPLIT, VC_MERGE,
	VC_REMAP, VC_UPGRADE, VC_RMAP, VC_COMM = VC_RMAP + AL_NR_WALK_TYPES,
	VC_N
};

#define RMAP_COL(e, s) { AL_COL_RMAP_PREFIX s, AL_COLF_REQ },

static const struct al_colspec vmas_spec[VC_N] = {
	[VC_PID] = { AL_COL_PID, AL_COLF_REQ },
	[VC_START] = { AL_COL_START, AL_COLF_REQ },
	[VC_END] = { AL_COL_END, AL_COLF_REQ },
	[VC_PERMS] = { AL_COL_PERMS, AL_COLF_REQ },
	[VC_STATE] = { AL_COL_STATE, AL_COLF_REQ },
	[VC_INFERRED] = { AL_COL_INFERRED, AL_COLF_REQ },
	[VC_VMA] = { AL_COL_VMA, AL_COLF_REQ },
	[VC_AV] = { AL_COL_AV, AL_COLF_REQ },
	[VC_ROOT] = { AL_COL_ROOT, AL_COLF_REQ },
	[VC_AVCS] = { AL_COL_AVCS, AL_COLF_REQ },
	[VC_PREPARED] = { AL_COL_PREPARED, AL_COLF_REQ },
	[VC_FORKS] = { AL_COL_FORKS, AL_COLF_REQ },
	[VC_SPLIT] = { AL_COL_SPLIT, AL_COLF_REQ },
	[VC_MERGE] = { AL_COL_MERGE, AL_COLF_REQ },
	[VC_REMAP] = { AL_COL_REMAP, AL_COLF_REQ },
	[VC_UPGRADE] = { AL_COL_UPGRADE, AL_COLF_REQ },
	AL_WALK_TYPES(RMAP_COL)
	[VC_COMM] = { AL_COL_COMM, AL_COLF_REQ | AL_COLF_REST },
};

struct vma_ctx {
	const char *file;
	unsigned long lineno;
	struct al_err *e;
};

static int vma_u64(struct vma_ctx *c, const char **vals, int col,
		   uint64_t *out)
{
	if (al_parse_u64(vals[col], out))
		return 0;
	return not_a_number(c->e, c->file, c->lineno, vmas_spec[col].name,
			    vals[col]);
}

static int vma_hex(struct vma_ctx *c, const char **vals, int col,
		   uint64_t *out)
{
	if (al_parse_hex(vals[col], out))
		return 0;
	return al_errf(c->e, c->file, c->lineno,
		       "column '%s': '%s' is not a hex number",
		       vmas_spec[col].name, vals[col]);
}

static int vma_id(struct vma_ctx *c, const char **vals, int col,
		  uint64_t *out)
{
	if (!strcmp(vals[col], AL_NONE_VALUE)) {
		*out = AL_ID_NONE;
		return 0;
	}
	if (al_parse_hex(vals[col], out) && *out != AL_ID_NONE)
		return 0;
	return al_errf(c->e, c->file, c->lineno,
		       "column '%s': '%s' is neither an id nor '%s'",
		       vmas_spec[col].name, vals[col], AL_NONE_VALUE);
}

static int vma_bool(struct vma_ctx *c, const char **vals, int col, bool *out)
{
	const char *s = vals[col];

	if ((s[0] == '0' || s[0] == '1') && !s[1]) {
		*out = s[0] == '1';
		return 0;
	}
	return al_errf(c->e, c->file, c->lineno,
		       "column '%s': '%s' is not 0 or 1", vmas_spec[col].name,
		       s);
}

static int vma_perms(struct vma_ctx *c, const char *s, char *out)
{
	static const char want[] = "rwxs";

	if (strlen(s) != 4 || (s[0] != 'r' && s[0] != '-') ||
	    (s[1] != 'w' && s[1] != '-') || (s[2] != 'x' && s[2] != '-') ||
	    (s[3] != 's' && s[3] != 'p'))
		return al_errf(c->e, c->file, c->lineno,
			       "column '%s': '%s' is not like '%s' or '---p'",
			       AL_COL_PERMS, s, want);
	memcpy(out, s, 5);
	return 0;
}

static int vma_state(struct vma_ctx *c, const char *s, uint8_t *out)
{
	unsigned int i;

	for (i = 0; i < AL_NR_STATES; i++) {
		if (!strcmp(s, al_state_name(i))) {
			*out = i;
			return 0;
		}
	}
	return al_errf(c->e, c->file, c->lineno, "unknown state '%s'", s);
}

static int vma_upgrade(struct vma_ctx *c, const char *s, int8_t *out)
{
	unsigned int i;

	*out = -1;
	if (!strcmp(s, AL_NONE_VALUE))
		return 0;
	for (i = 0; i < AL_NR_REASONS; i++) {
		if (!strcmp(s, al_reason_name(i))) {
			*out = i;
			return 0;
		}
	}
	return al_errf(c->e, c->file, c->lineno, "unknown upgrade reason '%s'",
		       s);
}

static int vma_convert(struct vma_ctx *c, const char **vals, struct al_vma *v)
{
	uint64_t pid;
	unsigned int i;

	if (vma_u64(c, vals, VC_PID, &pid))
		return -1;
	if (pid > UINT32_MAX)
		return al_errf(c->e, c->file, c->lineno, "pid %s out of range",
			       vals[VC_PID]);
	v->pid = pid;
	if (vma_hex(c, vals, VC_START, &v->start) ||
	    vma_hex(c, vals, VC_END, &v->end))
		return -1;
	if (v->start >= v->end)
		return al_errf(c->e, c->file, c->lineno,
			       "start %s is not below end %s", vals[VC_START],
			       vals[VC_END]);
	if (vma_perms(c, vals[VC_PERMS], v->perms) ||
	    vma_state(c, vals[VC_STATE], &v->state) ||
	    vma_bool(c, vals, VC_INFERRED, &v->inferred) ||
	    vma_id(c, vals, VC_VMA, &v->vma) ||
	    vma_id(c, vals, VC_AV, &v->anon_vma) ||
	    vma_id(c, vals, VC_ROOT, &v->root) ||
	    vma_u64(c, vals, VC_AVCS, &v->avcs) ||
	    vma_bool(c, vals, VC_PREPARED, &v->prepared) ||
	    vma_u64(c, vals, VC_FORKS, &v->forks) ||
	    vma_u64(c, vals, VC_SPLIT, &v->split) ||
	    vma_u64(c, vals, VC_MERGE, &v->merge) ||
	    vma_u64(c, vals, VC_REMAP, &v->remap) ||
	    vma_upgrade(c, vals[VC_UPGRADE], &v->upgrade))
		return -1;
	for (i = 0; i < AL_NR_WALK_TYPES; i++)
		if (vma_u64(c, vals, VC_RMAP + i, &v->rmap[i]))
			return -1;
	v->comm = vals[VC_COMM];
	return 0;
}

void al_vmas_begin(struct al_vmas_parser *p, const char *file, al_vma_fn fn,
		   void *ctx)
{
	*p = (struct al_vmas_parser){ .file = file, .fn = fn, .ctx = ctx };
}

int al_vmas_feed(struct al_vmas_parser *p, char *buf, size_t len,
		 size_t *used, struct al_err *e)
{
	struct vma_ctx c = { .file = p->file, .e = e };
	const char *vals[VC_N];
	struct al_lines l;
	struct al_vma v;
	char *line, *last;
	int err;

	*used = 0;
	last = memrchr(buf, '\n', len);
	if (!last)
		return 0;
	*used = last + 1 - buf;
	al_lines_init(&l, buf, *used, p->file);
	l.lineno = p->lineno;
	while ((line = al_next_line(&l, &err, e))) {
		c.lineno = p->lineno = l.lineno;
		if (!p->have_header) {
			if (al_header_parse(line, vmas_spec, VC_N, &p->h,
					    p->file, l.lineno, e))
				return -1;
			p->have_header = true;
			continue;
		}
		if (al_record_split(line, &p->h, vals, VC_N, p->file, l.lineno,
				    e) ||
		    vma_convert(&c, vals, &v))
			return -1;
		err = p->fn(p->ctx, &v);
		if (err)
			return err;
	}
	return err;
}

int al_vmas_end(struct al_vmas_parser *p, size_t left, struct al_err *e)
{
	if (left)
		return al_errf(e, p->file, p->lineno + 1,
			       "last line has no newline (file cut short?)");
	if (!p->have_header)
		return al_errf(e, p->file, 1, "empty file");
	return 0;
}

int al_parse_vmas(char *buf, size_t len, const char *file, al_vma_fn fn,
		  void *ctx, struct al_err *e)
{
	struct al_vmas_parser p;
	size_t used;
	int err;

	al_vmas_begin(&p, file, fn, ctx);
	err = al_vmas_feed(&p, buf, len, &used, e);
	if (err)
		return err;
	return al_vmas_end(&p, len - used, e);
}

/* ---- walks ---- */

const char *al_walk_col_name(unsigned int i)
{
	static const char *const names[] = {
		AL_COL_WALKS, AL_COL_VISITS, AL_COL_ANON, AL_COL_LAZY,
		AL_COL_KSM, AL_COL_FILE, AL_COL_CONTENDED, AL_COL_LOCK_WAITS,
		AL_COL_LOCK_WAIT_NS, AL_COL_DROPPED,
	};

	return i < AL_NR_WC ? names[i] : AL_NONE_VALUE;
}

bool al_walk_col_at_return(unsigned int i)
{
	return i >= AL_WC_CONTENDED && i <= AL_WC_DROPPED;
}

const char *al_hist_name(unsigned int i)
{
	static const char *const names[] = { AL_HIST_FANOUT, AL_HIST_LATENCY };

	return i < AL_NR_HISTS ? names[i] : AL_NONE_VALUE;
}

const struct al_walk_row *al_walks_find(const struct al_walks *w,
					const char *type)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (!strcmp(w->rows[i].type, type))
			return &w->rows[i];
	return NULL;
}

enum { WT_TYPE, WT_COLS };

static const struct al_colspec walks_spec[1 + AL_NR_WC] = {
	{ AL_COL_TYPE, AL_COLF_REQ },
	{ AL_COL_WALKS, AL_COLF_REQ },
	{ AL_COL_VISITS, AL_COLF_REQ },
	{ AL_COL_ANON, AL_COLF_REQ },
	{ AL_COL_LAZY, AL_COLF_REQ },
	{ AL_COL_KSM, AL_COLF_REQ },
	{ AL_COL_FILE, AL_COLF_REQ },
	{ AL_COL_CONTENDED, AL_COLF_REQ },
	{ AL_COL_LOCK_WAITS, AL_COLF_REQ },
	{ AL_COL_LOCK_WAIT_NS, AL_COLF_REQ },
	{ AL_COL_DROPPED, AL_COLF_REQ },
};

enum { HC_HIST, HC_TYPE, HC_BUCKET, HC_COUNT, HC_N };

static const struct al_colspec hist_spec[HC_N] = {
	[HC_HIST] = { AL_COL_HIST, AL_COLF_REQ },
	[HC_TYPE] = { AL_COL_TYPE, AL_COLF_REQ },
	[HC_BUCKET] = { AL_COL_BUCKET, AL_COLF_REQ },
	[HC_COUNT] = { AL_COL_COUNT, AL_COLF_REQ },
};

static int walk_row(struct al_walks *w, const char **vals, const char *file,
		    unsigned long lineno, struct al_err *e)
{
	struct al_walk_row *r;
	unsigned int i;

	if (al_walks_find(w, vals[WT_TYPE]))
		return al_errf(e, file, lineno, "duplicate walk type '%s'",
			       vals[WT_TYPE]);
	if (w->n == AL_MAX_WALK_TYPES)
		return al_errf(e, file, lineno, "more than %d walk types",
			       AL_MAX_WALK_TYPES);
	r = &w->rows[w->n];
	r->type = vals[WT_TYPE];
	for (i = 0; i < AL_NR_WC; i++)
		if (!al_parse_u64(vals[WT_COLS + i], &r->col[i]))
			return not_a_number(e, file, lineno, walks_spec[1 + i].name,
					    vals[WT_COLS + i]);
	w->n++;
	return 0;
}

static int hist_row(struct al_walks *w, const char **vals,
		    bool (*seen)[AL_NR_HISTS][AL_HIST_NB], const char *file,
		    unsigned long lineno, struct al_err *e)
{
	const struct al_walk_row *r;
	uint64_t bucket, count;
	unsigned int hist;
	size_t row;

	for (hist = 0; hist < AL_NR_HISTS; hist++)
		if (!strcmp(vals[HC_HIST], al_hist_name(hist)))
			break;
	r = al_walks_find(w, vals[HC_TYPE]);
	if (!r)
		return al_errf(e, file, lineno,
			       "histogram of walk type '%s', which the walk table lacks",
			       vals[HC_TYPE]);
	if (!al_parse_u64(vals[HC_BUCKET], &bucket))
		return not_a_number(e, file, lineno, AL_COL_BUCKET,
				    vals[HC_BUCKET]);
	if (bucket >= AL_HIST_NB)
		return al_errf(e, file, lineno, "bucket %s out of range 0-%d",
			       vals[HC_BUCKET], AL_HIST_NB - 1);
	if (!al_parse_u64(vals[HC_COUNT], &count))
		return not_a_number(e, file, lineno, AL_COL_COUNT,
				    vals[HC_COUNT]);
	if (hist == AL_NR_HISTS)
		return 0;	/* a histogram from a newer module */
	row = r - w->rows;
	if (seen[row][hist][bucket])
		return al_errf(e, file, lineno, "duplicate bucket %s of %s %s",
			       vals[HC_BUCKET], vals[HC_HIST], vals[HC_TYPE]);
	seen[row][hist][bucket] = true;
	w->rows[row].hist[hist][bucket] = count;
	return 0;
}

int al_parse_walks(char *buf, size_t len, const char *file,
		   struct al_walks *w, struct al_err *e)
{
	bool seen[AL_MAX_WALK_TYPES][AL_NR_HISTS][AL_HIST_NB] = { { { 0 } } };
	const char *vals[1 + AL_NR_WC];
	struct al_header h;
	struct al_lines l;
	int part = 0, err;	/* 0 walk header, 1 walks, 2 hist header, 3 */
	char *line;

	memset(w, 0, sizeof(*w));
	al_lines_init(&l, buf, len, file);
	while ((line = al_next_line(&l, &err, e))) {
		switch (part) {
		case 0:
			if (al_header_parse(line, walks_spec, 1 + AL_NR_WC, &h,
					    file, l.lineno, e))
				return -1;
			part = 1;
			break;
		case 1:
			if (!*line) {
				part = 2;
				break;
			}
			if (al_record_split(line, &h, vals, 1 + AL_NR_WC, file,
					    l.lineno, e) ||
			    walk_row(w, vals, file, l.lineno, e))
				return -1;
			break;
		case 2:
			if (al_header_parse(line, hist_spec, HC_N, &h, file,
					    l.lineno, e))
				return -1;
			part = 3;
			break;
		default:
			if (al_record_split(line, &h, vals, HC_N, file,
					    l.lineno, e) ||
			    hist_row(w, vals, seen, file, l.lineno, e))
				return -1;
		}
	}
	if (err)
		return err;
	if (part < 3)
		return al_errf(e, file, l.lineno ? l.lineno : 1, "%s",
			       part ? "end of file without the histogram table (cut short?)" :
				      "empty file");
	return 0;
}
