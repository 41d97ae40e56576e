# SPDX-License-Identifier: GPL-2.0
"""Concurrent readers for the load/unload cycles: run until SIGTERM, then
print what they saw as one JSON line.

  readers.py debugfs   every debugfs file in turn, read whole, in small
                       reads, partly, or held open a while; now and then a
                       write of "reset" to control
  readers.py anonstat  anonstat in every output format, and interval mode

A read that reaches EOF must be well formed (the header, then rows with at
least as many fields as the header has columns).  Errors are counted by
errno: while the module comes and goes, ENOENT (gone), ENXIO (going) and
EIO (removed under an open file) are expected; anything else is reported.
"""
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time

DEBUGFS = "/sys/kernel/debug/anon_lazy"
HEADERS = {
    "version": "key value",
    "summary": "key value",
    "probes": "role symbol status kind hits missed",
    "vmas": "pid start end perms state",
    "walks": "type walks visits",
}
EXPECTED_ERRNOS = {errno.ENOENT, errno.ENXIO, errno.EIO, errno.ENODEV}
# The debugfs reader keeps its whole-read counts here (JSON, replaced
# atomically) so the cycles can hold the module until every file was read.
PROGRESS = "/tmp/anon-lazy-readers.json"

stop = False


def on_term(*_):
    global stop
    stop = True


def well_formed(name, text):
    """None if text is a whole, well-formed file, else why not."""
    lines = text.split("\n")
    if not lines or not lines[0].startswith(HEADERS[name]):
        return f"header {lines[0][:80]!r}"
    if text and not text.endswith("\n"):
        return "no final newline"
    ncols = len(lines[0].split())
    for i, line in enumerate(lines[1:], 2):
        if not line:
            if name == "walks":     # a blank line, then the histograms
                break
            continue
        if len(line.split(None, ncols - 1)) < ncols:
            return f"line {i}: {line[:120]!r}"
    return None


def read_one(name, how, stats):
    s = stats.setdefault(name, {"whole": 0, "partial": 0, "errors": {},
                                "malformed": []})
    path = os.path.join(DEBUGFS, name)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as e:
        s["errors"][errno.errorcode.get(e.errno, str(e.errno))] = \
            s["errors"].get(errno.errorcode.get(e.errno, str(e.errno)), 0) + 1
        return
    chunks = []
    try:
        size = {"whole": 1 << 20, "small": 97, "partial": 4096,
                "hold": 1024}[how]
        while True:
            b = os.read(fd, size)
            if not b:
                break
            chunks.append(b)
            if how == "partial":
                s["partial"] += 1
                return
            if how == "hold":
                time.sleep(0.02)
        text = b"".join(chunks).decode(errors="replace")
        s["whole"] += 1
        bad = well_formed(name, text)
        if bad and len(s["malformed"]) < 5:
            s["malformed"].append(f"{how}: {bad}")
    except OSError as e:
        key = errno.errorcode.get(e.errno, str(e.errno))
        s["errors"][key] = s["errors"].get(key, 0) + 1
    finally:
        os.close(fd)


def write_reset(stats):
    s = stats.setdefault("control", {"ok": 0, "errors": {}})
    try:
        fd = os.open(os.path.join(DEBUGFS, "control"), os.O_WRONLY)
    except OSError as e:
        key = errno.errorcode.get(e.errno, str(e.errno))
        s["errors"][key] = s["errors"].get(key, 0) + 1
        return
    try:
        os.write(fd, b"reset\n")
        s["ok"] += 1
    except OSError as e:
        key = errno.errorcode.get(e.errno, str(e.errno))
        s["errors"][key] = s["errors"].get(key, 0) + 1
    finally:
        os.close(fd)


def publish(stats):
    whole = {n: s.get("whole", 0) for n, s in stats.items() if n in HEADERS}
    with open(PROGRESS + ".new", "w") as f:
        json.dump(whole, f)
    os.rename(PROGRESS + ".new", PROGRESS)


def debugfs_readers():
    rnd = random.Random(1)
    stats = {}
    while not stop:
        before = sum(s.get("whole", 0) for s in stats.values())
        for name in HEADERS:
            read_one(name, rnd.choice(("whole", "whole", "small", "partial",
                                       "hold")), stats)
        if sum(s.get("whole", 0) for s in stats.values()) != before:
            publish(stats)
        if rnd.random() < 0.05:
            write_reset(stats)
    return stats


ANONSTAT_RUNS = (
    ["anonstat"], ["anonstat", "vmas"], ["anonstat", "-j"],
    ["anonstat", "--prometheus"], ["anonstat", "walks"],
    ["anonstat", "probes"], ["anonstat", "savings"], ["anonstat", "-j", "vmas"],
    ["anonstat", "1", "3"], ["anonstat", "vmas", "1", "2"],
)


def anonstat_readers():
    stats = {"runs": 0, "rc": {}, "bad": []}
    i = 0
    while not stop:
        cmd = ANONSTAT_RUNS[i % len(ANONSTAT_RUNS)]
        i += 1
        try:
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=120)
            rc = r.returncode
        except subprocess.TimeoutExpired:
            rc = "timeout"
            r = None
        stats["runs"] += 1
        stats["rc"][str(rc)] = stats["rc"].get(str(rc), 0) + 1
        if rc not in (0, 1) and len(stats["bad"]) < 5:
            stats["bad"].append(f"{' '.join(cmd)}: {rc}: "
                                f"{(r.stderr if r else '')[-300:]}")
    return stats


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_term)
    kind = sys.argv[1]
    result = debugfs_readers() if kind == "debugfs" else anonstat_readers()
    print(json.dumps(result), flush=True)
