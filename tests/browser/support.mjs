// Shared by the browser tests: the static server, headless Chromium (Debian's, driven by
// playwright-core), a page that records problems, and the engine's own result to compare with.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startServer } from '../../tools/headless-chromium.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const jsDir = path.join(repo, 'build/js');
export const samplePath = path.join(jsDir, 'sample/ga4-sample.ndjson.gz');
export const screenshotDir = path.join(repo, 'build/screenshots');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

// One server and one browser for a test file; close() ends both.
export async function startBrowser() {
  const server = await startServer();
  const browser = await launchChromium();
  return {
    baseUrl: server.url,
    // A page that records script errors, failed responses, dialogs and any request leaving
    // its origin. `locale` sets the browser language.
    // `setUp(context)` runs before the page opens (routes, say).
    async openPage({ url = server.url, locale = 'en-US', viewport = DESKTOP, setUp } = {}) {
      const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
      await setUp?.(context);
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        dialog.dismiss();
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
      });
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(server.url) && !url.startsWith(`blob:${server.url}`)) problems.push(`request outside the origin: ${url}`);
      });
      await page.goto(url);
      return { page, problems, close: () => context.close() };
    },
    async close() {
      await browser.close();
      server.child.kill();
    },
  };
}

export async function engineResult(spec, bytes = fs.readFileSync(samplePath)) {
  const { createEngine } = await import(path.join(jsDir, 'engine.js'));
  const engine = await createEngine();
  try {
    await engine.load(bytes);
    return await engine.run(spec);
  } finally {
    engine.dispose();
  }
}

// The step counts shown, read as integers whatever the language's digit grouping.
export async function shownCounts(page) {
  const cells = page.getByTestId('funnel-step-count');
  return (await cells.allTextContents()).map((text) => Number(text.replace(/\D/g, '')));
}

export async function shownSpec(page) {
  return JSON.parse(await page.getByTestId('funnel-spec').textContent());
}

export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export function shareUrl(baseUrl, spec) {
  return `${baseUrl}?spec=${encodeURIComponent(JSON.stringify(spec))}`;
}
