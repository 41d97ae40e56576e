# SPDX-License-Identifier: GPL-2.0
"""Foundation: the probe table attaches on this kernel, counts what a
workload did, takes overrides, refuses bad ones."""
import errno

from altest import (KREL, check, diag, dmesg_tail, ftrace_callback,
                    ftrace_enabled, hits, insmod, kprobes_list, kv,
                    module_with, probes, run_workload)

# What series-notes.md verified in Debian's kernels, role -> symbol.
COMMON = {
    "anon_vma_prepare": "__anon_vma_prepare",
    "anon_vma_fork": "anon_vma_fork",
    "anon_vma_clone": "anon_vma_clone",
    "walk_anon": "rmap_walk_anon",
    "walk_ksm": "rmap_walk_ksm",
    "walk_file": "rmap_walk_file",
    "visit_referenced": "folio_referenced_one",
    "visit_unmap": "try_to_unmap_one",
    "visit_migrate": "try_to_migrate_one",
    "visit_mkclean": "page_mkclean_one",
}
PER_KERNEL = {
    "6.1.": {"vma_free": "vm_area_free"},
    "6.12.": {"vma_free": "vm_area_free", "vma_free_direct": "__vm_area_free"},
}
# Off unless asked for with probes=ROLE:on (only counted, and hot).
OPT_IN = {"unlink_anon_vmas": "unlink_anon_vmas"}
SERIES_ROLES = ("lazy_prepare", "upgrade", "anon_rmap_lock", "anon_rmap_unlock")
RETURN_ROLES = ("walk_anon", "walk_ksm", "walk_file")
# Entry roles with an ftrace callback of their own (no recursion guard),
# used while no probes= symbol is given: role -> callback.
LEAF = {
    "anon_vma_prepare": "al_ftrace_prepare",
    "anon_vma_fork": "al_ftrace_fork",
    "anon_vma_clone": "al_ftrace_clone",
    "vma_free": "al_ftrace_vma_free",
    "vma_free_direct": "al_ftrace_vma_free",
    "visit_referenced": "al_ftrace_visit",
    "visit_unmap": "al_ftrace_visit",
    "visit_migrate": "al_ftrace_visit",
    "visit_remove_migration": "al_ftrace_visit",
    "visit_mkclean": "al_ftrace_visit",
}


def expected_roles(opt_in=False):
    exp = dict(COMMON)
    if opt_in:
        exp.update(OPT_IN)
    for prefix, roles in PER_KERNEL.items():
        if KREL.startswith(prefix):
            exp.update(roles)
    return exp


def test_version():
    v = kv("version")
    check(v.get("kernel") == KREL, f"version names the kernel ({v.get('kernel')})")
    check(v.get("contract") == "1", "contract version 1")
    check(v.get("flavour") == "stock", "flavour stock on a Debian kernel")


def test_probes_attached():
    p = probes()
    for role, sym in expected_roles().items():
        r = p.get(role, {})
        check(r.get("status") == "attached" and r.get("symbol") == sym,
              f"{role} attached to {sym}", lambda r=r: str(r))
    for role in OPT_IN:
        check(p[role]["status"] == "disabled" and p[role]["hits"] == "0",
              f"{role} off by default", lambda r=p[role]: str(r))
    for role in SERIES_ROLES:
        check(p[role]["status"] == "absent", f"series role {role} absent")
    check(p["caller_split"]["status"] == "resolved", "split callers resolved")
    check(p["caller_fork"]["status"] == "resolved", "fork callers resolved")


