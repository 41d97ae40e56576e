/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse - the reader of every file anon_lazy.ko writes to debugfs.
 *
 * Pure: no I/O, no printing.  Each parser takes a whole file in a buffer it
 * may modify (lines and fields are NUL-terminated in place, strings in the
 * results point into the buffer) and either fills its result or returns -1
 * with "FILE:LINE: what" in an al_err.  Tables are read by their header:
 * columns are selected by name, unknown ones are skipped, a missing or
 * duplicated known one is an error.
 */
#ifndef ANONSTAT_PARSE_H
#define ANONSTAT_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "anon_lazy/contract.h"

struct al_err {
	char msg[512];
};

/* Set @e to "FILE:LINE: fmt..." (LINE 0: "FILE: fmt..."); returns -1. */
int al_errf(struct al_err *e, const char *file, unsigned long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- building blocks, shared with slabinfo.c ---- */

/* Walks a buffer line by line, NUL-terminating each line in place. */
struct al_lines {
	char *p, *end;
	const char *file;
	unsigned long lineno;
};

void al_lines_init(struct al_lines *l, char *buf, size_t len,
		   const char *file);
/*
 * The next line without its '\n', or NULL at the end (*err == 0) or on a
 * last line without '\n' or with a NUL byte (*err == -1, @e set): a file
 * cut short is malformed, never half-read.
 */
char *al_next_line(struct al_lines *l, int *err, struct al_err *e);

/* Split @line at runs of blanks into at most @max fields; returns count. */
size_t al_split(char *line, char **fields, size_t max);

bool al_parse_u64(const char *s, uint64_t *out);	/* decimal digits */
bool al_parse_hex(const char *s, uint64_t *out);	/* hex digits, no 0x */
bool al_parse_hex0x(const char *s, uint64_t *out);	/* "0x1f" or "0" */

/*
 * A table's schema: the columns a reader knows.  The AL_COLF_REST column
 * takes the rest of the line, blanks included, and must be the last one.
 */
#define AL_COLF_REQ	0x1
#define AL_COLF_REST	0x2

struct al_colspec {
	const char *name;
	unsigned int flags;
};

#define AL_MAX_FIELDS	64

struct al_header {
	size_t nfields;			/* columns in the file's header */
	int map[AL_MAX_FIELDS];		/* header position -> spec index, -1 */
	bool rest;			/* the last column is a REST column */
};

int al_header_parse(char *line, const struct al_colspec *spec, size_t nspec,
		    struct al_header *h, const char *file, unsigned long lineno,
		    struct al_err *e);

/*
 * Split one record by @h into @vals[spec index] (NULL for columns absent
 * from the file).  Fails on a short or long record.
 */
int al_record_split(char *line, const struct al_header *h, const char **vals,
		    size_t nspec, const char *file, unsigned long lineno,
		    struct al_err *e);

/* ---- version ---- */

/* Slab objects with a size.<name> key in version, in this order. */
enum al_obj { AL_OBJ_ANON_VMA, AL_OBJ_AVC, AL_OBJ_VMA, AL_NR_OBJS };
const char *al_obj_name(unsigned int i);	/* AL_SLAB_* */

struct al_version {
	const char *module;
	unsigned long contract;
	const char *kernel;
	const char *arch;
	bool series;			/* flavour */
	uint64_t capacity;
	uint64_t table_bytes;
	uint64_t size[AL_NR_OBJS];	/* 0: no size.<name> key */
	uint64_t tag_lazy, tag_parent, tag_mask, tag_conflicts;
	const char *tag_source;		/* NULL if absent */
	/*
	 * rmap walks followed to their return (walk_return 1, or no key: an
	 * older module); false: counted at entry, with no latency, fan-out,
	 * contention, lock waits or dropped visits (al_walk_col_at_return).
	 */
	bool walk_return;
	bool has_walk_return;		/* newer modules only */
};

/* Fails on a contract other than AL_CONTRACT_VERSION. */
int al_parse_version(char *buf, size_t len, const char *file,
		     struct al_version *v, struct al_err *e);

const char *al_flavour_name(bool series);

/* ---- probes ---- */

struct al_probe {
	const char *role, *symbol, *status, *kind;
	uint64_t hits, missed;
};

struct al_probes {
	struct al_probe *p;		/* malloc'd; al_probes_free() */
	size_t n;
};

int al_parse_probes(char *buf, size_t len, const char *file,
		    struct al_probes *out, struct al_err *e);
void al_probes_free(struct al_probes *p);

/* ---- vmas ---- */

#define AL_ID_NONE	UINT64_MAX	/* "-" */

struct al_vma {
	uint64_t start, end;
	uint64_t vma, anon_vma, root;	/* AL_ID_NONE for "-" */
	uint64_t avcs, forks, split, merge, remap;
	uint64_t rmap[AL_NR_WALK_TYPES];
	const char *comm;
	uint32_t pid;
	uint8_t state;			/* enum al_state */
	int8_t upgrade;			/* enum al_reason, -1 for "-" */
	bool inferred, prepared;
	char perms[5];
};

/*
 * Called for each record; a non-zero return stops the parse and is
 * returned.  The record's strings (comm) live only during the call.
 */
typedef int (*al_vma_fn)(void *ctx, const struct al_vma *v);

int al_parse_vmas(char *buf, size_t len, const char *file, al_vma_fn fn,
		  void *ctx, struct al_err *e);

/*
 * The same, fed in chunks as the file is read: a million-line file never
 * has to be in memory at once.  Each feed parses the complete lines at the
 * start of @buf and says in *@used how many bytes they took; the caller
 * keeps the rest for the next feed.  al_vmas_end() gets the count of bytes
 * left over at the end of the file, which are a line cut short.
 */
struct al_vmas_parser {
	const char *file;
	unsigned long lineno;
	bool have_header;
	struct al_header h;
	al_vma_fn fn;
	void *ctx;
};

void al_vmas_begin(struct al_vmas_parser *p, const char *file, al_vma_fn fn,
		   void *ctx);
int al_vmas_feed(struct al_vmas_parser *p, char *buf, size_t len,
		 size_t *used, struct al_err *e);
int al_vmas_end(struct al_vmas_parser *p, size_t left, struct al_err *e);

/* ---- summary ---- */

enum al_event { AL_EV_PREPARE, AL_EV_LAZY_PREPARE, AL_EV_FORK, AL_NR_EVENTS };
const char *al_event_key(unsigned int i);	/* AL_SUM_* */
const char *al_event_name(unsigned int i);	/* without "events." */

enum al_by_reason { AL_BR_CLONE, AL_BR_CLONE_LAZY, AL_BR_UPGRADE, AL_NR_BR };
const char *al_by_reason_prefix(unsigned int i);	/* "clone." ... */

struct al_summary {
	bool series;
	uint64_t processes, vmas, inferred;
	uint64_t states[AL_NR_STATES];
	uint64_t av_now, av_proj, avc_now, avc_proj;
	/* What a stock kernel would have: now on stock, estimated on series. */
	uint64_t av_stock, avc_stock;
	bool has_av_stock, has_avc_stock;	/* newer modules only */
	uint64_t events[AL_NR_EVENTS];
	uint64_t by_reason[AL_NR_BR][AL_NR_REASONS];
	uint64_t capacity, used, dropped, overflow;
};

int al_parse_summary(char *buf, size_t len, const char *file,
		     struct al_summary *s, struct al_err *e);

/* ---- walks ---- */

enum al_walk_col {
	AL_WC_WALKS, AL_WC_VISITS, AL_WC_ANON, AL_WC_LAZY, AL_WC_KSM,
	AL_WC_FILE, AL_WC_CONTENDED, AL_WC_LOCK_WAITS, AL_WC_LOCK_WAIT_NS,
	AL_WC_DROPPED, AL_NR_WC
};
const char *al_walk_col_name(unsigned int i);	/* AL_COL_* */
/* Measured only when walks are followed to their return (walk_return 1). */
bool al_walk_col_at_return(unsigned int i);

enum al_hist { AL_HIST_FAN, AL_HIST_LAT, AL_NR_HISTS };
const char *al_hist_name(unsigned int i);	/* AL_HIST_FANOUT ... */

/* Buckets of a 64-bit value: 0, then [2^(b-1), 2^b) for b = 1..64. */
#define AL_HIST_NB	65
#define AL_MAX_WALK_TYPES 16

struct al_walk_row {
	const char *type;		/* known or not */
	uint64_t col[AL_NR_WC];
	uint64_t hist[AL_NR_HISTS][AL_HIST_NB];
};

struct al_walks {
	size_t n;
	struct al_walk_row rows[AL_MAX_WALK_TYPES];
};

int al_parse_walks(char *buf, size_t len, const char *file,
		   struct al_walks *w, struct al_err *e);
const struct al_walk_row *al_walks_find(const struct al_walks *w,
					const char *type);

#endif /* ANONSTAT_PARSE_H */
