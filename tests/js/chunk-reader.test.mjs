// The chunk readers behind engine.load(): in a browser Blobs are read into recycled buffers
// (BYOB), under node in slices a few reads ahead; bytes in memory are copied into recycled
// buffers, a recycled buffer is never handed out while a chunk still lives in it, and a stalled
// Blob read is given up for a fresh stream from where it stopped; node's Blob of a file is read
// through its stream, node misreading its slices past 2 GiB.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { describeSource } from '../../js-wrapper/src/byte-source.js';
import {
  CHUNK_BYTES, SLICES_AHEAD, blobChunkReader, blobSliceChunkReader, blobStreamChunkReader,
  bytesChunkReader, isNodeFileBlob, streamChunkReader,
} from '../../js-wrapper/src/chunk-reader.js';
import { chunkedStream } from './support.mjs';

// Bytes whose every position holds a different pattern, so a misplaced byte shows.
function patternBytes(length) {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; ++i) bytes[i] = (i * 7 + (i >> 12)) & 0xff;
  return bytes;
}

// A byte stream (it accepts BYOB readers) handing out `bytes` in pieces of at most `pieceBytes`;
// after `stallAfter` bytes its reads never resolve, like Chromium's now and then.
function byteStream(bytes, pieceBytes, { stallAfter = Infinity } = {}) {
  let offset = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (offset >= stallAfter) return new Promise(() => {});
      if (offset >= bytes.length) {
        controller.close();
        controller.byobRequest?.respond(0);
        return undefined;
      }
      const piece = bytes.subarray(offset, offset + pieceBytes);
      offset += piece.length;
      controller.enqueue(piece.slice());
      return undefined;
    },
  });
}

// A Blob of `bytes` whose stream is `byteStream(bytes, pieceBytes, options)`.
function blobReader(bytes, pieceBytes, { onBytes, stallAfter, reopen, stallMs } = {}) {
  const blob = new Blob([bytes]);
  return blobStreamChunkReader(blob, onBytes, {
    stream: byteStream(bytes, pieceBytes, { stallAfter }),
    reopen: reopen ?? ((offset) => blob.slice(offset).stream()),
    stallMs,
  });
}

async function readAll(reader, { recycle = true } = {}) {
  const chunks = [];
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    chunks.push(chunk.slice());
    if (recycle) reader.recycle(chunk);
  }
  return chunks;
}

function joined(chunks) {
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
}

test('a Blob is read into whole buffers of CHUNK_BYTES, the last one shorter', async () => {
  const bytes = patternBytes(3 * CHUNK_BYTES + 12345);
  let counted = 0;
  const reader = blobReader(bytes, 65536 + 3, { onBytes: (n) => { counted += n; } });
  const chunks = await readAll(reader);
  assert.deepEqual(chunks.map((chunk) => chunk.length), [CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 12345]);
  assert.ok(joined(chunks).equals(Buffer.from(bytes)));
  assert.equal(counted, bytes.length);
});

test('a recycled buffer is reused, and never while a chunk still lives in it', async () => {
  const bytes = patternBytes(4 * CHUNK_BYTES);
  for (const byob of [true, false]) {
    const reader = byob ? blobReader(bytes, 100_000) : bytesChunkReader(bytes);
    const first = await reader.read();
    const firstBuffer = first.buffer;
    const second = await reader.read();
    const secondCopy = second.slice();
    reader.recycle(first);
    const third = await reader.read();
    // A BYOB read transfers the buffer it fills: the recycled one is left detached.
    if (byob) assert.equal(firstBuffer.byteLength, 0, 'the recycled buffer was read into');
    else assert.equal(third.buffer, firstBuffer, 'the recycled buffer was copied into');
    assert.ok(Buffer.from(second).equals(Buffer.from(secondCopy)), 'the held chunk is untouched');
    assert.ok(Buffer.from(third).equals(Buffer.from(bytes.subarray(2 * CHUNK_BYTES, 3 * CHUNK_BYTES))));
    const fourth = await reader.read();
    assert.ok(Buffer.from(fourth).equals(Buffer.from(bytes.subarray(3 * CHUNK_BYTES))));
    assert.ok(Buffer.from(second).equals(Buffer.from(secondCopy)), 'still untouched');
    assert.equal(await reader.read(), undefined);
  }
});

test('a real Blob is read through its own byte stream, in whole buffers', async () => {
  const bytes = patternBytes(2 * CHUNK_BYTES + 1);
  const chunks = await readAll(blobStreamChunkReader(new Blob([bytes])));
  assert.deepEqual(chunks.map((chunk) => chunk.length), [CHUNK_BYTES, CHUNK_BYTES, 1]);
  assert.ok(joined(chunks).equals(Buffer.from(bytes)));
});

