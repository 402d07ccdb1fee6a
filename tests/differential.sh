#!/bin/sh
# The long differential soundness run (issue 15): generated models, with and without seeded bugs, checked with
# --no-por and with every search (DFS+POR, DFS+POR with --merge-steps, BFS, 2 workers with and without POR); verdicts
# and bug kinds must agree.
# Usage: tests/differential.sh [COUNT_PER_SEED] [SEEDS...]   (defaults: 200 models for each of seeds 1 2 3)
# Record the numbers it prints in docs/soundness.md.
set -e
cd "$(dirname "$0")/.."
count=${1:-200}
shift 2>/dev/null || true
seeds=${*:-1 2 3}
for seed in $seeds; do
  echo "seed $seed: $count models"
  LOCKSTEP_DIFFERENTIAL_SEED=$seed LOCKSTEP_DIFFERENTIAL_COUNT=$count \
    dotnet test tests/Lockstep.Models.Tests -c Release --filter "FullyQualifiedName~DifferentialTests" --logger "console;verbosity=normal" 2>&1 \
    | grep -E "differential:|Passed!|Failed!|says" || true
done
