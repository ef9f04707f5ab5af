// Groups the small chunks streams deliver (a Blob's stream gives 64 KiB pieces) into ~1 MiB
// batches: every feed to the engine costs a message to the worker and a call across the WASM
// boundary, which on small chunks doubled the load time. Big chunks pass through untouched.
export class ChunkBatcher {
  constructor(batchBytes) {
    this.batchBytes = batchBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  // Returns the chunks ready to feed (in order) after taking `chunk`.
  add(chunk) {
    if (chunk.length >= this.batchBytes) return [...this.flush(), chunk];
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    return this.pendingBytes >= this.batchBytes ? this.flush() : [];
  }

  // Whatever is still held, as one chunk (or none).
  flush() {
    if (this.pending.length === 0) return [];
    const batch =
      this.pending.length === 1 ? this.pending[0] : concatenate(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return [batch];
  }
}

function concatenate(chunks, totalBytes) {
  const joined = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