def check_mechanism(entry_kind, opt_in=False):
    """Entry roles carried by entry_kind (ftrace or kprobe), return roles by
    kretprobes; the kernel's kprobe list holds exactly the kprobes among
    them."""
    p = probes()
    listed = kprobes_list()
    for role, sym in expected_roles(opt_in).items():
        r = p[role]
        kind = "kretprobe" if role in RETURN_ROLES else entry_kind
        want = {"kprobe": "k", "kretprobe": "r"}.get(kind)
        check(r["kind"] == kind and listed.get(sym) == want,
              f"{role}: kind {kind}, "
              f"{'in' if want else 'not in'} kprobes/list",
              lambda r=r, sym=sym: f"{r}; kprobes/list: {listed.get(sym)}")
    # A kprobe may sit on an ftrace site too (x86): then either is fine.
    traced = ftrace_enabled()
    if entry_kind == "ftrace":
        check_callbacks(traced, expected_roles(opt_in), leaf=True)
    for role, sym in OPT_IN.items():
        if not opt_in or entry_kind == "ftrace":
            check((sym in traced) == opt_in,
                  f"{role}: {'' if opt_in else 'not '}in ftrace's "
                  f"enabled_functions", lambda sym=sym: str(traced.get(sym)))
        if not opt_in:
            check(p[role]["status"] == "disabled" and sym not in listed,
                  f"{role}: off, no kprobe on {sym}",
                  lambda r=p[role], sym=sym: f"{r}; kprobes/list: "
                  f"{listed.get(sym)}")


def check_callbacks(traced, roles, leaf):
    """Each ftrace-carried role's enabled_functions line names its
    callback: a LEAF role its own while every role has its built-in
    symbols, else al_ftrace_entry(), whose recursion guard a
    probes= symbol may need; the others al_ftrace_entry() or, counted
    only, al_ftrace_count()."""
    for role, sym in roles.items():
        if role in RETURN_ROLES:
            continue
        if leaf and role in LEAF:
            want = LEAF[role]
        elif role in OPT_IN:
            want = "al_ftrace_count"
        else:
            want = "al_ftrace_entry"
        got = ftrace_callback(traced.get(sym, ""))
        check(got == want, f"{role}: ftrace calls {want} at {sym}",
              lambda sym=sym: str(traced.get(sym)))


def test_mechanism():
    """Debian's kernels (x86_64 6.1 and 6.12, arm64 6.12) all have
    DYNAMIC_FTRACE_WITH_ARGS: by default every entry probe is an ftrace
    callback, and none of them is a kprobe."""
    check_mechanism("ftrace")


def check_faultfork_counts(opt_in=False):
    """faultfork V F: V first faults, F forks of V anon VMAs, F exits.
    unlink_anon_vmas counts only when asked for (opt_in), else not at
    all."""
    nv, nf = 200, 3
    before = {r: hits(r) for r in ("anon_vma_prepare", "anon_vma_fork",
                                   "unlink_anon_vmas")}
    sb = kv("summary")
    info = run_workload("faultfork", nv, nf)
    d = {r: hits(r) - before[r] for r in before}
    sa = kv("summary")
    diag(f"faultfork {info}: deltas {d}")
    check(d["anon_vma_prepare"] >= nv,
          f"anon_vma_prepare hits rose by >= {nv} ({d['anon_vma_prepare']})")
    check(d["anon_vma_fork"] >= nv * nf,
          f"anon_vma_fork hits rose by >= {nv * nf} ({d['anon_vma_fork']})")
    if opt_in:
        check(d["unlink_anon_vmas"] >= nv * (nf + 1),
              f"unlink_anon_vmas hits rose by >= {nv * (nf + 1)} "
              f"({d['unlink_anon_vmas']})")
    else:
        check(d["unlink_anon_vmas"] == 0,
              f"unlink_anon_vmas, off, counted nothing "
              f"({d['unlink_anon_vmas']})")
    fork_events = int(sa["events.fork"]) - int(sb["events.fork"])
    check(fork_events >= nv * nf,
          f"summary events.fork rose by >= {nv * nf} ({fork_events})")


def test_counts_follow_workload():
    check_faultfork_counts()


def test_opt_in_role():
    """probes=unlink_anon_vmas:on attaches the role that is off by
    default, through ftrace or (ftrace=0) a kprobe, and it counts."""
    for params, kind in (((), "ftrace"), (("ftrace=0",), "kprobe")):
        with module_with("probes=unlink_anon_vmas:on", *params):
            check_mechanism(kind, opt_in=True)
            check_faultfork_counts(opt_in=True)


def test_kprobes_mechanism():
    """ftrace=0: the same roles, all through kprobes, count the same."""
    with module_with("ftrace=0"):
        check_mechanism("kprobe")
        check_faultfork_counts()


