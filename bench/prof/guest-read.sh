#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/prof's guest side for `read N`: what a read of anon_lazy's vmas
# file costs against /proc/PID/maps of the same process, N touched
# anonymous VMAs (bench/src/manyvmas).  The plugin's snapshots:
#   MARK 0  boot, insmod, the VMAs made, a warm-up read of maps
#   MARK 1  one read of /proc/PID/maps
#   MARK 2  a warm-up read of vmas        MARK 3  one read of vmas
# Prints the two reads' JSON lines on stderr, /proc/kallsyms on stdout.
#
# usage: guest-read.sh BIN KO N [MODPARAM...]
set -u

BIN=$1
KO=$2
N=$3
shift 3
AL=/sys/kernel/debug/anon_lazy

# Each VMA and the PROT_NONE gap after it (bench.h, map_spaced()).
sysctl -qw vm.max_map_count=$((2 * N + 1000))
insmod "$KO" capacity=$((N + N / 4)) "$@" ||
	{ echo "prof: insmod $KO failed" >&2; exit 1; }
mkfifo /tmp/prof-hold
"$BIN/manyvmas" "$N" </tmp/prof-hold >/tmp/prof-big.out &
big=$!
exec 7>/tmp/prof-hold
while ! [ -s /tmp/prof-big.out ]; do
	kill -0 $big 2>/dev/null || { echo "prof: manyvmas died" >&2; exit 1; }
	sleep 0.2
done
pid=$(sed -n 's/.*"pid": \([0-9]*\).*/\1/p' /tmp/prof-big.out)

"$BIN/readfile" maps "/proc/$pid/maps" 1 1 >/dev/null || exit 1
"$BIN/mark"
"$BIN/readfile" maps "/proc/$pid/maps" 1 1 >&2 || exit 1
"$BIN/mark"
"$BIN/readfile" vmas "$AL/vmas" 1 1 >/dev/null || exit 1
"$BIN/mark"
"$BIN/readfile" vmas "$AL/vmas" 1 1 >&2 || exit 1
"$BIN/mark"
cat /proc/kallsyms
exec 7>&-
wait $big
rmmod anon_lazy
