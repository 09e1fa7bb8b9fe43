import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startApiServer, type ApiServer } from '../support/api-server.ts';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

/**
 * Builds the SvelteKit app the way a developer does, but into a fresh directory of its own
 * (JIAYI_WEB_BUILD_DIR), so a test run never overwrites a web/build a running server uses, and
 * never sees modules of an older build that the same test run already loaded. The servers this
 * process starts afterwards serve that build. JIAYI_SKIP_WEB_BUILD=1 serves web/build as it is.
 */
export async function buildWebApp(): Promise<{ dir: string; remove(): void }> {
  if (process.env.JIAYI_SKIP_WEB_BUILD === '1') {
    if (!existsSync(WEB_HANDLER)) throw new Error(`JIAYI_SKIP_WEB_BUILD=1 but ${WEB_HANDLER} is missing`);
    return { dir: dirname(WEB_HANDLER), remove() {} };
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'jiayi-web-build-')), 'build');
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  // From web/ (as a developer builds): every dependency is bundled, so the build runs from anywhere.
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: join(REPO_DIR, 'web'),
    env: { ...process.env, JIAYI_WEB_BUILD_DIR: dir },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!existsSync(join(dir, 'handler.js'))) throw new Error(`vite build finished without ${dir}/handler.js`);
  process.env.JIAYI_WEB_BUILD_DIR = dir;
  return { dir, remove: () => rmSync(dirname(dir), { recursive: true, force: true }) };
}

/** The admin pages' server (web app included) on a free port: they never call Temporal, only link to its UI. */
export function startAdminServer(label: string, extraEnv: Record<string, string> = {}): Promise<ApiServer> {
  return startApiServer({ label, database: 'web', poolSize: 4, env: extraEnv });
}
