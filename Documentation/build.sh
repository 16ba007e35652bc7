#!/usr/bin/env bash
# Builds the DocC documentation of every module without the DocC plugin:
# symbol graphs from the compiler, then `docc convert` per module, warnings as errors.
# Usage: Documentation/build.sh [OUTPUT_DIR]   (default: .build/docs)
# MODULES="CDRModel CDRTime" limits the run to some modules; COVERAGE=1 also prints each
# module's documentation coverage (docc's experimental brief summary).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-.build/docs}"
SCRATCH=.build/docs-build
GRAPHS="$SCRATCH/symbol-graphs"
DOCC="$(dirname "$(readlink -f "$(which swift)")")/docc"
[ -x "$DOCC" ] || DOCC=docc

# Incremental builds only rewrite changed modules' graphs, so keep the folder.
mkdir -p "$GRAPHS" "$OUT"
MODULES=${MODULES:-$(ls -d Sources/*/*.docc | sed -E "s#Sources/([^/]+)/.*#\1#")}
for module in $MODULES; do
  [ "$module" = CDRKit ] && continue
  swift build --scratch-path "$SCRATCH" --target "$module" \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$GRAPHS" \
    -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public \
    -Xswiftc -symbol-graph-skip-synthesized-members -Xswiftc -emit-extension-block-symbols >/dev/null
done
COVERAGE_FLAGS=()
[ "${COVERAGE:-0}" = 1 ] &&
  COVERAGE_FLAGS=(--experimental-documentation-coverage --coverage-summary-level brief)
for module in $MODULES; do
  dir="$(mktemp -d)"
  # Each module's catalog sees its own symbol graph (and its extensions of others). The
  # umbrella CDRKit only re-exports, so its catalog is articles alone: the symbols are
  # documented in the modules that declare them.
  if [ "$module" != CDRKit ]; then
    cp "$GRAPHS/$module".symbols.json "$dir"/
    cp "$GRAPHS/$module"@*.symbols.json "$dir"/ 2>/dev/null || true
  fi
  echo "== $module"
  "$DOCC" convert "Sources/$module/$module.docc" \
    --additional-symbol-graph-dir "$dir" \
    --output-path "$OUT/$module.doccarchive" \
    --fallback-display-name "$module" --fallback-bundle-identifier "org.cdrkit.$module" \
    --warnings-as-errors --analyze ${COVERAGE_FLAGS[@]+"${COVERAGE_FLAGS[@]}"}
  rm -rf "$dir"
done
echo "documentation built in $OUT"
