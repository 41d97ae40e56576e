/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stand-in's hook points.  Global, so that their symbols keep these
 * names (a compiler clone of a static function gets a suffix).
 */
#ifndef ANON_LAZY_STANDIN_H
#define ANON_LAZY_STANDIN_H

struct vm_area_struct;

void vma_prepare_anon_vma_lazy(struct vm_area_struct *vma);
void standin_anon_vma_upgrade(struct vm_area_struct *vma);
void standin_split_path(struct vm_area_struct *vma);
void standin_merge_path(struct vm_area_struct *vma);
void standin_remap_path(struct vm_area_struct *vma);
void standin_fork_path(struct vm_area_struct *vma);
void standin_migration_path(struct vm_area_struct *vma);
void standin_ksm_path(struct vm_area_struct *vma);
void standin_other_path(struct vm_area_struct *vma);

#endif /* ANON_LAZY_STANDIN_H */
