/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * anon_lazy kernel <-> user contract.
 *
 * Everything anon_lazy.ko writes to debugfs and anonstat reads back is named
 * here: the directory, the files, their columns, the state, reason, walk-type
 * and role vocabularies, and the JSON keys anonstat prints.  Both sides include
 * this header; neither repeats a string from it.  README.md and
 * anonstat(8) describe the same thing in prose.
 *
 * Bump AL_CONTRACT_VERSION when a column changes meaning or disappears.
 * Adding a column at the end of a table, or a key to a key/value file, is
 * compatible: readers select columns by header name and ignore the rest.
 */
#ifndef ANON_LAZY_CONTRACT_H
#define ANON_LAZY_CONTRACT_H

#define AL_CONTRACT_VERSION	1
#define AL_MODULE_NAME		"anon_lazy"
#define AL_VERSION		"0.1.0"

/* debugfs: /sys/kernel/debug/anon_lazy/<file> */
#define AL_DEBUGFS_DIR		"anon_lazy"
#define AL_DEBUGFS_MOUNT	"/sys/kernel/debug"

/*
 * Files.  Every table file starts with one header line of column names,
 * then one whitespace-separated record per line.  A column whose value may
 * contain spaces (comm) is always the last one.  Key/value files are tables
 * with the two columns "key value".
 */
#define AL_FILE_VERSION		"version"	/* key value */
#define AL_FILE_PROBES		"probes"	/* table, AL_PROBES_COLUMNS */
#define AL_FILE_VMAS		"vmas"		/* table, AL_VMAS_COLUMNS */
#define AL_FILE_SUMMARY		"summary"	/* key value */
#define AL_FILE_WALKS		"walks"		/* see AL_WALKS_* below */
#define AL_FILE_CONTROL		"control"	/* write-only: AL_CTL_* */

/* Snapshot directories (anonstat snapshot) add these beside the files. */
#define AL_SNAP_SLABINFO	"slabinfo"
#define AL_SNAP_UNAME		"uname"

#define AL_COL_KEY		"key"
#define AL_COL_VALUE		"value"

/* version: keys */
#define AL_VER_MODULE		"module"
#define AL_VER_CONTRACT		"contract"
#define AL_VER_KERNEL		"kernel"
#define AL_VER_ARCH		"arch"
#define AL_VER_FLAVOUR		"flavour"
#define AL_VER_CAPACITY		"capacity"	/* VMA history records */
#define AL_VER_TABLE_BYTES	"table_bytes"	/* memory they take */
#define AL_VER_SIZE_PREFIX	"size."		/* size.<slab name>: bytes */
#define AL_VER_TAG_LAZY		"tag_lazy"	/* series: learned tag bits */
#define AL_VER_TAG_PARENT	"tag_parent"
#define AL_VER_TAG_MASK		"tag_mask"
#define AL_VER_TAG_SOURCE	"tag_source"	/* unknown/learned/parameter/conflict */
#define AL_VER_TAG_CONFLICTS	"tag_conflicts"
/*
 * 1: rmap walks are followed to their return (module parameter
 * walk_return=1, the default); 0: counted at their entry only
 * (walk_return=0), see walks below.  An older module without the key
 * followed them.
 */
#define AL_VER_WALK_RETURN	"walk_return"

#define AL_FLAVOUR_STOCK	"stock"		/* states are projections */
#define AL_FLAVOUR_SERIES	"series"	/* states are measured */

/* probes: columns, in this order */
#define AL_COL_ROLE		"role"
#define AL_COL_SYMBOL		"symbol"
#define AL_COL_STATUS		"status"
#define AL_COL_KIND		"kind"
#define AL_COL_HITS		"hits"
#define AL_COL_MISSED		"missed"
#define AL_PROBES_COLUMNS \
	AL_COL_ROLE " " AL_COL_SYMBOL " " AL_COL_STATUS " " AL_COL_KIND " " \
	AL_COL_HITS " " AL_COL_MISSED

/* probes: status values; a failure reads "failed:<errno>", e.g. failed:-22 */
#define AL_STATUS_ATTACHED	"attached"	/* probe armed */
#define AL_STATUS_RESOLVED	"resolved"	/* caller symbol found (no probe) */
#define AL_STATUS_ABSENT	"absent"	/* no candidate symbol exists */
#define AL_STATUS_FAILED	"failed"
#define AL_STATUS_DISABLED	"disabled"	/* off by default or by probes= */

