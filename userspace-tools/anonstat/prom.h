/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prom - the Prometheus text exposition format, as node_exporter's textfile
 * collector reads it: "# HELP", "# TYPE", then samples with escaped labels.
 * Every metric name gets the prefix anon_lazy_.
 */
#ifndef ANONSTAT_PROM_H
#define ANONSTAT_PROM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define AL_PROM_PREFIX	AL_MODULE_NAME "_"

struct prom_label {
	const char *name, *value;
};

void prom_family(FILE *f, const char *name, const char *type,
		 const char *help);
void prom_u64(FILE *f, const char *name, const struct prom_label *l,
	      size_t nl, uint64_t v);
void prom_double(FILE *f, const char *name, const struct prom_label *l,
		 size_t nl, double v);
/* A label value: backslash, double quote and newline escaped. */
void prom_escape(FILE *f, const char *v);

#endif /* ANONSTAT_PROM_H */
