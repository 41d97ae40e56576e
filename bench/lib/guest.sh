#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/lib/guest.sh ROUNDS [CONFIG...] - the guest side of bench/run, run
# by tests/vm/vmrun --no-module as root inside the guest.
#
# Reads the probe set anon_lazy attaches on this kernel from its debugfs
# probes file, then runs every benchmark under every configuration in
# interleaved rounds (round 0 is the warm-up, discarded by the report):
#
#   none           no probes at all
#   anon_lazy      anon_lazy.ko with default parameters
#   floor          anon_lazy_floor.ko: empty handlers on the same symbols,
#                  each through anon_lazy's mechanism for it (its ftrace_ops,
#                  a kprobe or a kretprobe): the cost of the mechanism alone
#   anon_lazy_kprobes  anon_lazy.ko ftrace=0: every entry role a kprobe
#   anon_lazy_walk_entry  anon_lazy.ko walk_return=0: walks counted at
#                  entry, no return probe (when asked for)
#   floor_kprobes  the floor with every entry symbol a kprobe (the floor of
#                  anon_lazy_kprobes)
#   kprobe_events  ftrace p:/r: events on the same symbols, enabled,
#                  counted in kprobe_profile
#   bpftrace       bpftrace count() on the same functions, if it runs
#   al_GROUP_off   anon_lazy with probes=ROLE:off for a group of roles
#                  (per-role attribution, when asked for)
#   alt, alt2      other builds of anon_lazy.ko, $ANON_LAZY_BENCH_ALT_KO and
#                  $ANON_LAZY_BENCH_ALT2_KO (prototypes of module changes,
#                  when asked for)
#
# and then the memory and read-cost measures.  Everything it finds is one
# JSON object per line on stdout; bench/lib/report.py reads them.

set -u

ROUNDS=${1:-5}
shift
# bench/run stages copies of what the guest runs (a rebuild by another
# vmrun meanwhile must not change them under a run).
B=${ANON_LAZY_BENCH_BIN:-$AL_BUILD/bench}
KO=${ANON_LAZY_BENCH_KO:-$AL_MODULE}
FLOOR_KO=${ANON_LAZY_BENCH_FLOOR_KO:-$AL_BUILD/$AL_KREL/floor/anon_lazy_floor.ko}
DBG=/sys/kernel/debug
AL=$DBG/anon_lazy
TR=/sys/kernel/tracing
KPLIST=$DBG/kprobes/list
FTLIST=$TR/enabled_functions
BIG_VMAS=${ANON_LAZY_BENCH_BIG_VMAS:-100000}
WORK=$(mktemp -d)

# name and command line of each benchmark: REPS (timed, after one untimed
# warm-up repetition) and ITERS per repetition, sized for ~100-200 ms of
# guest time per repetition under -icount.
BENCHES=(
	"fault_small|fault small 5 12"
	"fault_large|fault large 5 3"
	"fork|fork 5 10"
	"splitmerge|splitmerge 5 12000"
	"migrate|migrate 5 20"
	"reclaim|reclaim 5 10"
)

# Roles switched off together for the attribution configurations.
declare -A ROLE_GROUPS=(
	[prepare]="anon_vma_prepare"
	[fork]="anon_vma_fork"
	[clone]="anon_vma_clone"
	[free]="vma_free vma_free_direct"
	[walks]="walk_anon walk_ksm walk_file"
	[visits]="visit_referenced visit_unmap visit_migrate visit_remove_migration visit_mkclean"
	[lockwait]="lock_wait"
)

jstr() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/ }
	s=${s//$'\n'/ | }
	printf '"%s"' "$s"
}

note() {
	printf '{"note": %s}\n' "$(jstr "$*")"
	echo "bench(guest): $*" >&2
}

meminfo_kb() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

kprobes_registered() {
	if [ -r "$KPLIST" ]; then
		grep -c . "$KPLIST"
	else
		echo 0
	fi
}

# How many of the ftrace-kind symbols have an ftrace callback attached.
ftrace_enabled() {
	if [ -z "$FSYMS" ] || ! [ -r "$FTLIST" ]; then
		echo 0
		return
	fi
	awk -v want="$FSYMS" 'BEGIN { n = split(want, w, ","); for (i = 1; i <= n; i++) s[w[i]] = 1 }
	     ($1 in s) { delete s[$1]; c++ } END { print c + 0 }' "$FTLIST"
}

