#!/usr/bin/env node
// touchpath against DuckDB on the same GA4 NDJSON export, in one run, best of --repeat:
//   1. touchpath WASM through the JS API: engine.load(file) + an ordered 4-step funnel, as a
//      full load (every field, what the web page does) and as a projected load (the spec given to
//      load, which keeps only the fields it reads: a widget with a fixed funnel);
//   2. touchpath native: the CLI (`build/native/touchpath run`) with the funnel spec, wall time,
//      projected (the CLI's default) and with --all-fields, and with a spec whose one funnel step
//      matches no event (load + process, ~no analysis); on 2 threads, as DuckDB, and on 1;
//   3. DuckDB native (@duckdb/node-api, 2 threads): read_ndjson of the needed columns into a
//      table, then the same funnel in SQL (bench/js/duckdb-funnel-sql.mjs); and, to set beside
//      touchpath's full loads, read_ndjson of every column (schema detected), then the same;
//   4. DuckDB-WASM (@duckdb/duckdb-wasm, node blocking bundle): the same SQL. Its read_ndjson is
//      in an extension that DuckDB-WASM fetches from DuckDB's extension server at run time (the
//      npm package does not contain it); where that cannot be reached, the bench says so and
//      loads the needed columns with DuckDB-WASM's own JSON import (insertJSONFromPath, built
//      into the module) from the same rows written once as one JSON array.
//   5. touchpath in Chromium (bench/js/browser-load-timer.mjs): the page's JS API loads the export
//      as a File in its Web Worker, full and projected; a page's first load (an engine created
//      with a page of its own, loading a second later), with and without the warm-up; and the
//      time Chromium's page thread takes
//      to read the File alone (into recycled buffers as the JS API's worker reads it, and
//      through the stream's default reader). Beside them, the loads from a fetch Response (a
//      widget's export URL), served by this process on the same two cores;
//   6. node reading its Blob of the file alone through the JS API's chunk reader
//      (blob-read-timer.mjs): what a load(Blob) in node cannot go under.
// Issue 5's goals compare the same work: each engine given the file's path, keeping the fields
// the funnel reads, then the funnel. The other sources and the full loads are printed beside.
// Before timing, the step counts of every engine are checked against touchpath's for several
// windows; any difference fails the run. Each contender is timed once the cores have gone quiet
// (settle.mjs), so none is charged for the teardown of the one before it.
//   node bench/js/duckdb-bench.mjs [--events 84000] [--repeat 5] [--export FILE.ndjson]
// --export times another GA4 NDJSON export instead of the generated one (e.g. the public sample,
// inflated: zcat ../shared/data/ga4_obfuscated_sample.ndjson.gz > build/bench/ga4-sample.ndjson).
// Needs `make build` and `npm ci` (and Debian's chromium, which tools/install-deps.sh installs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { startBrowserTimer } from './browser-load-timer.mjs';
import { settleLog } from './settle.mjs';
import { ensureGa4Export, ensureJsonArrayCopy } from './bench-export.mjs';
import {
  eventsFromExportSql, loadEveryColumnSql, loadNdjsonSql, orderedFunnelSql,
} from './duckdb-funnel-sql.mjs';
import { numberOption, textOption } from './bench-options.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { createEngine } = await import(path.join(repo, 'build/js/engine.js'));

const events = numberOption('events', 84000);
const repeat = numberOption('repeat', 5);
const givenExport = textOption('export');
const exportPath = givenExport ? path.resolve(givenExport) : ensureGa4Export(repo, events);
const exportBytes = fs.statSync(exportPath).size;
const nativeCli = path.join(repo, 'build/native/touchpath');

const STEP_EVENTS = ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'];
const TIMED_WINDOW = '7d';
// Checked, not timed: shorter windows exercise the window bound on more chains.
const CHECKED_WINDOWS = ['7d', '1d', '1h'];
const WINDOW_MICROS = { '7d': 7 * 86400e6, '1d': 86400e6, '1h': 3600e6 };

