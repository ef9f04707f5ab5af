// Synchronous JS face of the C boundary (wasm/touchpath_wasm.cpp): bytes in, JSON text out.
// Runs wherever the module lives: inside the Web Worker, or in-process under node.
// Memory may grow on any call, which detaches HEAPU8 views: re-read module.HEAPU8 after each
// call. With MAXIMUM_MEMORY=4GB, pointers above 2 GiB arrive negative: read them as `ptr >>> 0`.

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

// Status codes of core/common/status.h, as the JS API names them.
export const STATUS_NAMES = { 0: 'ok', 1: 'bad_input', 2: 'bad_spec' };

// Large chunks are fed in slices so the staging buffer stays small.
const MAX_FEED_BYTES = 4 << 20;

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
  reset(format = 'auto', specsText = '') {
    const formatBytes = textEncoder.encode(format);
    const specsBytes = textEncoder.encode(specsText);
    this.stage(formatBytes, specsBytes);
    return this.status(this.module._tp_reset(this.handle, formatBytes.length, specsBytes.length));
  }

  beginInput(name = '') {
    this.module._tp_begin_input(this.handle, this.stage(textEncoder.encode(name)));
  }

  // Feeds decompressed bytes: one chunk or a list of chunks (any sizes), staged side by side so
  // a list costs one call. Returns {code, message, events}.
  feed(chunks) {
    for (const group of feedGroups(ArrayBuffer.isView(chunks) ? [chunks] : chunks)) {
      const code = this.module._tp_feed(this.handle, this.stage(...group));
      if (code !== 0) return this.status(code);
    }
    return { ...this.status(0), events: this.module._tp_events_loaded(this.handle) };
  }

  finish() {
    return this.status(this.module._tp_finish(this.handle));
  }

  // Runs a spec (JSON text). Returns {code, message, text}; `text` is the result JSON when ok.
  run(specText) {
    const code = this.module._tp_run(this.handle, this.stage(textEncoder.encode(specText)));
    if (code !== 0) return this.status(code);
    return { ...this.status(0), text: this.resultText() };
  }

  describe() {
    this.module._tp_describe(this.handle);
    return this.resultText();
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