al_loaded() {
	grep -q '^anon_lazy ' /proc/modules
}

# The probe set: "ROLE SYMBOL KIND" per attached role, from anon_lazy
# itself.  KIND is kprobe, ftrace (an entry probe through anon_lazy's
# ftrace_ops) or kretprobe; caller roles are "resolved", never "attached".
read_probe_set() {
	KP_BASE=$(kprobes_registered)
	insmod "$KO" || { note "insmod anon_lazy failed"; return 1; }
	awk 'NR > 1 && $3 == "attached" { print $1, $2, $4 }' "$AL/probes" >"$WORK/probeset"
	printf '{"probes_file": %s}\n' "$(jstr "$(cat "$AL/probes")")"
	printf '{"version_file": %s}\n' "$(jstr "$(cat "$AL/version")")"
	printf '{"kprobes_list": %s, "config": "anon_lazy"}\n' "$(jstr "$(cat "$KPLIST" 2>/dev/null)")"
	printf '{"enabled_functions": %s, "config": "anon_lazy"}\n' "$(jstr "$(cat "$FTLIST" 2>/dev/null)")"
	rmmod anon_lazy
	KSYMS=$(awk '$3 == "kprobe" { print $2 }' "$WORK/probeset" | paste -sd,)
	FSYMS=$(awk '$3 == "ftrace" { print $2 }' "$WORK/probeset" | paste -sd,)
	RSYMS=$(awk '$3 == "kretprobe" { print $2 }' "$WORK/probeset" | paste -sd,)
	# Every entry symbol, in role order: the kprobes of floor_kprobes.
	ESYMS=$(awk '$3 == "kprobe" || $3 == "ftrace" { print $2 }' "$WORK/probeset" | paste -sd,)
	NKP=$(awk '$3 == "kprobe" { n++ } END { print n + 0 }' "$WORK/probeset")
	NFT=$(awk '$3 == "ftrace" { n++ } END { print n + 0 }' "$WORK/probeset")
	NRP=$(awk '$3 == "kretprobe" { n++ } END { print n + 0 }' "$WORK/probeset")
	# The return probes walk_return=0 drops: the walkers' and lock_wait's.
	NWALKRET=$(awk '$3 == "kretprobe" && ($1 ~ /^walk_/ || $1 == "lock_wait") { n++ } END { print n + 0 }' "$WORK/probeset")
	NPROBES=$((NKP + NFT + NRP))
	if [ "$NPROBES" != "$(grep -c . "$WORK/probeset")" ]; then
		note "probes file: attached roles of an unknown kind: $(awk '$3 != "kprobe" && $3 != "ftrace" && $3 != "kretprobe"' "$WORK/probeset")"
	fi
	printf '{"probe_set": {"kprobe": %s, "ftrace": %s, "kretprobe": %s}}\n' \
		"$(jstr "$KSYMS")" "$(jstr "$FSYMS")" "$(jstr "$RSYMS")"
}

# The kprobes and kretprobes a configuration registers (the kernel lists
# them in $KPLIST), or nothing if unknown.  Symbols of kind ftrace are
# kprobes only where the configuration does not use an ftrace_ops.
config_kprobes() {
	case "$1" in
	none) echo 0 ;;
	anon_lazy|floor|floor_noret) echo $((NKP + NRP)) ;;
	anon_lazy_walk_entry) echo $((NKP + NRP - NWALKRET)) ;;
	anon_lazy_kprobes|floor_kprobes|kprobe_events|bpftrace) echo "$NPROBES" ;;
	*) ;;
	esac
}

# Whether a configuration attaches the ftrace-kind symbols through an
# ftrace_ops (they are then in $FTLIST and not in $KPLIST).
config_uses_ftrace() {
	case "$1" in
	anon_lazy|anon_lazy_walk_entry|floor|floor_noret) return 0 ;;
	*) return 1 ;;
	esac
}

# ---- configurations: NAME_on / NAME_off ----

none_on() { :; }
none_off() { :; }

anon_lazy_on() {
	insmod "$KO" "$@"
}
anon_lazy_off() {
	! al_loaded || rmmod anon_lazy
}

# anon_lazy with every entry role a kprobe, as before its ftrace_ops.
anon_lazy_kprobes_on() {
	anon_lazy_on ftrace=0
}
anon_lazy_kprobes_off() {
	anon_lazy_off
}

