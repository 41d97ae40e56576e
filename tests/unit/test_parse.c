// SPDX-License-Identifier: GPL-2.0
/*
 * The parser of every debugfs file, on the captures of both kernels (the
 * expected figures were read off the files by hand), on every malformed
 * input under tests/fixtures/bad/, and on what a newer module may add.
 */
#include <stdlib.h>
#include <string.h>

#include "anon_lazy/model.h"
#include "helpers.h"
#include "parse.h"
#include "procs.h"
#include "slabinfo.h"

/* A parse that must succeed, with the parser's message if it does not. */
#define assert_parses(expr, e) \
	do { \
		if ((expr) != 0) \
			fail_msg("%s", (e)->msg); \
	} while (0)

/* ---- the real captures ---- */

static void version_61(void **state)
{
	struct al_version v;
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K61 "/version", &len);

	(void)state;
	assert_parses(al_parse_version(buf, len, "version", &v, &e), &e);
	assert_string_equal(v.module, "0.1.0");
	assert_int_equal(v.contract, AL_CONTRACT_VERSION);
	assert_string_equal(v.kernel, K61);
	assert_string_equal(v.arch, "x86_64");
	assert_false(v.series);
	assert_int_equal(v.capacity, 65536);
	assert_int_equal(v.table_bytes, 3407872);
	assert_int_equal(v.size[AL_OBJ_ANON_VMA], 96);
	assert_int_equal(v.size[AL_OBJ_AVC], 64);
	assert_int_equal(v.size[AL_OBJ_VMA], 152);
	assert_int_equal(v.tag_lazy, 0);
	assert_string_equal(v.tag_source, "unknown");
	free(buf);
}

static void version_612(void **state)
{
	struct al_version v;
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K612 "/version", &len);

	(void)state;
	assert_parses(al_parse_version(buf, len, "version", &v, &e), &e);
	assert_string_equal(v.kernel, K612);
	assert_int_equal(v.size[AL_OBJ_VMA], 176);
	free(buf);
}

/* K61's version, which has no walk_return key, with @line added. */
static int version_with(const char *line, struct al_version *v,
			struct al_err *e)
{
	char *orig, *x;
	size_t len;
	int ret;

	orig = fixture_read(K61 "/version", &len);
	x = str_replace_all(orig, "\ntag_conflicts 0\n", line);
	ret = al_parse_version(x, strlen(x), "version", v, e);
	free(x);
	free(orig);
	return ret;
}

/* walk_return: absent (an older module) and 1 follow walks, 0 does not. */
static void version_walk_return(void **state)
{
	struct al_version v;
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K61 "/version", &len);

	(void)state;
	assert_null(strstr(buf, AL_VER_WALK_RETURN));
	assert_parses(al_parse_version(buf, len, "version", &v, &e), &e);
	assert_true(v.walk_return);
	assert_false(v.has_walk_return);
	free(buf);

	assert_parses(version_with("\ntag_conflicts 0\nwalk_return 0\n", &v, &e),
		      &e);
	assert_false(v.walk_return);
	assert_true(v.has_walk_return);
	assert_int_equal(v.capacity, 65536);	/* strings died with the buffer */

	assert_parses(version_with("\ntag_conflicts 0\nwalk_return 1\n", &v, &e),
		      &e);
	assert_true(v.walk_return);
	assert_true(v.has_walk_return);

	/* Anywhere in the file, not only last. */
	assert_parses(version_with("\nwalk_return 0\ntag_conflicts 0\n", &v, &e),
		      &e);
	assert_false(v.walk_return);
	assert_int_equal(v.tag_conflicts, 0);
}

/* Anything but 0 or 1 is a malformed file, said with its line. */
static void version_walk_return_bad(void **state)
{
	static const char *const vals[] = { "2", "x", "10", "-1", "01", "true" };
	char line[64], want[96];
	struct al_version v;
	struct al_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		snprintf(line, sizeof(line), "\ntag_conflicts 0\nwalk_return %s\n",
			 vals[i]);
		e.msg[0] = '\0';
		assert_int_equal(version_with(line, &v, &e), -1);
		snprintf(want, sizeof(want),
			 "version:17: key 'walk_return': '%s' is not 0 or 1",
			 vals[i]);
		if (strcmp(e.msg, want))
			fail_msg("walk_return %s: got \"%s\", want \"%s\"",
				 vals[i], e.msg, want);
	}
	assert_int_equal(version_with("\ntag_conflicts 0\nwalk_return 0\nwalk_return 1\n",
				      &v, &e), -1);
	assert_non_null(strstr(e.msg, "version:18: duplicate key 'walk_return'"));
}