/* probes: kinds */
#define AL_KIND_KPROBE		"kprobe"	/* entry probe: a kprobe */
#define AL_KIND_FTRACE		"ftrace"	/* entry probe: an ftrace callback */
#define AL_KIND_KRETPROBE	"kretprobe"
#define AL_KIND_CALLER		"caller"	/* attributes a caller, no probe */

/* The placeholder printed where a column has no value. */
#define AL_NONE_VALUE		"-"

/*
 * Roles: what a probe event means, independent of the symbol that carries
 * it on a given kernel.  These names are what the probes= parameter takes.
 * X(enum suffix, name)
 */
#define AL_ROLES(X) \
	X(ANON_VMA_PREPARE,	"anon_vma_prepare") \
	X(ANON_VMA_FORK,	"anon_vma_fork") \
	X(ANON_VMA_CLONE,	"anon_vma_clone") \
	X(UNLINK_ANON_VMAS,	"unlink_anon_vmas") \
	X(VMA_FREE,		"vma_free") \
	X(VMA_FREE_DIRECT,	"vma_free_direct") \
	X(CALLER_SPLIT,		"caller_split") \
	X(CALLER_MERGE,		"caller_merge") \
	X(CALLER_REMAP,		"caller_remap") \
	X(CALLER_FORK,		"caller_fork") \
	X(CALLER_MIGRATION,	"caller_migration") \
	X(CALLER_KSM,		"caller_ksm") \
	X(WALK_ANON,		"walk_anon") \
	X(WALK_KSM,		"walk_ksm") \
	X(WALK_FILE,		"walk_file") \
	X(VISIT_REFERENCED,	"visit_referenced") \
	X(VISIT_UNMAP,		"visit_unmap") \
	X(VISIT_MIGRATE,	"visit_migrate") \
	X(VISIT_REMOVE_MIGRATION, "visit_remove_migration") \
	X(VISIT_MKCLEAN,	"visit_mkclean") \
	X(LOCK_WAIT,		"lock_wait") \
	X(LAZY_PREPARE,		"lazy_prepare") \
	X(UPGRADE,		"upgrade") \
	X(ANON_RMAP_LOCK,	"anon_rmap_lock") \
	X(ANON_RMAP_UNLOCK,	"anon_rmap_unlock")

/*
 * VMA states.  On a stock kernel they are what ANON_VMA_LAZY would have made
 * of the VMA (projected); on a series kernel what it did (measured).
 * X(enum suffix, name)
 */
#define AL_STATES(X) \
	X(NONE,		"none")		/* no anon_vma */ \
	X(LAZY,		"lazy")		/* own lineage only, never forked from */ \
	X(LAZY_PARENT,	"lazy-parent")	/* inherited at fork, not forked from */ \
	X(UPGRADED,	"upgraded")	/* forked from: needs a real anon_vma */ \
	X(EAGER,	"eager")	/* series only: real anon_vma, never lazy */

/*
 * Why an anon_vma was cloned onto a VMA (stock) or why a lazy VMA was
 * upgraded (series).  X(enum suffix, name)
 */
#define AL_REASONS(X) \
	X(SPLIT,	"split") \
	X(MERGE,	"merge") \
	X(REMAP,	"remap") \
	X(FORK,		"fork") \
	X(MIGRATION,	"migration") \
	X(KSM,		"ksm") \
	X(OTHER,	"other")

/* rmap walk types, by the operation the walk serves.  X(enum suffix, name) */
#define AL_WALK_TYPES(X) \
	X(REFERENCED,	"referenced") \
	X(UNMAP,	"unmap") \
	X(MIGRATE,	"migrate") \
	X(KSM,		"ksm") \
	X(OTHER,	"other")

/* Which rmap a walked folio uses (folio->mapping low bits). */
#define AL_FOLIO_KINDS(X) \
	X(ANON,		"anon")		/* anon_vma */ \
	X(LAZY,		"lazy")		/* series: lazy VMA */ \
	X(KSM,		"ksm") \
	X(FILE,		"file")

