// Instantiates the emscripten module (build/wasm/touchpath_wasm.{mjs,wasm}).
// Bundled into build/js/, the .wasm sits beside the bundle; run from source, it is in build/wasm/.
// esbuild defines TOUCHPATH_BUNDLED for the bundles.
import createTouchpathModule from '../../build/wasm/touchpath_wasm.mjs';
import { isNode } from './runtime.js';

/* global TOUCHPATH_BUNDLED */
const defaultWasmUrl =
  typeof TOUCHPATH_BUNDLED === 'undefined'
    ? new URL('../../build/wasm/touchpath_wasm.wasm', import.meta.url)
    : new URL('./touchpath_wasm.wasm', import.meta.url);

// Node's fetch cannot read file: URLs, so under node the module gets the bytes (`wasmBinary`).
// In a browser or worker, the glue fetches and compiles the .wasm itself (streaming).
export async function loadTouchpathModule({ wasmUrl = defaultWasmUrl, wasmBinary } = {}) {
  if (wasmBinary === undefined && isNode) {
    const { readFile } = await import('node:fs/promises');
    wasmBinary = await readFile(wasmUrl instanceof URL ? wasmUrl : new URL(wasmUrl));
  }
  const moduleArgs = { locateFile: () => String(wasmUrl) };
  if (wasmBinary !== undefined) moduleArgs.wasmBinary = wasmBinary;
  return createTouchpathModule(moduleArgs);
}
