// SPDX-License-Identifier: GPL-2.0
/* anonstat probes - which symbol carries which role, and how often it fired. */
#include <inttypes.h>
#include <stdio.h>

#include "anonstat.h"

/* The symbol column last: candidate lists can be long. */
enum { C_ROLE, C_STATUS, C_KIND, C_HITS, C_MISSED, C_SYMBOL, C_N };

static const struct tcol cols[C_N] = {
	[C_ROLE] = { AL_COL_ROLE, NULL, 0 },
	[C_SYMBOL] = { AL_COL_SYMBOL, NULL, 0 },
	[C_STATUS] = { AL_COL_STATUS, NULL, 0 },
	[C_KIND] = { AL_COL_KIND, NULL, 0 },
	[C_HITS] = { AL_COL_HITS, NULL, TC_RIGHT },
	[C_MISSED] = { AL_COL_MISSED, NULL, TC_RIGHT },
};

static void cell(void *ctx, size_t row, size_t col, char *buf, size_t len)
{
	const struct al_probe *p = &((const struct al_probes *)ctx)->p[row];

	switch (col) {
	case C_ROLE:
		snprintf(buf, len, "%s", p->role);
		break;
	case C_SYMBOL:
		snprintf(buf, len, "%s", p->symbol);
		break;
	case C_STATUS:
		snprintf(buf, len, "%s", p->status);
		break;
	case C_KIND:
		snprintf(buf, len, "%s", p->kind);
		break;
	case C_HITS:
		snprintf(buf, len, "%" PRIu64, p->hits);
		break;
	default:
		snprintf(buf, len, "%" PRIu64, p->missed);
		break;
	}
}

static void print_json(const struct al_opts *o, const struct al_probes *ps)
{
	struct json j;
	size_t i;

	al_json_start(o, &j);
	json_obj_open(&j);
	json_karr_open(&j, AL_JSON_PROBES);
	for (i = 0; i < ps->n; i++) {
		const struct al_probe *p = &ps->p[i];

		json_obj_open(&j);
		json_kstr(&j, AL_COL_ROLE, p->role);
		json_kstr(&j, AL_COL_SYMBOL, p->symbol);
		json_kstr(&j, AL_COL_STATUS, p->status);
		json_kstr(&j, AL_COL_KIND, p->kind);
		json_ku64(&j, AL_COL_HITS, p->hits);
		json_ku64(&j, AL_COL_MISSED, p->missed);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
	json_finish(&j);
}

int cmd_probes(struct al_opts *o)
{
	struct al_data d;
	struct table t;
	int status;

	status = al_table_setup(o, &t, cols, C_N);
	if (status)
		return status;
	status = al_open(o, NULL, AL_NEED(AL_F_PROBES), &d);
	if (status)
		return status;
	if (o->json)
		print_json(o, &d.probes);
	else
		table_print(stdout, &t, d.probes.n, cell, &d.probes);
	al_data_free(&d);
	return EXIT_OK;
}
