# SPDX-License-Identifier: GPL-2.0
"""Bad input to the kernel: generated writes to the control file and
generated module parameters.

control: exactly "reset", optionally followed by spaces or newlines, resets
the counters and history; anything else must return -EINVAL (-EFAULT for a
bad buffer) and change nothing.  Each input is checked on its own: a few
pages are faulted first (events.anon_vma_prepare > 0), and afterwards the
counter must have dropped (a reset) or not (anything else), with the probe
table's static columns unchanged.

params: each generated value of probes=, capacity=, maxactive=, clone_op=,
tag_lazy=, tag_parent=, ftrace=, walk_return= either loads (then the files
must work and the value show in them) or fails with EINVAL/ENOENT
(ERANGE/ENOSPC where the kernel's own parameter parser says so) and a
kernel message; an expected outcome is computed for the values whose
meaning is known.
"""
import ctypes
import errno
import mmap
import os
import random
import re
import threading
import time

import altest
import stresslib as sl
import contract  # tests/vm/lib, on the path stresslib sets
from altest import DEBUGFS, check, diag, kv

CFG = {}
SEED = int(os.environ.get("AL_TEST_SEED", "20260526"))
CONTROL = os.path.join(DEBUGFS, "control")
RESET_RE = re.compile(rb"reset[ \n]*")
CONTROL_MAX = 64        # the module's command buffer; longer is -EINVAL

_libc = ctypes.CDLL(None, use_errno=True)
_libc.write.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
_libc.write.restype = ctypes.c_ssize_t


# ---- control ----

class Poker:
    """Anonymous first faults on demand: each poke writes a private page
    between two PROT_NONE guards (so it merges with nothing), one
    __anon_vma_prepare."""

    PROT_NONE, PROT_RW = 0, 3
    FLAGS = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS

    def __init__(self):
        self.maps = []
        _libc.mmap.restype = ctypes.c_void_p
        _libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                               ctypes.c_int, ctypes.c_int, ctypes.c_long]
        _libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        _libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t,
                                   ctypes.c_int]

    def poke(self, n=3):
        pg = mmap.PAGESIZE
        for _ in range(n):
            base = _libc.mmap(None, 3 * pg, self.PROT_NONE, self.FLAGS, -1, 0)
            if base in (None, ctypes.c_void_p(-1).value):
                raise OSError(ctypes.get_errno(), "mmap")
            if _libc.mprotect(base + pg, pg, self.PROT_RW):
                raise OSError(ctypes.get_errno(), "mprotect")
            ctypes.memset(base + pg, 1, 1)
            self.maps.append(base)
        while len(self.maps) > 256:
            _libc.munmap(self.maps.pop(0), 3 * pg)


def static_probes():
    """The probe table without its counters."""
    return [(r["role"], r["symbol"], r["status"], r["kind"])
            for r in altest.table("probes")]


def prepares():
    return int(kv("summary")["events.anon_vma_prepare"])


def raw_write(fd, data=None, count=None, addr=None):
    """write(2) with a buffer of our choosing; (result, errno)."""
    if addr is None:
        buf = ctypes.create_string_buffer(data, len(data) or 1)
        addr = ctypes.addressof(buf)
    n = _libc.write(fd, addr, len(data) if count is None else count)
    return (n, ctypes.get_errno()) if n < 0 else (n, 0)