static const struct al_probe *find_probe(const struct al_probes *p,
					 const char *role)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->p[i].role, role))
			return &p->p[i];
	fail_msg("no probe %s", role);
	return NULL;
}

static void probes_both(void **state)
{
	static const struct {
		const char *kernel, *vma_free;
		uint64_t walk_anon;
	} k[] = {
		{ K61, "vm_area_free", 512 },
		{ K612, "__vm_area_free", 384 },
	};
	struct al_probes p;
	struct al_err e;
	size_t i, len;
	char path[128], *buf;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/probes", k[i].kernel);
		buf = fixture_read(path, &len);
		assert_parses(al_parse_probes(buf, len, path, &p, &e), &e);
		assert_int_equal(p.n, 24);	/* the roles of the captures */
		assert_string_equal(p.p[0].role, "anon_vma_prepare");
		assert_string_equal(find_probe(&p, "vma_free")->symbol,
				    k[i].vma_free);
		assert_int_equal(find_probe(&p, "walk_anon")->hits,
				 k[i].walk_anon);
		assert_string_equal(find_probe(&p, "walk_anon")->kind,
				    "kretprobe");
		assert_string_equal(find_probe(&p, "lazy_prepare")->status,
				    "absent");
		assert_string_equal(find_probe(&p, "caller_merge")->status,
				    "resolved");
		al_probes_free(&p);
		free(buf);
	}
}

struct vma_count {
	size_t n;
	uint64_t states[AL_NR_STATES];
	uint64_t avcs, avcs_proj, inferred, forks, split, remap;
	size_t topology;
	struct al_vma first;
	char first_comm[32];
};

static int count_vma(void *ctx, const struct al_vma *v)
{
	struct vma_count *c = ctx;

	if (!c->n) {
		c->first = *v;
		snprintf(c->first_comm, sizeof(c->first_comm), "%s", v->comm);
	}
	c->n++;
	c->states[v->state]++;
	c->avcs += v->avcs;
	c->avcs_proj += al_projected_chains(v->state, v->avcs);
	c->inferred += v->inferred;
	c->forks += v->forks;
	c->split += v->split;
	c->remap += v->remap;
	c->topology += !strcmp(v->comm, "topology");
	return 0;
}

static void vmas_kernel(const char *kernel)
{
	struct vma_count c = { 0 };
	struct al_err e;
	char path[128], *buf;
	size_t len;

	snprintf(path, sizeof(path), "%s/vmas", kernel);
	buf = fixture_read(path, &len);
	assert_parses(al_parse_vmas(buf, len, path, count_vma, &c, &e), &e);
	/* 124 lines: a header and 123 VMAs. */
	assert_int_equal(c.n, 123);
	assert_int_equal(c.states[AL_STATE_LAZY], 31);
	assert_int_equal(c.states[AL_STATE_LAZY_PARENT], 25);
	assert_int_equal(c.states[AL_STATE_UPGRADED], 67);
	assert_int_equal(c.states[AL_STATE_NONE], 0);
	assert_int_equal(c.inferred, 5);
	assert_int_equal(c.topology, 65);
	assert_int_equal(c.forks, 207);
	assert_int_equal(c.split, 30);
	assert_int_equal(c.remap, 2);
	/* The per-VMA chains add up to the summary's counts of both. */
	assert_int_equal(c.avcs, 162);
	assert_int_equal(c.avcs_proj, 106);
	assert_int_equal(c.first.pid, 1);
	assert_int_equal(c.first.start, 0x5db000);
	assert_int_equal(c.first.end, 0x5e2000);
	assert_string_equal(c.first.perms, "r--p");
	assert_int_equal(c.first.upgrade, -1);
	assert_string_equal(c.first_comm, "init");
	free(buf);
}

static void vmas_61(void **state)
{
	(void)state;
	vmas_kernel(K61);
}

static void vmas_612(void **state)
{
	(void)state;
	vmas_kernel(K612);
}

