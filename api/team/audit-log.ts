import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  before: z.iso.datetime().optional(),
});

/** GET /api/t/:tenant/audit?limit&before — the shop's audit log, newest first (team: view). */
export async function auditLogRoutes(app: FastifyInstance) {
  const { db } = app.jiayiAuth;

  app.get(
    '/audit',
    {
      preHandler: requirePage('team', 'view'),
      config: { doc: { summary: "The shop's audit log", query: auditQuery } },
    },
    async (request, reply) => {
      const auth = tenantAuth(request);
      const query = auditQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send({ code: 'invalid_query', message: z.prettifyError(query.error) });
      const rows = await db.auditLog.findMany({
        where: {
          tenantId: auth.tenant.id,
          ...(query.data.before ? { createdAt: { lt: new Date(query.data.before) } } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.data.limit,
        select: {
          id: true,
          actorName: true,
          action: true,
          targetType: true,
          targetId: true,
          data: true,
          createdAt: true,
        },
      });
      return reply.header('cache-control', 'no-store').send({
        entries: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
      });
    },
  );
}
