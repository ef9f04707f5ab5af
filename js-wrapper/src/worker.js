// The engine's worker: owns the WASM module and answers engine.js's requests. In a browser it is
// a Web Worker; under node, a worker_threads Worker talking through parentPort.
// Message in: {id, op, args}; message out: {id, ok: true, value} or {id, ok: false, error}.
// A feed's chunks come back with its status, their buffers transferred. A feedBlob (the worker
// reads a Blob, or under node a FileRange, itself: blob-feed.js) also sends {id, progress} on
// its way, and stops at a {op: 'cancel', args: [id]}, which gets no reply.
import { loadTouchpathModule } from './wasm-module.js';
import { WasmEngine } from './wasm-engine.js';
import { feedBlob } from './blob-feed.js';
import { FileRange } from './file-source.js';
import { isNode } from './runtime.js';

const port = isNode ? (await import('node:worker_threads')).parentPort : self;
let enginePromise = null;
// The feedBlob requests under way, by id: {cancelled}.
const blobFeeds = new Map();

async function answer(engine, id, op, args) {
  if (op === 'feed') {
    // The engine has copied the chunks: send their buffers back for the reader to reuse.
    const [chunks] = args;
    const value = { status: engine.feed(chunks), chunks };
    port.postMessage({ id, ok: true, value }, [...new Set(chunks.map((chunk) => chunk.buffer))]);
    return;
  }
  if (op === 'feedBlob') {
    const feed = { cancelled: false };
    blobFeeds.set(id, feed);
    try {
      // A FileRange comes as its fields.
      const source = args[0] instanceof Blob ? args[0] : FileRange.from(args[0]);
      const value = await feedBlob(engine, source, {
        onProgress: (progress) => port.postMessage({ id, progress }),
        isCancelled: () => feed.cancelled,
      });
      port.postMessage({ id, ok: true, value });
    } finally {
      blobFeeds.delete(id);
    }
    return;
  }
  const value = engine[op](...args);
  // A later part's bytes (encodeLaterPart) are a copy of their own: moved, not copied again.
  port.postMessage({ id, ok: true, value }, value?.bytes ? [value.bytes.buffer] : []);
}

port.addEventListener('message', async (event) => {
  const { id, op, args = [] } = event.data;
  if (op === 'cancel') {
    const feed = blobFeeds.get(args[0]);
    if (feed) feed.cancelled = true;
    return;
  }
  try {
    if (op === 'init') {
      enginePromise = loadTouchpathModule(args[0] ?? {}).then((module) => new WasmEngine(module));
      await enginePromise;
      port.postMessage({ id, ok: true });
      return;
    }
    await answer(await enginePromise, id, op, args);
  } catch (error) {
    const { message = String(error), name, code } = error ?? {};
    port.postMessage({ id, ok: false, error: { message: String(message), name, code } });
  }
});
