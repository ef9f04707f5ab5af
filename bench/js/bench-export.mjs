// The generated GA4 export the JS benches read: made once with tools/generate-ga4-sample.mjs and
// cached under build/bench/ (same arguments, same bytes).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

// Returns the path of build/bench/ga4-<events>-seed<seed>.ndjson, generating it if missing.
export function ensureGa4Export(repo, events, seed = 7) {
  const benchDir = path.join(repo, 'build/bench');
  const exportPath = path.join(benchDir, `ga4-${events}-seed${seed}.ndjson`);
  if (!fs.existsSync(exportPath)) {
    fs.mkdirSync(benchDir, { recursive: true });
    console.error(`generating ${path.relative(repo, exportPath)} …`);
    execFileSync(process.execPath, [
      path.join(repo, 'tools/generate-ga4-sample.mjs'),
      '--target-events', String(events), '--seed', String(seed), '--out', `${exportPath}.tmp`,
    ], { stdio: 'inherit' });
    fs.renameSync(`${exportPath}.tmp`, exportPath);
  }
  return exportPath;
}

// The export's rows as one JSON array (`[row,row,...]`), written next to it once and rewritten
// when the export is newer: DuckDB-WASM's own JSON import reads an array, not lines. Blank lines
// are left out; any other line is copied as it is. Returns the copy's path.
export async function ensureJsonArrayCopy(ndjsonPath) {
  const arrayPath = ndjsonPath.replace(/\.ndjson$/, '') + '.array.json';
  if (fs.existsSync(arrayPath) && fs.statSync(arrayPath).mtimeMs >= fs.statSync(ndjsonPath).mtimeMs) {
    return arrayPath;
  }
  const out = fs.createWriteStream(`${arrayPath}.tmp`);
  const write = (text) => (out.write(text) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  await write('[');
  let first = true;
  const lines = readline.createInterface({ input: fs.createReadStream(ndjsonPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    await write(first ? line : `,\n${line}`);
    first = false;
  }
  await write(']\n');
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  fs.renameSync(`${arrayPath}.tmp`, arrayPath);
  return arrayPath;
}