def test_recursion_turned_away():
    """A role bound to a function the handlers call: every handler that
    records takes a bucket lock with raw_spin_lock_irqsave(), so with
    anon_vma_prepare bound to _raw_spin_lock_irqsave each of its accepted
    hits, and each record any other handler makes, reaches the probed
    function again inside a handler, in the same context.  With a symbol
    given every role's callback has the recursion guard, which turns all
    of those away (missed >= hits), and the kernel carries on (vmrun fails
    the boot on a splat).  Bound to _raw_spin_lock,
    which no handler calls, nothing is turned away: the guard refuses
    recursion only."""
    with open("/proc/kallsyms") as f:
        functions = {line.split()[2] for line in f
                     if line.split()[1] in "tT"}
    for sym, nested in (("_raw_spin_lock_irqsave", True),
                        ("_raw_spin_lock", False)):
        if sym not in functions:
            # arm64 inlines raw spinlocks: no kernel function the handlers
            # call is left to bind to.  The guard is the same C there.
            diag(f"{sym} is not a function of this kernel: not checked")
            continue
        with module_with(f"probes=anon_vma_prepare:{sym}"):
            # A symbol given: no role runs without the guard.
            check_callbacks(ftrace_enabled(),
                            {r: s for r, s in expected_roles().items()
                             if r != "anon_vma_prepare"}, leaf=False)
            r = probes()["anon_vma_prepare"]
            check(r["status"] == "attached" and r["symbol"] == sym and
                  r["kind"] == "ftrace",
                  f"anon_vma_prepare bound to {sym}, through ftrace",
                  lambda r=r: str(r))
            run_workload("faultfork", 50, 1)
            r = probes()["anon_vma_prepare"]
            h, m = int(r["hits"]), int(r["missed"])
            diag(f"{sym}: hits {h}, missed {m}")
            if nested:
                check(h >= 100 and m >= h,
                      f"{sym}: each accepted hit turned its nested hit away "
                      f"(hits {h}, missed {m})")
            else:
                check(h >= 100 and m == 0,
                      f"{sym}: nothing turned away (hits {h}, missed {m})")


def test_override_applies():
    with module_with("probes=walk_file:off,visit_mkclean:no_such_fn_xyz,"
                     "caller_merge:vma_expand/no_such_fn_abc"):
        p = probes()
        check_callbacks(ftrace_enabled(),
                        {r: s for r, s in expected_roles().items()
                         if r != "visit_mkclean"}, leaf=False)
        check(p["walk_file"]["status"] == "disabled", "walk_file:off disables",
              lambda: str(p["walk_file"]))
        check(p["visit_mkclean"]["status"] == "absent" and
              p["visit_mkclean"]["symbol"] == "no_such_fn_xyz",
              "a renamed symbol that does not exist is absent",
              lambda: str(p["visit_mkclean"]))
        check(p["caller_merge"]["symbol"] == "vma_expand",
              "caller list replaced, missing names dropped",
              lambda: str(p["caller_merge"]))
        check(p["anon_vma_prepare"]["status"] == "attached",
              "other roles untouched")


def test_override_refused():
    cases = [
        ("probes=bogus_role:x", errno.EINVAL, "unknown role 'bogus_role'"),
        ("probes=anon_vma_fork:bad-sym", errno.EINVAL, "bad symbol 'bad-sym'"),
        ("probes=walk_anon", errno.EINVAL, "expected ROLE:VALUE"),
        ("probes=walk_anon:off,walk_anon:on", errno.EINVAL, "role given twice"),
        ("probes=anon_vma_prepare:no_such_fn_q", errno.ENOENT,
         "required role anon_vma_prepare"),
        ("capacity=0", errno.EINVAL, "capacity=0"),
        ("tag_lazy=1 tag_parent=1", errno.EINVAL, "tag_lazy"),
    ]
    for params, err, msg in cases:
        got = insmod(*params.split())
        log = dmesg_tail(3)
        check(got == err and msg in log,
              f"insmod {params} refused with {errno.errorcode[err]}, "
              f"dmesg names the cause",
              lambda g=got, log=log: f"errno {g}\n{log}")
    got = insmod()
    check(got == 0, "default insmod after refusals", lambda: str(got))


CASES = [test_version, test_probes_attached, test_mechanism,
         test_counts_follow_workload, test_opt_in_role,
         test_kprobes_mechanism,
         test_recursion_turned_away, test_override_applies,
         test_override_refused]
