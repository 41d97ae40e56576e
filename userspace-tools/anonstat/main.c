// SPDX-License-Identifier: GPL-2.0
/*
 * anonstat - per-VMA anon_vma state from anon_lazy.ko, aggregated.
 *
 * A table of commands in the way of bpftool; global options are handled
 * once here, and each command says which of them it takes, so that an
 * option that would be silently ignored is a usage error instead.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#include "anonstat.h"

/* Options, as a command accepts them. */
#define O_DIR		0x001
#define O_JSON		0x002
#define O_OUTPUT	0x004
#define O_NOHEAD	0x008
#define O_SORT		0x010
#define O_TOP		0x020
#define O_PID		0x040
#define O_PROM		0x080
#define O_REPEAT	0x100	/* [interval [count]] */

struct cmd {
	const char *name;
	int (*fn)(struct al_opts *o);
	unsigned int opts;
	int min_args, max_args;		/* besides [interval [count]] */
	const char *synopsis;
	const char *help;
};

static int cmd_help(struct al_opts *o);

/* What runs without a command name: the summary, or per process with -p. */
static const struct cmd cmd_default = {
	"", cmd_summary, O_DIR | O_JSON | O_REPEAT, 0, 0,
	"[interval [count]]", "system summary"
};
static const struct cmd cmd_per_process = {
	"", cmd_procs, O_DIR | O_JSON | O_OUTPUT | O_NOHEAD | O_SORT | O_TOP |
	O_PID | O_REPEAT, 0, 0,
	"-p PID|COMM [interval [count]]", "per-process totals"
};
static const struct cmd cmd_prom = {
	"", cmd_prometheus, O_DIR | O_PROM | O_REPEAT, 0, 0,
	"--prometheus[=FILE] [interval [count]]", "Prometheus textfile"
};

static const struct cmd cmds[] = {
	{ "probes", cmd_probes, O_DIR | O_JSON | O_OUTPUT | O_NOHEAD, 0, 0,
	  "", "probe table: role, symbol, status, hits" },
	{ "vmas", cmd_vmas, O_DIR | O_JSON | O_OUTPUT | O_NOHEAD | O_SORT |
	  O_TOP | O_PID | O_REPEAT, 0, 0,
	  "[-p PID|COMM] [-s FIELD] [-n N] [interval [count]]",
	  "per-VMA table; with an interval, the top movers" },
	{ "savings", cmd_savings, O_DIR | O_JSON | O_OUTPUT | O_NOHEAD, 0, 0,
	  "", "slab KB now and projected under ANON_VMA_LAZY" },
	{ "walks", cmd_walks, O_DIR | O_JSON | O_OUTPUT | O_NOHEAD, 0, 0,
	  "", "rmap walks by type, fanout and latency histograms" },
	{ "version", cmd_version, O_DIR | O_JSON, 0, 0,
	  "", "module, contract, kernel, flavour, anonstat" },
	{ "snapshot", cmd_snapshot, O_DIR | O_JSON, 1, 1,
	  "DIR", "copy every file (and slabinfo, uname) into a new DIR" },
	{ "diff", cmd_diff, O_JSON | O_NOHEAD, 2, 2,
	  "DIR_A DIR_B", "before/after of two snapshots" },
	{ "help", cmd_help, 0, 0, 0, "", "this help" },
};

static const struct {
	unsigned int flag;
	const char *name;
} opt_names[] = {
	{ O_DIR, "-d/--debugfs" }, { O_JSON, "-j/--json" },
	{ O_OUTPUT, "-o/--output" }, { O_NOHEAD, "--noheadings" },
	{ O_SORT, "-s/--sort" }, { O_TOP, "-n/--top" },
	{ O_PID, "-p/--pid" }, { O_PROM, "--prometheus" },
	{ O_REPEAT, "an interval" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: anonstat [OPTIONS] [interval [count]]     system summary\n"
		"       anonstat [OPTIONS] -p PID|COMM [interval [count]]\n"
		"                                                 per-process totals\n"
		"       anonstat [OPTIONS] COMMAND [ARGS]\n"
		"\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		char head[96];

		snprintf(head, sizeof(head), "%s %s", cmds[i].name,
			 cmds[i].synopsis);
		if (strlen(head) > 22)
			fprintf(f, "  %s\n  %-22s %s\n", head, "", cmds[i].help);
		else
			fprintf(f, "  %-22s %s\n", head, cmds[i].help);
	}
	fprintf(f,
		"\nOptions:\n"
		"  -d, --debugfs DIR      read DIR (a snapshot) instead of %s/%s\n"
		"                         (default: $%s, else the live directory)\n"
		"  -j, --json             JSON output\n"
		"      --pretty           indented JSON (implies -j)\n"
		"  -o, --output COLS      table columns, comma-separated (+COLS: add)\n"
		"      --noheadings       no header lines\n"
		"  -s, --sort FIELD       sort rows by FIELD\n"
		"  -n, --top N            only the first N rows\n"
		"  -p, --pid PID|COMM     only these processes (repeatable; globs)\n"
		"      --prometheus[=FILE]  node_exporter textfile format\n"
		"  -h, --help             this help\n"
		"  -V, --version          anonstat's version\n"
		"\nExit status: 0 success, 1 failure, 2 usage error.  See anonstat(8).\n",
		AL_DEBUGFS_MOUNT, AL_DEBUGFS_DIR, AL_ENV_DIR);
}

