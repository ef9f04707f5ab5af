// The JS API in Chromium, its engine in a Web Worker: a File of many chunks is read into
// recycled buffers that go to the worker and come back, and bytes in memory are copied into
// them. A buffer reused too early, or lost on the way, would change the counts. With two
// workers, the second's half of the File comes to the first as bytes: the counts are the same.
// A fetch Response's body is read into recycled buffers too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { engineResult, samplePath, startBrowser } from './support.mjs';

const spec = {
  analyses: [
    {
      type: 'funnel',
      id: 'checkout',
      steps: [{ event: 'view_item' }, { event: 'add_to_cart' }, { event: 'begin_checkout' }, { event: 'purchase' }],
      window: '7d',
      count: 'users',
    },
  ],
};

let browser;
let plainPath;
let expected;
before(async () => {
  browser = await startBrowser();
  const plain = zlib.gunzipSync(fs.readFileSync(samplePath));
  plainPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-worker-')), 'sample.ndjson');
  fs.writeFileSync(plainPath, plain);
  expected = await engineResult(spec, plain);
});
after(async () => {
  await browser?.close();
  if (plainPath) fs.rmSync(path.dirname(plainPath), { recursive: true, force: true });
});

// A page with the file at `filePath` (the plain sample unless said) chosen in a file input
// (#export).
async function pageWithFile(filePath = plainPath) {
  const opened = await browser.openPage();
  await opened.page.evaluate(() => {
    document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'export' }));
  });
  await opened.page.setInputFiles('#export', filePath);
  return opened;
}

// In the page: loads the chosen File twice through the worker (the second load reuses the
// worker's memory), then the same bytes from an ArrayBuffer; returns the three results.
// `parallelLoad`: createEngine's option (a second worker reads the later half of the File).
async function loadInWorker({ spec, parallelLoad }) {
  const { createEngine } = await import('./engine.js');
  const file = document.getElementById('export').files[0];
  const engine = await createEngine({ parallelLoad });
  try {
    const results = [];
    for (const source of [file, file, await file.arrayBuffer()]) {
      const loaded = await engine.load(source, { specs: [spec] });
      results.push({ bytes: loaded.bytes, workers: loaded.workers, result: await engine.run(spec) });
    }
    return results;
  } finally {
    engine.dispose();
  }
}

test('a plain File of many chunks loads in the worker exactly as in node', async () => {
  const { page, problems, close } = await pageWithFile();
  const size = fs.statSync(plainPath).size;
  assert.ok(size > 40 * 2 ** 20, 'the File spans many 1 MiB chunks');
  for (const parallelLoad of [false, true]) {
    const loads = await page.evaluate(loadInWorker, { spec, parallelLoad });
    // Two workers read the File; the bytes in memory are read by one.
    assert.deepEqual(loads.map((load) => load.workers), parallelLoad ? [2, 2, 1] : [1, 1, 1]);
    for (const { bytes, result } of loads) {
      assert.equal(bytes, size);
      assert.deepEqual(result.results, expected.results);
    }
  }
  assert.deepEqual(problems, []);
  await close();
});

// In the page: fetch Responses, read on the page's thread through a BYOB reader into recycled
// buffers (chunk-reader.js), the gzipped sample decoded on the way; their results.
async function loadResponses({ spec }) {
  const { createEngine } = await import('./engine.js');
  const engine = await createEngine({ parallelLoad: false });
  try {
    const results = [];
    for (const url of ['plain-sample.ndjson', 'sample/ga4-sample.ndjson.gz']) {
      const loaded = await engine.load(await fetch(url), { specs: [spec] });
      results.push({ events: loaded.events, result: await engine.run(spec) });
    }
    return results;
  } finally {
    engine.dispose();
  }
}

test('fetch Responses, plain and gzipped, load as in node', async () => {
  const plain = fs.readFileSync(plainPath);
  const { page, problems, close } = await browser.openPage({
    setUp: (context) => context.route('**/plain-sample.ndjson', (route) => route.fulfill({ body: plain })),
  });
  const loads = await page.evaluate(loadResponses, { spec });
  assert.equal(loads.length, 2);
  for (const { events, result } of loads) {
    assert.ok(events > 20000);
    assert.deepEqual(result.results, expected.results);
  }
  assert.deepEqual(problems, []);
  await close();
});

