import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/**
 * The SvelteKit app (merchant admin now, LIFF pages later). SvelteKit 3 takes its configuration
 * here, in the `sveltekit()` plugin call; it refuses a svelte.config.js.
 *
 * Build: `npx vite build` in web/, or `npx vite build --config web/vite.config.ts` from the
 * repository root. Output: web/build/handler.js, which api/plugins/web.ts mounts in Fastify.
 */
const webDir = dirname(fileURLToPath(import.meta.url));
const domainDir = join(webDir, '..', 'domain');

export default defineConfig({
  root: webDir,
  plugins: [
    sveltekit({
      adapter: adapter({
        // Absolute: adapter-node resolves `out` against the working directory.
        out: join(webDir, 'build'),
        // adapter-node's settings come from JIAYI_WEB_* variables; the Fastify server sets
        // JIAYI_WEB_PROTOCOL_HEADER itself (api/plugins/web.ts).
        envPrefix: 'JIAYI_WEB_',
      }),
    }),
  ],
  server: {
    // web/src/lib/domain.ts re-exports the pure rules of ../domain (money, Taipei time, statuses).
    fs: { allow: [webDir, domainDir] },
    // `vite dev` only: the browser's /api calls go to the API server (api/main.ts).
    proxy: { '/api': process.env.JIAYI_API_ORIGIN ?? 'http://127.0.0.1:3000' },
  },
});