# anon_lazy with its walks counted at entry (no kretprobe, no lock_wait).
anon_lazy_walk_entry_on() {
	anon_lazy_on walk_return=0
}
anon_lazy_walk_entry_off() {
	anon_lazy_off
}

alt_on() {
	insmod "${ANON_LAZY_BENCH_ALT_KO:?}"
}
alt_off() {
	anon_lazy_off
}
alt2_on() {
	insmod "${ANON_LAZY_BENCH_ALT2_KO:?}"
}
alt2_off() {
	anon_lazy_off
}

floor_on() {
	insmod "$FLOOR_KO" ftrace="$FSYMS" kprobes="$KSYMS" kretprobes="$RSYMS"
}
floor_off() {
	rmmod anon_lazy_floor
}
# The floor if the kretprobes' entry handlers declined their returns.
floor_noret_on() {
	insmod "$FLOOR_KO" ftrace="$FSYMS" kprobes="$KSYMS" kretprobes="$RSYMS" no_return=1
}
floor_noret_off() {
	floor_off
}
# The floor of anon_lazy_kprobes: every entry symbol a kprobe.
floor_kprobes_on() {
	insmod "$FLOOR_KO" kprobes="$ESYMS" kretprobes="$RSYMS"
}
floor_kprobes_off() {
	floor_off
}

kprobe_events_on() {
	local sym kind
	while read -r _ sym kind; do
		case "$kind" in
		kprobe|ftrace) echo "p:albench/p_$sym $sym" ;;
		kretprobe) echo "r:albench/r_$sym $sym" ;;
		esac
	done <"$WORK/probeset" >>"$TR/kprobe_events" || return 1
	echo 1 >"$TR/events/albench/enable"
}
kprobe_events_off() {
	local ev
	echo 0 >"$TR/events/albench/enable"
	for ev in "$TR"/events/albench/*/; do
		ev=${ev%/}
		echo "-:albench/${ev##*/}" >>"$TR/kprobe_events"
	done
}

bpftrace_prog() {
	local sym kind
	while read -r _ sym kind; do
		[ "$kind" = ftrace ] && kind=kprobe
		printf '%s:%s { @%s = count(); }\n' "$kind" "$sym" "$sym"
	done <"$WORK/probeset"
}
BPF_PID=""
bpftrace_on() {
	local base want i
	base=$(kprobes_registered)
	want=$((base + $(config_kprobes bpftrace)))
	bpftrace -e "$(bpftrace_prog)" >"$WORK/bpftrace.out" 2>&1 &
	BPF_PID=$!
	# Attached when the kernel lists all its kprobes (perf kprobe PMU).
	for ((i = 0; i < 600; i++)); do
		[ "$(kprobes_registered)" -ge "$want" ] && return 0
		kill -0 "$BPF_PID" 2>/dev/null || break
		sleep 0.5
	done
	note "bpftrace did not attach: $(cat "$WORK/bpftrace.out")"
	bpftrace_off
	return 1
}
bpftrace_off() {
	[ -n "$BPF_PID" ] || return 0
	kill -INT "$BPF_PID" 2>/dev/null
	wait "$BPF_PID" 2>/dev/null
	BPF_PID=""
}

# al_GROUP_off configurations: anon_lazy with a group of roles off.
config_on() {
	local c=$1 spec="" r
	case "$c" in
	al_*_off)
		c=${c#al_}
		c=${c%_off}
		for r in ${ROLE_GROUPS[$c]}; do
			spec="${spec:+$spec,}$r:off"
		done
		anon_lazy_on probes="$spec"
		;;
	*) "${c}_on" ;;
	esac
}
config_off() {
	case "$1" in
	al_*_off) anon_lazy_off ;;
	*) "${1}_off" ;;
	esac
}

# Per-role hits of the configuration in force, "name hits" lines.
config_hits() {
	case "$1" in
	anon_lazy|anon_lazy_kprobes|anon_lazy_walk_entry|al_*_off|alt|alt2)
		awk 'NR > 1 && ($3 == "attached") { print $2, $5 }' "$AL/probes" ;;
	kprobe_events)
		awk '{ print $1, $2 }' "$TR/kprobe_profile" ;;
	*) ;;
	esac
}

hits_json() {
	awk 'NR == FNR { before[$1] = $2; next }
	     { d = $2 - before[$1]; if (d) { printf "%s\"%s\": %d", sep, $1, d; sep = ", " } }
	     END { }' "$1" "$2" | { printf '{'; cat; printf '}'; }
}

