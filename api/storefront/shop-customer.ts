import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findCustomerSession, type SignedInCustomer } from '../../db/storefront/customer-sessions.ts';
import { customerCookieName } from '../../domain/storefront/customer-session.ts';
import { SLUG_PATTERN } from '../../domain/tenant-slug.ts';
import { sha256Hex } from '../team/auth/crypto.ts';
import { isLocalHttp } from '../team/auth/config.ts';
import type { ServerDeps } from '../deps.ts';

const params = z.object({ tenant: z.string().regex(SLUG_PATTERN) });

export const SHOP_NOT_FOUND = { code: 'shop_not_found', message: '找不到這間店' } as const;
export const SIGNED_OUT = { code: 'customer_signed_out', message: '請先用 LINE 登入' } as const;

export interface StorefrontShopRow {
  id: string;
  slug: string;
  name: string;
  kind: string;
  liffId: string | null;
}

/**
 * The shop a customer route's `:tenant` names, and the customer its cookie signs in (for that
 * shop only): what every storefront route starts from.
 */
export function shopCustomers(deps: ServerDeps) {
  const { db, env } = deps;
  const secure = !isLocalHttp(env.PUBLIC_BASE_URL);
  const cookieOf = (slug: string) => customerCookieName(slug, secure);

  async function shopOf(request: FastifyRequest): Promise<StorefrontShopRow | null> {
    const p = params.safeParse(request.params);
    if (!p.success) return null;
    return db.tenant.findUnique({
      where: { slug: p.data.tenant },
      select: { id: true, slug: true, name: true, kind: true, liffId: true },
    });
  }

  /** The SHA-256 of the shop's customer cookie, or null when there is none worth looking up. */
  function tokenHashOf(request: FastifyRequest, slug: string): string | null {
    const token = request.cookies[cookieOf(slug)];
    return token && token.length >= 20 && token.length <= 100 ? sha256Hex(token) : null;
  }

  async function customerOf(request: FastifyRequest, shop: StorefrontShopRow): Promise<SignedInCustomer | null> {
    const hash = tokenHashOf(request, shop.slug);
    return hash ? ((await findCustomerSession(db, shop.id, hash))?.customer ?? null) : null;
  }

  const cookieOptions = { path: '/', secure, httpOnly: true, sameSite: 'lax' as const };

  /** The shop and its signed-in customer; otherwise answers 404 (no such shop) or 401 and gives null. */
  async function signedIn(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ shop: StorefrontShopRow; customer: SignedInCustomer } | null> {
    const shop = await shopOf(request);
    if (!shop) {
      await reply.code(404).send(SHOP_NOT_FOUND);
      return null;
    }
    const customer = await customerOf(request, shop);
    if (!customer) {
      await reply.code(401).header('cache-control', 'no-store').send(SIGNED_OUT);
      return null;
    }
    return { shop, customer };
  }

  return {
    shopOf,
    customerOf,
    signedIn,
    tokenHashOf,
    setCookie: (reply: FastifyReply, slug: string, token: string, expires: Date) =>
      reply.setCookie(cookieOf(slug), token, { ...cookieOptions, expires }),
    clearCookie: (reply: FastifyReply, slug: string) => reply.clearCookie(cookieOf(slug), cookieOptions),
  };
}
