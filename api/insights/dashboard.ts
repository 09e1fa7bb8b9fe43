import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { businessDaySchema } from '../../domain/query-inputs.ts';
import { loadDashboard } from '../../db/insights/dashboard.ts';
import { lastTaipeiDays, taipeiDaySeries } from '../../domain/insights/day-series.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

const query = z.object({ from: businessDaySchema.optional(), to: businessDaySchema.optional() }).transform((q, ctx) => {
  const range = q.from && q.to ? { from: q.from, to: q.to } : lastTaipeiDays(new Date(), 30);
  try {
    taipeiDaySeries(range.from, range.to);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
  return range;
});

/** GET /api/t/:tenant/dashboard?from=&to= — the shop at a glance, by Asia/Taipei days. */
export async function adminDashboardRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  app.get(
    '/dashboard',
    {
      preHandler: requirePage('dashboard', 'view'),
      config: { doc: { summary: 'Sales figures for a range of Taipei days', query } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const range = query.safeParse(request.query);
      if (!range.success) return reply.code(400).send({ code: 'invalid_range', message: z.prettifyError(range.error) });
      return loadDashboard(db, tenant.id, range.data);
    },
  );
}
