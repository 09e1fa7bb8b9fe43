import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDeps } from '../../api/deps.ts';
import { isAdminPagePath, webPlugin } from '../../api/plugins/web.ts';

/**
 * api/plugins/web.ts on its own, with a stand-in for web/build/handler.js that echoes what it
 * was handed: which requests reach the web app, and in what state.
 */

const log = pino({ level: 'silent' });
const deps = { log } as unknown as ServerDeps;
const tmp = mkdtempSync(join(tmpdir(), 'jiayi-web-plugin-'));
let withBuild: FastifyInstance;
let withoutBuild: FastifyInstance;
/** As if signed in: an admin-page guard that lets everyone through. */
let signedIn: FastifyInstance;

beforeAll(async () => {
  const buildDir = join(tmp, 'build');
  mkdirSync(buildDir);
  writeFileSync(
    join(buildDir, 'handler.js'),
    `export const handler = (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ url: req.url, method: req.method, body, proto: req.headers['x-jiayi-forwarded-proto'] }));
      });
    };\n`,
  );
  withBuild = Fastify();
  withBuild.get('/api/real', async () => ({ real: true }));
  await withBuild.register(webPlugin, { deps, buildDir });

  withoutBuild = Fastify();
  await withoutBuild.register(webPlugin, { deps, buildDir: join(tmp, 'missing') });

  signedIn = Fastify();
  await signedIn.register(webPlugin, { deps, buildDir, adminPageGuard: async () => {} });
});

afterAll(async () => {
  await withBuild?.close();
  await withoutBuild?.close();
  await signedIn?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('webPlugin', () => {
  it('hands unmatched paths to the SvelteKit handler, body unread, protocol from the socket', async () => {
    const res = await withBuild.inject({
      method: 'POST',
      url: '/t/demo/liff/cart?x=1',
      payload: 'quantity=2',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-jiayi-forwarded-proto': 'https' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ url: '/t/demo/liff/cart?x=1', method: 'POST', body: 'quantity=2', proto: 'http' });

    const json = await withBuild.inject({ method: 'PUT', url: '/somewhere', payload: { a: 1 } });
    expect(json.json().body).toBe('{"a":1}');
  });

  it('sends every page with the headers that keep it from being framed, sniffed or leaking its address', async () => {
    const res = await signedIn.inject({ url: '/t/demo/admin/orders' });
    expect(res.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-content-type-options': 'nosniff',
    });
  });

  it('leaves Fastify routes alone and keeps unknown /api paths as JSON 404s', async () => {
    expect((await withBuild.inject({ url: '/api/real' })).json()).toEqual({ real: true });
    const res = await withBuild.inject({ url: '/api/unknown' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });

  it('sends admin pages to sign-in without a session, however the path is spelled, from anywhere', async () => {
    for (const url of [
      '/t/demo/admin',
      '/t/demo/admin/',
      '/t/demo/admin/orders',
      '/t/demo/%61dmin/orders',
      '//t/demo/ADMIN/orders',
    ]) {
      for (const remoteAddress of ['198.51.100.4', '127.0.0.1']) {
        const response = await withBuild.inject({ url, remoteAddress });
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`);
      }
    }
    const posted = await withBuild.inject({ method: 'POST', url: '/t/demo/admin/orders', payload: 'x=1' });
    expect(posted.statusCode).toBe(401);
    // With a session they reach the web app (which asks the API whether this is their shop).
    const member = await signedIn.inject({ url: '/t/demo/admin/orders', remoteAddress: '198.51.100.4' });
    expect(member.statusCode).toBe(200);
    // Customer pages are not admin pages.
    const liff = await withBuild.inject({ url: '/t/demo/liff', remoteAddress: '198.51.100.4' });
    expect(liff.statusCode).toBe(200);
    expect(isAdminPagePath('/t/demo/administrator')).toBe(false);
  });

  it('says how to build the web app when it is missing', async () => {
    const home = await withoutBuild.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('vite build');
    expect((await withoutBuild.inject({ url: '/t/demo/liff' })).statusCode).toBe(404);
  });
});
