# SPDX-License-Identifier: GPL-2.0
"""A small TAP test harness for the guest side of the VM tests.

Runs inside a QEMU guest booted by tests/vm/vmrun, as root, with
anon_lazy loaded.  Each case is a function that calls check(); every check
prints one TAP line ("ok - ..." / "not ok - ...") that tests/run counts.
An exception in a case is one failed check, never a crash of the suite.
"""
import contextlib
import ctypes
import json
import os
import subprocess
import sys
import time
import traceback

DEBUGFS = "/sys/kernel/debug/anon_lazy"
BUILD = os.environ.get("AL_BUILD", "build")
WORKLOADS = os.environ.get("AL_WORKLOADS", os.path.join(BUILD, "tests"))
MODULE = os.environ.get("AL_MODULE")
KREL = os.uname().release

_failed = 0
_prefix = ""


def diag(msg):
    for line in str(msg).splitlines():
        print("# " + line, flush=True)


def check(cond, desc, detail=None):
    """One TAP line; detail (shown on failure) may be a callable."""
    global _failed
    if cond:
        print(f"ok - {_prefix}{desc}", flush=True)
    else:
        _failed += 1
        print(f"not ok - {_prefix}{desc}", flush=True)
        if detail is not None:
            diag(detail() if callable(detail) else detail)
    return bool(cond)


def run_cases(cases, prefix=""):
    """Run each case; an exception fails it with the traceback shown."""
    global _prefix, _failed
    for case in cases:
        _prefix = f"{prefix}{case.__name__.removeprefix('test_')}: "
        t0 = time.monotonic()
        try:
            case()
        except Exception:  # noqa: BLE001 - report, go on with the next case
            _failed += 1
            print(f"not ok - {_prefix}raised", flush=True)
            diag(traceback.format_exc())
        diag(f"{case.__name__} took {time.monotonic() - t0:.1f}s")
    _prefix = ""
    return _failed


# ---- debugfs ----

def read_file(name):
    with open(os.path.join(DEBUGFS, name)) as f:
        return f.read()


def parse_table(text):
    """Header line of column names, then records; the last column (comm)
    may contain spaces."""
    lines = text.splitlines()
    cols = lines[0].split()
    rows = []
    for line in lines[1:]:
        if not line.strip():
            break
        parts = line.split(None, len(cols) - 1)
        rows.append(dict(zip(cols, parts)))
    return rows


def table(name):
    return parse_table(read_file(name))


def kv(name):
    return {r["key"]: r["value"] for r in table(name)}


def num(d, key):
    return int(d[key])


def probes():
    return {r["role"]: r for r in table("probes")}


def ftrace_enabled():
    """Functions ftrace calls out from: symbol -> its enabled_functions
    line."""
    out = {}
    for d in ("/sys/kernel/tracing", "/sys/kernel/debug/tracing"):
        try:
            with open(f"{d}/enabled_functions") as f:
                for line in f:
                    out[line.split()[0]] = line.strip()
            return out
        except FileNotFoundError:
            continue
    raise RuntimeError("no enabled_functions in tracefs")


def ftrace_callback(line):
    """The anon_lazy callback an enabled_functions line names (x86: the
    ops' trampoline and its function; arm64: the ops and its function),
    or None."""
    for word in line.replace("(", " ").replace(")", " ").split():
        if word.startswith("al_ftrace_"):
            return word.split("+")[0]
    return None


def kprobes_list():
    """Symbols with a kprobe (kind k) or kretprobe (r) the kernel lists."""
    out = {}
    try:
        with open("/sys/kernel/debug/kprobes/list") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    out[parts[2].split("+")[0]] = parts[1]
    except FileNotFoundError:
        pass
    return out


def hits(role):
    return int(probes()[role]["hits"])


def vmas(pid=None):
    rows = table("vmas")
    for r in rows:
        r["start"] = int(r["start"], 16)
        r["end"] = int(r["end"], 16)
        r["pid"] = int(r["pid"])
    if pid is not None:
        rows = [r for r in rows if r["pid"] == pid]
    return rows


def walks():
    """{type: row} and {(hist, type): {bucket: count}}"""
    text = read_file("walks")
    first, _, second = text.partition("\n\n")
    types = {r["type"]: {k: (int(v) if k != "type" else v)
                         for k, v in r.items()}
             for r in parse_table(first)}
    hists = {}
    for r in parse_table(second):
        hists.setdefault((r["hist"], r["type"]), {})[int(r["bucket"])] = \
            int(r["count"])
    return types, hists


