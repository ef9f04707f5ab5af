// A load's running totals for onProgress, summed over the parts its workers read, and its
// memory outlook: what finishing will need once the whole source is read.

const PROGRESS_INTERVAL_MS = 100;

// The outlook is given once this share of the source has been read past its first report.
const OUTLOOK_AFTER_SHARE = 1 / 20;

// What finishing will need at the end of a source of `totalBytes` raw bytes, extrapolated from
// what the engines reading its parts say finishing would need now. Linear in the bytes still
// to read, at the rate the need grew over the latter half of what has been read: an engine's
// fixed needs (its buffers, its first tables) are not scaled up with the data, and as texts
// and users repeat more the rate follows them down. The engine's arrays grow in steps (an index
// doubles), and a step just taken raises that rate for a while: the outlook is the least of the
// extrapolations over the last twentieth of the source read, so a step moves it only once the
// faster growth lasts. Without that, at 7% of a month of GA4 that fits, the outlook said 1.3
// times what it came to need, past the page's warning (bench/RESULTS.md, "Memory outlook").
// update(part, the part's bytes read, its engine's bytes to finish now) gives the outlook for
// the whole load: undefined until enough is read, or when the size is unknown.
export function memoryOutlook(totalBytes) {
  const parts = [];
  // {read, grown}: bytes read and need grown since each part's first report, summed over the
  // parts, after each update (read never goes down but when a part is dropped).
  let history = [{ read: 0, grown: 0 }];
  let recent = slidingMinimum(totalBytes * OUTLOOK_AFTER_SHARE);
  // The latest entry that had read at most `read`.
  const entryAt = (read) => {
    let low = 0;
    let high = history.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (history[middle].read <= read) low = middle;
      else high = middle - 1;
    }
    return history[low];
  };
  const update = (part, bytes, bytesToFinish) => {
    if (!(totalBytes > 0) || !(bytesToFinish > 0)) return undefined;
    parts[part] ??= { firstBytes: bytes, firstNeed: bytesToFinish };
    Object.assign(parts[part], { bytes, need: bytesToFinish });
    let read = 0;
    let grown = 0;
    let needNow = 0;
    let bytesNow = 0;
    for (const counts of parts.filter(Boolean)) {
      read += counts.bytes - counts.firstBytes;
      grown += Math.max(0, counts.need - counts.firstNeed);
      needNow += counts.need;
      bytesNow += counts.bytes;
    }
    if (read > history.at(-1).read) history.push({ read, grown });
    if (read < totalBytes * OUTLOOK_AFTER_SHARE) return undefined;
    const since = entryAt(read / 2);
    const perByte = (grown - since.grown) / (read - since.read);
    const extrapolated = needNow + Math.max(0, perByte) * Math.max(0, totalBytes - bytesNow);
    return Math.round(recent.least(read, extrapolated));
  };
  // A part whose bytes another part reads again.
  const dropPart = (part) => {
    parts[part] = undefined;
    history = [{ read: 0, grown: 0 }];
    recent = slidingMinimum(totalBytes * OUTLOOK_AFTER_SHARE);
  };
  return { update, dropPart };
}

// least(at, value): the least value given at positions within `width` of `at` (positions never
// go down), this one included. Amortized O(1): values that a later, smaller one outlasts are
// dropped.
function slidingMinimum(width) {
  const kept = [];  // {at, value}, values increasing
  let first = 0;
  return {
    least(at, value) {
      while (kept.length > first && kept.at(-1).value >= value) kept.pop();
      kept.push({ at, value });
      while (kept[first].at < at - width) first += 1;
      if (first > 1024 && first * 2 > kept.length) {
        kept.splice(0, first);
        first = 0;
      }
      return kept[first].value;
    },
  };
}

// onProgress({bytes, totalBytes, decodedBytes, elapsedMs, events, memoryToFinish, memoryAtEnd,
// memoryLimitBytes, done?}) (index.d.ts, LoadProgress), at most every PROGRESS_INTERVAL_MS and
// at once when the memory outlook first passes the limit. `state` is what the load resolves
// with besides its description. `now`: the clock, in ms.
export function progressReporter(onProgress, memoryLimitBytes, now = Date.now) {
  const started = now();
  let lastReport = 0;
  const state = { bytes: 0, totalBytes: undefined, decodedBytes: 0, memoryLimitBytes };
  let outlook = null;
  let outlookOverLimit = false;
  // What each part (0: the first worker's, 1: the second's) has read and accepted so far.
  const parts = [];
  const partOf = (part) => {
    parts[part] ??= { bytes: 0, decodedBytes: 0, events: 0, memoryToFinish: 0 };
    return parts[part];
  };
  const sum = (name) => parts.reduce((total, counts) => total + (counts?.[name] ?? 0), 0);
  const report = (extra = {}) => {
    if (!onProgress) return;
    lastReport = now();
    onProgress({ ...state, elapsedMs: lastReport - started, ...extra });
  };
  const reportInTime = () => {
    if (now() - lastReport >= PROGRESS_INTERVAL_MS) report();
  };
  return {
    // The size of the source(s), when known: the outlook extrapolates to it.
    setTotalBytes(totalBytes) {
      state.totalBytes = totalBytes;
      outlook = memoryOutlook(totalBytes);
    },
    raw(n, part = 0) {
      partOf(part).bytes += n;
      state.bytes += n;
      reportInTime();
    },
    decoded(n, part = 0) {
      partOf(part).decodedBytes += n;
      state.decodedBytes += n;
    },
    // What part `part`'s engine said after a feed: the rows it has accepted so far
    // (`events`) and what finishing would need now (`bytesToFinish`).
    engine({ events, bytesToFinish }, part = 0) {
      const counts = partOf(part);
      if (typeof events === 'number') {
        counts.events = Math.max(counts.events, events);
        state.events = sum('events');
      }
      if (typeof bytesToFinish !== 'number') return;
      counts.memoryToFinish = bytesToFinish;
      state.memoryToFinish = sum('memoryToFinish');
      const atEnd = outlook?.update(part, counts.bytes, bytesToFinish);
      if (atEnd === undefined) return;
      state.memoryAtEnd = atEnd;
      const overLimit = atEnd > memoryLimitBytes;
      if (overLimit && !outlookOverLimit) report();
      outlookOverLimit = overLimit;
    },
    // A part whose bytes are read again by another: its counts are taken back.
    dropPart(part) {
      const counts = partOf(part);
      state.bytes -= counts.bytes;
      state.decodedBytes -= counts.decodedBytes;
      parts[part] = undefined;
      outlook?.dropPart(part);
      state.events = sum('events');
      state.memoryToFinish = sum('memoryToFinish');
    },
    done(events) {
      state.events = events;
      report({ done: true });
    },
    state,
  };
}
