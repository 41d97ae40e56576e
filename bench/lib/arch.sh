# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# How the benchmarks boot each architecture, for bench/run and
# bench/prof/run (bench/README.md, Modes).  Sourced, not run.
#
# bench_arch ARCH BUILD: sets, or returns 1 for an unknown ARCH,
#   BENCH_MAKE_ARCH  make arguments for the module, floor and programs
#   BENCH_BIN        where make -C bench puts the guest's programs
#   BENCH_SUFFIX     of output files ("" for x86_64)
#   BENCH_CPU        -cpu: x86_64 without CMPXCHG16B, which QEMU 7.2's TCG
#                    mis-emulates under -icount (EFLAGS corrupted after
#                    SLUB's cmpxchg16b in 5 of 8 icount runs)
#   BENCH_APPEND     kernel command line: x86_64 tsc=reliable (under TCG
#                    the guest finds its TSCs unsynchronized and falls back
#                    to the HPET, an emulated MMIO read at every clock read)
# shellcheck disable=SC2034  # read by the scripts that source this
bench_arch() {
	case "$1" in
	x86_64)
		BENCH_MAKE_ARCH=()
		BENCH_BIN=$2/bench
		BENCH_SUFFIX=""
		BENCH_CPU=max,cx16=off
		BENCH_APPEND=tsc=reliable
		;;
	arm64)
		BENCH_MAKE_ARCH=(ARCH=arm64)
		BENCH_BIN=$2/bench/aarch64
		BENCH_SUFFIX=-arm64
		BENCH_CPU=max
		BENCH_APPEND=""
		;;
	*) return 1 ;;
	esac
}