#define AL_ENUM_STATE(e, s)	AL_STATE_##e,
#define AL_ENUM_REASON(e, s)	AL_REASON_##e,
#define AL_ENUM_WALK(e, s)	AL_WALK_##e,
#define AL_ENUM_ROLE(e, s)	AL_ROLE_##e,
#define AL_ENUM_FOLIO(e, s)	AL_FOLIO_##e,
#define AL_NAME_OF(e, s)	s,

enum al_state { AL_STATES(AL_ENUM_STATE) AL_NR_STATES };
enum al_reason { AL_REASONS(AL_ENUM_REASON) AL_NR_REASONS };
enum al_walk_type { AL_WALK_TYPES(AL_ENUM_WALK) AL_NR_WALK_TYPES };
enum al_role { AL_ROLES(AL_ENUM_ROLE) AL_NR_ROLES };
enum al_folio_kind { AL_FOLIO_KINDS(AL_ENUM_FOLIO) AL_NR_FOLIO_KINDS };

static inline const char *al_state_name(unsigned int i)
{
	static const char *const names[] = { AL_STATES(AL_NAME_OF) };

	return i < AL_NR_STATES ? names[i] : AL_NONE_VALUE;
}

static inline const char *al_reason_name(unsigned int i)
{
	static const char *const names[] = { AL_REASONS(AL_NAME_OF) };

	return i < AL_NR_REASONS ? names[i] : AL_NONE_VALUE;
}

static inline const char *al_walk_type_name(unsigned int i)
{
	static const char *const names[] = { AL_WALK_TYPES(AL_NAME_OF) };

	return i < AL_NR_WALK_TYPES ? names[i] : AL_NONE_VALUE;
}

static inline const char *al_role_name(unsigned int i)
{
	static const char *const names[] = { AL_ROLES(AL_NAME_OF) };

	return i < AL_NR_ROLES ? names[i] : AL_NONE_VALUE;
}

static inline const char *al_folio_kind_name(unsigned int i)
{
	static const char *const names[] = { AL_FOLIO_KINDS(AL_NAME_OF) };

	return i < AL_NR_FOLIO_KINDS ? names[i] : AL_NONE_VALUE;
}

/*
 * vmas: one record per VMA that has an anon_vma or a tracked event.
 * Addresses are user virtual addresses in hex without 0x, as in
 * /proc/PID/maps; ids are 48-bit hashes of kernel pointers in hex, keyed
 * per module load (never the pointer itself), "-" where there is none.
 * The rmap visit columns are named "rmap_<walk type>".
 */
#define AL_COL_PID		"pid"
#define AL_COL_START		"start"
#define AL_COL_END		"end"
#define AL_COL_PERMS		"perms"
#define AL_COL_STATE		"state"
#define AL_COL_INFERRED		"inferred"	/* 1: state from anon_vma fields */
#define AL_COL_VMA		"vma"		/* id of the vm_area_struct */
#define AL_COL_AV		"anon_vma"	/* id of vma->anon_vma */
#define AL_COL_ROOT		"root"		/* id of its root anon_vma */
#define AL_COL_AVCS		"avcs"		/* anon_vma_chain list length */
#define AL_COL_PREPARED		"prepared"	/* first anon fault seen */
#define AL_COL_FORKS		"forks"		/* times forked from */
#define AL_COL_SPLIT		"split"
#define AL_COL_MERGE		"merge"
#define AL_COL_REMAP		"remap"
#define AL_COL_UPGRADE		"upgrade"	/* series: upgrade reason */
#define AL_COL_RMAP_PREFIX	"rmap_"
#define AL_COL_COMM		"comm"
#define AL_VMAS_COLUMNS \
	AL_COL_PID " " AL_COL_START " " AL_COL_END " " AL_COL_PERMS " " \
	AL_COL_STATE " " AL_COL_INFERRED " " AL_COL_VMA " " AL_COL_AV " " \
	AL_COL_ROOT " " \
	AL_COL_AVCS " " AL_COL_PREPARED " " AL_COL_FORKS " " AL_COL_SPLIT " " \
	AL_COL_MERGE " " AL_COL_REMAP " " AL_COL_UPGRADE " " \
	AL_COL_RMAP_PREFIX "referenced " AL_COL_RMAP_PREFIX "unmap " \
	AL_COL_RMAP_PREFIX "migrate " AL_COL_RMAP_PREFIX "ksm " \
	AL_COL_RMAP_PREFIX "other " AL_COL_COMM

