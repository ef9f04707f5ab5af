// Reads a source as the chunks the engine is fed: read() resolves with the next Uint8Array (or
// undefined at the end); recycle(chunk) hands a chunk back once the engine has copied it.
//
// In a browser a Blob (a File) is read (by the engine's worker: blob-feed.js) through a BYOB
// reader into recycled buffers, and so is a fetch Response's body; bytes held in memory are
// copied into them. Chromium's default reader allocates a fresh buffer per chunk, and touching
// fresh memory costs a page fault per 4 KiB: on the 2-core VM of bench/RESULTS.md (15 µs a
// fault) that made reading a 150 MB File take 0.6-1.0 s, against 0.2 s into recycled buffers,
// and a 150 MB fetch from a local server 250-620 ms, against 170-210. Under node a Blob is read
// in slices (SlicingBlobChunkReader), but a Blob of a file through its stream (isNodeFileBlob).
//
// Chromium 156's BYOB reads of a Blob's stream now and then never resolve (here about one full
// read of a 150 MB File in 30, with the page idle). A read that has not resolved within
// STALL_MS is abandoned and the rest of the Blob is read from a fresh stream of
// blob.slice(offset) through the default reader, which has not stalled in hundreds of reads.
// A fetch body cannot be reopened at an offset; its BYOB reads have not stalled (60 reads of
// 150 MB, 19,022 BYOB reads, RESULTS.md), so they are not watched. A caller's ReadableStream is
// copied: the caller may still hold its chunks.

import { isNode } from './runtime.js';

// Recycled chunks are this big: large enough that a feed to the worker costs little, small
// enough that a few in flight hold little memory.
export const CHUNK_BYTES = 1 << 20;

// Buffers of CHUNK_BYTES handed back by recycle(), reused by the next reads.
export class BufferPool {
  constructor() {
    this.free = [];
  }

  take() {
    return this.free.pop() ?? new ArrayBuffer(CHUNK_BYTES);
  }

  // Only whole buffers of the pool's size come back: a chunk that was copied (to be transferred)
  // or that came from elsewhere is left to the garbage collector.
  give(chunk) {
    const buffer = chunk.buffer;
    if (buffer.byteLength === CHUNK_BYTES && !this.free.includes(buffer)) this.free.push(buffer);
  }
}

// A Blob whose bytes cannot be read: its file changed or went away since it was chosen.
// Browsers say little ("network error" in Chromium), so the error says what it most likely
// means, as a bad_input error, and keeps theirs as its cause.
export function unreadableBlob(error) {
  return Object.assign(new Error('the file could not be read; it may have changed or been ' +
    `removed since it was chosen (${error?.message ?? error})`), { code: 'bad_input', cause: error });
}

// How long a BYOB read of a Blob may stay unresolved before it is given up: a local read
// takes well under a millisecond; a false alarm only costs the rest of the read its speed.
export const STALL_MS = 2000;
const STALLED = Symbol('stalled');

// Fills recycled buffers from a byte stream through its BYOB reader: each chunk is CHUNK_BYTES
// but the last. `reopen(offset)`, when given, gives the stream again from `offset` on (a Blob's)
// for the stall fallback; without it reads are not watched.
class ByobChunkReader {
  constructor(reader, { reopen, onBytes, stallMs }) {
    this.reader = reader;
    this.reopen = reopen;
    this.onBytes = onBytes;
    this.stallMs = stallMs;
    this.pool = new BufferPool();
    this.delivered = 0;
    this.fallback = null;
    this.done = false;
  }

  async read() {
    if (this.fallback) return this.fallback.read();
    if (this.done) return undefined;
    let buffer = this.pool.take();
    let filled = 0;
    while (filled < CHUNK_BYTES) {
      const outcome = await this.readWithin(new Uint8Array(buffer, filled, CHUNK_BYTES - filled));
      if (outcome === STALLED) return this.fallBack();
      const { done, value } = outcome;
      // The read transfers the buffer: the bytes now live in value.buffer (absent if cancelled).
      if (value) buffer = value.buffer;
      if (done) {
        this.done = true;
        break;
      }
      filled += value.length;
    }
    if (filled > 0) {
      // Counted per chunk, not per read: a chunk cut short by a stall is read again.
      this.delivered += filled;
      this.onBytes(filled);
      return new Uint8Array(buffer, 0, filled);
    }
    // After a cancel the read kept the buffer, leaving ours detached: nothing to hand back.
    if (buffer.byteLength === CHUNK_BYTES) this.pool.give(new Uint8Array(buffer));
    return undefined;
  }

