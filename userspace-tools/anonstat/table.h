/* SPDX-License-Identifier: GPL-2.0 */
/*
 * table - aligned text columns in the way of lsblk(8): -o picks and orders
 * columns by name, --noheadings drops the header line.  Rows are formatted
 * by a callback, twice (widths, then output), so a table of a million rows
 * costs no memory of its own.
 */
#ifndef ANONSTAT_TABLE_H
#define ANONSTAT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parse.h"

#define TC_RIGHT	0x1	/* right-aligned (numbers) */
#define TC_EXTRA	0x2	/* not shown unless -o names it */

struct tcol {
	const char *name;	/* what -o takes */
	const char *header;	/* NULL: the name in upper case */
	unsigned int flags;
};

#define TABLE_MAX_COLS	48
#define TABLE_CELL_MAX	1024

struct table {
	const struct tcol *cols;
	size_t ncols;
	size_t sel[TABLE_MAX_COLS];	/* shown columns, in order */
	size_t nsel;
	const char *sep;		/* between columns, default " " */
	bool noheadings;
};

/* Write the text of column @col (an index into cols) of row @row. */
typedef void (*table_cell_fn)(void *ctx, size_t row, size_t col, char *buf,
			      size_t len);

/* Cells of numbers, without printf's cost: a million-row table has many. */
void table_u64(char *buf, size_t len, uint64_t v);
void table_x64(char *buf, size_t len, uint64_t v);

void table_init(struct table *t, const struct tcol *cols, size_t ncols);
/*
 * -o LIST: comma-separated column names, case-insensitive; a leading '+'
 * appends to the default columns.  Unknown names fail, listing the known.
 */
int table_select(struct table *t, const char *list, struct al_err *e);
bool table_shows(const struct table *t, size_t col);
void table_print(FILE *f, const struct table *t, size_t nrows,
		 table_cell_fn fn, void *ctx);

/*
 * Small tables built row by row: each row is one printf-style string whose
 * cells are separated by tabs.  For summaries, not for data that may hold
 * a tab (comm).
 */
struct table_rows {
	size_t ncols, nrows, cap;
	char **cells;
};

void table_rows_init(struct table_rows *r, size_t ncols);
void table_rows_add(struct table_rows *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The table_cell_fn of a struct table_rows. */
void table_rows_cell(void *rows, size_t row, size_t col, char *buf,
		     size_t len);
void table_rows_print(FILE *f, const struct table *t,
		      const struct table_rows *r);
void table_rows_free(struct table_rows *r);

#endif /* ANONSTAT_TABLE_H */
