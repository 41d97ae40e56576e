# SPDX-License-Identifier: GPL-2.0
"""Inventory and projection: per-VMA states against a workload that knows
its topology, object counts against /proc/slabinfo, stale history, the
capacity bound."""
import shutil

from altest import (Workload, anonstat_json, check, diag, kv, maps,
                    module_with, slab_active, vmas)


def rows_in(rows, start, end):
    return sorted((r for r in rows if start <= r["start"] and r["end"] <= end),
                  key=lambda r: r["start"])


def maps_in(pid, start, end):
    return [(s, e) for s, e, _ in maps(pid) if start <= s and e <= end]


def check_topology(pid, vm, who, expect):
    """expect(vm) -> (state or None if not listed, pieces)"""
    rows = vmas(pid)
    for i, v in enumerate(vm):
        state, pieces = expect(v)
        got = rows_in(rows, v["start"], v["end"])
        name = f"{who} {v['set']}[{i}]"
        if state is None:
            check(not got, f"{name} untouched: not listed",
                  lambda got=got: str(got))
            continue
        ranges = [(r["start"], r["end"]) for r in got]
        check(ranges == maps_in(pid, v["start"], v["end"]) and
              len(ranges) == pieces,
              f"{name}: {pieces} VMA(s), ranges equal /proc/PID/maps",
              lambda r=ranges, v=v: f"{r} vs {maps_in(pid, v['start'], v['end'])}")
        check(all(r["state"] == state and r["inferred"] == "0" for r in got),
              f"{name}: {state}, observed", lambda got=got: str(got))
        if v["split"] and who == "parent":
            check(all(int(r["split"]) >= 1 for r in got),
                  f"{name}: split counted on every piece", lambda: str(got))
        if v["remapped"] and who == "parent":
            check(all(int(r["remap"]) >= 1 for r in got),
                  f"{name}: remap counted", lambda: str(got))
        if v["set"] == "M" and who == "parent":
            check(all(int(r["merge"]) >= 1 for r in got),
                  f"{name}: merge counted", lambda: str(got))


def check_anonstat_agrees(pid):
    """anonstat vmas -j -p PID shows what the module shows."""
    if not shutil.which("anonstat"):
        check(False, "anonstat is on PATH")
        return
    j = anonstat_json("vmas", "-p", str(pid))
    mine = {(r["start"], r["end"], r["state"], r["inferred"] == "1")
            for r in vmas(pid)}
    theirs = {(v["start"], v["end"], v["state"], v["inferred"])
              for v in j["vmas"]}
    check(mine == theirs and all(v["pid"] == pid for v in j["vmas"]),
          f"anonstat vmas -j -p {pid} agrees with debugfs",
          lambda: f"only module: {mine - theirs}\nonly anonstat: {theirs - mine}")


def test_topology():
    check_topology_workload()


def test_topology_kprobes():
    """The same ground truth with every entry probe a kprobe (ftrace=0)."""
    with module_with("ftrace=0"):
        check_topology_workload()


def check_topology_workload():
    with Workload("topology") as w:
        info = w.info
        vm, parent, child = info["vmas"], info["parent"], info["child"]

        def parent_expect(v):
            if v["set"] == "M":
                return "upgraded", 1
            if v["set"] == "A":
                return "upgraded", 3 if v["split"] else 1
            if v["set"] == "B":
                return "lazy", 1
            return None, 0

        def child_expect(v):
            if v["set"] == "M":
                return "lazy-parent", 1
            if v["set"] == "A":
                return "lazy-parent", 3 if v["split"] else 1
            if v["set"] == "B" and v["child_touched"]:
                return "lazy", 1
            return None, 0

        check_topology(parent, vm, "parent", parent_expect)
        check_topology(child, vm, "child", child_expect)
        check_anonstat_agrees(parent)
        check_anonstat_agrees(child)

        # The child exits: upgraded is sticky, the fork was seen.
        check(w.send("") == "child-exited", "child exited")
        rows = vmas(parent)
        for i, v in enumerate(vm):
            if v["set"] != "A":
                continue
            got = rows_in(rows, v["start"], v["end"])
            check(got and all(r["state"] == "upgraded" and r["inferred"] == "0"
                              for r in got),
                  f"parent A[{i}] still upgraded after the child exited",
                  lambda got=got: str(got))


