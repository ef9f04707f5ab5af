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

test('a load that will not fit says so in a progress report long before it stops', async () => {
  const engine = await createEngine();
  try {
    const bytes = samplePlainBytes();
    const fits = await engine.load(bytes, { memoryLimitBytes: 0 });
    assert.equal(fits.memoryLimitBytes, 4 * 2 ** 30, '0: the module\'s own 4 GiB');
    // A limit a fifth under what the whole sample needs: loading stops near its end.
    const memoryLimitBytes = Math.round(fits.memoryToFinish * 0.8);
    const reports = [];
    await assert.rejects(engine.load(bytes, { memoryLimitBytes, onProgress: (report) => reports.push(report) }),
      (error) => error.code === 'out_of_memory');
    const warning = reports.find((report) => report.memoryAtEnd > memoryLimitBytes);
    assert.ok(warning, 'a report said the load would pass the limit');
    assert.ok(warning.bytes < bytes.length / 2, `said after ${warning.bytes} of ${bytes.length} bytes`);
    assert.equal(warning.memoryLimitBytes, memoryLimitBytes);
    assert.ok(warning.memoryToFinish < memoryLimitBytes);
    // Extrapolated from the first fifth or so, the outlook is near what the whole load needed.
    assert.ok(warning.memoryAtEnd < fits.memoryToFinish * 1.25, `${warning.memoryAtEnd} vs ${fits.memoryToFinish}`);
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
