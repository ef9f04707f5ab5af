// A load's abort signal: the error an aborted load rejects with, and reads it cuts short.

export function abortError() {
  return typeof DOMException === 'function'
    ? new DOMException('The load was aborted', 'AbortError')
    : Object.assign(new Error('The load was aborted'), { name: 'AbortError' });
}

// The reader's next chunk, or an AbortError as soon as `signal` aborts: a read from a server
// that has gone quiet may never end, and a cancelled load must not wait for it.
export function readUnlessAborted(reader, signal) {
  if (!signal) return reader.read();
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    reader.read().then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
