#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/anonstat-parse.sh [LINES] - how long anonstat takes to parse and
# aggregate a vmas file of LINES records (default 1000000), next to wc -l
# reading the same file.  A benchmark, not a test: it prints, it does not
# judge.  The snapshot is generated once into $BUILD/bench/anonstat-parse.

set -eu

LINES=${1:-1000000}
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${ANON_LAZY_BUILD:-$REPO/build}
SNAP=$BUILD/bench/anonstat-parse/snap-$LINES
BIN=$BUILD/userspace/anonstat

make -s -C "$REPO/userspace-tools" O="$BUILD/userspace" >/dev/null

# A box of LINES VMAs in processes of 1000, all states, comms with blanks.
if [ ! -s "$SNAP/vmas" ]; then
	mkdir -p "$SNAP"
	cp "$REPO"/tests/fixtures/6.12.117+deb12-amd64/* "$SNAP/"
	header=$(head -1 "$SNAP/vmas")
	awk -v n="$LINES" -v header="$header" 'BEGIN {
		split("lazy lazy-parent upgraded lazy lazy upgraded eager none", st, " ")
		split("bash|Web Content|systemd-journal|kworker/0:1H|postgres: writer", cm, "|")
		print header
		for (i = 0; i < n; i++) {
			pid = 1000 + int(i / 1000)
			s = st[i % 8 + 1]
			av = (s == "none") ? "-" : sprintf("%012x", 7919 * i + 17)
			root = (s == "lazy-parent") ? sprintf("%012x", 104729 * pid) : av
			printf "%d %x %x rw-p %s %d %012x %s %s %d %d %d %d %d %d %s %d %d %d %d %d %s\n",
				pid, 1048576 + 65536 * (i % 1000), 1048576 + 65536 * (i % 1000) + 16384,
				s, i % 7 == 0, 31 * i + 5, av, root,
				(s == "none") ? 0 : 1 + (s == "lazy-parent"), i % 2,
				(s == "upgraded"), i % 3 == 0, 0, i % 11 == 0,
				(s == "upgraded") ? "fork" : "-",
				i % 5, i % 13, 0, 0, 0, cm[pid % 5 + 1]
		}
	}' >"$SNAP/vmas"
fi

# best-of-3 of a command: "wall cpu" seconds (cpu = user + system), the
# run with the least wall time; cpu says more on a busy box.
best() {
	local TIMEFORMAT='%R %U %S' out _
	for _ in 1 2 3; do
		out+=$({ time "$@" >/dev/null 2>&1; } 2>&1)$'\n'
	done
	awk 'NF == 3 && (best == "" || $1 < best) { best = $1; cpu = $2 + $3 }
	     END { printf "%8.3f %8.3f", best, cpu }' <<<"$out"
}

size=$(du -m "$SNAP/vmas" | cut -f1)
echo "# $LINES VMA records, ${size} MiB: $SNAP/vmas"
printf '%-48s %8s %8s\n' "command" "wall s" "cpu s"
printf '%-48s %s\n' "wc -l vmas" "$(best wc -l "$SNAP/vmas")"
printf '%-48s %s\n' "anonstat -p '*' (per-process totals)" \
	"$(best "$BIN" -d "$SNAP" -p '*')"
printf '%-48s %s\n' "anonstat -p 'Web*' -j" \
	"$(best "$BIN" -d "$SNAP" -p 'Web*' -j)"
printf '%-48s %s\n' "anonstat vmas -s avcs -n 10" \
	"$(best "$BIN" -d "$SNAP" vmas -s avcs -n 10)"
printf '%-48s %s\n' "anonstat vmas -p 1000 (filtered listing)" \
	"$(best "$BIN" -d "$SNAP" vmas -p 1000)"