def control_write(data, how="plain", rnd=None):
    """Write data to control the way how says; [(result, errno, bytes)]
    of each write(2) made."""
    fd = os.open(CONTROL, os.O_WRONLY)
    out = []
    try:
        if how == "split":
            cut = rnd.randrange(1, len(data)) if len(data) > 1 else 0
            for part in (data[:cut], data[cut:]):
                if part:
                    out.append(raw_write(fd, part) + (part,))
        elif how == "lseek":
            try:
                os.lseek(fd, rnd.choice((0, 1, 5, 4096, 1 << 40)),
                         rnd.choice((os.SEEK_SET, os.SEEK_CUR, os.SEEK_END)))
            except OSError:
                pass
            out.append(raw_write(fd, data) + (data,))
        elif how == "pwrite":
            try:
                n = os.pwrite(fd, data, rnd.choice((0, 7, 1 << 20)))
                out.append((n, 0, data))
            except OSError as e:
                out.append((-1, e.errno, data))
        elif how == "hugecount":
            # A short buffer and a count far past it.
            out.append(raw_write(fd, data, count=rnd.choice(
                (64, 65, 4096, 1 << 20, 1 << 31, (1 << 63) - 1))) + (data,))
        elif how == "badptr":
            out.append(raw_write(fd, data, addr=rnd.choice(
                (0, 8, 0xdead0000, 0xffff888000000000,
                 0xffffffff81000000))) + (data,))
        else:
            out.append(raw_write(fd, data) + (data,))
    finally:
        os.close(fd)
    return out


def expected(res_errno_bytes, how):
    """What each write should have returned: ('reset', n) / ('einval',)."""
    n, err, data = res_errno_bytes
    if how == "badptr":
        return "efault-or-einval"
    if how == "hugecount":
        # vfs_write() refuses a buffer whose range is not a user range
        # (access_ok: a count of 2^63 - 1) with EFAULT before control sees
        # it; any other count over the command buffer is EINVAL.
        return "efault-or-einval"
    if 0 < len(data) < CONTROL_MAX and RESET_RE.fullmatch(data):
        return "reset"
    return "einval"


def random_input(rnd):
    """(bytes, how, class) of one generated control input."""
    r = rnd.random()
    if r < 0.40:
        n = rnd.choice((1, 2, 5, 6, 7, 16, 63, 64, 65, 200, 4096))
        data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(1, n + 1)))
        cls = "random bytes"
    elif r < 0.70:
        data = bytearray(b"reset")
        for _ in range(rnd.randrange(1, 4)):
            op = rnd.randrange(6)
            pos = rnd.randrange(len(data) + 1)
            if op == 0 and data:
                del data[min(pos, len(data) - 1)]
            elif op == 1:
                data[pos:pos] = bytes([rnd.choice(b" \t\n\r\x0b\x0c\x00\xa0"
                                                  b"xX;.-e")])
            elif op == 2 and data:
                data[min(pos, len(data) - 1)] = rnd.getrandbits(8)
            elif op == 3:
                data = bytearray(data.upper() if rnd.random() < .5 else
                                 data.capitalize())
            elif op == 4:
                data += bytes([rnd.choice(b" \n\t\r\x00")]) * rnd.randrange(1, 70)
            else:
                data = bytearray(rnd.choice((b" ", b"\t", b"\n", b"\x00",
                                             b"\xa0", b"reset "))) + data
        data = bytes(data)
        cls = "mutated reset"
    elif r < 0.82:
        data = b"reset" + rnd.choice((b"", b"\n", b" ", b" \n", b"\n\n")) \
            * rnd.randrange(0, 40)
        cls = "reset"
    else:
        data = rnd.choice((b"reset", b"reset\n", b"res", b"x" * 100,
                           bytes(rnd.getrandbits(8) for _ in range(8))))
        cls = None
    how = "plain"
    if cls is None:
        how = rnd.choice(("split", "lseek", "pwrite", "hugecount", "badptr"))
        cls = how
    return data, how, cls


