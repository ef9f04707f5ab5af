// The public JS API: createEngine() → engine.load(source) → engine.run(spec).
// The WASM engine lives in a worker (worker.js: a Web Worker in a browser, a worker_threads
// Worker under node). A Blob (a File) is handed to the worker, which reads it itself
// (blob-feed.js); other sources are read here, so reading and decompressing overlap with
// parsing, and the decompressed chunks are transferred to the worker, not copied. With
// `worker: false` it runs in-process behind the same API.
// Where a core is free for it (see secondWorkerReads), a second worker reads the later half of a
// large File, Blob or file path at the same time, and hands it to the first as bytes
// (Session::EncodeLaterPart).
import { abortError, readUnlessAborted } from './abort.js';
import { describeSource, openByteSource, badInput } from './byte-source.js';
import { ChunkBatcher } from './chunk-batcher.js';
import { isNodeFileBlob } from './chunk-reader.js';
import { FileRange, isFilePath, openFile } from './file-source.js';
import { lineStartAfterMiddle } from './line-cut.js';
import { progressReporter } from './load-progress.js';
import { effectiveMemoryLimit } from './memory-limit.js';
import { isNode } from './runtime.js';

// A second worker whose WebAssembly memory grew past this is replaced after the load.
const DEFAULT_SECOND_WORKER_MEMORY_BYTES = 256 << 20;

// How many fed batches may be in flight to the worker before the reader waits.
const MAX_BATCHES_IN_FLIGHT = 4;
const FEED_BATCH_BYTES = 1 << 20;

function engineError(status) {
  return Object.assign(new Error(status.message), { code: status.code });
}

// The specs a load is for, as the engine takes them: one JSON text (a spec or an array of
// specs); '' when none were given, so the load keeps every field.
function specsText(specs) {
  if (specs === undefined || specs === null) return '';
  const list = (Array.isArray(specs) ? specs : [specs]).map((spec) =>
    typeof spec === 'string' ? spec : JSON.stringify(spec));
  return list.length === 0 ? '' : `[${list.join(',')}]`;
}

// Same `call(op, args, transfer)` as WorkerBackend, on an in-process WasmEngine.
class InProcessBackend {
  static async create(options) {
    const { loadTouchpathModule } = await import('./wasm-module.js');
    const { WasmEngine } = await import('./wasm-engine.js');
    return new InProcessBackend(new WasmEngine(await loadTouchpathModule(options)));
  }
  constructor(wasmEngine) {
    this.wasmEngine = wasmEngine;
    this.disposed = false;
  }
  async call(op, args = []) {
    if (this.disposed) throw disposedError();
    return this.wasmEngine[op](...args);
  }
  // {status, chunks}: the engine copies the chunks before feed returns, so they are free again.
  async feed(chunks) {
    if (this.disposed) throw disposedError();
    return { status: this.wasmEngine.feed(chunks), chunks };
  }
  terminate() {
    this.disposed = true;
    this.wasmEngine.dispose();
  }
}

// A worker's error as an Error of the same message, name and code (bad_input, ...).
function workerError({ message, name, code }) {
  const error = new Error(message);
  if (name && name !== 'Error') error.name = name;
  if (code !== undefined) error.code = code;
  return error;
}

// What a call of a load still running when the engine was disposed rejects with.
function disposedError() {
  return new Error('this engine has been disposed');
}

// Starts worker.js: a Web Worker where the runtime has them, else a node worker_threads Worker.
async function startWorker(url) {
  if (!isNode) return new Worker(url, { type: 'module' });
  const { Worker: NodeWorker } = await import('node:worker_threads');
  // No node flags of the parent's: some (--input-type, --eval) stop a worker from starting.
  return new NodeWorker(url instanceof URL ? url : new URL(url), { execArgv: [] });
}

// Calls `onMessage(data)` for each reply and `onDeath(reason)` if the worker fails or exits.
function listen(worker, onMessage, onDeath) {
  if (isNode) {
    worker.on('message', onMessage);
    worker.on('error', (error) => onDeath(error?.message ?? String(error)));
    worker.on('exit', (code) => onDeath(`it exited (code ${code})`));
    return;
  }
  worker.onmessage = ({ data }) => onMessage(data);
  worker.onerror = (event) => onDeath(event.message ?? 'unknown error');
}

