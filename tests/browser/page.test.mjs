// The web page in headless Chromium (Debian's, driven by playwright-core): load the bundled
// sample through the file input and check that the counts shown are the engine's.
// Needs `make build` (build/js) first; screenshots land in build/screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const jsDir = path.join(repo, 'build/js');
const samplePath = path.join(jsDir, 'sample/ga4-sample.ndjson.gz');
const screenshotDir = path.join(repo, 'build/screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let server;
let baseUrl;
let context;
let userDataDir;

// Starts tools/serve.mjs on a free port and resolves with the URL it prints.
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['tools/serve.mjs', '--root', jsDir, '--port', '0'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (data) => {
      output += data;
      const match = output.match(/http:\/\/\S+\//);
      if (match) resolve({ child, url: match[0] });
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
}

before(async () => {
  server = await startServer();
  baseUrl = server.url;
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1100, height: 900 },
  });
});

after(async () => {
  await context?.close();
  server?.child.kill();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

// A page that records script errors, failed responses and any request leaving its origin.
async function openPage() {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(baseUrl)) problems.push(`request outside the origin: ${request.url()}`);
  });
  await page.goto(baseUrl);
  return { page, problems };
}

async function engineResult(spec) {
  const { createEngine } = await import(path.join(jsDir, 'engine.js'));
  const engine = await createEngine();
  try {
    await engine.load(fs.readFileSync(samplePath));
    return await engine.run(spec);
  } finally {
    engine.dispose();
  }
}

async function shownCounts(page) {
  const cells = page.getByTestId('funnel-step-count');
  return (await cells.allTextContents()).map((text) => Number(text.replace(/,/g, '')));
}

test('sample loaded through the file input shows the engine funnel counts', async () => {
  const { page, problems } = await openPage();
  await page.getByTestId('file-input').setInputFiles(samplePath);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });

  const spec = JSON.parse(await page.getByTestId('funnel-spec').textContent());
  const expected = (await engineResult(spec)).results[0].steps.map((step) => step.count);
  assert.ok(expected.length >= 2, 'the default funnel has at least two steps');
  assert.deepEqual(await shownCounts(page), expected);
  assert.match(await page.getByTestId('load-progress').textContent(), /^Loaded .* MB\/s$/);

  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, 'page-sample-loaded.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('"Try the sample" loads the bundled export from the same origin', async () => {
  const { page, problems } = await openPage();
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  const spec = JSON.parse(await page.getByTestId('funnel-spec').textContent());
  const expected = (await engineResult(spec)).results[0].steps.map((step) => step.count);
  assert.deepEqual(await shownCounts(page), expected);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an unusable file is reported in plain words, without a result table', async () => {
  const { page, problems } = await openPage();
  await page.getByTestId('file-input').setInputFiles({
    name: 'not-an-export.ndjson',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('this is not an analytics export\n\u0000\u0001\u0002 binary junk\n'),
  });
  const error = page.getByTestId('error');
  await error.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  assert.match(await error.textContent(), /^This file could not be loaded: not-an-export\.ndjson \S/);
  assert.equal(await page.getByTestId('funnel-step-count').count(), 0);
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, 'page-unusable-file.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('skipped rows are listed with the line numbers the engine reports', async () => {
  const { page, problems } = await openPage();
  const lines = zlib.gunzipSync(fs.readFileSync(samplePath)).toString('utf8').split('\n').slice(0, 200);
  lines.splice(2, 0, '{"event_name": "page_view"}');
  await page.getByTestId('file-input').setInputFiles({
    name: 'one-bad-row.ndjson',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(lines.join('\n')),
  });
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('error').textContent(), /^line 3: /m);
  assert.match(await page.getByTestId('load-summary').textContent(), /1 row skipped/);
  assert.deepEqual(problems, []);
  await page.close();
});