def test_control_fuzz():
    """Generated inputs, one at a time, each checked."""
    n = CFG["control_inputs"]
    rnd = random.Random(SEED)
    kmsg = sl.Kmsg()
    poker = Poker()
    sl.ensure_loaded()
    probes0 = static_probes()
    stats = {}
    wrong = {}
    diag(f"control: {n} inputs, seed {SEED}")
    t0 = time.monotonic()
    for i in range(n):
        data, how, cls = random_input(rnd)
        poker.poke()
        before = prepares()
        results = control_write(data, how, rnd)
        after = prepares()
        did_reset = after < before
        exp = [expected(r, how) for r in results]
        want_reset = "reset" in exp
        ok = True
        for (res, err, part), e in zip(results, exp):
            if e == "reset":
                ok &= res == len(part)
            elif e == "einval":
                ok &= res == -1 and err == errno.EINVAL
            else:
                ok &= res == -1 and err in (errno.EFAULT, errno.EINVAL)
        ok &= did_reset == want_reset
        st = stats.setdefault(cls, [0, 0])
        st[0] += 1
        if not ok:
            st[1] += 1
            wrong.setdefault(cls, []).append(
                f"{how} {data[:80]!r} (len {len(data)}): "
                f"{[(r, errno.errorcode.get(e, e)) for r, e, _ in results]}, "
                f"reset {'happened' if did_reset else 'did not happen'} "
                f"({before} -> {after}), expected {exp}")
    diag(f"control: {n} inputs in {time.monotonic() - t0:.0f}s")
    for cls, (tot, bad) in sorted(stats.items()):
        check(not bad, f"control, {cls}: {tot - bad}/{tot} inputs returned "
              "what the contract says and changed only what it says",
              lambda c=cls: "\n".join(wrong[c][:12]))
    check(static_probes() == probes0, "control: probe table unchanged by "
          f"{n} inputs (roles, symbols, status)")
    sl.check_clean(kmsg, "the control inputs")


def test_control_boundaries():
    """The lengths around the command buffer, and the other files."""
    poker = Poker()
    sl.ensure_loaded()
    for data, want in ((b"reset" + b" " * 58, True),
                       (b"reset" + b"\n" * 58, True),
                       (b"reset" + b" " * 59, False),
                       (b"", False), (b"reset\0", False),
                       (b"reset\0junk", False), (b" reset", False),
                       (b"reset\t", False), (b"reset\r\n", False),
                       (b"\xa0reset", False), (b"RESET", False)):
        poker.poke()
        before = prepares()
        (res, err, _), = control_write(data)
        did = prepares() < before
        ok = (res == len(data) and did) if want else \
            (res == -1 and err == errno.EINVAL and not did)
        check(ok, f"control {data!r} (len {len(data)}): "
              f"{'reset' if want else 'EINVAL, nothing reset'}",
              f"got {res} {errno.errorcode.get(err, err)}, "
              f"reset {'happened' if did else 'did not happen'}")
    # Root may open the read-only files for writing; a write must fail.
    for name in sl.FILES:
        poker.poke()
        before = prepares()
        try:
            fd = os.open(os.path.join(DEBUGFS, name), os.O_WRONLY)
            try:
                res, err = raw_write(fd, b"reset\n")
            finally:
                os.close(fd)
        except OSError as e:
            res, err = -1, e.errno
        check(res == -1 and prepares() >= before,
              f"write to {name} refused ({errno.errorcode.get(err, err)}), "
              "nothing reset")


def test_control_concurrent():
    """Writers in parallel: junk only (nothing may reset), then resets
    racing faults and readers (all must succeed)."""
    sl.ensure_loaded()
    kmsg = sl.Kmsg()
    poker = Poker()
    per = max(20, CFG["control_inputs"] // 20)
    nproc = 4
    poker.poke(10)
    before = prepares()
    pids = []
    for k in range(nproc):
        pid = os.fork()
        if pid == 0:
            rnd = random.Random(SEED + k)
            bad = 0
            for _ in range(per):
                data = bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(1, 80)))
                if RESET_RE.fullmatch(data):
                    continue
                (res, err, _), = control_write(data)
                bad += not (res == -1 and err == errno.EINVAL)
            os._exit(min(bad, 100))
        pids.append(pid)
    bad = sum(os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids)
    check(bad == 0 and prepares() >= before,
          f"control: {nproc} concurrent writers x {per} junk inputs: all "
          f"EINVAL, nothing reset ({bad} wrong)")

    stop = threading.Event()

    def reader():
        while not stop.is_set():
            for name in ("vmas", "summary", "walks"):
                altest.read_file(name)

    t = threading.Thread(target=reader)
    t.start()
    pids = []
    for k in range(nproc):
        pid = os.fork()
        if pid == 0:
            bad = 0
            p = Poker()
            for _ in range(per):
                p.poke(1)
                (res, err, _), = control_write(b"reset\n")
                bad += res != 6
            os._exit(min(bad, 100))
        pids.append(pid)
    bad = sum(os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids)
    stop.set()
    t.join()
    check(bad == 0, f"control: {nproc} concurrent resetters x {per} racing "
          f"faults and readers: every reset returned 6 ({bad} did not)")
    s = kv("summary")
    check(0 <= int(s["table.used"]) <= int(s["table.capacity"]),
          f"table consistent after racing resets (used {s['table.used']})")
    sl.check_clean(kmsg, "concurrent control writers")


