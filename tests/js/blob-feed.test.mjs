// A worker reading a Blob itself (blob-feed.js): every byte reaches the engine in order, gzip
// is decoded, running totals go out from the first chunk on, and a failed feed or a cancel
// stops the read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { feedBlob } from '../../js-wrapper/src/blob-feed.js';
import { CHUNK_BYTES } from '../../js-wrapper/src/chunk-reader.js';

// Bytes whose every position holds a different pattern, so a misplaced byte shows.
function patternBytes(length) {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; ++i) bytes[i] = (i * 13 + (i >> 11)) & 0xff;
  return bytes;
}

// Stands in for a WasmEngine: keeps a copy of what it is fed (the chunk goes back to the
// reader's pool), counts an "event" a chunk, and answers `failAt`'s feed (0-based) with
// bad_input.
function recordingEngine({ failAt = Infinity } = {}) {
  const fed = [];
  return {
    fed,
    feed(chunk) {
      fed.push(chunk.slice());
      if (fed.length - 1 === failAt) return { code: 'bad_input', message: 'line 9: broken' };
      return { code: 'ok', message: '', events: fed.length };
    },
    bytes: () => Buffer.concat(fed),
  };
}

test('every byte of a Blob of many chunks is fed in order, with its totals', async () => {
  const bytes = patternBytes(3 * CHUNK_BYTES + 12_345);
  const engine = recordingEngine();
  const fed = await feedBlob(engine, new Blob([bytes]));
  assert.ok(engine.fed.length >= 4);
  assert.deepEqual(engine.bytes(), Buffer.from(bytes));
  assert.deepEqual(fed, {
    bytes: bytes.length, decodedBytes: bytes.length, events: engine.fed.length,
    status: { code: 'ok', message: '', events: engine.fed.length },
  });
});

test('a gzipped Blob is fed decoded; its totals count raw and decoded bytes', async () => {
  const bytes = patternBytes(2 * CHUNK_BYTES + 777);
  const gzipped = zlib.gzipSync(bytes);
  const engine = recordingEngine();
  const fed = await feedBlob(engine, new Blob([gzipped]));
  assert.deepEqual(engine.bytes(), Buffer.from(bytes));
  assert.equal(fed.bytes, gzipped.length);
  assert.equal(fed.decodedBytes, bytes.length);
});

test('the first chunk is reported at once, with the totals so far', async () => {
  const bytes = patternBytes(2 * CHUNK_BYTES);
  const reports = [];
  await feedBlob(recordingEngine(), new Blob([bytes]), { onProgress: (report) => reports.push(report) });
  assert.deepEqual(reports[0], { bytes: CHUNK_BYTES, decodedBytes: CHUNK_BYTES, events: 1 });
});

test('a failed feed ends the read with its status; nothing more is fed', async () => {
  const engine = recordingEngine({ failAt: 1 });
  const fed = await feedBlob(engine, new Blob([patternBytes(4 * CHUNK_BYTES)]));
  assert.equal(engine.fed.length, 2);
  assert.deepEqual(fed.status, { code: 'bad_input', message: 'line 9: broken' });
});

test('a cancel between chunks rejects with AbortError; nothing more is fed', async () => {
  const engine = recordingEngine();
  let cancelled = false;
  const feeding = feedBlob(engine, new Blob([patternBytes(4 * CHUNK_BYTES)]), {
    onProgress: () => { cancelled = true; },
    isCancelled: () => cancelled,
  });
  await assert.rejects(feeding, { name: 'AbortError' });
  assert.equal(engine.fed.length, 1);
});
