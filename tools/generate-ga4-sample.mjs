#!/usr/bin/env node
// Deterministic GA4 BigQuery-export sample generator (node >= 18, no dependencies).
//
// Writes NDJSON exactly as `bq extract` does: INT64 values as JSON strings, NULL fields omitted,
// `<` `>` `&` escaped as \u003c \u003e \u0026, repeated fields always present (`[]` when empty).
// Simulated: users of a fictional web shop (shop.example.com) over N days, several sessions each,
// arriving through varied channels and walking an ecommerce journey with channel-dependent
// drop-off: first_visit, session_start, page_view, scroll, user_engagement, view_search_results,
// view_item_list, view_item, add_to_cart, login, begin_checkout, add_shipping_info,
// add_payment_info, purchase, and refunds (sent later without a session, as the Measurement
// Protocol does). Some users log in and carry user_id from then on.
//
// Usage:
//   node tools/generate-ga4-sample.mjs --users 2000 --seed 42 [--days 30] [--out FILE|-] [--gzip]
//                                      [--target-events N] [--start YYYY-MM-DD] [--messy]
//                                      [--profile]
// Options:
//   --users N          users to simulate (default 2000); ignored when --target-events is given
//   --seed N           PRNG seed, an unsigned 32-bit integer (default 42)
//   --days N           length of the export window in days (default 30)
//   --start DATE       first day of the window, UTC (default 2024-07-01)
//   --out FILE|-       output file, or - for stdout (default -)
//   --gzip             gzip the output (also implied by --out *.gz)
//   --target-events N  keep adding users until exactly N events are written (for benchmarks)
//   --messy            make a few rows messy like real exports: an explicit `null` field, a param
//                      whose value is `{}`, a CRLF line ending (about 1 row in 2,000)
//   --profile          print a summary (events by name, sessions by channel, revenue, bytes,
//                      time, peak memory) to stderr; the output itself does not change
//
// Same arguments, same bytes. Every user draws from its own PRNG (mulberry32 seeded from
// (--seed, user index)), so N users are a prefix of N+1 users. Output streams: users are
// simulated in groups of GROUP_SIZE, each group's events are written sorted by time (like a
// day table's interleaved users) and then dropped, so memory stays flat at any size.
//
// Schema notes: `traffic_source` is the user's FIRST source; `collected_traffic_source` rides on
// the session's landing hit (first_visit/session_start/page_view, which share a timestamp);
// rows dated from NEWER_SCHEMA_FROM on also carry `session_traffic_source_last_click` and
// `batch_*` fields, as GA4 exports did from July 2024. The session's last-click source follows
// GA4's last non-direct click: a direct session inherits the user's previous non-direct source.
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';

const GROUP_SIZE = 128;
const NEWER_SCHEMA_FROM = '2024-07-15';
const STREAM_ID = '4178250397';
const HOST = 'https://shop.example.com';
const DAY_US = 86_400_000_000;
const SECOND_US = 1_000_000;
const SESSION_TIMEOUT_US = 30 * 60 * SECOND_US;
const LOOKBACK_US = 90 * DAY_US;  // how far back a direct session inherits a non-direct source