/*
 * summary: keys.  Per-state and per-reason keys are "<prefix><name>", e.g.
 * "state.lazy-parent", "clone.split", "upgrade.fork".
 */
#define AL_SUM_FLAVOUR		"flavour"
#define AL_SUM_PROCESSES	"processes"
#define AL_SUM_VMAS		"vmas"		/* all VMAs walked */
#define AL_SUM_STATE_PREFIX	"state."
#define AL_SUM_INFERRED		"inferred"
#define AL_SUM_AV_NOW		"anon_vma.now"
/* Under ANON_VMA_LAZY: the model's projection on stock, = now on series. */
#define AL_SUM_AV_PROJ		"anon_vma.projected"
#define AL_SUM_AVC_NOW		"anon_vma_chain.now"
#define AL_SUM_AVC_PROJ		"anon_vma_chain.projected"
/* What a stock kernel would have: = now on stock, an estimate on series. */
#define AL_SUM_AV_STOCK		"anon_vma.stock"
#define AL_SUM_AVC_STOCK	"anon_vma_chain.stock"
#define AL_SUM_PREPARE		"events.anon_vma_prepare"
#define AL_SUM_LAZY_PREPARE	"events.lazy_prepare"
#define AL_SUM_FORK		"events.fork"
#define AL_SUM_CLONE_PREFIX	"clone."		/* all clones, by reason */
#define AL_SUM_CLONE_LAZY_PREFIX "clone_lazy."	/* of never-shared VMAs */
#define AL_SUM_UPGRADE_PREFIX	"upgrade."
#define AL_SUM_CAPACITY		"table.capacity"
#define AL_SUM_USED		"table.used"
#define AL_SUM_DROPPED		"table.dropped"
#define AL_SUM_OVERFLOW		"inventory.overflow"	/* anon_vmas not deduplicated */

/*
 * walks: two tables separated by a blank line.
 * 1. one record per walk type, columns AL_WALKS_COLUMNS.  "dropped" counts
 *    the type's visits (rmap_one calls) made in no walk the module saw
 *    start: the walker's return probe had no free instance (maxactive=).
 * 2. histograms, columns AL_HIST_COLUMNS: one record per non-empty bucket;
 *    hist is "fanout" or "latency_ns", bucket b counts values v with
 *    2^(b-1) <= v < 2^b (bucket 0: v == 0).
 * With walk_return 0 (version) walks are counted at their entry and
 * visits as they happen: walks, visits, anon, lazy, ksm and file are
 * counted; contended, lock_waits, lock_wait_ns and dropped stay 0 and
 * there are no histograms, as they need the walk's return.  A visit then
 * counts under its rmap_one callback's type (a KSM walk's visits under
 * referenced, unmap, ...), with no walk to take the type from.
 */
#define AL_COL_TYPE		"type"
#define AL_COL_WALKS		"walks"
#define AL_COL_VISITS		"visits"
#define AL_COL_ANON		"anon"
#define AL_COL_LAZY		"lazy"
#define AL_COL_KSM		"ksm"
#define AL_COL_FILE		"file"
#define AL_COL_CONTENDED	"contended"
#define AL_COL_LOCK_WAITS	"lock_waits"
#define AL_COL_LOCK_WAIT_NS	"lock_wait_ns"
#define AL_COL_DROPPED		"dropped"
#define AL_WALKS_COLUMNS \
	AL_COL_TYPE " " AL_COL_WALKS " " AL_COL_VISITS " " AL_COL_ANON " " \
	AL_COL_LAZY " " AL_COL_KSM " " AL_COL_FILE " " AL_COL_CONTENDED " " \
	AL_COL_LOCK_WAITS " " AL_COL_LOCK_WAIT_NS " " AL_COL_DROPPED
#define AL_COL_HIST		"hist"
#define AL_COL_BUCKET		"bucket"
#define AL_COL_COUNT		"count"
#define AL_HIST_COLUMNS \
	AL_COL_HIST " " AL_COL_TYPE " " AL_COL_BUCKET " " AL_COL_COUNT
#define AL_HIST_FANOUT		"fanout"
#define AL_HIST_LATENCY		"latency_ns"
#define AL_HIST_BUCKETS		32

/*
 * control: one command per write(), optionally followed by spaces and
 * newlines; anything else (a command shorter than the write, a NUL, other
 * whitespace, writes of 64 bytes or more) is -EINVAL and changes nothing.
 */