test('a stalled Blob read is given up: the rest comes from a fresh stream, every byte once', { timeout: 10_000 }, async () => {
  const bytes = patternBytes(3 * CHUNK_BYTES + 7);
  const blob = new Blob([bytes]);
  const reopenedAt = [];
  let counted = 0;
  const reader = blobReader(bytes, 65536, {
    stallAfter: CHUNK_BYTES + 300_000,
    stallMs: 50,
    onBytes: (n) => { counted += n; },
    reopen: (offset) => {
      reopenedAt.push(offset);
      return blob.slice(offset).stream();
    },
  });
  const chunks = await readAll(reader);
  assert.deepEqual(reopenedAt, [CHUNK_BYTES], 'reopened after the last whole chunk');
  assert.ok(joined(chunks).equals(Buffer.from(bytes)));
  assert.equal(counted, bytes.length, 'the abandoned part chunk is not counted twice');
});

test('a Blob whose stream fails (its file gone) fails the read with a bad_input error saying so', async () => {
  let pulls = 0;
  const failing = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (++pulls > 2) {
        controller.error(new TypeError('network error'));
        return;
      }
      controller.enqueue(patternBytes(65536));
    },
  });
  const reader = blobStreamChunkReader(new Blob([]), () => {}, { stream: failing });
  await assert.rejects(reader.read(), (error) => {
    assert.equal(error.code, 'bad_input');
    assert.equal(error.message, 'the file could not be read; it may have changed or been removed ' +
      'since it was chosen (network error)');
    assert.equal(error.cause.name, 'TypeError');
    return true;
  });
});

test('a plain stream hands its chunks on as they come, empty ones dropped', async () => {
  const bytes = patternBytes(1000);
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 10));
      controller.enqueue(new Uint8Array(0));
      controller.enqueue(bytes.subarray(10));
      controller.close();
    },
  });
  const chunks = await readAll(streamChunkReader(stream));
  assert.deepEqual(chunks.map((chunk) => chunk.length), [10, 990]);
  assert.ok(joined(chunks).equals(Buffer.from(bytes)));
  const pieces = await readAll(streamChunkReader(chunkedStream(bytes, 300)));
  assert.deepEqual(pieces.map((chunk) => chunk.length), [300, 300, 300, 100]);
});

test('a byte stream of ours (a fetch body) is read into whole recycled buffers', async () => {
  const bytes = patternBytes(2 * CHUNK_BYTES + 777);
  let counted = 0;
  const reader = streamChunkReader(byteStream(bytes, 300_007), (n) => { counted += n; });
  const first = await reader.read();
  assert.equal(first.length, CHUNK_BYTES);
  const firstCopy = first.slice();
  reader.recycle(first);
  const second = await reader.read();
  // A BYOB read transfers the buffer it fills: the recycled one is left detached.
  assert.ok(first.buffer.byteLength === 0, 'the recycled buffer is read into again');
  const rest = [second.slice(), ...(await readAll(reader))];
  assert.deepEqual(rest.map((chunk) => chunk.length), [CHUNK_BYTES, 777]);
  assert.ok(joined([firstCopy, ...rest]).equals(Buffer.from(bytes)));
  assert.equal(counted, bytes.length);
  const response = await readAll(streamChunkReader(new Response(bytes).body));
  assert.ok(joined(response).equals(Buffer.from(bytes)), 'node\'s fetch bodies are byte streams too');
});

test('a caller\'s stream is copied into whole buffers, small chunks joined, large split', async () => {
  const bytes = patternBytes(2 * CHUNK_BYTES + 777);
  const pieces = [bytes.subarray(0, 61), new Uint8Array(0), bytes.subarray(61, 130)];
  for (let offset = 130; offset < bytes.length; offset += 1_500_007) {
    pieces.push(bytes.subarray(offset, offset + 1_500_007));
  }
  const before = bytes.slice();
  let counted = 0;
  const reader = streamChunkReader(new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  }), (n) => { counted += n; }, { callerOwned: true });
  const first = await reader.read();
  assert.equal(first.length, CHUNK_BYTES);
  assert.notEqual(first.buffer, bytes.buffer);
  assert.equal(first.buffer.byteLength, CHUNK_BYTES);
  const firstCopy = first.slice();
  first.fill(0);
  reader.recycle(first);
  const rest = await readAll(reader);
  assert.deepEqual(rest.map((chunk) => chunk.length), [CHUNK_BYTES, 777]);
  assert.ok(joined([firstCopy, ...rest]).equals(Buffer.from(bytes)));
  assert.ok(Buffer.from(bytes).equals(Buffer.from(before)), 'the caller\'s bytes are untouched');
  assert.equal(counted, bytes.length);
  // The recycled buffer is reused by the next read.
  const again = streamChunkReader(chunkedStream(bytes, 61), undefined, { callerOwned: true });
  const one = await again.read();
  again.recycle(one);
  assert.equal((await again.read()).buffer, one.buffer);
});

test('bytes in memory are copied: the caller\'s buffer stays as it was', async () => {
  const bytes = patternBytes(CHUNK_BYTES + 5);
  const before = bytes.slice();
  const reader = bytesChunkReader(bytes);
  const chunk = await reader.read();
  assert.notEqual(chunk.buffer, bytes.buffer);
  chunk.fill(0);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(before)));
  assert.equal((await reader.read()).length, 5);
  assert.equal(await reader.read(), undefined);
  const cancelled = bytesChunkReader(bytes);
  assert.equal((await cancelled.read()).length, CHUNK_BYTES);
  await cancelled.cancel('enough');
  assert.equal(await cancelled.read(), undefined, 'nothing is read after cancel');
});

