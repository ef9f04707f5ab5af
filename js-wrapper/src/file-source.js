// Under node, a file named by its path (a string, or a file: URL) is a source of its own: read
// with fs into recycled buffers, a few reads ahead, by the engine's worker itself (as a Blob
// is in a browser: blob-feed.js), so the bytes never pass through the caller's thread. On the
// 2-core VM of bench/RESULTS.md fs reads 150 MB in about 30 ms, where node's Blob of the same
// file (fs.openAsBlob) takes 100-260 ms. fs is imported only when a path is loaded, so browser
// bundles never ask for it.
import { BufferPool, CHUNK_BYTES } from './chunk-reader.js';
import { isNode } from './runtime.js';

const READS_AHEAD = 2;

// Bytes [start, end) of the file at `path`. A worker is handed one as its fields (a message
// keeps an object's fields, not its class): FileRange.from(fields) makes it whole again.
export class FileRange {
  constructor(path, start, end, name) {
    this.path = path;
    this.start = start;
    this.end = end;
    this.name = name;
  }

  static from({ path, start, end, name }) {
    return new FileRange(path, start, end, name);
  }

  get size() {
    return this.end - this.start;
  }

  // The range's bytes [start, end), counted from its own start, as Blob.slice counts them.
  slice(start, end = this.size) {
    const from = this.start + Math.min(start, this.size);
    return new FileRange(this.path, from, Math.max(from, this.start + Math.min(end, this.size)), this.name);
  }

  async bytes() {
    const fs = await import('node:fs/promises');
    const handle = await fs.open(this.path, 'r');
    try {
      const bytes = new Uint8Array(this.size);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, this.start);
      return bytes.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
}

export function isFilePath(source) {
  return isNode && (typeof source === 'string' || (source instanceof URL && source.protocol === 'file:'));
}

// The whole file at `path` as a FileRange; a missing or unreadable file is a bad_input error.
export async function openFile(path, badInput) {
  const fs = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const { basename } = await import('node:path');
  const filePath = path instanceof URL ? fileURLToPath(path) : path;
  let stats;
  try {
    stats = await fs.stat(filePath);
  } catch (error) {
    throw badInput(`cannot read ${filePath}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
  if (!stats.isFile()) throw badInput(`cannot read ${filePath}: it is not a file`);
  return new FileRange(filePath, 0, stats.size, basename(filePath));
}

// A ChunkReader (chunk-reader.js) over a FileRange: chunks of CHUNK_BYTES in buffers handed back
// by recycle(), READS_AHEAD reads in flight.
class FileChunkReader {
  constructor(range, onBytes) {
    this.range = range;
    this.onBytes = onBytes;
    this.handle = null;
    this.offset = range.start;
    this.reads = [];
    this.pool = new BufferPool();
    this.closed = false;
  }

  async read() {
    this.handle ??= await (await import('node:fs/promises')).open(this.range.path, 'r');
    while (!this.closed && this.reads.length < READS_AHEAD && this.offset < this.range.end) {
      const length = Math.min(CHUNK_BYTES, this.range.end - this.offset);
      const buffer = new Uint8Array(this.pool.take());
      this.reads.push(this.handle.read(buffer, 0, length, this.offset)
        .then(({ bytesRead }) => buffer.subarray(0, bytesRead)));
      this.offset += length;
    }
    if (this.reads.length === 0) {
      await this.close();
      return undefined;
    }
    const chunk = await this.reads.shift();
    if (chunk.length === 0) {
      await this.cancel();
      throw Object.assign(new Error(`${this.range.path} shrank while it was read`), { code: 'bad_input' });
    }
    this.onBytes(chunk.length);
    return chunk;
  }

  recycle(chunk) {
    this.pool.give(chunk);
  }

  async cancel() {
    const pending = this.reads;
    this.reads = [];
    this.offset = this.range.end;
    await Promise.allSettled(pending);
    await this.close();
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.handle?.close();
  }
}

export function fileChunkReader(range, onBytes = () => {}) {
  return new FileChunkReader(range, onBytes);
}
