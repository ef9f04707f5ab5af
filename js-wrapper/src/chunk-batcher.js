// Groups the small chunks streams deliver (a Blob's stream gives 64 KiB pieces) into batches of
// ~1 MiB: every feed to the engine costs a message to the worker and a call across the WASM
// boundary, which on small chunks doubled the load time. A batch is a list of the chunks
// themselves, never a joined copy: the engine stages them side by side in WASM memory.
export class ChunkBatcher {
  constructor(batchBytes) {
    this.batchBytes = batchBytes;
    this.pending = [];
    this.pendingBytes = 0;
  }

  // Returns the batches ready to feed (in order) after taking `chunk`.
  add(chunk) {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    return this.pendingBytes >= this.batchBytes ? this.flush() : [];
  }

  // Whatever is still held, as one batch (or none).
  flush() {
    if (this.pending.length === 0) return [];
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return [batch];
  }
}
