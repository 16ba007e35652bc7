#!/bin/sh
# Each of `cdr cat`, `csv`, `validate`, `stats`, `interactions` against a Python + orjson
# script doing the same job, on one generated NDJSON file (issue 14).
# Usage: Benchmarks/Scripts/bench-commands.sh [--check] [FILE] [RUNS]
#   FILE  an NDJSON file (default: ${TMPDIR:-/tmp}/cdr-legtable-$LEGS.ndjson, written once
#         with `cdr-bench --write FILE --legs $LEGS`, LEGS=380000, about 350 MB)
#   RUNS  alternating runs of each command and its script (default $RUNS, else 5)
#   --check  only compare outputs: cat, csv, validate and stats must be byte-identical to
#            their scripts' (cksum of both); interactions is skipped (other output format)
# CDR_BINARY=PATH uses that cdr; otherwise the release cdr of this repository is built
# (`swift build -c release --product cdr`). Each run is `CMD > /dev/null` under
# /usr/bin/time -f "%M" (peak RSS KB), timed by the clock; the table shows medians, and the
# slowest and fastest of the pairs' ratios (each cdr run against the script run after it).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
scripts="$root/Benchmarks/Scripts"
check=no
if [ "${1:-}" = "--check" ]; then check=yes; shift; fi
legs=${LEGS:-380000}
file=${1:-}
runs=${2:-${RUNS:-5}}
if [ -n "${CDR_BINARY:-}" ]; then
  cdr=$CDR_BINARY
else
  swift build -c release --package-path "$root" --product cdr
  cdr="$root/.build/release/cdr"
fi
if [ -z "$file" ]; then
  file="${TMPDIR:-/tmp}/cdr-legtable-$legs.ndjson"
  [ -f "$file" ] || swift run -c release --package-path "$root/Benchmarks" cdr-bench \
    --write "$file" --legs "$legs"
fi
python_script() {
  case $1 in
    cat) echo "$scripts/cat_orjson.py" ;;
    csv) echo "$scripts/csv_python.py" ;;
    validate) echo "$scripts/validate_orjson.py" ;;
    stats) echo "$scripts/stats_orjson.py" ;;
    interactions) echo "$scripts/group_orjson.py" ;;
  esac
}

if [ "$check" = yes ]; then
  status=0
  for command in cat csv validate stats; do
    ours=$("$cdr" "$command" "$file" 2> /dev/null | cksum) || true
    theirs=$(python3 "$(python_script "$command")" "$file" 2> /dev/null | cksum)
    if [ "$ours" = "$theirs" ]; then
      echo "$command: identical ($ours)"
    else
      echo "$command: DIFFERENT (cdr $ours, python $theirs)"
      status=1
    fi
  done
  echo "interactions: skipped (cdr writes interaction objects, the script sorted call ids)"
  exit $status
fi

times=$(mktemp)
trap 'rm -f "$times" "$times".*' EXIT
# microseconds: the clock, for timing runs
microseconds() { echo $(($(date +%s%N) / 1000)); }
# measure FILE CMD...: one run, appends "wall rss" to FILE (wall in seconds from the clock
# in nanoseconds: /usr/bin/time's own figure has two decimals, 3 % of a 0.3 s run)
measure() {
  out=$1
  shift
  started=$(microseconds)
  /usr/bin/time -o "$times" -f "%M" "$@" > /dev/null 2> /dev/null || true
  ended=$(microseconds)
  echo "$((ended - started)) $(tail -n 1 "$times")" |
    awk '{ printf "%.6f %s\n", $1 / 1e6, $2 }' >> "$out"
}
# ratios CDR_FILE PY_FILE: "slowest fastest" of the runs' python/cdr wall ratios, pair by pair
ratios() {
  paste -d' ' "$1" "$2" | awk '{ r = $3 / $1; if (NR == 1 || r < lo) lo = r; if (NR == 1 || r > hi) hi = r }
    END { printf "%.2f %.2f", lo, hi }'
}
# median COLUMN FILE
median() {
  cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
bytes=$(wc -c < "$file")
lines=$(wc -l < "$file")
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -srm), nproc $(nproc)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $file, $bytes bytes, $lines legs; cdr: $cdr; $runs alternating runs, medians"
echo
printf '%-13s %9s %9s %8s %13s %9s %10s %11s %11s\n' command "cdr s" "python s" ratio \
  "pairs" "cdr MB/s" "cdr RSS" "RSS/input" "python RSS"
for command in cat csv validate stats interactions; do
  script=$(python_script "$command")
  : > "$times.cdr"
  : > "$times.py"
  run=1
  while [ "$run" -le "$runs" ]; do
    measure "$times.cdr" "$cdr" "$command" "$file"
    measure "$times.py" python3 "$script" "$file"
    run=$((run + 1))
  done
  awk -v c="$command" -v cw="$(median 1 "$times.cdr")" -v pw="$(median 1 "$times.py")" \
    -v cr="$(median 2 "$times.cdr")" -v pr="$(median 2 "$times.py")" -v b="$bytes" \
    -v pairs="$(ratios "$times.cdr" "$times.py")" 'BEGIN {
      split(pairs, range, " ")
      printf "%-13s %9.3f %9.3f %7.2fx %5.2f-%5.2fx %9.1f %6.1f MiB %10.2fx %7.1f MiB\n",
        c, cw, pw, pw / cw, range[1], range[2], b / 1e6 / cw, cr / 1024, cr * 1024 / b, pr / 1024 }'
done
: > "$times.wc"
run=1
while [ "$run" -le "$runs" ]; do
  started=$(microseconds)
  wc -l "$file" > /dev/null
  echo "$(($(microseconds) - started))" >> "$times.wc"
  run=$((run + 1))
done
awk -v us="$(median 1 "$times.wc")" -v b="$bytes" -v r="$runs" 'BEGIN {
  printf "wc -l: %.3f s (%.0f MB/s), median of %d runs\n", us / 1e6, b / us, r }'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
