# SPDX-License-Identifier: GPL-2.0
"""The stress suite's guest side: every case group in one boot.

  main.py --short|--short-debug|--long|--long-debug [GROUP...]

Run by tests/stress/run inside a guest booted by tests/vm/vmrun with two
NUMA nodes and anon_lazy loaded.  Prints TAP lines; exits non-zero if any
check failed.  Groups: cycles bounded control params anonstat exposure
missing limits (the default: all, in that order); nodebugfs runs alone in a guest
booted with debugfs=off.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "vm", "guest"))
sys.path.insert(0, HERE)

import altest  # noqa: E402
import cases_anonstat  # noqa: E402
import cases_bounded  # noqa: E402
import cases_cycles  # noqa: E402
import cases_exposure  # noqa: E402
import cases_input  # noqa: E402
import cases_missing  # noqa: E402

# What --short and --long mean, per group.  param_inputs is per parameter:
# each is one finit_module (~70 ms under TCG, ~0.9 s when it loads), so
# the 10,000 per parameter of issue #7 go to the module's own parameter
# code on the host (tests/fuzz/run params) and 2,000 through the kernel.
PROFILES = {
    "short": {
        "cycles": 10, "hold": 1.5, "slab_tolerance": 512 * 1024,
        "vmas": 200_000, "capacity": 50_000,
        "control_inputs": 300, "param_inputs": 30, "param_loads": 20,
    },
    # --short on the debug kernel (KASAN, lockdep: several times slower).
    "short-debug": {
        "cycles": 5, "hold": 1.5, "slab_tolerance": 512 * 1024,
        "vmas": 50_000, "capacity": 45_000,
        "control_inputs": 150, "param_inputs": 10, "param_loads": 8,
    },
    "long": {
        "cycles": 50, "hold": 3.0, "slab_tolerance": 1024 * 1024,
        "vmas": 1_000_000, "capacity": 100_000,
        "control_inputs": 10_000, "param_inputs": 2_000, "param_loads": 400,
    },
}
# --long on the debug kernel (KASAN, lockdep, kmemleak).  Its point is that
# every path runs under the checkers, and the 50 cycles with kmemleak
# scans; the volume (10,000 control inputs, 2,000 values of each parameter,
# 1,000,000 VMAs) is the stock kernels' --long, where it takes an hour and
# not most of a day: under KASAN one control write costs ~150 ms, a refused
# load ~300 ms, and the walk of a process's VMAs several times the stock one.
PROFILES["long-debug"] = dict(PROFILES["long"], vmas=200_000,
                              capacity=50_000, control_inputs=2_000,
                              param_inputs=200, param_loads=30)

GROUPS = {
    "cycles": (cases_cycles, "cycles"),
    "bounded": (cases_bounded, "bounded"),
    "control": (cases_input, "control"),
    "params": (cases_input, "params"),
    "anonstat": (cases_anonstat, "anonstat"),
    "exposure": (cases_exposure, "exposure"),
    "missing": (cases_missing, "missing"),
    "limits": (cases_input, "limits"),
    "nodebugfs": (cases_missing, "nodebugfs"),
}
# limits last: a failure there may bring the OOM killer.
DEFAULT = ["exposure", "missing", "control", "params", "anonstat", "bounded",
           "cycles", "limits"]


def main(argv):
    mode = "short"
    groups = []
    for a in argv:
        if a in ("--short", "--short-debug", "--long", "--long-debug"):
            mode = a[2:]
        else:
            groups.append(a)
    cfg = dict(PROFILES[mode], mode=mode)
    for mod in (cases_cycles, cases_bounded, cases_input, cases_anonstat,
                cases_exposure, cases_missing):
        mod.CFG.update(cfg)
    altest.diag(f"stress {mode} on {altest.KREL}: {cfg}")
    for name in groups or DEFAULT:
        mod, key = GROUPS[name]
        altest.run_cases(mod.GROUPS[key],
                         prefix=f"{altest.KREL} stress/{name}: ")
    altest.main_exit()


if __name__ == "__main__":
    main(sys.argv[1:])
