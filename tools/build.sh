#!/usr/bin/env bash
# Release build of the static app: cargo → wasm-split → wasm-bindgen → wasm-opt → dist/.
#
#   tools/build.sh [--dist DIR] [--public-url /sub/path/]     (make dist calls this)
#
# Feature areas marked as split points in src/lib.rs are cut out of the main module into
# chunks that load when first needed, so the first screen downloads only the main module.
# Layout of DIR (every name but index.html/404.html carries a content hash, so a static
# host may cache them forever):
#   index.html, 404.html           the shell; <base href> is the public URL
#   trellis-<h>.js, trellis-<h>_bg.wasm, main-<c>.css, favicon-<f>.svg
#   lazy-<h>/__wasm_split.js       the chunk loader, imported by trellis-<h>.js
#   lazy-<h>/*.wasm                the chunks
# The processed wasm is cached in target/app/<h>/ by the hash of cargo's output, so a second
# build with another public URL (the sub-path test) only re-assembles the files.
set -euo pipefail

DIST=dist
PUBLIC_URL=/
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) DIST=$2; shift 2 ;;
    --public-url) PUBLIC_URL=$2; shift 2 ;;
    *) echo "build: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$PUBLIC_URL" in /*) ;; *) PUBLIC_URL=/$PUBLIC_URL ;; esac
case "$PUBLIC_URL" in */) ;; *) PUBLIC_URL=$PUBLIC_URL/ ;; esac

TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --target wasm32-unknown-unknown --bin trellis
input="$TARGET_DIR/wasm32-unknown-unknown/release/trellis.wasm"

hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }
h=$(hash_of "$input")
app="$TARGET_DIR/app/$h"
if [ ! -f "$app/done" ]; then
  rm -rf "$app" && mkdir -p "$app/split" "$app/out/lazy-$h"
  wasm-split-cli --target web --out-name "trellis-$h" "$input" "$app/split"
  wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
    --out-name "trellis-$h" --out-dir "$app/out" "$app/split/trellis-$h.wasm"
  for f in "$app/split"/*.wasm; do
    [ "$(basename "$f")" = "trellis-$h.wasm" ] || cp "$f" "$app/out/lazy-$h/"
  done
  cp "$app/split/__wasm_split.js" "$app/out/lazy-$h/"
  # The loader and its chunks live in lazy-<h>/: point the two modules at each other there.
  relink() { # file, from, to
    grep -qF "$2" "$1" || { echo "build: '$2' not found in $1 (wasm-split output changed?)" >&2; exit 1; }
    sed -i "s#$2#$3#g" "$1"
  }
  # Only the `from` clauses: the import object keeps the module name the wasm asks for.
  relink "$app/out/trellis-$h.js" 'from "./__wasm_split.js"' "from \"./lazy-$h/__wasm_split.js\""
  relink "$app/out/lazy-$h/__wasm_split.js" "from \"./trellis-$h.js\"" "from \"../trellis-$h.js\""
  # -Os, then flatten + rereloop + -Os again: measured ~2 KB brotli smaller than -Os alone.
  for f in "$app/out/trellis-${h}_bg.wasm" "$app/out/lazy-$h"/*.wasm; do
    wasm-opt -Os --strip-debug --strip-producers --flatten --rereloop -Os --converge \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$f" -o "$f.opt" 2> >(grep -v 'unknown name subsection' >&2)
    mv "$f.opt" "$f"
  done
  touch "$app/done"
fi

rm -rf "$DIST" && mkdir -p "$DIST"
cp -r "$app/out/." "$DIST/"
css="main-$(hash_of style/main.css).css"
cp style/main.css "$DIST/$css"
icon="favicon-$(hash_of public/favicon.svg).svg"
cp public/favicon.svg "$DIST/$icon"
sed -e "s#{{BASE}}#$PUBLIC_URL#g" -e "s#{{JS}}#trellis-$h.js#g" -e "s#{{WASM}}#trellis-${h}_bg.wasm#g" \
  -e "s#{{CSS}}#$css#g" -e "s#{{ICON}}#$icon#g" index.html > "$DIST/index.html"
if grep -q '{{' "$DIST/index.html"; then echo "build: unfilled placeholder in index.html" >&2; exit 1; fi
cp "$DIST/index.html" "$DIST/404.html"
echo "build: $DIST for $PUBLIC_URL"
(cd "$DIST" && find . -type f | sort | xargs ls -l | awk '{printf "  %9d  %s\n", $5, $9}')