// ---------------------------------------------------------------------------------------------
// Randomness

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix32(a, b) {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ Math.imul((b >>> 0) + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Random {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  chance(p) {
    return this.next() < p;
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  // list of [weight, value]
  weighted(list) {
    let total = 0;
    for (const [weight] of list) total += weight;
    let r = this.next() * total;
    for (const [weight, value] of list) {
      r -= weight;
      if (r < 0) return value;
    }
    return list[list.length - 1][1];
  }
  digits(count) {
    let s = String(this.int(1, 9));
    for (let i = 1; i < count; ++i) s += String(this.int(0, 9));
    return s;
  }
  exponential(mean) {
    return -Math.log(1 - this.next()) * mean;
  }
}

// ---------------------------------------------------------------------------------------------
// The world: catalogue, devices, places, channels

const CATALOGUE = (() => {
  const families = [
    ['Apparel', ['Classic Tee', 'Zip Hoodie', 'Rain Jacket', 'Wool Beanie', 'Trail Socks'], 18, 95],
    ['Drinkware', ['Steel Bottle', 'Camp Mug', 'Thermal Tumbler', 'Coffee Press'], 12, 48],
    ['Bags', ['Daypack', 'Messenger Bag', 'Canvas Tote', 'Duffel'], 25, 140],
    ['Office', ['Dot Notebook', 'Pen Set', 'Desk Mat', 'Sticker Sheet'], 4, 35],
    ['Home & Kitchen', ['Salt & Pepper Set', 'Enamel Plate', 'Tea Towel'], 9, 45],
    ['Outdoor', ['Headlamp', 'Trekking Poles', '2-Person Tent', 'Camp Chair'], 30, 320],
  ];
  const colours = ['Black', 'Navy', 'Sand', 'Forest', 'Red'];
  const random = new Random(0x5eed);
  const items = [];
  let sku = 1001;
  for (const [category, names, low, high] of families) {
    for (const name of names) {
      const variant = random.pick(colours);
      const price = Math.round((low + random.next() * (high - low)) * 100) / 100;
      items.push({ id: `SKU_${sku++}`, name: `${name} ${variant}`, category, variant, price });
    }
  }
  return items;
})();
const CATEGORIES = [...new Set(CATALOGUE.map((item) => item.category))];

const DEVICES = [
  [34, { category: 'desktop', brand: 'Microsoft', model: 'Edge', os: 'Windows', osv: 'Windows 10',
    browser: 'Edge', bv: '126.0.2592.87' }],
  [22, { category: 'desktop', brand: 'Apple', model: 'Safari', os: 'Macintosh', osv: 'Macintosh',
    browser: 'Safari', bv: '17.5' }],
  [20, { category: 'mobile', brand: 'Apple', model: 'iPhone', os: 'iOS', osv: 'iOS 17.5.1',
    browser: 'Safari', bv: '17.5' }],
  [15, { category: 'mobile', brand: 'Samsung', model: 'SM-S918B', os: 'Android', osv: 'Android 14',
    browser: 'Chrome', bv: '126.0.6478.122' }],
  [4, { category: 'mobile', brand: 'Google', model: 'Pixel 8', os: 'Android', osv: 'Android 14',
    browser: 'Chrome', bv: '126.0.6478.122' }],
  [5, { category: 'tablet', brand: 'Apple', model: 'iPad', os: 'iOS', osv: 'iOS 17.5.1',
    browser: 'Safari', bv: '17.5' }],
];

const PLACES = [
  [30, ['Americas', 'Northern America', 'United States', 'New York', 'New York', 'USD', 'en-us']],
  [14, ['Americas', 'Northern America', 'United States', 'California', 'San Francisco', 'USD',
    'en-us']],
  [8, ['Americas', 'Northern America', 'United States', 'Texas', 'Austin', 'USD', 'en-us']],
  [6, ['Americas', 'Northern America', 'Canada', 'Ontario', 'Toronto', 'USD', 'en-ca']],
  [10, ['Europe', 'Northern Europe', 'United Kingdom', 'England', 'London', 'GBP', 'en-gb']],
  [9, ['Europe', 'Western Europe', 'Germany', 'Bavaria', 'Munich', 'EUR', 'de-de']],
  [6, ['Europe', 'Western Europe', 'France', 'Ile-de-France', 'Paris', 'EUR', 'fr-fr']],
  [4, ['Europe', 'Western Europe', 'Netherlands', 'North Holland', 'Amsterdam', 'EUR', 'nl-nl']],
  [4, ['Asia', 'Southern Asia', 'India', 'Karnataka', 'Bengaluru', 'USD', 'en-in']],
  [3, ['Asia', 'Eastern Asia', 'Japan', 'Tokyo', '(not set)', 'USD', 'ja-jp']],
  [3, ['Oceania', 'Australasia', 'Australia', 'New South Wales', 'Sydney', 'USD', 'en-au']],
  [3, ['Americas', 'South America', 'Brazil', 'Sao Paulo', 'Sao Paulo', 'USD', 'pt-br']],
];
const USD_PER = { USD: 1, EUR: 1.08, GBP: 1.27 };

// A channel: how the visit looks in the export, and GA4's label for it. `intent` scales the
// add-to-cart and purchase steps, `bounce` the chance the session ends after one page.
const CHANNELS = {
  organic_google: { source: 'google', medium: 'organic', label: 'Organic Search',
    referrer: 'https://www.google.com/', intent: 1.0, bounce: 0.35 },
  organic_bing: { source: 'bing', medium: 'organic', label: 'Organic Search',
    referrer: 'https://www.bing.com/', intent: 1.0, bounce: 0.35 },
  google_brand: { source: 'google', medium: 'cpc', campaign: 'brand_search',
    term: 'acme outfitters', label: 'Paid Search', gclid: true, intent: 1.3, bounce: 0.25 },
  google_generic: { source: 'google', medium: 'cpc', campaign: 'generic_search',
    term: 'rain jacket', label: 'Paid Search', gclid: true, intent: 1.0, bounce: 0.4 },
  google_shopping: { source: 'google', medium: 'cpc', campaign: 'summer-shopping', label:
    'Paid Shopping', gclid: true, landing: 'product', intent: 1.2, bounce: 0.35 },
  google_pmax: { source: 'google', medium: 'cpc', campaign: 'pmax_cross-network', label:
    'Cross-network', gclid: true, intent: 1.0, bounce: 0.4 },
  facebook_cpc: { source: 'facebook', medium: 'cpc', campaign: 'retargeting_summer', label:
    'Paid Social', referrer: 'https://m.facebook.com/', intent: 0.7, bounce: 0.5 },
  instagram_social: { source: 'instagram', medium: 'social', campaign: 'bio_link', label:
    'Organic Social', intent: 0.5, bounce: 0.55 },
  twitter_referral: { source: 't.co', medium: 'referral', label: 'Organic Social',
    referrer: 'https://t.co/', intent: 0.4, bounce: 0.6 },
  newsletter: { source: 'newsletter', medium: 'email', campaign: 'weekly_digest', label: 'Email',
    intent: 1.5, bounce: 0.3 },
  cart_reminder: { source: 'newsletter', medium: 'email', campaign: 'cart_reminder',
    label: 'Email', landing: 'cart', intent: 1.8, bounce: 0.2 },
  referral_blog: { source: 'gearjunkie-review.example.org', medium: 'referral', label: 'Referral',
    referrer: 'https://gearjunkie-review.example.org/best-rain-jackets', intent: 0.9,
    bounce: 0.4 },
  referral_forum: { source: 'forum.example.net', medium: 'referral', label: 'Referral',
    referrer: 'https://forum.example.net/t/camp-gear', intent: 0.8, bounce: 0.45 },
  youtube_organic: { source: 'youtube.com', medium: 'referral', label: 'Organic Video',
    referrer: 'https://www.youtube.com/', intent: 0.5, bounce: 0.5 },
  youtube_cpc: { source: 'youtube', medium: 'cpc', campaign: 'video_awareness', label:
    'Paid Video', intent: 0.4, bounce: 0.6 },
  affiliate: { source: 'awin', medium: 'affiliate', campaign: 'partner_deals', label: 'Affiliates',
    intent: 1.3, bounce: 0.3 },
  direct: { source: '(direct)', medium: '(none)', label: 'Direct', intent: 1.2, bounce: 0.3 },
};
for (const [key, channel] of Object.entries(CHANNELS)) {
  channel.key = key;
  channel.tagged = channel.campaign !== undefined;  // arrived with utm_* parameters
}

const ACQUISITION_MIX = [
  [28, 'organic_google'], [3, 'organic_bing'], [7, 'google_brand'], [6, 'google_generic'],
  [3, 'google_shopping'], [2, 'google_pmax'], [10, 'facebook_cpc'], [6, 'instagram_social'],
  [2, 'twitter_referral'], [2, 'newsletter'], [5, 'referral_blog'], [2, 'referral_forum'],
  [3, 'youtube_organic'], [1, 'youtube_cpc'], [3, 'affiliate'], [14, 'direct'],
];
const RETURN_MIX = [
  [40, 'direct'], [18, 'organic_google'], [12, 'newsletter'], [6, 'google_brand'],
  [5, 'facebook_cpc'], [4, 'instagram_social'], [4, 'referral_blog'], [3, 'affiliate'],
  [3, 'youtube_organic'], [2, 'organic_bing'], [1, 'google_pmax'], [2, 'google_generic'],
];
const SEARCH_TERMS = ['rain jacket', 'tent', 'hoodie', 'bottle', 'gift card', 'socks & beanie',
  'backpack <30l', 'mug'];

// ---------------------------------------------------------------------------------------------
// Serialisation

const ESCAPES = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };
// Few lines hold one of them: indexOf finds that faster than the regular expression's scan.
const escapeAngles = (json) => (json.indexOf('<') < 0 && json.indexOf('>') < 0 && json.indexOf('&') < 0
  ? json : json.replace(/[<>&]/g, (c) => ESCAPES[c]));
const money = (x) => Math.round(x * 100) / 100;
const str = (value) => ({ string_value: value });
const int = (value) => ({ int_value: String(value) });
const dbl = (value) => ({ double_value: value });

const eventDates = new Map();  // day number -> YYYYMMDD (UTC)
function eventDate(tsUs) {
  const day = Math.floor(tsUs / DAY_US);
  let date = eventDates.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    eventDates.set(day, date);
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// One user's life

class UserSimulation {
  constructor(config, userIndex, sink) {
    this.config = config;
    this.sink = sink;  // (tsUs, order, line, meta) => void
    this.random = new Random(mix32(config.seed, userIndex));
    this.messy = new Random(mix32(config.seed ^ 0x6d657373, userIndex));
    const r = this.random;
    this.device = r.weighted(DEVICES);
    const place = r.weighted(PLACES);
    [this.continent, this.subContinent, this.country, this.region, this.city, this.currency,
      this.language] = place;
    this.hasAccount = r.chance(0.35);
    this.adsStorage = r.chance(0.9) ? 'Yes' : 'No';
    this.userId = undefined;
    this.userProperties = [];
    this.ltvUsd = 0;
    this.bundle = r.int(1, 50);
    this.cart = [];
    this.order = 0;
    this.lastNonDirect = undefined;  // { channel, atUs }
    const windowUs = config.days * DAY_US;
    const returning = r.chance(0.2);  // first seen before the window
    this.firstTouchUs = returning
      ? config.startUs - Math.floor(r.next() * 90 * DAY_US) - DAY_US
      : config.startUs + Math.floor(r.next() * windowUs);
    this.sessionNumber = returning ? r.int(1, 12) : 0;
    // A web client id: a random number, then the first visit's time in seconds.
    this.pseudoId = `${r.int(10000000, 2147483647)}.${Math.floor(this.firstTouchUs / SECOND_US)}`;
    const first = CHANNELS[r.weighted(ACQUISITION_MIX)];
    this.acquisitionChannel = first;
    this.firstSource = { medium: first.medium, name: this.campaignName(first),
      source: first.source };
    if (returning && first.key !== 'direct') {
      this.lastNonDirect = { channel: first, atUs: this.firstTouchUs };
    }
    this.endUs = config.startUs + windowUs;
  }

  campaignName(channel) {
    if (channel.campaign) return channel.campaign;
    if (channel.medium === 'organic') return '(organic)';
    if (channel.medium === 'referral') return '(referral)';
    return '(direct)';
  }

  run() {
    const r = this.random;
    let startUs = this.firstTouchUs < this.config.startUs
      ? this.config.startUs + Math.floor(r.next() * 10 * DAY_US)
      : this.firstTouchUs;
    let first = this.sessionNumber === 0;
    while (startUs < this.endUs) {
      const channel = first ? this.acquisitionChannel : this.returnChannel();
      const endUs = this.session(startUs, channel, first);
      first = false;
      if (r.chance(0.45)) break;  // churn
      startUs = endUs + SESSION_TIMEOUT_US + Math.floor(r.exponential(3 * DAY_US));
    }
  }

  returnChannel() {
    const r = this.random;
    if (this.cart.length > 0 && r.chance(0.35)) return CHANNELS.cart_reminder;
    return CHANNELS[r.weighted(RETURN_MIX)];
  }

  // --- a session -------------------------------------------------------------------------------

  // Simulates one session; returns the time of its last event.
  session(startUs, channel, isFirstVisit) {
    const r = this.random;
    this.sessionNumber += 1;
    const previous = this.lastNonDirect;
    const inherit = channel.key === 'direct' && previous && startUs - previous.atUs <= LOOKBACK_US;
    if (channel.key !== 'direct') this.lastNonDirect = { channel, atUs: startUs };
    const s = {
      id: Math.floor(startUs / SECOND_US), number: this.sessionNumber, channel,
      lastClick: inherit ? previous.channel : channel,
      t: startUs, engaged: false, pageUs: 0, batchOrdering: 0, batchIndex: 0, inHit: false,
      previousUrl: undefined,
      gclid: channel.gclid ? `Cj0KCQjw${r.digits(12)}` : undefined,
    };
    s.collectedJson = this.collectedJson(channel, s.gclid);
    s.lastClickJson = this.lastClickJson(s.lastClick);
    const mobileFactor = this.device.category === 'desktop' ? 1 : 0.8;
    const intent = channel.intent * mobileFactor * (this.sessionNumber > 1 ? 1.2 : 1);

    const landing =
      channel.landing ?? r.weighted([[40, 'home'], [30, 'category'], [30, 'product']]);
    const product = r.pick(CATALOGUE);
    const category = landing === 'product' ? product.category : r.pick(CATEGORIES);
    const landingPage = this.pageFor(landing, product, category);
    const landingNames = isFirstVisit ? ['first_visit', 'session_start'] : ['session_start'];
    this.page(s, landingPage, landingNames, true);
    this.journey(s, landing, product, category, intent);
    return s.t;
  }

  // What happens after the landing page: browse, cart, checkout, with drop-off at every step.
  journey(s, landing, product, category, intent) {
    const r = this.random;
    if (r.chance(s.channel.bounce)) {
      if (r.chance(0.5)) this.engagement(s, r.int(1, 9));
      return;
    }
    s.engaged = true;
    if (r.chance(0.4)) this.scroll(s);
    if (this.hasAccount && !this.userId && this.sessionNumber > 1 && r.chance(0.2)) this.login(s);

    let viewed = [];
    if (landing === 'product') {
      this.emit(s, 'view_item', this.itemParams(s, [product]), [product]);
      viewed.push(product);
    } else if (landing !== 'cart') {
      if (r.chance(0.15)) {
        const term = r.pick(SEARCH_TERMS);
        this.engagement(s);
        this.page(s, this.pageFor('search', product, category, term));
        this.emit(s, 'view_search_results', [['search_term', str(term)]]);
      }
      if (landing === 'home' || r.chance(0.5)) {
        this.engagement(s);
        this.page(s, this.pageFor('category', product, category));
      }
      if (!r.chance(0.7)) return this.engagement(s);
      const list = CATALOGUE.filter((item) => item.category === category);
      const shown = list.slice(0, 6);
      this.emit(s, 'view_item_list', [['item_list_name', str(category)]], shown, category);
      viewed = this.browseProducts(s, list);
      if (viewed.length === 0) return this.engagement(s);
    }

    if (landing !== 'cart') {
      if (!r.chance(Math.min(0.9, 0.18 * intent))) return this.engagement(s);
      const added = r.pick(viewed);
      const quantity = r.chance(0.8) ? 1 : r.int(2, 3);
      this.cart.push({ ...added, quantity });
      this.tick(s, 3, 20);
      this.emit(s, 'add_to_cart', this.itemParams(s, [added], quantity), [{ ...added, quantity }]);
      this.engagement(s);
      this.page(s, this.pageFor('cart'));
    }
    if (!r.chance(Math.min(0.92, 0.55 * intent))) return this.engagement(s);

    if (this.hasAccount && !this.userId && r.chance(0.6)) this.login(s);
    this.checkoutStep(s, 'begin_checkout', 'checkout', []);
    if (!r.chance(0.8)) return this.engagement(s);
    const tier = r.weighted([[70, 'Ground'], [25, 'Express'], [5, 'Next Day']]);
    this.checkoutStep(s, 'add_shipping_info', 'checkout/shipping', [['shipping_tier', str(tier)]]);
    if (!r.chance(0.75)) return this.engagement(s);
    const payment = r.weighted([[60, 'Credit Card'], [30, 'PayPal'], [10, 'Apple Pay']]);
    this.checkoutStep(s, 'add_payment_info', 'checkout/payment', [['payment_type', str(payment)]]);
    if (!r.chance(Math.min(0.97, 0.6 * intent))) return this.engagement(s);
    this.purchase(s);
    this.engagement(s);
  }

  browseProducts(s, list) {
    const r = this.random;
    const viewed = [];
    const count = r.weighted([[45, 1], [30, 2], [15, 3], [10, 5]]);
    for (let i = 0; i < count; ++i) {
      const item = r.pick(list);
      this.engagement(s);
      this.page(s, this.pageFor('product', item));
      this.emit(s, 'view_item', this.itemParams(s, [item]), [item]);
      if (r.chance(0.3)) this.scroll(s);
      viewed.push(item);
      if (r.chance(0.25)) break;
    }
    return viewed;
  }

  checkoutStep(s, name, path, extraParams) {
    this.engagement(s);
    this.page(s, { path, title: 'Checkout' });
    this.emit(s, name, [...this.itemParams(s, this.cart), ...extraParams], this.cart);
  }

  purchase(s) {
    const r = this.random;
    const rate = USD_PER[this.currency];
    const revenue = money(this.cart.reduce((sum, item) => sum + item.price * item.quantity, 0));
    const shipping = revenue > 75 ? 0 : 6.95;
    const tax = money(revenue * 0.08);
    const transactionId = `T${r.digits(9)}`;
    this.tick(s, 5, 30);
    this.page(s, { path: 'checkout/confirmation', title: 'Thank you' });
    const units = this.cart.reduce((sum, item) => sum + item.quantity, 0);
    const ecommerce = {
      total_item_quantity: String(units), purchase_revenue_in_usd: money(revenue * rate),
      purchase_revenue: revenue, shipping_value_in_usd: money(shipping * rate),
      shipping_value: shipping, tax_value_in_usd: money(tax * rate), tax_value: tax,
      unique_items: String(new Set(this.cart.map((item) => item.id)).size),
      transaction_id: transactionId,
    };
    const params = [...this.itemParams(s, this.cart), ['transaction_id', str(transactionId)],
      ['shipping', dbl(shipping)], ['tax', dbl(tax)]];
    this.ltvUsd = money(this.ltvUsd + revenue * rate);
    this.emit(s, 'purchase', params, this.cart, undefined, ecommerce, money(revenue * rate));
    if (!this.userProperties.length) {
      this.userProperties = [{ key: 'customer_type',
        value: { string_value: 'buyer', set_timestamp_micros: String(s.t) } }];
    }
    if (r.chance(0.04)) this.refund(s.t + Math.floor((1 + r.next() * 9) * DAY_US), transactionId,
        revenue, [...this.cart]);
    this.cart = [];
  }

  // Refunds arrive later through the Measurement Protocol: no session, no page.
  refund(tsUs, transactionId, revenue, items) {
    if (tsUs >= this.endUs) return;
    const rate = USD_PER[this.currency];
    const params = [['currency', str(this.currency)], ['value', dbl(revenue)],
      ['transaction_id', str(transactionId)]];
    const ecommerce = { refund_value_in_usd: money(revenue * rate), refund_value: revenue,
      transaction_id: transactionId };
    this.write(tsUs, 'refund', params, items, { ecommerce });
  }

  login(s) {
    this.tick(s, 5, 40);
    this.userId = `cust_${this.random.digits(7)}`;
    this.emit(s, 'login', [['method', str(this.random.chance(0.8) ? 'email' : 'Google')]]);
  }

  // --- pages and events ------------------------------------------------------------------------

  pageFor(kind, item, category, term) {
    switch (kind) {
      case 'home': return { path: '', title: 'Acme Outfitters | Gear for the outdoors' };
      case 'category': return { path: `c/${category.toLowerCase().replace(/[^a-z]+/g, '-')}`,
        title: `${category} | Acme Outfitters` };
      case 'product': return { path: `p/${item.id.toLowerCase()}`,
        title: `${item.name} | Acme Outfitters` };
      case 'search': return { path: `search?q=${encodeURIComponent(term)}`,
        title: 'Search results | Acme Outfitters' };
      default: return { path: 'cart', title: 'Your cart | Acme Outfitters' };
    }
  }

  // A page load: a hit whose events (first_visit/session_start on landing) share a timestamp.
  page(s, page, leadingEvents = [], isLanding = false) {
    if (!isLanding) this.tick(s, 8, 90);
    s.pageUs = s.t;
    s.batchOrdering = 0;
    s.inHit = false;
    let url = `${HOST}/${page.path}`;
    const c = s.channel;
    if (isLanding && c.tagged) {
      url += `${url.includes('?') ? '&' : '?'}utm_source=${c.source}&utm_medium=${c.medium}` +
        `&utm_campaign=${c.campaign}`;
    }
    if (isLanding && s.gclid) url += `${url.includes('?') ? '&' : '?'}gclid=${s.gclid}`;
    const referrer = isLanding ? c.referrer : s.previousUrl;
    const pageParams = [['page_location', str(url)], ['page_title', str(page.title)]];
    if (referrer) pageParams.push(['page_referrer', str(referrer)]);
    s.pageParams = pageParams;
    s.landing = isLanding;
    this.startBatch(s);
    s.inHit = true;  // the page_view and the events it triggers go out in one batch
    for (const name of leadingEvents) this.emit(s, name, []);
    const own = isLanding ? [['entrances', int(1)]] : [];
    if (isLanding && c.key !== 'direct') {
      own.push(['source', str(c.source)], ['medium', str(c.medium)]);
      own.push(['campaign', str(this.campaignName(c))]);
      if (c.term) own.push(['term', str(c.term)]);
    }
    this.emit(s, 'page_view', own);
    s.inHit = false;
    s.landing = false;
    s.previousUrl = url;
  }

  engagement(s, seconds) {
    const r = this.random;
    const msec = (seconds ?? r.int(4, 75)) * 1000 + r.int(0, 999);
    s.t += msec * 1000;
    this.emit(s, 'user_engagement', [['engagement_time_msec', int(msec)]]);
  }

  scroll(s) {
    this.tick(s, 5, 40);
    this.emit(s, 'scroll', [['percent_scrolled', int(90)],
      ['engagement_time_msec', int(this.random.int(2000, 30000))]]);
  }

  startBatch(s) {
    s.batchOrdering += 1;
    s.batchIndex = 0;
    this.bundle += 1;
  }

  tick(s, minSeconds, maxSeconds) {
    s.t += this.random.int(minSeconds, maxSeconds) * SECOND_US + this.random.int(0, 999_999);
  }

  itemParams(s, items, quantity = undefined) {
    const value = items.reduce((sum, item) => sum + item.price * (quantity ?? item.quantity ?? 1),
        0);
    return [['currency', str(this.currency)], ['value', dbl(money(value))]];
  }

  emit(s, name, ownParams, items = [], listName = undefined, ecommerce = undefined,
      valueUsd = undefined) {
    if (s.t >= this.endUs) return;
    const params = [['ga_session_id', int(s.id)], ['ga_session_number', int(s.number)],
      ...s.pageParams, ...ownParams];
    if (s.engaged) params.push(['session_engaged', str('1')]);
    if (s.gclid && s.landing) params.push(['gclid', str(s.gclid)]);
    this.write(s.t, name, params, items, { session: s, listName, ecommerce, valueUsd });
  }

  // Serialises one row in the export's column order. The user's constant columns are serialised
  // once (userColumns), the session's last-click record once per session.
  write(tsUs, name, params, items, { session, listName, ecommerce, valueUsd } = {}) {
    const date = eventDate(tsUs);
    const newer = date >= this.config.newerFrom;
    if (!session) this.bundle += 1;
    else if (!session.inHit) this.startBatch(session);
    const messiness = this.config.messy && this.messy.chance(1 / 2000) ? this.messy.int(1, 3) : 0;
    const paramList = params.map(([key, value]) => ({ key, value }));
    if (messiness === 2) paramList.push({ key: 'debug_event', value: {} });

    let line = `{"event_date":"${date}","event_timestamp":"${tsUs}","event_name":"${name}"` +
      `,"event_params":${JSON.stringify(paramList)}`;
    if (valueUsd !== undefined) line += `,"event_value_in_usd":${valueUsd}`;
    line += `,"event_bundle_sequence_id":"${this.bundle}"` +
      `,"event_server_timestamp_offset":"${this.random.int(200, 900000)}"`;
    if (this.userId) line += `,"user_id":"${this.userId}"`;
    else if (messiness === 1) line += ',"user_id":null';  // an explicit NULL, not an omission
    line += this.userColumns.identity;
    line += `,"user_properties":${JSON.stringify(this.userProperties)}`;
    line += `,"user_first_touch_timestamp":"${this.firstTouchUs}"`;
    line += `,"user_ltv":{"revenue":${this.ltvUsd},"currency":"USD"}`;
    line += this.userColumns.context;
    if (ecommerce) {
      line += `,"ecommerce":${JSON.stringify(ecommerce)}`;
    } else if (items.length) {
      line += `,"ecommerce":{"unique_items":"${items.length}","transaction_id":"(not set)"}`;
    }
    line += `,"items":${this.itemsJson(name, items, listName)}`;
    if (session) {
      if (session.landing) line += session.collectedJson;
      line += ',"is_active_user":true';
      if (newer) {
        line += `,"batch_event_index":"${session.batchIndex}"` +
          `,"batch_page_id":"${Math.floor(session.pageUs / 1000)}"` +
          `,"batch_ordering_id":"${session.batchOrdering}"` +
          `,"session_traffic_source_last_click":${session.lastClickJson}`;
      }
      session.batchIndex += 1;
    } else {
      line += ',"is_active_user":false';
    }
    line = `${escapeAngles(line)}}${messiness === 3 ? '\r\n' : '\n'}`;
    const meta = { name, valueUsd, sessionChannel: name === 'session_start'
      ? session.lastClick.label : undefined };
    this.sink(tsUs, this.order++, line, meta);
  }

  get userColumns() {
    if (this.columns) return this.columns;
    const d = this.device;
    const privacy = { analytics_storage: 'Yes', ads_storage: this.adsStorage,
      uses_transient_token: 'No' };
    const device = { category: d.category, mobile_brand_name: d.brand, mobile_model_name: d.model,
      operating_system: d.os, operating_system_version: d.osv, language: this.language,
      is_limited_ad_tracking: 'No',
      web_info: { browser: d.browser, browser_version: d.bv, hostname: 'shop.example.com' } };
    const geo = { continent: this.continent, sub_continent: this.subContinent,
      country: this.country, region: this.region, city: this.city, metro: '(not set)' };
    this.columns = {
      identity: `,"user_pseudo_id":"${this.pseudoId}","privacy_info":${JSON.stringify(privacy)}`,
      context: `,"device":${JSON.stringify(device)},"geo":${JSON.stringify(geo)}` +
        `,"traffic_source":${JSON.stringify(this.firstSource)}` +
        `,"stream_id":"${STREAM_ID}","platform":"WEB"`,
    };
    return this.columns;
  }

  itemsJson(name, items, listName) {
    if (!items.length) return '[]';
    const rate = USD_PER[this.currency];
    return JSON.stringify(items.map((item, index) => {
      const quantity = item.quantity ?? 1;
      const out = { item_id: item.id, item_name: item.name, item_brand: 'Acme',
        item_variant: item.variant, item_category: item.category,
        price_in_usd: money(item.price * rate), price: item.price, quantity: String(quantity) };
      if (name === 'purchase') {
        out.item_revenue_in_usd = money(item.price * quantity * rate);
        out.item_revenue = money(item.price * quantity);
      } else if (name === 'refund') {
        out.item_refund_in_usd = money(item.price * quantity * rate);
        out.item_refund = money(item.price * quantity);
      }
      if (listName) {
        out.item_list_name = listName;
        out.item_list_index = String(index + 1);
      }
      out.item_params = [];
      return out;
    }));
  }

  // collected_traffic_source: what the landing hit itself carried (none for direct visits).
  collectedJson(c, gclid) {
    if (c.key === 'direct') return '';
    const collected = {};
    if (c.campaign) collected.manual_campaign_name = c.campaign;
    collected.manual_source = c.source;
    collected.manual_medium = c.medium;
    if (c.term) collected.manual_term = c.term;
    if (gclid) collected.gclid = gclid;
    return `,"collected_traffic_source":${JSON.stringify(collected)}`;
  }

  // Direct traffic has no manual campaign: GA4 writes (not set) there and (direct)/(none) in the
  // cross-channel campaign.
  lastClickJson(c) {
    const platform = c.gclid ? 'Google Ads' : c.tagged ? 'Manual' : '(not set)';
    const campaign = this.campaignName(c);
    const direct = c.key === 'direct';
    return JSON.stringify({
      manual_campaign: { campaign_name: direct ? '(not set)' : campaign,
        source: direct ? '(not set)' : c.source, medium: direct ? '(not set)' : c.medium },
      cross_channel_campaign: { campaign_name: campaign, source: c.source, medium: c.medium,
        source_platform: platform, default_channel_group: c.label,
        primary_channel_group: c.label },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const config = { users: 2000, seed: 42, days: 30, start: '2024-07-01', out: '-', gzip: false,
    targetEvents: undefined, messy: false, profile: false };
  const numeric = { '--users': 'users', '--seed': 'seed', '--days': 'days',
    '--target-events': 'targetEvents' };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === '--gzip') config.gzip = true;
    else if (arg === '--messy') config.messy = true;
    else if (arg === '--profile') config.profile = true;
    else if (arg === '--out') config.out = argv[++i];
    else if (arg === '--start') config.start = argv[++i];
    else if (numeric[arg]) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) usage(`${arg} needs a non-negative integer`);
      config[numeric[arg]] = value;
    } else usage(`unknown argument ${arg}`);
  }
  if (config.out === undefined) usage('--out needs a file name or -');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(config.start ?? '')) usage('--start needs YYYY-MM-DD');
  if (config.days < 1) usage('--days must be at least 1');
  if (config.out.endsWith('.gz')) config.gzip = true;
  config.seed >>>= 0;
  config.startUs = Date.parse(`${config.start}T00:00:00Z`) * 1000;
  config.newerFrom = NEWER_SCHEMA_FROM.replace(/-/g, '');
  return config;
}

function usage(message) {
  process.stderr.write(`generate-ga4-sample: ${message}\n` +
    'usage: node tools/generate-ga4-sample.mjs --users N --seed N [--days N] [--start YYYY-MM-DD]' +
    ' [--out FILE|-] [--gzip] [--target-events N] [--messy] [--profile]\n');
  process.exit(2);
}

// Buffered writer that respects backpressure, so memory stays flat however much is written.
function openOutput(config) {
  const file = config.out === '-' ? process.stdout : createWriteStream(config.out);
  file.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  let stream = file;
  if (config.gzip) {
    stream = createGzip();
    stream.pipe(file, { end: false });  // close() ends the file once gzip has flushed
  }
  // Lines are copied into a buffer as they come (cheaper than joining strings); a full buffer is
  // handed to the stream and a fresh one started, since the stream may still hold the old one.
  const BUFFER_BYTES = 1 << 20;
  let buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const chunk = buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    used = 0;
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  };
  return {
    async write(line) {
      if (used + line.length * 3 > BUFFER_BYTES) await flush();  // 3: worst-case UTF-8 growth
      if (line.length * 3 > BUFFER_BYTES) {
        stream.write(line);
      } else {
        used += buffer.utf8Write(line, used);
      }
    },
    async close() {
      await flush();
      if (stream !== file) {
        stream.end();
        await new Promise((resolve) => stream.once('end', resolve));
      }
      if (file !== process.stdout) await new Promise((resolve) => file.end(resolve));
    },
  };
}

