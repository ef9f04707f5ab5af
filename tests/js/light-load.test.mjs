// The page's light load (js-wrapper/page/light-load.js): what it keeps, how the page tells a
// load that ran out of memory from other failures, and when it warns that one will.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { checkoutFunnel, jsDir, repo, samplePlainBytes } from './support.mjs';

const { createEngine } = await import(path.join(jsDir, 'engine.js'));
const { LIGHT_SPECS, memoryWarning, ranOutOfMemory } = await import(path.join(repo, 'js-wrapper/page/light-load.js'));

// The checkout funnel broken down by channel, and attribution by source.
const byChannel = {
  analyses: [
    { ...checkoutFunnel.analyses[0], breakdown: 'channel' },
    { type: 'attribution', id: 'by-source', conversion: { event: 'purchase' }, touchpoint: 'source' },
  ],
};

test('a light load keeps events, users, sessions and channels, and gives their analyses as a full load', async () => {
  const engine = await createEngine();
  try {
    const fullLoad = await engine.load(samplePlainBytes());
    assert.ok(fullLoad.description.fields.some((field) => field.startsWith('device.')));
    const full = await engine.run(byChannel);
    const light = await engine.load(samplePlainBytes(), { specs: LIGHT_SPECS });
    assert.equal(light.description.projected, true);
    assert.ok(light.description.fields.includes('channel'));
    assert.ok(light.description.fields.includes('session'));
    assert.ok(!light.description.fields.some((field) => field.startsWith('device.')), 'device fields are dropped');
    assert.deepEqual(await engine.run(byChannel), full);
    await assert.rejects(engine.run({ analyses: [{ ...checkoutFunnel.analyses[0], breakdown: 'device.category' }] }),
      (error) => error.code === 'bad_spec' && /skipped/.test(error.message));
  } finally {
    engine.dispose();
  }
});

test('only a load stopped by the memory limit counts as running out of memory', async () => {
  const engine = await createEngine();
  try {
    const outOfMemory = await engine.load(samplePlainBytes(), { memoryLimitBytes: 2 ** 20 }).catch((error) => error);
    assert.equal(ranOutOfMemory(outOfMemory), true);
    const empty = await engine.load(new Uint8Array(0)).catch((error) => error);
    assert.equal(empty.code, 'bad_input');
    assert.equal(ranOutOfMemory(empty), false);
    assert.equal(ranOutOfMemory(new DOMException('stopped', 'AbortError')), false);
    assert.equal(ranOutOfMemory(undefined), false);
  } finally {
    engine.dispose();
  }
});

test('the page warns while a load\'s memory outlook is clearly over its limit, and offers the light load only to a full one', () => {
  const limit = 100;
  assert.equal(memoryWarning({ memoryLimitBytes: limit }, false), null, 'no outlook yet');
  assert.equal(memoryWarning({ memoryAtEnd: 110, memoryLimitBytes: limit }, false), null,
    'within the outlook\'s own wobble of the limit');
  assert.deepEqual(memoryWarning({ memoryAtEnd: 150, memoryLimitBytes: limit }, false),
    { key: 'load.memoryWarning', need: 150, limit, offerLight: true });
  assert.deepEqual(memoryWarning({ memoryAtEnd: 150, memoryLimitBytes: limit }, true),
    { key: 'load.memoryWarningLight', need: 150, limit, offerLight: false });
  assert.equal(memoryWarning({ memoryAtEnd: 150, memoryLimitBytes: limit, done: true }, false), null,
    'a load that finished after all says nothing');
});