class WorkerBackend {
  static async create(options) {
    const workerUrl = options.workerUrl ?? new URL('./worker.js', import.meta.url);
    const backend = new WorkerBackend(await startWorker(workerUrl));
    const moduleOptions = {};
    if (options.wasmUrl) moduleOptions.wasmUrl = String(options.wasmUrl);
    try {
      await backend.call('init', [moduleOptions]);
    } catch (error) {
      backend.terminate();
      throw error;
    }
    return backend;
  }
  constructor(worker) {
    this.worker = worker;
    this.nextId = 1;
    this.pending = new Map();
    this.terminated = false;
    this.death = null;
    // A node worker keeps the process alive only while a request waits for it, so an engine
    // that is never disposed does not keep node from exiting.
    worker.unref?.();
    listen(worker, (data) => {
      const request = this.pending.get(data.id);
      // A reply to a call no longer waiting: terminate() rejected it, but a node worker's
      // replies already on their way are still delivered.
      if (!request) return;
      if (data.progress) {
        request.onProgress?.(data.progress);
        return;
      }
      this.settled(data.id);
      if (data.ok) request.resolve(data.value);
      else request.reject(workerError(data.error));
    }, (reason) => {
      if (this.terminated || this.death) return;
      this.death = new Error(`touchpath worker failed: ${reason}`);
      for (const request of this.pending.values()) request.reject(this.death);
      this.pending.clear();
    });
  }
  // `onProgress(progress)`: told of the {id, progress} messages the worker sends before its
  // reply (feedBlob's). If `args` cannot be handed to the worker, nothing is sent and the call
  // rejects with `notSent` set.
  call(op, args = [], transfer = [], onProgress = undefined) {
    return this.request(this.nextId++, op, args, transfer, onProgress);
  }
  request(id, op, args, transfer, onProgress) {
    return new Promise((resolve, reject) => {
      if (this.death) {
        reject(this.death);
        return;
      }
      try {
        this.worker.postMessage({ id, op, args }, transfer);
      } catch (error) {
        reject(Object.assign(error, { notSent: true }));
        return;
      }
      // Replies come in later tasks, so the request is in time to be found.
      if (this.pending.size === 0) this.worker.ref?.();
      this.pending.set(id, { resolve, reject, onProgress });
    });
  }
  // The worker reads `blob` (or a FileRange) itself and feeds it to its engine (blob-feed.js):
  // resolves with {status, bytes, decodedBytes, events, bytesToFinish}, `onProgress` getting
  // those running totals on the way. `signal` aborting cancels the read. A Blob node cannot
  // clone (one backed by a file) rejects with `notSent`: the caller reads it instead.
  feedBlob(blob, onProgress, signal) {
    const id = this.nextId++;
    const cancel = () => this.worker.postMessage({ op: 'cancel', args: [id] });
    signal?.addEventListener('abort', cancel, { once: true });
    return this.request(id, 'feedBlob', [blob], [], onProgress)
      .finally(() => signal?.removeEventListener('abort', cancel));
  }
  settled(id) {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref?.();
  }
  // {status, chunks}: the chunks are transferred to the worker, which sends them back once fed.
  feed(chunks) {
    const owned = chunks.map(transferable);
    return this.call('feed', [owned], owned.map((chunk) => chunk.buffer));
  }
  // Calls still waiting, and any later ones, reject: a load running when the engine is
  // disposed ends instead of waiting for ever.
  terminate() {
    this.terminated = true;
    this.death ??= disposedError();
    for (const request of this.pending.values()) request.reject(this.death);
    this.pending.clear();
    this.worker.terminate();
  }
}

function useWorker(options) {
  if (options.worker !== undefined) return options.worker;
  return isNode || (typeof Worker === 'function' && typeof window === 'object');
}