static void summary_kernel(const char *kernel, uint64_t prepare,
			   uint64_t used)
{
	struct al_summary s;
	struct al_err e;
	char path[128], *buf;
	size_t len;

	snprintf(path, sizeof(path), "%s/summary", kernel);
	buf = fixture_read(path, &len);
	assert_parses(al_parse_summary(buf, len, path, &s, &e), &e);
	assert_false(s.series);
	assert_int_equal(s.processes, 7);
	assert_int_equal(s.vmas, 276);
	assert_int_equal(s.states[AL_STATE_NONE], 153);
	assert_int_equal(s.states[AL_STATE_LAZY], 31);
	assert_int_equal(s.states[AL_STATE_LAZY_PARENT], 25);
	assert_int_equal(s.states[AL_STATE_UPGRADED], 67);
	assert_int_equal(s.states[AL_STATE_EAGER], 0);
	assert_int_equal(s.inferred, 5);
	assert_int_equal(s.av_now, 104);
	assert_int_equal(s.av_proj, 52);
	assert_int_equal(s.avc_now, 162);
	assert_int_equal(s.avc_proj, 106);
	assert_int_equal(s.events[AL_EV_PREPARE], prepare);
	assert_int_equal(s.events[AL_EV_FORK], 416);
	assert_int_equal(s.by_reason[AL_BR_CLONE][AL_REASON_SPLIT], 68);
	assert_int_equal(s.by_reason[AL_BR_CLONE][AL_REASON_FORK], 416);
	assert_int_equal(s.by_reason[AL_BR_CLONE_LAZY][AL_REASON_REMAP], 2);
	assert_int_equal(s.by_reason[AL_BR_UPGRADE][AL_REASON_FORK], 0);
	assert_int_equal(s.capacity, 65536);
	assert_int_equal(s.used, used);
	assert_int_equal(s.dropped, 0);
	free(buf);
}

static void summary_61(void **state)
{
	(void)state;
	summary_kernel(K61, 209, 118);
}

static void summary_612(void **state)
{
	(void)state;
	summary_kernel(K612, 210, 121);
}

static uint64_t hist_total(const uint64_t *h)
{
	uint64_t sum = 0;
	int b;

	for (b = 0; b < AL_HIST_NB; b++)
		sum += h[b];
	return sum;
}

static void walks_61(void **state)
{
	const struct al_walk_row *r;
	struct al_walks w;
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K61 "/walks", &len);

	(void)state;
	assert_parses(al_parse_walks(buf, len, "walks", &w, &e), &e);
	assert_int_equal(w.n, AL_NR_WALK_TYPES);
	r = al_walks_find(&w, "referenced");
	assert_non_null(r);
	assert_int_equal(r->col[AL_WC_WALKS], 128);
	assert_int_equal(r->hist[AL_HIST_FAN][1], 128);
	assert_int_equal(r->hist[AL_HIST_LAT][12], 111);
	assert_int_equal(r->hist[AL_HIST_LAT][18], 1);
	r = al_walks_find(&w, "migrate");
	assert_int_equal(r->col[AL_WC_WALKS], 256);
	assert_int_equal(r->col[AL_WC_VISITS], 512);
	assert_int_equal(r->col[AL_WC_ANON], 256);
	assert_int_equal(r->hist[AL_HIST_FAN][2], 256);
	assert_int_equal(r->hist[AL_HIST_LAT][22], 1);
	/* Every walk lands in exactly one bucket of each histogram. */
	assert_int_equal(hist_total(r->hist[AL_HIST_LAT]), 256);
	assert_int_equal(hist_total(r->hist[AL_HIST_FAN]), 256);
	r = al_walks_find(&w, "ksm");
	assert_int_equal(r->col[AL_WC_WALKS], 0);
	assert_null(al_walks_find(&w, "nosuch"));
	free(buf);
}

static void walks_612(void **state)
{
	const struct al_walk_row *r;
	struct al_walks w;
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K612 "/walks", &len);

	(void)state;
	assert_parses(al_parse_walks(buf, len, "walks", &w, &e), &e);
	r = al_walks_find(&w, "referenced");
	assert_int_equal(r->col[AL_WC_WALKS], 0);
	assert_int_equal(hist_total(r->hist[AL_HIST_LAT]), 0);
	r = al_walks_find(&w, "unmap");
	assert_int_equal(r->col[AL_WC_WALKS], 128);
	assert_int_equal(r->hist[AL_HIST_LAT][21], 1);
	assert_int_equal(hist_total(r->hist[AL_HIST_LAT]), 128);
	free(buf);
}

