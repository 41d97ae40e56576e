#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/prof's guest side: one benchmark without the module, then with it,
# between markers the QEMU plugin snapshots its counts at.  The snapshots:
#   MARK 0  boot and a warm-up run         MARK 1  the run without anon_lazy
#   MARK 2  insmod and a warm-up run       MARK 3  the run with anon_lazy
# Prints the benchmark's JSON lines on stderr, /proc/kallsyms on stdout
# (with the module loaded, so its symbols are there).
#
# usage: guest.sh BIN KO "BENCH ARGS..." [MODPARAM...]
set -u

BIN=$1
KO=$2
read -r -a CMD <<<"$3"
shift 3

sysctl -qw vm.max_map_count=1000000
if [ "${CMD[0]}" = reclaim ]; then
	modprobe zram num_devices=1 &&
		echo 512M >/sys/block/zram0/disksize &&
		mkswap /dev/zram0 >/dev/null && swapon /dev/zram0 ||
		echo "prof: no zram swap" >&2
fi

run() {
	"$BIN/${CMD[0]}" "${CMD[@]:1}"
}

run >/dev/null || exit 1
"$BIN/mark"
run >&2 || exit 1
"$BIN/mark"
insmod "$KO" "$@" || { echo "prof: insmod $KO failed" >&2; exit 1; }
run >/dev/null || exit 1
"$BIN/mark"
run >&2 || exit 1
"$BIN/mark"
cat /proc/kallsyms
rmmod anon_lazy
