#!/usr/bin/env bash
# Runs the notifier-core model (models/linux/mmu_notifier_subscribers.c) over its actor groups × {upstream, fixed}
# × {default, PREEMPT_RT} and rewrites the table in docs/findings/notifier-core.md between
# <!-- notifier-groups:begin --> and <!-- notifier-groups:end -->, one row per actor group the model declares.
# "fixed" is both fix variants (-D MN_ITREE_FIXED: MN_ITREE_END_ON_HLIST_FAILURE + MN_ITREE_SEQ_AFTER_DEFERRED), and in the
# groups with KVM's subscriber (WITH_KVM=1) the seed's fix too (-D OOM_REAP_MAY_WAIT). Each cell is bounded (--max-states,
# deterministic; --timeout only as a safety net) and says incomplete when it hits the bound. The cells run JOBS at a time
# (default: one per core); each is one sequential search, so the table does not depend on JOBS.
# Without step merging (--no-merge-steps): the table's counts were measured before merging became the default, and
# tests/Lockstep.Models.Tests/NotifierCoreTests.cs asserts the quick cells (and that the default, merging search gives
# the same verdicts from no more states).
# Usage: [JOBS=N] scripts/notifier-groups.sh [MAX_STATES_PER_CELL]   (default 5000000)
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-5000000}
jobs=${JOBS:-$(nproc)}
dotnet build -c Release src/Lockstep.Cli -nologo -v q >/dev/null
lockstep="dotnet src/Lockstep.Cli/bin/Release/net10.0/lockstep.dll"
model=models/linux/mmu_notifier_subscribers.c
# The groups are the ones the model declares (lockstep-group lines), as `matrix --list-groups` prints them:
# "NAME [quick] -D A=1 -D B=0 ...".
mapfile -t groups < <($lockstep matrix "$model" --list-groups | sed -E 's/^([^ ]+) +(quick )?(.*)$/\1|\3/')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One line per cell: "INDEX|DEFINES|VARIANT|CONFIG"; INDEX orders the cells back into rows.
index=0
for entry in "${groups[@]}"; do
  defines=${entry#*|}
  fix="-D MN_ITREE_FIXED"
  case " $defines " in *" -D WITH_KVM=1 "*) fix="$fix -D OOM_REAP_MAY_WAIT" ;; esac
  for config in default PREEMPT_RT; do
    for variant in "" "$fix"; do
      echo "$index|$defines|$variant|$config"
      index=$((index + 1))
    done
  done
done > "$work/cells"

run_cell() {
  IFS='|' read -r index defines variant config <<<"$1"
  local cfg=()
  [ "$config" = default ] || cfg=(--config "$config")
  # shellcheck disable=SC2086
  $lockstep check "$model" -I models/linux/include $defines $variant "${cfg[@]}" \
    --max-states "$limit" --timeout 1800 --no-coverage --no-merge-steps --json "$work/$index.json" >/dev/null 2>&1 || true
}
export -f run_cell
export lockstep model limit work
tr '\n' '\0' < "$work/cells" | xargs -0 -P "$jobs" -I{} bash -c 'run_cell "$1"' _ {}

python3 - "$work" "${groups[@]}" > "$work/table" <<'PY'
import json, sys
work, groups = sys.argv[1], sys.argv[2:]
def cell(i):
    r = json.load(open(f"{work}/{i}.json"))
    v = r["verdict"]
    if v == "bug":
        b = r["bugs"][0]
        v = f"bug: {b['kind']} in {b['function']}"
    return f"{v} | {r['stats']['states']:,}"
print("| group | config | upstream | states | fixed | states |")
print("| --- | --- | --- | ---: | --- | ---: |")
i = 0
for g in groups:
    name = g.split("|", 1)[0]
    for config in ("default", "PREEMPT_RT"):
        print(f"| {name} | {config} | {cell(i)} | {cell(i + 1)} |")
        i += 2
PY
python3 scripts/replace-block.py docs/findings/notifier-core.md notifier-groups "$work/table"
