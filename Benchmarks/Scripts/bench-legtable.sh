#!/bin/sh
# `cdr interactions` on the leg table against Python + orjson, on one generated NDJSON file.
# Usage: Benchmarks/Scripts/bench-legtable.sh [LEGS] [RUNS]   (default 380000 legs, 3 runs)
# Builds the release `cdr` and `cdr-bench`, writes the file once (kept under
# ${TMPDIR:-/tmp}), then alternates `cdr interactions FILE > /dev/null` and
# `python3 Scripts/group_orjson.py FILE > /dev/null` under /usr/bin/time -v (wall, peak RSS),
# times `wc -l FILE`, and runs the in-process `cdr-bench legtable` stages on the same file.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
legs=${1:-380000}
runs=${2:-3}
file="${TMPDIR:-/tmp}/cdr-legtable-$legs.ndjson"
swift build -c release --package-path "$root" --product cdr
swift build -c release --package-path "$root/Benchmarks" --product cdr-bench
[ -f "$file" ] || "$root/Benchmarks/.build/release/cdr-bench" --write "$file" --legs "$legs"
echo "machine: $(uname -srm), $(getconf _NPROCESSORS_ONLN) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "input: $file, $(wc -c < "$file") bytes"
measure() {
  name=$1
  shift
  /usr/bin/time -v "$@" > /dev/null 2> "$file.time"
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$file.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$file.time")
  echo "$name: wall $wall, peak RSS $rss KB"
}
run=1
while [ "$run" -le "$runs" ]; do
  measure "cdr interactions" "$root/.build/release/cdr" interactions "$file"
  measure "python3 + orjson" python3 "$root/Benchmarks/Scripts/group_orjson.py" "$file"
  run=$((run + 1))
done
measure "wc -l" wc -l "$file"
rm -f "$file.time"
CDR_LEGTABLE_FILE="$file" "$root/Benchmarks/.build/release/cdr-bench" legtable --legs "$legs"
