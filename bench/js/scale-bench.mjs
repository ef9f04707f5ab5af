#!/usr/bin/env node
// Scale: a generated GA4 month streamed through the node CLI on WASM, never stored on disk.
//   node bench/js/scale-bench.mjs [--events 30000000] [--engine wasm|native] [--seed 7]
// The generator (tools/generate-ga4-sample.mjs --target-events N --out -) writes NDJSON to a
// pipe; the CLI (build/js/touchpath.mjs, or build/native/touchpath with --engine native) reads
// it from stdin ('-') and runs an ordered 4-step funnel. The pipe runs from the generator
// straight to the CLI: relaying 54 GB through this process's streams took a third core's worth
// of time on a 2-core machine. Reports wall time, bytes streamed (the CLI's count), the CPU time
// of the CLI and of the generator (polled from /proc: the wall time is the slower of the two),
// and the CLI process's peak resident memory (VmHWM: node itself, the WASM memory and the
// pipe's buffers). The store's own bytes an event: BM_StoreMemoryGa4Export in
// bench/native/ingest_bench.cpp. Needs `make build`; Linux (/proc).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberOption, textOption } from './bench-options.mjs';
import { bytesRead, cpuSeconds, peakResidentBytes } from './proc-stats.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const events = numberOption('events', 30_000_000);
const seed = numberOption('seed', 7);
const engine = textOption('engine') ?? 'wasm';
if (!Number.isSafeInteger(events) || events < 1) throw new Error('--events needs a positive integer');
if (engine !== 'wasm' && engine !== 'native') throw new Error('--engine is wasm or native');

const spec = {
  analyses: [{
    type: 'funnel', id: 'checkout', window: '7d',
    steps: ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'].map((event) => ({ event })),
  }],
};
const specPath = path.join(os.tmpdir(), `touchpath-scale-spec-${process.pid}.json`);
fs.writeFileSync(specPath, JSON.stringify(spec));

const cli = engine === 'wasm'
  ? [process.execPath, [path.join(repo, 'build/js/touchpath.mjs'), 'run', '--spec', specPath, '-']]
  : [path.join(repo, 'build/native/touchpath'), ['run', '--spec', specPath, '-']];
const program = engine === 'wasm' ? cli[1][0] : cli[0];
if (!fs.existsSync(program)) throw new Error(`${program} is missing: run make build`);

const started = process.hrtime.bigint();
const generator = spawn(process.execPath, [path.join(repo, 'tools/generate-ga4-sample.mjs'),
  '--target-events', String(events), '--seed', String(seed), '--out', '-'],
{ stdio: ['ignore', 'pipe', 'inherit'] });
const touchpath = spawn(cli[0], cli[1], { stdio: [generator.stdout, 'pipe', 'inherit'] });

let peakBytes = 0;
const cpu = { touchpath: 0, generator: 0 };
let lastReport = 0;
const poll = setInterval(() => {
  peakBytes = Math.max(peakBytes, peakResidentBytes(touchpath.pid));
  cpu.touchpath = Math.max(cpu.touchpath, cpuSeconds(touchpath.pid));
  cpu.generator = Math.max(cpu.generator, cpuSeconds(generator.pid));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (seconds - lastReport >= 30) {
    lastReport = seconds;
    process.stderr.write(`  ${seconds.toFixed(0)} s: ${(bytesRead(touchpath.pid) / 1e9).toFixed(2)} GB read, ` +
      `peak ${(peakBytes / 2 ** 20).toFixed(0)} MiB\n`);
  }
}, 100);

const output = [];
touchpath.stdout.on('data', (chunk) => output.push(chunk));
const [generatorCode, touchpathCode] = await Promise.all([
  new Promise((resolve) => generator.on('exit', resolve)),
  new Promise((resolve) => touchpath.on('exit', resolve)),
]);
clearInterval(poll);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
fs.rmSync(specPath, { force: true });
if (generatorCode !== 0 || touchpathCode !== 0) {
  console.error(`generator exited ${generatorCode}, touchpath exited ${touchpathCode}`);
  process.exit(1);
}

const result = JSON.parse(Buffer.concat(output).toString('utf8'));
const { input } = result;
if (input.events !== events) {
  console.error(`touchpath loaded ${input.events} events of ${events}`);
  process.exit(1);
}
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const perEvent = (bytes) => `${(bytes / events).toFixed(1)} B/event`;
console.log(`touchpath ${engine} CLI, GA4 export generated on the fly (seed ${seed}), node ${process.version}`);
const streamedBytes = input.bytes;
const rate = (time) => `${(streamedBytes / 1e6 / time).toFixed(0)} MB/s`;
console.log('| events | streamed | wall | CPU: CLI | CPU: generator | peak resident of the CLI (VmHWM) |');
console.log('|---:|---:|---:|---:|---:|---:|');
console.log(`| ${events.toLocaleString('en')} | ${(streamedBytes / 1e9).toFixed(2)} GB ` +
  `| ${seconds.toFixed(1)} s, ${rate(seconds)} | ${cpu.touchpath.toFixed(1)} s, ${rate(cpu.touchpath)} ` +
  `| ${cpu.generator.toFixed(1)} s, ${rate(cpu.generator)} | ${mib(peakBytes)} (${perEvent(peakBytes)}) |`);
console.log(`entities ${input.entities}, sessions ${input.sessions}, skipped ${input.skipped}; ` +
  `funnel ${result.results[0].steps.map((step) => step.count).join(' / ')}`);
