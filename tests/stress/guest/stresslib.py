# SPDX-License-Identifier: GPL-2.0
"""Helpers of the stress suite's guest side, on top of tests/vm/guest/altest.

Loading and unloading go through the syscalls (finit_module, delete_module)
so that every errno is the kernel's own.  Memory is measured from
/proc/slabinfo and /proc/vmallocinfo; kernel messages are read from
/dev/kmsg so that a case can tell which lines appeared while it ran.
"""
import ctypes
import errno
import os
import re
import subprocess
import sys
import time

import altest
from altest import DEBUGFS, MODULE, sh

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "vm", "lib"))
import knownsplat  # noqa: E402

MACHINE = os.uname().machine
_SYS = {
    "finit_module": {"x86_64": 313, "aarch64": 273},
    "delete_module": {"x86_64": 176, "aarch64": 106},
}
O_NONBLOCK = os.O_NONBLOCK
_libc = ctypes.CDLL(None, use_errno=True)

# What vmrun fails a run on; a case reports the lines it caused itself.
SPLAT_RE = knownsplat.ANY_SPLAT
SYSMOD = "/sys/module/anon_lazy"
FILES = ("version", "probes", "vmas", "summary", "walks")
# The roles a load fails without (module/roles.c, .required); the rest
# degrade to absent, or are off unless asked for (unlink_anon_vmas).
REQUIRED = ("anon_vma_prepare", "anon_vma_fork", "anon_vma_clone",
            "vma_free")


def syscall(name, *args):
    """(return value, errno) of a raw syscall."""
    rc = _libc.syscall(_SYS[name][MACHINE], *args)
    return rc, (ctypes.get_errno() if rc < 0 else 0)


def finit(params="", module=None):
    """finit_module(anon_lazy.ko, params): 0 or the kernel's errno.  The
    module must not be loaded."""
    fd = os.open(module or MODULE, os.O_RDONLY)
    try:
        if isinstance(params, str):
            params = params.encode()
        _, err = syscall("finit_module", fd, ctypes.c_char_p(params), 0)
    finally:
        os.close(fd)
    return err


def delete(name="anon_lazy"):
    _, err = syscall("delete_module", ctypes.c_char_p(name.encode()),
                     O_NONBLOCK)
    return err


def unload(timeout=30.0):
    """Unload, retrying while an open file pins the module (an open debugfs
    file holds a module reference: delete_module with O_NONBLOCK then fails
    with EWOULDBLOCK, as rmmod's "Module anon_lazy is in use").  (errno,
    retries); ENOENT means it was not loaded."""
    busy = 0
    deadline = time.monotonic() + timeout
    while True:
        err = delete()
        if err not in (errno.EAGAIN, errno.EBUSY) or \
                time.monotonic() > deadline:
            return err, busy
        busy += 1
        time.sleep(0.02)


def load(params=""):
    """Load with params after unloading whatever is loaded; errno."""
    if altest.loaded():
        err, _ = unload()
        if err:
            return err
    return finit(params)


def ensure_loaded(params=""):
    err = load(params)
    if err:
        raise RuntimeError(f"cannot load anon_lazy {params}: {os.strerror(err)}")


class Kmsg:
    """New kernel messages since the last read (or since creation)."""

    def __init__(self):
        self.fd = os.open("/dev/kmsg", os.O_RDONLY | os.O_NONBLOCK)
        os.lseek(self.fd, 0, os.SEEK_END)

    def read(self):
        out = []
        while True:
            try:
                rec = os.read(self.fd, 8192)
            except BlockingIOError:
                break
            except OSError as e:
                if e.errno == errno.EPIPE:   # overwritten: go on
                    continue
                raise
            if not rec:
                break
            text = rec.decode(errors="replace")
            head, _, msg = text.partition(";")
            # Continuation lines (" KEY=value") carry no new message.
            out.append(msg.split("\n", 1)[0])
        return out

    def close(self):
        os.close(self.fd)


def splats(lines):
    return [ln for ln in lines if SPLAT_RE.search(ln)]


def check_clean(kmsg, what, allow=()):
    """One check: no splat among the kernel messages since kmsg's last
    read, less whole reports of the known kernel splats in allow (names
    in tests/vm/lib/knownsplat.py), which are counted in a diagnostic."""
    lines, tolerated = knownsplat.split(kmsg.read(), allow)
    bad = splats(lines)
    for name in sorted(set(tolerated)):
        altest.diag(f"{tolerated.count(name)} report(s) of {name} set aside: "
                    f"{knownsplat.KNOWN[name]['reason']}")
    return altest.check(not bad, f"kernel log clean during {what}",
                        lambda: "\n".join(bad[:40]))


