#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench/prof's report: the plugin's counts by kernel symbol, per operation.

usage: report.py [--top N] [--function SYM] [--labels A,B] KALLSYMS COUNTS BENCH_JSON

COUNTS holds snapshots (MARK n) of instructions executed per translation
block start; guest.sh takes MARK 1 without the module and MARK 3 with it.
BENCH_JSON holds the benchmark's two JSON lines (their total_ops).
--labels names the two runs (guest-read.sh: /proc/PID/maps, then vmas).
"""
import argparse
import bisect
import collections
import json
import sys

NONE_SEG, MODULE_SEG = 1, 3
# What loading the module adds besides its own functions: the probe
# machinery and the locks its handlers take.
# arm64: ftrace_caller is the trampoline, and kprobes trap into
# kprobe_breakpoint_handler() and friends.
MACHINERY = ("ftrace_trampoline", "ftrace_caller", "kprobe", "rethook",
             "objpool", "_raw_spin_", "__x86_indirect_thunk",
             "__x86_return_thunk")


def load_symbols(path):
    syms = []
    for line in open(path):
        f = line.split()
        if len(f) < 3 or len(f[0]) != 16 or f[1] not in "tTwW":
            continue
        addr = int(f[0], 16)
        if addr:
            syms.append((addr, f[2] + (" " + f[3] if len(f) > 3 else "")))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def load_segments(path):
    segs, cur = {}, None
    for line in open(path):
        if line.startswith("MARK"):
            cur = collections.Counter()
            segs[int(line.split()[1])] = cur
            continue
        va, n = line.split()
        cur[int(va, 16)] += int(n)
    return segs


def name_of(addrs, names, va):
    if va < 1 << 63:
        return "[user]"
    i = bisect.bisect_right(addrs, va) - 1
    if i < 0 or va - addrs[i] >= 1 << 16:
        return "[kernel %x]" % (va >> 12 << 12)
    return names[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--function")
    ap.add_argument("--labels", default="without anon_lazy,with")
    ap.add_argument("kallsyms")
    ap.add_argument("counts")
    ap.add_argument("bench")
    a = ap.parse_args()

    runs = [json.loads(l) for l in open(a.bench) if l.startswith("{")]
    if len(runs) != 2:
        sys.exit("prof: expected the benchmark's two JSON lines in %s" % a.bench)
    addrs, names = load_symbols(a.kallsyms)
    segs = load_segments(a.counts)
    if NONE_SEG not in segs or MODULE_SEG not in segs:
        sys.exit("prof: %s lacks the snapshots of both runs" % a.counts)

    by = []
    for seg, run in ((NONE_SEG, runs[0]), (MODULE_SEG, runs[1])):
        c = collections.Counter()
        for va, n in segs[seg].items():
            c[name_of(addrs, names, va)] += n
        by.append({k: v / run["total_ops"] for k, v in c.items()})
    none, mod = by
    total_none, total_mod = sum(none.values()), sum(mod.values())
    unit = runs[0].get("unit", "ops").rstrip("s")
    print("%s: guest instructions per %s" % (runs[0]["bench"], unit))
    label_a, label_b = a.labels.split(",", 1)
    print("  %s %.0f, %s %.0f: %+.2f%%  (benchmark: %.1f vs %.1f %s/s)"
          % (label_a, total_none, label_b, total_mod,
             100 * (total_mod / total_none - 1),
             runs[0]["median"], runs[1]["median"], runs[0].get("unit", "ops")))
    diff = {k: mod.get(k, 0) - none.get(k, 0) for k in set(none) | set(mod)}
    own = sum(v for k, v in diff.items()
              if "[anon_lazy]" in k or any(m in k for m in MACHINERY))
    print("  module functions and probe machinery: %.0f (%.2f%% of %s)"
          % (own, 100 * own / total_none, label_a))
    print()
    print("%12s %12s %12s  %s" % ("difference", label_a.split()[0][:12],
                                  label_b.split()[0][:12], "symbol"))
    for k, v in sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:a.top]:
        print("%12.0f %12.0f %12.0f  %s" % (v, none.get(k, 0), mod.get(k, 0), k))

    if a.function:
        base = next((addrs[i] for i, n in enumerate(names)
                     if n.split()[0] == a.function), None)
        if base is None:
            sys.exit("prof: no symbol %s" % a.function)
        end = addrs[bisect.bisect_right(addrs, base)] if base != addrs[-1] else base + 4096
        print()
        print("%s, instructions per %s by translation block:" % (a.function, unit))
        for va in sorted(segs[MODULE_SEG]):
            if base <= va < end:
                print("  +0x%-6x %10.1f" % (va - base,
                                           segs[MODULE_SEG][va] / runs[1]["total_ops"]))


if __name__ == "__main__":
    main()