  readWithin(view) {
    if (!this.reopen) return this.reader.read(view);
    let timer;
    const stalled = new Promise((resolve) => {
      timer = setTimeout(() => resolve(STALLED), this.stallMs);
    });
    const read = this.reader.read(view);
    return Promise.race([read, stalled]).finally(() => clearTimeout(timer));
  }

  // Gives up the stalled stream (and the buffer its read holds) and reads on from the bytes
  // delivered so far: the partly filled chunk is read again.
  fallBack() {
    this.reader.cancel().catch(() => {});
    this.fallback = new StreamChunkReader(this.reopen(this.delivered).getReader(), this.onBytes);
    return this.fallback.read();
  }

  recycle(chunk) {
    this.pool.give(chunk);
  }

  cancel(reason) {
    return (this.fallback ?? this.reader).cancel(reason);
  }
}

// A stream whose chunks are ours and that is not a byte stream (a decompressor's output): its
// chunks as they come.
class StreamChunkReader {
  constructor(reader, onBytes) {
    this.reader = reader;
    this.onBytes = onBytes;
  }

  async read() {
    for (;;) {
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
      this.onBytes(bytes.length);
      if (bytes.length > 0) return bytes;
    }
  }

  recycle() {}

  cancel(reason) {
    return this.reader.cancel(reason);
  }
}

// Bytes the caller may still hold (a caller's stream's chunks, or bytes in memory read as a
// stream of one chunk): copied into recycled buffers, filled to CHUNK_BYTES (small chunks
// together, a large one split), so they can be transferred to the worker without detaching the
// caller's memory, and a stream of tiny chunks costs few transfers. `onBytes` counts the bytes
// as they are copied.
class CopyingChunkReader {
  constructor(reader, onBytes) {
    this.reader = reader;
    this.onBytes = onBytes;
    this.pool = new BufferPool();
    this.rest = new Uint8Array(0);
    this.ended = false;
  }

  async read() {
    let chunk = null;
    let filled = 0;
    while (filled < CHUNK_BYTES) {
      if (this.rest.length === 0) {
        if (this.ended || !(await this.readRest())) break;
        continue;
      }
      chunk ??= new Uint8Array(this.pool.take());
      const piece = this.rest.subarray(0, CHUNK_BYTES - filled);
      chunk.set(piece, filled);
      filled += piece.length;
      this.rest = this.rest.subarray(piece.length);
      this.onBytes(piece.length);
    }
    return chunk ? chunk.subarray(0, filled) : undefined;
  }

  // Reads the stream's next chunk into `rest`; false at its end.
  async readRest() {
    const { done, value } = await this.reader.read();
    if (done) {
      this.ended = true;
      return false;
    }
    this.rest = value instanceof Uint8Array ? value : new Uint8Array(value);
    return true;
  }

  recycle(chunk) {
    this.pool.give(chunk);
  }

  cancel(reason) {
    this.rest = new Uint8Array(0);
    this.ended = true;
    return this.reader.cancel(reason);
  }
}

// A ChunkReader over a ReadableStream; `onBytes(n)` is told of every n bytes read.
// `callerOwned`: the caller may still use the stream's chunks, so they are copied. A stream of
// ours that is a byte stream (a fetch body) is read into recycled buffers.
export function streamChunkReader(stream, onBytes = () => {}, { callerOwned = false } = {}) {
  if (callerOwned) return new CopyingChunkReader(stream.getReader(), onBytes);
  return byobReaderOf(stream, onBytes) ?? new StreamChunkReader(stream.getReader(), onBytes);
}

// A ByobChunkReader over `stream`, or null when it is not a byte stream: only those accept a
// reader that brings its own buffer.
function byobReaderOf(stream, onBytes, options = {}) {
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    return null;
  }
  return new ByobChunkReader(reader, { onBytes, ...options });
}

