import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuilt } from './build-web.ts';

/**
 * `npm test`: type checks, lint, then every test (unit, integration against the real
 * PostgreSQL and a real Temporal dev server, browser tests in headless Chromium).
 * Extra arguments go to vitest, e.g. `npm test -- domain`.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);

function step(title: string, command: string, commandArgs: string[], cwd = root): void {
  console.log(`\n\x1b[1m▶ ${title}\x1b[0m`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\x1b[31m✗ ${title} failed\x1b[0m`);
    process.exit(result.status ?? 1);
  }
  console.log(`\x1b[2m✓ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\x1b[0m`);
}

if (args.length === 0) {
  step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
  step('lint', bin('eslint'), ['--max-warnings=0', '.']);
}
ensureWebBuilt();
if (args.length === 0) step('svelte-check', bin('svelte-check'), ['--fail-on-warnings', '--threshold', 'warning'], join(root, 'web'));
// web/build is fresh (ensureWebBuilt above): browser tests serve it instead of building their own.
process.env.JIAYI_SKIP_WEB_BUILD = '1';
const report = join(root, 'test-results', 'vitest.json');
step('tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args]);
const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
console.log(`\n${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests} skipped`);
