# SPDX-License-Identifier: GPL-2.0
"""Load and unload anon_lazy N times under a storm (tests/workloads/
stress.c) with readers of every debugfs file and of anonstat running, and
check that every unload succeeds and gives back what the load took."""
import errno
import json
import os
import signal
import subprocess
import sys
import time

import altest
import readers
import stresslib as sl
from altest import Workload, check, diag

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = {}

# Roles the storm must make fire while the module is loaded, and the
# operation of the storm that drives each.
# Every life-cycle probe, the one off by default too.
LOAD_PARAMS = "probes=unlink_anon_vmas:on"
STORM_ROLES = {
    "anon_vma_prepare": "faults", "anon_vma_fork": "forks",
    "anon_vma_clone": "splits", "unlink_anon_vmas": "unmaps",
    "vma_free": "unmaps", "walk_anon": "paged_out",
    "visit_unmap": "paged_out", "visit_migrate": "migrated",
}


def start_readers():
    try:
        os.unlink(readers.PROGRESS)
    except FileNotFoundError:
        pass
    return [subprocess.Popen([sys.executable, os.path.join(HERE, "readers.py"),
                              kind], stdout=subprocess.PIPE, text=True)
            for kind in ("debugfs", "anonstat")]


def stop_readers(procs):
    out = []
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            line, _ = p.communicate(timeout=180)
            out.append(json.loads(line.strip().splitlines()[-1]))
        except (subprocess.TimeoutExpired, ValueError, IndexError) as e:
            p.kill()
            p.wait()
            out.append({"died": repr(e)})
    return out


def unread_files():
    """Debugfs files the reader has not yet read whole in any cycle."""
    try:
        with open(readers.PROGRESS) as f:
            whole = json.load(f)
    except (OSError, ValueError):
        whole = {}
    return [n for n in sl.FILES if not whole.get(n)]


def probe_hits():
    try:
        return {r: int(v["hits"]) for r, v in altest.probes().items()}
    except OSError:
        return {}


