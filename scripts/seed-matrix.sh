#!/usr/bin/env bash
# Regenerates the seed model's verdict table (README.md and docs/seed.md) from `lockstep matrix`.
# The table covers the OOM actors (killer, timer, reaper against a registered VM; the vCPU and the exit path are
# off): every cell is exhaustive or a bug within seconds. tests/Lockstep.Cli.Tests/ReadmeTableTests.cs fails when
# the README's verdicts, bug titles or locations differ from what this command prints (counts and times aside).
# Usage: scripts/seed-matrix.sh            (from anywhere; rewrites the tables in place)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/Lockstep.Cli -nologo -v q >/dev/null
table=$(mktemp)
trap 'rm -f "$table"' EXIT
dotnet src/Lockstep.Cli/bin/Release/net10.0/lockstep.dll matrix models/linux/kvm_oom.c -I models/linux/include \
  -D WITH_VCPU=0 -D WITH_EXIT=0 \
  --variants BASE,RAW_MN_INVALIDATE_LOCK,ATOMIC_MN_COUNT,DEFER_NONBLOCK_INVALIDATE,OOM_ENTER_SYNC_UNREGISTER,OOM_ENTER_DEFERRED_UNREGISTER,OOM_ENTER_FLAG_EARLY_RETURN,NONBLOCK_EAGAIN,AFTER_OOM_UNREGISTER \
  --config PREEMPT_RT --config PREEMPT_RT,RTLOCK_IN_NON_BLOCK --timeout 60 > "$table"
# Each file holds the table between <!-- seed-matrix:begin --> and <!-- seed-matrix:end -->.
for file in README.md docs/seed.md; do
  python3 - "$file" "$table" <<'PY'
import sys, re
path, table = sys.argv[1], open(sys.argv[2]).read().strip()
text = open(path).read()
new, n = re.subn(r"(<!-- seed-matrix:begin -->\n).*?(\n<!-- seed-matrix:end -->)", lambda m: m.group(1) + table + m.group(2), text, flags=re.S)
if n != 1: sys.exit(f"{path}: expected one seed-matrix block, found {n}")
open(path, "w").write(new)
PY
  echo "updated $file"
done