# ---- memory ----

def drop_caches():
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3")


def shrink_slabs():
    try:
        names = os.listdir("/sys/kernel/slab")
    except OSError:
        return
    for n in names:
        try:
            with open(f"/sys/kernel/slab/{n}/shrink", "w") as f:
                f.write("1")
        except OSError:
            pass


def slab_totals():
    """{cache: bytes of active objects} after caches are dropped and every
    slab cache shrunk (SLUB counts per-CPU free objects as active until
    then)."""
    sh("sync")
    drop_caches()
    shrink_slabs()
    out = {}
    with open("/proc/slabinfo") as f:
        for line in f:
            p = line.split()
            if len(p) > 4 and p[1].isdigit():
                out[p[0]] = int(p[1]) * int(p[3])
    return out


def slab_growth(before, after, top=8):
    """(total bytes grown, [(cache, bytes)] biggest growers)"""
    d = {k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)}
    grown = sorted(((k, v) for k, v in d.items() if v), key=lambda kv: -kv[1])
    return sum(d.values()), grown[:top]


_VMALLOC_RE = re.compile(r"^(0x[0-9a-f]+)-(0x[0-9a-f]+)\s+(\d+)\s+(\S+)(.*)$")


def vmalloc_areas(pattern="[anon_lazy]"):
    """{(start, end): (bytes, caller)} of /proc/vmallocinfo areas whose line
    contains pattern (None: all)."""
    out = {}
    with open("/proc/vmallocinfo") as f:
        for line in f:
            if pattern and pattern not in line:
                continue
            m = _VMALLOC_RE.match(line)
            if m:
                out[(m.group(1), m.group(2))] = (int(m.group(3)), m.group(4))
    return out


def vmalloc_unresolved():
    """vmalloc areas whose caller is a bare address: allocated by code that
    is gone (an unloaded module)."""
    return {a: v for a, v in vmalloc_areas(None).items()
            if v[1].startswith("0x")}


def meminfo(key):
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return None


KMEMLEAK = "/sys/kernel/debug/kmemleak"


def kmemleak_on():
    try:
        with open(KMEMLEAK, "w") as f:
            f.write("clear")
        return True
    except OSError:
        return False


def kmemleak_scan():
    """Unreferenced objects reported after two scans: [(header, text)]."""
    for _ in range(2):
        with open(KMEMLEAK, "w") as f:
            f.write("scan")
    with open(KMEMLEAK) as f:
        text = f.read()
    reports = []
    for block in re.split(r"(?m)^(?=unreferenced object)", text):
        if block.startswith("unreferenced object"):
            reports.append(block)
    return reports


# An object is ours if a frame of its allocation names anon_lazy, or is a
# bare address in the module area (its module is gone: only anon_lazy is
# loaded and unloaded in these guests).
_MODULE_FRAME = re.compile(r"anon_lazy|\b0xffffffff(?:[a-f][0-9a-f]{7})\b")


def kmemleak_ours(reports):
    return [r for r in reports if _MODULE_FRAME.search(r)]


# ---- swap ----

def swap_on_zram(size="256M"):
    """zram swap: the module of a Debian kernel, or built in (the debug
    kernel); idempotent."""
    with open("/proc/swaps") as f:
        if "zram0" in f.read():
            return
    if not os.path.exists("/sys/block/zram0"):
        sh("modprobe", "zram", "num_devices=1", check_rc=True)
    with open("/sys/block/zram0/disksize", "w") as f:
        f.write(size)
    sh("mkswap", "/dev/zram0", check_rc=True)
    sh("swapon", "/dev/zram0", check_rc=True)


def numa_nodes():
    try:
        return len([d for d in os.listdir("/sys/devices/system/node")
                    if re.fullmatch(r"node\d+", d)])
    except OSError:
        return 1


def set_sysctl(path, value):
    with open(f"/proc/sys/{path}") as f:
        old = f.read().strip()
    with open(f"/proc/sys/{path}", "w") as f:
        f.write(str(value))
    return old


def files_present():
    return all(os.path.exists(os.path.join(DEBUGFS, f)) for f in FILES)


def popen(*args, **kw):
    return subprocess.Popen(list(args), **kw)
