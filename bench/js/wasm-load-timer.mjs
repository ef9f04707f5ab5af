#!/usr/bin/env node
// Times one touchpath WASM load + funnel through the JS API in a process of its own, as a page's
// tab runs the engine alone: a first load in the fresh engine (memory growth, the compiler's
// tier-up), then a second and a third; the third is the steady state. Prints {first, load, funnel}
// in ms as JSON.
//   node bench/js/wasm-load-timer.mjs EXPORT SPEC.json blob|stream|path projected|full
// duckdb-bench.mjs runs it once per round for each way of loading.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createEngine } = await import(path.join(repo, 'build/js/engine.js'));
const [exportPath, specPath, sourceKind, loadKind] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));

// A Blob is what a page gets from a File; the stream is 1 MiB reads of the file; a path is
// read by the JS API itself (node only).
const sources = {
  blob: () => fs.openAsBlob(exportPath),
  stream: () => Readable.toWeb(fs.createReadStream(exportPath, { highWaterMark: 1 << 20 })),
  path: () => exportPath,
};
const open = async () => sources[sourceKind]();
const options = { name: path.basename(exportPath), specs: loadKind === 'projected' ? [spec] : undefined };

const engine = await createEngine();
async function loadAndRun() {
  const start = performance.now();
  await engine.load(await open(), options);
  const loaded = performance.now();
  await engine.run(spec);
  return { load: loaded - start, funnel: performance.now() - loaded };
}
const first = await loadAndRun();
await loadAndRun();
const steady = await loadAndRun();
engine.dispose();
process.stdout.write(JSON.stringify({ first: first.load + first.funnel, ...steady }));