static int cmd_help(struct al_opts *o)
{
	(void)o;
	usage(stdout);
	return EXIT_OK;
}

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;


	fprintf(stderr, "anonstat: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'anonstat --help'.\n");
	return EXIT_USAGE;
}

/* Exact name, else an unambiguous prefix (bpftool's way). */
static const struct cmd *find_cmd(const char *name, int *status)
{
	const struct cmd *found = NULL;
	size_t i, n = strlen(name);

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(name, cmds[i].name))
			return &cmds[i];
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strncmp(name, cmds[i].name, n))
			continue;
		if (found) {
			*status = usage_error("ambiguous command '%s'", name);
			return NULL;
		}
		found = &cmds[i];
	}
	if (!found)
		*status = usage_error("unknown command '%s'", name);
	return found;
}

static bool is_number(const char *s)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	strtod(s, &end);
	return !*end;
}

static int parse_repeat(struct al_opts *o, int argc, char **argv)
{
	char *end;

	if (argc > 2)
		return usage_error("unexpected argument '%s'", argv[2]);
	if (!argc)
		return EXIT_OK;
	o->interval = strtod(argv[0], &end);
	if (*end || !isfinite(o->interval) || o->interval <= 0 ||
	    o->interval > 86400 * 365.0)
		return usage_error("bad interval '%s' (seconds > 0)", argv[0]);
	o->repeat = true;
	if (argc == 2) {
		o->count = strtoul(argv[1], &end, 10);
		if (*end || !o->count || argv[1][0] == '-')
			return usage_error("bad count '%s' (a number > 0)",
					   argv[1]);
	}
	return EXIT_OK;
}

static int check_opts(const struct cmd *c, unsigned int given)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_names); i++) {
		if (!(given & opt_names[i].flag) || (c->opts & opt_names[i].flag))
			continue;
		fprintf(stderr, "anonstat: %s does not apply to %s%s%s\n"
			"Try 'anonstat --help'.\n", opt_names[i].name,
			*c->name ? "'" : "", *c->name ? c->name : "this report",
			*c->name ? "'" : "");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

enum { OPT_PRETTY = 256, OPT_NOHEADINGS, OPT_PROMETHEUS };

static const struct option long_opts[] = {
	{ "debugfs", required_argument, NULL, 'd' },
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, OPT_PRETTY },
	{ "output", required_argument, NULL, 'o' },
	{ "noheadings", no_argument, NULL, OPT_NOHEADINGS },
	{ "sort", required_argument, NULL, 's' },
	{ "top", required_argument, NULL, 'n' },
	{ "pid", required_argument, NULL, 'p' },
	{ "prometheus", optional_argument, NULL, OPT_PROMETHEUS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int parse_options(int argc, char **argv, struct al_opts *o,
			 unsigned int *given)
{
	struct al_err e;
	char *end;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:jo:s:n:p:hV", long_opts,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			o->dir = optarg;
			*given |= O_DIR;
			break;
		case 'j':
			o->json = true;
			*given |= O_JSON;
			break;
		case OPT_PRETTY:
			o->json = o->pretty = true;
			*given |= O_JSON;
			break;
		case 'o':
			o->output = optarg;
			*given |= O_OUTPUT;
			break;
		case OPT_NOHEADINGS:
			o->noheadings = true;
			*given |= O_NOHEAD;
			break;
		case 's':
			o->sort = optarg;
			*given |= O_SORT;
			break;
		case 'n':
			o->top = strtoul(optarg, &end, 10);
			if (*end || !o->top || optarg[0] == '-')
				return usage_error("bad -n '%s' (a number > 0)",
						   optarg);
			*given |= O_TOP;
			break;
		case 'p':
			if (al_filter_add(&o->filter, optarg, &e))
				return usage_error("%s", e.msg);
			*given |= O_PID;
			break;
		case OPT_PROMETHEUS:
			o->prometheus = true;
			o->prom_file = optarg;
			*given |= O_PROM;
			break;
		case 'h':
			usage(stdout);
			exit(al_finish(EXIT_OK));
		case 'V':
			printf("anonstat %s (contract %d)\n", AL_VERSION,
			       AL_CONTRACT_VERSION);
			exit(al_finish(EXIT_OK));
		case ':':
			return usage_error("option '%s' needs an argument",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct al_opts o = { 0 };
	unsigned int given = 0;
	const struct cmd *c;
	int status, nargs;
	char **args;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	/* One thread: no lock per character of a million-line table. */
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
	status = parse_options(argc, argv, &o, &given);
	if (status)
		return status;
	args = argv + optind;
	nargs = argc - optind;

	if (!nargs || is_number(args[0])) {
		c = o.prometheus ? &cmd_prom :
		    o.filter.n ? &cmd_per_process : &cmd_default;
	} else {
		c = find_cmd(args[0], &status);
		if (!c)
			return status;
		args++;
		nargs--;
	}
	status = check_opts(c, given);
	if (status)
		return status;
	if (c->opts & O_REPEAT) {
		status = parse_repeat(&o, nargs, args);
		if (status)
			return status;
		nargs = 0;
	} else if (nargs < c->min_args || nargs > c->max_args) {
		fprintf(stderr, "anonstat: usage: anonstat %s %s\n", c->name,
			c->synopsis);
		return EXIT_USAGE;
	}
	o.argc = nargs;
	o.argv = args;
	return al_finish(c->fn(&o));
}
