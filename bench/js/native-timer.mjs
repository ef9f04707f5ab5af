#!/usr/bin/env node
// Times the native CLI's process wall time from a small node process of its own. Starting a
// process costs its parent time in proportion to the parent's memory (fork copies its page
// tables): from duckdb-bench.mjs's process, which holds DuckDB's tables, engines and the
// browser's driver (350+ MB), a bare `touchpath --help` took 13 ms instead of 2.5, and that
// was charged to the CLI. From here the start costs what it costs a user's shell.
//   node bench/js/native-timer.mjs CLI SPEC.json ARGS...
// runs `CLI run --spec SPEC.json ARGS...` once and prints {wall} in ms as JSON.
import { spawnSync } from 'node:child_process';

const [cli, specPath, ...args] = process.argv.slice(2);
const start = performance.now();
const run = spawnSync(cli, ['run', '--spec', specPath, ...args], { maxBuffer: 64 << 20 });
const wall = performance.now() - start;
if (run.status !== 0) {
  process.stderr.write(`touchpath CLI exited ${run.status}: ${run.stderr}`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ wall }));
