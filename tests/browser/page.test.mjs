// The web page in headless Chromium: load the bundled sample, check that the counts shown are
// the engine's, and that problems are reported in plain words. Needs `make build` (build/js)
// first; screenshots land in build/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import {
  PHONE, engineResult, jsDir, repo, samplePath, screenshot, shownCounts, shownSpec, startBrowser,
} from './support.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

test('sample loaded through the file input shows the engine funnel counts', async () => {
  const { page, problems, close } = await browser.openPage();
  await page.getByTestId('file-input').setInputFiles(samplePath);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });

  const spec = await shownSpec(page);
  const expected = (await engineResult(spec)).results[0].steps.map((step) => step.count);
  assert.ok(expected.length >= 2, 'the default funnel has at least two steps');
  assert.deepEqual(await shownCounts(page), expected);
  assert.match(await page.getByTestId('load-progress').textContent(), /^Loaded [\d,]+ events from .* MB\/s$/);
  assert.equal(await page.getByTestId('progress-bar').evaluate((bar) => bar.value), 1);
  assert.equal(await page.getByTestId('funnel-chart').locator('canvas').count(), 1);
  assert.equal(await page.getByTestId('ttc-chart').locator('canvas').count(), 1);

  await page.getByTestId('funnel-chart').hover();
  await screenshot(page, 'page-sample-loaded');
  assert.deepEqual(problems, []);
  await close();
});

test('the light load keeps events, users, sessions and channels, gives the same counts and says so', async () => {
  const { page, problems, close } = await browser.openPage();
  await page.getByTestId('light-load').check();
  await page.getByTestId('file-input').setInputFiles(samplePath);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  const expected = (await engineResult(await shownSpec(page))).results[0].steps.map((step) => step.count);
  assert.deepEqual(await shownCounts(page), expected);
  assert.match(await page.getByTestId('shared-notice').textContent(),
    /^Only events, users, sessions and channels were kept/);
  const breakdowns = await page.locator('#breakdown option').evaluateAll((options) => options.map((option) => option.value));
  assert.ok(breakdowns.includes('channel'));
  assert.ok(!breakdowns.some((field) => field.startsWith('device.')), 'device fields are not offered');
  assert.deepEqual(problems, []);
  await close();
});

test('a load that outgrows the memory limit offers the light load, which then fits', async () => {
  // The page's engine gets a limit between what the sample needs with every field and with only
  // events, users, sessions and channels (9.25 and 6.8 MiB by the limit's estimate).
  const { LIGHT_SPECS } = await import(path.join(repo, 'js-wrapper/page/light-load.js'));
  const bytes = fs.readFileSync(samplePath);
  const full = await memoryToFinish(bytes);
  const light = await memoryToFinish(bytes, LIGHT_SPECS);
  assert.ok(light < full, `light ${light}, full ${full}`);
  const limit = Math.round((light + full) / 2);
  const { page, problems, close, lowered } = await openPageWithLimit(limit);
  await page.getByTestId('file-input').setInputFiles(samplePath);
  const error = page.getByTestId('error');
  await error.filter({ hasText: 'out of memory for this export' }).waitFor({ timeout: 60_000 });
  assert.ok(lowered(), 'the limit was lowered');
  assert.match(await error.textContent(),
    /Load it again keeping only events, users, sessions and channels, or load fewer days\.$/);
  // One click loads the same File again that way.
  await page.getByTestId('light-retry').click();
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('light-load').isChecked(), true);
  assert.equal(await page.getByTestId('light-retry').isHidden(), true);
  const expected = (await engineResult(await shownSpec(page))).results[0].steps.map((step) => step.count);
  assert.deepEqual(await shownCounts(page), expected);
  assert.equal(await error.textContent(), '');
  assert.deepEqual(problems, []);
  await close();
});

// The page with its engine's default memory limit replaced by `limit` bytes, on one worker, as
// on the 2-core machines CI runs on (memoryToFinish's needs are one engine's). `lowered()`: the
// page's code held the default, and it was replaced.
async function openPageWithLimit(limit) {
  const DEFAULT_LIMIT = 'DEFAULT_MEMORY_LIMIT_BYTES = 3.5 * 2 ** 30';
  let lowered = 0;
  const opened = await browser.openPage({
    setUp: async (context) => {
      await context.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 2 }));
      await context.route(/\.js$/, async (route) => {
        const response = await route.fetch();
        const body = await response.text();
        if (body.includes(DEFAULT_LIMIT)) ++lowered;
        await route.fulfill({ response, body: body.replace(DEFAULT_LIMIT, `DEFAULT_MEMORY_LIMIT_BYTES = ${limit}`) });
      });
    },
  });
  return { ...opened, lowered: () => lowered > 0 };
}

// What finishing a load of `bytes` needs by the engine's estimate, in node on one engine as the
// page's one worker loads it.
async function memoryToFinish(bytes, specs) {
  const { createEngine } = await import(path.join(jsDir, 'engine.js'));
  const engine = await createEngine({ worker: false });
  try {
    return (await engine.load(bytes, { specs })).memoryToFinish;
  } finally {
    engine.dispose();
  }
}

