// A load's progress reports: totals summed over the parts its workers read, and the memory
// outlook that tells a page early that an export will not fit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryOutlook, progressReporter } from '../../js-wrapper/src/load-progress.js';

const MiB = 2 ** 20;

test('the outlook extrapolates growth since the first report, not the engine\'s fixed needs', () => {
  const outlook = memoryOutlook(101 * MiB);
  assert.equal(outlook.update(0, 1 * MiB, 10 * MiB), undefined, 'one report tells no rate');
  // 10 MiB more for 50 MiB read: the other 50 MiB will take 10 MiB more again.
  assert.equal(outlook.update(0, 51 * MiB, 20 * MiB), 30 * MiB);
  assert.equal(outlook.update(0, 101 * MiB, 30 * MiB), 30 * MiB, 'at the end, the need itself');
});

test('the outlook follows the rate of the latter half of what was read, as growth slows', () => {
  const outlook = memoryOutlook(400 * MiB);
  outlook.update(0, 0, 10 * MiB);
  outlook.update(0, 100 * MiB, 30 * MiB);
  // 10 MiB over the last 100 MiB read (not 30 over 200): the 200 MiB to go take 20 MiB more.
  assert.equal(outlook.update(0, 200 * MiB, 40 * MiB), 60 * MiB);
});

test('the outlook waits for a twentieth of the source past the first report', () => {
  const outlook = memoryOutlook(100 * MiB);
  outlook.update(0, 1 * MiB, 10 * MiB);
  assert.equal(outlook.update(0, 5 * MiB, 11 * MiB), undefined);
  assert.equal(outlook.update(0, 6 * MiB, 11 * MiB), Math.round(11 * MiB + 94 * (MiB / 5)));
});

test('a step in the need moves the outlook only once the faster growth lasts a twentieth of the source', () => {
  const outlook = memoryOutlook(1000 * MiB);
  outlook.update(0, 0, 100 * MiB);
  // 1 MiB more a 10 MiB read: 200 MiB at the end, said from 50 MiB (a twentieth) on.
  for (let read = 10; read < 200; read += 10) outlook.update(0, read * MiB, (100 + read / 10) * MiB);
  assert.equal(outlook.update(0, 200 * MiB, 120 * MiB), 200 * MiB);
  // An index doubles: 30 MiB more at once, then 2 MiB a 10 MiB read.
  const needAfterStep = (read) => (151 + (read - 210) / 5) * MiB;
  for (let read = 210; read <= 250; read += 10) {
    assert.equal(outlook.update(0, read * MiB, needAfterStep(read)), 200 * MiB, `${read} MiB read`);
  }
  // 50 MiB past the step, every extrapolation left in the window has the faster growth.
  assert.ok(outlook.update(0, 260 * MiB, needAfterStep(260)) > 250 * MiB);
  let atEnd;
  for (let read = 270; read <= 1000; read += 10) atEnd = outlook.update(0, read * MiB, needAfterStep(read));
  assert.equal(atEnd, needAfterStep(1000), 'at the end, the need itself');
});

test('without the source\'s size, or before the engine says anything, there is no outlook', () => {
  assert.equal(memoryOutlook(undefined).update(0, 50 * MiB, 10 * MiB), undefined);
  const outlook = memoryOutlook(100 * MiB);
  assert.equal(outlook.update(0, 1 * MiB, undefined), undefined);
  assert.equal(outlook.update(0, 50 * MiB, undefined), undefined);
});

test('each part\'s first report is its own baseline: a second engine\'s fixed needs are not growth', () => {
  const outlook = memoryOutlook(200 * MiB);
  outlook.update(0, 1 * MiB, 7 * MiB);
  outlook.update(1, 1 * MiB, 7 * MiB);
  // Each grew 5 MiB over 49 MiB: 100 MiB more to read will take ~10.2 MiB more.
  outlook.update(0, 50 * MiB, 12 * MiB);
  assert.equal(outlook.update(1, 50 * MiB, 12 * MiB), Math.round(24 * MiB + (10 / 98) * 100 * MiB));
  // Dropped, the second part's bytes are the first's to read again.
  outlook.dropPart(1);
  assert.equal(outlook.update(0, 100 * MiB, 17 * MiB), Math.round(17 * MiB + (10 / 99) * 100 * MiB));
});

test('the reports sum the parts\' needs and say at once when the outlook passes the limit', () => {
  const reports = [];
  // A clock that stands still: only the first report and the limit's come before their time.
  const progress = progressReporter((report) => reports.push(report), 40 * MiB, () => 1000);
  progress.setTotalBytes(100 * MiB);
  progress.raw(1 * MiB);
  progress.engine({ events: 10, bytesToFinish: 5 * MiB });
  assert.equal(reports.length, 1, 'the first raw bytes are reported; later ones wait their time');
  progress.raw(1 * MiB, 1);
  progress.engine({ events: 10, bytesToFinish: 5 * MiB }, 1);
  progress.raw(9 * MiB);
  progress.engine({ events: 90, bytesToFinish: 6 * MiB });
  assert.equal(reports.length, 1, 'an outlook under the limit waits for the next report');
  assert.equal(progress.state.memoryToFinish, 11 * MiB);
  assert.equal(progress.state.events, 100);
  // Part 1 grows faster: 5 MiB over the latter 10 MiB of 19 read; 79 MiB to go, from 16 MiB.
  progress.raw(10 * MiB, 1);
  progress.engine({ events: 110, bytesToFinish: 10 * MiB }, 1);
  assert.equal(reports.length, 2, 'passing the limit is reported at once');
  const passed = reports.at(-1);
  assert.equal(passed.memoryToFinish, 16 * MiB);
  assert.equal(passed.memoryAtEnd, Math.round(16 * MiB + (5 / 10) * 79 * MiB));
  assert.equal(passed.memoryLimitBytes, 40 * MiB);
  assert.equal(passed.events, 200);
  progress.raw(1 * MiB);
  progress.engine({ events: 100, bytesToFinish: 6.5 * MiB });
  assert.ok(progress.state.memoryAtEnd > 40 * MiB);
  assert.equal(reports.length, 2, 'once, not at every feed while it stays over');
  progress.dropPart(1);
  assert.equal(progress.state.memoryToFinish, 6.5 * MiB);
  assert.equal(progress.state.events, 100);
  assert.equal(progress.state.bytes, 11 * MiB);
});
