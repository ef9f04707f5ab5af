// Strings from the export only ever become text: a hostile event name, breakdown value and
// source show as typed, in the tables, the chart tooltips and the builder, and run nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { engineResult, samplePath, screenshot, shareUrl, shownCounts, startBrowser } from './support.mjs';

const HOSTILE_EVENT = '<img src=x onerror=alert(1)>';
const HOSTILE_COUNTRY = '<script>alert(2)</script>{b|x}';
const HOSTILE_SOURCE = '"><svg onload=alert(3)>';

function hostileExport() {
  const text = zlib.gunzipSync(fs.readFileSync(samplePath)).toString('utf8')
    .replaceAll('"event_name":"add_to_cart"', `"event_name":${JSON.stringify(HOSTILE_EVENT)}`)
    .replaceAll('"country":"United Kingdom"', `"country":${JSON.stringify(HOSTILE_COUNTRY)}`)
    .replaceAll('"manual_source":"google"', `"manual_source":${JSON.stringify(HOSTILE_SOURCE)}`);
  return Buffer.from(text);
}

// Playwright hands over at most 50 MB from memory; a file has no limit.
function writeTemporary(name, bytes) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-hostile-')), name);
  fs.writeFileSync(file, zlib.gzipSync(bytes));
  return file;
}

let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

test('hostile names from the data show as text and execute nothing', async () => {
  const spec = {
    analyses: [
      { type: 'funnel', id: 'funnel', steps: [{ event: 'view_item' }, { event: HOSTILE_EVENT }, { event: 'purchase' }], window: '7d', breakdown: 'geo.country' },
      { type: 'attribution', id: 'attribution', conversion: { event: 'purchase' }, touchpoint: 'source', lookback: '30d', models: ['first_touch', 'last_touch', 'markov'] },
    ],
  };
  const bytes = hostileExport();
  const { page, problems, close } = await browser.openPage({ url: shareUrl(browser.baseUrl, spec) });
  await page.evaluate(() => { window.alert = () => { window.pwned = true; }; });
  const file = writeTemporary('hostile.ndjson.gz', bytes);
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });

  const expected = (await engineResult(spec, bytes)).results;
  assert.deepEqual(await shownCounts(page), expected[0].steps.map((step) => step.count));
  assert.ok(expected[0].steps[1].count > 0, 'the hostile step is reached');
  assert.equal(await page.getByTestId('funnel-table').locator('tbody tr').nth(1).locator('td').first().textContent(), `2. ${HOSTILE_EVENT}`);
  assert.ok((await page.getByTestId('breakdown-table').locator('td').allTextContents()).includes(HOSTILE_COUNTRY));
  assert.ok((await page.getByTestId('attribution-table').locator('td').allTextContents()).includes(HOSTILE_SOURCE));
  assert.ok((await page.locator('#steps option').allTextContents()).some((text) => text.startsWith(HOSTILE_EVENT)));

  // Tooltips are the one place ECharts writes HTML: hover every chart.
  for (const chart of ['funnel-chart', 'breakdown-chart', 'attribution-chart', 'sankey-chart']) {
    const box = await page.getByTestId(chart).boundingBox();
    for (const [x, y] of [[0.3, 0.3], [0.5, 0.5], [0.7, 0.4], [0.15, 0.6]]) {
      await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
      await page.waitForTimeout(50);
    }
  }
  await page.getByTestId('funnel-chart').hover({ position: { x: 300, y: 150 } });
  await page.waitForTimeout(200);
  const tooltipText = await page.evaluate(() => [...document.querySelectorAll('div')]
    .filter((node) => node.style.zIndex === '9999999' || /tooltip/.test(node.className))
    .map((node) => node.textContent).join('\n'));
  assert.match(tooltipText, /<img src=x onerror=alert\(1\)>/, 'the tooltip shows the name as text');
  assert.equal(await page.locator('img, svg, script:not([src])').count(), 0, 'no element made from the data');
  assert.equal(await page.evaluate(() => window.pwned === true), false);
  await screenshot(page, 'page-hostile-names');
  assert.deepEqual(problems, []);
  await close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
