# SPDX-License-Identifier: GPL-2.0
"""Exposure: what anon_lazy shows, and to whom.

Every debugfs file, every anonstat output format and a snapshot are
searched for values that look like kernel addresses: 0xffff... or 16 hex
digits starting with ffff, and hex values of 12 or more digits starting
with ffff8 or ffffc (the direct map, vmalloc and, cut to 48 bits, kernel
text and modules).  The 48-bit object ids are keyed hashes: one can match
such a pattern by chance (about 2 in a million), so an id is reported only
if it also stays the same when the module is reloaded with a new key -- as
an address would.  The files must have no group or other permission bits,
and must stay closed to a user who is not root even when debugfs itself is
opened up; anonstat run by such a user must say that root is needed.
"""
import os
import re
import stat
import subprocess
import tempfile

import altest
import stresslib as sl
from altest import DEBUGFS, Workload, check, diag

CFG = {}
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
ADDR_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:0x)?(?:ffff[0-9a-f]{12}|ffff[8c][0-9a-f]{7,})"
    r"(?![0-9A-Za-z])", re.IGNORECASE)
ID_COLUMNS = ("vma", "anon_vma", "root")

ANONSTAT_FORMATS = (
    [], ["-j"], ["--pretty"], ["--prometheus"], ["vmas"], ["-j", "vmas"],
    ["vmas", "-o", "+vma,anon_vma,root"], ["probes"], ["-j", "probes"],
    ["walks"], ["-j", "walks"], ["savings"], ["-j", "savings"], ["version"],
    ["-j", "version"], ["-p", "stress"], ["-j", "-p", "faultfork"],
)


def suspects(text):
    return sorted(set(m.group(0) for m in ADDR_RE.finditer(text)))


def vma_ids():
    """{(pid, start): {column: id}} of the vmas file."""
    out = {}
    for r in altest.table("vmas"):
        out[(r["pid"], r["start"])] = {c: r[c] for c in ID_COLUMNS}
    return out


def test_no_kernel_addresses():
    kmsg = sl.Kmsg()
    sl.ensure_loaded()
    found = {}
    with Workload("topology") as w, Workload("faultfork", 64, 2, "--hold"):
        sources = {}
        for name in sl.FILES:
            sources[f"debugfs {name}"] = altest.read_file(name)
        for args in ANONSTAT_FORMATS:
            rc, out, err = altest.anonstat(*args)
            check(rc == 0, f"anonstat {' '.join(args)} ran (exit {rc})", err)
            sources[f"anonstat {' '.join(args)}"] = out + err
        snap = tempfile.mkdtemp(prefix="al-expose-")
        rc, out, err = altest.anonstat("snapshot", os.path.join(snap, "s"))
        check(rc == 0, "anonstat snapshot ran", err)
        for f in sorted(os.listdir(os.path.join(snap, "s"))):
            with open(os.path.join(snap, "s", f), errors="replace") as fh:
                sources[f"snapshot {f}"] = fh.read()
        sources["dmesg (anon_lazy lines)"] = "\n".join(
            ln for ln in altest.sh("dmesg").stdout.splitlines()
            if "anon_lazy" in ln)
        for what, text in sources.items():
            s = suspects(text)
            if s:
                found[what] = s
        ids_before = vma_ids()
        sl.ensure_loaded()      # a new SipHash key
        ids_after = vma_ids()
        w.send("")
    # An id that matches a pattern is a leak only if it survives the rekey.
    origin = {}
    for k, d in ids_before.items():
        for c, v in d.items():
            origin.setdefault(v, []).append((k, c))

    def leak(token):
        t = token.lower().removeprefix("0x")
        if t not in origin:
            return True
        return any(ids_after.get(k, {}).get(c) == t for k, c in origin[t])

    real = {}
    for what, s in found.items():
        left = [x for x in s if leak(x)]
        if left:
            real[what] = left
        if len(s) != len(left):
            diag(f"{what}: {len(s) - len(left)} ids match the pattern by "
                 "chance and changed with the key")
    ids = set(origin) - {"-"}
    diag(f"searched {len(sources)} outputs, {sum(len(t) for t in sources.values())} bytes")
    check(not real, f"no kernel address in {len(sources)} outputs "
          "(debugfs files, anonstat formats, snapshot, dmesg)",
          lambda: "\n".join(f"{k}: {v[:5]}" for k, v in real.items()))
    common = [k for k in ids_before if k in ids_after and
              ids_before[k]["vma"] != "-"]
    same = [k for k in common if ids_before[k]["vma"] == ids_after[k]["vma"]]
    check(len(common) > 50 and len(same) <= len(common) // 100,
          f"vma ids are keyed: {len(common) - len(same)}/{len(common)} "
          "changed when the module was reloaded (an address would not)")
    fmt = [v for d in ids_before.values() for v in d.values()
           if v != "-" and not re.fullmatch(r"[0-9a-f]{12}", v)]
    check(not fmt, f"every id is 12 hex digits (48 bits), {len(ids)} seen",
          lambda: str(fmt[:10]))
    sl.check_clean(kmsg, "the exposure reads")


def test_permissions():
    sl.ensure_loaded()
    modes = {}
    for f in sorted(os.listdir(DEBUGFS)):
        modes[f] = stat.S_IMODE(os.stat(os.path.join(DEBUGFS, f)).st_mode)
    diag("modes: " + ", ".join(f"{f} {m:04o}" for f, m in modes.items()) +
         f"; directory {stat.S_IMODE(os.stat(DEBUGFS).st_mode):04o}; "
         f"debugfs {stat.S_IMODE(os.stat('/sys/kernel/debug').st_mode):04o}")
    check(set(modes) >= set(sl.FILES) | {"control"},
          f"every file present ({sorted(modes)})")
    check(all(m & 0o077 == 0 for m in modes.values()),
          "no file has a group or other permission bit",
          lambda: str({f: oct(m) for f, m in modes.items() if m & 0o077}))
    check(modes.get("control") == 0o200, "control is write-only for root")


def test_not_root():
    sl.ensure_loaded()
    # debugfs is 0700; open it up so that only the files' modes stand
    # between a user and the data.
    old = stat.S_IMODE(os.stat("/sys/kernel/debug").st_mode)
    os.chmod("/sys/kernel/debug", 0o755)
    try:
        opened = []
        for f in sorted(os.listdir(DEBUGFS)):
            path = os.path.join(DEBUGFS, f)
            cmd = ["sh", "-c", f"echo reset > {path}"] if f == "control" \
                else ["cat", path]
            r = subprocess.run(NOBODY + cmd, capture_output=True, text=True)
            if r.returncode == 0:
                opened.append(f)
        check(not opened, "a user who is not root cannot open any file even "
              "with debugfs opened up", str(opened))
    finally:
        os.chmod("/sys/kernel/debug", old)
    for args in ([], ["vmas"], ["probes"], ["-j"], ["--prometheus"],
                 ["walks"], ["savings"], ["snapshot", "/tmp/al-nobody-snap"]):
        r = subprocess.run(NOBODY + ["anonstat"] + args, capture_output=True,
                           text=True)
        check(r.returncode == 1 and "root" in r.stderr and not r.stdout,
              f"anonstat {' '.join(args)} as nobody: exit 1, says root is "
              f"needed (exit {r.returncode})", r.stderr.strip())


GROUPS = {"exposure": [test_permissions, test_not_root,
                       test_no_kernel_addresses]}