async function main() {
  const config = parseArgs(process.argv.slice(2));
  const began = process.hrtime.bigint();
  const output = openOutput(config);
  const byTarget = config.targetEvents !== undefined;
  const limit = byTarget ? config.targetEvents : Infinity;
  const stats = { users: 0, events: 0, bytes: 0, byName: {}, sessionsByChannel: {},
    purchases: 0, revenueUsd: 0 };
  const count = (table, key) => { table[key] = (table[key] ?? 0) + 1; };
  let user = 0;
  while (byTarget ? stats.events < limit : user < config.users) {
    const group = [];
    const groupEnd = byTarget ? user + GROUP_SIZE : Math.min(config.users, user + GROUP_SIZE);
    for (; user < groupEnd; ++user) {
      const orderBase = user * 1e6;
      const sink = (tsUs, order, line, meta) =>
        group.push({ tsUs, order: orderBase + order, line, meta });
      new UserSimulation(config, user, sink).run();
      stats.users += 1;
    }
    group.sort((a, b) => a.tsUs - b.tsUs || a.order - b.order);
    for (const { line, meta } of group) {
      if (stats.events >= limit) break;
      stats.events += 1;
      await output.write(line);
      if (!config.profile) continue;
      stats.bytes += Buffer.byteLength(line);
      count(stats.byName, meta.name);
      if (meta.sessionChannel) count(stats.sessionsByChannel, meta.sessionChannel);
      if (meta.name === 'purchase') {
        stats.purchases += 1;
        stats.revenueUsd += meta.valueUsd;
      }
    }
  }
  await output.close();
  if (config.profile) {
    stats.revenueUsd = money(stats.revenueUsd);
    stats.seconds = Math.round(Number(process.hrtime.bigint() - began) / 1e8) / 10;
    stats.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stderr.write(`${JSON.stringify(stats, null, 1)}\n`);
  }
}

await main();
