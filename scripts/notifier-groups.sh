#!/usr/bin/env bash
# Runs the notifier-core model (models/linux/mmu_notifier_subscribers.c) over its actor groups × {upstream, fixed}
# × {default, PREEMPT_RT} and rewrites the table in docs/findings/notifier-core.md between
# <!-- notifier-groups:begin --> and <!-- notifier-groups:end -->, one row per actor group the model declares.
# "fixed" is both fix variants (-D MN_ITREE_FIXED: MN_ITREE_END_ON_HLIST_FAILURE + MN_ITREE_SEQ_AFTER_DEFERRED), and in the
# groups with KVM's subscriber (WITH_KVM=1) the seed's fix too (-D OOM_REAP_MAY_WAIT). Each cell is bounded (--timeout, --max-states) and
# says incomplete when it hits the bound (--max-states, deterministic; --timeout only as a safety net). tests/Lockstep.Models.Tests/NotifierCoreTests.cs asserts the quick cells.
# Usage: scripts/notifier-groups.sh [MAX_STATES_PER_CELL]   (default 5000000)
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-5000000}
dotnet build -c Release src/Lockstep.Cli -nologo -v q >/dev/null
lockstep="dotnet src/Lockstep.Cli/bin/Release/net10.0/lockstep.dll"
# The groups are the ones the model declares (lockstep-group lines), as `matrix --list-groups` prints them:
# "NAME [quick] -D A=1 -D B=0 ...".
mapfile -t groups < <($lockstep matrix models/linux/mmu_notifier_subscribers.c --list-groups \
  | sed -E 's/^([^ ]+) +(quick )?(.*)$/\1|\3/')
table=$(mktemp)
json=$(mktemp)
trap 'rm -f "$table" "$json"' EXIT
{
  echo "| group | config | upstream | states | fixed | states |"
  echo "| --- | --- | --- | ---: | --- | ---: |"
  for entry in "${groups[@]}"; do
    name=${entry%%|*}
    defines=${entry#*|}
    for config in default PREEMPT_RT; do
      cfg=(); [ "$config" = default ] || cfg=(--config "$config")
      row="| $name | $config"
      fix="-D MN_ITREE_FIXED"
      case " $defines " in *" -D WITH_KVM=1 "*) fix="$fix -D OOM_REAP_MAY_WAIT" ;; esac
      for variant in "" "$fix"; do
        # shellcheck disable=SC2086
        $lockstep check models/linux/mmu_notifier_subscribers.c -I models/linux/include $defines $variant "${cfg[@]}" \
          --max-states "$limit" --timeout 900 --no-coverage --json "$json" >/dev/null 2>&1 || true
        cell=$(python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
v = r["verdict"]
if v == "bug":
    b = r["bugs"][0]
    v = f"bug: {b['kind']} in {b['function']}"
print(f"{v} | {r['stats']['states']:,}")
PY
)
        row="$row | $cell"
      done
      echo "$row |"
    done
  done
} > "$table"
python3 scripts/replace-block.py docs/findings/notifier-core.md notifier-groups "$table"