# ---- module parameters ----

# The role names, in the contract's order: read from the header both sides
# build against (include/anon_lazy/contract.h, AL_ROLES), not a copy here.
ROLES = contract.roles()
# Roles whose handlers use their arguments only as keys or not at all: any
# real function may carry them.  The others read a VMA, folio or
# rmap_walk_control from their arguments; naming a function with other
# arguments there is the documented way to crash a kernel, not bad input.
ANY_FUNCTION_ROLES = {"anon_vma_prepare", "unlink_anon_vmas", "vma_free",
                      "lock_wait", "anon_rmap_lock", "anon_rmap_unlock"} | \
    {r for r in ROLES if r.startswith("caller_")}
REAL_SYMBOLS = {
    "anon_vma_prepare": ["__anon_vma_prepare"],
    "anon_vma_fork": ["anon_vma_fork"], "anon_vma_clone": ["anon_vma_clone"],
    "unlink_anon_vmas": ["unlink_anon_vmas"],
    "vma_free": ["__vm_area_free", "vm_area_free"],
    "walk_anon": ["rmap_walk_anon"], "walk_ksm": ["rmap_walk_ksm"],
    "walk_file": ["rmap_walk_file"],
    "visit_referenced": ["folio_referenced_one"],
    "visit_unmap": ["try_to_unmap_one"], "visit_migrate": ["try_to_migrate_one"],
    "visit_mkclean": ["page_mkclean_one"],
    "lock_wait": ["rwsem_down_read_slowpath"],
}
HARMLESS = ["__x64_sys_getppid", "vfs_fsync", "__split_vma", "copy_vma",
            "dup_mmap", "do_exit"]
SYM_OK = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


class KernelSymbols(set):
    """Function names of the running kernel (kallsyms, vmlinux only), a
    set; .other holds every other name kallsyms knows (data, modules)."""

    def __init__(self):
        super().__init__()
        self.other = set()
        with open("/proc/kallsyms") as f:
            for line in f:
                p = line.split()
                if len(p) == 3 and p[1] in "tTwW":
                    self.add(p[2])
                elif len(p) >= 3:
                    self.other.add(p[2])


def kernel_symbols():
    return KernelSymbols()


def gen_symbol(rnd, role):
    r = rnd.random()
    if r < 0.3 and role in REAL_SYMBOLS:
        return rnd.choice(REAL_SYMBOLS[role])
    if r < 0.45 and role in ANY_FUNCTION_ROLES:
        return rnd.choice(HARMLESS)
    if r < 0.75:
        return rnd.choice(("no_such_fn_", "anon_vma_lazy_", "x", "_")) + \
            "".join(rnd.choice("abcdefghij_0123") for _ in range(rnd.randrange(0, 12)))
    return rnd.choice(("1abc", "a-b", "a b", "", ".isra", "a/", "é", "a" * 128,
                       "a" * 127, "sym\x01", "*", "a:b", "\"q\"", "x,y"))


