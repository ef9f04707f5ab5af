// What the page's attribution table and chart show of a result with more touchpoints than they
// have room for: the ones with the most credit, found in linear time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributionCredit, largestChannels } from '../../js-wrapper/src/charts/largest.js';

const result = {
  channels: ['a', 'b', 'c', 'd'],
  models: {
    first_touch: [{ channel: 'a', conversions: 1, value: 10 }, { channel: 'c', conversions: 5, value: 1 }],
    last_touch: [{ channel: 'b', conversions: 3, value: 30 }, { channel: 'd', conversions: 3, value: 0 }],
  },
};
const models = ['first_touch', 'last_touch'];

test('credit is read per model and measure, 0 where a model gives none', () => {
  const conversions = attributionCredit(result, models);
  assert.equal(conversions('first_touch', 'c'), 5);
  assert.equal(conversions('last_touch', 'c'), 0);
  assert.equal(conversions('markov', 'a'), 0, 'a model the result lacks');
  assert.equal(attributionCredit(result, models, 'value')('last_touch', 'b'), 30);
});

test('all channels in their order when they fit; else the most credited by any model, most first', () => {
  const credit = attributionCredit(result, models);
  assert.deepEqual(largestChannels(result.channels, models, credit, 4), ['a', 'b', 'c', 'd']);
  assert.deepEqual(largestChannels(result.channels, models, credit, 3), ['c', 'b', 'd'], 'b and d tie: their order');
  assert.deepEqual(largestChannels(result.channels, ['first_touch'], credit, 1), ['c']);
});

test('a hundred thousand touchpoints: the hundred with the most credit', () => {
  const channels = Array.from({ length: 100000 }, (_, index) => `/page/${index}`);
  const many = { channels, models: { linear: channels.map((channel, index) => ({ channel, conversions: index % 997 })) } };
  const credit = attributionCredit(many, ['linear']);
  const shown = largestChannels(channels, ['linear'], credit, 100);
  assert.equal(shown.length, 100);
  assert.ok(shown.every((channel) => credit('linear', channel) === 996));
});