/* Per-process totals of the vmas file agree with the summary. */
static void procs_agree_with_summary(void **state)
{
	struct al_procs ps = { 0 };
	struct al_proc total;
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K61 "/vmas", &len);
	const struct al_proc *parent, *child;

	(void)state;
	assert_parses(al_parse_vmas(buf, len, "vmas", al_procs_add, &ps,
				       &e), &e);
	assert_int_equal(ps.n, 7);
	al_procs_total(&ps, ps.n, &total);
	assert_int_equal(total.vmas, 123);
	assert_int_equal(total.avcs, 162);
	assert_int_equal(total.avcs_proj, 106);
	/* topology: the parent (134) forked the child (135). */
	parent = al_procs_find(&ps, 134);
	child = al_procs_find(&ps, 135);
	assert_non_null(parent);
	assert_non_null(child);
	assert_string_equal(parent->comm, "topology");
	assert_int_equal(parent->states[AL_STATE_UPGRADED], 25);
	assert_int_equal(parent->states[AL_STATE_LAZY], 10);
	assert_int_equal(child->states[AL_STATE_LAZY_PARENT], 25);
	assert_int_equal(child->avcs, 55);
	assert_int_equal(child->avcs_proj, 25);
	/* Its own 25 anon_vmas go, the 18 roots in the parent stay. */
	assert_int_equal(child->avs_kept, 18);
	assert_null(al_procs_find(&ps, 4242));
	al_procs_free(&ps);
	free(buf);
}

static void slabinfo_both(void **state)
{
	static const struct {
		const char *kernel;
		uint64_t vma_active, vma_size;
	} k[] = { { K61, 460, 152 }, { K612, 437, 176 } };
	const struct al_slab *s;
	struct al_slabinfo si;
	struct al_err e;
	char path[128], *buf;
	size_t i, len;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/slabinfo", k[i].kernel);
		buf = fixture_read(path, &len);
		assert_parses(al_parse_slabinfo(buf, len, path, &si, &e), &e);
		s = al_slabinfo_find(&si, "anon_vma");
		assert_non_null(s);
		assert_int_equal(s->active_objs, 351);
		assert_int_equal(s->objsize, 104);
		s = al_slabinfo_find(&si, "anon_vma_chain");
		assert_int_equal(s->active_objs, 576);
		assert_int_equal(s->objsize, 64);
		s = al_slabinfo_find(&si, "vm_area_struct");
		assert_int_equal(s->active_objs, k[i].vma_active);
		assert_int_equal(s->objsize, k[i].vma_size);
		assert_null(al_slabinfo_find(&si, "no_such_cache"));
		al_slabinfo_free(&si);
		free(buf);
	}
}

/* ---- malformed input: one message, FILE:LINE: what ---- */

enum kind { VERSION, PROBES, VMAS, SUMMARY, WALKS, SLABINFO };

static int no_op(void *ctx, const struct al_vma *v)
{
	(void)ctx;
	(void)v;
	return 0;
}

static int parse_any(enum kind k, char *buf, size_t len, const char *file,
		     struct al_err *e)
{
	struct al_version v;
	struct al_probes p;
	struct al_summary s;
	struct al_walks w;
	struct al_slabinfo si;
	int ret = -1;

	switch (k) {
	case VERSION:
		return al_parse_version(buf, len, file, &v, e);
	case PROBES:
		ret = al_parse_probes(buf, len, file, &p, e);
		if (!ret)
			al_probes_free(&p);
		return ret;
	case VMAS:
		return al_parse_vmas(buf, len, file, no_op, NULL, e);
	case SUMMARY:
		return al_parse_summary(buf, len, file, &s, e);
	case WALKS:
		return al_parse_walks(buf, len, file, &w, e);
	case SLABINFO:
		ret = al_parse_slabinfo(buf, len, file, &si, e);
		if (!ret)
			al_slabinfo_free(&si);
		return ret;
	}
	return ret;
}

