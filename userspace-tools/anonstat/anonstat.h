/* SPDX-License-Identifier: GPL-2.0 */
/*
 * anonstat - what its commands share: the parsed command line and the
 * helpers that turn it into data, tables and JSON the same way everywhere.
 */
#ifndef ANONSTAT_H
#define ANONSTAT_H

#include <stdbool.h>
#include <stddef.h>

#include "data.h"
#include "filter.h"
#include "json.h"
#include "sort.h"
#include "table.h"
#include "util.h"

struct al_opts {
	const char *dir;		/* -d DIR */
	bool json, pretty;		/* -j, --pretty */
	const char *output;		/* -o COLS */
	bool noheadings;		/* --noheadings */
	const char *sort;		/* -s FIELD */
	unsigned long top;		/* -n N, 0: all */
	struct al_filter filter;	/* -p PID|COMM... */
	bool prometheus;		/* --prometheus[=FILE] */
	const char *prom_file;		/* NULL: stdout */
	bool repeat;			/* [interval [count]] given */
	double interval;
	unsigned long count;		/* 0: until interrupted */
	int argc;			/* the command's own arguments */
	char **argv;
};

int cmd_summary(struct al_opts *o);
int cmd_procs(struct al_opts *o);
int cmd_probes(struct al_opts *o);
int cmd_vmas(struct al_opts *o);
int cmd_savings(struct al_opts *o);
int cmd_walks(struct al_opts *o);
int cmd_version(struct al_opts *o);
int cmd_snapshot(struct al_opts *o);
int cmd_diff(struct al_opts *o);
int cmd_prometheus(struct al_opts *o);

/* Find the source (-d, $ANON_LAZY_DIR or live) and load @need; on error
 * print the message and return EXIT_FAIL. */
int al_open(const struct al_opts *o, const char *dir, unsigned int need,
	    struct al_data *d);
/* As al_open() for the vmas file, into @fn. */
int al_open_vmas(struct al_data *d, al_vma_fn fn, void *ctx);

/* -o and --noheadings applied to @t; EXIT_USAGE on a bad -o. */
int al_table_setup(const struct al_opts *o, struct table *t,
		   const struct tcol *cols, size_t ncols);
/* -s FIELD against @keys (NULL if no -s); EXIT_USAGE on a bad field. */
int al_sort_setup(const struct al_opts *o, const struct al_sortkey *keys,
		  size_t n, const struct al_sortkey **key);

void al_json_start(const struct al_opts *o, struct json *j);
/* The first line of every text report: which flavour, what it means. */
void al_flavour_line(bool series);
/* "projected" on stock, "measured" on series. */
const char *al_states_are(bool series);

/* "+12.3%", or "-" where undefined (NaN). */
const char *al_pct(double pct, char *buf, size_t len);

/* Flush stdout; EXIT_FAIL with a message if writing failed. */
int al_finish(int status);

#endif /* ANONSTAT_H */
