// A large File or Blob is read by two workers, the second's half handed to the first as bytes:
// the results, the description and the progress are those of one worker reading it all; what
// the second worker cannot hand over (an export that is not one record a line) the first reads
// itself; aborts and errors behave as in one worker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { checkoutFunnel, jsDir, samplePlainBytes } from './support.mjs';

const { createEngine } = await import(path.join(jsDir, 'engine.js'));

const specs = [
  checkoutFunnel,
  {
    analyses: [
      { type: 'funnel', id: 'by-channel', count: 'sessions', breakdown: 'channel',
        steps: [{ event: 'session_start' }, { event: 'purchase' }] },
      { type: 'attribution', id: 'credit', conversion: { event: 'purchase' },
        models: ['first_touch', 'last_touch', 'linear'] },
    ],
  },
];

let parallel;
let single;
let plain;

before(async () => {
  [parallel, single] = await Promise.all([
    createEngine({ parallelLoad: true }),
    createEngine({ parallelLoad: false }),
  ]);
  plain = samplePlainBytes();
  assert.ok(plain.length >= 32 << 20, 'the sample is large enough to be read in two');
});

after(() => {
  parallel.dispose();
  single.dispose();
});

async function loadAndRun(engine, source, options) {
  const reports = [];
  const summary = await engine.load(source, { ...options, onProgress: (report) => reports.push(report) });
  const results = [];
  for (const spec of specs) results.push(await engine.run(spec));
  return { summary, results, describe: await engine.describe(), last: reports.at(-1) };
}

test('two workers give the results, description and counts of one', async () => {
  for (const options of [{}, { specs }]) {
    const two = await loadAndRun(parallel, new Blob([plain]), options);
    const one = await loadAndRun(single, new Blob([plain]), options);
    assert.equal(two.summary.workers, 2, 'the second worker\'s half was appended');
    assert.equal(one.summary.workers, 1);
    assert.deepEqual(two.results, one.results);
    assert.deepEqual(two.describe, one.describe);
    assert.equal(two.summary.events, one.summary.events);
    assert.ok(two.summary.events > 0);
    for (const report of [two.last, two.summary]) {
      assert.equal(report.bytes, plain.length);
      assert.equal(report.totalBytes, plain.length);
      assert.equal(report.decodedBytes, plain.length);
      assert.equal(report.events, one.summary.events);
    }
    assert.equal(two.last.done, true);
  }
});

test('a JSON array export is read by the first worker alone, with the same results', async () => {
  const rows = plain.toString('utf8').trimEnd().split('\n');
  const array = new Blob([`[${rows.join(',\n')}]\n`]);
  const two = await loadAndRun(parallel, array);
  const one = await loadAndRun(single, array);
  assert.equal(two.summary.workers, 1, 'the second worker\'s half could not be appended');
  assert.deepEqual(two.results, one.results);
  assert.deepEqual(two.describe, one.describe);
  assert.equal(two.last.bytes, array.size, 'the second worker\'s bytes are not counted twice');
  assert.equal(two.last.decodedBytes, array.size);
  assert.equal(two.last.events, one.summary.events);
});

test('small and gzipped Blobs, and several sources, are read by one worker', async () => {
  const small = new Blob([plain.subarray(0, plain.indexOf(10, 1 << 20) + 1)]);
  assert.equal((await parallel.load(small)).workers, 1);
  const { gzipSync } = await import('node:zlib');
  assert.equal((await parallel.load(new Blob([gzipSync(plain)]))).workers, 1);
  const half = plain.indexOf(10, plain.length >> 1) + 1;
  const several = await parallel.load([new Blob([plain.subarray(0, half)]), new Blob([plain.subarray(half)])]);
  assert.equal(several.workers, 1);
});

test('an aborted load in two rejects, and the engine then loads in two again', async () => {
  const midway = new AbortController();
  const loading = parallel.load(new Blob([plain]), {
    signal: midway.signal,
    onProgress: () => midway.abort(),
  });
  await assert.rejects(loading, { name: 'AbortError' });
  const two = await loadAndRun(parallel, new Blob([plain]));
  const one = await loadAndRun(single, new Blob([plain]));
  assert.equal(two.summary.workers, 2);
  assert.deepEqual(two.results, one.results);
});

test('an input the first worker refuses fails as in one worker, and the engine stays usable', async () => {
  const notAnExport = new Blob(['name,value\n', plain]);
  const error = await parallel.load(notAnExport).catch((failure) => failure);
  const expected = await single.load(notAnExport).catch((failure) => failure);
  assert.equal(error.code, 'bad_input');
  assert.equal(error.message, expected.message);
  assert.equal((await parallel.load(new Blob([plain]))).workers, 2);
});

test('bad lines in the later half are skipped and named by their line in the whole input', async () => {
  const lines = plain.toString('utf8').trimEnd().split('\n');
  const at = Math.floor(lines.length * 0.75);
  lines.splice(at, 0, '{"event_name": broken', 'not json \xff', '');
  const withBadLines = new Blob([`${lines.join('\n')}\n`]);
  const two = await loadAndRun(parallel, withBadLines);
  const one = await loadAndRun(single, withBadLines);
  assert.equal(two.summary.workers, 2);
  const input = two.results[0].input;
  assert.equal(input.skipped, 2);
  assert.deepEqual(input.errors.map((error) => error.line), [at + 1, at + 2]);
  assert.deepEqual(two.results, one.results);
});

test('a middle inside a line longer than the search window is read by one worker', async () => {
  const half = plain.indexOf(10, 10 << 20) + 1;
  const longLine = `{"event_name":"x","pad":"${'y'.repeat(3 << 20)}"}\n`;
  const blob = new Blob([plain.subarray(0, half), longLine, plain.subarray(half, half + (8 << 20))]);
  assert.ok(blob.size / 2 > half && blob.size / 2 < half + longLine.length, 'the middle is in the long line');
  const two = await loadAndRun(parallel, blob);
  const one = await loadAndRun(single, blob);
  assert.equal(two.summary.workers, 1);
  assert.deepEqual(two.results, one.results);
});

test('a second worker whose memory grew past the limit is replaced, and the next loads still use two', async () => {
  const replacing = await createEngine({ parallelLoad: true, secondWorkerMemoryBytes: 1 });
  try {
    const one = await loadAndRun(single, new Blob([plain]));
    for (let round = 0; round < 3; ++round) {
      const two = await loadAndRun(replacing, new Blob([plain]));
      assert.equal(two.summary.workers, 2, `round ${round}`);
      assert.deepEqual(two.results, one.results);
    }
  } finally {
    replacing.dispose();
  }
});