# check_probes ROUND CONFIG: are all the configuration's probes attached?
# Its kprobes and kretprobes are counted in $KPLIST (beyond those of the
# boot, KP_BASE); where it attaches the ftrace-kind symbols through an
# ftrace_ops, those must be in $FTLIST.  Records both; a note if short.
check_probes() {
	local round=$1 c=$2 have want fte="" fwant=null
	have=$(kprobes_registered)
	want=$(config_kprobes "$c")
	[ -z "$want" ] || want=$((KP_BASE + want))
	if config_uses_ftrace "$c"; then
		fte=$(ftrace_enabled)
		fwant=$NFT
	fi
	printf '{"round": %d, "config": "%s", "kprobes_registered": %d, "kprobes_expected": %s, "ftrace_enabled": %s, "ftrace_expected": %s}\n' \
		"$round" "$c" "$have" "${want:-null}" "${fte:-null}" "$fwant"
	if [ -n "$want" ] && [ "$have" != "$want" ]; then
		note "round $round $c: $have kprobes registered, $want expected"
	fi
	if [ -n "$fte" ] && [ "$fte" != "$NFT" ]; then
		note "round $round $c: $fte of the $NFT ftrace symbols in enabled_functions"
	fi
}

run_config() {
	local round=$1 c=$2 entry name cmd out rc t0 t1
	if ! config_on "$c"; then
		note "round $round: configuration $c could not be set up"
		config_off "$c" 2>/dev/null
		return 1
	fi
	check_probes "$round" "$c"
	for entry in "${BENCHES[@]}"; do
		name=${entry%%|*}
		cmd=${entry#*|}
		if [ -n "${ANON_LAZY_BENCH_ONLY:-}" ] &&
		   [[ " $ANON_LAZY_BENCH_ONLY " != *" $name "* ]]; then
			continue
		fi
		config_hits "$c" >"$WORK/h0"
		t0=$(date +%s%N)
		# shellcheck disable=SC2086  # the command line is split on purpose
		out=$(timeout 600 "$B"/$cmd 2>"$WORK/err")
		rc=$?
		t1=$(date +%s%N)
		config_hits "$c" >"$WORK/h1"
		if [ $rc != 0 ] || [ -z "$out" ]; then
			note "round $round $c $name: exit $rc: $(cat "$WORK/err")"
			continue
		fi
		printf '{"round": %d, "config": "%s", "name": "%s", "wall_ns": %d, "hits": %s, "result": %s}\n' \
			"$round" "$c" "$name" $((t1 - t0)) "$(hits_json "$WORK/h0" "$WORK/h1")" "$out"
	done
	if [ "$c" = bpftrace ]; then
		bpftrace_off
		printf '{"round": %d, "config": "bpftrace", "bpftrace_out": %s}\n' \
			"$round" "$(jstr "$(cat "$WORK/bpftrace.out")")"
	fi
	config_off "$c"
}

setup_guest() {
	mountpoint -q "$TR" || mount -t tracefs tracefs "$TR" || note "no tracefs"
	sysctl -qw vm.max_map_count=$((BIG_VMAS * 3))
	if ! grep -q zram0 /proc/swaps; then
		if ! { modprobe zram num_devices=1 &&
			echo 512M >/sys/block/zram0/disksize &&
			mkswap /dev/zram0 >/dev/null &&
			swapon /dev/zram0; }; then
			note "zram swap could not be set up"
		fi
	fi
	# cx16 is x86's CMPXCHG16B (bench/run turns it off): null elsewhere.
	local cx16=null
	if [ "$(uname -m)" = x86_64 ]; then
		cx16=$(grep -qw cx16 /proc/cpuinfo && echo true || echo false)
	fi
	printf '{"kernel": %s, "arch": %s, "nproc": %d, "nodes": %s, "cmdline": %s, "tracing_on": %s, "cx16": %s, "clocksource": %s}\n' \
		"$(jstr "$(uname -r)")" "$(jstr "$(uname -m)")" "$(nproc)" \
		"$(jstr "$(cat /sys/devices/system/node/online)")" \
		"$(jstr "$(cat /proc/cmdline)")" "$(cat "$TR/tracing_on" 2>/dev/null || echo null)" \
		"$cx16" \
		"$(jstr "$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)")"
}

