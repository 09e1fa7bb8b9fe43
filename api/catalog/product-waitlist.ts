import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findProduct } from '../../db/catalog/products.ts';
import { clearWaitlist, listWaitlist } from '../../db/orders/waitlist.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';

const productParams = z.object({ productId: z.uuid() });

/** The admin's waitlist of a product (the web app imports this type only). */
export interface ProductWaitlist {
  waiting: {
    position: number;
    id: string;
    quantity: number;
    joinedAt: string;
    customer: { id: string; displayName: string };
  }[];
}
const NOT_FOUND = { code: 'not_found', message: '找不到這個商品' } as const;

/**
 * A product's waitlist (候補) in the admin:
 * - GET    /api/t/:tenant/products/:productId/waitlist — who waits, first first (products: view).
 * - DELETE /api/t/:tenant/products/:productId/waitlist — empties it (products: manage), audited.
 */
export async function productWaitlistRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const productOf = async (tenantId: string, raw: unknown) => {
    const params = productParams.safeParse(raw);
    return params.success ? findProduct(db, tenantId, params.data.productId) : null;
  };

  app.get(
    '/products/:productId/waitlist',
    {
      preHandler: requirePage('products', 'view'),
      config: { doc: { summary: 'Who waits for a sold-out product (候補), first first', params: productParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const product = await productOf(tenant.id, request.params);
      if (!product) return reply.code(404).send(NOT_FOUND);
      const entries = await listWaitlist(db, tenant.id, product.id);
      const body: ProductWaitlist = {
        waiting: entries.map((e, i) => ({
          position: i + 1,
          id: e.id,
          quantity: e.quantity,
          joinedAt: e.joinedAt.toISOString(),
          customer: e.customer,
        })),
      };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.delete(
    '/products/:productId/waitlist',
    {
      preHandler: requirePage('products', 'manage'),
      config: { doc: { summary: "Empty a product's waitlist", params: productParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const product = await productOf(tenant.id, request.params);
      if (!product) return reply.code(404).send(NOT_FOUND);
      const cleared = await clearWaitlist(db, tenant.id, product.id);
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'product.waitlist_clear',
          targetType: 'product',
          targetId: product.id,
          data: { cleared },
        }),
      );
      return { cleared, message: `已清除 ${cleared} 位候補` };
    },
  );
}