def test_load_unload_under_load():
    n = CFG["cycles"]
    hold = CFG["hold"]
    kmsg = sl.Kmsg()
    sl.swap_on_zram()
    nodes = sl.numa_nodes()
    err, _ = sl.unload()
    check(err in (0, errno.ENOENT), f"initial unload ({os.strerror(err) if err else 'ok'})")
    base_slab = sl.slab_totals()
    base_vm_mod = len(sl.vmalloc_unresolved())
    leak_check = sl.kmemleak_on()
    diag(f"{n} cycles, {hold}s loaded each; {nodes} NUMA nodes; "
         f"kmemleak {'on' if leak_check else 'off'}")

    loads = unloads = busy = gone = dgone = freed = 0
    load_errs, unload_errs, left_areas, left_named = [], [], [], []
    hits = {}
    area_bytes = []
    load_s, unload_s = [], []
    t0 = time.monotonic()
    with Workload("stress", 2, nodes) as storm:
        readers = start_readers()
        try:
            for i in range(n):
                t1 = time.monotonic()
                err = sl.finit(LOAD_PARAMS)
                load_s.append(time.monotonic() - t1)
                if err:
                    load_errs.append(f"cycle {i}: {os.strerror(err)}")
                    continue
                loads += 1
                time.sleep(hold)
                if i == n - 1:
                    # The readers choose their read modes at random and a
                    # slow kernel leaves few reads per cycle: hold the last
                    # load (bounded) until every file was read whole once,
                    # so a reader check below fails only when reads fail.
                    t2 = time.monotonic()
                    while unread_files() and time.monotonic() - t2 < 60:
                        time.sleep(0.2)
                    held = time.monotonic() - t2
                    if held >= 0.2:
                        diag(f"last load held {held:.1f}s more until "
                             f"every file was read whole once (still "
                             f"unread: {unread_files() or 'none'})")
                areas = sl.vmalloc_areas()
                area_bytes.append(sum(b for b, _ in areas.values()))
                for role, h in probe_hits().items():
                    hits[role] = hits.get(role, 0) + h
                t1 = time.monotonic()
                err, b = sl.unload(timeout=60)
                unload_s.append(time.monotonic() - t1)
                busy += b
                if err:
                    unload_errs.append(f"cycle {i}: {os.strerror(err)}")
                    continue
                unloads += 1
                gone += not os.path.exists(sl.SYSMOD)
                dgone += not os.path.exists(sl.DEBUGFS)
                now = sl.vmalloc_areas(None)
                left = [a for a in areas if a in now]
                named = sl.vmalloc_areas()
                freed += not left and not named
                if left:
                    left_areas.append(f"cycle {i}: {left}")
                if named:
                    left_named.append(f"cycle {i}: {list(named.values())}")
        finally:
            rstats = stop_readers(readers)
            storm.p.stdin.close()
            done = json.loads(storm.p.stdout.readline() or "{}")
            storm.p.wait(timeout=120)
    took = time.monotonic() - t0

    check(loads == n, f"{loads}/{n} loads under load succeeded",
          lambda: "\n".join(load_errs))
    check(unloads == loads,
          f"{unloads}/{loads} unloads succeeded ({busy} retries while a "
          f"reader held a file open)", lambda: "\n".join(unload_errs))
    check(gone == unloads, f"/sys/module/anon_lazy gone after every unload "
          f"({gone}/{unloads})")
    # What the kernel's "did not clean up at exit" WARN would mean, checked
    # directly: the race it reports when a reader opens in delete_module's
    # window is set aside below (tests/vm/lib/knownsplat.py).
    check(dgone == unloads, f"{sl.DEBUGFS} gone after every unload "
          f"({dgone}/{unloads})")
    check(freed == unloads,
          f"vmalloc areas of anon_lazy freed after every unload ({freed}/"
          f"{unloads}; {max(area_bytes or [0])} bytes while loaded)",
          lambda: "\n".join(left_areas + left_named))
    diag(f"cycles took {took:.0f}s; load {max(load_s or [0]):.1f}s at most, "
         f"unload {max(unload_s or [0]):.1f}s at most (with retries); storm "
         f"did {done}")
    diag(f"probe hits over all cycles: {hits}")

    # The storm really ran, and the module saw it while loaded.
    for op in ("faults", "splits", "merges", "remaps", "forks", "unmaps",
               "paged_out") + (("migrated",) if nodes > 1 else ()):
        check(done.get(op, 0) > 0, f"storm: {op} {done.get(op, 0)}")
    failed = done.get("failed", {"total": "?"})
    check(failed.get("total") == 0, f"storm: no failed operation ({failed})")
    for role, op in STORM_ROLES.items():
        if op == "migrated" and nodes < 2:
            continue
        check(hits.get(role, 0) > 0,
              f"probe {role} counted the storm's {op} ({hits.get(role, 0)})")

    # Readers: whole reads happened and were well formed; errors only the
    # ones a file going away gives.
    deb, ans = (rstats + [{}, {}])[:2]
    diag(f"debugfs readers: {json.dumps(deb)}")
    diag(f"anonstat readers: {json.dumps(ans)}")
    for name in sl.FILES:
        s = deb.get(name, {})
        check(s.get("whole", 0) > 0 and not s.get("malformed"),
              f"reader of {name}: {s.get('whole', 0)} whole reads, all well "
              "formed", lambda s=s: str(s.get("malformed")))
        odd = {e: c for e, c in s.get("errors", {}).items()
               if e not in ("ENOENT", "ENXIO", "EIO", "ENODEV")}
        check(not odd, f"reader of {name}: only ENOENT/ENXIO/EIO while "
              f"unloading ({s.get('errors', {})})")
    rcs = ans.get("rc", {})
    check(ans.get("runs", 0) > 0 and set(rcs) <= {"0", "1"} and
          rcs.get("0", 0) > 0,
          f"anonstat: {ans.get('runs', 0)} runs, exit status 0 or 1 only "
          f"({rcs})", lambda: "\n".join(ans.get("bad", [])))

    # Memory: quiet again, nothing loaded; compare with before.
    after_slab = sl.slab_totals()
    grown, top = sl.slab_growth(base_slab, after_slab)
    tol = CFG["slab_tolerance"]
    check(grown <= tol, f"slab total after {n} cycles within {tol // 1024} "
          f"KiB of before ({grown // 1024:+d} KiB)",
          lambda: f"biggest growers: {top}")
    diag(f"slab growth {grown} bytes; biggest: {top}")
    vm_mod = len(sl.vmalloc_unresolved())
    check(vm_mod <= base_vm_mod, f"no vmalloc area left with a caller in an "
          f"unloaded module ({vm_mod} vs {base_vm_mod} before)")
    if leak_check:
        reports = sl.kmemleak_scan()
        ours = sl.kmemleak_ours(reports)
        diag(f"kmemleak: {len(reports)} unreferenced objects, "
             f"{len(ours)} from anon_lazy")
        check(not ours, f"kmemleak: nothing of anon_lazy leaked over {n} "
              "cycles", lambda: "\n".join(ours[:5]))
        for r in reports[:3]:
            diag(r)
    sl.check_clean(kmsg, "the cycles", allow=("debugfs-unload-race",))
    sl.ensure_loaded()


GROUPS = {"cycles": [test_load_unload_under_load]}
