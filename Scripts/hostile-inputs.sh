#!/usr/bin/env bash
# Generates big hostile inputs into a temporary directory and runs the release `cdr cat`
# and `cdr interactions` on each, printing the exit code, the summary lines, the number of
# rejection lines, the wall time and the peak resident memory (from /usr/bin/time).
#
# Then runs the output-side checks: a full disk (/dev/full), a closed pipe (| head -1),
# control characters in text output, and the CSV formula guard.
#
# Usage: Scripts/hostile-inputs.sh [--keep] [--output-only]
#   --keep         leaves the files in place
#   --output-only  generates only the 1M-line file and runs only the output-side checks
# Needs about 1.4 GB of free space in $TMPDIR (default /tmp). Not part of CI: it takes a
# few minutes. The figures of one run are in Documentation/HostileInputs.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
keep=0
output_only=0
for argument in "$@"; do
  case "$argument" in
    --keep) keep=1 ;;
    --output-only) output_only=1 ;;
    *) echo "unknown option $argument" >&2; exit 2 ;;
  esac
done

echo "building cdr (release)..." >&2
swift build -c release --product cdr --package-path "$root" >&2
cdr="$(swift build -c release --show-bin-path --package-path "$root")/cdr"

work="$(mktemp -d "${TMPDIR:-/tmp}/cdr-hostile.XXXXXX")"
if [[ $keep == 0 ]]; then trap 'rm -rf "$work"' EXIT; fi
echo "files in $work" >&2

repeat_byte() {  # repeat_byte COUNT CHAR: COUNT copies of CHAR on stdout
  head -c "$1" /dev/zero | tr '\0' "$2"
}

if [[ $output_only == 0 ]]; then
# 1. A 1 GiB single line (one string value), then one good record on the next line.
{
  printf '{"call_id":"huge","x":"'
  repeat_byte $((1 << 30)) a
  printf '"}\n{"call_id":"after-huge","duration_seconds":1}\n'
} >"$work/one-gigabyte-line.ndjson"

# 2. 100 MiB of NUL bytes.
head -c $((100 << 20)) /dev/zero >"$work/nul-100MiB.bin"

# 3. 10^6 nested arrays inside a record, then a good record.
{
  printf '{"call_id":"deep","x":'
  repeat_byte 1000000 '['
  repeat_byte 1000000 ']'
  printf '}\n{"call_id":"after-deep"}\n'
} >"$work/nested-1e6.ndjson"

# 4. One record with 10^6 members.
awk 'BEGIN {
  printf "{\"call_id\":\"wide\""
  for (i = 0; i < 1000000; i++) printf ",\"k%d\":%d", i, i
  print "}"
}' >"$work/keys-1e6.json"

# 5. A gzip-compressed fixture given as if it were JSON.
gzip -n -c "$root/Fixtures/calls/bridged-pair.ndjson" >"$work/bridged-pair.ndjson.gz"

fi

# 6. 10^6 NDJSON lines, about 1% garbage (seeded, so the file is the same on every run
#    with the same awk). Good lines are bridged pairs: leg-2k is the A-leg of leg-2k+1.
awk 'BEGIN {
  srand(20261123)
  for (n = 1; n <= 1000000; n++) {
    if (n > 1 && rand() < 0.01) {
      kind = int(rand() * 5)
      if (kind == 0) print "{\"call_id\":\"cut\",\"duration_seconds\":"
      else if (kind == 1) print "{\"duration_seconds\":3}"
      else if (kind == 2) print "not json at all"
      else if (kind == 3) print "{\"call_id\":\"a\",}"
      else print "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]"
      continue
    }
    pair = int(n / 2)
    other = (n % 2 == 0) ? n + 1 : n - 1
    start = 63746438400 + pair * 7
    printf "{\"call_id\":\"leg-%d\",\"other_leg_call_id\":\"leg-%d\",", n, other
    printf "\"call_direction\":\"%s\",", (n % 2 == 0) ? "inbound" : "outbound"
    # %.0f, not %d: some awks (mawk) clamp %d to 32 bits, and gregorian seconds are larger.
    printf "\"timestamp\":%.0f,\"duration_seconds\":60,\"billing_seconds\":55,", start + 60
    printf "\"custom_channel_vars\":{\"bridge_id\":\"leg-%d\",\"account_id\":\"acct\"}}\n", 2 * pair
  }
}' >"$work/garbage-1pct-1e6.ndjson"

if [[ $output_only == 0 ]]; then
# 7. A 100 MB KAZOO API envelope of valid rows (more than the 64 MiB record limit).
python3 - "$work/envelope-100MB.json" <<'PY'
import sys
pad = "p" * 1000
with open(sys.argv[1], "w") as out:
    out.write('{"page_size":95000,"start_key":"g2wAAAACbgUA","data":[')
    for n in range(95000):
        if n:
            out.write(",")
        out.write('{"call_id":"row-%d","timestamp":%d,"duration_seconds":60,'
                  '"custom_channel_vars":{"account_id":"acct","note":"%s"}}' % (n, 63746438400 + n, pad))
    out.write('],"next_start_key":"g2wAAAACbgUB","status":"success"}')
PY

# 8. The same envelope's first 8,004 rows with one bad escape in row 4,000.
python3 - "$work/envelope-bad-row.json" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write('{"data":[')
    for n in range(8004):
        if n:
            out.write(",")
        call_id = "bad\\q" if n == 4000 else "row-%d" % n
        out.write('{"call_id":"%s","duration_seconds":60}' % call_id)
    out.write('],"status":"success"}')