def gen_probes(rnd):
    items = []
    for _ in range(rnd.randrange(0, 6)):
        role = rnd.choice(ROLES) if rnd.random() < 0.85 else \
            rnd.choice(("", "walk", "ANON_VMA_FORK", "caller_", "roles",
                        "walk_anon ", "upgrade2"))
        r = rnd.random()
        if r < 0.25:
            val = "off"
        elif r < 0.35:
            val = "on"
        elif r < 0.4:
            val = rnd.choice(("", "OFF", "on,", "off/on"))
        else:
            val = "/".join(gen_symbol(rnd, role)
                           for _ in range(rnd.randrange(1, 11)))
        items.append(f"{role}:{val}" if rnd.random() < 0.95 else role)
    spec = ",".join(items)
    if rnd.random() < 0.05:
        spec += rnd.choice((",", ",,", "\n"))
    return spec


def predict_probes(spec, ksyms):
    """The outcome of probes=spec: 0 (loads) or an errno, per the rules of
    module/probe_spec.c and probes.c; None if not predictable here."""
    if len(spec) > 1024:
        return errno.ENOSPC
    if any(c in spec for c in " \"\t\n") or not spec.isascii():
        return None         # the kernel's argument splitting decides
    buf = spec
    if not buf:
        return 0
    seen = {}
    for item in buf.split(","):
        if not item or ":" not in item:
            return errno.EINVAL
        role, val = item.split(":", 1)
        if role not in ROLES or role in seen:
            return errno.EINVAL
        if val in ("off", "on"):
            seen[role] = val
            continue
        syms = val.split("/")
        for s in syms:
            if not SYM_OK.fullmatch(s) or len(s) >= 128:
                return errno.EINVAL
        if len(syms) > 8:
            return errno.EINVAL
        seen[role] = syms
    for role in sl.REQUIRED:
        v = seen.get(role)
        if isinstance(v, list) and not any(s in ksyms for s in v):
            # A name kallsyms has but not as a function (6.1 has data
            # called "off"): the kprobe's own error, EINVAL or ENOENT.
            if any(s in ksyms.other for s in v):
                return None
            return errno.ENOENT
    return 0


KSTRTOUL = re.compile(r"\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\n?")


def kstrto(text, bits, signed):
    """The value kstrto{u,}int/long would parse text to; ValueError for
    -EINVAL, OverflowError for -ERANGE."""
    neg = signed and text.startswith("-")
    body = text[1:] if neg else text
    if neg and body.startswith("+"):
        raise ValueError
    if not KSTRTOUL.fullmatch(body):
        raise ValueError
    body = body.rstrip("\n").lstrip("+")
    v = int(body, 16) if body[:2].lower() == "0x" else \
        int(body, 8) if body.startswith("0") and len(body) > 1 else int(body)
    if signed:
        lim = 1 << (bits - 1)
        if (neg and v > lim) or (not neg and v >= lim):
            raise OverflowError
        return -v if neg else v
    if v >= 1 << bits:
        raise OverflowError
    return v


def kstrtobool(text):
    """What kstrtobool() parses text to (it reads one or two characters),
    or None for -EINVAL."""
    if text[:1] in tuple("yYtT1"):
        return True
    if text[:1] in tuple("nNfF0"):
        return False
    if text[:1] in ("o", "O") and text[1:2] in tuple("nNfF"):
        return text[1] in "nN"
    return None


NUMS = ["0", "1", "2", "7", "8", "64", "100", "4096", "4097", "65536",
        "16777216", "16777217", "2147483647", "2147483648", "4294967295",
        "4294967296", "18446744073709551615", "18446744073709551616", "-1",
        "-0", "+5", "0x10", "0X1f", "010", "08", "0x", "1e3", "12abc", "",
        " 5", "5 ", "5\n", "\"5\"", "1,2", "0.5", "-2147483648",
        "-2147483649", "99999999999999999999999"]


def gen_number(rnd):
    r = rnd.random()
    if r < 0.5:
        return rnd.choice(NUMS)
    if r < 0.8:
        return str(rnd.randrange(-5, 1 << rnd.choice((4, 8, 16, 24, 33, 65))))
    return "".join(rnd.choice("0123456789abcdefx+-\n ") for _ in
                   range(rnd.randrange(1, 12)))