# Can bpftrace run here?  Says exactly why not.
check_bpftrace() {
	local out rc
	if ! command -v bpftrace >/dev/null; then
		printf '{"bpftrace": null, "why": %s}\n' "$(jstr "bpftrace is not installed in the root the guest runs (x86_64: the host's, apt-get install bpftrace; arm64: build/arm64-root, scripts/install-deps --arm64-bench)")"
		return 1
	fi
	out=$(timeout 300 bpftrace -e 'BEGIN { printf("ok\n"); exit(); }' 2>&1)
	rc=$?
	if [ $rc != 0 ] || ! grep -qx ok <<<"$out"; then
		printf '{"bpftrace": null, "why": %s}\n' "$(jstr "exit $rc: $out")"
		return 1
	fi
	printf '{"bpftrace": %s}\n' "$(jstr "$(bpftrace --version)")"
}

# ---- memory and read cost ----

mem_snapshot() {
	# Slab, vmalloc and per-CPU memory in kB, after shrinking the caches.
	local c
	for c in /sys/kernel/slab/*/shrink; do echo 1 >"$c" 2>/dev/null; done
	echo "$(meminfo_kb Slab) $(meminfo_kb VmallocUsed) $(meminfo_kb Percpu)"
}

mem_json() {
	local s v p
	read -r s v p <<<"$1"
	printf '{"slab_kb": %d, "vmalloc_kb": %d, "percpu_kb": %d}' "$s" "$v" "$p"
}

# Bytes and count of the vmalloc areas /proc/vmallocinfo attributes to
# anon_lazy (its caller names the module): the kernel's account, not the
# module's.
al_vmalloc_json() {
	awk '/\[anon_lazy\]/ { b += $2; n++ }
	     END { printf "{\"bytes\": %d, \"areas\": %d}", b, n }' /proc/vmallocinfo
}

# Start manyvmas N in the background on a fifo; sets BIG_PID.
big_start() {
	rm -f "$WORK/hold"
	mkfifo "$WORK/hold"
	"$B/manyvmas" "$1" <"$WORK/hold" >"$WORK/big.out" &
	BIG_WPID=$!
	exec 7>"$WORK/hold"
	while ! [ -s "$WORK/big.out" ]; do
		kill -0 "$BIG_WPID" 2>/dev/null || { note "manyvmas died"; return 1; }
		sleep 0.2
	done
	BIG_PID=$(sed -n 's/.*"pid": \([0-9]*\).*/\1/p' "$WORK/big.out")
}
big_stop() {
	exec 7>&-
	wait "$BIG_WPID"
}

measure_memory_and_reads() {
	local m0 m1 m2 m3 v1 v2 cap maps vmas n

	# anon_lazy at idle, default parameters.
	m0=$(mem_snapshot)
	insmod "$KO"
	m1=$(mem_snapshot)
	printf '{"idle": {"before": %s, "loaded": %s, "module_size": %d, "version": %s}}\n' \
		"$(mem_json "$m0")" "$(mem_json "$m1")" \
		"$(awk '$1 == "anon_lazy" { print $2 }' /proc/modules)" \
		"$(jstr "$(cat "$AL/version")")"
	rmmod anon_lazy

	# BIG_VMAS touched VMAs without the module: what the kernel itself
	# adds, and /proc/PID/maps of them.
	m0=$(mem_snapshot)
	big_start "$BIG_VMAS" || return 1
	m1=$(mem_snapshot)
	n=$(grep -c . "/proc/$BIG_PID/maps")
	maps=$("$B/readfile" maps_none "/proc/$BIG_PID/maps" 3 1 2>/dev/null)
	big_stop
	printf '{"big_none": {"vmas": %d, "maps_lines": %d, "before": %s, "after": %s, "maps_read": %s}}\n' \
		"$BIG_VMAS" "$n" "$(mem_json "$m0")" "$(mem_json "$m1")" "$maps"

	# The same with anon_lazy loaded, its table sized for them as a user
	# would size it (capacity=): all of them and 3% more (the process's
	# own few, and headroom), so that idle slots do not count as held
	# per tracked VMA.
	cap=$((BIG_VMAS + BIG_VMAS / 32))
	m0=$(mem_snapshot)
	insmod "$KO" capacity=$cap
	m1=$(mem_snapshot)
	v1=$(al_vmalloc_json)
	big_start "$BIG_VMAS" || return 1
	m2=$(mem_snapshot)
	v2=$(al_vmalloc_json)
	n=$(grep -c . "/proc/$BIG_PID/maps")
	maps=$("$B/readfile" maps "/proc/$BIG_PID/maps" 3 1 2>/dev/null)
	vmas=$("$B/readfile" vmas "$AL/vmas" 3 1 2>/dev/null)
	printf '{"big_anon_lazy": {"vmas": %d, "maps_lines": %d, "vmas_lines": %d, "capacity": %d, "before": %s, "loaded": %s, "after": %s, "vmalloc_loaded": %s, "vmalloc_after": %s, "maps_read": %s, "vmas_read": %s, "summary": %s, "version": %s}}\n' \
		"$BIG_VMAS" "$n" "$(grep -c . "$AL/vmas")" "$cap" \
		"$(mem_json "$m0")" "$(mem_json "$m1")" "$(mem_json "$m2")" \
		"$v1" "$v2" "$maps" "$vmas" "$(jstr "$(cat "$AL/summary")")" \
		"$(jstr "$(cat "$AL/version")")"
	big_stop
	m3=$(mem_snapshot)
	rmmod anon_lazy
	printf '{"big_anon_lazy_after_exit": %s}\n' "$(mem_json "$m3")"
}

# bench/run --alt-reads: the read cost of anon_lazy and of the alt
# builds, each loaded before BIG_VMAS VMAs are made (so they are tracked);
# and whether the builds print the same vmas lines but for the ids.
measure_reads_alt() {
	local m maps vmas cap=$((BIG_VMAS + BIG_VMAS / 4)) ko
	for m in anon_lazy alt alt2; do
		case "$m" in
		anon_lazy) ko=$KO ;;
		alt) ko=${ANON_LAZY_BENCH_ALT_KO:-} ;;
		alt2) ko=${ANON_LAZY_BENCH_ALT2_KO:-} ;;
		esac
		[ -n "$ko" ] || continue
		insmod "$ko" capacity=$cap || { note "insmod $ko failed"; continue; }
		big_start "$BIG_VMAS" || return 1
		maps=$("$B/readfile" maps "/proc/$BIG_PID/maps" 3 1 2>/dev/null)
		vmas=$("$B/readfile" vmas "$AL/vmas" 3 1 2>/dev/null)
		# Every column but the ids (vma anon_vma root) and the pid.
		awk -v pid="$BIG_PID" '$1 == pid { $1 = ""; $7 = ""; $8 = ""; $9 = ""; print }' \
			"$AL/vmas" | md5sum | cut -c1-32 >"$WORK/lines-$m"
		printf '{"reads": "%s", "vmas": %d, "maps_read": %s, "vmas_read": %s, "lines_md5": "%s"}\n' \
			"$m" "$BIG_VMAS" "$maps" "$vmas" "$(cat "$WORK/lines-$m")"
		big_stop
		rmmod anon_lazy
	done
}

