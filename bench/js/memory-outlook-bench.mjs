#!/usr/bin/env node
// How well a load's memory outlook (LoadProgress.memoryAtEnd, js-wrapper/src/load-progress.js)
// foretells what finishing needs: loads a generated GA4 export by path through the JS API (as
// many workers as the machine gives it, no memory limit) and prints, about every tenth of the
// file, the outlook as a share of the final need.
//   node bench/js/memory-outlook-bench.mjs [--events 3000000] [--seed 11] [--light]
//                                          [--export FILE]
// The export is generated once into build/bench/ (5.4 GB at 3 M events). --light loads with the
// web page's light specs. Needs `make build`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGa4Export } from './bench-export.mjs';
import { numberOption, textOption } from './bench-options.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { createEngine } = await import(path.join(repo, 'build/js/engine.js'));
const { LIGHT_SPECS } = await import(path.join(repo, 'js-wrapper/page/light-load.js'));

const exportPath = textOption('export') ??
  ensureGa4Export(repo, numberOption('events', 3_000_000), numberOption('seed', 11));
const specs = process.argv.includes('--light') ? LIGHT_SPECS : undefined;
const MiB = 2 ** 20;

const engine = await createEngine();
try {
  const reports = [];
  const loaded = await engine.load(exportPath, { specs, memoryLimitBytes: 0, onProgress: (report) => reports.push(report) });
  const final = loaded.memoryToFinish;
  console.log(`${path.basename(exportPath)}: ${loaded.events} events, ${loaded.workers} worker(s), ` +
    `${specs ? 'light' : 'every field'}; finishing needed ${(final / MiB).toFixed(0)} MiB`);
  console.log('| read | memoryToFinish (MiB) | memoryAtEnd (MiB) | memoryAtEnd / final need |');
  console.log('|---:|---:|---:|---:|');
  let next = 0;
  for (const report of reports.filter((each) => each.memoryAtEnd !== undefined && !each.done)) {
    const read = report.bytes / report.totalBytes;
    if (read < next) continue;
    next = read + 0.1;
    console.log(`| ${(read * 100).toFixed(0)}% | ${(report.memoryToFinish / MiB).toFixed(0)} | ` +
      `${(report.memoryAtEnd / MiB).toFixed(0)} | ${(report.memoryAtEnd / final).toFixed(2)} |`);
  }
} finally {
  engine.dispose();
}
