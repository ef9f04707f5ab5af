// The warm-up (js-wrapper/src/warm-up.js): its generated export is a valid GA4 export that
// takes the parser's paths (no row skipped, every param type, escapes, revenue, several users
// and sessions, a funnel that converts), and a finished warm-up leaves the engine empty.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { checkoutFunnel, samplePlainBytes } from './support.mjs';
import { loadTouchpathModule } from '../../js-wrapper/src/wasm-module.js';
import { WasmEngine } from '../../js-wrapper/src/wasm-engine.js';
import { WARM_UP_SPEC, warmUpExport } from '../../js-wrapper/src/warm-up.js';

const engine = new WasmEngine(await loadTouchpathModule());
after(() => engine.dispose());

function load(bytes, specs = '') {
  assert.equal(engine.reset('auto', specs).code, 'ok');
  assert.equal(engine.feed([bytes]).code, 'ok');
  assert.equal(engine.finish().code, 'ok');
}

test('the warm-up export loads whole and takes the parser\'s paths', () => {
  const bytes = warmUpExport();
  assert.ok(bytes.length > 1 << 20, 'about 1 MB, several of the steps');
  load(bytes);
  const result = JSON.parse(engine.run(WARM_UP_SPEC).text);
  assert.equal(result.input.rows, 700);
  assert.equal(result.input.events, 700);
  assert.equal(result.input.skipped, 0);
  assert.equal(result.input.entities, 40);
  assert.ok(result.input.sessions > 40, 'users come back in sessions of their own');
  const steps = result.results[0].steps.map((step) => step.count);
  assert.ok(steps.every((count) => count > 0), `every step converts: ${steps}`);

  const description = JSON.parse(engine.describe());
  for (const path of ['param.ga_session_id', 'param.page_location', 'param.value', 'device.category',
    'geo.country', 'ecommerce.purchase_revenue', 'collected_traffic_source.manual_source']) {
    assert.ok(description.fields.includes(path), `the export has ${path}`);
  }
});

test('the warm-up escapes \'&\' as BigQuery does, so the string decoder runs hot too', () => {
  const text = new TextDecoder().decode(warmUpExport(10));
  assert.match(text, /\\u0026utm_medium=/);
});

test('warm-up steps run to the end and leave the engine empty; a load after them is as in a fresh one', () => {
  let steps = 1;
  while (!engine.warmUpStep()) ++steps;
  assert.ok(steps > 10, `a step at a time: ${steps}`);
  assert.deepEqual(JSON.parse(engine.describe()), { error: 'no data loaded' });

  load(samplePlainBytes());
  const afterWarmUp = engine.run(JSON.stringify(checkoutFunnel)).text;
  const fresh = new WasmEngine(engine.module);
  try {
    fresh.reset('auto');
    fresh.feed([samplePlainBytes()]);
    fresh.finish();
    assert.equal(afterWarmUp, fresh.run(JSON.stringify(checkoutFunnel)).text);
  } finally {
    fresh.dispose();
  }
});

test('a load between warm-up steps drops what they left', () => {
  assert.equal(engine.warmUpStep(), false);
  assert.equal(engine.warmUpStep(), false);
  load(samplePlainBytes());
  const result = JSON.parse(engine.run(JSON.stringify(checkoutFunnel)).text);
  assert.ok(!JSON.stringify(JSON.parse(engine.describe()).events).includes('warm-up'));
  assert.equal(result.input.bytes, samplePlainBytes().length);
});
