#!/usr/bin/env bash
# Trunk post_build hook (see Trunk.toml): code splitting, which Trunk has no step for
# (trunk-rs/trunk #1022).
#
# Trunk has built the app with cargo (linked with --emit-relocs, see .cargo/config.toml), run
# wasm-bindgen on the whole module and written index.html into its staging folder. This hook
# takes cargo's own output instead, cuts the feature areas (the `#[wasm_split]` points in
# src/lib.rs) out of the main module with wasm-split-cli, runs wasm-bindgen
# (--keep-lld-exports, so the chunks can link back) and, for release builds, wasm-opt on every
# part (and terser on the JavaScript), then puts the result in place of the module Trunk staged:
#   trellis-<h>.js, trellis-<h>_bg.wasm   the main module (h: a hash of cargo's output)
#   lazy-<h>/__wasm_split.js              the chunk loader, imported by trellis-<h>.js
#   lazy-<h>/*.wasm                       the chunks
# index.html is rewritten to the new names, and 404.html is a copy of it for static hosts.
# Every name but index.html/404.html carries a content hash, so a host may cache them forever.
# The processed parts are cached in target/app/<profile>-<h>/, so a second build of the same
# code (another public URL, `trunk serve` after `trunk build`) only copies files.
set -euo pipefail

: "${TRUNK_STAGING_DIR:?tools/split.sh runs as the post_build hook of trunk build or trunk serve}"
profile=${TRUNK_PROFILE:-release}
cd "${TRUNK_SOURCE_DIR:-.}"

target_dir=${CARGO_TARGET_DIR:-target}
input="$target_dir/wasm32-unknown-unknown/$profile/trellis.wasm"
[ -f "$input" ] || { echo "split: $input not found (did cargo build it?)" >&2; exit 1; }

hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }
h=$(hash_of "$input" tools/split.sh)
app="$target_dir/app/$profile-$h"
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
    grep -qF "$2" "$1" || { echo "split: '$2' not found in $1 (wasm-split output changed?)" >&2; exit 1; }
    sed -i "s#$2#$3#g" "$1"
  }
  # Only the `from` clauses: the import object keeps the module name the wasm asks for.
  relink "$app/out/trellis-$h.js" 'from "./__wasm_split.js"' "from \"./lazy-$h/__wasm_split.js\""
  relink "$app/out/lazy-$h/__wasm_split.js" "from \"./trellis-$h.js\"" "from \"../trellis-$h.js\""
  if [ "$profile" = release ]; then
    # -Os, then flatten + rereloop + -Os again: measured ~2 KB brotli smaller than -Os alone.
    for f in "$app/out/trellis-${h}_bg.wasm" "$app/out/lazy-$h"/*.wasm; do
      wasm-opt -Os --strip-debug --strip-producers --flatten --rereloop -Os --converge \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$f" -o "$f.opt" 2> >(grep -v 'unknown name subsection' >&2)
      mv "$f.opt" "$f"
    done
    # The JavaScript glue, minified (terser from npm, `make tools`): ~2 KB brotli off the first load.
    for f in "$app/out/trellis-$h.js" "$app/out/lazy-$h/__wasm_split.js"; do
      terser "$f" --module --compress --mangle --output "$f.min"
      mv "$f.min" "$f"
    done
  fi
  touch "$app/done"
fi

# Trunk's own module (one .js and one _bg.wasm named after the binary) gives way to ours.
staged_js=$(cd "$TRUNK_STAGING_DIR" && ls trellis-*.js 2>/dev/null | grep -v "^trellis-$h.js$" || true)
[ "$(printf '%s\n' "$staged_js" | grep -c .)" -le 1 ] || { echo "split: several staged modules: $staged_js" >&2; exit 1; }
html="$TRUNK_STAGING_DIR/index.html"
if [ -n "$staged_js" ]; then
  stem=${staged_js%.js}
  grep -qF "$stem.js" "$html" || { echo "split: $stem.js is not in index.html" >&2; exit 1; }
  rm -f "$TRUNK_STAGING_DIR/$stem.js" "$TRUNK_STAGING_DIR/${stem}_bg.wasm"
  sed -i "s#$stem#trellis-$h#g" "$html"
fi
grep -qF "trellis-$h.js" "$html" || { echo "split: index.html does not load trellis-$h.js" >&2; exit 1; }
rm -rf "$TRUNK_STAGING_DIR"/lazy-*
cp -r "$app/out/." "$TRUNK_STAGING_DIR/"

# public/ as it is: the web app manifest, its icons, the example _headers file.
cp -r public/. "$TRUNK_STAGING_DIR/"

# The build's version: a hash of every file it serves but the shell and what is written below.
version=$(cd "$TRUNK_STAGING_DIR" && find . -type f ! -name index.html ! -name 404.html ! -name sw.js ! -name '_headers' ! -name 'boot-*.js' -print0 \
  | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
offline=$([ "$profile" = release ] && echo true || echo false)

# The bootstrap (src/web/boot.js), a file of its own so the Content Security Policy needs no
# inline script; index.html loads it in place of Trunk's inline loader (pattern_script in
# Trunk.toml names it boot.js). Its comment lines stay in the source.
boot_tmp="$TRUNK_STAGING_DIR/boot.tmp"
sed -e '/^ *\/\//d' -e '/^ *\/\*\*.*\*\/$/d' -e '/^ *$/d' -e "s#{{JS}}#trellis-$h.js#g" -e "s#{{WASM}}#trellis-${h}_bg.wasm#g" \
  -e "s#{{VERSION}}#$version#g" -e "s#{{OFFLINE}}#$offline#g" src/web/boot.js > "$boot_tmp"
boot="boot-$(hash_of "$boot_tmp").js"
mv "$boot_tmp" "$TRUNK_STAGING_DIR/$boot"
# (Release builds minify index.html, which may drop the quotes around its name.)
grep -q '[/"=]boot\.js' "$html" || { echo "split: index.html does not load boot.js (pattern_script in Trunk.toml)" >&2; exit 1; }
sed -i "s#\([/\"=]\)boot\.js#\1$boot#" "$html"
if [ "$profile" != release ]; then
  # `trunk serve` injects an inline script for reloading on change, which the policy refuses.
  sed -i '/data-trellis-csp/d' "$html"
fi
if grep -q '{{' "$TRUNK_STAGING_DIR/$boot"; then echo "split: unfilled placeholder in $boot" >&2; exit 1; fi

# The service worker (src/web/sw.js) with this build's version and files, relative to the scope.
# Release builds only: debug builds unregister any worker (see boot.js).
rm -f "$TRUNK_STAGING_DIR/sw.js"
if [ "$profile" = release ]; then
  files=$(cd "$TRUNK_STAGING_DIR" && find . -type f ! -name index.html ! -name 404.html ! -name '_headers' \
    | sed 's#^\./##' | sort | node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)))')
  build="{\"version\":\"$version\",\"files\":$files}"
  node -e 'const fs = require("fs"); const [src, out, build] = process.argv.slice(1); fs.writeFileSync(out, fs.readFileSync(src, "utf8").replace("{{BUILD}}", build));' \
    src/web/sw.js "$TRUNK_STAGING_DIR/sw.js" "$build"
fi

cp "$html" "$TRUNK_STAGING_DIR/404.html"
echo "split: $profile build $version for ${TRUNK_PUBLIC_URL:-/}: main module, $(ls "$app/out/lazy-$h"/*.wasm | wc -l) chunks, $boot"
