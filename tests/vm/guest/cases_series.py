# SPDX-License-Identifier: GPL-2.0
"""Series mode, proven with the stand-in module: the series' entry points
exist (as hook points on a stock kernel), anon_lazy measures instead of
projecting, and every state, reason and A/B counter moves by exactly what
the workload had called."""
import contextlib
import os

from altest import (BUILD, KREL, Workload, anonstat_json, check, diag, hits,
                    insmod, kv, probes, rmmod, sh, vmas)

STANDIN = os.environ.get("AL_STANDIN",
                         os.path.join(BUILD, KREL, "standin",
                                      "anon_lazy_standin.ko"))
# The stand-in's upgrade function has a name of its own (the series' is not
# known) and one caller per reason: anon_lazy is told them all, as a user
# would be on a kernel whose names changed.
PARAMS = ",".join([
    "upgrade:standin_anon_vma_upgrade",
    "caller_split:__split_vma/split_vma/standin_split_path",
    "caller_merge:vma_expand/commit_merge/__vma_adjust/standin_merge_path",
    "caller_remap:copy_vma/standin_remap_path",
    "caller_fork:anon_vma_fork/dup_mmap/standin_fork_path",
    "caller_migration:standin_migration_path",
    "caller_ksm:standin_ksm_path",
])


@contextlib.contextmanager
def series_kernel():
    rmmod()
    r = sh("insmod", STANDIN)
    if r.returncode:
        raise RuntimeError(f"insmod {STANDIN}: {r.stderr}")
    try:
        err = insmod("probes=" + PARAMS)
        if err:
            raise RuntimeError(f"insmod anon_lazy: {os.strerror(err)}")
        yield
    finally:
        rmmod()
        sh("rmmod", "anon_lazy_standin")
        insmod()


def states(pid, addrs):
    rows = {r["start"]: r for r in vmas(pid)}
    return [rows.get(a) for a in addrs]


def test_series_standin():
    with series_kernel():
        v = kv("version")
        check(v["flavour"] == "series", "flavour series with the stand-in")
        p = probes()
        check(p["lazy_prepare"]["status"] == "attached" and
              p["lazy_prepare"]["symbol"] == "vma_prepare_anon_vma_lazy",
              "lazy_prepare attached", lambda: str(p["lazy_prepare"]))
        check(p["upgrade"]["status"] == "attached" and
              p["upgrade"]["symbol"] == "standin_anon_vma_upgrade",
              "upgrade attached under the name given with probes=",
              lambda: str(p["upgrade"]))

        s0 = kv("summary")
        lazy0, prep0 = hits("lazy_prepare"), hits("anon_vma_prepare")
        with Workload("series", 8) as w:
            pid, addrs = w.info["pid"], w.info["vmas"]

            def do(cmd):
                reply = w.send(cmd)
                if reply != "ok" and not reply.startswith("child"):
                    raise RuntimeError(f"series: {cmd}: {reply}")
                return reply

            for i in range(7):
                do(f"touch {i}")
            for i in range(6):
                do(f"lazy {i}")
            do("lazy 7")
            d_lazy = hits("lazy_prepare") - lazy0
            check(d_lazy == 7, f"lazy_prepare hits rose by exactly 7 ({d_lazy})")
            d_prep = hits("anon_vma_prepare") - prep0
            check(d_prep >= 7, f"__anon_vma_prepare hits rose by >= 7 ({d_prep})")
            st = states(pid, addrs)
            check(all(r and r["state"] == "lazy" and r["inferred"] == "0"
                      for r in st[:6] + [st[7]]),
                  "VMAs given lazy_prepare are lazy, observed",
                  lambda: str(st))
            check(st[6] and st[6]["state"] == "eager",
                  "a VMA faulted without lazy_prepare is eager",
                  lambda: str(st[6]))

            for i, reason in enumerate(("split", "merge", "remap", "migration")):
                do(f"upgrade {reason} {i}")
            do("touch 7")           # a lazy VMA faulted the stock way
            st = states(pid, addrs)
            for i, reason in enumerate(("split", "merge", "remap", "migration")):
                check(st[i] and st[i]["state"] == "upgraded" and
                      st[i]["upgrade"] == reason,
                      f"upgrade from the {reason} path: upgraded, reason {reason}",
                      lambda r=st[i]: str(r))
            check(st[7] and st[7]["state"] == "upgraded" and
                  st[7]["upgrade"] == "other",
                  "a lazy VMA given a real anon_vma another way: upgraded, other",
                  lambda: str(st[7]))

            child = int(do("fork").split()[1])
            st = states(pid, addrs)
            cst = states(child, addrs)
            check(all(r and r["state"] == "upgraded" and r["upgrade"] == "fork"
                      for r in st[4:6]),
                  "lazy parents forked from: upgraded, reason fork",
                  lambda: str(st[4:6]))
            check(all(r and r["state"] == "lazy-parent" and r["inferred"] == "0"
                      for r in cst[:6]),
                  "the child's copies of lazy/upgraded VMAs: lazy-parent",
                  lambda: str(cst[:6]))
            check(cst[6] and cst[6]["state"] == "eager",
                  "the child's copy of an eager VMA: eager", lambda: str(cst[6]))
            s1 = kv("summary")
            j = anonstat_json()
            do("release")

        def d(key):
            return int(s1[key]) - int(s0[key])

        for reason, n in (("split", 1), ("merge", 1), ("remap", 1),
                          ("migration", 1), ("fork", 2), ("other", 1),
                          ("ksm", 0)):
            check(d(f"upgrade.{reason}") == n,
                  f"summary upgrade.{reason} rose by exactly {n} "
                  f"({d(f'upgrade.{reason}')})")
        check(d("events.lazy_prepare") == 7,
              "summary events.lazy_prepare rose by exactly 7")
        check(int(s1["anon_vma.stock"]) >= int(s1["anon_vma.now"]) and
              s1["anon_vma.projected"] == s1["anon_vma.now"],
              "series summary: projected = now, stock estimate >= now",
              lambda: str({k: s1[k] for k in s1 if k.startswith("anon_vma")}))
        check(j.get("flavour") == "series", "anonstat says flavour series",
              lambda: str(j.get("flavour")))
        v = kv("version")
        diag(f"tags after the stand-in: {v}")
        # The stand-in leaves real anon_vmas where the series leaves tags:
        # the learner must say so, not guess.
        check(v["tag_source"] == "conflict" and int(v["tag_conflicts"]) >= 6,
              "untagged anon_vmas after lazy_prepare are reported as "
              "tag conflicts", lambda: str(v))

    v = kv("version")
    check(v["flavour"] == "stock", "without the stand-in: flavour stock again")
    with Workload("series", 2) as w:
        w.send("touch 0")
        reply = w.send("lazy 0")
        rows = states(w.info["pid"], w.info["vmas"])
    check(reply.startswith("err") and rows[0] and rows[0]["state"] == "lazy" and
          rows[0]["inferred"] == "0",
          "without the stand-in the same workload shows the stock projection",
          lambda: f"{reply} {rows}")


CASES = [test_series_standin]
