// English and Dutch: the browser language picks the default, the switch changes every text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { engineResult, samplePath, screenshot, shownCounts, shownSpec, startBrowser } from './support.mjs';

let browser;
before(async () => {
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
});

test('a Dutch browser gets the Dutch page', async () => {
  const { page, problems, close } = await browser.openPage({ locale: 'nl-NL' });
  assert.equal(await page.getByTestId('language').inputValue(), 'nl');
  assert.equal(await page.locator('#load-heading').textContent(), '1. Laad een export');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  assert.deepEqual(problems, []);
  await close();
});

test('switching the language translates the page and the results, counts unchanged', async () => {
  const { page, problems, close } = await browser.openPage();
  assert.equal(await page.locator('#load-heading').textContent(), '1. Load an export');
  await page.getByTestId('file-input').setInputFiles(samplePath);
  await page.getByTestId('funnel-step-count').first().waitFor({ timeout: 60_000 });
  const expected = (await engineResult(await shownSpec(page))).results[0].steps.map((step) => step.count);

  await page.getByTestId('language').selectOption('nl');
  assert.equal(await page.locator('#load-heading').textContent(), '1. Laad een export');
  assert.equal(await page.getByRole('button', { name: 'Uitvoeren' }).count(), 1);
  assert.equal(await page.getByTestId('funnel-table').locator('th').nth(1).textContent(), 'Gebruikers');
  assert.match(await page.getByTestId('load-progress').textContent(), /gebeurtenissen geladen uit/);
  assert.deepEqual(await shownCounts(page), expected);
  if (expected[0] >= 1000) assert.match(await page.getByTestId('funnel-step-count').first().textContent(), /^\d{1,3}(\.\d{3})+$/);
  await screenshot(page, 'page-dutch');

  await page.getByTestId('language').selectOption('en');
  assert.equal(await page.getByTestId('funnel-table').locator('th').nth(1).textContent(), 'Users');
  assert.deepEqual(problems, []);
  await close();
});
