// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over anonstat's parsers.  The first byte of an input
 * picks the file type (version, probes, vmas, summary, walks, slabinfo),
 * the rest is the file.  The buffer is exactly the input's size, with no
 * NUL after it, so any read past the end is caught.  What parses is then
 * aggregated and written as JSON, as anonstat would.  vmas is also fed in
 * chunks, as anonstat reads it, and must give the same answer both ways.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "parse.h"
#include "procs.h"
#include "slabinfo.h"

enum { F_VERSION, F_PROBES, F_VMAS, F_SUMMARY, F_WALKS, F_SLABINFO, F_N };

static FILE *sink;

static int count(void *ctx, const struct al_vma *v)
{
	(void)v;
	++*(size_t *)ctx;
	return 0;
}

/* As data.c reads a vmas file: @chunk bytes at a time, lines carried over. */
static int vmas_chunked(const char *in, size_t len, size_t chunk, size_t *n)
{
	size_t cap = chunk, have = 0, off = 0, used, k;
	char *buf = malloc(cap);
	struct al_vmas_parser p;
	struct al_err e;
	int err = 0;

	al_vmas_begin(&p, "vmas", count, n);
	for (;;) {
		if (have == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		k = len - off < cap - have ? len - off : cap - have;
		k = k < chunk ? k : chunk;
		if (!k) {
			err = al_vmas_end(&p, have, &e);
			break;
		}
		memcpy(buf + have, in + off, k);
		off += k;
		have += k;
		err = al_vmas_feed(&p, buf, have, &used, &e);
		if (err)
			break;
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	free(buf);
	return err;
}

static void vmas_both_ways(const unsigned char *data, size_t size)
{
	size_t whole = 0, chunked = 0;
	struct al_err e;
	char *buf;
	int a, b;

	buf = malloc(size - 1 ? size - 1 : 1);
	memcpy(buf, data + 1, size - 1);
	a = al_parse_vmas(buf, size - 1, "vmas", count, &whole, &e);
	free(buf);
	b = vmas_chunked((const char *)data + 1, size - 1,
			 1 + data[0] / F_N % 61, &chunked);
	if (a != b || whole != chunked)
		abort();
}

static int vma_json(void *ctx, const struct al_vma *v)
{
	struct json j;

	json_init(&j, sink, false);
	json_obj_open(&j);
	json_kstr(&j, "comm", v->comm);
	json_kstr(&j, "perms", v->perms);
	json_obj_close(&j);
	return al_procs_add(ctx, v);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct al_procs ps = { 0 };
	struct al_slabinfo si;
	struct al_version v;
	struct al_summary s;
	struct al_probes p;
	struct al_walks w;
	struct al_err e;
	size_t i;
	char *buf;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (!size)
		return 0;
	buf = malloc(size - 1 ? size - 1 : 1);
	memcpy(buf, data + 1, size - 1);
	switch (data[0] % F_N) {
	case F_VERSION:
		if (!al_parse_version(buf, size - 1, "version", &v, &e))
			json_escape(sink, v.kernel, strlen(v.kernel));
		break;
	case F_PROBES:
		if (!al_parse_probes(buf, size - 1, "probes", &p, &e)) {
			for (i = 0; i < p.n; i++)
				json_escape(sink, p.p[i].symbol,
					    strlen(p.p[i].symbol));
			al_probes_free(&p);
		}
		break;
	case F_VMAS:
		al_parse_vmas(buf, size - 1, "vmas", vma_json, &ps, &e);
		al_procs_free(&ps);
		vmas_both_ways(data, size);
		break;
	case F_SUMMARY:
		al_parse_summary(buf, size - 1, "summary", &s, &e);
		break;
	case F_WALKS:
		if (!al_parse_walks(buf, size - 1, "walks", &w, &e))
			for (i = 0; i < w.n; i++)
				json_escape(sink, w.rows[i].type,
					    strlen(w.rows[i].type));
		break;
	case F_SLABINFO:
		if (!al_parse_slabinfo(buf, size - 1, "slabinfo", &si, &e))
			al_slabinfo_free(&si);
		break;
	}
	free(buf);
	return 0;
}
