# Shared by the peer benchmarks (run.sh, scaling.sh, sampling.sh): sourced, not run.
# Expects HERE (bench/peers) and ROOT (the repository) to be set.

# require_tools SCRIPT TOOL...: stop with exit 2 naming the first tool that is missing (and GNU time, always needed).
require_tools() {
	local script="$1"; shift
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "$script: '$tool' is missing (see the header)" >&2; exit 2; }
	done
	[ -x /usr/bin/time ] || { echo "$script: /usr/bin/time is missing: apt-get install -y time" >&2; exit 2; }
}

# publish_lockstep DIR: the Release build of the CLI, precompiled (ReadyToRun) for this machine as the installed tool
# is, into DIR/lockstep-bin; sets LOCKSTEP to its executable. The log goes to DIR/build-lockstep.log.
publish_lockstep() {
	local dir="$1"
	dotnet publish -c Release --use-current-runtime "$ROOT/src/Lockstep.Cli" -o "$dir/lockstep-bin" -nologo -v q \
		> "$dir/build-lockstep.log" 2>&1 || { tail -20 "$dir/build-lockstep.log"; exit 2; }
	LOCKSTEP="$dir/lockstep-bin/lockstep"
}
