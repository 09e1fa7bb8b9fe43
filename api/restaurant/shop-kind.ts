import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { shopKindSchema } from '../../domain/restaurant/shop-kind.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';

/**
 * PUT /api/t/:tenant/settings/shop-kind {kind: plus_one|restaurant|both} — what the shop sells as
 * (settings: manage). GET /api/t/:tenant/me answers the current kind. A restaurant's branches
 * stay when it stops being one, hidden, and come back if it runs a restaurant again.
 */
export async function shopKindRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.put(
    '/settings/shop-kind',
    {
      preHandler: requirePage('settings/shop', 'manage'),
      config: {
        doc: { summary: 'Whether the shop sells by LINE +1, runs a restaurant, or both', body: shopKindSchema },
      },
    },
    async (request, reply) => {
      const input = shopKindSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_shop_kind', message: z.prettifyError(input.error) });
      const { tenant } = tenantAuth(request);
      await db.$transaction(async (tx) => {
        await tx.tenant.update({ where: { id: tenant.id }, data: { kind: input.data.kind } });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.shop_kind',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { before: tenant.kind, after: input.data.kind },
          }),
        );
      });
      return { kind: input.data.kind };
    },
  );
}
