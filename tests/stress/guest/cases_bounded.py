# SPDX-License-Identifier: GPL-2.0
"""Bounded memory: far more VMAs than the history table holds.

A process with N one-page VMAs, each with an anon_vma (tests/workloads/
stress_vmas.c), against capacity C << N: the table stays within C records
and its stated size, what does not fit is counted as dropped, the module
allocates nothing more, the box keeps working, and reading vmas does not
hold the process's mmap_lock across read() calls: while a reader pauses
mid-file, and while it reads the whole file, the process can still map and
unmap (mmap_lock for write) within LATENCY_BOUND.
"""
import json
import os
import threading
import time

import altest
import stresslib as sl
from altest import DEBUGFS, Workload, check, diag, kv

CFG = {}
# Worst map+unmap of the big process while vmas is read.  The module formats
# at most 64 KiB (~600 lines) per mmap_lock hold; under TCG that is tens of
# milliseconds.  A reader pausing PAUSE seconds with the lock held would
# show as >= PAUSE.
LATENCY_BOUND_US = 500_000
PAUSE = 2.0
RECORD_BYTES = 52       # about: record + bucket (version's table_bytes)


class SlowReader(threading.Thread):
    """Reads a debugfs file in small reads; pauses PAUSE seconds after the
    first 64 KiB (with the file open, mid-way), then goes on with a short
    pause per read until the end or until stopped."""

    def __init__(self, name, chunk=4096, pause=0.0, long_pause=0.0,
                 pid=None):
        super().__init__()
        self.path = os.path.join(DEBUGFS, name)
        self.chunk, self.pause, self.long_pause = chunk, pause, long_pause
        self.pid = pid
        self.stop = threading.Event()
        self.bytes = 0
        self.rows = 0           # rows of self.pid
        self.done = False
        self.error = None
        self.seconds = 0.0

    def run(self):
        t0 = time.monotonic()
        tail = b""
        prefix = f"{self.pid} ".encode() if self.pid else None
        paused = False
        try:
            with open(self.path, "rb", buffering=0) as f:
                while not self.stop.is_set():
                    b = f.read(self.chunk)
                    if not b:
                        self.done = True
                        break
                    self.bytes += len(b)
                    if prefix:
                        lines = (tail + b).split(b"\n")
                        tail = lines.pop()
                        self.rows += sum(ln.startswith(prefix) for ln in lines)
                    if not paused and self.long_pause and self.bytes > 65536:
                        paused = True
                        time.sleep(self.long_pause)
                    elif self.pause:
                        time.sleep(self.pause)
        except OSError as e:
            self.error = e
        self.seconds = time.monotonic() - t0


def latency_while(w, reader, chunk_s=2.0):
    """Map+unmap latencies of workload w while reader runs: the worst of
    repeated 'lat' rounds until the reader is done."""
    worst = {"ops": 0, "max_us": 0, "over_100ms": 0}
    reader.start()
    while True:
        r = w.send(f"lat {chunk_s}")
        d = json.loads(r)
        worst["ops"] += d["ops"]
        worst["over_100ms"] += d["over_100ms"]
        worst["max_us"] = max(worst["max_us"], d["max_us"])
        if not reader.is_alive():
            break
    reader.join()
    return worst


