// Loading only what funnels and channel attribution need, for exports too big for a tab with
// every field: events, users, sessions and their traffic (channel, source, medium, campaign).
// A load given these specs keeps nothing else (the engine's projection), about half the memory
// of a load of every field.
export const LIGHT_SPECS = [
  { analyses: [{ type: 'funnel', id: 'light-events', steps: [{ event: 'page_view' }] }] },
  {
    analyses: [{
      type: 'attribution', id: 'light-channels', conversion: { event: 'purchase' }, touchpoint: 'channel',
    }],
  },
];

// Whether a load stopped because finishing it would pass the engine's memory limit.
export function ranOutOfMemory(error) {
  return error?.code === 'out_of_memory';
}

// The memory outlook comes out up to 15% over the final need (bench/RESULTS.md, "Memory
// outlook": the engine's arrays grow in steps), so the page warns only when it is clearly over
// the limit.
const WARN_OVER_LIMIT = 1.15;

// What the page says while a load runs whose memory outlook (LoadProgress.memoryAtEnd) is
// clearly over its limit, minutes before a month of GA4 would stop: {key, need, limit,
// offerLight}, or null. `light`: the load keeps only LIGHT_SPECS' fields, so only fewer days
// can help.
export function memoryWarning({ memoryAtEnd, memoryLimitBytes, done }, light) {
  if (done || !(memoryAtEnd > memoryLimitBytes * WARN_OVER_LIMIT)) return null;
  return {
    key: light ? 'load.memoryWarningLight' : 'load.memoryWarning',
    need: memoryAtEnd,
    limit: memoryLimitBytes,
    offerLight: !light,
  };
}