BOOL_WORDS = ("y", "n", "Y", "N", "1", "0", "true", "false", "on", "off",
              "ON", "oF", "o", "ok", "yes", "no", "2", "-1", "", "x", "True")

PARAMS = ("probes", "capacity", "maxactive", "clone_op", "tag_lazy",
          "tag_parent", "ftrace", "walk_return")
BOOL_PARAMS = ("ftrace", "walk_return")


def gen_param(rnd, name):
    """(params string, predicted outcome or None) for parameter name, or
    for "other": unknown names and malformed assignments."""
    if name == "probes":
        return f"probes={gen_probes(rnd)}", ("probes",)
    if name == "other":
        s = rnd.choice(("nosuch=1", "capacity", "probes", "=5",
                        "capacity=1 capacity=2", "maxactive=1 maxactive",
                        "Capacity=5", "capacity==5", "capacity=5=5",
                        bytes(rnd.getrandbits(7) or 65
                              for _ in range(rnd.randrange(1, 30))).decode()))
        return s, None
    if name in BOOL_PARAMS and rnd.random() < 0.5:
        val = rnd.choice(BOOL_WORDS)
    else:
        val = gen_number(rnd)
    return f"{name}={val}", (name, val)


def predict(pred, ksyms):
    """errno expected (0 = loads), or None when not predicted."""
    if pred is None:
        return None
    if pred[0] == "probes":
        return "probes"
    name, val = pred
    if val == "":
        return errno.EINVAL
    if re.search(r"[\s\"]", val):
        return None         # the kernel's argument splitting decides
    if name in BOOL_PARAMS:
        return errno.EINVAL if kstrtobool(val) is None else 0
    bits, signed = {"capacity": (32, False), "maxactive": (32, True),
                    "clone_op": (32, True), "tag_lazy": (64, False),
                    "tag_parent": (64, False)}[name]
    try:
        v = kstrto(val, bits, signed)
    except ValueError:
        return errno.EINVAL
    except OverflowError:
        return errno.ERANGE
    if name == "capacity":
        return 0 if 1 <= v <= 1 << 24 else errno.EINVAL
    if name == "maxactive":
        return 0 if 0 <= v <= 4096 else errno.EINVAL
    if name in ("tag_lazy", "tag_parent"):
        return 0 if v <= 7 else errno.EINVAL
    return 0 if -1 <= v <= 1 else errno.EINVAL     # clone_op


def too_big(params):
    """A capacity over 2^20 or a maxactive over 2^12 in params."""
    for m in re.finditer(r"(capacity|maxactive)=(\S+)", params):
        try:
            v = kstrto(m.group(2), 32, m.group(1) == "maxactive")
        except (ValueError, OverflowError):
            continue
        if v > (1 << 20 if m.group(1) == "capacity" else 1 << 12):
            return True
    return False


def works(params):
    """None if every file reads and the parameters show, else why not."""
    try:
        ver = kv("version")
        prb = altest.probes()
        for name in ("vmas", "summary", "walks"):
            altest.read_file(name)
    except OSError as e:
        return f"reading files: {e}"
    # The last of repeated parameters wins.
    m = ([None] + list(re.finditer(r"(?:^|\s)capacity=(\S+)", params)))[-1]
    if m:
        try:
            cap = kstrto(m.group(1), 32, False)
            if ver.get("capacity") != str(cap):
                return f"version capacity {ver.get('capacity')} != {cap}"
        except (ValueError, OverflowError):
            pass
    if list(prb) != ROLES:
        return f"probes lists roles {list(prb)}, the contract {ROLES}"
    m = ([None] + list(re.finditer(r"(?:^|\s)ftrace=(\S+)", params)))[-1]
    if m and kstrtobool(m.group(1)) is False:
        via = [r for r, p in prb.items() if p["kind"] == "ftrace"]
        if via:
            return f"ftrace={m.group(1)} but {via} attached through ftrace"
    m = ([None] + list(re.finditer(r"(?:^|\s)walk_return=(\S+)", params)))[-1]
    if m and kstrtobool(m.group(1)) is not None:
        want = "1" if kstrtobool(m.group(1)) else "0"
        if ver.get("walk_return") != want:
            return f"walk_return={m.group(1)} but version walk_return {ver.get('walk_return')}"
        kind = prb["walk_anon"]["kind"]
        if (kind == "kretprobe") != (want == "1"):
            return f"walk_return={m.group(1)} but walk_anon attached as {kind}"
    return None


