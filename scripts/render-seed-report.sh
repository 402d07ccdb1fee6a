#!/usr/bin/env bash
# Renders the seed bug's HTML report (the README's first command, with --html) to docs/seed-report.png with headless
# Chromium (Debian package chromium).
# Usage: scripts/render-seed-report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "error: chromium is needed (apt-get install chromium)" >&2; exit 2; }
dotnet build -c Release src/Lockstep.Cli -nologo -v q >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
dotnet src/Lockstep.Cli/bin/Release/net10.0/lockstep.dll check models/linux/kvm_oom.c -I models/linux/include \
  -D OOM_ENTER_SYNC_UNREGISTER --html "$work/seed.html" --trace-out "$work/seed.replay.json" >/dev/null || status=$?
[ "$status" -eq 1 ] || { echo "error: the seed check should find its bug (exit 1), got $status" >&2; exit 1; }
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,2400 \
  --screenshot="$PWD/docs/seed-report.png" "file://$work/seed.html" 2>/dev/null
echo "wrote docs/seed-report.png"
