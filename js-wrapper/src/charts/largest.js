// What a chart or a table has room for when an attribution holds more touchpoints than anyone
// can read (up to 100,000, attributed by page): the ones with the most credit. Pure, so the
// page's tables and the charts pick the same ones.

// (model, channel) => the credit `model` gives `channel` in `measure` ("conversions" or
// "value"), 0 when it gives none. One lookup table per model: a search of the model's rows for
// each channel took quadratic time, minutes for tens of thousands of touchpoints.
export function attributionCredit(result, models, measure = 'conversions') {
  const byModel = new Map(models.map((model) => [
    model, new Map((result.models?.[model] ?? []).map((row) => [row.channel, row[measure] ?? 0])),
  ]));
  return (model, channel) => byModel.get(model)?.get(channel) ?? 0;
}

// `channels` as they are when at most `limit`; else the `limit` that get the most credit from
// any of `models`, the most first (ties in their order in `channels`).
export function largestChannels(channels, models, credit, limit) {
  if (channels.length <= limit) return channels;
  const most = (channel) => Math.max(0, ...models.map((model) => credit(model, channel)));
  return channels
    .map((channel, index) => ({ channel, index, most: most(channel) }))
    .sort((a, b) => b.most - a.most || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.channel);
}
