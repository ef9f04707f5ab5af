#!/usr/bin/env node
// Times node reading its Blob of a file (fs.openAsBlob) alone, through the JS API's own chunk
// reader and nothing else: the floor under a load(Blob) in node, which no engine speed lowers.
// In a process of its own, as wasm-load-timer.mjs times the loads; the third read is the steady
// state. Prints {first, read} in ms as JSON.
//   node bench/js/blob-read-timer.mjs EXPORT
// duckdb-bench.mjs runs it once per round.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { blobChunkReader } = await import(path.join(repo, 'js-wrapper/src/chunk-reader.js'));
const [exportPath] = process.argv.slice(2);

async function readAlone() {
  const start = performance.now();
  const reader = blobChunkReader(await fs.openAsBlob(exportPath));
  let bytes = 0;
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    bytes += chunk.length;
    reader.recycle(chunk);
  }
  const elapsed = performance.now() - start;
  if (bytes !== fs.statSync(exportPath).size) throw new Error(`read ${bytes} bytes of ${exportPath}`);
  return elapsed;
}
const first = await readAlone();
await readAlone();
process.stdout.write(JSON.stringify({ first, read: await readAlone() }));
