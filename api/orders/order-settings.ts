import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findOrderSettings, saveOrderSettings } from '../../db/orders/order-settings.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { orderSettingsSchema } from '../../domain/orders/order-settings.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';

/**
 * GET/PUT /api/t/:tenant/settings/orders — how long a reservation (幫我留) holds its stock and
 * how long a step of an order may keep failing before the order asks for a person. New orders
 * take the values; running ones keep those they started with.
 */
export async function orderSettingsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/settings/orders',
    {
      preHandler: requirePage('settings/orders', 'view'),
      config: { doc: { summary: 'The reservation hold window and the stuck-order threshold, in minutes' } },
    },
    async (request) => findOrderSettings(db, tenantAuth(request).tenant.id),
  );

  app.put(
    '/settings/orders',
    {
      preHandler: requirePage('settings/orders', 'manage'),
      config: {
        doc: { summary: 'Change the reservation hold window and the stuck-order threshold', body: orderSettingsSchema },
      },
    },
    async (request, reply) => {
      const input = orderSettingsSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_order_settings',
          message: z.prettifyError(input.error),
          fields: fieldErrors(input.error),
        });
      const { tenant } = tenantAuth(request);
      await db.$transaction(async (tx) => {
        const before = await findOrderSettings(tx, tenant.id);
        await saveOrderSettings(tx, tenant.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.orders',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { before, after: input.data },
          }),
        );
      });
      return input.data;
    },
  );
}