static const struct bad {
	const char *file;
	enum kind kind;
	unsigned int line;
	const char *what;
} bad[] = {
	{ "version.contract2", VERSION, 3, "contract 2, anonstat reads contract 1" },
	{ "version.no-contract", VERSION, 15, "without key 'contract'" },
	{ "version.flavour", VERSION, 6, "unknown flavour 'weird'" },
	{ "version.dup-key", VERSION, 17, "duplicate key 'contract'" },
	{ "version.contract-nan", VERSION, 3, "'one' is not a number" },
	{ "version.empty", VERSION, 1, "empty file" },
	{ "version.walk-return", VERSION, 17, "key 'walk_return': '2' is not 0 or 1" },
	{ "probes.hits-nan", PROBES, 3, "column 'hits': '81x' is not a number" },
	{ "probes.missing-column", PROBES, 1, "missing column 'missed'" },
	{ "probes.dup-column", PROBES, 1, "duplicate column 'hits'" },
	{ "probes.long-line", PROBES, 4, "more fields than the 6 columns" },
	{ "vmas.truncated", VMAS, 3, "truncated line: 13 fields" },
	{ "vmas.no-newline", VMAS, 5, "no newline" },
	{ "vmas.missing-column", VMAS, 1, "missing column 'avcs'" },
	{ "vmas.dup-column", VMAS, 1, "duplicate column 'state'" },
	{ "vmas.avcs-nan", VMAS, 4, "column 'avcs': 'one' is not a number" },
	{ "vmas.bad-state", VMAS, 2, "unknown state 'snoozing'" },
	{ "vmas.bad-id", VMAS, 3, "'516a7ef43a1g' is neither an id" },
	{ "vmas.bad-perms", VMAS, 2, "column 'perms': 'rw'" },
	{ "vmas.start-end", VMAS, 2, "start 5e2000 is not below end 5db000" },
	{ "vmas.comm-not-last", VMAS, 1, "column 'comm' must be the last one" },
	{ "vmas.bad-upgrade", VMAS, 3, "unknown upgrade reason 'soon'" },
	{ "vmas.nul", VMAS, 2, "NUL byte" },
	{ "vmas.pid-negative", VMAS, 2, "column 'pid': '-1' is not a number" },
	{ "vmas.empty", VMAS, 1, "empty file" },
	{ "summary.missing-key", SUMMARY, 41, "without key 'anon_vma.projected'" },
	{ "summary.nan", SUMMARY, 17, "key 'events.fork': '4l6' is not a number" },
	{ "summary.overflow", SUMMARY, 4, "'18446744073709551616' is not a number" },
	{ "summary.missing-value-column", SUMMARY, 1, "missing column 'value'" },
	{ "walks.no-hist", WALKS, 6, "without the histogram table" },
	{ "walks.hist-unknown-type", WALKS, 10, "walk type 'sleep', which the walk table lacks" },
	{ "walks.bucket-range", WALKS, 10, "bucket 65 out of range 0-64" },
	{ "walks.dup-bucket", WALKS, 28, "duplicate bucket 1 of fanout unmap" },
	{ "walks.missing-column", WALKS, 1, "missing column 'dropped'" },
	{ "walks.nan", WALKS, 3, "column 'walks': '1e3' is not a number" },
	{ "walks.dup-type", WALKS, 7, "duplicate walk type 'referenced'" },
	{ "slabinfo.version1", SLABINFO, 1, "not slabinfo version 2.x" },
	{ "slabinfo.nan", SLABINFO, 3, "column 'active_objs': '35x'" },
	{ "slabinfo.truncated", SLABINFO, 3, "truncated line" },
};

static void malformed(void **state)
{
	const struct bad *b = *state;
	char rel[128], prefix[160], *buf;
	struct al_err e = { "" };
	size_t len;

	snprintf(rel, sizeof(rel), "bad/%s", b->file);
	buf = fixture_read(rel, &len);
	assert_int_equal(parse_any(b->kind, buf, len, rel, &e), -1);
	snprintf(prefix, sizeof(prefix), "%s:%u: ", rel, b->line);
	if (strncmp(e.msg, prefix, strlen(prefix)) || !strstr(e.msg, b->what))
		fail_msg("got \"%s\", want \"%s...%s\"", e.msg, prefix,
			 b->what);
	free(buf);
}

/* ---- what a newer module may add ---- */

/*
 * @orig with a column at the front and one before comm: "generation" 9
 * and "rmap_future" 7 (the fixtures' comms have no blanks).
 */
