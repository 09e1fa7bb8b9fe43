import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  endCustomerSession,
  startCustomerSession,
  upsertCustomerFromLine,
  type SignedInCustomer,
} from '../../db/storefront/customer-sessions.ts';
import { UNKNOWN_CUSTOMER_NAME } from '../../domain/customers/customer-name.ts';
import { liffChannelId } from '../../domain/storefront/customer-session.ts';
import { createLineLoginClient, LineLoginError } from '../../integrations/line/login.ts';
import { randomToken, sha256Hex } from '../team/auth/crypto.ts';
import type { ServerDeps } from '../deps.ts';
import { SHOP_NOT_FOUND, shopCustomers } from './shop-customer.ts';

const signInBody = z.strictObject({
  /** liff.getIDToken(): verified with LINE, never trusted as sent. */
  idToken: z.string({ error: '缺少 LINE 的登入憑證' }).min(20, '登入憑證格式不對').max(4096, '登入憑證格式不對'),
});

/** What the customer pages know about the person: nothing beyond what LINE told the shop. */
export interface StorefrontCustomer {
  displayName: string;
  pictureUrl: string | null;
}

/** What the customer pages need to start: the shop and its LIFF app. */
export interface StorefrontShop {
  shop: { slug: string; name: string; kind: string };
  liffId: string | null;
}

const publicCustomer = (customer: SignedInCustomer): StorefrontCustomer => ({
  displayName: customer.displayName,
  pictureUrl: customer.pictureUrl,
});

/**
 * The customer's side of sign-in, for the shop's pages in LIFF or any browser (no staff session;
 * outside /api/t/:tenant):
 *
 * - GET /api/shop/:tenant — the shop's name and kind and its LIFF ID, for liff.init().
 * - POST /api/shop/:tenant/session {idToken} — the LIFF ID token, verified by LINE for the
 *   shop's LIFF channel; the person becomes (or already is) the shop's customer under the same
 *   LINE user ID the chat knows, so chat and LIFF orders are one history. Sets the shop's
 *   customer cookie (30 days).
 * - GET the same path — who is signed in (401 if nobody); DELETE — sign out.
 */
export async function customerSessionRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env } = opts.deps;
  const shops = shopCustomers(opts.deps);

  app.get(
    '/api/shop/:tenant',
    { config: { doc: { summary: "A shop's name and LIFF app, for its customer pages" } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      const body: StorefrontShop = { shop: { slug: shop.slug, name: shop.name, kind: shop.kind }, liffId: shop.liffId };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.post(
    '/api/shop/:tenant/session',
    { config: { doc: { summary: 'A customer signs in with their LIFF ID token', body: signInBody } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      const input = signInBody.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_sign_in', message: z.prettifyError(input.error) });
      const channelId = shop.liffId ? liffChannelId(shop.liffId) : null;
      if (!channelId)
        return reply.code(409).send({ code: 'liff_not_configured', message: '這間店還沒設定 LINE 登入（LIFF）' });
      const line = createLineLoginClient({
        channelId,
        // Remote verification needs no secret: LINE checks signature, audience and expiry.
        channelSecret: '',
        authorizeBaseUrl: env.LINE_LOGIN_BASE_URL,
        apiBaseUrl: env.LINE_API_BASE_URL,
      });
      let claims;
      try {
        claims = await line.verifyIdTokenRemotely(input.data.idToken, {});
      } catch (error) {
        if (error instanceof LineLoginError && error.status >= 400 && error.status < 500)
          return reply.code(401).send({ code: 'invalid_id_token', message: 'LINE 登入已失效，請重新登入' });
        request.log.warn({ err: error }, 'LINE ID token verification failed');
        return reply.code(503).send({ code: 'line_unavailable', message: '暫時無法向 LINE 確認登入，請稍後再試' });
      }
      const customer = await upsertCustomerFromLine(
        db,
        shop.id,
        { userId: claims.sub, name: claims.name ?? null, picture: claims.picture ?? null },
        UNKNOWN_CUSTOMER_NAME,
      );
      const token = randomToken(32);
      const expiresAt = await startCustomerSession(
        db,
        shop.id,
        customer.id,
        sha256Hex(token),
        shops.tokenHashOf(request, shop.slug),
      );
      shops.setCookie(reply, shop.slug, token, expiresAt);
      return { customer: publicCustomer(customer) };
    },
  );

  app.get(
    '/api/shop/:tenant/session',
    { config: { doc: { summary: 'Who is signed in to the shop' } } },
    async (request, reply) => {
      const signedIn = await shops.signedIn(request, reply);
      if (!signedIn) return reply;
      return reply.header('cache-control', 'no-store').send({ customer: publicCustomer(signedIn.customer) });
    },
  );

  app.delete(
    '/api/shop/:tenant/session',
    { config: { doc: { summary: 'The customer signs out' } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      const hash = shops.tokenHashOf(request, shop.slug);
      if (hash) await endCustomerSession(db, shop.id, hash);
      shops.clearCookie(reply, shop.slug);
      return reply.code(204).send();
    },
  );
}
