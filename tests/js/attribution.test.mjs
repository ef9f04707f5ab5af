// Attribution through the three doors: the native CLI, the node CLI on WASM and the JS API give
// the same numbers (the two CLIs the same bytes) on path tables and on a GA4 export.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  jsDir,
  repo,
  runNative,
  runNode,
  samplePath,
  temporaryDir,
  writeJson,
} from './support.mjs';

const { createEngine } = await import(path.join(jsDir, 'engine.js'));

const dir = temporaryDir();
let engine;
before(async () => {
  engine = await createEngine();
});
after(() => {
  engine.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const pathTableModels = [
  'first_touch',
  'last_touch',
  'last_non_direct',
  'linear',
  'position_based',
  'markov',
  'shapley',
  'shapley_rate',
];
const allModels = [...pathTableModels.slice(0, 5), 'time_decay', ...pathTableModels.slice(5)];

const pathTableSpec = {
  analyses: [{ type: 'attribution', id: 'paths', models: pathTableModels }],
};
const pathTableOrder2Spec = {
  analyses: [{ type: 'attribution', id: 'order2', models: ['markov'], markov_order: 2 }],
};
const ga4Spec = {
  analyses: [
    { type: 'attribution', id: 'channels', conversion: { event: 'purchase' }, models: allModels },
    {
      type: 'attribution',
      id: 'sources_unique_30d',
      touchpoint: 'source_medium',
      lookback: '30d',
      transforms: ['unique'],
      models: allModels,
      markov_order: 2,
    },
  ],
};

// The published example: C1>C2>C3 converts once, C1 and C2>C3 are null paths.
const inlineTable = [
  'path;total_conversions;total_conversion_value;total_null',
  'C1 > C2 > C3;1;10;0',
  'C1;0;0;1',
  'C2 > C3;0;0;1',
  '',
].join('\n');

const sharedPathTable = path.join(repo, '../shared/data/channelattribution_paths.csv');
const sharedPathTableSkip = fs.existsSync(sharedPathTable)
  ? false
  : `skipped: ${sharedPathTable} is absent (../shared/data not beside the repo)`;

// Runs both CLIs; asserts identical bytes and returns the parsed result.
async function sameOnBothCLIs(spec, input) {
  const specFile = writeJson(dir, `spec-${Math.random().toString(36).slice(2)}.json`, spec);
  const native = await runNative(['run', '--spec', specFile, input]);
  const node = await runNode(['run', '--spec', specFile, input]);
  assert.equal(native.code, 0, native.stderr);
  assert.equal(node.code, 0, node.stderr);
  assert.ok(native.stdout.length > 0);
  assert.ok(node.stdout.equals(native.stdout), 'node (WASM) and native stdout differ');
  return JSON.parse(native.stdout.toString());
}

// The JS API's result for the same bytes and spec equals the CLI's.
async function sameInJsApi(spec, bytes, cliResult) {
  await engine.load(new Uint8Array(bytes));
  assert.deepEqual(await engine.run(spec), cliResult);
}

function assertModelsSumToTotals(result) {
  for (const [model, credits] of Object.entries(result.models)) {
    const conversions = credits.reduce((sum, credit) => sum + credit.conversions, 0);
    const value = credits.reduce((sum, credit) => sum + credit.value, 0);
    assert.ok(Math.abs(conversions - result.conversions) <= 1e-9 * result.conversions, model);
    assert.ok(Math.abs(value - result.value) <= 1e-9 * Math.max(1, result.value), model);
  }
}

test('inline path table: same bytes on both CLIs, same numbers in the JS API', async () => {
  const input = path.join(dir, 'inline.csv');
  fs.writeFileSync(input, inlineTable);
  const result = await sameOnBothCLIs(pathTableSpec, input);
  await sameInJsApi(pathTableSpec, Buffer.from(inlineTable), result);
  const attribution = result.results[0];
  assert.equal(result.input.format, 'path_table');
  assert.equal(attribution.conversions, 1);
  assert.equal(attribution.paths.null, 2);
  const markov = Object.fromEntries(attribution.models.markov.map((c) => [c.channel, c]));
  assert.ok(Math.abs(markov.C1.conversions - 0.2) < 1e-12);
  assert.ok(Math.abs(markov.C2.conversions - 0.4) < 1e-12);
  assert.ok(Math.abs(markov.C3.conversions - 0.4) < 1e-12);
  const effects = Object.fromEntries(attribution.removal_effects.map((e) => [e.channel, e.effect]));
  assert.ok(Math.abs(effects.C1 - 0.5) < 1e-12 && Math.abs(effects.C2 - 1) < 1e-12);
  assert.ok(Math.abs(attribution.conversion_probability - 1 / 3) < 1e-12);
  assertModelsSumToTotals(attribution);
});

test('ChannelAttribution example data (../shared/data): both CLIs and the JS API agree', {
  skip: sharedPathTableSkip,
}, async () => {
  const result = await sameOnBothCLIs(pathTableSpec, sharedPathTable);
  await sameInJsApi(pathTableSpec, fs.readFileSync(sharedPathTable), result);
  const attribution = result.results[0];
  assert.equal(attribution.channels.length, 12);
  assert.equal(result.input.rows, 10000);
  assert.deepEqual(Object.keys(attribution.models).sort(), [...pathTableModels].sort());
  assertModelsSumToTotals(attribution);
  const order2 = await sameOnBothCLIs(pathTableOrder2Spec, sharedPathTable);
  assertModelsSumToTotals(order2.results[0]);
});

test('generated GA4 sample, every model: both CLIs and the JS API agree', async () => {
  const result = await sameOnBothCLIs(ga4Spec, samplePath);
  await sameInJsApi(ga4Spec, fs.readFileSync(samplePath), result);
  assert.equal(result.input.format, 'ga4');
  for (const attribution of result.results) {
    assert.ok(attribution.conversions > 0, attribution.id);
    assert.deepEqual(Object.keys(attribution.models).sort(), [...allModels].sort(), attribution.id);
    assert.ok(attribution.transition_matrix.length > 0);
    assertModelsSumToTotals(attribution);
  }
});

test('a bad attribution spec exits 2 on both CLIs, naming the field', async () => {
  const input = path.join(dir, 'inline-bad-spec.csv');
  fs.writeFileSync(input, inlineTable);
  const cases = [
    [{ type: 'attribution', models: ['markov', 'linearr'] }, /analyses\[0\]\.models\[1\]/],
    [{ type: 'attribution', markov_order: 0 }, /analyses\[0\]\.markov_order/],
    [{ type: 'attribution', position_weights: [40, 20] }, /analyses\[0\]\.position_weights/],
  ];
  for (const [analysis, field] of cases) {
    const specFile = writeJson(dir, 'bad-attribution.json', { analyses: [analysis] });
    const native = await runNative(['run', '--spec', specFile, input]);
    const node = await runNode(['run', '--spec', specFile, input]);
    for (const outcome of [native, node]) {
      assert.equal(outcome.code, 2, outcome.stderr);
      assert.equal(outcome.stdout.length, 0);
      assert.match(outcome.stderr, field);
    }
    assert.equal(node.stderr, native.stderr);
  }
});

test('a path table of more channels than attribution reports is refused by all three doors', async () => {
  const lines = ['path;total_conversions;total_conversion_value;total_null'];
  for (let channel = 0; channel <= 100000; ++channel) lines.push(`c${channel};1;0;0`);
  const table = `${lines.join('\n')}\n`;
  const input = path.join(dir, 'many-channels.csv');
  fs.writeFileSync(input, table);
  const specFile = writeJson(dir, 'linear.json', { analyses: [{ type: 'attribution', models: ['linear'] }] });
  const message = /analyses\[0\]: 100001 channels in the path table, more than the 100000 attribution reports/;
  for (const outcome of [await runNative(['run', '--spec', specFile, input]), await runNode(['run', '--spec', specFile, input])]) {
    assert.equal(outcome.code, 1, outcome.stderr);
    assert.match(outcome.stderr, message);
  }
  await engine.load(Buffer.from(table));
  await assert.rejects(engine.run({ analyses: [{ type: 'attribution', models: ['linear'] }] }), (error) => {
    assert.equal(error.code, 'bad_input');
    assert.match(error.message, message);
    return true;
  });
  // Refused before anything large was built: the engine is still usable.
  await engine.load(Buffer.from(inlineTable));
  assert.equal((await engine.run(pathTableSpec)).results[0].conversions, 1);
});
