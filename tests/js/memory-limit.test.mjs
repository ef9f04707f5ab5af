// Memory: a load over its limit stops with a clear error naming the line and the engine stays
// usable; a trap in the module (the browser refusing it memory) becomes an 'engine_failed'
// error on that call and every later one, never a dead page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { checkoutFunnel, jsDir, repo, samplePlainBytes } from './support.mjs';

const { createEngine } = await import(path.join(jsDir, 'engine.js'));
const { loadTouchpathModule } = await import(path.join(repo, 'js-wrapper/src/wasm-module.js'));
const { WasmEngine } = await import(path.join(repo, 'js-wrapper/src/wasm-engine.js'));

test('a load over its memory limit fails clearly, and the engine loads again afterwards', async () => {
  const engine = await createEngine();
  try {
    await assert.rejects(engine.load(samplePlainBytes(), { memoryLimitBytes: 2 * 2 ** 20 }), (error) => {
      assert.equal(error.code, 'out_of_memory');
      assert.match(error.message, /^out of memory for this export: loading stopped at line \d+ after \d+ events/);
      assert.match(error.message, /limit of 2 MiB/);
      return true;
    });
    await engine.load(samplePlainBytes());
    const result = await engine.run(checkoutFunnel);
    assert.ok(result.results[0].steps[0].count > 0);
  } finally {
    engine.dispose();
  }
});

test('the engine-wide limit applies to every load', async () => {
  const engine = await createEngine({ memoryLimitBytes: 2 * 2 ** 20 });
  try {
    await assert.rejects(engine.load(samplePlainBytes()), /out of memory for this export/);
    await engine.load(samplePlainBytes(), { memoryLimitBytes: 0 });  // 0: no limit of its own
  } finally {
    engine.dispose();
  }
});

test('a trap inside the module fails that call and every later one with engine_failed', async () => {
  const module = await loadTouchpathModule();
  const engine = new WasmEngine(module);
  assert.equal(engine.reset().code, 'ok');
  const feed = module._tp_feed;
  module._tp_feed = () => {
    throw new WebAssembly.RuntimeError('Aborted(OOM)');  // what a refused memory.grow ends in
  };
  const failed = engine.feed(new TextEncoder().encode('{}\n'));
  module._tp_feed = feed;
  assert.equal(failed.code, 'engine_failed');
  assert.match(failed.message, /Aborted\(OOM\).*refused it more memory.*4 GiB/);
  assert.deepEqual(engine.finish(), failed);
  assert.deepEqual(engine.run(JSON.stringify(checkoutFunnel)), failed);
  assert.deepEqual(JSON.parse(engine.describe()), { error: failed.message });
  engine.dispose();
});