// Reads a Blob as slices of CHUNK_BYTES, each slice's arrayBuffer() a fresh buffer of its own
// (so it is transferred, never copied), `ahead` reads in flight. Node's Blob stream hands out
// 64 KiB per read however large the BYOB buffer, and the promise round trips of 2,300 reads per
// 150 MB on the thread that also feeds the worker took 150-220 ms; slices read four ahead take
// 100 (bench/RESULTS.md). In Chromium it is the other way round: slices 260-720 ms, BYOB 190.
class SlicingBlobChunkReader {
  constructor(blob, onBytes, ahead) {
    this.blob = blob;
    this.onBytes = onBytes;
    this.ahead = ahead;
    this.offset = 0;
    this.reads = [];
  }

  async read() {
    while (this.reads.length < this.ahead && this.offset < this.blob.size) {
      const end = Math.min(this.offset + CHUNK_BYTES, this.blob.size);
      this.reads.push(this.blob.slice(this.offset, end).arrayBuffer());
      this.offset = end;
    }
    if (this.reads.length === 0) return undefined;
    const bytes = new Uint8Array(await this.reads.shift().catch((error) => {
      this.cancel();  // the reads ahead fail too: quietly
      throw unreadableBlob(error);
    }));
    this.onBytes(bytes.length);
    return bytes;
  }

  recycle() {}

  // The reads already started are dropped; one that fails later (the file went away) is not an
  // unhandled rejection.
  async cancel() {
    for (const pending of this.reads) pending.catch(() => {});
    this.reads = [];
    this.offset = this.blob.size;
  }
}

export const SLICES_AHEAD = 4;

// Whether `blob` is node's Blob of a file (fs.openAsBlob), the only kind node cannot clone.
// Node 20-22 give such a Blob of a file of 4 GiB or more the file's size modulo 4 GiB, and
// earlier releases read its slices past 2 GiB as empty (nodejs/node#52585, open): a 5.38 GB
// file read in slices gave its first 1.08 GB as if that were all. Its stream gives every byte.
export function isNodeFileBlob(blob) {
  if (!isNode) return false;
  try {
    structuredClone(blob);
    return false;
  } catch {
    return true;
  }
}

// A ChunkReader over a Blob: read in slices under node (see SlicingBlobChunkReader for why),
// but a file's Blob there through its stream (isNodeFileBlob); through its byte stream in a
// browser.
export function blobChunkReader(blob, onBytes = () => {}) {
  if (isNodeFileBlob(blob)) return failingAs(streamChunkReader(blob.stream(), onBytes), unreadableBlob);
  return isNode
    ? blobSliceChunkReader(blob, onBytes)
    : blobStreamChunkReader(blob, onBytes);
}

export function blobSliceChunkReader(blob, onBytes = () => {}, { ahead = SLICES_AHEAD } = {}) {
  return new SlicingBlobChunkReader(blob, onBytes, ahead);
}

// A ChunkReader over a Blob's byte stream. `reopen(offset)` (by default a stream of
// blob.slice(offset)) and `stallMs` are there for the tests.
export function blobStreamChunkReader(blob, onBytes = () => {}, {
  stream = blob.stream(), reopen = (offset) => blob.slice(offset).stream(), stallMs = STALL_MS,
} = {}) {
  // Not a byte stream in older browsers: read through the default reader.
  const reader = byobReaderOf(stream, onBytes, { reopen, stallMs })
    ?? new StreamChunkReader(stream.getReader(), onBytes);
  return failingAs(reader, unreadableBlob);
}

// `reader` with its read failures passed through `describe` (which may return them as they
// are), so the errors a load meets say what went wrong in the load's own terms.
export function failingAs(reader, describe) {
  return {
    read: () => reader.read().catch((error) => { throw describe(error); }),
    recycle: (chunk) => reader.recycle(chunk),
    cancel: (reason) => reader.cancel(reason),
  };
}

// A ChunkReader over bytes in memory.
export function bytesChunkReader(bytes, onBytes = () => {}) {
  const oneChunk = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return new CopyingChunkReader(oneChunk.getReader(), onBytes);
}
