# touchpath: `make demo` serves the web page, `make test` runs every test. Both install what
# is missing first (tools/install-deps.sh). Outputs: build/native (CMake: library, tests,
# benchmarks, CLI build/native/touchpath), build/wasm (emscripten), build/js (what the browser
# and node load: engine, worker, page, CLI, .wasm, sample export).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

PORT ?= 8080
JOBS ?= $(shell nproc)
NATIVE_DIR := build/native
WASM_DIR := build/wasm
JS_DIR := build/js
SAMPLE := $(JS_DIR)/sample/ga4-sample.ndjson.gz
ESBUILD := node_modules/.bin/esbuild
# em++ 3.1.6 from Debian finds its node helpers only through NODE_PATH.
EMSCRIPTEN_ENV := NODE_PATH=/usr/share/nodejs

.PHONY: all deps build native wasm js test test-native test-js test-browser demo bench clean

all: build

deps:
	bash tools/install-deps.sh

build: deps
	$(MAKE) native wasm
	$(MAKE) js

native:
	cmake -S . -B $(NATIVE_DIR) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(NATIVE_DIR) -j $(JOBS)

wasm:
	$(EMSCRIPTEN_ENV) emcmake cmake -S . -B $(WASM_DIR) -DCMAKE_BUILD_TYPE=Release
	$(EMSCRIPTEN_ENV) cmake --build $(WASM_DIR) -j $(JOBS) --target touchpath_wasm simd_string_test

# Bundles share chunks (esbuild --splitting); all land flat in build/js beside the .wasm, which
# the bundled code finds at new URL('./touchpath_wasm.wasm', import.meta.url).
js: $(SAMPLE)
	mkdir -p $(JS_DIR)
	find $(JS_DIR) -maxdepth 1 -name '*.js' -delete
	$(ESBUILD) js-wrapper/src/engine.js js-wrapper/src/worker.js js-wrapper/src/charts/charts.js \
	  js-wrapper/page/main.js \
	  --bundle --splitting --format=esm --target=es2022 --entry-names=[name] \
	  --define:TOUCHPATH_BUNDLED=true '--external:node:*' --log-level=warning --outdir=$(JS_DIR)
	$(ESBUILD) js-wrapper/bin/touchpath.mjs --bundle --platform=node --format=esm \
	  --target=node18 --define:TOUCHPATH_BUNDLED=true --log-level=warning \
	  --outfile=$(JS_DIR)/touchpath.mjs
	cp $(WASM_DIR)/touchpath_wasm.wasm js-wrapper/page/index.html js-wrapper/src/index.d.ts $(JS_DIR)/

# The bundled sample export: deterministic (same arguments, same bytes).
$(SAMPLE): tools/generate-ga4-sample.mjs
	mkdir -p $(dir $@)
	node tools/generate-ga4-sample.mjs --users 2000 --seed 42 --gzip --out $@.tmp
	mv $@.tmp $@

test: build
	$(MAKE) test-native test-js test-browser

test-native:
	cd $(NATIVE_DIR) && ctest --output-on-failure -j $(JOBS)

test-js:
	node --test tests/js/

test-browser:
	node --test tests/browser/

demo: build
	PORT=$(PORT) node tools/serve.mjs --root $(JS_DIR)

bench: build
	node bench/js/ingest-bench.mjs
	node bench/js/duckdb-bench.mjs

clean:
	rm -rf build
