// WasmEngine (js-wrapper/src/wasm-engine.js) over the built module: a list of chunks is staged
// side by side and fed like the bytes it holds, whatever the sizes of its pieces.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { checkoutFunnel, samplePlainBytes } from './support.mjs';
import { loadTouchpathModule } from '../../js-wrapper/src/wasm-module.js';
import { WasmEngine } from '../../js-wrapper/src/wasm-engine.js';

const engine = new WasmEngine(await loadTouchpathModule());
after(() => engine.dispose());

function resultAfterFeeding(feeds) {
  engine.reset('auto');
  for (const chunks of feeds) assert.equal(engine.feed(chunks).code, 'ok');
  assert.equal(engine.finish().code, 'ok');
  return JSON.parse(engine.run(JSON.stringify(checkoutFunnel)).text);
}

test('lists of chunks of any size feed like one chunk of their bytes', () => {
  const bytes = samplePlainBytes();
  const expected = resultAfterFeeding([bytes]);
  // Pieces of 1 byte to 5 MiB (larger than one staging slice), and empty ones.
  const sizes = [1, 0, 7, 65536, 5 << 20, 3, 1 << 20, 0, 999_999];
  const pieces = [];
  for (let offset = 0, i = 0; offset < bytes.length; ++i) {
    const size = sizes[i % sizes.length];
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  const lists = [];
  for (let i = 0; i < pieces.length; i += 5) lists.push(pieces.slice(i, i + 5));
  assert.deepEqual(resultAfterFeeding(lists), expected);
  assert.deepEqual(resultAfterFeeding([pieces]), expected);
});

test('an appended part is not kept staged while the store is built', () => {
  const bytes = samplePlainBytes();
  const cut = bytes.indexOf(10, bytes.length >> 1) + 1;
  const later = new WasmEngine(engine.module);  // a second handle in the same module
  try {
    engine.reset('auto');
    engine.beginInput('sample');
    engine.feed(bytes.subarray(0, cut));
    later.reset('auto');
    later.beginLaterPart('sample');
    later.feed(bytes.subarray(cut));
    const part = later.encodeLaterPart();
    assert.equal(part.code, 'ok');
    assert.equal(engine.appendEncodedPart(part.bytes).appended, true);
    assert.equal(engine.module._tp_staging(engine.handle, 0), 0, "the part's bytes were released");
    assert.equal(engine.finish().code, 'ok');
    assert.deepEqual(JSON.parse(engine.run(JSON.stringify(checkoutFunnel)).text), resultAfterFeeding([bytes]));
  } finally {
    later.dispose();
  }
});

test('feed reports the events loaded so far', () => {
  engine.reset('auto');
  const status = engine.feed([samplePlainBytes()]);
  assert.equal(status.code, 'ok');
  assert.ok(status.events > 0);
});

test('reset with invalid specs says bad_spec and keeps every field', () => {
  const status = engine.reset('auto', '{"analyses": []}');
  assert.equal(status.code, 'bad_spec');
  assert.match(status.message, /analyses/);
  engine.feed(samplePlainBytes());
  engine.finish();
  assert.equal(JSON.parse(engine.describe()).projected, false);
});
