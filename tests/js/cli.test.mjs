// The two command lines: build/native/touchpath and the node one on WASM (build/js/touchpath.mjs,
// bundled from js-wrapper/bin/touchpath.mjs) print the same bytes and exit with the same codes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  checkoutFunnel,
  runCommand,
  runNative,
  runNode,
  samplePath,
  samplePlainBytes,
  sharedDataSkip,
  sharedGa4Path,
  sourceNodeCli,
  temporaryDir,
  writeJson,
} from './support.mjs';

const dir = temporaryDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const checkoutSpec = writeJson(dir, 'checkout.json', checkoutFunnel);
const richSpec = writeJson(dir, 'rich.json', {
  analyses: [
    { ...checkoutFunnel.analyses[0], id: 'by_channel', breakdown: 'channel' },
    {
      type: 'funnel',
      id: 'eur_purchases_any_order',
      steps: [
        { event: 'add_to_cart' },
        { event: 'purchase', where: [{ field: 'param.currency', op: 'eq', value: 'EUR' }] },
      ],
      window: 'none',
      order: 'any',
      count: 'sessions',
    },
  ],
});
const plainSample = path.join(dir, 'sample.ndjson');
fs.writeFileSync(plainSample, samplePlainBytes());

async function assertSameOutput(args, options) {
  const native = await runNative(args, options);
  const node = await runNode(args, options);
  assert.equal(native.code, 0, native.stderr);
  assert.equal(node.code, 0, node.stderr);
  assert.ok(native.stdout.length > 0);
  assert.ok(native.stdout.at(-1) === 0x0a, 'the result ends with a newline');
  assert.ok(node.stdout.equals(native.stdout), 'node and native stdout differ');
  return JSON.parse(native.stdout.toString());
}

test('native and node CLIs print identical bytes for the generated sample (gzipped)', async () => {
  const result = await assertSameOutput(['run', '--spec', checkoutSpec, samplePath]);
  assert.equal(result.results[0].steps.length, 4);
  assert.ok(result.results[0].steps[0].count > 0);
});

test('breakdown, filters, any order and sessions: identical bytes', async () => {
  await assertSameOutput(['run', '--spec', richSpec, samplePath]);
});

test('--all-fields loads every field and prints the same bytes as the projected load', async () => {
  const attributionSpec = writeJson(dir, 'attribution.json', {
    analyses: [
      { type: 'attribution', models: ['linear', 'markov'] },
      { type: 'attribution', touchpoint: 'device.category', value_field: 'param.value' },
    ],
  });
  for (const spec of [richSpec, attributionSpec]) {
    await assertSameOutput(['run', '--spec', spec, '--all-fields', plainSample]);
    const projected = await runNative(['run', '--spec', spec, plainSample]);
    const full = await runNative(['run', '--spec', spec, '--all-fields', plainSample]);
    assert.equal(projected.code, 0, projected.stderr);
    assert.ok(projected.stdout.equals(full.stdout), 'projected and full loads print different bytes');
  }
});

test('plain and gzipped inputs, and stdin, give the same result', async () => {
  const gzipped = await runNative(['run', '--spec', checkoutSpec, samplePath]);
  const plain = await assertSameOutput(['run', '--spec', checkoutSpec, plainSample]);
  assert.deepEqual(plain, JSON.parse(gzipped.stdout.toString()));
  const fromStdin = await assertSameOutput(['run', '--spec', checkoutSpec, '-'], {
    stdin: fs.readFileSync(samplePath),
  });
  assert.deepEqual(fromStdin, plain);
});

test('the node CLI also runs from source (js-wrapper/bin)', async () => {
  const native = await runNative(['run', '--spec', checkoutSpec, samplePath]);
  const source = await runCommand(process.execPath, [sourceNodeCli, 'run', '--spec', checkoutSpec, samplePath]);
  assert.equal(source.code, 0, source.stderr);
  assert.ok(source.stdout.equals(native.stdout));
});

