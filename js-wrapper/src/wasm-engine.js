// Synchronous JS face of the C boundary (wasm/touchpath_wasm.cpp): bytes in, JSON text out.
// Runs wherever the module lives: inside the Web Worker, or in-process under node.
// Memory may grow on any call, which detaches HEAPU8 views: re-read module.HEAPU8 after each
// call. With MAXIMUM_MEMORY=4GB, pointers above 2 GiB arrive negative: read them as `ptr >>> 0`.

import { DEFAULT_MEMORY_LIMIT_BYTES, MODULE_MEMORY_BYTES } from './memory-limit.js';
import { WARM_UP_SPEC, warmUpExport } from './warm-up.js';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

// Status codes of core/common/status.h, as the JS API names them; 'engine_failed' is a trap.
export const STATUS_NAMES = { 0: 'ok', 1: 'bad_input', 2: 'bad_spec', 3: 'out_of_memory' };

// Large chunks are fed in slices so the staging buffer stays small: small enough to stay in a
// core's L2 cache (1 MiB on the bench machine) beside the parser's tables while the slice is
// parsed. 256 KiB slices made loads of 1 MiB chunks 2-5% faster than 4 MiB ones (64 KiB to
// 512 KiB alike; bench/RESULTS.md).
const MAX_FEED_BYTES = 256 << 10;

// Splits a list of chunks into groups of pieces of at most MAX_FEED_BYTES in all, in order:
// small chunks share a group, a large one is cut across several.
function* feedGroups(chunks) {
  let group = [];
  let groupBytes = 0;
  for (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length;) {
      const piece = chunk.subarray(offset, offset + MAX_FEED_BYTES - groupBytes);
      group.push(piece);
      groupBytes += piece.length;
      offset += piece.length;
      if (groupBytes === MAX_FEED_BYTES) {
        yield group;
        group = [];
        groupBytes = 0;
      }
    }
  }
  if (group.length > 0) yield group;
}

// How much of warm-up.js's export one warmUpStep feeds.
const WARM_UP_STEP_BYTES = 128 << 10;

function* warmUpSteps(engine) {
  const bytes = warmUpExport();
  for (const specs of ['', `[${WARM_UP_SPEC}]`]) {
    engine.reset('auto', specs);
    engine.beginInput('warm-up');
    for (let offset = 0; offset < bytes.length; offset += WARM_UP_STEP_BYTES) {
      engine.feed(bytes.subarray(offset, offset + WARM_UP_STEP_BYTES));
      yield;
    }
    engine.finish();
    engine.run(WARM_UP_SPEC);
    yield;
  }
  engine.reset();
}

export class WasmEngine {
  constructor(module) {
    this.module = module;
    this.handle = module._tp_create();
  }

  dispose() {
    if (this.handle) this.module._tp_free(this.handle);
    this.handle = 0;
  }

  // Drops loaded data; `format` is "auto" (detect) or a format name of DESIGN.md. `specsText`
  // (a JSON spec or array of specs) makes the next load keep only the fields they read; ''
  // keeps every field. Returns {code, message}: bad_spec (and every field kept) if invalid.
  // `memoryLimitBytes`: see DEFAULT_MEMORY_LIMIT_BYTES; 0 leaves only the module's 4 GiB.
  reset(format = 'auto', specsText = '', memoryLimitBytes = DEFAULT_MEMORY_LIMIT_BYTES) {
    return this.guard(() => {
      const formatBytes = textEncoder.encode(format);
      const specsBytes = textEncoder.encode(specsText);
      this.stage(formatBytes, specsBytes);
      const moduleMiB = MODULE_MEMORY_BYTES / 2 ** 20;
      const limitMiB = Math.min(Math.ceil(memoryLimitBytes / 2 ** 20), moduleMiB);
      return this.status(this.module._tp_reset(this.handle, formatBytes.length, specsBytes.length,
        limitMiB >= moduleMiB ? 0 : limitMiB));
    });
  }

  // One step (a few ms) of loading warm-up.js's export in full and projected and running its
  // funnel, so the hot functions are optimised before the first real load; true once the last
  // step dropped it all. A load may begin between steps: its reset drops what the steps left.
  warmUpStep() {
    this.warmUpSteps ??= warmUpSteps(this);
    const { done } = this.warmUpSteps.next();
    if (done) this.warmUpSteps = null;
    return done;
  }

  beginInput(name = '') {
    return this.guard(() => {
      this.module._tp_begin_input(this.handle, this.stage(textEncoder.encode(name)));
      return this.status(0);
    });
  }

