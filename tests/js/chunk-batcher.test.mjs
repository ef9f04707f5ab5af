// The JS wrapper groups small stream chunks into ~1 MiB feeds; bytes and order must survive,
// and chunks are handed on as they are (no copy).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkBatcher } from '../../js-wrapper/src/chunk-batcher.js';

const bytes = (...values) => Uint8Array.from(values);

test('small chunks are held until the batch size, then handed on together in order', () => {
  const batcher = new ChunkBatcher(4);
  const first = bytes(1, 2);
  assert.deepEqual(batcher.add(first), []);
  const ready = batcher.add(bytes(3, 4, 5));
  assert.deepEqual(ready, [[bytes(1, 2), bytes(3, 4, 5)]]);
  assert.equal(ready[0][0], first, 'not copied');
  assert.deepEqual(batcher.flush(), []);
});

test('a big chunk goes out at once, with what was held before it', () => {
  const batcher = new ChunkBatcher(4);
  batcher.add(bytes(1));
  const big = bytes(2, 3, 4, 5, 6);
  const ready = batcher.add(big);
  assert.deepEqual(ready, [[bytes(1), big]]);
  assert.equal(ready[0][1], big, 'not copied');
});

test('flush hands over the rest once, then nothing', () => {
  const batcher = new ChunkBatcher(10);
  batcher.add(bytes(7));
  batcher.add(bytes(8));
  assert.deepEqual(batcher.flush(), [[bytes(7), bytes(8)]]);
  assert.deepEqual(batcher.flush(), []);
});
