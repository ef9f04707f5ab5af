// Where a load can be cut in two, each part read by an engine of its own (engine.js): a GA4
// export is one JSON object a line, so any line start is a place the second part can begin.
import { isGzip } from './byte-source.js';

// Below this a second worker saves less than it costs to hand its part over.
export const PARALLEL_MIN_BYTES = 16 << 20;
// How far past the middle a line start is looked for.
const SEARCH_BYTES = 1 << 20;

// The bytes of a Blob or a FileRange (file-source.js).
async function bytesOf(source) {
  return source.bytes ? source.bytes() : new Uint8Array(await source.arrayBuffer());
}

// The offset of the first line start after the middle of `source` (a Blob or a FileRange), or
// null when it should be read in one piece: too small, gzipped (its bytes decompress in order
// only), or no line ends in the MiB after the middle (one huge line, or not a line-per-record
// export).
export async function lineStartAfterMiddle(source) {
  if (source.size < PARALLEL_MIN_BYTES) return null;
  if (isGzip(await bytesOf(source.slice(0, 2)))) return null;
  const middle = Math.floor(source.size / 2);
  const after = await bytesOf(source.slice(middle, middle + SEARCH_BYTES));
  const newline = after.indexOf(0x0a);
  if (newline < 0 || middle + newline + 1 >= source.size) return null;
  return middle + newline + 1;
}
