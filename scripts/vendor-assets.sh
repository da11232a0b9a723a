#!/usr/bin/env bash
# vendor-assets.sh — (re)fetch the pinned third-party front-end assets into
# internal/web/render/static/vendor/ using `npm pack` (no node_modules in the repo).
#
# The build does NOT need npm: the output files are committed. Run this
# script only when bumping a version below, then commit the result.
#
# Usage:  scripts/vendor-assets.sh          # from anywhere inside the repo
# Needs:  bash, npm, tar, sha256sum (network access to the npm registry).
set -euo pipefail

# --- pinned versions (bump here, rerun, update README.md table) -------------
UTRECHT_CSS_VERSION="9.0.4"      # @utrecht/component-library-css
THEME_VERSION="7.4.1"            # @nl-design-system-unstable/voorbeeld-design-tokens
AXE_VERSION="4.14.1"             # axe-core
CHARTJS_VERSION="4.6.1"          # chart.js
# -----------------------------------------------------------------------------

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/internal/web/render/static/vendor"

command -v npm >/dev/null || { echo "vendor-assets: npm is required to refresh vendored assets" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# fetch <npm spec> -> prints the extracted package dir
fetch() {
  local spec="$1" tgz dir
  tgz="$(cd "$WORK" && npm pack "$spec" --silent --pack-destination "$WORK" | tail -n1)"
  dir="$WORK/x-${tgz%.tgz}"
  mkdir -p "$dir"
  tar -xzf "$WORK/$tgz" -C "$dir"
  echo "$dir/package"
}

# install_files <src pkg dir> <dest subdir> <file>... (paths relative to pkg)
install_files() {
  local src="$1" sub="$2"; shift 2
  rm -rf "${DEST:?}/$sub"
  mkdir -p "$DEST/$sub"
  local f
  for f in "$@"; do
    [[ -f "$src/$f" ]] || { echo "vendor-assets: missing $f in $src" >&2; exit 1; }
    cp "$src/$f" "$DEST/$sub/$(basename "$f")"
  done
}

mkdir -p "$DEST"

pkg="$(fetch "@utrecht/component-library-css@$UTRECHT_CSS_VERSION")"
install_files "$pkg" utrecht-component-library-css dist/index.css LICENSE.md

pkg="$(fetch "@nl-design-system-unstable/voorbeeld-design-tokens@$THEME_VERSION")"
install_files "$pkg" voorbeeld-design-tokens dist/theme.css LICENSE.md

pkg="$(fetch "axe-core@$AXE_VERSION")"
install_files "$pkg" axe-core axe.min.js LICENSE LICENSE-3RD-PARTY.txt

pkg="$(fetch "chart.js@$CHARTJS_VERSION")"
install_files "$pkg" chart.js dist/chart.umd.min.js LICENSE.md

# Checksums of everything vendored (verify with: cd internal/web/render/static/vendor && sha256sum -c SHA256SUMS)
(cd "$DEST" && find . -type f ! -name SHA256SUMS ! -name README.md | LC_ALL=C sort | sed 's|^\./||' | xargs sha256sum > SHA256SUMS)

echo "vendor-assets: done"
(cd "$DEST" && find . -type f ! -name README.md | LC_ALL=C sort | xargs ls -l | awk '{printf "  %9d  %s\n", $5, $9}')
