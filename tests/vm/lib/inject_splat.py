#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""inject_splat.py FILE (in a guest): write FILE's lines, less console
timestamps, to /dev/kmsg, one record each, as a kernel report would reach
the console; then print what
the stress suite's kernel-log check makes of them, with and without
allowing debugfs-unload-race ("GUEST allowed=... clean=...")."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "guest"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "stress", "guest"))
import knownsplat  # noqa: E402
import stresslib  # noqa: E402

readers = {True: stresslib.Kmsg(), False: stresslib.Kmsg()}
with open("/dev/kmsg", "w") as k:
    for line in open(sys.argv[1]):
        k.write(knownsplat.text(line) + "\n")
        k.flush()
for allowed, kmsg in readers.items():
    allow = ("debugfs-unload-race",) if allowed else ()
    clean = stresslib.check_clean(kmsg, "the injected report", allow=allow)
    print(f"GUEST allowed={allowed} clean={clean}", flush=True)