function funnelSpec(window) {
  return {
    analyses: [{
      type: 'funnel', id: 'checkout', window, order: 'ordered', count: 'users',
      steps: STEP_EVENTS.map((event) => ({ event })),
    }],
  };
}
// The CLI needs one analysis; a one-step funnel on an absent event costs next to nothing.
const LOAD_ONLY_SPEC = {
  analyses: [{ type: 'funnel', id: 'load-only', steps: [{ event: '__no_such_event__' }] }],
};

function writeSpec(name, spec) {
  const file = path.join(path.dirname(exportPath), name);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

function stepCounts(result) {
  return result.results[0].steps.map((step) => step.count);
}

// --- the four contenders; each measure returns {load, funnel} ms (funnel may be null) ---------

// Checked in this process (step counts of a full and a projected load); timed in a process of its
// own per round (wasm-load-timer.mjs), as a page's tab runs the engine alone. In this process,
// beside DuckDB native, DuckDB-WASM and the other loads' engines, the same loads took 2-4x as
// long, and the bench would have measured node's memory pressure rather than touchpath.
async function touchpathWasm({ projected }) {
  const engine = await createEngine();
  const specs = projected ? [funnelSpec(TIMED_WINDOW)] : undefined;
  return {
    async counts(window) {
      return stepCounts(await engine.run(funnelSpec(window)));
    },
    load: async () => engine.load(await fs.openAsBlob(exportPath), { name: path.basename(exportPath), specs }),
    dispose: () => engine.dispose(),
  };
}
const timedSpecPath = writeSpec('duckdb-bench-funnel-timed.json', funnelSpec(TIMED_WINDOW));
// A Blob (fs.openAsBlob: what a page gets from a File), a ReadableStream of 1 MiB reads, or the
// file's path (read by the JS API with fs; what DuckDB is given).
function touchpathWasmTimed(sourceKind, { projected }) {
  return {
    measure() {
      const run = spawnSync(process.execPath, [
        path.join(repo, 'bench/js/wasm-load-timer.mjs'), exportPath, timedSpecPath, sourceKind,
        projected ? 'projected' : 'full',
      ], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`wasm-load-timer failed: ${run.stderr}`);
      return JSON.parse(run.stdout);
    },
  };
}

// Node reading its Blob of the file alone, through the JS API's chunk reader.
function timeNodeBlobRead() {
  const run = spawnSync(process.execPath, [path.join(repo, 'bench/js/blob-read-timer.mjs'), exportPath],
    { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`blob-read-timer failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

// `projected`: the CLI's default (it loads only the fields the spec reads); else --all-fields.
// `threads`: how many threads read the file (--threads).
function touchpathNative({ projected, threads }) {
  const fieldsFlag = projected ? [] : ['--all-fields'];
  const cliArgs = [...fieldsFlag, '--threads', String(threads), exportPath];
  const runCli = (specFile) => {
    const run = spawnSync(nativeCli, ['run', '--spec', specFile, ...cliArgs], {
      encoding: 'utf8', maxBuffer: 64 << 20,
    });
    if (run.status !== 0) throw new Error(`touchpath CLI exited ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };
  // Wall time of one run, started from a small process (native-timer.mjs says why).
  const timeCli = (specFile) => {
    const run = spawnSync(process.execPath, [
      path.join(repo, 'bench/js/native-timer.mjs'), nativeCli, specFile, ...cliArgs,
    ], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`native-timer failed: ${run.stderr}`);
    return JSON.parse(run.stdout).wall;
  };
  const specFiles = Object.fromEntries(CHECKED_WINDOWS.map((window) =>
    [window, writeSpec(`duckdb-bench-funnel-${window}.json`, funnelSpec(window))]));
  const loadOnlySpecFile = writeSpec('duckdb-bench-load-only.json', LOAD_ONLY_SPEC);
  return {
    counts: async (window) => stepCounts(runCli(specFiles[window])),
    measure() {
      return { total: timeCli(specFiles[TIMED_WINDOW]), loadOnly: timeCli(loadOnlySpecFile) };
    },
  };
}

// `everyColumn`: load every column of the export first (loadEveryColumnSql), as touchpath's
// full load keeps every field; else only the columns the funnel needs.
async function duckdbNative({ everyColumn = false } = {}) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const counts = async (window) => {
    const reader = await connection.runAndReadAll(orderedFunnelSql(STEP_EVENTS, WINDOW_MICROS[window]));
    return reader.getRows()[0].map(Number);
  };
  const load = async () => {
    if (!everyColumn) return connection.run(loadNdjsonSql(exportPath));
    await connection.run(loadEveryColumnSql(exportPath));
    const columns = (await connection.runAndReadAll(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'export'")).getRows();
    return connection.run(eventsFromExportSql(columns.map(([name]) => name)));
  };
  return {
    counts,
    load,
    async measure() {
      const start = performance.now();
      await load();
      const loaded = performance.now();
      const result = await counts(TIMED_WINDOW);
      return { load: loaded - start, funnel: performance.now() - loaded, result };
    },
    version: async () => (await connection.runAndReadAll('SELECT version()')).getRows()[0][0],
    dispose: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

// The columns loadNdjsonSql reads, as DuckDB-WASM's JSON import is told them: all as text
// (GA4 writes its integers as strings), cast by eventsFromExportSql.
const NEEDED_COLUMNS = ['user_id', 'user_pseudo_id', 'event_timestamp', 'batch_event_index', 'event_name'];

// DuckDB-WASM loads with read_ndjson where it can. read_ndjson is in DuckDB's json extension,
// which DuckDB-WASM fetches at run time; where it cannot, DuckDB-WASM's own JSON import
// (insertJSONFromPath, built into the module) loads the needed columns of the same rows, given
// as one JSON array (`arrayPath`; that import reads no lines), into the `export` table, and
// eventsFromExportSql makes the events table of it.
async function duckdbWasm(arrayPath) {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  const connection = db.connect();
  // Autoloading would fetch the extension with a synchronous request that never returns here.
  connection.query('SET autoinstall_known_extensions = false');
  connection.query('SET autoload_known_extensions = false');
  db.registerFileURL('export.ndjson', exportPath, duckdb.DuckDBDataProtocol.NODE_FS, false);
  db.registerFileURL('export.array.json', arrayPath, duckdb.DuckDBDataProtocol.NODE_FS, false);
  const importJson = () => {
    connection.query('DROP TABLE IF EXISTS export');
    connection.insertJSONFromPath('export.array.json', {
      name: 'export', shape: 'row-array',
      columnsFlat: NEEDED_COLUMNS.map((name) => ({ name, sqlType: 'utf8' })),
    });
    connection.query(eventsFromExportSql(NEEDED_COLUMNS));
    connection.query('DROP TABLE export');
  };
  let ndjsonError = null;
  try {
    connection.query(loadNdjsonSql('export.ndjson'));
  } catch (error) {
    ndjsonError = error.message.split('\n')[0];
  }
  const load = ndjsonError ? importJson : () => connection.query(loadNdjsonSql('export.ndjson'));
  const counts = (window) => {
    const row = connection.query(orderedFunnelSql(STEP_EVENTS, WINDOW_MICROS[window])).toArray()[0].toJSON();
    return STEP_EVENTS.map((_, index) => Number(row[`step_${index + 1}`]));
  };
  return {
    version: db.getVersion(),
    ndjsonError,
    arrayPath,
    counts,
    load,
    measure() {
      const start = performance.now();
      load();
      const loaded = performance.now();
      const result = counts(TIMED_WINDOW);
      return { load: loaded - start, funnel: performance.now() - loaded, result };
    },
    dispose: () => {
      connection.close();
      db.reset();
    },
  };
}

// --- check, then time ---------------------------------------------------------------------------

const loadBefore = os.loadavg();
const wasm = await touchpathWasm({ projected: false });
const wasmProjected = await touchpathWasm({ projected: true });
const native = touchpathNative({ projected: true, threads: 2 });
const nativeFull = touchpathNative({ projected: false, threads: 2 });
const nativeOneThread = touchpathNative({ projected: true, threads: 1 });
const nativeFullOneThread = touchpathNative({ projected: false, threads: 1 });
const duck = await duckdbNative();
const duckEveryColumn = await duckdbNative({ everyColumn: true });
const duckWasm = await duckdbWasm(await ensureJsonArrayCopy(exportPath));

const loaded = await wasm.load();
await wasmProjected.load();
await duck.load();
await duckEveryColumn.load();
duckWasm.load();

let mismatches = 0;
console.log('step counts (users reaching each step), touchpath vs DuckDB:');
const referenceCounts = {};
for (const window of CHECKED_WINDOWS) {
  const reference = await wasm.counts(window);
  referenceCounts[window] = reference;
  const others = {
    'touchpath WASM, projected load': await wasmProjected.counts(window),
    'touchpath native (projected)': await native.counts(window),
    'touchpath native --all-fields': await nativeFull.counts(window),
    'touchpath native, 1 thread (projected)': await nativeOneThread.counts(window),
    'touchpath native --all-fields, 1 thread': await nativeFullOneThread.counts(window),
    'DuckDB native': await duck.counts(window),
    'DuckDB native, every column': await duckEveryColumn.counts(window),
    'DuckDB-WASM': duckWasm.counts(window),
  };
  console.log(`  window ${window}: touchpath WASM ${reference.join(' / ')}`);
  for (const [name, counts] of Object.entries(others)) {
    const same = counts.join() === reference.join();
    if (!same) ++mismatches;
    console.log(`  window ${window}: ${name} ${counts.join(' / ')}${same ? '' : '  <-- DIFFERS'}`);
  }
}
if (mismatches > 0) {
  console.error(`FAIL: ${mismatches} engine/window pairs differ from touchpath's step counts`);
  process.exit(1);
}

const runs = {
  wasm: [], wasmStream: [], wasmPath: [], wasmProjected: [], wasmStreamProjected: [],
  wasmPathProjected: [], native: [], nativeFull: [],
  nativeOneThread: [], nativeFullOneThread: [],
  duck: [], duckEveryColumn: [], duckWasm: [], chromium: [], chromiumProjected: [], chromiumRead: [],
  nodeBlobRead: [],
  chromiumFetch: [], chromiumFetchProjected: [],
  freshPage: [], freshPageProjected: [], freshPageCold: [], freshPageColdProjected: [],
};
// The in-process engines were for the check only.
wasm.dispose();
wasmProjected.dispose();
const timed = {
  wasm: touchpathWasmTimed('blob', { projected: false }),
  wasmStream: touchpathWasmTimed('stream', { projected: false }),
  wasmPath: touchpathWasmTimed('path', { projected: false }),
  wasmProjected: touchpathWasmTimed('blob', { projected: true }),
  wasmStreamProjected: touchpathWasmTimed('stream', { projected: true }),
  wasmPathProjected: touchpathWasmTimed('path', { projected: true }),
};
// In Chromium the step counts are checked too (every measurement returns its result).
const browserTimer = await startBrowserTimer(exportPath, funnelSpec(TIMED_WINDOW));
const browserVersion = await browserTimer.version();
// Each round times every contender, each once the machine has gone quiet (settle.mjs). The
// pages' first loads come first, as they did before the waits.
const quiet = settleLog();
const contenders = [
  [runs.freshPage, () => browserTimer.measureFreshPage({ projected: false, warmUp: true })],
  [runs.freshPageProjected, () => browserTimer.measureFreshPage({ projected: true, warmUp: true })],
  [runs.freshPageCold, () => browserTimer.measureFreshPage({ projected: false, warmUp: false })],
  [runs.freshPageColdProjected, () => browserTimer.measureFreshPage({ projected: true, warmUp: false })],
  ...Object.entries(timed).map(([name, contender]) => [runs[name], () => contender.measure()]),
  [runs.nodeBlobRead, () => timeNodeBlobRead()],
  [runs.chromium, () => browserTimer.measure({ projected: false })],
  [runs.chromiumProjected, () => browserTimer.measure({ projected: true })],
  [runs.chromiumRead, () => browserTimer.measureRead()],
  [runs.chromiumFetch, () => browserTimer.measureFetch({ projected: false })],
  [runs.chromiumFetchProjected, () => browserTimer.measureFetch({ projected: true })],
  [runs.native, () => native.measure()],
  [runs.nativeFull, () => nativeFull.measure()],
  [runs.nativeOneThread, () => nativeOneThread.measure()],
  [runs.nativeFullOneThread, () => nativeFullOneThread.measure()],
  [runs.duck, () => duck.measure()],
  [runs.duckEveryColumn, () => duckEveryColumn.measure()],
  [runs.duckWasm, () => duckWasm.measure()],
];
for (let round = 0; round < repeat; ++round) {
  for (const [list, measure] of contenders) {
    await quiet.settle();
    list.push(await measure());
  }
}
const loadAfter = os.loadavg();
await browserTimer.close();
for (const run of [...runs.chromium, ...runs.chromiumProjected, ...runs.chromiumFetch,
  ...runs.chromiumFetchProjected, ...runs.freshPage,
  ...runs.freshPageProjected, ...runs.freshPageCold, ...runs.freshPageColdProjected]) {
  const counts = stepCounts(run.result).join(' / ');
  if (counts !== referenceCounts[TIMED_WINDOW].join(' / ')) {
    console.error(`FAIL: Chromium's step counts ${counts} differ from touchpath's in node`);
    process.exit(1);
  }
}

const best = (list, pick) => Math.min(...list.map(pick));
const median = (list, pick) => {
  const sorted = list.map(pick).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const mbps = (value) => (exportBytes / 1e6 / (value / 1000)).toFixed(0);
const total = (run) => run.load + run.funnel;
const duckTotal = best(runs.duck, total);
const duckEveryColumnTotal = best(runs.duckEveryColumn, total);
const duckWasmFunnel = best(runs.duckWasm, (run) => run.funnel);
const wasmFunnel = best(runs.wasm, (run) => run.funnel);

console.log(`\nexport: ${path.relative(repo, exportPath)}, ${(exportBytes / 1e6).toFixed(1)} MB, ` +
  `${loaded.description.events.reduce((sum, event) => sum + event.count, 0)} events`);
console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model}), ` +
  `DuckDB native ${await duck.version()} (2 threads), DuckDB-WASM ${duckWasm.version} (1 thread), ` +
  `Chromium ${browserVersion} (headless); ` +
  `best of ${repeat}; load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} before, ` +
  `${loadAfter.map((v) => v.toFixed(2)).join(' ')} after; before each contender the cores ` +
  `went quiet first (<= 10% busy over 100 ms): ${quiet.summary()}`);
if (duckWasm.ndjsonError) {
  console.log(`DuckDB-WASM cannot read_ndjson here: "${duckWasm.ndjsonError}" (the json extension is ` +
    'fetched at run time, not shipped in the npm package). Its rows below load with its own JSON ' +
    `import (insertJSONFromPath, built into the module) from ${path.basename(duckWasm.arrayPath)}, ` +
    'the same rows as one JSON array (that import reads no lines).');
}
console.log('"projected": the spec is known before loading, only the fields it reads are kept; ' +
  '"full": every field (what the web page loads).');
console.log('| engine | load | funnel | load + funnel | MB/s (load + funnel) |');
console.log('|---|---:|---:|---:|---:|');
const wasmRows = [
  ['touchpath WASM, JS API, full load(Blob) + run', runs.wasm],
  ['touchpath WASM, JS API, full load(1 MiB ReadableStream) + run', runs.wasmStream],
  ['touchpath WASM, JS API, full load(file path) + run', runs.wasmPath],
  ['touchpath WASM, JS API, projected load(Blob, {specs}) + run', runs.wasmProjected],
  ['touchpath WASM, JS API, projected load(1 MiB ReadableStream, {specs}) + run', runs.wasmStreamProjected],
  ['touchpath WASM, JS API, projected load(file path, {specs}) + run', runs.wasmPathProjected],
];
for (const [label, list] of wasmRows) {
  console.log(`| ${label} | ${ms(best(list, (r) => r.load))} (first in a fresh engine: ` +
    `${ms(best(list, (r) => r.first))}) | ${ms(best(list, (r) => r.funnel))} | ` +
    `${ms(best(list, total))} | ${mbps(best(list, total))} |`);
}
const nodeBlobRead = best(runs.nodeBlobRead, (r) => r.read);
console.log(`| node reading its Blob of the file alone (the JS API's chunk reader, no engine) | ` +
  `${ms(nodeBlobRead)} | | | ${mbps(nodeBlobRead)} |`);
for (const [label, list] of [
  ['touchpath WASM in Chromium (Web Worker), full load(File) + run', runs.chromium],
  ['touchpath WASM in Chromium (Web Worker), projected load(File, {specs}) + run', runs.chromiumProjected],
  ['touchpath WASM in Chromium, full load(fetch Response) + run (served by the bench on the same cores)', runs.chromiumFetch],
  ['touchpath WASM in Chromium, projected load(fetch Response, {specs}) + run (served by the bench)', runs.chromiumFetchProjected],
]) {
  console.log(`| ${label} | ${ms(best(list, (r) => r.load))} (first in a fresh engine: ` +
    `${ms(best(list, (r) => r.first))}) | ${ms(best(list, (r) => r.funnel))} | ` +
    `${ms(best(list, total))} | ${mbps(best(list, total))} |`);
}
for (const [label, list] of [
  ['touchpath WASM in Chromium, a page\'s first load, 1 s after createEngine (warm-up, the default): full', runs.freshPage],
  ['touchpath WASM in Chromium, a page\'s first load, 1 s after createEngine (warm-up, the default): projected', runs.freshPageProjected],
  ['touchpath WASM in Chromium, a page\'s first load, 1 s after createEngine ({warmUp: false}): full', runs.freshPageCold],
  ['touchpath WASM in Chromium, a page\'s first load, 1 s after createEngine ({warmUp: false}): projected', runs.freshPageColdProjected],
]) {
  console.log(`| ${label} | ${ms(best(list, (r) => r.load))} (median ${ms(median(list, (r) => r.load))}) | ` +
    `${ms(best(list, (r) => r.funnel))} | ${ms(best(list, total))} | ${mbps(best(list, total))} |`);
}
for (const [label, pick] of [
  ['Chromium\'s page thread reading the File alone into recycled buffers (BYOB, as the JS API\'s worker reads)', (r) => r.recycled],
  ['Chromium\'s page thread reading the File alone through file.stream()\'s default reader', (r) => r.stream],
]) {
  const read = best(runs.chromiumRead, pick);
  console.log(`| ${label} | ${ms(read)} | | | ${mbps(read)} |`);
}
const nativeRows = [
  ['touchpath native CLI, 2 threads, projected (default), process wall time', runs.native],
  ['touchpath native CLI, 2 threads, full (--all-fields), process wall time', runs.nativeFull],
  ['touchpath native CLI, 1 thread, projected, process wall time', runs.nativeOneThread],
  ['touchpath native CLI, 1 thread, full (--all-fields), process wall time', runs.nativeFullOneThread],
];
for (const [label, list] of nativeRows) {
  const all = best(list, (run) => run.total);
  const loadOnly = best(list, (run) => run.loadOnly);
  console.log(`| ${label} | ${ms(loadOnly)} (no-op spec) | ${ms(Math.max(0, all - loadOnly))} ` +
    `(difference) | ${ms(all)} | ${mbps(all)} |`);
}
console.log(`| DuckDB native, read_ndjson + SQL funnel | ${ms(best(runs.duck, (r) => r.load))} | ` +
  `${ms(best(runs.duck, (r) => r.funnel))} | ${ms(duckTotal)} | ${mbps(duckTotal)} |`);
console.log('| DuckDB native, read_ndjson of every column (schema detected) + SQL funnel | ' +
  `${ms(best(runs.duckEveryColumn, (r) => r.load))} | ${ms(best(runs.duckEveryColumn, (r) => r.funnel))} | ` +
  `${ms(duckEveryColumnTotal)} | ${mbps(duckEveryColumnTotal)} |`);
const duckWasmLoad = duckWasm.ndjsonError ? 'JSON import of the rows as an array' : 'read_ndjson';
const duckWasmTotal = best(runs.duckWasm, total);
console.log(`| DuckDB-WASM, ${duckWasmLoad} + SQL funnel | ${ms(best(runs.duckWasm, (r) => r.load))} | ` +
  `${ms(duckWasmFunnel)} | ${ms(duckWasmTotal)} | ${mbps(duckWasmTotal)} |`);

const ratio = (slower, faster) => `${(slower / faster).toFixed(2)}x`;
const verdict = (met) => (met ? 'met' : 'NOT met');
const wasmRatio = (list) => ratio(duckTotal, best(list, total));
const nativeRatio = (list) => ratio(duckTotal, best(list, (run) => run.total));
const wasmPathTime = best(runs.wasmPathProjected, total);
const nativeTime = best(runs.native, (run) => run.total);
const chromiumRead = best(runs.chromiumRead, (r) => r.recycled);
console.log('\nratios (> 1: touchpath faster):');
// Issue 5's comparison: each engine given the file's path, keeping the fields the funnel reads
// (DuckDB's read_ndjson of the needed columns), then the funnel.
console.log('  issue 5\'s goals, the same work as DuckDB\'s (the funnel\'s fields of the file each engine ' +
  'is given the path of, then the funnel):');
console.log(`    touchpath WASM (JS API) vs DuckDB native, goal >= 1: ${ratio(duckTotal, wasmPathTime)} ` +
  `(${verdict(duckTotal >= wasmPathTime)})`);
console.log('    touchpath native CLI (2 threads, as DuckDB) vs DuckDB native, goal >= 2: ' +
  `${ratio(duckTotal, nativeTime)} (${verdict(duckTotal >= 2 * nativeTime)})`);
console.log('  beside the goals (> 1 would be ahead of DuckDB native\'s load + funnel):');
console.log('    the JS API\'s other sources, projected, whose reading alone is the host\'s (node\'s ' +
  `Blob of a file ${ms(nodeBlobRead)}, Chromium's File ${ms(chromiumRead)}, against DuckDB's ` +
  `${ms(duckTotal)} in all): 1 MiB stream ${wasmRatio(runs.wasmStreamProjected)}, Blob ` +
  `${wasmRatio(runs.wasmProjected)}, Chromium File ${wasmRatio(runs.chromiumProjected)}`);
console.log('    full loads (every field, what the web page loads; DuckDB loads five columns): WASM ' +
  `path ${wasmRatio(runs.wasmPath)}, 1 MiB stream ${wasmRatio(runs.wasmStream)}, Blob ` +
  `${wasmRatio(runs.wasm)}, Chromium File ${wasmRatio(runs.chromium)}; native 2 threads ` +
  `${nativeRatio(runs.nativeFull)}`);
console.log(`    native on 1 thread: projected ${nativeRatio(runs.nativeOneThread)}, full ` +
  `${nativeRatio(runs.nativeFullOneThread)}`);
const everyColumnRatio = (time) => ratio(duckEveryColumnTotal, time);
console.log('    full loads (every field) vs DuckDB native loading every column: ' +
  `WASM Blob ${everyColumnRatio(best(runs.wasm, total))}, ` +
  `WASM path ${everyColumnRatio(best(runs.wasmPath, total))}, ` +
  `Chromium ${everyColumnRatio(best(runs.chromium, total))}, ` +
  `native 2 threads ${everyColumnRatio(best(runs.nativeFull, (run) => run.total))}`);
const duckWasmRatio = (list) => ratio(duckWasmTotal, best(list, total));
console.log('    touchpath WASM vs DuckDB-WASM (what a browser user would otherwise use; ' +
  `${duckWasmLoad}): ` +
  `full Blob ${duckWasmRatio(runs.wasm)}, projected Blob ${duckWasmRatio(runs.wasmProjected)}, ` +
  `Chromium full ${duckWasmRatio(runs.chromium)}, Chromium projected ${duckWasmRatio(runs.chromiumProjected)}; ` +
  `funnels alone ${ratio(duckWasmFunnel, wasmFunnel)}`);

duck.dispose();
duckEveryColumn.dispose();
duckWasm.dispose();
