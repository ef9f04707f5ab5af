// The engine's node worker thread (createEngine's default under node): it does not keep node
// alive when idle, and its death fails the calls waiting on it, and every later one, clearly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import {
  checkoutFunnel, jsDir, runCommand, sampleBytes, samplePath, temporaryDir,
} from './support.mjs';

const engineUrl = pathToFileURL(path.join(jsDir, 'engine.js')).href;
const workerUrl = pathToFileURL(path.join(jsDir, 'worker.js')).href;
const { createEngine } = await import(engineUrl);

// A worker module that runs the real worker but exits with `code` when asked for `op`.
function dyingWorker(op, code) {
  const file = path.join(temporaryDir(), 'dying-worker.mjs');
  fs.writeFileSync(file, [
    "import { parentPort } from 'node:worker_threads';",
    // After the real worker's listener: a message that comes before any listener is lost.
    `await import(${JSON.stringify(workerUrl)});`,
    `parentPort.on('message', ({ op }) => { if (op === '${op}') process.exit(${code}); });`,
  ].join('\n'));
  return pathToFileURL(file);
}

// A worker module that runs the real worker and also sends a reply to a call that no longer
// waits, as a node worker does when the engine is disposed while its reply is on the way.
function strayReplyWorker(op) {
  const file = path.join(temporaryDir(), 'stray-reply-worker.mjs');
  fs.writeFileSync(file, [
    "import { parentPort } from 'node:worker_threads';",
    `await import(${JSON.stringify(workerUrl)});`,
    `parentPort.on('message', ({ op }) => {`,
    `  if (op === '${op}') parentPort.postMessage({ id: -1, ok: true, value: null });`,
    '});',
  ].join('\n'));
  return pathToFileURL(file);
}

test('an engine that is never disposed lets node exit once it is idle', async () => {
  const script = [
    `const { createEngine } = await import(${JSON.stringify(engineUrl)});`,
    'const engine = await createEngine();',
    "const { readFileSync } = await import('node:fs');",
    `await engine.load(readFileSync(${JSON.stringify(samplePath)}));`,
    `const result = await engine.run(${JSON.stringify(checkoutFunnel)});`,
    'console.log(result.results[0].steps.length);',
  ].join('\n');
  const { code, stdout, stderr } = await runCommand(process.execPath,
    ['--input-type=module', '-e', script]);
  assert.equal(stderr, '');
  assert.equal(code, 0);
  assert.equal(stdout.toString().trim(), '4');
});

// A hang is the failure these guard against: the timeout turns it into one.
const hangGuard = { timeout: 60_000 };

test('a worker that dies while starting fails createEngine with its code', hangGuard, async () => {
  await assert.rejects(createEngine({ workerUrl: dyingWorker('init', 3) }),
    /touchpath worker failed: it exited \(code 3\)/);
});

test('a reply to a call that no longer waits is ignored', hangGuard, async () => {
  const engine = await createEngine({ workerUrl: strayReplyWorker('describe') });
  try {
    await engine.load(sampleBytes());
    const result = await engine.run(checkoutFunnel);
    assert.equal(result.results[0].steps.length, 4);
  } finally {
    engine.dispose();
  }
});

test('a worker that dies fails the waiting call and every later one', hangGuard, async () => {
  const engine = await createEngine({ workerUrl: dyingWorker('describe', 7) });
  try {
    const died = /touchpath worker failed: it exited \(code 7\)/;
    await assert.rejects(engine.load(sampleBytes()), died);
    await assert.rejects(engine.run(checkoutFunnel), died);
  } finally {
    engine.dispose();
  }
});

test('the worker reads a Blob in memory itself; one node cannot hand over is read here', hangGuard, async () => {
  // This worker dies at a feedBlob: a load that reaches it was handed to the worker.
  const engine = await createEngine({ workerUrl: dyingWorker('feedBlob', 9) });
  try {
    await assert.rejects(engine.load(new Blob([sampleBytes()])),
      /touchpath worker failed: it exited \(code 9\)/);
  } finally {
    engine.dispose();
  }
  // A file's Blob (fs.openAsBlob) cannot be cloned to a worker: this thread reads it.
  const reading = await createEngine({ workerUrl: dyingWorker('feedBlob', 9) });
  try {
    await reading.load(await fs.openAsBlob(samplePath));
    const result = await reading.run(checkoutFunnel);
    assert.equal(result.results[0].steps.length, 4);
  } finally {
    reading.dispose();
  }
});

test('the worker reads a file path itself', hangGuard, async () => {
  const engine = await createEngine({ workerUrl: dyingWorker('feedBlob', 9), parallelLoad: false });
  try {
    await assert.rejects(engine.load(samplePath), /touchpath worker failed: it exited \(code 9\)/);
  } finally {
    engine.dispose();
  }
});

// A worker module that runs the real worker and writes to `countFile` how many warm-up steps
// it has been asked for.
function stepCountingWorker(countFile) {
  const file = path.join(temporaryDir(), 'step-counting-worker.mjs');
  fs.writeFileSync(file, [
    "import { parentPort } from 'node:worker_threads';",
    "import { writeFileSync } from 'node:fs';",
    `await import(${JSON.stringify(workerUrl)});`,
    'let steps = 0;',
    `parentPort.on('message', ({ op }) => {`,
    `  if (op === 'warmUpStep') writeFileSync(${JSON.stringify(countFile)}, String(++steps));`,
    '});',
  ].join('\n'));
  return pathToFileURL(file);
}

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

test('a fresh engine warms up until its first call, which stops it after the step under way', hangGuard, async () => {
  const stepsOf = (countFile) => (fs.existsSync(countFile) ? Number(fs.readFileSync(countFile, 'utf8')) : 0);
  const idleFile = path.join(temporaryDir(), 'steps');
  const idle = await createEngine({ workerUrl: stepCountingWorker(idleFile), parallelLoad: false });
  const busyFile = path.join(temporaryDir(), 'steps');
  const busy = await createEngine({ workerUrl: stepCountingWorker(busyFile), parallelLoad: false });
  try {
    await busy.load(sampleBytes());
    const stepsAtLoad = stepsOf(busyFile);
    assert.ok(stepsAtLoad <= 2, `the load stopped the warm-up: ${stepsAtLoad} steps`);
    const result = await busy.run(checkoutFunnel);
    assert.equal(result.results[0].steps.length, 4);
    await pause(500);
    assert.equal(stepsOf(busyFile), stepsAtLoad, 'no step after the load');
    // Left alone, the warm-up runs its course (about 20 steps), then leaves the engine empty.
    // (Waited for, not timed: a hang is what hangGuard fails.)
    for (let seen = -1; stepsOf(idleFile) < 10 || stepsOf(idleFile) !== seen; await pause(300)) {
      seen = stepsOf(idleFile);
    }
    assert.deepEqual(await idle.describe(), { error: 'no data loaded' });
  } finally {
    idle.dispose();
    busy.dispose();
  }
});

test('warmUp: false starts no warm-up; a worker that dies warming up fails the next call', hangGuard, async () => {
  const cold = await createEngine({ workerUrl: dyingWorker('warmUpStep', 5), warmUp: false });
  try {
    await cold.load(sampleBytes());
    assert.equal((await cold.run(checkoutFunnel)).results[0].steps.length, 4);
  } finally {
    cold.dispose();
  }
  const dying = await createEngine({ workerUrl: dyingWorker('warmUpStep', 5) });
  try {
    await assert.rejects(dying.load(sampleBytes()), /touchpath worker failed: it exited \(code 5\)/);
  } finally {
    dying.dispose();
  }
});
