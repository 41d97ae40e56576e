// SPDX-License-Identifier: GPL-2.0
/*
 * The probe table: which kernel functions carry which role, as data.
 *
 * Candidates are tried in order and the first symbol the running kernel has
 * wins; probes=ROLE:SYM[/SYM...] replaces a list at load time.  The names
 * come from Debian's 6.1 and 6.12 kernels (README.md lists them) and
 * from what is known of the ANON_VMA_LAZY series, whose names will change:
 * that is why no handler ever refers to a function by name.
 */
#include "anon_lazy.h"
#include "handlers.h"

#define CANDIDATES(...) ((const char *const []){ __VA_ARGS__, NULL })

const struct al_role_def al_role_defs[AL_NR_ROLES] = {
	/* anon_vma life cycle, stock and series kernels alike */
	[AL_ROLE_ANON_VMA_PREPARE] = {
		.kind = AL_KPROBE, .required = true,
		.candidates = CANDIDATES("__anon_vma_prepare"),
		.pre = al_on_prepare,
		.leaf = AL_LEAF(al_ftrace_prepare),
	},
	[AL_ROLE_ANON_VMA_FORK] = {
		.kind = AL_KPROBE, .required = true,
		.candidates = CANDIDATES("anon_vma_fork"),
		.pre = al_on_fork,
		.leaf = AL_LEAF(al_ftrace_fork),
	},
	[AL_ROLE_ANON_VMA_CLONE] = {
		.kind = AL_KPROBE, .required = true,
		.candidates = CANDIDATES("anon_vma_clone"),
		.pre = al_on_clone,
		.leaf = AL_LEAF(al_ftrace_clone),
	},
	/*
	 * Only counted, and the most frequent of the life cycle: once per
	 * VMA torn down, anonymous or not (a forked child's exit: as many as
	 * the fork's anon_vma_fork() calls and more).  Nothing else reads its
	 * count, so it is off unless asked for (probes=unlink_anon_vmas:on):
	 * a fork of 1,000 VMAs paid 0.8% for it, a split and merge 0.5%
	 * (bench/prof).
	 */
	[AL_ROLE_UNLINK_ANON_VMAS] = {
		.kind = AL_KPROBE, .default_off = true,
		.candidates = CANDIDATES("unlink_anon_vmas"),
		.pre = al_on_count,
	},
	/*
	 * Where a vm_area_struct dies: vm_area_free(), which on 6.12 frees
	 * after RCU through a callback that may have __vm_area_free()
	 * inlined (arm64), and __vm_area_free(), which 6.12 also calls
	 * directly for VMAs no one can reach.  Both are watched.
	 */
	[AL_ROLE_VMA_FREE] = {
		.kind = AL_KPROBE, .required = true,
		.candidates = CANDIDATES("vm_area_free"),
		.pre = al_on_vma_free,
		.leaf = AL_LEAF(al_ftrace_vma_free),
	},
	[AL_ROLE_VMA_FREE_DIRECT] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("__vm_area_free"),
		.pre = al_on_vma_free,
		.leaf = AL_LEAF(al_ftrace_vma_free),
	},

	/*
	 * Who called anon_vma_clone() tells why on kernels whose
	 * anon_vma_clone() takes no enum vma_operation.  Callers that the
	 * compiler inlined are absent; their code counts as their caller's.
	 */
	[AL_ROLE_CALLER_SPLIT] = {
		.kind = AL_CALLER, .reason = AL_REASON_SPLIT,
		.candidates = CANDIDATES("__split_vma", "split_vma"),
	},
	[AL_ROLE_CALLER_MERGE] = {
		.kind = AL_CALLER, .reason = AL_REASON_MERGE,
		.candidates = CANDIDATES("dup_anon_vma", "vma_expand",
					 "__vma_adjust", "vma_merge",
					 "commit_merge",
					 "vma_merge_existing_range",
					 "vma_merge_new_range",
					 /* 6.12 inlines the above into it */
					 "vma_modify"),
	},
	[AL_ROLE_CALLER_REMAP] = {
		.kind = AL_CALLER, .reason = AL_REASON_REMAP,
		.candidates = CANDIDATES("copy_vma", "copy_vma_and_data"),
	},
	[AL_ROLE_CALLER_FORK] = {
		.kind = AL_CALLER, .reason = AL_REASON_FORK,
		.candidates = CANDIDATES("anon_vma_fork", "dup_mmap"),
	},
	/* Series kernels: upgrades done while migrating or merging KSM pages */
	[AL_ROLE_CALLER_MIGRATION] = {
		.kind = AL_CALLER, .reason = AL_REASON_MIGRATION,
		.candidates = CANDIDATES("migrate_pages", "migrate_pages_batch",
					 "move_to_new_folio",
					 "remove_migration_ptes"),
	},
	[AL_ROLE_CALLER_KSM] = {
		.kind = AL_CALLER, .reason = AL_REASON_KSM,
		.candidates = CANDIDATES("try_to_merge_one_page",
					 "try_to_merge_with_ksm_page",
					 "cmp_and_merge_page"),
	},

	/*
	 * rmap walks: one per folio, typed by the walk's rmap_one callback;
	 * followed to their return, or with walk_return=0 counted at entry
	 */
	[AL_ROLE_WALK_ANON] = {
		.kind = AL_KRETPROBE, .walk_return = true,
		.candidates = CANDIDATES("rmap_walk_anon"),
		.pre = al_on_walk_count,
		.leaf = AL_LEAF(al_ftrace_walk_count),
		.entry = al_on_walk_anon_enter, .ret = al_on_walk_exit,
		.data_size = AL_WALK_DATA_SIZE,
	},
	[AL_ROLE_WALK_KSM] = {
		.kind = AL_KRETPROBE, .walk_return = true,
		.candidates = CANDIDATES("rmap_walk_ksm"),
		.pre = al_on_walk_count,
		.leaf = AL_LEAF(al_ftrace_walk_count),
		.entry = al_on_walk_ksm_enter, .ret = al_on_walk_exit,
		.data_size = AL_WALK_DATA_SIZE,
	},
	[AL_ROLE_WALK_FILE] = {
		.kind = AL_KRETPROBE, .walk_return = true,
		.candidates = CANDIDATES("rmap_walk_file"),
		.pre = al_on_walk_count,
		.leaf = AL_LEAF(al_ftrace_walk_count),
		.entry = al_on_walk_file_enter, .ret = al_on_walk_exit,
		.data_size = AL_WALK_DATA_SIZE,
	},

	/* rmap_one callbacks: one hit per VMA a walk visits */
	[AL_ROLE_VISIT_REFERENCED] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("folio_referenced_one",
					 "page_referenced_one"),
		.pre = al_on_visit,
		.leaf = AL_LEAF(al_ftrace_visit),
	},
	[AL_ROLE_VISIT_UNMAP] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("try_to_unmap_one"),
		.pre = al_on_visit,
		.leaf = AL_LEAF(al_ftrace_visit),
	},
	[AL_ROLE_VISIT_MIGRATE] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("try_to_migrate_one"),
		.pre = al_on_visit,
		.leaf = AL_LEAF(al_ftrace_visit),
	},
	[AL_ROLE_VISIT_REMOVE_MIGRATION] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("remove_migration_pte"),
		.pre = al_on_visit,
		.leaf = AL_LEAF(al_ftrace_visit),
	},
	[AL_ROLE_VISIT_MKCLEAN] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("page_mkclean_one"),
		.pre = al_on_visit,
		.leaf = AL_LEAF(al_ftrace_visit),
	},
	/* anon_vma lock waits inside a followed walk (rwsem slow path) */
	[AL_ROLE_LOCK_WAIT] = {
		.kind = AL_KRETPROBE, .walk_return = true,
		.candidates = CANDIDATES("rwsem_down_read_slowpath"),
		.entry = al_on_lock_wait_enter, .ret = al_on_lock_wait_exit,
		.data_size = AL_LOCK_DATA_SIZE,
	},

	/* The ANON_VMA_LAZY series: present only on a kernel carrying it */
	[AL_ROLE_LAZY_PREPARE] = {
		.kind = AL_KRETPROBE,
		.candidates = CANDIDATES("vma_prepare_anon_vma_lazy"),
		.entry = al_on_lazy_prepare_enter, .ret = al_on_lazy_prepare_exit,
		.data_size = AL_VMA_DATA_SIZE,
	},
	[AL_ROLE_UPGRADE] = {
		.kind = AL_KRETPROBE,
		.candidates = CANDIDATES("anon_vma_lazy_upgrade",
					 "vma_upgrade_anon_vma_lazy",
					 "upgrade_anon_vma_lazy",
					 "anon_vma_upgrade_lazy",
					 "vma_anon_vma_lazy_upgrade"),
		.entry = al_on_upgrade_enter, .ret = al_on_upgrade_exit,
		.data_size = AL_VMA_DATA_SIZE,
	},
	[AL_ROLE_ANON_RMAP_LOCK] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("anon_rmap_lock_read",
					 "folio_lock_anon_rmap_read",
					 "anon_rmap_trylock_read"),
		.pre = al_on_count,
	},
	[AL_ROLE_ANON_RMAP_UNLOCK] = {
		.kind = AL_KPROBE,
		.candidates = CANDIDATES("anon_rmap_unlock_read"),
		.pre = al_on_count,
	},
};
