// Attribution view (model comparison and Markov flow) and the CSV / PNG exports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { engineResult, samplePath, screenshot, shareUrl, shownSpec, startBrowser } from './support.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

async function loadSample(page) {
  await page.getByTestId('file-input').setInputFiles(samplePath);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
}

test('the sample shows every attribution model per channel and the Markov flow', async () => {
  const { page, problems, close } = await browser.openPage();
  await loadSample(page);
  const spec = await shownSpec(page);
  const attribution = spec.analyses.find((analysis) => analysis.type === 'attribution');
  assert.equal(attribution.models.length, 9);
  const expected = (await engineResult(spec)).results[1];
  assert.ok(expected.conversions > 0);
  const models = attribution.models.filter((model) => expected.models[model]);
  const table = page.getByTestId('attribution-table');
  assert.deepEqual(await table.locator('th').allTextContents(), ['Channel', ...models]);
  assert.deepEqual(await table.locator('tbody td:first-child').allTextContents(), expected.channels);
  const firstTouch = expected.models.first_touch.map((row) => Math.round(row.conversions * 100) / 100);
  const shown = await table.locator('tbody tr').evaluateAll((rows, column) => rows.map((row) => row.cells[column].textContent), 1 + models.indexOf('first_touch'));
  assert.deepEqual(shown.map((text) => Number(text.replace(/,/g, ''))), firstTouch);
  assert.equal(await page.getByTestId('sankey-chart').locator('canvas').count(), 1);
  assert.equal(await page.getByTestId('removal-table').locator('tbody tr').count(), expected.removal_effects.length);
  await page.getByTestId('attribution-chart').scrollIntoViewIfNeeded();
  await screenshot(page, 'page-attribution');
  assert.deepEqual(problems, []);
  await close();
});

test('a breakdown and an attribution by page show their hundred largest rows; the CSV has them all', async () => {
  const spec = {
    analyses: [
      { type: 'funnel', id: 'pages', steps: [{ event: 'page_view' }, { event: 'purchase' }], window: '30d', breakdown: 'param.page_location' },
      { type: 'attribution', id: 'by-page', conversion: { event: 'purchase' }, touchpoint: 'param.page_location', lookback: '30d', models: ['first_touch', 'last_touch', 'linear'] },
    ],
  };
  const [funnel, attribution] = (await engineResult(spec)).results;
  assert.ok(funnel.breakdown.length > 100 && attribution.channels.length > 100, 'the sample has the pages for it');
  const { page, problems, close } = await browser.openPage({ url: shareUrl(browser.baseUrl, spec) });
  await loadSample(page);

  const breakdownValues = await page.getByTestId('breakdown-table').locator('tbody td:first-child').allTextContents();
  assert.deepEqual(breakdownValues, funnel.breakdown.slice(0, 100).map((row) => row.value));
  assert.equal(await page.getByTestId('breakdown-note').textContent(),
    `The 100 largest of ${funnel.breakdown.length} rows are shown here; the CSV holds them all.`);
  const [breakdownCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('breakdown-csv').click()]);
  assert.equal(fs.readFileSync(await breakdownCsv.path(), 'utf8').trim().split('\r\n').length, 1 + funnel.breakdown.length);

  // The pages any model credits most: those with the most credit first.
  const most = (channel) => Math.max(...spec.analyses[1].models.map((model) =>
    attribution.models[model].find((row) => row.channel === channel)?.conversions ?? 0));
  const shown = await page.getByTestId('attribution-table').locator('tbody td:first-child').allTextContents();
  assert.equal(shown.length, 100);
  const shownCredit = shown.map(most);
  assert.deepEqual(shownCredit, [...shownCredit].sort((a, b) => b - a));
  const left = attribution.channels.filter((channel) => !shown.includes(channel));
  assert.ok(left.every((channel) => most(channel) <= shownCredit.at(-1)), 'no page left out has more credit');
  assert.match(await page.getByTestId('attribution-table-note').textContent(),
    new RegExp(`^The 100 largest of ${attribution.channels.length} rows`));
  const [attributionCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('attribution-csv').click()]);
  const csvLines = fs.readFileSync(await attributionCsv.path(), 'utf8').trim().split('\r\n');
  assert.equal(csvLines.length, 1 + 3 * attribution.channels.length);
  assert.deepEqual(problems, []);
  await close();
});

test('each result exports as CSV and each chart as PNG', async () => {
  const { page, problems, close } = await browser.openPage();
  await loadSample(page);
  const expected = (await engineResult(await shownSpec(page))).results[0];

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('funnel-csv').click()]);
  assert.equal(csv.suggestedFilename(), 'touchpath-funnel.csv');
  const lines = fs.readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
  assert.equal(lines[0], 'step,label,count,conversion_from_start,conversion_from_previous,dropoff,dropoff_rate,median_seconds_from_previous');
  assert.deepEqual(lines.slice(1).map((line) => Number(line.split(',')[2])), expected.steps.map((step) => step.count));

  for (const name of ['funnel', 'ttc', 'attribution', 'sankey']) {
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${name}-png`).click()]);
    assert.equal(png.suggestedFilename(), `touchpath-${name}.png`);
    const bytes = fs.readFileSync(await png.path());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${name} is a PNG`);
    assert.ok(bytes.length > 2000, `${name} PNG has content`);
  }
  assert.deepEqual(problems, []);
  await close();
});

test('a path table (attribution input) shows the models without a funnel', async () => {
  const { page, problems, close } = await browser.openPage();
  const csv = 'path;total_conversions;total_conversion_value;total_null\nEmail > Search;10;100;5\nSearch;3;30;20\nDisplay > Email;4;44;8\nDisplay;0;0;30\n';
  await page.getByTestId('file-input').setInputFiles({ name: 'paths.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('attribution-table').locator('tbody tr').first().waitFor({ timeout: 30_000 });
  const spec = await shownSpec(page);
  assert.deepEqual(spec.analyses.map((analysis) => analysis.type), ['attribution']);
  const expected = (await engineResult(spec, Buffer.from(csv))).results[0];
  assert.deepEqual(await page.getByTestId('attribution-table').locator('tbody td:first-child').allTextContents(), expected.channels);
  assert.equal(await page.getByTestId('funnel-step-count').count(), 0);
  assert.doesNotMatch(await page.getByTestId('load-summary').textContent(), /–/);
  assert.deepEqual(problems, []);
  await close();
});

test('the charts module draws into any element, without the page', async () => {
  const { page, problems, close } = await browser.openPage();
  const canvases = await page.evaluate(async () => {
    const { renderFunnel, renderSankey } = await import('./charts.js');
    const holder = document.createElement('div');
    holder.style.cssText = 'width: 400px; height: 300px';
    document.body.append(holder);
    renderFunnel(holder, { steps: [
      { label: 'a', count: 10, conversion_from_start: 1, conversion_from_previous: 1, dropoff: 0 },
      { label: 'b', count: 4, conversion_from_start: 0.4, conversion_from_previous: 0.4, dropoff: 6 }] });
    const flow = document.createElement('div');
    flow.style.cssText = 'width: 400px; height: 300px';
    document.body.append(flow);
    renderSankey(flow, { transition_matrix: [{ from: '(start)', to: 'A', probability: 1 }, { from: 'A', to: '(conversion)', probability: 0.5 }, { from: 'A', to: '(null)', probability: 0.5 }] });
    return holder.querySelectorAll('canvas').length + flow.querySelectorAll('canvas').length;
  });
  assert.equal(canvases, 2);
  assert.deepEqual(problems, []);
  await close();
});
