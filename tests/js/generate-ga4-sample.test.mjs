// Tests for tools/generate-ga4-sample.mjs. Run: node --test tests/js/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const TOOL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools',
    'generate-ga4-sample.mjs');

function generate(...args) {
  return execFileSync(process.execPath, [TOOL, ...args], { maxBuffer: 1 << 30 });
}

function rows(bytes) {
  return bytes.toString('utf8').split('\n').filter((line) => line !== '')
      .map((line) => JSON.parse(line));
}

function countByName(parsed) {
  const counts = {};
  for (const row of parsed) counts[row.event_name] = (counts[row.event_name] ?? 0) + 1;
  return counts;
}

const INT64_STRING = /^-?\d+$/;

test('same seed gives the same bytes', () => {
  assert.deepEqual(generate('--users', '60', '--seed', '7'),
      generate('--users', '60', '--seed', '7'));
});

test('a different seed gives different bytes', () => {
  assert.notDeepEqual(generate('--users', '60', '--seed', '7'),
      generate('--users', '60', '--seed', '8'));
});

test('every line is JSON with INT64 columns as strings', () => {
  const parsed = rows(generate('--users', '150', '--seed', '3'));
  assert.ok(parsed.length > 1000);
  for (const row of parsed) {
    assert.match(row.event_date, /^\d{8}$/);
    for (const column of ['event_timestamp', 'event_bundle_sequence_id',
      'event_server_timestamp_offset', 'user_first_touch_timestamp']) {
      assert.match(row[column], INT64_STRING, column);
    }
    for (const column of ['batch_event_index', 'batch_page_id', 'batch_ordering_id']) {
      if (column in row) assert.match(row[column], INT64_STRING, column);
    }
    for (const param of row.event_params) {
      if ('int_value' in param.value) assert.match(param.value.int_value, INT64_STRING, param.key);
      if ('double_value' in param.value) assert.equal(typeof param.value.double_value, 'number');
    }
    for (const item of row.items) assert.match(item.quantity, INT64_STRING);
    if (row.ecommerce?.total_item_quantity !== undefined) {
      assert.match(row.ecommerce.total_item_quantity, INT64_STRING);
    }
  }
});

test('output escapes < > & like bq extract and omits NULLs', () => {
  const text = generate('--users', '300', '--seed', '5').toString('utf8');
  assert.doesNotMatch(text, /[<>&]/);
  assert.match(text, /\\u0026/);
  assert.doesNotMatch(text, /null/);
});

test('event counts scale with --users', () => {
  const small = rows(generate('--users', '200', '--seed', '11')).length;
  const large = rows(generate('--users', '800', '--seed', '11')).length;
  const ratio = large / small;
  assert.ok(ratio > 3.3 && ratio < 4.7, `800 users / 200 users = ${ratio}`);
});

test('--target-events writes exactly that many events', () => {
  assert.equal(rows(generate('--target-events', '2500', '--seed', '2')).length, 2500);
});

test('--gzip compresses the same bytes', () => {
  const plain = generate('--users', '40', '--seed', '9');
  assert.deepEqual(gunzipSync(generate('--users', '40', '--seed', '9', '--gzip')), plain);
});

test('sessions carry GA4 session params and the user keeps their first source', () => {
  const parsed = rows(generate('--users', '200', '--seed', '4'));
  const firstSource = new Map();
  for (const row of parsed) {
    const key = JSON.stringify(row.traffic_source);
    if (!firstSource.has(row.user_pseudo_id)) firstSource.set(row.user_pseudo_id, key);
    assert.equal(firstSource.get(row.user_pseudo_id), key);
    if (row.event_name === 'refund') continue;  // sent later, outside any session
    const keys = row.event_params.map((param) => param.key);
    assert.ok(keys.includes('ga_session_id') && keys.includes('ga_session_number'));
  }
});

test('session_traffic_source_last_click appears on newer rows only', () => {
  const parsed = rows(generate('--users', '200', '--seed', '6'));
  const withSession = parsed.filter((row) => row.event_name !== 'refund');
  const newer = withSession.filter((row) => row.event_date >= '20240715');
  const older = withSession.filter((row) => row.event_date < '20240715');
  assert.ok(newer.length > 0 && older.length > 0);
  for (const row of newer) {
    assert.ok(row.session_traffic_source_last_click.cross_channel_campaign.default_channel_group);
    assert.ok('batch_event_index' in row);
  }
  for (const row of older) assert.ok(!('session_traffic_source_last_click' in row));
});

test('the checkout funnel narrows step by step', () => {
  const counts = countByName(rows(generate('--users', '1500', '--seed', '42')));
  const steps = ['view_item', 'begin_checkout', 'add_shipping_info', 'add_payment_info',
    'purchase'];
  for (let i = 1; i < steps.length; ++i) {
    assert.ok(counts[steps[i]] > 0, steps[i]);
    assert.ok(counts[steps[i]] < counts[steps[i - 1]], `${steps[i]} < ${steps[i - 1]}`);
  }
  assert.ok(counts.purchase / counts.session_start < 0.1);
});

test('--messy changes only a few rows, which still parse', () => {
  const clean = generate('--users', '1500', '--seed', '42').toString('utf8').split('\n');
  const messy = generate('--users', '1500', '--seed', '42', '--messy').toString('utf8')
      .split('\n');
  assert.equal(messy.length, clean.length);
  const changed = messy.filter((line, index) => line !== clean[index]);
  assert.ok(changed.length > 0 && changed.length < messy.length / 500, `${changed.length}`);
  for (const line of changed) JSON.parse(line);
  const text = messy.join('\n');
  assert.ok(/\r$/m.test(text) || text.includes(':null') || text.includes('"value":{}'));
});