// In the page: the worker reads the File itself (blob-feed.js). A load aborted at its first
// progress report, then a whole load with its reports; {aborted, reports, bytes, result}.
async function abortThenLoad({ spec }) {
  const { createEngine } = await import('./engine.js');
  const file = document.getElementById('export').files[0];
  const engine = await createEngine({ parallelLoad: false });
  try {
    const midway = new AbortController();
    const aborted = await engine.load(file, { signal: midway.signal, onProgress: () => midway.abort() })
      .then(() => 'loaded', (error) => error.name);
    const reports = [];
    const loaded = await engine.load(file, { onProgress: (report) => reports.push(report) });
    return { aborted, reports, bytes: loaded.bytes, result: await engine.run(spec) };
  } finally {
    engine.dispose();
  }
}

test('a File read by the worker reports progress on the way and can be aborted', async () => {
  const { page, problems, close } = await pageWithFile();
  const size = fs.statSync(plainPath).size;
  const { aborted, reports, bytes, result } = await page.evaluate(abortThenLoad, { spec });
  assert.equal(aborted, 'AbortError');
  assert.equal(bytes, size);
  assert.deepEqual(result.results, expected.results);
  const last = reports.at(-1);
  assert.equal(last.done, true);
  assert.equal(last.bytes, size);
  assert.ok(reports.some((report) => !report.done && report.bytes > 0 && report.bytes < size),
    'a report comes while the File is read');
  assert.deepEqual(problems, []);
  await close();
});

// In the page: loads the chosen File (its file gone from disk by now), then the same bytes
// from memory; {error: {code, message}, counts}.
async function loadGoneFileThenBytes({ spec, bytes }) {
  const { createEngine } = await import('./engine.js');
  const file = document.getElementById('export').files[0];
  const engine = await createEngine({ parallelLoad: false });
  try {
    const error = await engine.load(file).then(() => null, (failure) => ({ code: failure.code, message: failure.message }));
    await engine.load(new TextEncoder().encode(bytes));
    const result = await engine.run(spec);
    return { error, counts: result.results[0].steps.map((step) => step.count) };
  } finally {
    engine.dispose();
  }
}

test('a File whose file is gone fails its load with a clear bad_input error; the engine goes on', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-gone-'));
  const gonePath = path.join(dir, 'gone.ndjson');
  const rows = fs.readFileSync(plainPath, 'utf8').split('\n').slice(0, 2000).join('\n') + '\n';
  fs.writeFileSync(gonePath, rows);
  const { page, problems, close } = await pageWithFile(gonePath);
  try {
    fs.rmSync(gonePath);
    const { error, counts } = await page.evaluate(loadGoneFileThenBytes, { spec, bytes: rows });
    assert.equal(error?.code, 'bad_input');
    assert.match(error.message, /^the file could not be read; it may have changed or been removed/);
    const expectedCounts = (await engineResult(spec, Buffer.from(rows))).results[0].steps.map((step) => step.count);
    assert.deepEqual(counts, expectedCounts);
    assert.deepEqual(problems, []);
  } finally {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt gzip File fails its load as bad_input saying so, in Chromium too', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-corrupt-'));
  const corruptPath = path.join(dir, 'corrupt.ndjson.gz');
  const corrupt = zlib.gzipSync(fs.readFileSync(plainPath).subarray(0, 3_000_000));
  corrupt.fill(7, 1000, 2000);
  fs.writeFileSync(corruptPath, corrupt);
  const { page, problems, close } = await pageWithFile(corruptPath);
  try {
    const error = await page.evaluate(async () => {
      const { createEngine } = await import('./engine.js');
      const engine = await createEngine({ parallelLoad: false });
      try {
        await engine.load(document.getElementById('export').files[0]);
        return null;
      } catch (failure) {
        return { code: failure.code, message: failure.message };
      } finally {
        engine.dispose();
      }
    });
    assert.equal(error?.code, 'bad_input');
    assert.match(error.message, /^the gzip data is corrupt or cut short \(.+\)$/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
