// The generated GA4 export the JS benches read: made once with tools/generate-ga4-sample.mjs and
// cached under build/bench/ (same arguments, same bytes).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Returns the path of build/bench/ga4-<events>-seed<seed>.ndjson, generating it if missing.
export function ensureGa4Export(repo, events, seed = 7) {
  const benchDir = path.join(repo, 'build/bench');
  const exportPath = path.join(benchDir, `ga4-${events}-seed${seed}.ndjson`);
  if (!fs.existsSync(exportPath)) {
    fs.mkdirSync(benchDir, { recursive: true });
    console.error(`generating ${path.relative(repo, exportPath)} …`);
    execFileSync(process.execPath, [
      path.join(repo, 'tools/generate-ga4-sample.mjs'),
      '--target-events', String(events), '--seed', String(seed), '--out', `${exportPath}.tmp`,
    ], { stdio: 'inherit' });
    fs.renameSync(`${exportPath}.tmp`, exportPath);
  }
  return exportPath;
}
