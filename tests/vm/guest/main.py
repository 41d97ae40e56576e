# SPDX-License-Identifier: GPL-2.0
"""The VM test suite: every case group in one guest boot.

Run by tests/vm/suite inside a guest booted with --numa 2 and slab_nomerge,
anon_lazy loaded.  Prints TAP lines; exits non-zero if any check failed.
"""
import sys

import altest
import cases_core
import cases_inventory
import cases_series
import cases_walks

GROUPS = {
    "core": cases_core.CASES,
    "inventory": cases_inventory.CASES,
    "walks": cases_walks.CASES,
    "series": cases_series.CASES,
}

if __name__ == "__main__":
    only = sys.argv[1:] or list(GROUPS)
    for name in only:
        altest.run_cases(GROUPS[name], prefix=f"{altest.KREL} {name}/")
    altest.main_exit()