test('a load that will not fit is flagged while it runs, and the light load offered then fits', async () => {
  // The sample four times over (210 MB): long enough to load that progress reports come often.
  const plain = zlib.gunzipSync(fs.readFileSync(samplePath));
  const bytes = Buffer.concat([plain, plain, plain, plain]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-')), 'four-samples.ndjson');
  fs.writeFileSync(file, bytes);
  const { LIGHT_SPECS } = await import(path.join(repo, 'js-wrapper/page/light-load.js'));
  const full = await memoryToFinish(bytes);
  const light = await memoryToFinish(bytes, LIGHT_SPECS);
  assert.ok(light * 1.3 < full, `light ${light}, full ${full}`);
  // A limit just over the light load's need: it fits, and every field is well over the limit
  // (the page warns only beyond 1.15 times it).
  const limit = Math.round(light * 1.05);
  const { page, problems, close, lowered } = await openPageWithLimit(limit);
  // When the warning first shows: its page's state is taken, and its button clicked at once,
  // in the same turn of the page's event loop (a click from the test could come after the load
  // had stopped by itself). From then on every text the error line shows is kept.
  await page.evaluate(() => {
    const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
    const warning = byTestId('memory-warning');
    window.errorsShown = [];
    const seen = new MutationObserver(() => {
      if (warning.hidden || window.warningShown) return;
      window.warningShown = {
        warning: warning.textContent,
        read: byTestId('progress-bar').value,
        error: byTestId('error').textContent,
        offered: !byTestId('light-retry').hidden,
      };
      seen.disconnect();
      new MutationObserver(() => window.errorsShown.push(byTestId('error').textContent))
        .observe(byTestId('error'), { childList: true, characterData: true, subtree: true });
      // One click stops this load and loads the same File keeping events, users, sessions and
      // channels.
      byTestId('light-retry').click();
    });
    seen.observe(warning, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  await page.getByTestId('file-input').setInputFiles(file);
  const shown = await page.waitForFunction(() => window.warningShown, null, { timeout: 60_000 })
    .then((handle) => handle.jsonValue());
  assert.ok(lowered(), 'the limit was lowered');
  assert.match(shown.warning, /^At this rate this export needs about [\d.]+ MB of memory with every field, more than the [\d.]+ MB this tab may use: loading will most likely stop before the end\./);
  assert.ok(shown.read < 0.75, `shown after ${shown.read} of the file`);
  assert.equal(shown.error, '');
  assert.equal(shown.offered, true);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('light-load').isChecked(), true);
  assert.equal(await page.getByTestId('memory-warning').isHidden(), true);
  assert.equal(await page.getByTestId('light-retry').isHidden(), true);
  assert.deepEqual((await page.evaluate(() => window.errorsShown)).filter(Boolean), [],
    'the load it stopped said nothing (not "Loading was cancelled.")');
  const expected = (await engineResult(await shownSpec(page), bytes)).results[0].steps.map((step) => step.count);
  assert.deepEqual(await shownCounts(page), expected);
  assert.deepEqual(problems, []);
  await close();
  fs.rmSync(path.dirname(file), { recursive: true });
});

test('the page starts its engine\'s worker before a file is chosen, so it can warm up', async () => {
  const { page, problems, close } = await browser.openPage();
  // No file chosen, nothing clicked: the worker comes up with the page.
  const worker = page.workers()[0] ?? await page.waitForEvent('worker', { timeout: 30_000 });
  assert.match(worker.url(), /worker\.js$/);
  assert.deepEqual(problems, []);
  await close();
});

test('"Try the sample" loads the bundled export from the same origin, readable on a phone', async () => {
  const { page, problems, close } = await browser.openPage({ viewport: PHONE });
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  const expected = (await engineResult(await shownSpec(page))).results[0].steps.map((step) => step.count);
  assert.deepEqual(await shownCounts(page), expected);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await screenshot(page, 'page-phone');
  assert.deepEqual(problems, []);
  await close();
});

test('an unusable file is reported in plain words, without a result table', async () => {
  const { page, problems, close } = await browser.openPage();
  await page.getByTestId('file-input').setInputFiles({
    name: 'not-an-export.ndjson',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('this is not an analytics export\n\u0000\u0001\u0002 binary junk\n'),
  });
  const error = page.getByTestId('error');
  await error.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  assert.match(await error.textContent(), /^This file could not be loaded: not-an-export\.ndjson \S/);
  assert.equal(await page.getByTestId('funnel-step-count').count(), 0);
  await screenshot(page, 'page-unusable-file');
  assert.deepEqual(problems, []);
  await close();
});

test('skipped rows are listed with the line numbers the engine reports', async () => {
  const { page, problems, close } = await browser.openPage();
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
  await close();
});

test('Cancel stops a load and says so', async () => {
  const { page, problems, close } = await browser.openPage();
  const text = zlib.gunzipSync(fs.readFileSync(samplePath));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-cancel-'));
  const file = path.join(folder, 'large.ndjson');
  fs.writeFileSync(file, Buffer.concat([text, text, text, text]));
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('cancel').click();
  await page.getByTestId('error').filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('error').textContent(), 'Loading was cancelled.');
  assert.equal(await page.getByTestId('funnel-step-count').count(), 0);
  assert.deepEqual(problems, []);
  await close();
  fs.rmSync(folder, { recursive: true, force: true });
});
