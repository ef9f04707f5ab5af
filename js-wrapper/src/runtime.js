// Which JS runtime this is: node (worker_threads, fs) or a browser (Web Workers, fetch).
export const isNode =
  typeof process === 'object' && process.versions != null && process.versions.node != null;