test('real GA4 export (../shared/data): identical bytes', { skip: sharedDataSkip }, async () => {
  const result = await assertSameOutput(['run', '--spec', richSpec, sharedGa4Path]);
  assert.ok(result.input.events > 0);
});

test('a bad spec exits 2 with a message naming the field', async () => {
  const badSpec = writeJson(dir, 'bad.json', { analyses: [{ type: 'funnel', steps: 'view_item' }] });
  for (const run of [runNative, runNode]) {
    const outcome = await run(['run', '--spec', badSpec, samplePath]);
    assert.equal(outcome.code, 2, outcome.stderr);
    assert.equal(outcome.stdout.length, 0);
    assert.match(outcome.stderr, /steps/);
  }
});

test('garbage input exits 1 with one line on stderr', async () => {
  const garbage = path.join(dir, 'garbage.bin');
  fs.writeFileSync(garbage, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x80, 0x81]));
  const empty = path.join(dir, 'empty.ndjson');
  fs.writeFileSync(empty, '');
  const truncatedGzip = path.join(dir, 'truncated.gz');
  fs.writeFileSync(truncatedGzip, fs.readFileSync(samplePath).subarray(0, 5000));
  for (const input of [garbage, empty, truncatedGzip, path.join(dir, 'missing.ndjson')]) {
    const native = await runNative(['run', '--spec', checkoutSpec, input]);
    const node = await runNode(['run', '--spec', checkoutSpec, input]);
    for (const outcome of [native, node]) {
      assert.equal(outcome.code, 1, `${input}: ${outcome.stderr}`);
      assert.equal(outcome.stdout.length, 0);
      assert.match(outcome.stderr, /^touchpath: [^\n]+\n$/);
    }
    assert.equal(node.stderr, native.stderr, input);
  }
});

test('--threads: a large plain file read on several threads prints the bytes of one thread', async () => {
  // Lines that are not JSON in the second half and the last quarter, where later parts start.
  const lines = samplePlainBytes().toString('latin1').split('\n');
  const badLines = [Math.floor(lines.length / 2) + 3, Math.floor(lines.length * 0.8)];
  for (const line of badLines) lines.splice(line - 1, 0, 'not json');
  const file = path.join(dir, 'with-bad-lines.ndjson');
  fs.writeFileSync(file, Buffer.from(lines.join('\n'), 'latin1'));
  const one = await runNative(['run', '--spec', richSpec, '--threads', '1', file]);
  assert.equal(one.code, 0, one.stderr);
  const { input } = JSON.parse(one.stdout.toString());
  assert.deepEqual(input.errors.map((error) => error.line), badLines);
  for (const threads of ['2', '3', '8']) {
    const many = await runNative(['run', '--spec', richSpec, '--threads', threads, file]);
    assert.ok(many.stdout.equals(one.stdout), `--threads ${threads} printed different bytes`);
  }
  await assertSameOutput(['run', '--spec', richSpec, '--threads', '2', file]);
});

test('--help prints the same usage and exits 0', async () => {
  const native = await runNative(['--help']);
  const node = await runNode(['--help']);
  assert.equal(native.code, 0);
  assert.equal(node.code, 0);
  assert.match(native.stdout.toString(), /^usage: touchpath run --spec SPEC\.json \[--all-fields\] \[--threads N\] INPUT\.\.\./);
  assert.ok(node.stdout.equals(native.stdout));
});

test('usage errors exit 2', async () => {
  const badThreads = ['0', '65', '2x', '', '-1', '1.5'].map((count) => ['run', '--spec', checkoutSpec, '--threads', count, samplePath]);
  for (const args of [['run', samplePath], ['run', '--spec', checkoutSpec], ['frobnicate'],
    ['run', '--spec', checkoutSpec, samplePath, '--threads'], ...badThreads]) {
    const native = await runNative(args);
    const node = await runNode(args);
    assert.equal(native.code, 2, args.join(' '));
    assert.equal(node.code, 2, args.join(' '));
    assert.equal(node.stderr, native.stderr);
  }
});
