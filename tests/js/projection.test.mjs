// Loads given their specs (engine.load(source, {specs})) keep only the fields those specs read:
// same results as a full load, describe() says so, and run() refuses what was skipped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { checkoutFunnel, jsDir, sampleBytes } from './support.mjs';

const { createEngine } = await import(path.join(jsDir, 'engine.js'));

const specs = {
  checkout: checkoutFunnel,
  eurByDevice: {
    analyses: [{
      type: 'funnel',
      steps: [
        { event: 'view_item' },
        { event: 'purchase', where: [{ field: 'param.currency', op: 'eq', value: 'EUR' }] },
      ],
      breakdown: 'device.category',
    }],
  },
  sessionsByChannel: {
    analyses: [{
      type: 'funnel', count: 'sessions', window: '1h', breakdown: 'channel',
      steps: [{ event: 'view_item' }, { event: 'add_to_cart' }],
    }],
  },
  attribution: {
    analyses: [
      { type: 'attribution', models: ['first_touch', 'linear', 'markov'] },
      { type: 'attribution', touchpoint: 'geo.country', value_field: 'param.value', models: ['last_touch'] },
    ],
  },
};

let full;
let projected;
before(async () => {
  full = await createEngine();
  projected = await createEngine();
  await full.load(sampleBytes());
});
after(() => {
  full.dispose();
  projected.dispose();
});

for (const [name, spec] of Object.entries(specs)) {
  test(`a load given the ${name} spec runs it as a full load does`, async () => {
    await projected.load(sampleBytes(), { specs: spec });
    assert.deepEqual(await projected.run(spec), await full.run(spec));
  });
}

test('a load given several specs (objects or JSON text) runs each as a full load does', async () => {
  const list = Object.values(specs);
  await projected.load(sampleBytes(), { specs: [list[0], JSON.stringify(list[1]), ...list.slice(2)] });
  for (const spec of list) assert.deepEqual(await projected.run(spec), await full.run(spec));
});

test('describe says the load is projected and offers only the kept fields', async () => {
  const loaded = await projected.load(sampleBytes(), { specs: specs.eurByDevice });
  assert.equal(loaded.description.projected, true);
  assert.ok(loaded.description.fields.includes('device.category'));
  assert.ok(loaded.description.fields.includes('param.currency'));
  for (const dropped of ['channel', 'geo.country', 'param.page_title', 'device.operating_system']) {
    assert.ok(!loaded.description.fields.includes(dropped), dropped);
    assert.ok((await full.describe()).fields.includes(dropped), dropped);
  }
  assert.equal((await full.describe()).projected, false);
});

test('run rejects a spec reading a field the projected load skipped', async () => {
  await projected.load(sampleBytes(), { specs: specs.checkout });
  await assert.rejects(projected.run(specs.eurByDevice), (error) => {
    assert.equal(error.code, 'bad_spec');
    assert.match(error.message, /param\.currency.*skipped/);
    return true;
  });
  await assert.rejects(projected.run(specs.sessionsByChannel), { code: 'bad_spec' });
});

test('load rejects invalid specs with bad_spec', async () => {
  await assert.rejects(
    projected.load(sampleBytes(), { specs: { analyses: [{ type: 'funnel', steps: 'view_item' }] } }),
    (error) => error.code === 'bad_spec' && /steps/.test(error.message),
  );
});

test('a later load without specs keeps every field again', async () => {
  await projected.load(sampleBytes(), { specs: specs.checkout });
  const loaded = await projected.load(sampleBytes(), { specs: [] });
  assert.equal(loaded.description.projected, false);
  assert.deepEqual(await projected.run(specs.eurByDevice), await full.run(specs.eurByDevice));
});
