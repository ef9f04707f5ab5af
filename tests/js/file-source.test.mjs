// Under node a file's path (a string or a file: URL) is a source: read with fs in recycled
// buffers, the same data as its bytes, gzip recognised, large files read by two workers, and a
// missing file, a folder or a file that shrinks while read named in a clear error.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  checkoutFunnel, jsDir, sampleBytes, samplePath, samplePlainBytes, temporaryDir,
} from './support.mjs';
import { FileRange, fileChunkReader, openFile } from '../../js-wrapper/src/file-source.js';
import { CHUNK_BYTES } from '../../js-wrapper/src/chunk-reader.js';

const { createEngine } = await import(path.join(jsDir, 'engine.js'));

let engine;
let dir;
let plainPath;
let expected;

before(async () => {
  engine = await createEngine({ parallelLoad: true });
  dir = temporaryDir();
  plainPath = path.join(dir, 'export.ndjson');
  fs.writeFileSync(plainPath, samplePlainBytes());
  await engine.load(new Blob([samplePlainBytes()]));
  expected = await engine.run(checkoutFunnel);
});

after(() => {
  engine.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const badInput = (message) => Object.assign(new Error(message), { code: 'bad_input' });

test('a path, a file: URL and a gzipped path load the data their bytes hold', async () => {
  const size = fs.statSync(plainPath).size;
  const reports = [];
  const summary = await engine.load(plainPath, { onProgress: (report) => reports.push(report) });
  assert.deepEqual(await engine.run(checkoutFunnel), expected);
  assert.equal(summary.workers, 2, 'a large plain file is read by two workers');
  assert.equal(summary.totalBytes, size);
  assert.equal(reports.at(-1).bytes, size);
  await engine.load(pathToFileURL(plainPath));
  assert.deepEqual(await engine.run(checkoutFunnel), expected);
  const gzipped = await engine.load(samplePath);
  assert.equal(gzipped.workers, 1);
  assert.equal(gzipped.bytes, sampleBytes().length);
  assert.deepEqual(await engine.run(checkoutFunnel), expected);
});

test('errors name the file: missing, a folder, not an export', async () => {
  const missing = path.join(dir, 'nope.ndjson');
  await assert.rejects(engine.load(missing), { code: 'bad_input', message: `cannot read ${missing}: no such file` });
  await assert.rejects(engine.load(dir), { code: 'bad_input', message: `cannot read ${dir}: it is not a file` });
  const csv = path.join(dir, 'table.csv');
  fs.writeFileSync(csv, 'a,b\n1,2\n');
  await assert.rejects(engine.load(csv), { code: 'bad_input', message: /^table\.csv is not a GA4 BigQuery export/ });
  await engine.load(plainPath);
  assert.deepEqual(await engine.run(checkoutFunnel), expected, 'the engine stays usable');
});

test('a file range is read in whole chunks into recycled buffers, and closed at its end', async () => {
  const file = await openFile(plainPath, badInput);
  const range = file.slice(1000, 1000 + 3 * CHUNK_BYTES + 5);
  assert.ok(range instanceof FileRange);
  let counted = 0;
  const reader = fileChunkReader(range, (n) => { counted += n; });
  const chunks = [];
  const buffers = new Set();
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    chunks.push(Buffer.from(chunk));
    buffers.add(chunk.buffer);
    reader.recycle(chunk);
  }
  assert.deepEqual(chunks.map((chunk) => chunk.length), [CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 5]);
  assert.ok(Buffer.concat(chunks).equals(samplePlainBytes().subarray(1000, 1000 + 3 * CHUNK_BYTES + 5)));
  assert.equal(counted, range.size);
  assert.ok(buffers.size < chunks.length, 'a recycled buffer was read into again');
  assert.equal(reader.closed, true);
  assert.deepEqual([...(await range.slice(2, 6).bytes())], [...samplePlainBytes().subarray(1002, 1006)]);
});

test('a cancelled read closes the file; a file that shrinks while read is an error', async () => {
  const file = await openFile(plainPath, badInput);
  const reader = fileChunkReader(file);
  assert.equal((await reader.read()).length, CHUNK_BYTES);
  await reader.cancel('enough');
  assert.equal(reader.closed, true);
  assert.equal(await reader.read(), undefined);

  const shrinking = path.join(dir, 'shrinking.ndjson');
  fs.writeFileSync(shrinking, Buffer.alloc(8 * CHUNK_BYTES, 0x20));
  const shrinkingReader = fileChunkReader(await openFile(shrinking, badInput));
  await shrinkingReader.read();
  fs.truncateSync(shrinking, CHUNK_BYTES);
  await assert.rejects(async () => {
    while (await shrinkingReader.read());
  }, { code: 'bad_input', message: `${shrinking} shrank while it was read` });
  assert.equal(shrinkingReader.closed, true);
});