def slab_active(name):
    """(active_objs, objsize, objs_per_slab) of a cache.  SLUB counts the
    free objects of per-CPU slabs as active; shrinking the cache first
    flushes those, so active_objs is then what is allocated."""
    try:
        with open(f"/sys/kernel/slab/{name}/shrink", "w") as f:
            f.write("1")
    except OSError:
        pass
    with open("/proc/slabinfo") as f:
        for line in f:
            p = line.split()
            if p and p[0] == name:
                return int(p[1]), int(p[3]), int(p[4])
    return None


def maps(pid):
    """[(start, end, perms)] of /proc/PID/maps"""
    out = []
    with open(f"/proc/{pid}/maps") as f:
        for line in f:
            rng, perms = line.split()[:2]
            s, e = rng.split("-")
            out.append((int(s, 16), int(e, 16), perms))
    return out


def control(cmd):
    fd = os.open(os.path.join(DEBUGFS, "control"), os.O_WRONLY)
    try:
        return os.write(fd, cmd.encode())
    finally:
        os.close(fd)


# ---- module ----

def sh(*args, check_rc=False, **kw):
    return subprocess.run(list(args), capture_output=True, text=True,
                          check=check_rc, **kw)


def loaded():
    with open("/proc/modules") as f:
        return any(line.startswith("anon_lazy ") for line in f)


def rmmod():
    if loaded():
        sh("rmmod", "anon_lazy", check_rc=True)


_SYS_FINIT_MODULE = {"x86_64": 313, "aarch64": 273}


def insmod(*params):
    """Load anon_lazy with params; the errno (0 on success), as the kernel
    returned it (insmod(8) words errors its own way)."""
    rmmod()
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(MODULE, os.O_RDONLY)
    try:
        rc = libc.syscall(_SYS_FINIT_MODULE[os.uname().machine], fd,
                          " ".join(params).encode(), 0)
    finally:
        os.close(fd)
    return ctypes.get_errno() if rc else 0


@contextlib.contextmanager
def module_with(*params):
    """Reload anon_lazy with params for the block, then the defaults."""
    err = insmod(*params)
    if err:
        raise RuntimeError(f"insmod {' '.join(params)}: {os.strerror(err)}")
    try:
        yield
    finally:
        err = insmod()
        if err:
            raise RuntimeError(f"insmod (defaults): {os.strerror(err)}")


def dmesg_tail(n=20):
    return "\n".join(sh("dmesg").stdout.splitlines()[-n:])


# ---- workloads ----

class Workload:
    """A workload from tests/workloads: started with a stdin pipe, its first
    stdout line (JSON ground truth) parsed; held until stdin closes."""

    def __init__(self, name, *args):
        self.p = subprocess.Popen([os.path.join(WORKLOADS, name), *map(str, args)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True)
        line = self.p.stdout.readline()
        if not line:
            self.p.wait()
            raise RuntimeError(f"workload {name} died: exit {self.p.returncode}")
        self.info = json.loads(line)

    def send(self, line):
        """Send a command line, return the reply line."""
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        return self.p.stdout.readline().strip()

    def close(self):
        if self.p.poll() is None:
            self.p.stdin.close()
            rest = self.p.stdout.readline()
            self.p.wait(timeout=60)
            return rest.strip()
        return ""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        with contextlib.suppress(Exception):
            self.close()
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def run_workload(name, *args):
    with Workload(name, *args) as w:
        return w.info


def anonstat(*args):
    """(returncode, stdout, stderr) of anonstat from the build tree."""
    r = sh("anonstat", *args)
    return r.returncode, r.stdout, r.stderr


def anonstat_json(*args):
    rc, out, err = anonstat("-j", *args)
    if rc:
        raise RuntimeError(f"anonstat -j {' '.join(args)}: exit {rc}: {err}")
    return json.loads(out)


def swap_on_zram(size="256M"):
    """zram swap from the kernel's own modules; idempotent."""
    if os.path.exists("/sys/block/zram0"):
        with open("/proc/swaps") as f:
            if "zram0" in f.read():
                return
    sh("modprobe", "zram", "num_devices=1", check_rc=True)
    with open("/sys/block/zram0/disksize", "w") as f:
        f.write(size)
    sh("mkswap", "/dev/zram0", check_rc=True)
    sh("swapon", "/dev/zram0", check_rc=True)


def main_exit():
    print(f"# {_failed} failed", flush=True)
    sys.exit(1 if _failed else 0)
