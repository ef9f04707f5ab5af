#!/usr/bin/env node
// touchpath on node: the native CLI's twin (cli/main.cpp), running the WASM engine in-process.
// Same arguments, same stdout bytes, same exit codes: 0 ok, 1 unusable input, 2 bad spec/usage.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { loadTouchpathModule } from '../src/wasm-module.js';
import { WasmEngine } from '../src/wasm-engine.js';

const USAGE = `usage: touchpath run --spec SPEC.json [--all-fields] [--threads N] INPUT...
       touchpath --help

Runs the analyses of SPEC.json (funnels, attribution, ...) over the exports INPUT... and prints
the result JSON on stdout. INPUT '-' reads stdin; gzipped inputs are detected by their bytes.
Only the fields the spec reads are loaded; --all-fields loads every field (same result, slower).
--threads N reads an uncompressed file of NDJSON lines on up to N threads (1 to 64; default:
the machine's cores, at most 8; same result). The node CLI on WebAssembly reads on one.

exit status: 0 success (skipped rows are reported in the result, not failures),
             1 unusable input or out of memory, 2 bad spec or bad arguments
`;

const CHUNK_BYTES = 1 << 20;
const MAX_THREADS = 64;
const EXIT_BAD_INPUT = 1;
const EXIT_BAD_SPEC = 2;

class CliError extends Error {
  constructor(exitCode, message) {
    super(message);
    this.exitCode = exitCode;
  }
}

// The C library's wording, so both CLIs print the same line for a missing file.
const ERRNO_TEXT = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
};

function describeFsError(error) {
  return ERRNO_TEXT[error.code] ?? error.message;
}

function parseArguments(argv) {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { help: true };
  const [command, ...rest] = argv;
  if (command !== 'run') throw new CliError(EXIT_BAD_SPEC, `unknown command '${command}' (try --help)`);
  let specPath = null;
  let allFields = false;
  const inputs = [];
  for (let i = 0; i < rest.length; ++i) {
    const argument = rest[i];
    if (argument === '--spec') {
      if (i + 1 >= rest.length) throw new CliError(EXIT_BAD_SPEC, '--spec needs a file name');
      specPath = rest[++i];
    } else if (argument.startsWith('--spec=')) {
      specPath = argument.slice('--spec='.length);
    } else if (argument === '--all-fields') {
      allFields = true;
    } else if (argument === '--threads') {
      // Checked as the native CLI checks it; the WebAssembly engine reads on one thread.
      if (i + 1 >= rest.length) throw new CliError(EXIT_BAD_SPEC, '--threads needs a number');
      const count = rest[++i];
      if (!/^[0-9]{1,2}$/.test(count) || Number(count) < 1 || Number(count) > MAX_THREADS) {
        throw new CliError(EXIT_BAD_SPEC, `--threads takes a number from 1 to ${MAX_THREADS}, not '${count}'`);
      }
    } else if (argument.startsWith('-') && argument !== '-') {
      throw new CliError(EXIT_BAD_SPEC, `unknown option '${argument}' (try --help)`);
    } else {
      inputs.push(argument);
    }
  }
  if (specPath === null) throw new CliError(EXIT_BAD_SPEC, 'missing --spec SPEC.json');
  if (inputs.length === 0) throw new CliError(EXIT_BAD_SPEC, 'no INPUT given (use - for stdin)');
  return { help: false, specPath, allFields, inputs };
}

function readSpec(specPath) {
  try {
    return fs.readFileSync(specPath, 'utf8');
  } catch (error) {
    throw new CliError(EXIT_BAD_SPEC, `cannot read spec ${specPath}: ${describeFsError(error)}`);
  }
}

// The spec may name the input format ("input": {"format": ...}); the session needs it up front.
function specFormat(specText) {
  try {
    const format = JSON.parse(specText)?.input?.format;
    return typeof format === 'string' ? format : 'auto';
  } catch {
    return 'auto';
  }
}

// Yields the input's decompressed bytes in chunks; gzip is recognised by its magic bytes.
async function* inputChunks(path) {
  const raw = path === '-'
    ? process.stdin
    : fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const iterator = raw[Symbol.asyncIterator]();
  const head = [];
  let headLength = 0;
  while (headLength < 2) {
    const { done, value } = await iterator.next();
    if (done) break;
    head.push(value);
    headLength += value.length;
  }
  const first = Buffer.concat(head);
  const replay = (async function* () {
    if (first.length > 0) yield first;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  if (first[0] === 0x1f && first[1] === 0x8b) {
    const gunzip = zlib.createGunzip({ chunkSize: CHUNK_BYTES });
    const feeder = (async () => {
      try {
        for await (const chunk of replay) {
          if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
        }
        gunzip.end();
      } catch (error) {
        gunzip.destroy(error);
      }
    })();
    yield* gunzip;
    await feeder;
  } else {
    yield* replay;
  }
}

async function loadInput(engine, path) {
  const displayName = path === '-' ? '<stdin>' : path;
  engine.beginInput(displayName);
  try {
    for await (const chunk of inputChunks(path)) {
      const status = engine.feed(chunk);
      if (status.code !== 'ok') throw new CliError(EXIT_BAD_INPUT, `${displayName}: ${status.message}`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error.code && error.code.startsWith('Z_')) {
      throw new CliError(EXIT_BAD_INPUT, `${displayName}: corrupt gzip data`);
    }
    throw new CliError(EXIT_BAD_INPUT, `cannot read ${displayName}: ${describeFsError(error)}`);
  }
}

async function run({ specPath, allFields, inputs }) {
  const specText = readSpec(specPath);
  const engine = new WasmEngine(await loadTouchpathModule());
  // A spec that does not validate loads everything: run reports its error after the load, as
  // without projection (and as the native CLI does).
  const projected = engine.reset(specFormat(specText), allFields ? '' : specText);
  if (projected.code !== 'ok') engine.reset(specFormat(specText));
  for (const path of inputs) await loadInput(engine, path);
  const finished = engine.finish();
  if (finished.code !== 'ok') throw new CliError(EXIT_BAD_INPUT, finished.message);
  const outcome = engine.run(specText);
  if (outcome.code === 'bad_spec') throw new CliError(EXIT_BAD_SPEC, `bad spec: ${outcome.message}`);
  if (outcome.code !== 'ok') throw new CliError(EXIT_BAD_INPUT, outcome.message);
  await writeStdout(`${outcome.text}\n`);
}

function writeStdout(text) {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

async function main(argv) {
  try {
    const parsed = parseArguments(argv);
    if (parsed.help) {
      await writeStdout(USAGE);
      return 0;
    }
    await run(parsed);
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`touchpath: ${error.message}\n`);
    return error.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
