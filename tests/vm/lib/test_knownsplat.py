#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""TAP tests of knownsplat.py on the report CI's console caught
(tests/fixtures/splats/) and on variants of it that must still fail."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import knownsplat  # noqa: E402

FIXTURE = os.path.join(HERE, "..", "..", "fixtures", "splats",
                       "debugfs-unload-race.console")
RACE = "debugfs-unload-race"
n = failed = 0


def check(ok, what):
    global n, failed
    n += 1
    failed += not ok
    print(f"{'ok' if ok else 'not ok'} {n} - knownsplat: {what}")


def left(lines, allow=(RACE,)):
    kept, tolerated = knownsplat.split(lines, allow)
    return [ln for ln in kept if knownsplat.ANY_SPLAT.search(ln)], tolerated


def sub(lines, old, new):
    out = [ln.replace(old, new) for ln in lines]
    assert out != lines, old
    return out


with open(FIXTURE) as f:
    race = f.readlines()
before = ["[  288.70] anon_lazy: unloading\n"]
after = ["[  288.80] anon_lazy: loaded\n"]

bad, tol = left(before + race + after)
check(not bad and tol == [RACE], "the report CI caught is set aside when allowed")
kept, _ = knownsplat.split(before + race + after, (RACE,))
check(kept == before + after, "lines outside the report are kept")
bad, tol = left(race, allow=())
check(bad and not tol, "not set aside when no case allows it")
bad, tol = left(race + race)
check(not bad and tol == [RACE, RACE], "two reports, both set aside")

kmsg = [knownsplat.text(ln) for ln in race]
bad, tol = left(kmsg)
check(not bad and tol == [RACE], "/dev/kmsg lines (no timestamps) match too")

variants = {
    "the module is not GOING when the report is printed":
        sub(race, "anon_lazy(OE-)", "anon_lazy(OE)"),
    "another module's file": sub(race, "exit: vmas", "exit: regs"),
    "another module going": sub(race, "anon_lazy(OE-)", "other(OE-)"),
    "another WARN site in debugfs":
        sub(race, "full_proxy_open+0x83", "debugfs_file_get+0x83"),
    "no end of the report": race[:-1],
    "a second splat inside the report":
        race[:20] + ["[  288.75] BUG: kernel NULL pointer dereference\n"]
        + race[20:],
}
for what, lines in variants.items():
    bad, tol = left(lines)
    check(bad and not tol, f"still fails: {what}")
bad, tol = left(race[:20] + race)
check(bad and tol == [RACE],
      "a report cut short by the next one still fails; the next one is "
      "set aside")

other = ["[ 1.0] ------------[ cut here ]------------\n",
         "[ 1.0] WARNING: CPU: 0 PID: 1 at mm/rmap.c:100 folio_add+0x1/0x2\n",
         "[ 1.0] Call Trace:\n", "[ 1.0] ---[ end trace 0 ]---\n"]
bad, tol = left(other + race)
check(len(bad) == 2 and tol == [RACE],
      "an unrelated WARN beside it still fails")

print(f"1..{n}")
sys.exit(1 if failed else 0)
