#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cli.sh ANONSTAT - the anonstat binary on the fixtures of both kernels:
# every command in every output format (JSON checked by python3's json
# module, required keys included), exit statuses, every malformed input,
# snapshot, diff, Prometheus, interval mode.  Output is TAP.

set -u

BIN=${1:?usage: cli.sh ANONSTAT}
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/../fixtures
K61=$FIX/6.1.0-56-amd64
K612=$FIX/6.12.117+deb12-amd64
TMP=$(mktemp -d "${TMPDIR:-/tmp}/anonstat-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
unset ANON_LAZY_DIR

N=0
FAILED=0

ok() {
	N=$((N + 1))
	echo "ok $N - $1"
}

not_ok() {
	N=$((N + 1))
	FAILED=$((FAILED + 1))
	echo "not ok $N - $1"
	shift
	for line in "$@"; do
		echo "# $line"
	done
}

# run ARGS...: anonstat's stdout, stderr and status in OUT, ERR, RC.
run() {
	"$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

# expect_rc WANT DESC ARGS...
expect_rc() {
	local want=$1 desc=$2
	shift 2
	run "$@"
	if [ "$RC" = "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc" "anonstat $* exited $RC, want $want" "$ERR"
	fi
}

# expect_out DESC REGEX ARGS...: exit 0 and a line of stdout matching.
expect_out() {
	local desc=$1 re=$2
	shift 2
	run "$@"
	if [ "$RC" = 0 ] && grep -qE -- "$re" "$TMP/out"; then
		ok "$desc"
	else
		not_ok "$desc" "anonstat $*: exit $RC, no line matching '$re'" \
			"$(head -c 2000 "$TMP/out")" "$ERR"
	fi
}

# JSON checks: the document parses, and the keys the man page promises
# are there with the right types.  check_json KIND FILE
check_json() {
	python3 - "$1" "$2" <<'EOF'
import json, sys

kind, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    docs = [json.loads(line) for line in f.read().decode().splitlines()
            if line.strip()] if kind.endswith("-lines") else \
           [json.load(open(path))]

def need(obj, keys, where):
    for k in keys.split():
        if k not in obj:
            sys.exit(f"{where}: no key '{k}' in {sorted(obj)}")

def num(v, where):
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        sys.exit(f"{where}: {v!r} is not a number")

STATES = "none lazy lazy-parent upgraded eager"
WALK_TYPES = "referenced unmap migrate ksm other"
for d in docs:
    if kind == "probes":
        need(d, "probes", kind)
        for p in d["probes"]:
            need(p, "role symbol status kind hits missed", "probe")
            num(p["hits"], "hits")
    elif kind == "vmas":
        need(d, "flavour vmas", kind)
        assert d["vmas"], "no vmas"
        for v in d["vmas"]:
            need(v, "pid comm start end perms state inferred vma anon_vma "
                 "root avcs prepared forks split merge remap upgrade rmap",
                 "vma")
            for k in "pid start end avcs forks split merge remap".split():
                num(v[k], k)
            assert isinstance(v["inferred"], bool)
            assert isinstance(v["prepared"], bool)
            assert v["anon_vma"] is None or isinstance(v["anon_vma"], str)
            assert v["upgrade"] is None or isinstance(v["upgrade"], str)
            assert v["start"] < v["end"]
            need(v["rmap"], WALK_TYPES, "rmap")
    elif kind == "processes":
        need(d, "flavour processes total", kind)
        for p in d["processes"]:
            need(p, "pid comm vmas states avcs avcs_projected anon_vmas "
                 "anon_vmas_projected", "process")
            need(p["states"], STATES, "states")
    elif kind == "summary":
        need(d, "flavour kernel processes vmas states inferred objects "
             "events table warnings", kind)
        need(d["states"], STATES, "states")
        for o in ("anon_vma", "anon_vma_chain"):
            need(d["objects"][o], "now projected", o)
        need(d["events"], "anon_vma_prepare lazy_prepare fork clone "
             "clone_lazy upgrade", "events")
    elif kind == "savings":
        need(d, "flavour rows", kind)
        assert [r["object"] for r in d["rows"]] == \
            ["anon_vma", "anon_vma_chain", "vm_area_struct"]
        for r in d["rows"]:
            need(r, "object now_kb projected_kb change_pct source", "row")
            num(r["now_kb"], "now_kb")
    elif kind == "walks":
        need(d, "flavour walk_return types", kind)
        assert isinstance(d["walk_return"], bool), d["walk_return"]
        need(d["types"], WALK_TYPES, "types")
        for t in d["types"].values():
            need(t, "walks visits anon lazy ksm file contended lock_waits "
                 "lock_wait_ns dropped fanout_hist latency_hist", "type")
            for b, c in t["latency_hist"].items():
                assert int(b) == 0 or int(b) & (int(b) - 1) == 0, b
                num(c, "bucket")
    elif kind == "version":
        need(d, "anonstat module contract kernel arch flavour walk_return",
             kind)
        assert isinstance(d["walk_return"], bool), d["walk_return"]
    elif kind == "diff":
        need(d, "before after rows states objects events walks", kind)
        for r in d["rows"]:
            need(r, "object before_kb after_kb change_pct", "row")
        need(d["states"]["lazy"], "before after change", "state")
    elif kind == "snapshot":
        need(d, "snapshot files", kind)
    elif kind == "summary-lines":
        need(d, "flavour time since_load states new_lazy events walks "
             "visits", kind)
    elif kind == "vmas-lines":
        need(d, "flavour time since_load vmas", kind)
    elif kind == "processes-lines":
        need(d, "flavour time since_load processes", kind)
    else:
        sys.exit(f"unknown kind {kind}")
EOF
}

# expect_json DESC KIND ARGS...: -j and --pretty both valid and complete.
expect_json() {
	local desc=$1 kind=$2 mode msg
	shift 2
	for mode in -j --pretty; do
		run "$mode" "$@"
		if [ "$RC" != 0 ]; then
			not_ok "$desc ($mode)" "exit $RC" "$ERR"
			continue
		fi
		if ! python3 -m json.tool "$TMP/out" >/dev/null 2>"$TMP/jerr"; then
			not_ok "$desc ($mode)" "invalid JSON: $(cat "$TMP/jerr")"
			continue
		fi
		if ! msg=$(check_json "$kind" "$TMP/out" 2>&1); then
			not_ok "$desc ($mode)" "$msg"
			continue
		fi
		if [ "$mode" = --pretty ] && [ "$(wc -l <"$TMP/out")" -lt 3 ]; then
			not_ok "$desc ($mode)" "not indented"
			continue
		fi
		ok "$desc ($mode)"
	done
}

# ---- every command, every format, both kernels ----

for K in "$K61" "$K612"; do
	k=$(basename "$K")
	expect_out "$k: summary" '^flavour stock: states are projections of ANON_VMA_LAZY$' -d "$K"
	expect_out "$k: summary counts" '^lazy-parent +25 +9\.1%$' -d "$K"
	expect_json "$k: summary" summary -d "$K"
	expect_out "$k: probes" '^anon_vma_fork +attached +kprobe +810 +0 +anon_vma_fork$' -d "$K" probes
	expect_json "$k: probes" probes -d "$K" probes
	expect_out "$k: vmas" '^ *1 +5db000 +5e2000 r--p +lazy ' -d "$K" vmas
	expect_json "$k: vmas" vmas -d "$K" vmas
	expect_json "$k: vmas -p -s -n" vmas -d "$K" vmas -p topology -s avcs -n 3
	expect_out "$k: per process" '^ *- Total +70 ' -d "$K" -p topology -p init
	expect_json "$k: per process" processes -d "$K" -p 'top*'
	expect_out "$k: savings" '^anon_vma +\| +35\.65 \| +30\.37 \| +-14\.8%$' -d "$K" savings
	expect_json "$k: savings" savings -d "$K" savings
	expect_out "$k: walks" '^\[2, 4\) +256 \|@{52}\|$' -d "$K" walks
	expect_json "$k: walks" walks -d "$K" walks
	expect_out "$k: version" "^kernel +${k//+/\\+} \\(x86_64\\)$" -d "$K" version
	expect_json "$k: version" version -d "$K" version
done

# -p: a pid and a glob select the same process.
run -d "$K61" -p 135 -j
a=$OUT
run -d "$K61" -p 'to*gy' -j
if [ "$a" != "" ] && python3 -c '
import json, sys
a = json.loads(sys.argv[1])["processes"]
b = json.loads(sys.argv[2])["processes"]
assert [p["pid"] for p in a] == [135], a
assert 135 in [p["pid"] for p in b] and len(b) == 2, b
assert a[0]["avcs"] == 55 and a[0]["avcs_projected"] == 25
' "$a" "$OUT"; then
	ok "-p PID and -p GLOB"
else
	not_ok "-p PID and -p GLOB" "$a" "$OUT"
fi

# -p with -s and -n: the top two, and their total
expect_out "-p '*' -s avcs -n 2" '^ *- Total +65 .* 90 +50 ' -d "$K61" -p '*' -s avcs -n 2

# -o and --noheadings
run -d "$K61" probes -o role,hits --noheadings
if [ "$RC" = 0 ] && [ "$(head -1 "$TMP/out" | tr -s ' ')" = "anon_vma_prepare 193" ] &&
   [ "$(wc -l <"$TMP/out")" = 24 ]; then
	ok "probes -o role,hits --noheadings"
else
	not_ok "probes -o role,hits --noheadings" "$(head -3 "$TMP/out")"
fi
expect_out "vmas -o +anon_vma,root" '^PID +START +END .* COMM +ANON_VMA +ROOT$' -d "$K61" vmas -o +anon_vma,root
run -d "$K61" vmas -s avcs -n 1 -o pid,avcs,comm --noheadings
[ "$RC" = 0 ] && [ "$OUT" = "133 2 capture.sh" ] && ok "vmas -s avcs -n 1" ||
	not_ok "vmas -s avcs -n 1" "$OUT"

# ---- diff, snapshot, Prometheus ----

expect_out "diff" '^vm_area_struct +\| +68\.28 \| +75\.11 \| +\+10\.0%$' diff "$K61" "$K612"
expect_out "diff events" '^anon_vma_prepare +209 +210 +1 +\+0\.5%$' diff "$K61" "$K612"
expect_json "diff" diff diff "$K61" "$K612"

S=$TMP/snap
expect_rc 0 "snapshot of a directory" -d "$K61" snapshot "$S"
same=1
for f in version probes vmas summary walks slabinfo uname; do
	cmp -s "$K61/$f" "$S/$f" || same=0
done
[ $same = 1 ] && ok "snapshot: files copied byte for byte" ||
	not_ok "snapshot: files copied byte for byte" "$(ls -l "$S")"
[ -z "$(find "$TMP" -maxdepth 1 -name 'snap.tmp.*')" ] &&
	ok "snapshot: no temporary left" || not_ok "snapshot: no temporary left"
"$BIN" -d "$K61" -p topology >"$TMP/a" 2>&1
"$BIN" -d "$S" -p topology >"$TMP/b" 2>&1
cmp -s "$TMP/a" "$TMP/b" && ok "snapshot reads back the same" ||
	not_ok "snapshot reads back the same"
expect_rc 1 "snapshot into an existing directory" -d "$K61" snapshot "$S"
run -j -d "$K61" snapshot "$TMP/snap2"
[ "$RC" = 0 ] && msg=$(check_json snapshot "$TMP/out" 2>&1) && ok "snapshot -j" ||
	not_ok "snapshot -j" "${msg:-}" "$ERR"
mkdir "$TMP/partial"
cp "$K61/version" "$TMP/partial/"
expect_rc 1 "snapshot of an incomplete directory" -d "$TMP/partial" snapshot "$TMP/snap3"
[ ! -e "$TMP/snap3" ] && [ -z "$(find "$TMP" -maxdepth 1 -name 'snap3.tmp.*')" ] &&
	ok "failed snapshot leaves nothing" || not_ok "failed snapshot leaves nothing"

# Prometheus text format: HELP and TYPE before samples, names prefixed.
check_prom() {
	python3 - "$1" <<'EOF'
import re, sys
helps, types, seen = set(), set(), 0
sample = re.compile(r'^(anon_lazy_[a-z_]+)(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? '
                    r'(-?[0-9.e+]+|NaN|\+Inf)$')
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line.startswith("# HELP "):
        helps.add(line.split()[2])
    elif line.startswith("# TYPE "):
        name, kind = line.split()[2:4]
        assert kind in ("gauge", "counter"), line
        assert name in helps, line
        types.add(name)
    else:
        m = sample.match(line)
        assert m, f"bad line: {line!r}"
        assert m.group(1) in types, f"no TYPE before: {line!r}"
        seen += 1
assert seen > 50, seen
for want in ("anon_lazy_vmas", "anon_lazy_objects_projected",
             "anon_lazy_rmap_walks_total", "anon_lazy_slab_active_bytes"):
    assert want in types, want
EOF
}
run -d "$K61" --prometheus
if [ "$RC" = 0 ] && msg=$(check_prom "$TMP/out" 2>&1) &&
   grep -qx 'anon_lazy_vmas{state="lazy-parent"} 25' "$TMP/out"; then
	ok "--prometheus"
else
	not_ok "--prometheus" "exit $RC" "${msg:-}"
fi
cp "$TMP/out" "$TMP/prom.stdout"
expect_rc 0 "--prometheus=FILE" -d "$K61" --prometheus="$TMP/anon_lazy.prom"
cmp -s "$TMP/prom.stdout" "$TMP/anon_lazy.prom" && ok "--prometheus=FILE as stdout" ||
	not_ok "--prometheus=FILE as stdout"
expect_rc 1 "--prometheus=FILE in a missing directory" -d "$K61" --prometheus="$TMP/no/such/x.prom"

# ---- interval mode ----

run -d "$K61" 0.01 3
[ "$RC" = 0 ] && [ "$(wc -l <"$TMP/out")" = 5 ] &&
	grep -qE '^ +31 +25 +67 +0 +209 +416 ' "$TMP/out" &&
	grep -qE '^ +31 +25 +67 +0 +0 +0 ' "$TMP/out" && ok "interval: header, totals, then deltas" ||
	not_ok "interval: header, totals, then deltas" "$OUT" "$ERR"
run -d "$K61" -j 0.01 2
printf '%s\n' "$OUT" >"$TMP/lines"
[ "$RC" = 0 ] && [ "$(wc -l <"$TMP/lines")" = 2 ] && msg=$(check_json summary-lines "$TMP/lines" 2>&1) &&
	ok "interval -j: one document per line" || not_ok "interval -j: one document per line" "${msg:-}" "$OUT"
run -d "$K61" -j vmas 0.01 2
printf '%s\n' "$OUT" >"$TMP/lines"
[ "$RC" = 0 ] && msg=$(check_json vmas-lines "$TMP/lines" 2>&1) && ok "vmas interval -j" ||
	not_ok "vmas interval -j" "${msg:-}"
expect_out "vmas interval: movers" '^ *129 +[0-9a-f]+ +[0-9a-f]+ new:upgraded +\+1 +\+11 +\+1 ' -d "$K61" vmas -n 3 0.01 2
run -d "$K61" -j -p topology 0.01 2
printf '%s\n' "$OUT" >"$TMP/lines"
[ "$RC" = 0 ] && msg=$(check_json processes-lines "$TMP/lines" 2>&1) && ok "-p interval -j" ||
	not_ok "-p interval -j" "${msg:-}"
expect_out "-p interval" '^ *134 topology +\+35 ' -d "$K61" -p topology 0.01 2
"$BIN" -d "$K61" 5 >/dev/null 2>&1 &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
[ $rc = 0 ] && ok "Ctrl-C ends interval mode with 0" || not_ok "Ctrl-C ends interval mode with 0" "exit $rc"

# Merged slab caches: module counts x struct size stand in, marked.
D=$TMP/merged
mkdir "$D"
cp "$K61"/* "$D/"
grep -v '^anon_vma ' "$K61/slabinfo" >"$D/slabinfo"
expect_out "savings: merged cache falls back, marked" \
	'^anon_vma +\| +9\.75\* \| +4\.88\* \| +-50\.0%$' -d "$D" savings
expect_out "savings: merged cache, said why" \
	"^\\* anon_vma: no such cache in .*slabinfo \\(merged into another\\? boot with slab_nomerge\\)$" -d "$D" savings
run -d "$D" -j savings
[ "$RC" = 0 ] && python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["rows"]
assert r[0]["source"] == "module" and r[1]["source"] == "slabinfo", r
' "$TMP/out" && [[ $ERR == *"anonstat: warning: anon_vma: no such cache"* ]] &&
	ok "savings -j: source module, warning on stderr" ||
	not_ok "savings -j: source module, warning on stderr" "$OUT" "$ERR"
rm "$D/slabinfo"
expect_out "savings: no slabinfo at all" '^\* no slabinfo: .*slabinfo: No such file or directory$' -d "$D" savings

# ---- a series kernel: measured states, stock estimated ----

D=$TMP/series
mkdir "$D"
cp "$K61"/* "$D/"
sed -i 's/^flavour stock$/flavour series/' "$D/version" "$D/summary"
sed -i 's/^anon_vma.projected 52$/anon_vma.projected 104\nanon_vma.stock 340/' "$D/summary"
expect_out "series: summary says measured" '^flavour series: states are measured' -d "$D"
expect_out "series: savings against the stock estimate" \
	'^anon_vma +\| +59\.62 \| +35\.65 \| +-40\.2%$' -d "$D" savings
expect_out "series: stock estimate header" '^Object +\| Stock estimate \(active KB\) \| Now, lazy \(active KB\) \| +Change$' -d "$D" savings
expect_out "series: savings without an estimate" \
	'^anon_vma_chain +\| +36\.00 \| +36\.00 \| +-$' -d "$D" savings
expect_out "series: savings without an estimate, said" \
	'^! anon_vma_chain: the module wrote no stock estimate' -d "$D" savings

# ---- walk_return=0: walks counted at entry, no histograms ----

NOTE='^latency, fan-out, contention and lock waits are not measured: the module was loaded with walk_return=0 \(walks are counted at entry\)$'
run -d "$K61" walks
[ "$RC" = 0 ] && ! grep -qE "$NOTE" "$TMP/out" && ok "walks: no note when walks are followed" ||
	not_ok "walks: no note when walks are followed" "$OUT" "$ERR"
run -d "$K61" -j walks
[ "$RC" = 0 ] && python3 -c '
import json, sys
assert json.loads(sys.argv[1])["walk_return"] is True
' "$OUT" && ok "walks -j: walk_return true without the key (older module)" ||
	not_ok "walks -j: walk_return true without the key (older module)" "$OUT" "$ERR"
D=$TMP/entry
mkdir "$D"
cp "$K61"/* "$D/"
echo "walk_return 0" >>"$D/version"
sed -i '/^\(fanout\|latency_ns\) /d' "$D/walks"
expect_out "walk_return 0: walks, the note" "$NOTE" -d "$D" walks
expect_out "walk_return 0: walks, counted columns shown, the rest not" \
	'^migrate +256 +512 +256 +0 +0 +0 +- +- +- +-$' -d "$D" walks
run -d "$D" walks
[ "$RC" = 0 ] && ! grep -q '^@' "$TMP/out" && ok "walk_return 0: walks, no histogram" ||
	not_ok "walk_return 0: walks, no histogram" "$OUT" "$ERR"
expect_json "walk_return 0: walks" walks -d "$D" walks
run -d "$D" -j walks
[ "$RC" = 0 ] && python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["walk_return"] is False, d["walk_return"]
m = d["types"]["migrate"]
assert m["walks"] == 256 and m["visits"] == 512, m
assert m["fanout_hist"] == {} and m["latency_hist"] == {}, m
' "$OUT" && ok "walk_return 0: walks -j says walk_return false" ||
	not_ok "walk_return 0: walks -j says walk_return false" "$OUT" "$ERR"
expect_out "walk_return 0: version" '^walks +counted at entry \(walk_return=0\)' -d "$D" version
expect_out "walk_return 1: version" '^walks +followed to their return$' -d "$K61" version
run -d "$D" -j version
[ "$RC" = 0 ] && python3 -c '
import json, sys
assert json.loads(sys.argv[1])["walk_return"] is False
' "$OUT" && ok "walk_return 0: version -j" || not_ok "walk_return 0: version -j" "$OUT" "$ERR"
run -d "$D" --prometheus
if [ "$RC" = 0 ] && msg=$(check_prom "$TMP/out" 2>&1) &&
   grep -q '^anon_lazy_info{.*,walk_return="0"} 1$' "$TMP/out" &&
   grep -qx 'anon_lazy_rmap_visits_total{type="migrate"} 512' "$TMP/out" &&
   ! grep -qE '^anon_lazy_rmap_(contended|lock_waits|lock_wait_ns|dropped)_total|^anon_lazy_rmap_(fanout|latency_ns)_bucket' "$TMP/out"; then
	ok "walk_return 0: --prometheus leaves out what is not measured"
else
	not_ok "walk_return 0: --prometheus leaves out what is not measured" "exit $RC" "${msg:-}" "$(grep rmap_ "$TMP/out" | head -20)"
fi
run -d "$K61" --prometheus
grep -q '^anon_lazy_info{.*,walk_return="1"} 1$' "$TMP/out" &&
   grep -q '^anon_lazy_rmap_latency_ns_bucket{' "$TMP/out" &&
   grep -q '^anon_lazy_rmap_contended_total{' "$TMP/out" &&
	ok "walk_return 1: --prometheus has all of it" ||
	not_ok "walk_return 1: --prometheus has all of it" "$(grep -E 'info|rmap_' "$TMP/out" | head -20)"

# ---- captures of the current module: arm64, and series flavour ----

KA=$FIX/6.12.117+deb12-arm64
KS=$FIX/6.12.117+deb12-amd64-series
for K in "$KA" "$KS"; do
	k=$(basename "$K")
	expect_json "$k: summary" summary -d "$K"
	expect_json "$k: probes" probes -d "$K" probes
	expect_json "$k: vmas" vmas -d "$K" vmas
	expect_json "$k: per process" processes -d "$K" -p '*'
	expect_json "$k: savings" savings -d "$K" savings
	expect_json "$k: walks" walks -d "$K" walks
	expect_json "$k: version" version -d "$K" version
done
expect_out "arm64: version" '^kernel +6\.12\.117\+deb12-arm64 \(aarch64\)$' -d "$KA" version
expect_out "arm64: both VMA free roles" '^vma_free_direct +attached +kprobe .* __vm_area_free$' -d "$KA" probes
expect_out "arm64: migrate walks visit two VMAs" '^migrate +256 +512 ' -d "$KA" walks
expect_out "series capture: measured" '^flavour series: states are measured' -d "$KS"
# What capture-series.sh did: three VMAs lazy after the fork, seven
# lazy-parent in the child, four lazy parents upgraded by the fork, one
# upgrade each from the split and migration paths and one the stock way.
run -d "$KS" -j
if [ "$RC" = 0 ] && python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["flavour"] == "series", d["flavour"]
assert d["states"]["lazy"] == 3 and d["states"]["lazy-parent"] == 7, d["states"]
' "$OUT"; then
	ok "series capture: lazy and lazy-parent counts"
else
	not_ok "series capture: lazy and lazy-parent counts" "$OUT" "$ERR"
fi
run -d "$KS" vmas -p series -j
if [ "$RC" = 0 ] && python3 -c '
import json, sys
v = [x for x in json.loads(sys.argv[1])["vmas"] if x["comm"] == "series"]
ups = sorted(x["upgrade"] for x in v if x["upgrade"])
assert ups == ["fork"] * 4 + ["migration", "other", "split"], ups
' "$OUT"; then
	ok "series capture: upgrade reasons of the workload's VMAs"
else
	not_ok "series capture: upgrade reasons of the workload's VMAs" "$OUT" "$ERR"
fi

# ---- exit statuses ----

expect_rc 2 "unknown option" --bogus
expect_rc 2 "unknown command" -d "$K61" bogus
expect_rc 2 "ambiguous command" -d "$K61" s
expect_out "command prefix" '^anon_vma_prepare ' -d "$K61" prob
expect_rc 2 "interval 0" -d "$K61" 0
expect_rc 2 "count 0" -d "$K61" 1 0
expect_rc 2 "interval and count and more" -d "$K61" 1 2 3
expect_rc 2 "-n 0" -d "$K61" vmas -n 0
expect_rc 2 "-s unknown field" -d "$K61" vmas -s bogus
expect_rc 2 "-o unknown column" -d "$K61" probes -o bogus
expect_rc 2 "-s where it does not apply" -d "$K61" probes -s avcs
expect_rc 2 "-s with an interval" -d "$K61" vmas -s avcs 1
expect_rc 2 "-p with --prometheus" -d "$K61" -p 1 --prometheus
expect_rc 2 "--prometheus with a command" -d "$K61" --prometheus probes
expect_rc 2 "-d with diff" -d "$K61" diff "$K61" "$K612"
expect_rc 2 "snapshot without DIR" -d "$K61" snapshot
expect_rc 2 "diff with one DIR" diff "$K61"
expect_rc 2 "-p 0" -p 0
expect_rc 2 "missing option argument" -d
expect_rc 0 "--help" --help
expect_out "-V" '^anonstat [0-9.]+ \(contract 1\)$' -V
run -d /nonexistent/dir
[ "$RC" = 1 ] && [ "$ERR" = "anonstat: /nonexistent/dir: not an anon_lazy directory or snapshot (no readable version file)" ] &&
	ok "missing -d DIR: exit 1, one line" || not_ok "missing -d DIR: exit 1, one line" "$RC" "$ERR"
run -d "$TMP/partial" walks
[ "$RC" = 1 ] && [[ $ERR == "anonstat: $TMP/partial/walks: No such file or directory" ]] &&
	ok "missing file in DIR" || not_ok "missing file in DIR" "$RC" "$ERR"
ANON_LAZY_DIR=$K612 "$BIN" version >"$TMP/out" 2>&1
grep -q "6.12.117" "$TMP/out" && ok "ANON_LAZY_DIR" || not_ok "ANON_LAZY_DIR" "$(cat "$TMP/out")"

# ---- every malformed input: exit 1, one line, FILE:LINE ----

for bad in "$FIX"/bad/*; do
	name=$(basename "$bad")
	file=${name%%.*}
	case $file in
	version) cmd=(version) ;;
	probes) cmd=(probes) ;;
	vmas) cmd=(vmas) ;;
	summary) cmd=() ;;
	walks) cmd=(walks) ;;
	slabinfo) cmd=(savings) ;;
	*) not_ok "malformed $name: no command for it"; continue ;;
	esac
	D=$TMP/bad-$name
	mkdir "$D"
	cp "$K61"/* "$D/"
	cp "$bad" "$D/$file"
	run -d "$D" "${cmd[@]}"
	if [ "$RC" = 1 ] && [ "$(wc -l <"$TMP/err")" = 1 ] &&
	   grep -qE "^anonstat: $D/$file:[0-9]+: " "$TMP/err"; then
		ok "malformed $name:$(cut -d: -f4- "$TMP/err")"
	else
		not_ok "malformed $name" "exit $RC" "$ERR"
	fi
done

# ---- strings that need escaping reach JSON intact ----

D=$TMP/weird
mkdir "$D"
cp "$K61"/* "$D/"
printf '%s\n' "$(head -1 "$K61/vmas")" \
	"$(sed -n 2p "$K61/vmas" | sed 's/ init$/ a "q" \\b\tc/')" >"$D/vmas"
printf '1 5e2000 5e5000 rw-p lazy 1 516a7ef43a18 - - 0 0 0 0 0 0 - 0 0 0 0 0 \xff\xc3\xa9\x01\n' >>"$D/vmas"
run -d "$D" -j vmas
if [ "$RC" = 0 ] && python3 -c '
import json, sys
v = json.loads(open(sys.argv[1], encoding="utf-8").read())["vmas"]
assert v[0]["comm"] == "a \"q\" \\b\tc", repr(v[0]["comm"])
assert v[1]["comm"] == "\u00ff\u00e9\u0001", repr(v[1]["comm"])
assert v[1]["anon_vma"] is None and v[1]["root"] is None
' "$TMP/out"; then
	ok "JSON escapes quotes, backslashes, control and non-UTF-8 bytes"
else
	not_ok "JSON escapes quotes, backslashes, control and non-UTF-8 bytes" "$OUT" "$ERR"
fi
run -d "$D" vmas -o comm --noheadings
[ "$RC" = 0 ] && [ "$(sed -n 1p "$TMP/out")" = 'a "q" \b?c' ] &&
	ok "text output replaces control characters" ||
	not_ok "text output replaces control characters" "$OUT"

echo "1..$N"
[ $FAILED = 0 ]