test('cancel ends a Blob read early', async () => {
  let cancelled;
  const stream = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      controller.enqueue(new Uint8Array(1000));
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  const reader = blobStreamChunkReader(new Blob([]), undefined, { stream });
  assert.equal((await reader.read()).length, CHUNK_BYTES);
  await reader.cancel('enough');
  assert.equal(cancelled, 'enough');
});

// A Blob of `bytes` that records the slices read from it and how many reads were in flight at
// most; reads of slices starting at `failAt` or later reject.
function watchedBlob(bytes, { failAt = Infinity } = {}) {
  const blob = new Blob([bytes]);
  const watched = { slices: [], mostInFlight: 0, size: blob.size };
  let inFlight = 0;
  watched.slice = (start, end) => ({
    arrayBuffer: async () => {
      watched.slices.push([start, end]);
      watched.mostInFlight = Math.max(watched.mostInFlight, ++inFlight);
      await new Promise((resolve) => { setTimeout(resolve, 1); });
      --inFlight;
      if (start >= failAt) throw new Error(`cannot read at ${start}`);
      return blob.slice(start, end).arrayBuffer();
    },
  });
  return watched;
}

test('under node a Blob is read in slices of CHUNK_BYTES, a few ahead, each in a buffer of its own', async () => {
  const bytes = patternBytes(5 * CHUNK_BYTES + 99);
  const blob = watchedBlob(bytes);
  let counted = 0;
  const chunks = await readAll(blobSliceChunkReader(blob, (n) => { counted += n; }));
  assert.deepEqual(chunks.map((chunk) => chunk.length), [...Array(5).fill(CHUNK_BYTES), 99]);
  assert.ok(joined(chunks).equals(Buffer.from(bytes)));
  assert.equal(counted, bytes.length);
  assert.deepEqual(blob.slices.map(([start]) => start), [0, 1, 2, 3, 4, 5].map((i) => i * CHUNK_BYTES));
  assert.equal(blob.mostInFlight, SLICES_AHEAD);
  const reader = blobChunkReader(new Blob([bytes]));
  const first = await reader.read();
  assert.equal(first.byteLength, first.buffer.byteLength, 'a chunk owns its whole buffer: it is transferred, not copied');
});

test('a failed slice read fails the read; the reads ahead of it, and those started before a cancel, fail quietly', async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    // Every slice from the second on fails: the reads ahead of the first failure fail too.
    const failing = blobSliceChunkReader(watchedBlob(patternBytes(6 * CHUNK_BYTES), { failAt: CHUNK_BYTES }));
    assert.equal((await failing.read()).length, CHUNK_BYTES);
    await assert.rejects(failing.read(), (error) => {
      assert.equal(error.code, 'bad_input');
      assert.match(error.message, /^the file could not be read; it may have changed or been removed since it was chosen \(.*cannot read at 1048576/);
      return true;
    });
    await new Promise((resolve) => { setTimeout(resolve, 50); });
    assert.deepEqual(unhandled, []);

    const blob = watchedBlob(patternBytes(6 * CHUNK_BYTES), { failAt: CHUNK_BYTES });
    const reader = blobSliceChunkReader(blob);
    assert.equal((await reader.read()).length, CHUNK_BYTES);
    await reader.cancel('enough');
    assert.equal(await reader.read(), undefined, 'nothing is read after a cancel');
    await new Promise((resolve) => { setTimeout(resolve, 50); });
    assert.deepEqual(unhandled, []);
    assert.equal(blob.slices.length, SLICES_AHEAD, 'no slice is started after the cancel');
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('node\'s Blob of a file over 4 GiB is read in full, and its size is not trusted', { timeout: 120_000 }, async () => {
  // Sparse: 4 GiB of zeros on no disk, then a marker. Node states such a Blob's size modulo
  // 4 GiB (nodejs/node#52585): read in slices up to it, all but 1 MiB was lost without a word.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-'));
  const file = path.join(dir, 'over-4-gib.ndjson');
  const marker = new TextEncoder().encode('{"the":"end"}\n');
  const size = 2 ** 32 + 2 ** 20;
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, size - marker.length);
  fs.writeSync(fd, marker, 0, marker.length, size - marker.length);
  fs.closeSync(fd);
  try {
    const blob = await fs.openAsBlob(file);
    assert.equal(isNodeFileBlob(blob), true);
    assert.equal(isNodeFileBlob(new Blob([marker])), false);
    assert.equal(describeSource(blob).totalBytes, undefined, 'node may misstate it');
    assert.equal(describeSource(new Blob([marker])).totalBytes, marker.length);
    const reader = blobChunkReader(blob);
    let read = 0;
    let last = new Uint8Array(0);
    for (let chunk; (chunk = await reader.read());) {
      read += chunk.length;
      last = Uint8Array.from([...last.subarray(-marker.length), ...chunk.subarray(-marker.length)]);
      reader.recycle(chunk);
    }
    assert.equal(read, size);
    assert.deepEqual(last.subarray(-marker.length), marker);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});
