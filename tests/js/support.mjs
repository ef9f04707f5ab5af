// Shared by the JS tests: where things are, the generated sample, and how to run both CLIs.
// Everything here needs `make build` first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const jsDir = path.join(repo, 'build/js');
export const nativeCli = path.join(repo, 'build/native/touchpath');
export const bundledNodeCli = path.join(jsDir, 'touchpath.mjs');
export const sourceNodeCli = path.join(repo, 'js-wrapper/bin/touchpath.mjs');
export const samplePath = path.join(jsDir, 'sample/ga4-sample.ndjson.gz');
// Real GA4 data beside the repo; tests that read it skip when it is absent.
export const sharedGa4Path = path.join(repo, '../shared/data/ga4_obfuscated_sample.ndjson.gz');
export const sharedDataSkip = fs.existsSync(sharedGa4Path)
  ? false
  : `skipped: ${sharedGa4Path} is absent (../shared/data not beside the repo)`;

export const checkoutFunnel = {
  analyses: [
    {
      type: 'funnel',
      id: 'checkout',
      steps: [
        { event: 'view_item' },
        { event: 'add_to_cart' },
        { event: 'begin_checkout' },
        { event: 'purchase' },
      ],
      window: '7d',
      order: 'ordered',
      count: 'users',
    },
  ],
};

// A stream that hands out `bytes` in chunks of `chunkSize`.
export function chunkedStream(bytes, chunkSize) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

export function sampleBytes() {
  return fs.readFileSync(samplePath);
}

export function samplePlainBytes() {
  return zlib.gunzipSync(sampleBytes());
}

export function temporaryDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'touchpath-test-'));
}

export function writeJson(dir, name, value) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

// Runs a command; resolves {code, stdout (Buffer), stderr (string)}.
export function runCommand(command, args, { stdin } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (data) => stdout.push(data));
    child.stderr.on('data', (data) => stderr.push(data));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString() });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

export function runNative(args, options) {
  return runCommand(nativeCli, args, options);
}

export function runNode(args, options) {
  return runCommand(process.execPath, [bundledNodeCli, ...args], options);
}
