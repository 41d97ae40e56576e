#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Known kernel splats a test may tolerate, each matched in full.

A test that races readers against rmmod can make the kernel itself WARN
(below).  vmrun's console check and the stress suite's kernel-log check
fail a run on any splat; a case that provokes one of these on purpose
names it (vmrun --allow-splat NAME; stresslib.check_clean(allow=...)) and
only a whole report matching every part of the rule is set aside.  Any
other splat, a report cut short, or one with a second splat inside it
still fails.

debugfs-unload-race: delete_module() drops the module's reference count
to zero (try_release_module_ref()) and only then sets MODULE_STATE_GOING
(try_stop_module(), kernel/module/main.c, as read in 6.12).  A debugfs open
in between fails fops_get() while the state still reads LIVE, and
full_proxy_open()/open_proxy_open() WARN "debugfs file owner did not clean
up at exit".  The module's exit has not even run yet: it cannot prevent
this, and the open fails with ENXIO as it would a moment later.  The
report is only this race if the module it names is ours and is GOING
(flag "-" in "Modules linked in") when the report is printed; the test
that tolerates it checks separately that every unload removed the files.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402

# Lines as on the console ("[  288.72] text") or from /dev/kmsg ("text").
_STAMP = re.compile(r"^\[\s*\d+\.\d+\]\s?")
CUT = re.compile(r"-+\[ cut here \]-+")
END = re.compile(r"---\[ end trace [0-9a-f]+ \]---")
ANY_SPLAT = re.compile(r"BUG:|WARNING:|Oops|KASAN|lockdep|Call Trace|"
                       r"Kernel panic|INFO: task .* blocked")
OUR_FILES = contract.files()

KNOWN = {
    "debugfs-unload-race": {
        "reason": "the kernel's own race between delete_module() and a "
                  "debugfs open (tests/vm/lib/knownsplat.py)",
        # Every pattern must match a line of the report...
        "require": [
            re.compile(r"^debugfs file owner did not clean up at exit: "
                       r"(%s)$" % "|".join(OUR_FILES)),
            re.compile(r"^WARNING: CPU: \d+ PID: \d+ at "
                       r"fs/debugfs/file\.c:\d+ "
                       r"(full_proxy_open|open_proxy_open)\+"),
            re.compile(r"^Modules linked in: (.* )?anon_lazy\([A-Z]*-\)"),
        ],
        # ...and the report holds exactly these many splat lines.
        "splat_lines": {"WARNING:": 1, "Call Trace": 1},
    },
}


def text(line):
    """A console or /dev/kmsg line as the kernel printed it: no timestamp,
    no newline."""
    return _STAMP.sub("", line.rstrip("\n"))


def _matches(rule, texts):
    if not all(any(p.search(t) for t in texts) for p in rule["require"]):
        return False
    counts = {}
    for t in texts:
        for m in ANY_SPLAT.finditer(t):
            counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    return counts == rule["splat_lines"]


def split(lines, allow):
    """(lines outside tolerated reports, [names of tolerated reports]).

    A report runs from a "cut here" line to its "end trace" line; one
    without an end, or holding another "cut here", is kept."""
    rules = [(n, KNOWN[n]) for n in allow]
    texts = [text(ln) for ln in lines]
    kept, tolerated = [], []
    i = 0
    while i < len(lines):
        if not CUT.search(texts[i]):
            kept.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not END.search(texts[j]) \
                and not CUT.search(texts[j]):
            j += 1
        if j < len(lines) and END.search(texts[j]):
            block = texts[i:j + 1]
            name = next((n for n, r in rules if _matches(r, block)), None)
            if name:
                tolerated.append(name)
                i = j + 1
                continue
        kept.append(lines[i])
        i += 1
    return kept, tolerated


def main(argv):
    """knownsplat.py [--allow NAME]... FILE: FILE's lines outside the
    tolerated reports on stdout; one line per tolerated kind on stderr."""
    allow, args = [], list(argv)
    while args and args[0] == "--allow":
        if len(args) < 2 or args[1] not in KNOWN:
            sys.stderr.write("knownsplat: --allow takes one of %s\n"
                             % ", ".join(sorted(KNOWN)))
            return 2
        allow.append(args[1])
        args = args[2:]
    if len(args) != 1:
        sys.stderr.write("usage: knownsplat.py [--allow NAME]... FILE\n")
        return 2
    with open(args[0], errors="replace") as f:
        lines = f.readlines()
    kept, tolerated = split(lines, allow)
    sys.stdout.writelines(kept)
    for name in sorted(set(tolerated)):
        sys.stderr.write("tolerated %d report(s) of %s: %s\n"
                         % (tolerated.count(name), name,
                            KNOWN[name]["reason"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