static char *add_columns(const char *orig)
{
	char *out = malloc(2 * strlen(orig) + 64), *o = out;
	const char *line = orig, *nl, *last;
	bool header = true;

	assert_non_null(out);
	for (; (nl = strchr(line, '\n')); line = nl + 1, header = false) {
		for (last = nl; last > line && last[-1] != ' '; last--)
			;
		o += sprintf(o, "%s%.*s%s%.*s\n",
			     header ? "generation " : "9 ",
			     (int)(last - line), line,
			     header ? "rmap_future " : "7 ",
			     (int)(nl - last), last);
	}
	*o = '\0';
	return out;
}

static void vmas_extra_columns(void **state)
{
	struct vma_count a = { 0 }, b = { 0 };
	struct al_err e;
	char *orig, *x;
	size_t len;

	(void)state;
	orig = fixture_read(K612 "/vmas", &len);
	x = add_columns(orig);
	assert_parses(al_parse_vmas(orig, len, "vmas", count_vma, &a, &e), &e);
	assert_parses(al_parse_vmas(x, strlen(x), "vmas", count_vma, &b, &e), &e);
	assert_int_equal(b.n, 123);
	assert_int_equal(b.n, a.n);
	assert_memory_equal(b.states, a.states, sizeof(a.states));
	assert_int_equal(b.avcs, a.avcs);
	assert_int_equal(b.topology, a.topology);
	assert_string_equal(b.first_comm, "init");
	free(x);
	free(orig);
}

static void vmas_columns_by_name(void **state)
{
	char buf[] =
		"comm_free pid end start perms state inferred vma anon_vma root avcs prepared forks split merge remap upgrade rmap_referenced rmap_unmap rmap_migrate rmap_ksm rmap_other comm\n"
		"x 42 7f0000002000 7f0000001000 rw-p upgraded 0 0000000000aa 0000000000bb - 3 1 2 0 1 0 fork 4 5 6 7 8 Web Content\n"
		"y 43 2000 1000 rw-p none 0 0000000000cc - - 0 0 0 0 0 0 - 0 0 0 0 0 \n";
	struct vma_count c = { 0 };
	struct al_err e;

	(void)state;
	assert_parses(al_parse_vmas(buf, strlen(buf), "vmas", count_vma,
				       &c, &e), &e);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.first.pid, 42);
	assert_int_equal(c.first.start, 0x7f0000001000);
	assert_int_equal(c.first.end, 0x7f0000002000);
	assert_int_equal(c.first.vma, 0xaa);
	assert_int_equal(c.first.anon_vma, 0xbb);
	assert_int_equal(c.first.root, AL_ID_NONE);
	assert_int_equal(c.first.upgrade, AL_REASON_FORK);
	assert_true(c.first.prepared);
	assert_int_equal(c.first.rmap[AL_WALK_OTHER], 8);
	/* comm is the rest of the line, blanks and all; may be empty. */
	assert_string_equal(c.first_comm, "Web Content");
	assert_int_equal(c.states[AL_STATE_NONE], 1);
}

static void kv_extra_keys(void **state)
{
	char *orig, *x, *y;
	struct al_summary s;
	struct al_version v;
	struct al_err e;
	size_t len;

	(void)state;
	orig = fixture_read(K61 "/summary", &len);
	x = str_replace_all(orig, "vmas 276\n",
			    "vmas 276\nstate.hibernating 3\nfuture.key 12\n");
	assert_parses(al_parse_summary(x, strlen(x), "summary", &s, &e), &e);
	assert_int_equal(s.vmas, 276);
	assert_int_equal(s.states[AL_STATE_LAZY], 31);
	free(x);
	free(orig);

	orig = fixture_read(K61 "/version", &len);
	x = str_replace_all(orig, "key value\n", "key value note\n");
	y = str_replace_all(x, "\ntag_conflicts 0\n",
			    "\ntag_conflicts 0\nbuild_id abc\n");
	free(x);
	/* A third column: each record needs a value for it. */
	x = str_replace_all(y, "\n", " .\n");
	free(y);
	y = str_replace_all(x, "key value note .\n", "key value note\n");
	assert_parses(al_parse_version(y, strlen(y), "version", &v, &e), &e);
	assert_string_equal(v.kernel, K61);
	free(x);
	free(y);
	free(orig);
}

