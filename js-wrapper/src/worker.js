// The engine's worker: owns the WASM module and answers engine.js's requests. In a browser it is
// a Web Worker; under node, a worker_threads Worker talking through parentPort.
// Message in: {id, op, args}; message out: {id, ok: true, value} or {id, ok: false, error}.
// A feed's chunks come back with its status, their buffers transferred.
import { loadTouchpathModule } from './wasm-module.js';
import { WasmEngine } from './wasm-engine.js';
import { isNode } from './runtime.js';

const port = isNode ? (await import('node:worker_threads')).parentPort : self;
let enginePromise = null;

port.addEventListener('message', async (event) => {
  const { id, op, args = [] } = event.data;
  try {
    if (op === 'init') {
      enginePromise = loadTouchpathModule(args[0] ?? {}).then((module) => new WasmEngine(module));
      await enginePromise;
      port.postMessage({ id, ok: true });
      return;
    }
    const engine = await enginePromise;
    if (op === 'feed') {
      // The engine has copied the chunks: send their buffers back for the reader to reuse.
      const [chunks] = args;
      const value = { status: engine.feed(chunks), chunks };
      port.postMessage({ id, ok: true, value }, [...new Set(chunks.map((chunk) => chunk.buffer))]);
      return;
    }
    const value = engine[op](...args);
    // A later part's bytes (encodeLaterPart) are a copy of their own: moved, not copied again.
    port.postMessage({ id, ok: true, value }, value?.bytes ? [value.bytes.buffer] : []);
  } catch (error) {
    port.postMessage({ id, ok: false, error: { message: String(error?.message ?? error) } });
  }
});