def test_params_fuzz():
    """param_inputs generated values of each parameter (a tenth as many
    unknown names and malformed assignments), each one finit_module."""
    n = CFG["param_inputs"]
    quota = {p: n for p in PARAMS}
    quota["other"] = max(1, n // 10)
    max_loads = CFG["param_loads"]
    rnd = random.Random(SEED)
    ksyms = kernel_symbols()
    kmsg = sl.Kmsg()
    sl.unload()
    before_slab = sl.slab_totals()
    outcomes = {}
    wrong, silent, broken = [], [], []
    loads = tried = 0
    t0 = time.monotonic()
    while any(quota.values()):
        pname = rnd.choice([p for p, left in quota.items() if left])
        params, pred = gen_param(rnd, pname)
        exp = predict(pred, ksyms)
        if exp == "probes":
            exp = predict_probes(params[len("probes="):], ksyms)
        if exp == 0 and loads >= max_loads:
            continue            # loads are slow: cap them, keep the failures
        # Keep the test's own guest alive: huge tables and huge kretprobe
        # pools are checks of their own (test_huge_values).
        if too_big(params):
            continue
        tried += 1
        quota[pname] -= 1
        kmsg.read()
        err = sl.finit(params)
        msgs = kmsg.read()
        key = f"{pname} {errno.errorcode.get(err, 'loaded') if err else 'loaded'}"
        outcomes[key] = outcomes.get(key, 0) + 1
        if exp is not None and err != exp:
            wrong.append(f"{params!r}: {os.strerror(err) if err else 'loaded'}"
                         f", expected {os.strerror(exp) if exp else 'load'}")
        if err == 0:
            loads += 1
            why = works(params)
            if why:
                broken.append(f"{params!r}: {why}")
            uerr, _ = sl.unload()
            if uerr:
                broken.append(f"{params!r}: unload {os.strerror(uerr)}")
        elif err not in (errno.EINVAL, errno.ENOENT, errno.ERANGE,
                         errno.ENOSPC):
            wrong.append(f"{params!r}: {os.strerror(err)}")
        if err and not any("anon_lazy" in m for m in msgs):
            silent.append(f"{params!r}: {os.strerror(err)}, kernel said "
                          f"{msgs[-3:]}")
        bad = sl.splats(msgs)
        if bad:
            broken.append(f"{params!r}: splat {bad[:3]}")
            break
    took = time.monotonic() - t0
    diag(f"params: {tried} values ({loads} loaded) in {took:.0f}s, seed "
         f"{SEED}: {dict(sorted(outcomes.items()))}")
    check(not wrong, f"params: {n} values of each of {len(PARAMS)} "
          f"parameters, {tried} in all, each loaded or failed as "
          "predicted (EINVAL/ENOENT, ERANGE/ENOSPC from the parameter "
          "parser)", lambda: "\n".join(wrong[:15]))
    check(not silent, f"params: every refused value named in a kernel "
          f"message ({len(silent)} not)", lambda: "\n".join(silent[:10]))
    check(not broken, f"params: {loads} loaded values served every file and "
          "unloaded", lambda: "\n".join(broken[:10]))
    after_slab = sl.slab_totals()
    grown, top = sl.slab_growth(before_slab, after_slab)
    tol = CFG["slab_tolerance"]
    check(grown <= tol, f"params: slab total after {tried} loads and failed "
          f"loads within {tol // 1024} KiB ({grown // 1024:+d} KiB)",
          lambda: f"biggest growers: {top}")
    sl.check_clean(kmsg, "the parameter values")
    sl.ensure_loaded()


def test_params_failed_load_leak():
    """A refused probes= must not leave its copy behind: loads refused for
    an unknown role after 800 bytes of valid spec, then slab totals."""
    kmsg = sl.Kmsg()
    sl.unload()
    spec = "walk_file:" + "/".join(["x" * 99] * 8) + ",nosuchrole:x"
    n = 200
    before = sl.slab_totals()
    errs = {}
    for _ in range(n):
        err = sl.finit(f"probes={spec}")
        errs[err] = errs.get(err, 0) + 1
    after = sl.slab_totals()
    grown, top = sl.slab_growth(before, after)
    # The copy is a kmalloc of 823 bytes: it lands in a 1 KiB kmalloc cache
    # (kmalloc-1k, or one of kmalloc-rnd-NN-1k).  Only those are compared:
    # the whole slab total moves by tens of KiB with what else runs.
    k1 = re.compile(r"kmalloc(-rnd-\d+)?-(1k|1024)$")
    grown_1k = sum(after.get(c, 0) - before.get(c, 0)
                   for c in set(before) | set(after) if k1.match(c))
    check(set(errs) == {errno.EINVAL},
          f"{n} loads with an unknown role in a {len(spec)}-byte probes= "
          f"refused with EINVAL ({errs})")
    check(grown_1k < n * 1024 // 4,
          f"{n} refused loads left no memory behind (1 KiB kmalloc caches "
          f"{grown_1k:+d} bytes, all slab {grown:+d}; a {len(spec) + 1}-byte "
          f"copy each would be {n * 1024:+d})",
          lambda: f"biggest growers: {top}")
    if os.path.exists(sl.KMEMLEAK):
        reports = sl.kmemleak_scan()
        ours = sl.kmemleak_ours(reports)
        check(not ours, f"kmemleak: no object of a refused load left "
              f"({len(ours)} reported)", lambda: "\n".join(ours[:3]))
    sl.check_clean(kmsg, "refused loads")
    sl.ensure_loaded()


def load_in_child(params):
    """finit_module from a child the OOM killer takes first: (errno or
    'killed by signal N', kernel messages)."""
    kmsg = sl.Kmsg()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
        err = sl.finit(params)
        os.write(w, str(err).encode())
        os._exit(0)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    out = os.read(r, 32).decode()
    os.close(r)
    msgs = kmsg.read()
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}", msgs
    return int(out), msgs


