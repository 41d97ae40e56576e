# SPDX-License-Identifier: GPL-2.0
"""Bounded memory: far more VMAs than the history table holds.

A process with N one-page VMAs, each with an anon_vma (tests/workloads/
stress_vmas.c), against capacity C << N: the table stays within C records
and its stated size, what does not fit is counted as dropped, the module
allocates nothing more, the box keeps working, and reading vmas does not
hold the process's mmap_lock across read() calls: while a reader pauses
mid-file the process can still map and unmap (mmap_lock for write) within
LATENCY_BOUND, and while it reads the whole file within that bound or twice
what a whole read of the kernel's own /proc/PID/maps costs it.
"""
import json
import os
import threading
import time

import altest
import stresslib as sl
from altest import DEBUGFS, Workload, check, diag, kv

CFG = {}
# Worst map+unmap of the big process while vmas is read.  The module visits
# at most 512 VMAs and formats at most 64 KiB per mmap_lock hold: under TCG
# a few milliseconds.  A reader pausing PAUSE seconds with the lock held
# would show as >= PAUSE; a read holding it throughout, as the read's
# length (seconds for 200,000 listed VMAs).  The bound sits well above the
# scheduling noise of single-threaded TCG, where a vCPU waits up to 100 ms
# for its turn, and well below those.
LATENCY_BOUND_US = 1_000_000
PAUSE = 4.0
RECORD_BYTES = 52       # about: record + bucket (version's table_bytes)


class SlowReader(threading.Thread):
    """Reads a file (a debugfs file by name, or a path) in chunk-sized
    reads: pausing long_pause seconds once, after the first 64 KiB, with
    the file open mid-way; pause seconds after every read; stopping after
    stop_after bytes; starting over at the end until `again` seconds have
    passed.  Counts the rows of `pid` in the first pass."""

    def __init__(self, name, chunk=65536, pause=0.0, long_pause=0.0,
                 stop_after=None, again=0.0, pid=None):
        super().__init__()
        self.path = name if name.startswith("/") else \
            os.path.join(DEBUGFS, name)
        self.chunk, self.pause, self.long_pause = chunk, pause, long_pause
        self.stop_after, self.again, self.pid = stop_after, again, pid
        self.bytes = 0
        self.rows = 0
        self.passes = 0
        self.done = False
        self.error = None
        self.seconds = 0.0

    def one_pass(self):
        tail = b""
        prefix = f"{self.pid} ".encode() if self.pid and not self.passes \
            else None
        got = 0
        paused = False
        with open(self.path, "rb", buffering=0) as f:
            while True:
                b = f.read(self.chunk)
                if not b:
                    return True
                got += len(b)
                self.bytes += len(b)
                if prefix:
                    lines = (tail + b).split(b"\n")
                    tail = lines.pop()
                    self.rows += sum(ln.startswith(prefix) for ln in lines)
                if self.stop_after and got >= self.stop_after:
                    return False
                if not paused and self.long_pause and got > 65536:
                    paused = True
                    time.sleep(self.long_pause)
                elif self.pause:
                    time.sleep(self.pause)

    def run(self):
        t0 = time.monotonic()
        try:
            while True:
                whole = self.one_pass()
                self.passes += 1
                self.done |= whole
                if time.monotonic() - t0 >= self.again:
                    break
        except OSError as e:
            self.error = e
        self.seconds = time.monotonic() - t0


def latency_while(w, reader, chunk_s=1.0):
    """Map+unmap latencies of workload w while reader runs: the worst of
    repeated 'lat' rounds until the reader is done."""
    worst = {"ops": 0, "max_us": 0, "over_100ms": 0}
    reader.start()
    while True:
        d = json.loads(w.send(f"lat {chunk_s}"))
        worst["ops"] += d["ops"]
        worst["over_100ms"] += d["over_100ms"]
        worst["max_us"] = max(worst["max_us"], d["max_us"])
        if not reader.is_alive():
            break
    reader.join()
    return worst


def ms(lat):
    return f"{lat['max_us'] / 1000:.0f} ms"


