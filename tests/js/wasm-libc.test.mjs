// The WASM module's own memchr / memcmp / memcpy / memmove / memset (wasm/simd_string.cpp),
// checked by tests/wasm/simd_string_test.cpp compiled with em++ (make wasm builds it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { repo } from './support.mjs';

test('the WASM string functions match byte-by-byte references', () => {
  const program = path.join(repo, 'build/wasm/simd_string_test.cjs');
  // em++ 3.1.6's loader breaks on node's own fetch.
  const run = spawnSync(process.execPath, ['--no-experimental-fetch', program], {
    encoding: 'utf8',
  });
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, 'ok\n');
  assert.equal(run.status, 0);
});
