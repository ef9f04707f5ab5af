// The analysis builder and the shareable link (?spec=): a link restores the builder, loading
// a file runs it; what the builder runs is what the engine computes for the link's spec.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  engineResult, samplePath, screenshot, shareUrl, shownCounts, shownSpec, startBrowser,
} from './support.mjs';

const SHARED_SPEC = {
  analyses: [{
    type: 'funnel', id: 'funnel',
    steps: [
      { event: 'view_item' },
      { event: 'add_to_cart', where: [{ field: 'device.category', op: 'eq', value: 'mobile' }] },
      { event: 'purchase' },
    ],
    window: '2d', order: 'ordered', count: 'sessions',
    exclusions: [{ event: 'view_item_list', from_step: 2, to_step: 3 }],
    breakdown: 'channel',
  }],
};

let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

test('a shared link restores the builder, and loading a file runs its spec', async () => {
  const { page, problems, close } = await browser.openPage({ url: shareUrl(browser.baseUrl, SHARED_SPEC) });
  const stepSelects = page.getByTestId('steps').locator(':scope > li > select');
  assert.deepEqual(await stepSelects.evaluateAll((selects) => selects.map((s) => s.value)), ['view_item', 'add_to_cart', 'purchase']);
  assert.match(await page.getByTestId('shared-notice').textContent(), /load its data/);

  await page.getByTestId('file-input').setInputFiles(samplePath);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  assert.deepEqual(await shownSpec(page), SHARED_SPEC);
  const expected = (await engineResult(SHARED_SPEC)).results[0];
  assert.deepEqual(await shownCounts(page), expected.steps.map((step) => step.count));
  const breakdownValues = await page.getByTestId('breakdown-table').locator('tbody tr td:first-child').allTextContents();
  assert.deepEqual(breakdownValues, expected.breakdown.map((row) => row.value));
  assert.equal(await page.getByTestId('breakdown-chart').locator('canvas').count(), 1);
  await screenshot(page, 'page-shared-link');
  assert.deepEqual(problems, []);
  await close();
});

test('editing the builder reruns it and puts the new spec in the address bar', async () => {
  const { page, problems, close } = await browser.openPage();
  await page.getByTestId('file-input').setInputFiles(samplePath);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  const steps = page.getByTestId('steps').locator(':scope > li');
  const before = (await shownSpec(page)).analyses[0].steps.map((step) => step.event);

  await steps.nth(1).getByRole('button', { name: 'Move up' }).click();
  await steps.last().getByRole('button', { name: 'Remove' }).first().click();
  await page.getByRole('button', { name: 'Add a step' }).click();
  await steps.last().locator('select').selectOption('purchase');
  await steps.last().getByRole('button', { name: 'Add a filter' }).click();
  await steps.last().getByLabel('Field').fill('geo.country');
  await steps.last().getByLabel('Value').fill('United States');
  await page.locator('#order').selectOption('any');
  await page.getByTestId('breakdown').selectOption('device.category');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByTestId('breakdown-table').locator('tbody tr').first().waitFor();

  const spec = JSON.parse(new URL(page.url()).searchParams.get('spec'));
  const funnel = spec.analyses[0];
  assert.deepEqual(funnel.steps.map((step) => step.event), [before[1], before[0], ...before.slice(2, -1), 'purchase']);
  assert.deepEqual(funnel.steps.at(-1).where, [{ field: 'geo.country', op: 'eq', value: 'United States' }]);
  assert.equal(funnel.order, 'any');
  assert.equal(funnel.breakdown, 'device.category');
  const expected = (await engineResult(spec)).results[0].steps.map((step) => step.count);
  assert.deepEqual(await shownCounts(page), expected);
  assert.deepEqual(problems, []);
  await close();
});
