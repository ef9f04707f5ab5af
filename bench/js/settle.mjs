// Waits for the machine to go quiet before a contender is timed. Chromium tears a closed page's
// processes and its engines' memory down in the background, and DuckDB's and the WASM loads'
// processes end the same way: on two cores, a contender timed just after another shared a core
// with that work and came out 10-40% slow, whichever engine it was. Each contender now starts
// on an idle machine, as it would alone.
import os from 'node:os';

// Busy and total CPU time so far, over every core (ms, from the kernel's tick counts).
function cpuTimes() {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Resolves once a `windowMs` window saw the cores at most `maxBusyShare` busy (this process's
// own waiting counts, and is nothing), or after `maxMs` regardless; with how long it waited and
// whether the machine settled.
export async function settle({ windowMs = 100, maxBusyShare = 0.1, maxMs = 3000 } = {}) {
  const start = performance.now();
  for (;;) {
    const before = cpuTimes();
    await pause(windowMs);
    const after = cpuTimes();
    const total = after.total - before.total;
    const waited = performance.now() - start;
    if (total > 0 && (after.busy - before.busy) / total <= maxBusyShare) {
      return { waited, settled: true };
    }
    if (waited >= maxMs) return { waited, settled: false };
  }
}

// Keeps the waits of a run, to say in its report how long the machine took to settle.
export function settleLog() {
  const waits = [];
  return {
    async settle() {
      waits.push(await settle());
    },
    summary() {
      if (waits.length === 0) return 'no waits';
      const times = waits.map((wait) => wait.waited);
      const unsettled = waits.filter((wait) => !wait.settled).length;
      const mean = times.reduce((sum, time) => sum + time, 0) / times.length;
      return `${waits.length} waits, mean ${mean.toFixed(0)} ms, longest ` +
        `${Math.max(...times).toFixed(0)} ms; ${unsettled} gave up after 3 s with the cores still busy`;
    },
  };
}
