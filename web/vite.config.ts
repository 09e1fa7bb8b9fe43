import { dirname, join, resolve } from 'node:path';
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
/** JIAYI_WEB_BUILD_DIR builds elsewhere (tests do, so they never overwrite a build in use). */
const outDir = process.env.JIAYI_WEB_BUILD_DIR ? resolve(process.env.JIAYI_WEB_BUILD_DIR) : join(webDir, 'build');

export default defineConfig({
  root: webDir,
  plugins: [
    sveltekit({
      adapter: adapter({
        // Absolute: adapter-node resolves `out` against the working directory.
        out: outDir,
        // adapter-node's settings come from JIAYI_ADAPTER_NODE_* variables (it refuses unknown
        // ones with that prefix); the Fastify server sets ..._PROTOCOL_HEADER itself (api/plugins/web.ts).
        envPrefix: 'JIAYI_ADAPTER_NODE_',
      }),
      // Scripts only from this origin (SvelteKit adds a nonce to its own inline start-up script);
      // no framing; forms and fetches stay here. Images may come from LINE (profile pictures) and
      // the object store. Styles keep 'unsafe-inline' for the style="" attributes Svelte renders.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:', 'https:', 'http:'],
          // LIFF's SDK calls LINE's API from the page (its optional legacy extensions, scripts
          // from LINE's CDN, stay blocked: the SDK carries on without them).
          'connect-src': ['self', 'https://api.line.me', 'https://access.line.me', 'https://liff.line.me'],
          'font-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
  server: {
    // web/src/lib/domain.ts re-exports the pure rules of ../domain (money, Taipei time, statuses).
    fs: { allow: [webDir, domainDir] },
    // `vite dev` only: the browser's /api calls go to the API server (api/main.ts).
    proxy: { '/api': process.env.JIAYI_API_ORIGIN ?? 'http://127.0.0.1:3000' },
  },
});
