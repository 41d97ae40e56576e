// SPDX-License-Identifier: GPL-2.0
/*
 * cli - what every command does with the command line: open the source,
 * set up tables, sorting and JSON, and say what the numbers are.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "anonstat.h"

int al_open(const struct al_opts *o, const char *dir, unsigned int need,
	    struct al_data *d)
{
	struct al_source src;
	struct al_err e;

	memset(d, 0, sizeof(*d));
	if (al_source_find(dir ? dir : o->dir, &src, &e) ||
	    al_data_load(d, &src, need, &e)) {
		al_error("%s", e.msg);
		al_data_free(d);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int al_open_vmas(struct al_data *d, al_vma_fn fn, void *ctx)
{
	struct al_err e;

	if (al_data_vmas(d, fn, ctx, &e)) {
		al_error("%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int al_table_setup(const struct al_opts *o, struct table *t,
		   const struct tcol *cols, size_t ncols)
{
	struct al_err e;

	table_init(t, cols, ncols);
	t->noheadings = o->noheadings;
	if (o->output && table_select(t, o->output, &e)) {
		al_error("%s", e.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int al_sort_setup(const struct al_opts *o, const struct al_sortkey *keys,
		  size_t n, const struct al_sortkey **key)
{
	struct al_err e;

	*key = NULL;
	if (!o->sort)
		return EXIT_OK;
	*key = al_sortkey_find(keys, n, o->sort, &e);
	if (!*key) {
		al_error("%s", e.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

void al_json_start(const struct al_opts *o, struct json *j)
{
	json_init(j, stdout, o->pretty);
}

const char *al_states_are(bool series)
{
	return series ? "measured" : "projected";
}

void al_flavour_line(bool series)
{
	if (series)
		printf("flavour %s: states are measured on a kernel with ANON_VMA_LAZY\n",
		       AL_FLAVOUR_SERIES);
	else
		printf("flavour %s: states are projections of ANON_VMA_LAZY\n",
		       AL_FLAVOUR_STOCK);
}

const char *al_pct(double pct, char *buf, size_t len)
{
	if (isnan(pct))
		snprintf(buf, len, "%s", AL_NONE_VALUE);
	else
		snprintf(buf, len, "%+.1f%%", pct);
	return buf;
}

int al_finish(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		al_error("write error: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return status;
}
