// Turns what a caller hands to engine.load() into one stream of decompressed byte chunks.
// Accepts File, Blob, Response, ReadableStream, ArrayBuffer and typed arrays. Gzip is
// recognised by its magic bytes (1f 8b), never by the file name, and decoded with
// DecompressionStream('gzip').

// ArrayBuffer / typed array sources are cut into chunks of this size.
const BUFFER_CHUNK_BYTES = 1 << 20;

export function isGzip(firstBytes) {
  return firstBytes.length >= 2 && firstBytes[0] === 0x1f && firstBytes[1] === 0x8b;
}

// {stream, totalBytes, name}: the raw bytes (possibly gzipped) and their size when known.
function rawSource(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // Blob.stream(), not slices read ahead: in node, reads ahead halved a load, but in Chromium
    // (what matters) reading a 150 MB File in 1 MiB slices took twice as long as its stream.
    return { stream: source.stream(), totalBytes: source.size, name: source.name ?? '' };
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.body) throw badInput('the response has no body');
    const length = Number(source.headers.get('content-length'));
    // A content-encoded response is decoded by fetch: its length does not count the bytes we see.
    const encoded = source.headers.get('content-encoding');
    return {
      stream: source.body,
      totalBytes: Number.isFinite(length) && length > 0 && !encoded ? length : undefined,
      name: source.url ?? '',
    };
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return { stream: source, totalBytes: undefined, name: '' };
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes = source instanceof ArrayBuffer
      ? new Uint8Array(source)
      : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return { stream: bufferStream(bytes), totalBytes: bytes.length, name: '' };
  }
  throw badInput('cannot read this source: pass a File, Blob, Response, ReadableStream or bytes');
}

// Copies (not views) so that chunks can be transferred without detaching the caller's buffer.
function bufferStream(bytes) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + BUFFER_CHUNK_BYTES));
      offset += BUFFER_CHUNK_BYTES;
    },
  });
}

// Reads the first two bytes (they may arrive in separate chunks) and returns them together
// with a stream that replays everything, those bytes included.
async function peekTwoBytes(stream) {
  const reader = stream.getReader();
  const head = [];
  let headLength = 0;
  while (headLength < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.length === 0) continue;
    head.push(value);
    headLength += value.length;
  }
  const replay = new ReadableStream({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const first = new Uint8Array(2);
  let filled = 0;
  for (const chunk of head) {
    for (let i = 0; i < chunk.length && filled < 2; ++i) first[filled++] = chunk[i];
  }
  return { firstBytes: first.subarray(0, filled), stream: replay };
}

// {stream, totalBytes, name, gzip}: `stream` yields decompressed Uint8Array chunks;
// `onRawBytes(n)` is told how many raw (possibly compressed) bytes have been read.
export async function openByteSource(source, onRawBytes) {
  const raw = rawSource(source);
  const counted = raw.stream.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
        onRawBytes(bytes.length);
        controller.enqueue(bytes);
      },
    }),
  );
  const { firstBytes, stream } = await peekTwoBytes(counted);
  const gzip = isGzip(firstBytes);
  return {
    stream: gzip ? stream.pipeThrough(new DecompressionStream('gzip')) : stream,
    totalBytes: raw.totalBytes,
    name: raw.name,
    gzip,
  };
}

export function badInput(message) {
  return Object.assign(new Error(message), { code: 'bad_input' });
}
