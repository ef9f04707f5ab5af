#!/usr/bin/env node
// Scale in a browser tab: a generated GA4 month streamed into headless Chromium's JS API, never
// stored on disk.
//   node bench/js/tab-scale-bench.mjs [--events 30000000] [--seed 7] [--all-fields]
//                                     [--length BYTES] [--memory-limit-mib N]
// This process serves build/js, and at /generated.ndjson the output of
// tools/generate-ga4-sample.mjs as the generator writes it. Debian's Chromium (playwright-core)
// opens a page of that origin, where the JS API (createEngine from build/js/engine.js) loads
// fetch('/generated.ndjson') in its worker and runs an ordered 4-step funnel: with the funnel as
// its spec (only its fields kept, as the CLI loads), or with --all-fields every field (what the
// web page loads before it knows the spec). A load that outgrows the engine's memory limit
// (the JS API's default: 3.5 GiB of the tab's 4 GiB of WebAssembly memory) stops with an error,
// which the bench reports with how far the load got. Reports wall time, bytes, the result or the
// error, and the peak resident memory (VmHWM, from /proc) of Chromium's largest process, the
// renderer whose worker holds the WebAssembly memory. --length: the export's exact length (the
// generator's output for these --events and --seed, as `... --out - | wc -c` counts it), sent
// as Content-Length so the JS API knows the size and gives its memory outlook; the bench then
// reports when the outlook first passed the limit. --memory-limit-mib: the load's memoryLimitBytes
// (default: the JS API's). Needs `make build`; Linux (/proc).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tools/headless-chromium.mjs';
import { numberOption } from './bench-options.mjs';
import { commandName, descendants, peakResidentBytes } from './proc-stats.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const root = path.join(repo, 'build/js');

const events = numberOption('events', 30_000_000);
const seed = numberOption('seed', 7);
const allFields = process.argv.includes('--all-fields');
const length = numberOption('length', undefined);
const memoryLimitMiB = numberOption('memory-limit-mib', undefined);
if (length !== undefined && !(Number.isSafeInteger(length) && length > 0)) throw new Error('--length needs a positive integer');
if (!Number.isSafeInteger(events) || events < 1) throw new Error('--events needs a positive integer');
if (!fs.existsSync(path.join(root, 'engine.js'))) throw new Error('build/js is missing: run make build');

const spec = {
  analyses: [{
    type: 'funnel', id: 'checkout', window: '7d',
    steps: ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'].map((event) => ({ event })),
  }],
};

const MIME_TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

