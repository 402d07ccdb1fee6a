#!/usr/bin/env bash
# Peer comparison: runs Lockstep, SPIN and Coyote on the same three scenarios on this machine and writes
# docs/performance.md (from bench/peers/results/results.tsv, by bench/peers/report.py).
#
#   bench/peers/run.sh                 # everything (a few minutes; the largest bug-free size dominates)
#   PEER_TIMEOUT=120 bench/peers/run.sh
#   PEER_SIZES="1,1 2,1" bench/peers/run.sh      # bug-free protocol sizes as NR_VCPUS,NR_INVALIDATIONS
#
# Needs: dotnet 10, spin + gcc (apt-get install -y spin gcc), GNU time (apt-get install -y time).
# Runs one tool at a time (the measurements are wall-clock and peak RSS of each process).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"
RES="$HERE/results"
TIMEOUT="${PEER_TIMEOUT:-600}"
SIZES="${PEER_SIZES:-1,1 2,1 1,2 2,2 2,3}"          # scenario 3 (bug-free): NR_VCPUS,NR_INVALIDATIONS
BUG_SIZES="${PEER_BUG_SIZES:-1,1 2,2}"          # scenarios 1 and 2
COYOTE_BUG_ITERATIONS="${COYOTE_BUG_ITERATIONS:-10000}"
COYOTE_BUG_SEEDS="${COYOTE_BUG_SEEDS:-5}"
COYOTE_OK_ITERATIONS="${COYOTE_OK_ITERATIONS:-1000}"
PAN_HASH="${PAN_HASH:-22}"                      # pan -w: 2^22 hash slots
WORKERS="${PEER_WORKERS:-$(nproc)}"             # Lockstep's parallel rows: one worker per core

require_tools run.sh spin gcc dotnet python3

rm -rf "$RES"
mkdir -p "$RES"
TSV="$RES/results.tsv"
printf 'scenario\tsize\ttool\tverdict\texit\twall_s\tcompile_s\tsearch_s\tstates\ttransitions\tstates_per_s\tpeak_mib\titerations\tnote\n' > "$TSV"

# ---- build (not timed) ----
echo "== publishing Lockstep (Release, ReadyToRun for this machine, as the installed tool is)"
publish_lockstep "$RES"
echo "== building the Coyote peer (Release)"
COYOTE_OK=1
if dotnet build -c Release "$HERE/coyote/PeerCoyote.csproj" -o "$HERE/coyote/out" -nologo -v q > "$RES/build-coyote.log" 2>&1; then
	COYOTE="$HERE/coyote/out/peer-coyote"
else
	COYOTE_OK=0
	echo "   Coyote peer did not build (packages not restorable?): see $RES/build-coyote.log" >&2
fi

# /usr/bin/time -v file -> "wall_seconds peak_kib"
timev() {
	python3 - "$1" <<'EOF'
import re, sys
t = open(sys.argv[1], errors="replace").read()
m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
wall = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else -1
r = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
print(f"{wall:.3f} {int(r.group(1)) if r else 0}")
EOF
}

row() { local IFS=$'\t'; echo "$*" >> "$TSV"; }

# ---- Lockstep ----
run_lockstep() { # scenario V I label [extra args...]
	local sc=$1 v=$2 i=$3 label=$4; shift 4
	local tag="lockstep-$sc-$v-$i-${label// /_}" rc=0
	echo "== $label: $sc V=$v I=$i"
	# Run from the repository root with a relative model path: reports print the path as given.
	( cd "$ROOT" && timeout "$TIMEOUT" /usr/bin/time -v -o "$RES/$tag.time" "$LOCKSTEP" check "bench/peers/lockstep/$sc.c" \
		-D NR_VCPUS="$v" -D NR_INVALIDATIONS="$i" --timeout "$TIMEOUT" \
		--json "$RES/$tag.json" --trace-out "$RES/$tag.replay.json" "$@" ) > "$RES/$tag.out" 2>&1 || rc=$?
	read -r wall kib < <(timev "$RES/$tag.time" 2>/dev/null || echo "-1 0")
	python3 - "$RES/$tag.out" "$rc" "$sc" "$v,$i" "$label" "$wall" "$kib" >> "$TSV" <<'EOF'
import re, sys
out, rc, sc, size, label, wall, kib = sys.argv[1:]
t = open(out, errors="replace").read()
v = re.search(r"^verdict: (.*)$", t, re.M)
s = re.search(r"states: (\d+), transitions: (\d+), depth: \d+, time: ([\d.]+)s, (\d+) states/s, peak memory: ([\d.]+) MiB", t)
verdict = {"0": "ok", "1": "bug", "3": "incomplete", "124": "timeout"}.get(rc, "error")
note = v.group(1) if v else t.strip().splitlines()[-1][:120] if t.strip() else ""
fields = [sc, size, label, verdict, rc, wall, "0", s.group(3) if s else "", s.group(1) if s else "",
          s.group(2) if s else "", s.group(4) if s else "", f"{int(kib)/1024:.1f}", "", note.replace("\t", " ")]
print("\t".join(fields))
EOF
}

