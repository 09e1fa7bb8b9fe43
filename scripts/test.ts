import { spawn } from 'node:child_process';
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
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Runs a command; `quiet` keeps its output until it ends, so side-by-side steps do not interleave. */
async function run(command: string, commandArgs: string[], options: { cwd?: string; quiet?: boolean } = {}) {
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? root,
    env: process.env,
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { ok: code === 0, output: Buffer.concat(output).toString('utf8') };
}

function report(title: string, started: number, result: { ok: boolean; output: string }): boolean {
  if (result.output.trim()) process.stdout.write(`\n\x1b[1m${title}\x1b[0m\n${result.output}`);
  if (result.ok) console.log(`\x1b[2m✓ ${title} (${seconds(started)})\x1b[0m`);
  else console.error(`\x1b[31m✗ ${title} failed\x1b[0m`);
  return result.ok;
}

/** Each check on its own, all at once: they are single-threaded and this machine has two cores. */
async function checks(): Promise<boolean> {
  console.log('\n\x1b[1m▶ typecheck, lint, web build and svelte-check, side by side\x1b[0m');
  const started = Date.now();
  const check = async (title: string, command: string, commandArgs: string[], cwd?: string) =>
    report(title, started, await run(command, commandArgs, { cwd, quiet: true }));
  // The web build (scripts/build-web.ts, skipped when fresh), then svelte-check on its types.
  const web = async () =>
    (await check('web build', process.execPath, [join(root, 'scripts', 'build-web.ts')])) &&
    check('svelte-check', bin('svelte-check'), ['--fail-on-warnings', '--threshold', 'warning'], join(root, 'web'));
  const results = await Promise.all([
    check('typecheck', bin('tsc'), ['--noEmit', '-p', '.']),
    check('lint', bin('eslint'), ['--max-warnings=0', '.']),
    web(),
  ]);
  return results.every(Boolean);
}

if (args.length === 0) {
  if (!(await checks())) process.exit(1);
} else {
  ensureWebBuilt();
}
// web/build is fresh (built above): browser tests serve it instead of building their own.
process.env.JIAYI_SKIP_WEB_BUILD = '1';
const vitestJson = join(root, 'test-results', 'vitest.json');
console.log('\n\x1b[1m▶ tests\x1b[0m');
const started = Date.now();
const tests = await run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
  ...args,
]);
if (!tests.ok) {
  console.error('\x1b[31m✗ tests failed\x1b[0m');
  process.exit(1);
}
console.log(`\x1b[2m✓ tests (${seconds(started)})\x1b[0m`);
const counts = JSON.parse(readFileSync(vitestJson, 'utf8')) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
};
console.log(`\n${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests} skipped`);
