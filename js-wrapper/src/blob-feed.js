// Reads a Blob (a File), or under node a file's range (file-source.js), inside the engine's
// worker and feeds it to the engine there, so the page's thread neither reads the bytes nor
// hands them over. In Chromium a worker reads a 150 MB File in about 70 ms where the page's
// thread took about 100 (bench/RESULTS.md), and two workers each reading half of it read it in
// about 55. Gzip is recognised and decoded here as on the page's thread (byte-source.js).
import { openByteSource } from './byte-source.js';

// How often the running totals go back to the page at most.
const PROGRESS_INTERVAL_MS = 100;

function cancelledError() {
  return Object.assign(new Error('the read was cancelled'), { name: 'AbortError' });
}

// Feeds `blob`'s decompressed bytes to `engine` (a WasmEngine) until its end, a failed feed or
// `isCancelled()` (asked between chunks; then it rejects with an AbortError).
// `onProgress({bytes, decodedBytes, events, bytesToFinish})` gets running totals after the
// first chunk (bytesToFinish: what finishing would need now, WasmEngine.feed), then
// at most every PROGRESS_INTERVAL_MS. Resolves with the same totals and `status`: the last
// feed's, or the first that failed (the rest of the Blob is then left unread).
export async function feedBlob(engine, blob, { onProgress = () => {}, isCancelled = () => false } = {}) {
  const totals = { bytes: 0, decodedBytes: 0, events: 0 };
  let lastReport = 0;
  const { reader } = await openByteSource(blob, (n) => { totals.bytes += n; });
  let status = { code: 'ok', message: '', events: 0 };
  try {
    for (;;) {
      if (isCancelled()) throw cancelledError();
      const chunk = await reader.read();
      if (!chunk) break;
      totals.decodedBytes += chunk.length;
      status = engine.feed(chunk);
      reader.recycle(chunk);
      if (typeof status.events === 'number') totals.events = status.events;
      if (typeof status.bytesToFinish === 'number') totals.bytesToFinish = status.bytesToFinish;
      if (status.code !== 'ok') {
        await reader.cancel(new Error(status.message)).catch(() => {});
        break;
      }
      if (Date.now() - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = Date.now();
        onProgress({ ...totals });
      }
    }
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    throw error;
  }
  return { ...totals, status };
}
