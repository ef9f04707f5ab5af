// A WebAssembly memory ends at 4 GiB (less where the browser says so). Loading stops with a
// clear error before finishing would need more than this; the rest is headroom for the
// allocator, the staging buffer and the analyses.
export const DEFAULT_MEMORY_LIMIT_BYTES = 3.5 * 2 ** 30;

export const MODULE_MEMORY_BYTES = 4 * 2 ** 30;

// The limit a load with this `memoryLimitBytes` option runs under, in bytes: 0 leaves only the
// module's own end.
export function effectiveMemoryLimit(memoryLimitBytes = DEFAULT_MEMORY_LIMIT_BYTES) {
  return memoryLimitBytes > 0 ? Math.min(memoryLimitBytes, MODULE_MEMORY_BYTES) : MODULE_MEMORY_BYTES;
}
