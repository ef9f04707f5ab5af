// The JS API (build/js/engine.js) under node, in a worker thread (the default) and in-process:
// sources, gzip, chunking, errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  checkoutFunnel, chunkedStream, jsDir, sampleBytes, samplePlainBytes, temporaryDir,
} from './support.mjs';

const { createEngine } = await import(path.join(jsDir, 'engine.js'));

for (const worker of [true, false]) {
  describe(worker ? 'in a worker thread' : 'in-process', () => {
    let engine;
    let expected;

    before(async () => {
      engine = await createEngine({ worker });
      await engine.load(sampleBytes());
      expected = await engine.run(checkoutFunnel);
    });

    after(() => engine.dispose());

    const expectedCounts = () => expected.results[0].steps.map((step) => step.count);

    async function checkoutCounts(source) {
      await engine.load(source);
      return (await engine.run(checkoutFunnel)).results[0].steps.map((step) => step.count);
    }

    test('the sample funnel has events at every step and narrows', () => {
      const counts = expectedCounts();
      assert.equal(counts.length, 4);
      assert.ok(counts[0] > 0 && counts[3] > 0, `counts ${counts}`);
      for (let i = 1; i < counts.length; ++i) {
        assert.ok(counts[i] <= counts[i - 1], `counts ${counts}`);
      }
      assert.equal(expected.results[0].id, 'checkout');
      assert.ok(expected.input.events > 0);
    });

    test('gzip is recognised by its magic bytes: plain and gzipped loads agree', async () => {
      const plain = await checkoutCounts(samplePlainBytes());
      assert.deepEqual(plain, expectedCounts());
    });

    test('a gzipped Blob named .json is still gunzipped', async () => {
      const blob = new Blob([sampleBytes()], { type: 'application/json' });
      assert.deepEqual(await checkoutCounts(blob), expectedCounts());
    });

    test('a large Blob, whole or in parts, loads exactly like its bytes', async () => {
      const plain = samplePlainBytes();
      assert.ok(plain.length > 8 << 20, 'the sample spans many reads');
      await engine.load(new Blob([plain]));
      assert.deepEqual(await engine.run(checkoutFunnel), expected);
      // Parts of odd sizes: reads cut across them.
      const parts = [];
      for (let offset = 0; offset < plain.length; offset += 999_983) {
        parts.push(plain.subarray(offset, offset + 999_983));
      }
      await engine.load(new Blob(parts));
      assert.deepEqual(await engine.run(checkoutFunnel), expected);
    });

    test('a Blob load aborted midway rejects and the engine stays usable', async () => {
      const midway = new AbortController();
      const loading = engine.load(new Blob([samplePlainBytes()]), {
        signal: midway.signal,
        onProgress: () => midway.abort(),
      });
      await assert.rejects(loading, { name: 'AbortError' });
      assert.deepEqual(await checkoutCounts(sampleBytes()), expectedCounts());
    });

    test('dispose during a load ends the load with a clear error, not a wait for ever', { timeout: 60_000 }, async () => {
      const doomed = await createEngine({ worker });
      const loading = doomed.load(new Blob([samplePlainBytes()]), { onProgress: () => doomed.dispose() });
      await assert.rejects(loading, { message: 'this engine has been disposed' });
      await assert.rejects(doomed.run(checkoutFunnel), { message: 'this engine has been disposed' });
    });

    test('Response, ArrayBuffer and ReadableStream sources load the same data', async () => {
      const want = expectedCounts();
      assert.deepEqual(await checkoutCounts(new Response(sampleBytes())), want);
      assert.deepEqual(await checkoutCounts(new Response(samplePlainBytes())), want);
      const bytes = sampleBytes();
      const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
      assert.deepEqual(await checkoutCounts(arrayBuffer), want);
      assert.deepEqual(await checkoutCounts(chunkedStream(sampleBytes(), 65_536)), want);
    });

    test('corrupt or cut gzip, and a download that stops, fail as bad_input saying so', async () => {
      const gzipped = zlib.gzipSync(samplePlainBytes().subarray(0, 3_000_000));
      const corrupt = Buffer.from(gzipped);
      corrupt.fill(7, 1000, 2000);
      const gzipError = { code: 'bad_input', message: /^the gzip data is corrupt or cut short \(.+\)$/ };
      for (const source of [corrupt, new Blob([corrupt]), new Response(corrupt), gzipped.subarray(0, gzipped.length - 100)]) {
        await assert.rejects(engine.load(source), gzipError);
      }
      // A body that fails after its first bytes, plain and gzipped: the download's error, not
      // the decompressor's.
      const stopping = (bytes) => new Response(new ReadableStream({
        type: 'bytes',
        start(controller) {
          controller.enqueue(new Uint8Array(bytes));
        },
        pull(controller) {
          controller.error(new TypeError('network error'));
        },
      }));
      const downloadError = {
        code: 'bad_input', message: 'the download stopped before the end of the export (network error)',
      };
      await assert.rejects(engine.load(stopping(samplePlainBytes().subarray(0, 2_000_000))), downloadError);
      await assert.rejects(engine.load(stopping(gzipped.subarray(0, 500_000))), downloadError);
      assert.deepEqual(await checkoutCounts(sampleBytes()), expectedCounts(), 'the engine loads again');
    });

    test('a Response that is an error page is refused by its status, not parsed', async () => {
      await assert.rejects(engine.load(new Response('not found', { status: 404, statusText: 'Not Found' })),
        { code: 'bad_input', message: 'the server answered HTTP 404 Not Found' });
      assert.deepEqual(await checkoutCounts(sampleBytes()), expectedCounts(), 'the engine loads again');
    });

    test('odd chunk sizes give identical results (lines span chunks)', async () => {
      for (const chunkSize of [61, 4093, 1_000_003]) {
        await engine.load(chunkedStream(samplePlainBytes(), chunkSize));
        assert.deepEqual(await engine.run(checkoutFunnel), expected, `chunk size ${chunkSize}`);
      }
    });

    test('a caller\'s stream chunks stay intact (copied, not transferred away)', async () => {
      const plain = samplePlainBytes();
      const copy = Buffer.from(plain);
      const pieces = [plain.subarray(0, 1_000_000), plain.subarray(1_000_000)];
      await engine.load(new ReadableStream({
        start(controller) {
          for (const piece of pieces) controller.enqueue(piece);
          controller.close();
        },
      }));
      assert.deepEqual(await engine.run(checkoutFunnel), expected);
      assert.deepEqual(pieces.map((piece) => piece.length), [1_000_000, plain.length - 1_000_000]);
      assert.ok(plain.equals(copy));
    });

    test('one-byte chunks of a gzip export (magic bytes split) load like one chunk', async () => {
      const lines = samplePlainBytes().toString('utf8').split('\n').slice(0, 400).join('\n');
      const gzipped = zlib.gzipSync(lines);
      await engine.load(gzipped);
      const whole = await engine.run(checkoutFunnel);
      await engine.load(chunkedStream(gzipped, 1));
      assert.deepEqual(await engine.run(checkoutFunnel), whole);
    });

    test('run accepts the spec as a JSON string', async () => {
      await engine.load(sampleBytes());
      assert.deepEqual(await engine.run(JSON.stringify(checkoutFunnel)), expected);
    });

    // The reports of loading `source` (the gzipped sample, `rawBytes` long); the last says
    // done, with the whole sample's counts.
    async function progressOf(source, rawBytes) {
      const reports = [];
      await engine.load(source, { onProgress: (progress) => reports.push(progress) });
      const last = reports.at(-1);
      assert.equal(last.done, true);
      assert.equal(last.events, expected.input.events);
      assert.equal(last.bytes, rawBytes);
      assert.equal(last.totalBytes, rawBytes);
      assert.equal(last.decodedBytes, samplePlainBytes().length);
      return reports;
    }

    test('onProgress reports the bytes read and ends with done', async () => {
      const bytes = sampleBytes();
      await progressOf(bytes, bytes.length);
    });

    test('a gzipped Blob\'s progress counts its raw and decoded bytes and its events', async () => {
      const gzipped = sampleBytes();
      const reports = await progressOf(new Blob([gzipped]), gzipped.length);
      const last = reports.at(-1);
      assert.ok(reports.some((report) => !report.done && report.decodedBytes < last.decodedBytes),
        'a report comes while the Blob is read');
      for (const [index, report] of reports.entries()) {
        if (index === 0) continue;
        assert.ok(report.bytes >= reports[index - 1].bytes);
        assert.ok(report.decodedBytes >= reports[index - 1].decodedBytes);
      }
    });

    test('a file\'s Blob whose file is gone fails the load with bad_input; the engine stays usable', async () => {
      const file = path.join(temporaryDir(), 'gone.ndjson.gz');
      fs.writeFileSync(file, sampleBytes());
      const blob = await fs.openAsBlob(file);
      fs.rmSync(file);
      await assert.rejects(engine.load(blob), (error) => {
        assert.equal(error.code, 'bad_input');
        assert.match(error.message, /^the file could not be read; it may have changed or been removed/);
        return true;
      });
      assert.deepEqual(await checkoutCounts(sampleBytes()), expectedCounts());
    });

    test('onProgress counts the events loaded so far while loading', async () => {
      const plain = samplePlainBytes();
      const half = plain.lastIndexOf(10, plain.length >> 1) + 1;
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(plain.subarray(0, half));
          // The pause lets the first half's feed finish before the second half is read.
          setTimeout(() => {
            controller.enqueue(plain.subarray(half));
            controller.close();
          }, 300);
        },
      });
      const reports = [];
      await engine.load(stream, { onProgress: (progress) => reports.push(progress) });
      const final = reports.at(-1).events;
      const midway = reports.filter((report) => !report.done && report.events > 0);
      assert.ok(midway.length > 0, 'a report before the end carries an event count');
      assert.ok(midway.every((report) => report.events < final));
    });

    test('a bad spec rejects with code bad_spec and a message', async () => {
      await engine.load(sampleBytes());
      const badSpec = { analyses: [{ type: 'funnel', steps: 'view_item' }] };
      await assert.rejects(engine.run(badSpec), (error) => {
        assert.equal(error.code, 'bad_spec');
        assert.match(error.message, /steps/);
        return true;
      });
      await assert.rejects(engine.run('{not json'), { code: 'bad_spec' });
    });

    test('garbage input rejects with code bad_input', async () => {
      const garbage = new TextEncoder().encode('hello\nthis is not an export\n');
      await assert.rejects(engine.load(garbage), (error) => {
        assert.equal(error.code, 'bad_input');
        assert.ok(error.message.length > 0);
        return true;
      });
      await assert.rejects(engine.load(new Uint8Array(0)), { code: 'bad_input' });
    });

    test('an aborted load rejects with AbortError and the engine stays usable', async () => {
      const controller = new AbortController();
      controller.abort();
      const aborted = engine.load(sampleBytes(), { signal: controller.signal });
      await assert.rejects(aborted, { name: 'AbortError' });
      const midway = new AbortController();
      const loading = engine.load(chunkedStream(samplePlainBytes(), 4096), {
        signal: midway.signal,
        onProgress: () => midway.abort(),
      });
      await assert.rejects(loading, { name: 'AbortError' });
      assert.deepEqual(await checkoutCounts(sampleBytes()), expectedCounts());
    });

    test('a load from a server gone quiet is aborted at once, before or after its first bytes', { timeout: 20_000 }, async () => {
      // A fetch body that hands out `bytes`, then never another byte; `cancelled` once cancelled.
      const quietAfter = (bytes) => {
        const watch = { cancelled: false };
        const stream = new ReadableStream({
          type: 'bytes',
          start(controller) {
            if (bytes.length > 0) controller.enqueue(bytes.slice());
          },
          pull: () => new Promise(() => {}),
          cancel() {
            watch.cancelled = true;
          },
        });
        return { response: new Response(stream), watch };
      };
      // Quiet before any byte, within the first 1 MiB chunk, and after it (the head is read).
      for (const head of [0, 100_000, 1_500_000].map((size) => samplePlainBytes().subarray(0, size))) {
        const { response, watch } = quietAfter(head);
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        await assert.rejects(engine.load(response, { signal: controller.signal }), { name: 'AbortError' });
        assert.ok(watch.cancelled, `the quiet source is cancelled (${head.length} bytes before)`);
      }
      assert.deepEqual(await checkoutCounts(sampleBytes()), expectedCounts());
    });

    test('describe lists the events found', async () => {
      await engine.load(sampleBytes());
      const description = await engine.describe();
      assert.match(JSON.stringify(description), /"purchase"/);
    });
  });
}
