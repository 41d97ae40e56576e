# SPDX-License-Identifier: GPL-2.0
"""Bad input to anonstat: hostile snapshot directories for anonstat -d DIR.

A snapshot of the live files is taken, then one file at a time is replaced
by something hostile: a symlink to /dev/zero, to a directory, a symlink
loop, a sparse 1 GiB file, nothing, a FIFO, a directory; and, for a user
who is not root, a file it may not read.  For each, the command that needs
that file must end with exit status 1 and a message naming the file,
within a time limit (no hang), and not die of a signal (no crash).
slabinfo and uname are optional in a snapshot: there a missing or
unusable file may also be ignored (exit 0).
"""
import os
import resource
import shutil
import subprocess
import tempfile
import time

import stresslib as sl
from altest import check

CFG = {}
# The command that reads each file of a snapshot.
READER = {"version": ["version"], "probes": ["probes"], "vmas": ["vmas"],
          "summary": [], "walks": ["walks"], "slabinfo": ["savings"]}
OPTIONAL = {"slabinfo"}
KINDS = ("zero", "dirlink", "loop", "huge", "missing", "fifo", "dir",
         "unreadable")
TIMEOUT = 15            # seconds; a sane reader answers in well under one
HUGE_TIMEOUT = 180      # reading 1 GiB under TCG
MEM_LIMIT = 1536 << 20  # RLIMIT_AS, so that a reader of /dev/zero cannot
                        # take the guest down with it
NOBODY = 65534


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (MEM_LIMIT, MEM_LIMIT))


def make(snap, name, kind):
    p = os.path.join(snap, name)
    os.unlink(p)
    if kind == "zero":
        os.symlink("/dev/zero", p)
    elif kind == "dirlink":
        os.symlink("/proc/self", p)
    elif kind == "loop":
        os.symlink(p + ".loop", p)
        os.symlink(p, p + ".loop")
    elif kind == "huge":
        with open(p, "wb") as f:
            f.truncate(1 << 30)
    elif kind == "fifo":
        os.mkfifo(p)
    elif kind == "dir":
        os.mkdir(p)
    elif kind == "unreadable":
        shutil.copy(os.path.join(snap, "..", "orig", name), p)
        os.chmod(p, 0)


def run(snap, name, kind):
    """(exit status or 'timeout', stderr, seconds)"""
    cmd = ["anonstat", "-d", snap] + READER[name]
    if kind == "unreadable":
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}",
               "--clear-groups"] + cmd
    t0 = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=HUGE_TIMEOUT if kind == "huge" else TIMEOUT,
                           preexec_fn=limit, errors="replace")
        return r.returncode, r.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if e.stderr else ""
        return "timeout", err, time.monotonic() - t0


def test_hostile_snapshots():
    kmsg = sl.Kmsg()
    sl.ensure_loaded()
    files = list(READER) if CFG["mode"] == "long" else \
        ["version", "vmas", "slabinfo"]
    top = tempfile.mkdtemp(prefix="al-snap-")
    os.chmod(top, 0o755)
    orig = os.path.join(top, "orig")
    r = subprocess.run(["anonstat", "snapshot", orig], capture_output=True,
                       text=True)
    if not check(r.returncode == 0, "anonstat snapshot of the live files",
                 r.stderr):
        return
    for name in files:
        for kind in KINDS:
            snap = os.path.join(top, f"{name}-{kind}")
            shutil.copytree(orig, snap, symlinks=True)
            make(snap, name, kind)
            if kind == "unreadable":
                for d, _, fs in os.walk(snap):
                    os.chown(d, NOBODY, NOBODY)
                    for f in fs:
                        os.lchown(os.path.join(d, f), NOBODY, NOBODY)
                os.chown(top, 0, 0)
            rc, err, took = run(snap, name, kind)
            msg = err.strip().splitlines()[-1] if err.strip() else ""
            names_it = name in msg
            if name in OPTIONAL:
                ok = rc == 0 or (rc == 1 and names_it)
                want = "exit 0, or 1 naming it"
            else:
                ok = rc == 1 and names_it
                want = "exit 1 naming it"
            check(ok, f"anonstat -d with {name} {kind}: {want} "
                  f"(exit {rc}, {took:.1f}s)",
                  f"stderr: {err.strip()[-400:]!r}")
            shutil.rmtree(snap, ignore_errors=True)
    shutil.rmtree(top, ignore_errors=True)
    sl.check_clean(kmsg, "hostile snapshots")


GROUPS = {"anonstat": [test_hostile_snapshots]}