  // Feeds decompressed bytes: one chunk or a list of chunks (any sizes), staged side by side so
  // a list costs one call. Returns {code, message, events, bytesToFinish}: the events so far and
  // what finishing would need now (the estimate the memory limit is checked against).
  feed(chunks) {
    return this.guard(() => {
      for (const group of feedGroups(ArrayBuffer.isView(chunks) ? [chunks] : chunks)) {
        const code = this.module._tp_feed(this.handle, this.stage(...group));
        if (code !== 0) return this.status(code);
      }
      return {
        ...this.status(0),
        events: this.module._tp_events_loaded(this.handle),
        bytesToFinish: this.module._tp_bytes_to_finish(this.handle),
      };
    });
  }

  // Loading in two engines (two workers): this one begins on a later part of the input the
  // other reads from its start, and is fed the part from a line start.
  beginLaterPart(name = '') {
    return this.guard(() => {
      this.module._tp_begin_later_part(this.handle, this.stage(textEncoder.encode(name)));
      return this.status(0);
    });
  }

  // Ends such a part: {code, message, bytes} with the part as bytes (a copy of its own) for the
  // other engine's appendEncodedPart.
  encodeLaterPart() {
    return this.guard(() => {
      this.module._tp_encode_later_part(this.handle);
      const start = this.module._tp_result_data(this.handle) >>> 0;
      const size = this.module._tp_result_size(this.handle) >>> 0;
      return { ...this.status(0), bytes: this.module.HEAPU8.slice(start, start + size) };
    });
  }

  // Appends a part another engine encoded: {code, message, appended}. Not appended (the input
  // is not read in lines here, or the part arrived damaged): feed the part's bytes instead.
  appendEncodedPart(bytes) {
    return this.guard(() => {
      const code = this.module._tp_append_encoded_part(this.handle, this.stage(bytes));
      return { ...this.status(code), appended: this.module._tp_part_appended(this.handle) === 1 };
    });
  }

  // The module's memory, in bytes (it grows as loads need, and never shrinks).
  memoryBytes() {
    return this.module.HEAPU8.length;
  }

  finish() {
    return this.guard(() => this.status(this.module._tp_finish(this.handle)));
  }

  // Runs a spec (JSON text). Returns {code, message, text}; `text` is the result JSON when ok.
  run(specText) {
    return this.guard(() => {
      const code = this.module._tp_run(this.handle, this.stage(textEncoder.encode(specText)));
      if (code !== 0) return this.status(code);
      return { ...this.status(0), text: this.resultText() };
    });
  }

  // The Describe JSON text; after a trap, {"error": message}.
  describe() {
    const outcome = this.guard(() => {
      this.module._tp_describe(this.handle);
      return { ...this.status(0), text: this.resultText() };
    });
    return outcome.code === 'ok' ? outcome.text : JSON.stringify({ error: outcome.message });
  }

  // Runs a call into the module. A trap (the browser refused the module more memory, or a bug)
  // leaves the module's state unusable: the call and every later one return 'engine_failed'
  // with a message saying so, instead of the page dying or running on corrupt memory.
  guard(call) {
    if (this.failure) return this.failure;
    try {
      return call();
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      const memoryMiB = Math.round(this.module.HEAPU8.length / 2 ** 20);
      this.failure = {
        code: 'engine_failed',
        message: `the engine stopped (${error.message}) holding ${memoryMiB} MiB: most likely ` +
          'the browser refused it more memory (a tab\'s WebAssembly memory ends at 4 GiB, often ' +
          'less on phones). Start a new engine (reload the page) and load fewer days, or load ' +
          'with the specs you will run so only their fields are kept',
      };
      return this.failure;
    }
  }

  // Copies byte arrays one after another into the handle's staging buffer; returns how many
  // bytes were staged.
  stage(...pieces) {
    const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
    let offset = this.module._tp_staging(this.handle, size) >>> 0;
    const heap = this.module.HEAPU8;
    for (const piece of pieces) {
      heap.set(piece, offset);
      offset += piece.length;
    }
    return size;
  }

  resultText() {
    return this.readText(this.module._tp_result_data(this.handle), this.module._tp_result_size(this.handle));
  }

  status(code) {
    if (code === 0) return { code: 'ok', message: '' };
    const message = this.readText(this.module._tp_error_data(this.handle), this.module._tp_error_size(this.handle));
    return { code: STATUS_NAMES[code] ?? `status_${code}`, message };
  }

  readText(pointer, size) {
    const start = pointer >>> 0;
    return textDecoder.decode(this.module.HEAPU8.subarray(start, start + (size >>> 0)));
  }
}