def test_huge_values():
    """The largest values: capacity=16777216 and maxactive=4096 (the
    documented maxima) load or are refused with ENOMEM; maxactive beyond
    4096 is refused with EINVAL (the kernel would hand it to the kretprobe
    pool allocator unchecked) -- either way with no splat and nobody
    OOM-killed.  Last: a failure here may take the OOM killer."""
    sl.unload()
    for params, allowed in (("capacity=16777216", (0, errno.ENOMEM)),
                            ("maxactive=4096", (0, errno.ENOMEM)),
                            ("maxactive=4097", (errno.EINVAL,)),
                            ("maxactive=16777216", (errno.EINVAL,)),
                            ("maxactive=2147483647", (errno.EINVAL,))):
        err, msgs = load_in_child(params)
        bad = sl.splats(msgs) + [m for m in msgs if "Out of memory" in m]
        desc = err if isinstance(err, str) else \
            (os.strerror(err) if err else "loaded")
        ok = err in allowed and not bad
        if err == 0:
            why = works(params)
            ok &= why is None
            desc += f", but {why}" if why else ""
        check(ok, f"{params}: loads (and works) or is refused; no splat, no "
              f"OOM kill ({desc})", lambda m=msgs: "\n".join(m[-30:]))
        sl.unload()
    sl.ensure_loaded()


GROUPS = {
    "control": [test_control_boundaries, test_control_fuzz,
                test_control_concurrent],
    "params": [test_params_failed_load_leak, test_params_fuzz],
    "limits": [test_huge_values],
}
