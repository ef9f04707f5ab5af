// A small generated GA4 export that a fresh engine's workers load, a step at a time, until the
// engine's first call (WasmEngine.warmUpStep, engine.js). V8 first runs WebAssembly through its
// baseline compiler and recompiles a function optimised only once it has run hot, so a page's
// first load ran slow code for much of its length: in Chromium a 150 MB File's first load, a
// second after the page opened, took 206 ms (median) projected without this and 156 with it
// (bench/RESULTS.md). Loading it takes about 40 ms on the worker's thread while the page waits
// for a file. It has the shapes of BigQuery's rows so the same code runs hot: every param
// value type, escaped strings, shared records, items, ecommerce, several users and sessions.

const EVENTS = ['session_start', 'page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase',
  'user_engagement', 'scroll'];
const DEVICES = [
  '{"category":"mobile","mobile_brand_name":"Samsung","mobile_model_name":"SM-S918B","operating_system":"Android","operating_system_version":"Android 14","language":"nl-nl","is_limited_ad_tracking":"No","web_info":{"browser":"Chrome","browser_version":"126.0.6478.122","hostname":"shop.example.com"}}',
  '{"category":"desktop","mobile_brand_name":"Apple","mobile_model_name":"Safari","operating_system":"Macintosh","operating_system_version":"Macintosh","language":"en-us","is_limited_ad_tracking":"No","web_info":{"browser":"Safari","browser_version":"17.5","hostname":"shop.example.com"}}',
];
const GEOS = [
  '{"continent":"Europe","sub_continent":"Western Europe","country":"Netherlands","region":"North Holland","city":"Amsterdam","metro":"(not set)"}',
  '{"continent":"Americas","sub_continent":"Northern America","country":"United States","region":"New York","city":"New York","metro":"(not set)"}',
];
const SOURCES = [['google', 'organic', '(organic)'], ['newsletter', 'email', 'weekly_digest'],
  ['google', 'cpc', 'generic_search'], ['(direct)', '(none)', '(direct)']];

// BigQuery escapes '&' in strings as \u0026, which sends page_location through the decoder.
const param = (key, type, value) =>
  `{"key":"${key}","value":{"${type}":${JSON.stringify(value).replaceAll('&', '\\u0026')}}}`;

// Row `index`: the `ordinal`th event of `user`, who goes through EVENTS in turn.
function row(index, user, ordinal) {
  const event = EVENTS[(ordinal + user) % EVENTS.length];
  const session = Math.floor(ordinal / 12);
  const time = ordinal * 60 + user;
  const [source, medium, campaign] = SOURCES[(user + session) % SOURCES.length];
  const sessionId = 1719800000 + user * 1000 + session;
  const params = [
    param('ga_session_id', 'int_value', String(sessionId)),
    param('ga_session_number', 'int_value', String(session + 1)),
    param('page_location', 'string_value',
      `https://shop.example.com/p/${index % 37}?utm_source=${source}&utm_medium=${medium}&utm_campaign=${campaign}`),
    param('page_title', 'string_value', `Product ${index % 37} | Acme Outfitters`),
    param('engagement_time_msec', 'int_value', String(100 + (index * 37) % 9000)),
  ];
  const purchase = event === 'purchase';
  if (purchase) {
    params.push(param('currency', 'string_value', 'EUR'), param('value', 'double_value', 20 + (index % 50) + 0.31),
      param('transaction_id', 'string_value', `T${index}`));
  }
  const item = `{"item_id":"SKU_${1000 + (index % 9)}","item_name":"Trail Socks","item_brand":"Acme","price":46.31,"quantity":"1","item_params":[]}`;
  const fields = [
    `"event_date":"2024070${1 + (time % 3)}"`,
    `"event_timestamp":"${1719800000000000 + time * 1000003}"`,
    `"event_name":"${event}"`,
    `"event_params":[${params.join(',')}]`,
    `"event_bundle_sequence_id":"${index}"`,
    `"user_pseudo_id":"${100000 + user}.1716653991"`,
    '"privacy_info":{"analytics_storage":"Yes","ads_storage":"Yes","uses_transient_token":"No"}',
    '"user_properties":[]',
    '"user_first_touch_timestamp":"1716653991056613"',
    '"user_ltv":{"revenue":50.01,"currency":"USD"}',
    `"device":${DEVICES[user % DEVICES.length]}`,
    `"geo":${GEOS[user % GEOS.length]}`,
    `"traffic_source":{"medium":"${medium}","name":"${campaign}","source":"${source}"}`,
    '"stream_id":"4178250397"',
    '"platform":"WEB"',
    `"items":[${event === 'view_item' || purchase ? item : ''}]`,
    `"collected_traffic_source":{"manual_campaign_name":"${campaign}","manual_source":"${source}","manual_medium":"${medium}"}`,
    '"is_active_user":true',
    `"batch_event_index":"${index % 3}"`,
  ];
  if (purchase) {
    fields.push(`"ecommerce":{"total_item_quantity":"1","purchase_revenue":${20 + (index % 50) + 0.31},"unique_items":"1","transaction_id":"T${index}"}`);
  }
  return `{${fields.join(',')}}\n`;
}

// The export's bytes: `rows` rows of 40 users, each user's sessions of a dozen events.
export function warmUpExport(rows = 700) {
  const lines = [];
  for (let index = 0; index < rows; ++index) {
    lines.push(row(index, index % 40, Math.floor(index / 40)));
  }
  return new TextEncoder().encode(lines.join(''));
}

// An ordered funnel over the export's events: a projected load of it takes the projected paths.
export const WARM_UP_SPEC = JSON.stringify({
  analyses: [{
    type: 'funnel', id: 'warm-up', window: '7d', order: 'ordered', count: 'users',
    steps: [{ event: 'view_item' }, { event: 'add_to_cart' }, { event: 'purchase' }],
  }],
});
