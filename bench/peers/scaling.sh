#!/usr/bin/env bash
# Parallel scaling of the depth-first search: wall time, CPU time and states of 'lockstep check --workers N' against
# one worker on the bug-free invalidate / fault / memslot protocol (scenario 3 of docs/performance.md), both with
# --no-liveness (the parallel search does not look for fair cycles, so the one-worker run is asked not to either:
# the two then check the same things). Writes its section of docs/performance.md (between the scaling markers) and
# its raw outputs to bench/peers/results/scaling/.
#
#   bench/peers/scaling.sh                          # sizes 2,1 1,2 2,2; 1 worker and one per core
#   SCALING_SIZES="2,1" SCALING_WORKERS="1 2 4" bench/peers/scaling.sh
#   SCALING_REPORT_ONLY=1 bench/peers/scaling.sh    # rewrite the section from the last run's raw outputs
#
# Needs: dotnet 10, python3, GNU time (apt-get install -y time). Runs one process at a time; the 2,2 size takes
# about 12 minutes on 2 cores.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=common.sh
. "$HERE/common.sh"
RES="$HERE/results/scaling"
SIZES="${SCALING_SIZES:-2,1 1,2 2,2}"
WORKERS="${SCALING_WORKERS:-1 $(nproc)}"

require_tools scaling.sh dotnet python3
if [ "${SCALING_REPORT_ONLY:-0}" = 1 ]; then
	[ -d "$RES" ] || { echo "scaling.sh: no earlier run in $RES" >&2; exit 2; }
else
	rm -rf "$RES"
	mkdir -p "$RES"
	echo "== publishing Lockstep (Release, ReadyToRun for this machine, as the installed tool is)"
	publish_lockstep "$RES"
	for sz in $SIZES; do
		v=${sz%,*}; i=${sz#*,}
		for w in $WORKERS; do
			echo "== Lockstep --workers $w: V=$v I=$i"
			( cd "$ROOT" && /usr/bin/time -f "%e %U %S %M" -o "$RES/lockstep-$v-$i-$w.time" "$LOCKSTEP" check bench/peers/lockstep/invalidate_fault_memslot.c \
				-D NR_VCPUS="$v" -D NR_INVALIDATIONS="$i" --max-alloc-failures 0 --keep-going --no-liveness --workers "$w" ) \
				> "$RES/lockstep-$v-$i-$w.out" 2>&1 || true
		done
	done
	date -u '+%Y-%m-%d %H:%M' > "$RES/when"
	cut -d' ' -f1 /proc/loadavg > "$RES/load"
	git -C "$ROOT" rev-parse --short HEAD > "$RES/commit"
fi
python3 - "$RES" "$ROOT/docs/performance.md" "$SIZES" "$WORKERS" <<'PY'
import os, re, sys
res, doc, sizes, workers = sys.argv[1:]
def read(name):
    p = os.path.join(res, name)
    return open(p, errors="replace").read() if os.path.exists(p) else ""
rows, speedups = [], []
for sz in sizes.split():
    v, i = sz.split(",")
    base = None
    for w in workers.split():
        out = read(f"lockstep-{v}-{i}-{w}.out")
        t = read(f"lockstep-{v}-{i}-{w}.time").split()
        m = re.search(r"states: (\d+), transitions: (\d+), depth: \d+, time: ([\d.]+)s", out)
        verdict = re.search(r"^verdict: (\w+)", out, re.M)
        search = re.search(r"^search: (.*)$", out, re.M)
        if not m or len(t) < 4:
            rows.append(f"| {v}×{i} | {w} | error | – | – | – | – | – | – | {out.strip().splitlines()[-1][:100] if out.strip() else 'no output'} |")
            continue
        states, secs = int(m.group(1)), float(m.group(3))
        wall, cpu, peak = float(t[-4]), float(t[-3]) + float(t[-2]), int(t[-1]) / 1024
        if w == workers.split()[0]:
            base = (states, secs, wall)
        speed = f"{base[1] / secs:.2f}×" if base else "–"
        more = f"{(states / base[0] - 1) * 100:+.1f}%" if base else "–"
        if base and w != workers.split()[0]:
            speedups.append((f"{v}×{i}", w, base[1] / secs))
        rows.append(f"| {v}×{i} | {w} | {verdict.group(1) if verdict else '?'} | {states:,} | {more} | {secs:.2f} | {speed} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {search.group(1) if search else ''} |")
commit, load, when = read("commit").strip(), read("load").strip(), read("when").strip()
S = []
w = S.append
w("<!-- scaling:begin -->")
w("## Parallel depth-first search: scaling with workers")
w("")
w(f"Produced by `bench/peers/scaling.sh` on {when} UTC, Lockstep at commit `{commit}` plus the working tree; load "
  f"average {load} on {os.cpu_count()} cores when it was written (the machine is shared with other work: a worker that "
  "other work keeps from its core shows as less speed-up).")
w("")
w("The bug-free invalidate / fault / memslot protocol (scenario 3 above): `lockstep check "
  "bench/peers/lockstep/invalidate_fault_memslot.c -D NR_VCPUS=v -D NR_INVALIDATIONS=i --max-alloc-failures 0 "
  "--keep-going --no-liveness --workers N`, the Release build published ReadyToRun. One worker runs the sequential "
  "depth-first search, more run the parallel one (`ParallelDepthFirstStrategy`, src/Lockstep.Exploration/README.md); "
  "`--no-liveness` makes the one-worker run check what the parallel one checks (no fair-cycle search). The parallel "
  "search stores a few more states (its reduction is a little more conservative: a revisit that wakes threads and a "
  "state taken from another worker expand without a persistent set); `speed-up` is the one-worker search time "
  "divided by this one's.")
w("")
w("| size | workers | verdict | states | states vs 1 worker | search s | speed-up | wall s | CPU s | peak MiB | search |")
w("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
S.extend(rows)
w("")
met = [s for s in speedups if s[2] >= 1.8]
w("**Target** (issue 10): 2 workers ≥ 1.8× one worker on the 2-core machine: "
  + ("met at " + ", ".join(f"{s[0]} ({s[2]:.2f}×)" for s in met) if met else "not met")
  + ("; not met at " + ", ".join(f"{s[0]} ({s[2]:.2f}×)" for s in speedups if s not in met) if len(met) < len(speedups) else "")
  + ". Small sizes pay for sharing work (the first worker runs alone until it has given some away) and the "
    "runtime's start-up; the default stays one worker, because only the sequential search looks for fair cycles.")
w("<!-- scaling:end -->")
section = "\n".join(S) + "\n\n"
text = open(doc).read() if os.path.exists(doc) else ""
if "<!-- scaling:begin -->" in text:
    text = re.sub(r"<!-- scaling:begin -->.*?<!-- scaling:end -->\n\n?", lambda _: section, text, flags=re.S)
elif "<!-- sampling:begin -->" in text:
    text = text.replace("<!-- sampling:begin -->", section + "<!-- sampling:begin -->", 1)
else:
    text += "\n" + section
open(doc, "w").write(text)
print(f"== wrote the scaling section of {doc}")
PY
