// The engine's Web Worker: owns the WASM module and answers engine.js's requests.
// Message in: {id, op, args}; message out: {id, ok: true, value} or {id, ok: false, error}.
import { loadTouchpathModule } from './wasm-module.js';
import { WasmEngine } from './wasm-engine.js';

let enginePromise = null;

self.onmessage = async (event) => {
  const { id, op, args = [] } = event.data;
  try {
    if (op === 'init') {
      enginePromise = loadTouchpathModule(args[0] ?? {}).then((module) => new WasmEngine(module));
      await enginePromise;
      self.postMessage({ id, ok: true });
      return;
    }
    const engine = await enginePromise;
    self.postMessage({ id, ok: true, value: engine[op](...args) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: { message: String(error?.message ?? error) } });
  }
};
