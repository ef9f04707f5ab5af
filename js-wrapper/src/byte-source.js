// Turns what a caller hands to engine.load() into a ChunkReader (chunk-reader.js) of
// decompressed bytes. Accepts File, Blob, Response, ReadableStream, ArrayBuffer and typed
// arrays, and under node a file's path (opened by file-source.js into a FileRange). Gzip is
// recognised by its magic bytes (1f 8b), never by the file name, and decoded with
// DecompressionStream('gzip').
import { readUnlessAborted } from './abort.js';
import {
  blobChunkReader, bytesChunkReader, failingAs, isNodeFileBlob, streamChunkReader,
} from './chunk-reader.js';
import { FileRange, fileChunkReader } from './file-source.js';

export function isGzip(firstBytes) {
  return firstBytes.length >= 2 && firstBytes[0] === 0x1f && firstBytes[1] === 0x8b;
}

// {fileRange, blob, stream or bytes; totalBytes, name}: the raw bytes (possibly gzipped) and their size
// when known. `callerOwned`: the stream is the caller's, who may still hold its chunks;
// `response`: it is a fetch Response's body.
function rawSource(source) {
  if (source instanceof FileRange) {
    return { fileRange: source, totalBytes: source.size, name: source.name };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // Node's Blob of a file may misstate its size (isNodeFileBlob): better none than a wrong one.
    const totalBytes = isNodeFileBlob(source) ? undefined : source.size;
    return { blob: source, totalBytes, name: source.name ?? '' };
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    // An error page is not the export: say what the server answered, not that it is no GA4.
    if (!source.ok && source.status !== 0) {
      throw badInput(`${source.url || 'the server'} answered HTTP ${source.status} ${source.statusText}`.trim());
    }
    if (!source.body) throw badInput('the response has no body');
    const length = Number(source.headers.get('content-length'));
    // A content-encoded response is decoded by fetch: its length does not count the bytes we see.
    const encoded = source.headers.get('content-encoding');
    return {
      stream: source.body,
      response: true,
      totalBytes: Number.isFinite(length) && length > 0 && !encoded ? length : undefined,
      name: source.url ?? '',
    };
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return { stream: source, callerOwned: true, totalBytes: undefined, name: '' };
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes = source instanceof ArrayBuffer
      ? new Uint8Array(source)
      : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return { bytes, totalBytes: bytes.length, name: '' };
  }
  throw badInput('cannot read this source: pass a File, Blob, Response, ReadableStream or bytes ' +
    '(or under node, a file path)');
}

// {totalBytes, name} of a source (totalBytes undefined when unknown), read from nothing but
// its properties; throws bad_input for a source openByteSource cannot read.
export function describeSource(source) {
  const { totalBytes, name } = rawSource(source);
  return { totalBytes, name };
}

// Reads chunks until two bytes are in hand (they may arrive in separate chunks): {head, first}.
async function readHead(reader, signal) {
  const head = [];
  let headLength = 0;
  while (headLength < 2) {
    const chunk = await readUnlessAborted(reader, signal);
    if (!chunk) break;
    head.push(chunk);
    headLength += chunk.length;
  }
  const first = new Uint8Array(Math.min(headLength, 2));
  let filled = 0;
  for (const chunk of head) {
    for (let i = 0; i < chunk.length && filled < first.length; ++i) first[filled++] = chunk[i];
  }
  return { head, first };
}

// The reader's chunks again, the head read ahead included.
function replayingHead(reader, head) {
  return {
    read: async () => (head.length > 0 ? head.shift() : reader.read()),
    recycle: (chunk) => reader.recycle(chunk),
    cancel: (reason) => reader.cancel(reason),
  };
}

// Errors already in the load's terms (bad_input, an abort) as they are; any other as a
// bad_input error saying `what`, with the original as its cause.
function describedAs(what) {
  return (error) => {
    if (error?.code === 'bad_input' || error?.name === 'AbortError') return error;
    return Object.assign(new Error(`${what} (${error?.message ?? error})`), { code: 'bad_input', cause: error });
  };
}

// The decompressed chunks of a gzipped raw reader. The decompressor may hold a chunk after
// taking it, so raw chunks are not recycled. Its errors (node's carry zlib's codes, such as
// Z_DATA_ERROR; Chromium's are TypeErrors) become bad_input errors that say so; the raw
// reader's own pass through it unchanged.
function gunzipped(reader, head) {
  const compressed = new ReadableStream({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      const chunk = await reader.read();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return failingAs(streamChunkReader(compressed.pipeThrough(new DecompressionStream('gzip'))),
    describedAs('the gzip data is corrupt or cut short'));
}

// A ChunkReader of rawSource's bytes.
function rawChunkReader(raw, onRawBytes) {
  if (raw.fileRange) return fileChunkReader(raw.fileRange, onRawBytes);
  if (raw.blob) return blobChunkReader(raw.blob, onRawBytes);
  if (raw.bytes) return bytesChunkReader(raw.bytes, onRawBytes);
  const reader = streamChunkReader(raw.stream, onRawBytes, { callerOwned: raw.callerOwned });
  return raw.response
    ? failingAs(reader, describedAs('the download stopped before the end of the export'))
    : reader;
}

// {reader, totalBytes, name, gzip}: `reader` yields decompressed chunks; `onRawBytes(n)` is
// told how many raw (possibly compressed) bytes have been read. Rejects with an AbortError,
// the source cancelled, if `signal` aborts while the first bytes are awaited.
export async function openByteSource(source, onRawBytes, signal) {
  const raw = rawSource(source);
  const rawReader = rawChunkReader(raw, onRawBytes);
  const { head, first } = await readHead(rawReader, signal).catch((error) => {
    rawReader.cancel(error).catch(() => {});
    throw error;
  });
  const gzip = isGzip(first);
  return {
    reader: gzip ? gunzipped(rawReader, head) : replayingHead(rawReader, head),
    totalBytes: raw.totalBytes,
    name: raw.name,
    gzip,
  };
}

export function badInput(message) {
  return Object.assign(new Error(message), { code: 'bad_input' });
}
