// Times touchpath in a real browser, as a marketer uses it: Debian's Chromium (headless, driven by
// playwright-core) opens the page from tools/serve.mjs, a file input hands it the export as a
// File, and the JS API's Web Worker reads and loads it (the page's thread only passes it on)
// and runs the funnel. Each measurement starts a fresh engine and times its first load (the worker
// and module start, memory growth, the compiler's tier-up) and its third (the steady state: in
// Chromium the second load was often still a warm-up). The same loads from a fetch Response
// (a widget's export URL) take the export from a small server in this process: its bytes come
// through the browser's network stack and are read on the page's thread.
// Used by duckdb-bench.mjs.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchChromium, startServer } from '../../tools/headless-chromium.mjs';

// In the page: a fresh engine loads the File (or a fetch of `url`, the fetch timed with the
// load) three times and runs the funnel after each load.
async function loadThriceInPage({ spec, projected, url }) {
  const { createEngine } = await import('./engine.js');
  const file = document.getElementById('bench-export').files[0];
  const engine = await createEngine();
  try {
    const times = [];
    for (let i = 0; i < 3; ++i) {
      const start = performance.now();
      await engine.load(url ? await fetch(url) : file, projected ? { specs: [spec] } : {});
      const loaded = performance.now();
      const result = await engine.run(spec);
      times.push({ load: loaded - start, funnel: performance.now() - loaded, result });
    }
    return times;
  } finally {
    engine.dispose();
  }
}

// In a page opened for it: an engine created with the page loads the File a second later (the
// user choosing it), once, as a marketer's first load; {load, funnel, result}. `warmUp`:
// createEngine's option.
async function loadOnceInFreshPage({ spec, projected, warmUp }) {
  const { createEngine } = await import('./engine.js');
  const engine = await createEngine({ warmUp });
  try {
    await new Promise((resolve) => { setTimeout(resolve, 1000); });
    const file = document.getElementById('bench-export').files[0];
    const start = performance.now();
    await engine.load(file, projected ? { specs: [spec] } : {});
    const loaded = performance.now();
    const result = await engine.run(spec);
    return { load: loaded - start, funnel: performance.now() - loaded, result };
  } finally {
    engine.dispose();
  }
}

// In the page: how long reading the File alone on the page's thread takes, {stream, recycled}
// ms: through its stream's default reader (a fresh buffer per chunk) and into one recycled
// 1 MiB buffer (a BYOB reader, as the JS API's worker reads: js-wrapper/src/chunk-reader.js). Chromium 156's BYOB reads of a
// File sometimes never resolve (the JS API gives such a read up after 2 s and reads on through
// the default reader); a timed read that stalls is cancelled and timed again.
async function readFileInPage() {
  const file = document.getElementById('bench-export').files[0];
  let start = performance.now();
  for await (const chunk of file.stream()) chunk.length;
  const stream = performance.now() - start;
  const STALL_MS = 2000;
  const MAX_STALLS = 5;
  for (let stalls = 0; stalls < MAX_STALLS; ++stalls) {
    start = performance.now();
    const reader = file.stream().getReader({ mode: 'byob' });
    let buffer = new ArrayBuffer(1 << 20);
    let stalled = false;
    for (;;) {
      let timer;
      const stall = new Promise((resolve) => { timer = setTimeout(() => resolve(null), STALL_MS); });
      const read = await Promise.race([reader.read(new Uint8Array(buffer)), stall]);
      clearTimeout(timer);
      if (read === null) {
        stalled = true;
        reader.cancel();
        break;
      }
      if (read.done) break;
      buffer = read.value.buffer;
    }
    if (!stalled) return { stream, recycled: performance.now() - start };
  }
  throw new Error(`${MAX_STALLS} BYOB reads of the File stalled in a row`);
}

// A measurement that has not finished by then has hung (one bench run once waited forever with
// Chromium idle): fail the bench instead, with what the page said.
const MEASURE_TIMEOUT_MS = 300_000;

// The page the measurements run in: a same-origin URL the server does not have, so none of
// the web page's own code (which starts an engine of its own) runs beside them.
const BLANK_PAGE = 'bench-blank';

// A page of `browser` at the server's blank page, with the export chosen in a file input:
// {page, evaluate(fn, arg)}, `evaluate` failing after MEASURE_TIMEOUT_MS with what the page said.
async function pageWithExport(browser, server, exportPath) {
  const page = await (await browser.newContext()).newPage();
  const pageSaid = [];
  page.on('console', (message) => pageSaid.push(`console ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => pageSaid.push(`page error: ${error.message}`));
  page.on('crash', () => pageSaid.push('the page crashed'));
  const evaluate = (fn, arg) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium did not finish ${fn.name}` +
      `(${JSON.stringify(arg ?? {}).slice(0, 60)}) within ${MEASURE_TIMEOUT_MS / 1000} s; ` +
      `the page said: ${pageSaid.join(' | ') || 'nothing'}`)), MEASURE_TIMEOUT_MS);
    page.evaluate(fn, arg).then(resolve, reject).finally(() => clearTimeout(timer));
  });
  await page.goto(server.url + BLANK_PAGE);
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-export' });
    document.body.append(input);
  });
  await page.setInputFiles('#bench-export', path.resolve(exportPath));
  return { page, evaluate };
}

// Serves the export to any origin at the URL it resolves with, as a web server would serve a
// widget's export: {url, close()}.
function serveExport(exportPath) {
  const size = fs.statSync(exportPath).size;
  const server = http.createServer((request, response) => {
    response.writeHead(200, {
      'content-type': 'application/x-ndjson',
      'content-length': size,
      'access-control-allow-origin': '*',
    });
    fs.createReadStream(exportPath, { highWaterMark: 1 << 20 }).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/export.ndjson`,
      close: () => server.close(),
    }));
  });
}

export async function startBrowserTimer(exportPath, spec) {
  const server = await startServer();
  const exportServer = await serveExport(exportPath);
  const browser = await launchChromium();
  const { evaluate } = await pageWithExport(browser, server, exportPath);
  return {
    // {first, load, funnel, result}: ms of the first load + funnel, then of the third.
    async measure({ projected }) {
      const [first, , steady] = await evaluate(loadThriceInPage, { spec, projected });
      return { first: first.load + first.funnel, ...steady };
    },
    // The same, each load from a fetch of the export served by this process.
    async measureFetch({ projected }) {
      const [first, , steady] = await evaluate(loadThriceInPage, { spec, projected, url: exportServer.url });
      return { first: first.load + first.funnel, ...steady };
    },
    // {load, funnel, result}: the first load of an engine in a page of its own.
    async measureFreshPage({ projected, warmUp }) {
      const fresh = await pageWithExport(browser, server, exportPath);
      try {
        return await fresh.evaluate(loadOnceInFreshPage, { spec, projected, warmUp });
      } finally {
        await fresh.page.context().close();
      }
    },
    // {stream, recycled}: ms for the page to read the File without doing anything with it.
    measureRead() {
      return evaluate(readFileInPage);
    },
    version: () => browser.version(),
    async close() {
      await browser.close();
      server.child.kill();
      exportServer.close();
    },
  };
}
