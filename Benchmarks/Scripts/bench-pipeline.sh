#!/bin/sh
# Builds the release `cdr` and the release benchmarks, then runs `cdr-bench pipeline`.
# Usage: Benchmarks/Scripts/bench-pipeline.sh [LEGS[,LEGS...]]   (default 100000,1000000)
# Run from anywhere; python3 + orjson are used for stage 8 when installed.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
legs=${1:-100000,1000000}
echo "building cdr (release)"
swift build -c release --package-path "$root" --product cdr
echo "building cdr-bench (release)"
swift build -c release --package-path "$root/Benchmarks" --product cdr-bench
echo "machine: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cores, load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
CDR_BINARY="$root/.build/release/cdr" \
  "$root/Benchmarks/.build/release/cdr-bench" pipeline --legs "$legs"