// Serves build/js's files by name, and the generator's output; resolves with the server's URL.
function startServer() {
  const generators = new Set();
  const server = http.createServer((request, response) => {
    const name = new URL(request.url, 'http://localhost').pathname.slice(1);
    if (name === 'generated.ndjson') {
      const generator = spawn(process.execPath, [path.join(repo, 'tools/generate-ga4-sample.mjs'),
        '--target-events', String(events), '--seed', String(seed), '--out', '-'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
      generators.add(generator);
      generator.on('exit', () => generators.delete(generator));
      response.writeHead(200, {
        'Content-Type': 'application/x-ndjson', ...(length ? { 'Content-Length': String(length) } : {}),
      });
      generator.stdout.pipe(response);
      // The page stopped reading (the load failed): the generator stops too.
      response.on('close', () => generator.kill());
      return;
    }
    const file = path.join(root, name);
    const type = MIME_TYPES[path.extname(name)];
    if (!type || path.dirname(file) !== root || !fs.existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>bench</title>');
      return;
    }
    response.writeHead(200, { 'Content-Type': type });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/`,
      close() {
        for (const generator of generators) generator.kill();
        server.close();
      },
    }));
  });
}

// In the page: an engine loads the generated export and runs the funnel.
async function loadGenerated({ spec: funnelSpec, projected, memoryLimitBytes }) {
  const { createEngine } = await import('/engine.js');
  const engine = await createEngine();
  let lastReport = 0;
  let outlookPassed = null;
  // The outlook at the first report past each twentieth of the export: [share read, bytes].
  const outlooks = [];
  const onProgress = ({ bytes, totalBytes, events: loaded, elapsedMs, memoryAtEnd, memoryLimitBytes }) => {
    if (!outlookPassed && memoryAtEnd > memoryLimitBytes) {
      outlookPassed = { seconds: elapsedMs / 1000, bytes, totalBytes, events: loaded, memoryAtEnd, memoryLimitBytes };
    }
    if (memoryAtEnd !== undefined && bytes / totalBytes >= (outlooks.length + 1) / 20) {
      outlooks.push([bytes / totalBytes, memoryAtEnd]);
    }
    if (elapsedMs - lastReport < 30_000) return;
    lastReport = elapsedMs;
    console.log(`${(elapsedMs / 1000).toFixed(0)} s: ${(bytes / 1e9).toFixed(2)} GB, ${loaded} events`);
  };
  try {
    const start = performance.now();
    try {
      await engine.load(await fetch('/generated.ndjson'), {
        specs: projected ? [funnelSpec] : undefined, onProgress, memoryLimitBytes,
      });
    } catch (error) {
      return { seconds: (performance.now() - start) / 1000, error: `${error.code}: ${error.message}`, outlookPassed, outlooks };
    }
    const loaded = performance.now();
    const result = await engine.run(funnelSpec);
    return {
      seconds: (loaded - start) / 1000,
      funnelMs: performance.now() - loaded,
      input: result.input,
      steps: result.results[0].steps.map((step) => step.count),
      outlookPassed,
      outlooks,
    };
  } finally {
    engine.dispose();
  }
}

// Chromium's processes (browser, renderers, GPU, utility): those started below this one.
function chromiumProcesses() {
  return descendants(process.pid).filter((pid) => commandName(pid).startsWith('chrom'));
}

const server = await startServer();
const browser = await launchChromium();
let peakBytes = 0;
const poll = setInterval(() => {
  for (const pid of chromiumProcesses()) {
    peakBytes = Math.max(peakBytes, peakResidentBytes(pid));
  }
}, 250);
try {
  const page = await (await browser.newContext()).newPage();
  page.on('console', (message) => {
    if (message.type() === 'log') process.stderr.write(`  ${message.text()}\n`);
  });
  page.on('crash', () => process.stderr.write('  the page crashed\n'));
  await page.goto(`${server.url}bench`);
  const outcome = await page.evaluate(loadGenerated, {
    spec, projected: !allFields, memoryLimitBytes: memoryLimitMiB && memoryLimitMiB * 2 ** 20,
  });
  clearInterval(poll);
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const passed = outcome.outlookPassed;
  if (passed) {
    console.log(`memory outlook first over the limit after ${passed.seconds.toFixed(1)} s, ` +
      `${(passed.bytes / 1e9).toFixed(2)} of ${(passed.totalBytes / 1e9).toFixed(2)} GB ` +
      `(${(100 * passed.bytes / passed.totalBytes).toFixed(1)}%), ${passed.events} events: ` +
      `finishing would need about ${mib(passed.memoryAtEnd)}, limit ${mib(passed.memoryLimitBytes)}`);
  } else if (length) {
    console.log('memory outlook: never over the limit');
  }
  if (outcome.outlooks?.length) {
    console.log(`memory outlook by share read: ${outcome.outlooks.map(([share, bytes]) =>
      `${(100 * share).toFixed(0)}% ${mib(bytes)}`).join(', ')}`);
  }
  console.log(`touchpath JS API in Chromium ${browser.version()}, GA4 export generated on the fly ` +
    `(seed ${seed}), ${allFields ? 'every field' : "the funnel's fields (projected)"}`);
  if (outcome.error) {
    console.log(`load stopped after ${outcome.seconds.toFixed(1)} s: ${outcome.error}`);
    console.log(`peak resident of Chromium's largest process: ${mib(peakBytes)}`);
  } else {
    const { input } = outcome;
    console.log('| events | streamed | load | funnel | peak resident of Chromium\'s largest process (VmHWM) |');
    console.log('|---:|---:|---:|---:|---:|');
    console.log(`| ${input.events.toLocaleString('en')} | ${(input.bytes / 1e9).toFixed(2)} GB ` +
      `| ${outcome.seconds.toFixed(1)} s, ${(input.bytes / 1e6 / outcome.seconds).toFixed(0)} MB/s ` +
      `| ${outcome.funnelMs.toFixed(0)} ms | ${mib(peakBytes)} (${(peakBytes / input.events).toFixed(1)} B/event) |`);
    console.log(`entities ${input.entities}, sessions ${input.sessions}, skipped ${input.skipped}; ` +
      `funnel ${outcome.steps.join(' / ')}`);
    if (input.events !== events) process.exitCode = 1;
  }
} finally {
  clearInterval(poll);
  await browser.close();
  server.close();
}