def test_objects_follow_lazy_vmas():
    """N lazy VMAs: N anon_vmas and N chains more, all of them saved."""
    n = 2000
    s0 = kv("summary")
    av0, avc0 = slab_active("anon_vma"), slab_active("anon_vma_chain")
    with Workload("lazy", n):
        s1 = kv("summary")
        av1, avc1 = slab_active("anon_vma"), slab_active("anon_vma_chain")

    def d(key):
        return int(s1[key]) - int(s0[key])

    diag(f"summary deltas: now {d('anon_vma.now')} projected "
         f"{d('anon_vma.projected')} chains {d('anon_vma_chain.now')} "
         f"projected {d('anon_vma_chain.projected')}")
    # Besides its N VMAs the workload process has its own stack, heap and
    # libc data (about 10 anon_vmas, measured), and the guest does a little
    # else between the two reads: allow 32.
    tol = 32
    check(abs(d("anon_vma.now") - n) <= tol,
          f"anon_vma.now rose by {n} (+-{tol})")
    check(abs(d("anon_vma.projected")) <= tol,
          f"anon_vma.projected did not move (+-{tol}): lazy VMAs save theirs")
    check(abs(d("anon_vma_chain.now") - n) <= tol,
          f"anon_vma_chain.now rose by {n} (+-{tol})")
    check(abs(d("anon_vma_chain.projected")) <= tol,
          f"anon_vma_chain.projected did not move (+-{tol})")
    # slab_active() shrinks the cache first, so per-CPU slabs do not blur
    # active_objs; the tolerance is the module's (the workload's own VMAs,
    # background), plus the guest's other allocations between the reads.
    if av0 is None or avc0 is None:
        check(False, "anon_vma and anon_vma_chain in /proc/slabinfo "
                     "(guest booted with slab_nomerge)")
        return
    for name, a, b in (("anon_vma", av0, av1), ("anon_vma_chain", avc0, avc1)):
        check(abs((b[0] - a[0]) - n) <= tol,
              f"/proc/slabinfo {name} active rose by {n} (+-{tol}): "
              f"{b[0] - a[0]}")


def test_freed_vma_history_not_inherited():
    """A vm_area_struct freed and reused at the same address starts clean."""
    with Workload("reuse") as w:
        pid, addr = w.info["pid"], w.info["addr"]
        with_history = set()
        reused = None
        for attempt in range(100):
            check_hist = attempt == 0
            if w.send("history") != "done":
                raise RuntimeError("reuse workload: history failed")
            rows = rows_in(vmas(pid), addr, addr + 4 * 4096)
            if check_hist:
                check(rows and all(int(r["forks"]) >= 1 for r in rows) and
                      any(int(r["split"]) >= 1 for r in rows),
                      "before: the VMA was forked from and split",
                      lambda: str(rows))
            with_history |= {r["vma"] for r in rows}
            if w.send("again") != "remapped":
                raise RuntimeError("reuse workload: remap failed")
            new = rows_in(vmas(pid), addr, addr + 4 * 4096)
            if new and new[0]["vma"] in with_history:
                reused = new[0]
                diag(f"reused after {attempt + 1} round(s): {reused}")
                break
        if not check(reused is not None,
                     "a freed vm_area_struct came back at the same address"):
            return
        check(reused["state"] == "lazy" and reused["forks"] == "0" and
              reused["split"] == "0" and reused["remap"] == "0" and
              reused["prepared"] == "1",
              "the reused VMA has fresh history (lazy, no forks, no split)",
              lambda: str(reused))


def test_capacity_bound():
    with module_with("capacity=64"):
        with Workload("lazy", 300):
            s = kv("summary")
            rows = vmas()
        check(int(s["table.used"]) <= 64, f"table.used <= 64 ({s['table.used']})")
        check(int(s["table.dropped"]) > 0,
              f"table.dropped counts what did not fit ({s['table.dropped']})")
        check(int(s["events.anon_vma_prepare"]) >= 300,
              "events are counted whether or not tracked")
        check(sum(r["state"] == "lazy" for r in rows) >= 300,
              "states still come from the anon_vma fields when not tracked")


CASES = [test_topology, test_topology_kprobes, test_objects_follow_lazy_vmas,
         test_freed_vma_history_not_inherited, test_capacity_bound]