main() {
	local round c configs=("$@")
	setup_guest
	read_probe_set || exit 1
	if [ ${#configs[@]} = 0 ]; then
		# anon_lazy_walk_entry: what walk_return=0 leaves of the walks' cost.
		configs=(none anon_lazy anon_lazy_walk_entry floor)
		# What anon_lazy's ftrace_ops saves over kprobes, in this boot;
		# without ftrace roles they would measure anon_lazy and floor again.
		if [ "$NFT" -gt 0 ]; then
			configs+=(anon_lazy_kprobes floor_kprobes)
		else
			note "no role attached through ftrace on this kernel: anon_lazy_kprobes and floor_kprobes left out (they are anon_lazy and floor)"
		fi
		configs+=(kprobe_events)
		check_bpftrace && configs+=(bpftrace)
	fi
	printf '{"configs": [%s], "rounds": %d}\n' \
		"$(printf '"%s",' "${configs[@]}" | sed 's/,$//')" "$ROUNDS"
	for ((round = 0; round <= ROUNDS; round++)); do
		for c in "${configs[@]}"; do
			run_config "$round" "$c"
		done
	done
	if [ -n "${ANON_LAZY_BENCH_ALT_READS:-}" ]; then
		measure_reads_alt
	fi
	if [ -z "${ANON_LAZY_BENCH_NO_MEMORY:-}" ]; then
		measure_memory_and_reads
	fi
	printf '{"done": true}\n'
}

main "$@"