def responsiveness(w, pid, n, listed):
    """The checks of reading vmas while process pid (workload w, n VMAs)
    maps and unmaps; /proc/PID/maps read the same way is the control."""
    what = "listed" if listed else "unlisted"
    maps = f"/proc/{pid}/maps"
    base = json.loads(w.send("lat 3"))
    # A stall the process shows with no reader at all (a loaded host
    # deschedules the guest: 1.0 s seen alone with six guests on two
    # cores) is not the reader's; the failure guarded against, a lock held
    # for a whole read or across the pause, stalls for seconds to a
    # minute: so never more than half the pause.
    bound = min(max(LATENCY_BOUND_US, 2 * base["max_us"]),
                int(PAUSE * 1_000_000 / 2))
    diag(f"map+unmap alone: {base}; bound {bound // 1000} ms")
    ctl = latency_while(w, SlowReader(maps, chunk=4096, long_pause=PAUSE,
                                      stop_after=256 << 10))
    r = SlowReader("vmas", chunk=4096, long_pause=PAUSE, stop_after=256 << 10)
    lat = latency_while(w, r)
    diag(f"{PAUSE:.0f}s pause mid-file: vmas {lat}; control {maps} {ctl}")
    check(lat["max_us"] < bound and r.error is None,
          f"{n} {what} VMAs, vmas read with a {PAUSE:.0f}s pause mid-file: "
          f"the process mapped and unmapped meanwhile, worst {ms(lat)} < "
          f"{bound // 1000} ms (alone {ms(base)}, reading "
          f"{maps} {ms(ctl)})")
    # Whole reads, against the kernel's own reader of the same VMAs in the
    # same boot: on a loaded host a whole read of /proc/PID/maps of 1,000,000
    # VMAs has stalled the process for 7.3 s and one of vmas for 5.2 s, in
    # runs where the other reader stayed under 1 s.  So the bound grows to
    # twice what maps showed, and a pair over it is measured once more; it
    # never grows past half a pass, which a lock held for a whole read
    # would stall.
    for attempt in (1, 2):
        ctl = latency_while(w, SlowReader(maps, again=5.0))
        r = SlowReader("vmas", pid=pid, again=5.0)
        lat = latency_while(w, r)
        per_pass = int(r.seconds / max(r.passes, 1) * 1_000_000)
        allowed = max(bound, min(2 * ctl["max_us"], per_pass // 2))
        diag(f"whole reads {attempt}: vmas {r.passes} x in {r.seconds:.1f}s "
             f"({r.bytes} bytes) {lat}; control {maps} {ctl}; allowed "
             f"{allowed // 1000} ms")
        if lat["max_us"] < allowed or r.error is not None:
            break
    if listed:
        check(r.done and r.rows >= n,
              f"vmas lists all {n} VMAs of the process ({r.rows})")
    check(lat["max_us"] < allowed and r.error is None,
          f"{n} {what} VMAs, whole vmas reads for {r.seconds:.0f}s: worst "
          f"map+unmap {ms(lat)} < {allowed // 1000} ms (alone {ms(base)}, "
          f"reading {maps}: {ms(ctl)}; read {attempt} of at most 2)")
    return bound


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

            bound = responsiveness(w, info["pid"], n, listed=True)
            # summary, too, drops mmap_lock every 512 VMAs.
            r = SlowReader("summary")
            lat = latency_while(w, r)
            check(lat["max_us"] < bound and r.error is None,
                  f"{n} VMAs, summary read ({r.seconds:.1f}s): worst "
                  f"map+unmap meanwhile {lat['max_us'] / 1000:.0f} ms < "
                  f"{bound // 1000} ms")
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
            responsiveness(w, w.info["pid"], n, listed=False)
    finally:
        sl.set_sysctl("vm/max_map_count", old_max)
    sl.check_clean(kmsg, f"{n} unlisted VMAs")
    sl.ensure_loaded()


GROUPS = {"bounded": [test_bounded_table, test_unlisted_vmas_responsive]}