def test_bounded_table():
    n, cap = CFG["vmas"], CFG["capacity"]
    kmsg = sl.Kmsg()
    old_max = sl.set_sysctl("vm/max_map_count", n + 65536)
    sl.ensure_loaded(f"capacity={cap}")
    areas0 = sl.vmalloc_areas()
    slab0 = sl.slab_totals()
    ver = kv("version")
    tb = int(ver["table_bytes"])
    check(ver["capacity"] == str(cap), f"capacity {cap} in version")
    check(cap * 8 <= tb <= cap * RECORD_BYTES * 1.3,
          f"table_bytes {tb} within capacity x {RECORD_BYTES} "
          f"(+30% for the power-of-two buckets: <= {int(cap * 52 * 1.3)})")
    vm_bytes = sum(b for b, _ in areas0.values())
    check(vm_bytes <= tb + 2 * 4096 * 4,
          f"vmalloc of anon_lazy {vm_bytes} bytes ~ table_bytes {tb}")
    try:
        t0 = time.monotonic()
        with Workload("stress_vmas", n) as w:
            info = w.info
            diag(f"stress_vmas {n}: built in {info['seconds']}s; "
                 f"MemAvailable {sl.meminfo('MemAvailable') >> 20} MiB")
            t1 = time.monotonic()
            s = kv("summary")
            diag(f"summary read in {time.monotonic() - t1:.1f}s")
            used, dropped = int(s["table.used"]), int(s["table.dropped"])
            check(used <= cap, f"table.used {used} <= capacity {cap}")
            check(dropped >= n - cap,
                  f"table.dropped {dropped} >= {n} VMAs - capacity {cap}")
            check(int(s["vmas"]) >= n and int(s["state.lazy"]) >= n - 100,
                  f"summary counts the {n} VMAs ({s['vmas']} VMAs, "
                  f"{s['state.lazy']} lazy)")
            check(int(s["anon_vma.now"]) >= n,
                  f"summary counts their {n} anon_vmas ({s['anon_vma.now']})")
            areas1 = sl.vmalloc_areas()
            slab1 = sl.slab_totals()
            grown = sum(b for b, _ in areas1.values()) - vm_bytes
            check(areas1 == areas0, f"no vmalloc of anon_lazy added by {n} "
                  f"VMAs ({grown:+d} bytes)")
            diag(f"slab growth with the process alive: "
                 f"{sl.slab_growth(slab0, slab1)}")

            base = json.loads(w.send("lat 2"))
            diag(f"map+unmap alone: {base}")
            # A reader that pauses mid-file with the file open.
            r = SlowReader("vmas", chunk=4096, pause=0.01, long_pause=PAUSE)
            lat = latency_while(w, r, chunk_s=PAUSE + 1.0)
            r.stop.set()
            diag(f"slow reader: {r.bytes} bytes in {r.seconds:.1f}s; "
                 f"map+unmap {lat}")
            check(lat["max_us"] < LATENCY_BOUND_US and r.error is None,
                  f"vmas read with a {PAUSE:.0f}s pause mid-file: the process "
                  f"mapped and unmapped meanwhile, worst "
                  f"{lat['max_us'] / 1000:.0f} ms < "
                  f"{LATENCY_BOUND_US // 1000} ms ({lat['ops']} ops)")
            # A reader going through the whole file as fast as it can.
            r = SlowReader("vmas", chunk=65536, pid=info["pid"])
            lat = latency_while(w, r)
            diag(f"full read: {r.bytes} bytes, {r.rows} rows of the process "
                 f"in {r.seconds:.1f}s; map+unmap {lat}")
            check(r.done and r.rows >= n,
                  f"vmas lists all {n} VMAs of the process ({r.rows})")
            check(lat["max_us"] < LATENCY_BOUND_US,
                  f"whole vmas read ({r.seconds:.0f}s): worst map+unmap "
                  f"{lat['max_us'] / 1000:.0f} ms < "
                  f"{LATENCY_BOUND_US // 1000} ms ({lat['ops']} ops)")
            # summary walks each process whole under one hold (by design).
            r = SlowReader("summary", chunk=65536)
            lat = latency_while(w, r)
            diag(f"summary read ({r.seconds:.1f}s) meanwhile map+unmap worst "
                 f"{lat['max_us'] / 1000:.0f} ms")
            # The box keeps working.
            info2 = altest.run_workload("faultfork", 50, 2)
            rc, out, err = altest.anonstat("-j")
            check(info2.get("vmas") == 50 and rc == 0,
                  f"the box keeps working: a workload ran, anonstat exit {rc}"
                  f" (MemAvailable {sl.meminfo('MemAvailable') >> 20} MiB)",
                  err)
        diag(f"bounded (touched) took {time.monotonic() - t0:.0f}s")
        s = kv("summary")
        check(int(s["table.used"]) < cap,
              f"records freed with the process ({s['table.used']} used)")
    finally:
        sl.set_sysctl("vm/max_map_count", old_max)
    sl.check_clean(kmsg, f"{n} VMAs")


def test_unlisted_vmas_responsive():
    """VMAs with no anon_vma and no history are not listed; reading past N
    of them must not hold mmap_lock any longer than a batch of listed
    ones."""
    n = CFG["vmas"]
    kmsg = sl.Kmsg()
    old_max = sl.set_sysctl("vm/max_map_count", n + 65536)
    sl.ensure_loaded()
    try:
        with Workload("stress_vmas", n, "--untouched") as w:
            diag(f"stress_vmas {n} --untouched: built in "
                 f"{w.info['seconds']}s")
            r = SlowReader("vmas", chunk=65536, pid=w.info["pid"])
            lat = latency_while(w, r)
            diag(f"full read: {r.bytes} bytes in {r.seconds:.1f}s, "
                 f"{r.rows} rows of the process; map+unmap {lat}")
            check(lat["max_us"] < LATENCY_BOUND_US,
                  f"vmas read past {n} unlisted VMAs: worst map+unmap "
                  f"{lat['max_us'] / 1000:.0f} ms < "
                  f"{LATENCY_BOUND_US // 1000} ms")
    finally:
        sl.set_sysctl("vm/max_map_count", old_max)
    sl.check_clean(kmsg, f"{n} unlisted VMAs")
    sl.ensure_loaded()


GROUPS = {"bounded": [test_bounded_table, test_unlisted_vmas_responsive]}
