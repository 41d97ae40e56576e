// SPDX-License-Identifier: GPL-2.0
/* prom - the Prometheus text exposition format. */
#include <inttypes.h>
#include <math.h>

#include "anon_lazy/contract.h"
#include "prom.h"

void prom_escape(FILE *f, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f);
		if (*v == '\n') {
			fputs("\\n", f);
			continue;
		}
		fputc(*v, f);
	}
}

void prom_family(FILE *f, const char *name, const char *type,
		 const char *help)
{
	/* HELP text escapes only backslash and newline; ours have neither. */
	fprintf(f, "# HELP %s%s %s\n", AL_PROM_PREFIX, name, help);
	fprintf(f, "# TYPE %s%s %s\n", AL_PROM_PREFIX, name, type);
}

static void sample_start(FILE *f, const char *name,
			 const struct prom_label *l, size_t nl)
{
	size_t i;

	fprintf(f, "%s%s", AL_PROM_PREFIX, name);
	if (!nl)
		return;
	fputc('{', f);
	for (i = 0; i < nl; i++) {
		fprintf(f, "%s%s=\"", i ? "," : "", l[i].name);
		prom_escape(f, l[i].value);
		fputc('"', f);
	}
	fputc('}', f);
}

void prom_u64(FILE *f, const char *name, const struct prom_label *l,
	      size_t nl, uint64_t v)
{
	sample_start(f, name, l, nl);
	fprintf(f, " %" PRIu64 "\n", v);
}

void prom_double(FILE *f, const char *name, const struct prom_label *l,
		 size_t nl, double v)
{
	sample_start(f, name, l, nl);
	if (isnan(v))
		fputs(" NaN\n", f);
	else
		fprintf(f, " %.17g\n", v);
}
