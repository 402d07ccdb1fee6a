#!/usr/bin/env bash
# Regenerates the per-group counts in the repository's README.md from models/selftests/cases.tsv (the instances of
# the lib/locking-selftest.c templates and the kernel's expected results). tests/Lockstep.Models.Tests/SelftestModelTests.cs
# runs every instance through the checker and fails when the README's table differs from what this script writes.
# Usage: scripts/selftest-table.sh            (from anywhere; rewrites the table in place)
set -euo pipefail
cd "$(dirname "$0")/.."
readme=README.md
table=$(awk -F'\t' '
  /^#/ || NF < 5 { next }
  { n[$1]++; if ($5 == "ok") ok[$1]++; else bug[$1]++; if (!($1 in seen)) { seen[$1] = 1; order[++g] = $1 } }
  END {
    print "| group | instances | kernel expects a report | kernel expects success |"
    print "| --- | --- | --- | --- |"
    for (i = 1; i <= g; i++) { k = order[i]; total += n[k]; printf "| %s | %d | %d | %d |\n", k, n[k], bug[k] + 0, ok[k] + 0 }
    printf "| all | %d | | |\n", total
  }' models/selftests/cases.tsv)
awk -v table="$table" '
  /<!-- selftest-table:begin -->/ { print; print table; skip = 1; next }
  /<!-- selftest-table:end -->/ { skip = 0 }
  !skip { print }' "$readme" > "$readme.tmp"
mv "$readme.tmp" "$readme"
echo "updated $readme"