static void probes_walks_extra(void **state)
{
	const struct al_walk_row *r;
	struct al_probes p;
	struct al_walks w;
	struct al_err e;
	char *orig, *x, *y;
	size_t len;

	(void)state;
	orig = fixture_read(K61 "/probes", &len);
	x = str_replace_all(orig, "\n", " 0\n");
	y = str_replace_all(x, "hits missed 0\n", "hits missed offset\n");
	assert_parses(al_parse_probes(y, strlen(y), "probes", &p, &e), &e);
	assert_int_equal(p.n, 24);	/* the roles of the captures */
	assert_int_equal(p.p[1].hits, 810);
	al_probes_free(&p);
	free(x);
	free(y);
	free(orig);

	orig = fixture_read(K61 "/walks", &len);
	x = str_replace_all(orig, "other 0 0 0 0 0 0 0 0 0 0\n",
			    "other 0 0 0 0 0 0 0 0 0 0\nfolio_walk 5 6 0 0 0 0 0 0 0 0\n");
	y = str_replace_all(x, "latency_ns migrate 22 1\n",
			    "latency_ns migrate 22 1\nspread migrate 3 9\nfanout folio_walk 64 5\n");
	assert_parses(al_parse_walks(y, strlen(y), "walks", &w, &e), &e);
	assert_int_equal(w.n, AL_NR_WALK_TYPES + 1);
	r = al_walks_find(&w, "folio_walk");
	assert_int_equal(r->col[AL_WC_VISITS], 6);
	assert_int_equal(r->hist[AL_HIST_FAN][64], 5);
	free(x);
	free(y);
	free(orig);
}

static int stop_at_two(void *ctx, const struct al_vma *v)
{
	int *n = ctx;

	(void)v;
	return ++*n == 2 ? 42 : 0;
}

static void vmas_callback_stops(void **state)
{
	struct al_err e;
	size_t len;
	char *buf = fixture_read(K61 "/vmas", &len);
	int n = 0;

	(void)state;
	assert_int_equal(al_parse_vmas(buf, len, "vmas", stop_at_two, &n, &e),
			 42);
	assert_int_equal(n, 2);
	free(buf);
}

static void numbers(void **state)
{
	uint64_t v;

	(void)state;
	assert_true(al_parse_u64("18446744073709551615", &v));
	assert_true(v == UINT64_MAX);
	assert_false(al_parse_u64("18446744073709551616", &v));
	assert_false(al_parse_u64("", &v));
	assert_false(al_parse_u64("+1", &v));
	assert_false(al_parse_u64("1 ", &v));
	assert_true(al_parse_hex("ffffffffffffffff", &v));
	assert_true(v == UINT64_MAX);
	assert_false(al_parse_hex("1ffffffffffffffff", &v));
	assert_false(al_parse_hex("0x10", &v));
	assert_true(al_parse_hex0x("0x10", &v));
	assert_int_equal(v, 16);
	assert_true(al_parse_hex0x("0", &v));
	assert_false(al_parse_hex0x("10", &v));
	assert_false(al_parse_hex0x("0x", &v));
}

#define BAD(i) cmocka_unit_test_prestate(malformed, (void *)&bad[i])

int main(void)
{
	struct CMUnitTest tests[64] = {
		cmocka_unit_test(version_61),
		cmocka_unit_test(version_612),
		cmocka_unit_test(version_walk_return),
		cmocka_unit_test(version_walk_return_bad),
		cmocka_unit_test(probes_both),
		cmocka_unit_test(vmas_61),
		cmocka_unit_test(vmas_612),
		cmocka_unit_test(summary_61),
		cmocka_unit_test(summary_612),
		cmocka_unit_test(walks_61),
		cmocka_unit_test(walks_612),
		cmocka_unit_test(procs_agree_with_summary),
		cmocka_unit_test(slabinfo_both),
		cmocka_unit_test(vmas_extra_columns),
		cmocka_unit_test(vmas_columns_by_name),
		cmocka_unit_test(kv_extra_keys),
		cmocka_unit_test(probes_walks_extra),
		cmocka_unit_test(vmas_callback_stops),
		cmocka_unit_test(numbers),
	};
	char names[sizeof(bad) / sizeof(bad[0])][64];
	size_t n = 19, i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(names[i], sizeof(names[i]), "malformed %s", bad[i].file);
		tests[n] = (struct CMUnitTest)BAD(i);
		tests[n++].name = names[i];
	}
	return _cmocka_run_group_tests("parse", tests, n, NULL, NULL);
}
