#!/usr/bin/env node
// A tiny static file server for the demo and the browser tests; no dependencies.
//   node tools/serve.mjs [--root build/js] [--port 8080] [--host 127.0.0.1]
// PORT and HOST in the environment work too; port 0 picks a free port. Serves only files
// under the root (no directory listings, no path traversal) and prints the URL when ready.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.ndjson': 'application/x-ndjson; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

// The file a request path names, or null when it would leave the root.
function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

function send(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

function startServer({ root, port, host }) {
  const rootDir = fs.realpathSync(path.resolve(root));
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'method not allowed');
      return;
    }
    const urlPath = new URL(request.url, 'http://localhost').pathname;
    const file = resolveFile(rootDir, urlPath);
    if (file === null) {
      send(response, 400, 'bad path');
      return;
    }
    fs.realpath(file, (error, realFile) => {
      // Symlinks must not lead out of the root either.
      if (error || !(realFile === rootDir || realFile.startsWith(rootDir + path.sep))) {
        send(response, 404, 'not found');
        return;
      }
      fs.stat(realFile, (statError, stats) => {
        if (statError || !stats.isFile()) {
          send(response, 404, 'not found');
          return;
        }
        response.writeHead(200, {
          'Content-Type': MIME_TYPES[path.extname(realFile)] ?? 'application/octet-stream',
          'Content-Length': stats.size,
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
        });
        if (request.method === 'HEAD') response.end();
        else fs.createReadStream(realFile).pipe(response);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const root = option('root', 'build/js');
const port = Number(option('port', process.env.PORT ?? 8080));
const host = option('host', process.env.HOST ?? '127.0.0.1');
if (!fs.existsSync(root)) {
  console.error(`serve: ${root} does not exist (run make build first)`);
  process.exit(1);
}
const server = await startServer({ root, port, host });
const shownHost = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
console.log(`touchpath: serving ${root} at http://${shownHost}:${server.address().port}/ (Ctrl-C stops)`);
