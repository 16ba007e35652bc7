#!/usr/bin/env bash
# Builds the libFuzzer targets (release, address sanitizer, coverage) and runs them.
#
#   Fuzz/run.sh TARGET|all [SECONDS] [extra libFuzzer options...]
#
# TARGET is json, reader, cursor, query, sipheaders, csv, resync, copy, validatebytes, lazy or legtable; SECONDS defaults to 60 per target.
# Each target's working corpus is Fuzz/work/corpus/TARGET, seeded from Fuzz/Seeds/TARGET and
# from Fixtures/ (json, reader, copy, validatebytes, lazy, legtable); new inputs libFuzzer finds are kept there between runs.
# Crashes and property failures land in Fuzz/work/artifacts/TARGET/ (crash-*, timeout-*,
# oom-*); replay one with: Fuzz/.build/release/cdr-fuzz TARGET Fuzz/work/artifacts/TARGET/crash-...
# Exit status: 0 when every run ended cleanly, 1 otherwise.
set -euo pipefail
# A property failure aborts; the Swift runtime's interactive backtracer would then hold the
# process (and libFuzzer's crash handling) for a long time. libFuzzer prints its own stack.
export SWIFT_BACKTRACE=enable=no

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ_DIR")"
TARGETS=(json reader cursor query sipheaders csv resync copy validatebytes lazy legtable)

target="${1:-}"
seconds="${2:-60}"
shift $(( $# >= 2 ? 2 : $# ))
if [[ -z "$target" || ( "$target" != all && ! " ${TARGETS[*]} " =~ " $target " ) ]]; then
  echo "usage: Fuzz/run.sh $(IFS="|"; echo "${TARGETS[*]}")|all [SECONDS] [libFuzzer options...]" >&2
  exit 2
fi

toolchain_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
fuzzer_lib="$(ls "$toolchain_bin"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -n 1 || true)"
if [[ -z "$fuzzer_lib" ]]; then
  echo "run.sh: libclang_rt.fuzzer_no_main not found next to the Swift toolchain" >&2
  exit 2
fi

echo "== building cdr-fuzz (release, address sanitizer, coverage)"
mkdir -p "$FUZZ_DIR/work"
# Release builds inline CDRKit code (object layouts included) into cdr-fuzz across modules,
# and SwiftPM does not always recompile cdr-fuzz after a library change: a stale copy gave a
# false heap-buffer-overflow in CDRReader.init. Touching the harness forces its recompile.
touch "$FUZZ_DIR"/Sources/CDRFuzz/*.swift
build_log="$FUZZ_DIR/work/build.log"
# ld.gold's many "Cannot export local symbol '__asan_...'" warnings are harmless.
if ! swift build -c release --package-path "$FUZZ_DIR" --scratch-path "$FUZZ_DIR/.build" \
  -Xswiftc -sanitize=address \
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
  -Xlinker "$fuzzer_lib" -Xlinker -lstdc++ >"$build_log" 2>&1; then
  grep -v "Cannot export local symbol" "$build_log" >&2
  echo "run.sh: build failed (log: $build_log)" >&2
  exit 2
fi
binary="$FUZZ_DIR/.build/release/cdr-fuzz"

# Seeds: the curated set plus, for the JSON and reader targets, every fixture file and
# every fixture line (the reader seeds get a leading shape byte 0, "raw").
seed() {
  local name="$1" corpus="$2"
  if [[ -d "$FUZZ_DIR/Seeds/$name" ]]; then cp -n "$FUZZ_DIR/Seeds/$name"/* "$corpus"/ 2>/dev/null || true; fi
  case "$name" in
    json|validatebytes|lazy)
      local n=0
      for file in "$ROOT"/Fixtures/calls/* "$ROOT"/Fixtures/realdata/*.json "$ROOT"/Fixtures/bad/*; do
        cp "$file" "$corpus/fixture-$(basename "$file")"
        while IFS= read -r line; do
          n=$((n + 1))
          printf '%s' "$line" > "$corpus/line-$n"
        done < "$file"
      done ;;
    reader|copy|legtable)
      for file in "$ROOT"/Fixtures/calls/* "$ROOT"/Fixtures/realdata/* "$ROOT"/Fixtures/bad/*; do
        { printf '\0'; cat "$file"; } > "$corpus/fixture-$(basename "$file")"
      done ;;
  esac
}

status=0
run_target() {
  local name="$1"
  shift
  local corpus="$FUZZ_DIR/work/corpus/$name" artifacts="$FUZZ_DIR/work/artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  seed "$name" "$corpus"
  echo "== $name for ${seconds}s"
  if ! "$binary" "$name" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@"; then
    echo "== $name FAILED; artifacts in $artifacts" >&2
    status=1
  fi
}

if [[ "$target" == all ]]; then
  for name in "${TARGETS[@]}"; do run_target "$name" "$@"; done
else
  run_target "$target" "$@"
fi
exit "$status"
