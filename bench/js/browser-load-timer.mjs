// Times touchpath in a real browser, as a marketer uses it: Debian's Chromium (headless, driven by
// playwright-core) opens the page from tools/serve.mjs, a file input hands it the export as a
// File, and the JS API loads it in its Web Worker (the page's thread only reads the file) and
// runs the funnel. Each measurement starts a fresh engine and times its first load (the worker
// and module start, memory growth, the compiler's tier-up) and a second one (steady state).
// Used by duckdb-bench.mjs.
import path from 'node:path';
import { launchChromium, startServer } from '../../tools/headless-chromium.mjs';

// In the page: a fresh engine loads the File twice and runs the funnel after each load.
async function loadTwiceInPage({ spec, projected }) {
  const { createEngine } = await import('./engine.js');
  const file = document.getElementById('bench-export').files[0];
  const engine = await createEngine();
  try {
    const times = [];
    for (let i = 0; i < 2; ++i) {
      const start = performance.now();
      await engine.load(file, projected ? { specs: [spec] } : {});
      const loaded = performance.now();
      const result = await engine.run(spec);
      times.push({ load: loaded - start, funnel: performance.now() - loaded, result });
    }
    return times;
  } finally {
    engine.dispose();
  }
}

// In the page: how long reading the File alone takes (its stream, as the JS API reads it).
async function readFileInPage() {
  const file = document.getElementById('bench-export').files[0];
  const start = performance.now();
  let bytes = 0;
  for await (const chunk of file.stream()) bytes += chunk.length;
  return { read: performance.now() - start, bytes };
}

export async function startBrowserTimer(exportPath, spec) {
  const server = await startServer();
  const browser = await launchChromium();
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-export' });
    document.body.append(input);
  });
  await page.setInputFiles('#bench-export', path.resolve(exportPath));
  return {
    // {first, load, funnel, result}: ms of the first load + funnel, then of the second.
    async measure({ projected }) {
      const [first, steady] = await page.evaluate(loadTwiceInPage, { spec, projected });
      return { first: first.load + first.funnel, ...steady };
    },
    // ms for the page to read the File without doing anything with it.
    async measureRead() {
      return (await page.evaluate(readFileInPage)).read;
    },
    version: () => browser.version(),
    async close() {
      await browser.close();
      server.child.kill();
    },
  };
}