PY

# 9. A jq-style pretty array of 3,000 records with one closing brace removed (record 100),
#    and 100 pretty documents one after another with the 11th left unclosed.
python3 - "$work/pretty-array-missing-brace.json" "$work/pretty-documents-unclosed.json" <<'PY'
import json, sys
legs = [{"call_id": "leg-%d" % n, "timestamp": 63746438400 + n, "duration_seconds": 60,
         "custom_channel_vars": {"account_id": "acct", "bridge_id": "b-%d" % (n // 2)}}
        for n in range(3000)]
lines = json.dumps(legs, indent=2).split("\n")
del lines[[i for i, line in enumerate(lines) if line == "  },"][100]]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
docs = "\n".join(json.dumps(leg, indent=2) for leg in legs[:100]).split("\n")
del docs[[i for i, line in enumerate(docs) if line == "}"][10]]
open(sys.argv[2], "w").write("\n".join(docs) + "\n")
PY

printf '%-32s %10s %-22s %4s %7s %9s %7s  %s\n' \
  FILE BYTES COMMAND EXIT WALL_S PEAK_MiB STDERR SUMMARY
for file in one-gigabyte-line.ndjson nul-100MiB.bin nested-1e6.ndjson keys-1e6.json \
  bridged-pair.ndjson.gz garbage-1pct-1e6.ndjson envelope-100MB.json envelope-bad-row.json \
  pretty-array-missing-brace.json pretty-documents-unclosed.json; do
  size=$(stat -c %s "$work/$file")
  commands=("cat" "interactions")
  # The 1M-line file is in leg end order, so the streaming grouper can bound its memory.
  [[ $file == garbage-* ]] && commands+=("interactions --stream")
  for command in "${commands[@]}"; do
    set +e
    # shellcheck disable=SC2086  # the command's words are meant to be split
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$cdr" $command "$work/$file" \
      >/dev/null 2>"$work/stderr.txt"
    code=$?
    set -e
    read -r wall peak_kib < <(tail -n 1 "$work/time.txt")
    lines=$(wc -l <"$work/stderr.txt")
    summary=$(grep -E ' read, | interactions, ' "$work/stderr.txt" | paste -sd ';' -)
    peak=$(awk -v kib="$peak_kib" 'BEGIN { printf "%.1f", kib / 1024 }')
    printf '%-32s %10d %-22s %4d %7.2f %9s %7d  %s\n' "$file" "$size" "$command" "$code" \
      "$wall" "$peak" "$lines" "$summary"
    head -n 1 "$work/stderr.txt" | grep -vE ' read, | interactions, ' \
      | sed -e "s|$work/||" -e 's/^/    first line on stderr: /' | cut -c1-160 || true
  done
done
fi

# Output side (issue 15): nothing may be lost silently.
garbage="$work/garbage-1pct-1e6.ndjson"
echo
echo "== a full disk: cdr COMMAND FILE > /dev/full"
if [[ -e /dev/full ]]; then
  for command in cat csv interactions validate; do
    set +e
    start=$(date +%s.%N)
    # shellcheck disable=SC2086  # the command's words are meant to be split
    "$cdr" $command "$garbage" >/dev/full 2>"$work/stderr.txt"
    code=$?
    end=$(date +%s.%N)
    set -e
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    printf '%-13s exit %3d  %6ss  last stderr line: %s\n' "$command" "$code" "$wall" \
      "$(tail -n 1 "$work/stderr.txt")"
  done
else
  echo "(no /dev/full on this system)"
fi

echo
echo "== a closed pipe: cdr COMMAND FILE | head -1"
for command in cat csv "interactions --stream" validate; do
  set +e
  start=$(date +%s.%N)
  # shellcheck disable=SC2086  # the command's words are meant to be split
  "$cdr" $command "$garbage" 2>"$work/stderr.txt" | head -n 1 >/dev/null
  code=${PIPESTATUS[0]}
  end=$(date +%s.%N)
  set -e
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  printf '%-22s exit %3d  %6ss  stderr lines: %d\n' "$command" "$code" "$wall" \
    "$(grep -vc 'record .*: ' "$work/stderr.txt" || true)"
done

echo
echo "== control characters in text output"
printf '%s\n' '{"call_id":"x): valid\n<stdin>:9: record 9 (y\u001b[2J\u202e","caller_id_number":"\u001b]0;pwned\u0007"}' \
  >"$work/escapes.ndjson"
"$cdr" validate "$work/escapes.ndjson" 2>/dev/null | cat -v || true
"$cdr" interactions --format table "$work/escapes.ndjson" 2>/dev/null | cat -v || true

echo
echo "== CSV formula guard (default) and --no-safe-formulas"
printf '%s\n' '{"call_id":"=HYPERLINK(\"http://x\")","caller_id_number":"+14155550100","caller_id_name":"-5","callee_id_name":"@SUM(A1)"}' \
  >"$work/formulas.ndjson"
columns=call_id,caller_id_number,caller_id_name,callee_id_name
"$cdr" csv --columns "$columns" "$work/formulas.ndjson" 2>/dev/null
"$cdr" csv --columns "$columns" --no-safe-formulas "$work/formulas.ndjson" 2>/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
  "$(uname -sr), $(swift --version 2>&1 | head -n 1)"
