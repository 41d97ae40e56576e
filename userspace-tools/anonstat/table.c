// SPDX-License-Identifier: GPL-2.0
/* table - aligned text columns, -o column selection, --noheadings. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "table.h"
#include "util.h"

static void digits(char *buf, size_t len, uint64_t v, unsigned int base)
{
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

void table_u64(char *buf, size_t len, uint64_t v)
{
	digits(buf, len, v, 10);
}

void table_x64(char *buf, size_t len, uint64_t v)
{
	digits(buf, len, v, 16);
}

void table_init(struct table *t, const struct tcol *cols, size_t ncols)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols < TABLE_MAX_COLS ? ncols : TABLE_MAX_COLS;
	t->sep = " ";
	for (i = 0; i < t->ncols; i++)
		if (!(cols[i].flags & TC_EXTRA))
			t->sel[t->nsel++] = i;
}

static int unknown_column(const struct table *t, const char *name,
			  struct al_err *e)
{
	char list[TABLE_MAX_COLS * 24] = "";
	size_t i, n = 0;

	for (i = 0; i < t->ncols && n < sizeof(list); i++)
		n += snprintf(list + n, sizeof(list) - n, "%s%s", i ? "," : "",
			      t->cols[i].name);
	return al_errf(e, "-o", 0, "unknown column '%s' (columns: %s)", name,
		       list);
}

int table_select(struct table *t, const char *list, struct al_err *e)
{
	char buf[1024], *name, *save;
	size_t i;

	if (*list == '+') {
		list++;
	} else {
		t->nsel = 0;
	}
	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return al_errf(e, "-o", 0, "column list too long");
	for (name = strtok_r(buf, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < t->ncols; i++)
			if (!strcasecmp(name, t->cols[i].name))
				break;
		if (i == t->ncols)
			return unknown_column(t, name, e);
		if (t->nsel == TABLE_MAX_COLS)
			return al_errf(e, "-o", 0, "too many columns");
		t->sel[t->nsel++] = i;
	}
	if (!t->nsel)
		return al_errf(e, "-o", 0, "no columns given");
	return 0;
}

bool table_shows(const struct table *t, size_t col)
{
	size_t i;

	for (i = 0; i < t->nsel; i++)
		if (t->sel[i] == col)
			return true;
	return false;
}

/* Columns on a terminal: UTF-8 continuation bytes take none. */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* Control characters in data never reach the terminal as such. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static void header_of(const struct tcol *c, char *buf, size_t len)
{
	size_t i;

	if (c->header) {
		snprintf(buf, len, "%s", c->header);
		return;
	}
	for (i = 0; c->name[i] && i + 1 < len; i++)
		buf[i] = toupper((unsigned char)c->name[i]);
	buf[i] = '\0';
}

static void pad(FILE *f, size_t n)
{
	static const char spaces[] = "                                ";

	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		fwrite(spaces, 1, k, f);
		n -= k;
	}
}

static void put_cell(FILE *f, const struct table *t, size_t i, size_t width,
		     const char *text)
{
	const struct tcol *c = &t->cols[t->sel[i]];
	size_t fill = width - text_width(text);
	bool last = i + 1 == t->nsel;

	if (i)
		fputs(t->sep, f);
	if (c->flags & TC_RIGHT)
		pad(f, fill);
	fputs(text, f);
	if (!(c->flags & TC_RIGHT) && !last)
		pad(f, fill);
}

void table_print(FILE *f, const struct table *t, size_t nrows,
		 table_cell_fn fn, void *ctx)
{
	size_t width[TABLE_MAX_COLS], r, i, w;
	char cell[TABLE_CELL_MAX];

	for (i = 0; i < t->nsel; i++) {
		width[i] = 0;
		if (!t->noheadings) {
			header_of(&t->cols[t->sel[i]], cell, sizeof(cell));
			width[i] = text_width(cell);
		}
	}
	for (r = 0; r < nrows; r++) {
		for (i = 0; i < t->nsel; i++) {
			fn(ctx, r, t->sel[i], cell, sizeof(cell));
			w = text_width(cell);
			if (w > width[i])
				width[i] = w;
		}
	}
	if (!t->noheadings) {
		for (i = 0; i < t->nsel; i++) {
			header_of(&t->cols[t->sel[i]], cell, sizeof(cell));
			put_cell(f, t, i, width[i], cell);
		}
		fputc('\n', f);
	}
	for (r = 0; r < nrows; r++) {
		for (i = 0; i < t->nsel; i++) {
			fn(ctx, r, t->sel[i], cell, sizeof(cell));
			sanitize(cell);
			put_cell(f, t, i, width[i], cell);
		}
		fputc('\n', f);
	}
}

void table_rows_init(struct table_rows *r, size_t ncols)
{
	memset(r, 0, sizeof(*r));
	r->ncols = ncols;
}

void table_rows_add(struct table_rows *r, const char *fmt, ...)
{
	char line[TABLE_CELL_MAX], *p = line, *tab;
	va_list ap;
	size_t c;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	xgrow(&r->cells, &r->cap, (r->nrows + 1) * r->ncols, sizeof(char *));
	for (c = 0; c < r->ncols; c++) {
		tab = p ? strchr(p, '\t') : NULL;
		if (tab)
			*tab = '\0';
		r->cells[r->nrows * r->ncols + c] = strdup(p ? p : "");
		if (!r->cells[r->nrows * r->ncols + c]) {
			al_error("out of memory");
			exit(EXIT_FAIL);
		}
		p = tab ? tab + 1 : NULL;
	}
	r->nrows++;
}

void table_rows_cell(void *rows, size_t row, size_t col, char *buf,
		     size_t len)
{
	const struct table_rows *r = rows;

	snprintf(buf, len, "%s", r->cells[row * r->ncols + col]);
}

void table_rows_print(FILE *f, const struct table *t,
		      const struct table_rows *r)
{
	table_print(f, t, r->nrows, table_rows_cell, (void *)r);
}

void table_rows_free(struct table_rows *r)
{
	size_t i;

	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof(*r));
}
