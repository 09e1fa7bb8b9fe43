import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadMenu, menuVersionOf } from '../../db/catalog/menu.ts';
import { getStoreProfile } from '../../db/restaurant/store-profile.ts';
import { publicStoreProfile } from '../../domain/restaurant/store-profile.ts';
import { SLUG_PATTERN } from '../../domain/tenant-slug.ts';
import type { ServerDeps } from '../deps.ts';

const params = z.object({ tenant: z.string().regex(SLUG_PATTERN) });
const query = z.object({ branch: z.uuid().optional() });
const NOT_FOUND = { code: 'menu_not_found', message: '找不到這間店的菜單' } as const;

/**
 * The customer's menu, no sign-in (outside /api/t/:tenant, whose every route is a member's):
 *
 * - GET /api/menu/:tenant?branch=<id> — public items, categories in order, option groups, the
 *   branch's prices and availability (items and choices it paused or sold out today are marked
 *   `soldOut`, items with the reason in `unavailable`), the menu version, `refreshAt`: when the
 *   menu changes by itself (a pause ends, stock refills at midnight), and the shop's profile
 *   (`store`: name, links, the announcement while shown, theme colours, logo and cover;
 *   `store.refreshAt` is when an announcement starts or ends).
 * - GET /api/menu/:tenant/version — just {version}: an open page polls it (one indexed read)
 *   and reloads the menu when it changes. Polling, not a stream: customers are many and idle.
 *
 * Only restaurants have one; an unknown shop, branch or a +1-only shop is a 404.
 */
export async function menuPublicRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  async function restaurantOf(slug: unknown) {
    const p = params.safeParse({ tenant: slug });
    if (!p.success) return null;
    const tenant = await db.tenant.findUnique({
      where: { slug: p.data.tenant },
      select: { id: true, name: true, kind: true },
    });
    return tenant && tenant.kind !== 'plus_one' ? tenant : null;
  }

  app.get(
    '/api/menu/:tenant',
    { config: { doc: { summary: "A restaurant's menu as customers see it", query } } },
    async (request, reply) => {
      const tenant = await restaurantOf((request.params as { tenant?: unknown }).tenant);
      const q = query.safeParse(request.query);
      if (!q.success) return reply.code(400).send({ code: 'invalid_query', message: z.prettifyError(q.error) });
      if (!tenant) return reply.code(404).send(NOT_FOUND);
      if (q.data.branch) {
        const branch = await db.branch.findFirst({
          where: { tenantId: tenant.id, id: q.data.branch, archivedAt: null },
          select: { id: true },
        });
        if (!branch) return reply.code(404).send({ code: 'branch_not_found', message: '找不到這間分店' });
      }
      const [menu, stored] = await Promise.all([
        loadMenu(db, tenant.id, q.data.branch ?? null),
        getStoreProfile(db, tenant.id, tenant.name),
      ]);
      const store = publicStoreProfile(stored.profile, stored, new Date());
      return reply.header('cache-control', 'no-store').send({ shop: { name: tenant.name }, store, ...menu });
    },
  );

  app.get(
    '/api/menu/:tenant/version',
    { config: { doc: { summary: "The restaurant's menu version (poll it)" } } },
    async (request, reply) => {
      const tenant = await restaurantOf((request.params as { tenant?: unknown }).tenant);
      if (!tenant) return reply.code(404).send(NOT_FOUND);
      return reply.header('cache-control', 'no-store').send({ version: await menuVersionOf(db, tenant.id) });
    },
  );
}