# ---- SPIN: spin -a, gcc, ./pan (all three timed) ----
run_spin() { # scenario V I
	local sc=$1 v=$2 i=$3 tag="spin-$1-$2-$3" rc=0 crc=0
	local dir="$RES/$tag"
	echo "== SPIN: $sc V=$v I=$i"
	mkdir -p "$dir" && cp "$HERE"/spin/*.pml "$dir"/
	( cd "$dir"
	  /usr/bin/time -v -o spin-a.time spin -DNR_VCPUS="$v" -DNR_INVALIDATIONS="$i" -a "$sc.pml" > spin-a.out 2>&1 &&
	  /usr/bin/time -v -o gcc.time gcc -O2 -DSAFETY -DMEMLIM=16384 -o pan pan.c > gcc.out 2>&1 ) || crc=$?
	if [ "$crc" = 0 ]; then
		( cd "$dir" && timeout "$TIMEOUT" /usr/bin/time -v -o pan.time ./pan -m1000000 -w"$PAN_HASH" > pan.out 2>&1 ) || rc=$?
	fi
	python3 - "$dir" "$crc" "$rc" "$sc" "$v,$i" >> "$TSV" <<'EOF'
import os, re, sys
d, crc, rc, sc, size = sys.argv[1:]
def tv(name):
    p = os.path.join(d, name)
    if not os.path.exists(p): return 0.0, 0
    t = open(p, errors="replace").read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
    w = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else 0.0
    r = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    return w, int(r.group(1)) if r else 0
wa, _ = tv("spin-a.time"); wg, _ = tv("gcc.time"); wp, kp = tv("pan.time")
p = os.path.join(d, "pan.out")
t = open(p, errors="replace").read() if os.path.exists(p) else ""
st = re.search(r"(\d+) states, stored", t); tr = re.search(r"(\d+) transitions", t)
el = re.search(r"pan: elapsed time ([\d.e+-]+) seconds", t)
err = re.search(r"errors: (\d+)", t)
first = re.search(r"^pan:1: (.*)$", t, re.M)
if crc != "0": verdict, note = "error", "spin -a or gcc failed"
elif rc == "124": verdict, note = "timeout", ""
elif err and err.group(1) != "0": verdict, note = "bug", first.group(1) if first else "error"
elif err: verdict, note = "ok", "no errors (exhaustive, partial-order reduction on)"
else: verdict, note = "error", t.strip().splitlines()[-1][:120] if t.strip() else "no output"
search = float(el.group(1)) if el else wp
states = int(st.group(1)) if st else 0
sps = f"{states / wp:.0f}" if wp > 0 and states else ""
print("\t".join([sc, size, "SPIN", verdict, rc, f"{wa + wg + wp:.3f}", f"{wa + wg:.3f}", f"{search:.3f}",
                 str(states) if st else "", tr.group(1) if tr else "", sps, f"{kp / 1024:.1f}", "", note.replace("\t", " ")]))
EOF
}

# ---- Coyote ----
run_coyote() { # scenario V I iterations seeds label
	local sc=$1 v=$2 i=$3 its=$4 seeds=$5 label=$6 tag="coyote-$1-$2-$3-s$5" rc=0
	echo "== $label: $sc V=$v I=$i ($its iterations x $seeds seeds)"
	if [ "$COYOTE_OK" != 1 ]; then
		row "$sc" "$v,$i" "$label" "not-run" "" "" "" "" "" "" "" "" "" "Coyote packages could not be restored/built"
		return
	fi
	timeout "$TIMEOUT" /usr/bin/time -v -o "$RES/$tag.time" "$COYOTE" "$sc" --vcpus "$v" --invalidations "$i" \
		--iterations "$its" --seeds "$seeds" > "$RES/$tag.out" 2>&1 || rc=$?
	read -r wall kib < <(timev "$RES/$tag.time" 2>/dev/null || echo "-1 0")
	python3 - "$RES/$tag.out" "$rc" "$sc" "$v,$i" "$label" "$wall" "$kib" >> "$TSV" <<'EOF'
import re, sys
out, rc, sc, size, label, wall, kib = sys.argv[1:]
t = open(out, errors="replace").read()
r = re.search(r"^RESULT (.*)$", t, re.M)
kv = dict(x.split("=", 1) for x in r.group(1).split()) if r else {}
fb = re.search(r"^first bug: (.*)$", t, re.M)
verdict = kv.get("verdict", "timeout" if rc == "124" else "error")
search = kv.get("median_time_to_bug", "-")
if search == "-": search = kv.get("search_seconds", "")
note = (f"bug in {kv.get('seeds_with_bug')}/{kv.get('seeds')} seeds, median {kv.get('median_iterations_to_bug')} iterations; "
        + (fb.group(1)[:100] if fb and fb.group(1) != "none" else "")) if verdict == "bug" else \
       (f"{kv.get('iterations')} schedules sampled, {kv.get('steps')} scheduling steps ({kv.get('steps_per_s')} steps/s)" if kv else "")
print("\t".join([sc, size, label, verdict, rc, wall, "0", search, "", "", "", f"{int(kib)/1024:.1f}",
                 kv.get("iterations", ""), note.replace("\t", " ")]))
EOF
}

for sc in srcu_self_deadlock flag_early_return; do
	for sz in $BUG_SIZES; do
		v=${sz%,*}; i=${sz#*,}
		run_lockstep "$sc" "$v" "$i" "Lockstep"
		run_lockstep "$sc" "$v" "$i" "Lockstep NO_LOCKDEP" --config NO_LOCKDEP
		run_spin "$sc" "$v" "$i"
		run_coyote "$sc" "$v" "$i" "$COYOTE_BUG_ITERATIONS" 1 "Coyote (1 seed)"
		run_coyote "$sc" "$v" "$i" "$COYOTE_BUG_ITERATIONS" "$COYOTE_BUG_SEEDS" "Coyote ($COYOTE_BUG_SEEDS seeds)"
	done
done
for sz in $SIZES; do
	v=${sz%,*}; i=${sz#*,}
	# The same protocol as the Promela model: no allocation fails (SPIN's has no failing allocation), and the search
	# runs to the end even where Lockstep reports something SPIN's safety mode cannot see (a non-progress cycle).
	run_lockstep invalidate_fault_memslot "$v" "$i" "Lockstep" --max-alloc-failures 0 --keep-going
	run_lockstep invalidate_fault_memslot "$v" "$i" "Lockstep NO_LOCKDEP" --max-alloc-failures 0 --keep-going --config NO_LOCKDEP
	# Without step merging (docs/step-merging.md; on by default): what merging takes off the state count.
	run_lockstep invalidate_fault_memslot "$v" "$i" "Lockstep --no-merge-steps" --max-alloc-failures 0 --keep-going --no-merge-steps
	# The parallel depth-first search on every core (no fair-cycle check, like SPIN's safety mode).
	run_lockstep invalidate_fault_memslot "$v" "$i" "Lockstep --workers $WORKERS" --max-alloc-failures 0 --keep-going --workers "$WORKERS"
	run_spin invalidate_fault_memslot "$v" "$i"
	run_coyote invalidate_fault_memslot "$v" "$i" "$COYOTE_OK_ITERATIONS" 1 "Coyote (1 seed)"
done

python3 "$HERE/report.py" "$TSV" "$ROOT/docs/performance.md" "$COYOTE_BUG_ITERATIONS" "$COYOTE_OK_ITERATIONS" "$PAN_HASH"
echo "== wrote $ROOT/docs/performance.md"
# Random sampling against Coyote's: its own section of the same document (PEER_SAMPLING=0 skips it).
if [ "${PEER_SAMPLING:-1}" != 0 ]; then "$HERE/sampling.sh"; fi
