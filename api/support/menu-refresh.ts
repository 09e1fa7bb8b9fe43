import type { FastifyInstance } from 'fastify';
import { bumpMenuVersion, menuVersionOf } from '../../db/catalog/menu.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { emptyBody } from '../../domain/query-inputs.ts';

/**
 * 線上客服's checks that need the server:
 * - GET /api/t/:tenant/support/menu-version — the menu version customers' pages hold now
 *   (they poll it and reload when it changes) (products: view).
 * - POST /api/t/:tenant/support/menu-refresh — 強制更新客戶端菜單: a new version, so every
 *   open ordering page reloads its menu (products: manage).
 */
export async function supportRoutes(app: FastifyInstance) {
  const { db } = app.jiayiAuth;

  app.get(
    '/support/menu-version',
    { preHandler: requirePage(['products', 'menu'], 'view'), config: { doc: { summary: 'The menu version customers have' } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      return reply.header('cache-control', 'no-store').send({ version: await menuVersionOf(db, tenant.id) });
    },
  );

  app.post(
    '/support/menu-refresh',
    {
      preHandler: requirePage(['products', 'menu'], 'manage'),
      config: { doc: { summary: "Make every customer's open menu reload", body: emptyBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_input', message: '這個請求不需要內容' });
      const version = await db.$transaction(async (tx) => {
        const next = await bumpMenuVersion(tx, tenant.id);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'support.menu_refresh',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { version: next },
          }),
        );
        return next;
      });
      return reply.send({ version });
    },
  );
}