#define AL_CTL_RESET		"reset"		/* zero counters and history */

/*
 * JSON keys of anonstat (-j).  Objects that mirror a record of a debugfs
 * file (a probe, a VMA, a walk type) use its column names (AL_COL_*) as
 * keys, and vocabularies (states, reasons, walk types, objects) their names.
 */
#define AL_JSON_FLAVOUR		"flavour"
#define AL_JSON_KERNEL		"kernel"
#define AL_JSON_PROBES		"probes"
#define AL_JSON_STATES		"states"
#define AL_JSON_OBJECTS		"objects"
#define AL_JSON_NOW		"now"
#define AL_JSON_PROJECTED	"projected"
#define AL_JSON_VMAS		"vmas"
#define AL_JSON_RMAP		"rmap"
#define AL_JSON_ROWS		"rows"
#define AL_JSON_OBJECT		"object"
#define AL_JSON_NOW_KB		"now_kb"
#define AL_JSON_PROJECTED_KB	"projected_kb"
#define AL_JSON_CHANGE_PCT	"change_pct"
#define AL_JSON_TYPES		"types"
#define AL_JSON_FANOUT_HIST	"fanout_hist"
#define AL_JSON_LATENCY_HIST	"latency_hist"
#define AL_JSON_WALK_RETURN	"walk_return"	/* walks: false if counted at entry */
#define AL_JSON_PROCESSES	"processes"
#define AL_JSON_EVENTS		"events"
#define AL_JSON_TABLE		"table"
/* summary */
#define AL_JSON_INFERRED	"inferred"
#define AL_JSON_CLONE		"clone"		/* events: by reason */
#define AL_JSON_CLONE_LAZY	"clone_lazy"
#define AL_JSON_UPGRADE		"upgrade"
#define AL_JSON_CAPACITY	"capacity"	/* table: history records */
#define AL_JSON_USED		"used"
#define AL_JSON_DROPPED		"dropped"
#define AL_JSON_OVERFLOW	"overflow"
#define AL_JSON_WARNINGS	"warnings"	/* what makes figures incomplete */
/* interval reports (one JSON document per line) */
#define AL_JSON_TIME		"time"		/* seconds since the epoch */
#define AL_JSON_SINCE_LOAD	"since_load"	/* true: totals, not deltas */
#define AL_JSON_NEW_LAZY	"new_lazy"
#define AL_JSON_WALKS		"walks"
#define AL_JSON_STATE_BEFORE	"state_before"	/* vmas movers; null: new */
/* per process (anonstat -p) */
#define AL_JSON_AVCS_PROJECTED	"avcs_projected"
#define AL_JSON_ANON_VMAS	"anon_vmas"
#define AL_JSON_ANON_VMAS_PROJECTED "anon_vmas_projected"
#define AL_JSON_TOTAL		"total"
/* savings rows */
#define AL_JSON_SOURCE		"source"	/* "slabinfo" or "module" */
#define AL_JSON_OBJSIZE		"objsize"
#define AL_JSON_ACTIVE_OBJS	"active_objs"
#define AL_JSON_SAVED_OBJS	"saved_objs"
#define AL_JSON_CLAMPED		"clamped"
#define AL_JSON_STOCK		"stock"		/* without the series */
#define AL_JSON_STOCK_KB	"stock_kb"
/* version */
#define AL_JSON_ANONSTAT	"anonstat"	/* anonstat's own version */
/* snapshot */
#define AL_JSON_SNAPSHOT	"snapshot"
#define AL_JSON_FILES		"files"
/* diff */
#define AL_JSON_BEFORE		"before"
#define AL_JSON_AFTER		"after"
#define AL_JSON_CHANGE		"change"
#define AL_JSON_DIR		"dir"
#define AL_JSON_BEFORE_KB	"before_kb"
#define AL_JSON_AFTER_KB	"after_kb"
#define AL_JSON_BEFORE_SOURCE	"before_source"
#define AL_JSON_AFTER_SOURCE	"after_source"

/* Slab caches the savings table reads from /proc/slabinfo. */
#define AL_SLAB_ANON_VMA	"anon_vma"
#define AL_SLAB_AVC		"anon_vma_chain"
#define AL_SLAB_VMA		"vm_area_struct"

#endif /* ANON_LAZY_CONTRACT_H */