async function coreCount() {
  if (isNode) {
    const os = await import('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return globalThis.navigator?.hardwareConcurrency ?? 1;
}

// Which sources a second worker reads the later half of: 'all' (Blobs and file paths),
// 'paths' or 'none'. Reading a Blob costs CPU beside the parse: node's file Blobs are read on
// this thread (node cannot hand them to a worker), and Chromium serves a File's bytes from
// another process. On two cores a second worker competes with that: bench/RESULTS.md measured
// it no faster there. A path is read with fs at a fraction of that, and two workers on two
// cores load it about 1.35x as fast.
async function secondWorkerReads(options) {
  if (!useWorker(options) || options.parallelLoad === false) return 'none';
  if (options.parallelLoad === true) return 'all';
  const cores = await coreCount();
  if (cores >= 3) return 'all';
  return cores === 2 && isNode ? 'paths' : 'none';
}

// Node's Blob of a file is not cut in two: the cut is taken at the middle of its size, which
// node may misstate (isNodeFileBlob).
function readsInRanges(source, reads) {
  if (source instanceof FileRange) return reads !== 'none';
  const blob = typeof Blob !== 'undefined' && source instanceof Blob;
  return reads === 'all' && blob && !isNodeFileBlob(source);
}

// A chunk can be transferred only if it owns its whole buffer; otherwise transfer a copy
// (new Uint8Array, not slice(): a node Buffer's slice() is a view of the same memory).
function transferable(chunk) {
  if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength) return chunk;
  return new Uint8Array(chunk);
}

export async function createEngine(options = {}) {
  const helperReads = await secondWorkerReads(options);
  const [backend, firstHelper] = await Promise.all([
    useWorker(options) ? WorkerBackend.create(options) : InProcessBackend.create(options),
    helperReads === 'none' ? null : WorkerBackend.create(options),
  ]);
  let helper = firstHelper;
  // Settles once the second worker is free for the next load (see releaseHelperMemory).
  let helperReady = Promise.resolve();
  let disposed = false;
  // Until the caller's first call, each worker warms up (warm-up.js) a step at a time; that
  // call waits only for the step under way. A warm-up that fails leaves the engine cold.
  let warmUpStopped = options.warmUp === false;
  const warmUp = async (worker) => {
    while (!warmUpStopped && !(await worker.call('warmUpStep')));
  };
  const warmingUp = Promise.allSettled([backend, firstHelper]
    .filter((worker) => worker instanceof WorkerBackend).map(warmUp));
  // Operations run one after another: a new load waits until an aborted one has cleaned up.
  let queue = warmingUp;
  function serially(operation) {
    warmUpStopped = true;
    const result = queue.then(operation);
    queue = result.catch(() => {});
    return result;
  }

  function ensureAlive() {
    if (disposed) throw disposedError();
  }

  // Feeds the reader's chunks to `target` (the first worker's backend or the second's) in
  // batches, a few in flight; each chunk goes back to the reader once the engine has copied it.
  // `part` says whose events the feeds' counts are (progress sums the parts').
  async function feedChunks(target, reader, progress, signal, part = 0) {
    const inFlight = new Set();
    let failure = null;
    const watch = (promise) => {
      inFlight.add(promise);
      promise.then(({ status, chunks }) => {
        inFlight.delete(promise);
        for (const chunk of chunks) reader.recycle(chunk);
        progress.engine(status, part);
        if (status.code !== 'ok' && !failure) failure = engineError(status);
      }, (error) => {
        // The engine was disposed or its worker died: the load ends with that error.
        inFlight.delete(promise);
        failure ??= error;
      });
    };
    const send = async (batch) => {
      while (inFlight.size >= MAX_BATCHES_IN_FLIGHT) await Promise.race(inFlight);
      if (failure) throw failure;
      watch(target.feed(batch));
    };
    const batcher = new ChunkBatcher(FEED_BATCH_BYTES);
    try {
      for (;;) {
        if (signal?.aborted) throw abortError();
        if (failure) throw failure;
        const chunk = await readUnlessAborted(reader, signal);
        if (!chunk) break;
        progress.decoded(chunk.length, part);
        for (const ready of batcher.add(chunk)) await send(ready);
      }
      for (const ready of batcher.flush()) await send(ready);
      await Promise.all(inFlight);
      if (failure) throw failure;
    } catch (error) {
      reader.cancel(error).catch(() => {});
      throw error;
    }
  }

  // Feeds one source to `target` (a backend). A Blob (a File), or under node a file's range,
  // is read by target's worker itself where it can be handed over; anything else is read here
  // (feedChunks). Reading a path in the worker took 8-10% off a 150 MB load (bench/RESULTS.md):
  // this thread's reads and hand-overs had competed with the workers for the two cores.
  async function feedSource(target, source, progress, signal, part = 0) {
    const workerCanRead = (typeof Blob !== 'undefined' && source instanceof Blob) || source instanceof FileRange;
    if (workerCanRead && target.feedBlob && (await feedBlobInWorker(target, source, progress, signal, part))) {
      return;
    }
    const { reader } = await openByteSource(source, (n) => progress.raw(n, part), signal);
    await feedChunks(target, reader, progress, signal, part);
  }

  // Whether target's worker read `blob`; false if it could not be handed over (nothing read).
  async function feedBlobInWorker(target, blob, progress, signal, part) {
    if (signal?.aborted) throw abortError();  // its 'abort' event, which cancels, is gone
    let seen = { bytes: 0, decodedBytes: 0 };
    const advance = (totals) => {
      progress.decoded(totals.decodedBytes - seen.decodedBytes, part);
      progress.raw(totals.bytes - seen.bytes, part);
      progress.engine(totals, part);
      seen = totals;
    };
    let fed;
    try {
      fed = await target.feedBlob(blob, advance, signal);
    } catch (error) {
      if (error.notSent) return false;
      throw signal?.aborted ? abortError() : error;
    }
    // Aborted after the worker's last look: the load still ends as aborted.
    if (signal?.aborted) throw abortError();
    advance(fed);
    if (fed.status.code !== 'ok') throw engineError(fed.status);
    return true;
  }

  const engine = {
    load(source, options = {}) {
      return serially(() => load(source, options));
    },

    run(spec) {
      return serially(async () => {
        ensureAlive();
        const specText = typeof spec === 'string' ? spec : JSON.stringify(spec);
        const outcome = await backend.call('run', [specText]);
        if (outcome.code !== 'ok') throw engineError(outcome);
        return JSON.parse(outcome.text);
      });
    },

    describe() {
      return serially(async () => {
        ensureAlive();
        return JSON.parse(await backend.call('describe'));
      });
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      backend.terminate();
      helper?.terminate();
      helper = null;
    },
  };
  return engine;

  async function load(source, { onProgress, signal, name, format = 'auto', specs,
    memoryLimitBytes = options.memoryLimitBytes } = {}) {
    ensureAlive();
    if (signal?.aborted) throw abortError();
    const sources = await Promise.all((Array.isArray(source) ? source : [source])
      .map((item) => (isFilePath(item) ? openFile(item, badInput) : item)));
    if (sources.length === 0) throw badInput('nothing to load');
    const resetArgs = [format, specsText(specs), memoryLimitBytes];
    const reset = await backend.call('reset', resetArgs);
    if (reset.code !== 'ok') throw engineError(reset);
    const progress = progressReporter(onProgress, effectiveMemoryLimit(memoryLimitBytes));
    await helperReady;
    const inTwo = helper && !helper.death && sources.length === 1 &&
      readsInRanges(sources[0], helperReads);
    const cut = inTwo ? await lineStartAfterMiddle(sources[0]) : null;
    if (cut !== null) {
      const inputName = name ?? sources[0].name ?? '';
      return loadInTwo(sources[0], cut, inputName || 'input 1', resetArgs, progress, signal);
    }
    // Every source is checked before the first is read.
    const inputs = sources.map(describeSource);
    const sizes = inputs.map((input) => input.totalBytes);
    const totalBytes = sizes.every((size) => size !== undefined)
      ? sizes.reduce((sum, size) => sum + size, 0)
      : undefined;
    progress.setTotalBytes(totalBytes);
    try {
      for (const [index, input] of inputs.entries()) {
        const inputName = (sources.length === 1 ? name : undefined) ?? input.name ?? '';
        await backend.call('beginInput', [inputName || `input ${index + 1}`]);
        await feedSource(backend, sources[index], progress, signal);
      }
      const status = await backend.call('finish');
      if (status.code !== 'ok') throw engineError(status);
    } catch (error) {
      await backend.call('reset', [format]);
      throw error;
    }
    return described(progress, 1);
  }

  // Frees the second worker's staged half, in the background (the next load waits for it). A
  // WebAssembly memory never shrinks, so a second worker whose memory grew past
  // options.secondWorkerMemoryBytes would hold it for the engine's life: it is replaced by a
  // fresh one instead. If that one cannot start, loads go on with one worker.
  async function releaseHelperMemory(used, format) {
    await used.call('reset', [format]);
    const keepBytes = options.secondWorkerMemoryBytes ?? DEFAULT_SECOND_WORKER_MEMORY_BYTES;
    if (disposed || (await used.call('memoryBytes')) <= keepBytes) return;
    helper = null;
    used.terminate();
    const fresh = await WorkerBackend.create(options).catch(() => null);
    if (disposed) fresh?.terminate();
    else helper = fresh;
  }

  // What a load resolves with; `workers`: how many read it (2 when a second worker's half was
  // appended).
  async function described(progress, workers) {
    const description = JSON.parse(await backend.call('describe'));
    const eventCounts = Array.isArray(description.events) ? description.events : [];
    progress.done(eventCounts.reduce((sum, event) => sum + (event.count ?? 0), 0));
    return { ...progress.state, description, workers };
  }

  // The first worker reads `blob` (a Blob or a FileRange) up to `cut` (a line start) while the
  // second reads the rest and hands it over as bytes. Whatever the second cannot hand over (it
  // failed, or the input turned out not to be read in lines) the first reads itself: the
  // result is always the one worker's.
  async function loadInTwo(blob, cut, inputName, resetArgs, progress, signal) {
    const second = helper;  // this load's, even if the engine is disposed meanwhile
    // Aborts both parts' reads: the caller's signal, or the first part failing.
    const stop = new AbortController();
    const stopBoth = () => stop.abort();
    signal?.addEventListener('abort', stopBoth, { once: true });
    if (signal?.aborted) stopBoth();  // aborted before the listener was there
    let workers;
    progress.setTotalBytes(blob.size);
    const feedPart = (target, bytes, part) => feedSource(target, bytes, progress, stop.signal, part);
    const readFirst = async () => {
      await backend.call('beginInput', [inputName]);
      await feedPart(backend, blob.slice(0, cut), 0);
    };
    // {bytes} of the encoded later part, or {error}.
    const readLater = async () => {
      const reset = await second.call('reset', resetArgs);
      if (reset.code !== 'ok') throw engineError(reset);
      await second.call('beginLaterPart', [inputName]);
      await feedPart(second, blob.slice(cut), 1);
      const encoded = await second.call('encodeLaterPart');
      if (encoded.code !== 'ok') throw engineError(encoded);
      return encoded.bytes;
    };
    try {
      const first = readFirst().catch((error) => {
        stop.abort();
        throw error;
      });
      const later = readLater().then((bytes) => ({ bytes }), (error) => ({ error }));
      const [firstOutcome, laterOutcome] = await Promise.allSettled([first, later]);
      if (firstOutcome.status === 'rejected') throw firstOutcome.reason;
      if (signal?.aborted) throw abortError();
      const { bytes } = laterOutcome.value;
      const appended = bytes
        ? await backend.call('appendEncodedPart', [bytes], [bytes.buffer])
        : { appended: false };
      workers = appended.appended ? 2 : 1;
      if (!appended.appended) {
        progress.dropPart(1);
        await feedPart(backend, blob.slice(cut), 0);
      }
      const status = await backend.call('finish');
      if (status.code !== 'ok') throw engineError(status);
    } catch (error) {
      await backend.call('reset', [resetArgs[0]]);
      throw error;
    } finally {
      signal?.removeEventListener('abort', stopBoth);
      // Its staged half is no longer needed: freed while the first worker describes the load.
      if (!second.death) helperReady = releaseHelperMemory(second, resetArgs[0]).catch(() => {});
    }
    return described(progress, workers);
  }
}
