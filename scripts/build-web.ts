import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(root, 'web');
const handler = join(webDir, 'build', 'handler.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.svelte-kit', 'build'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the SvelteKit app (adapter-node) when its build is missing or older than its sources. */
export function ensureWebBuilt(log: (line: string) => void = console.log): void {
  const stale =
    !existsSync(handler) ||
    statSync(handler).mtimeMs < Math.max(newestMtime(webDir), newestMtime(join(root, 'domain')));
  if (!stale) return;
  log('building the web app (SvelteKit)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: webDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error('web build failed');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureWebBuilt();
