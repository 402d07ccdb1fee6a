#!/usr/bin/env bash
# Regenerates the seed model's verdict tables with lockstep's `matrix` command over actor groups (--groups: the groups
# models/linux/kvm_oom.c declares in its lockstep-group lines; --list-groups lists them).
#  - the quick table (README.md and docs/seed.md, between <!-- seed-matrix:begin/end -->): every variant × the config
#    set on the groups marked quick — each cell exhaustive or a bug within seconds; tests/Lockstep.Cli.Tests/
#    ReadmeTableTests.cs fails when the README's verdicts, groups, bug titles or locations differ from what this
#    command prints (counts and times aside);
#  - with --full, the full table (docs/seed.md, between <!-- seed-matrix-full:begin/end -->): every variant × the
#    config set on every group, each group's run bounded by --max-states (deterministic), worst verdict per cell.
#    Its cells run JOBS at a time (default: one per core; each cell is still one sequential search). It takes the
#    better part of an hour on two cores and is not run by CI.
# Usage: scripts/seed-matrix.sh [--full]     (from anywhere; rewrites the tables in place)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/Lockstep.Cli -nologo -v q >/dev/null
lockstep() { dotnet src/Lockstep.Cli/bin/Release/net10.0/lockstep.dll "$@"; }
table=$(mktemp)
full=$(mktemp)
trap 'rm -f "$table" "$full"' EXIT
lockstep matrix models/linux/kvm_oom.c -I models/linux/include --groups quick \
  --variants BASE,RAW_MN_INVALIDATE_LOCK,ATOMIC_MN_COUNT,DEFER_NONBLOCK_INVALIDATE,OOM_ENTER_SYNC_UNREGISTER,OOM_ENTER_DEFERRED_UNREGISTER,OOM_ENTER_FLAG_EARLY_RETURN,NONBLOCK_EAGAIN,AFTER_OOM_UNREGISTER,OOM_REAP_MAY_WAIT \
  --config PREEMPT_RT --config PREEMPT_RT,RTLOCK_IN_NON_BLOCK --config PROVE_RAW_LOCK_NESTING --max-states 2000000 --timeout 600 > "$table"
replace() { python3 scripts/replace-block.py "$@"; } # file marker table
for file in README.md docs/seed.md; do replace "$file" seed-matrix "$table"; done
if [ "${1:-}" = "--full" ]; then
  lockstep matrix models/linux/kvm_oom.c -I models/linux/include --groups all \
    --variants BASE,RAW_MN_INVALIDATE_LOCK,ATOMIC_MN_COUNT,DEFER_NONBLOCK_INVALIDATE,OOM_ENTER_SYNC_UNREGISTER,OOM_ENTER_DEFERRED_UNREGISTER,OOM_ENTER_FLAG_EARLY_RETURN,NONBLOCK_EAGAIN,AFTER_OOM_UNREGISTER,OOM_REAP_MAY_WAIT \
    --config PREEMPT_RT --config PREEMPT_RT,RTLOCK_IN_NON_BLOCK --config PROVE_RAW_LOCK_NESTING --max-states 300000 --timeout 600 \
    --jobs "${JOBS:-$(nproc)}" --json docs/seed-matrix-full.json > "$full"
  replace docs/seed.md seed-matrix-full "$full"
fi
