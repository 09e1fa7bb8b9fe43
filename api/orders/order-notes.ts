import type { FastifyInstance } from 'fastify';
import { orderNoteSchema } from '../../domain/orders/order-notes.ts';
import { notifyOrderChanged } from '../../db/orders/order-changes.ts';
import type { Db } from '../../db/client.ts';
import type { ServerDeps } from '../deps.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { findOrderByNumber, ORDER_NOT_FOUND, orderNumberParams, readOrderNotes } from './order-detail.ts';
import { ORDERS_MANAGE } from '../../domain/team/page-sets.ts';

/**
 * POST /api/t/:tenant/orders/:orderNumber/notes `{ body }` — an internal note on the order
 * (1–1000 characters), by the signed-in member; answers the order's notes, newest first.
 * orders: manage. Written with its audit line (order.note_add) in one transaction.
 */
export async function adminOrderNoteRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  app.post(
    '/orders/:orderNumber/notes',
    {
      preHandler: requirePage(ORDERS_MANAGE, 'manage'),
      config: {
        doc: { summary: 'Add an internal note to an order', params: orderNumberParams, body: orderNoteSchema },
      },
    },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const path = orderNumberParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(ORDER_NOT_FOUND);
      const input = orderNoteSchema.safeParse(request.body ?? {});
      if (!input.success) {
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: input.error.issues[0]?.message ?? '備註內容不正確' });
      }
      const order = await findOrderByNumber(db, tenant.id, path.data.orderNumber);
      if (!order) return reply.code(404).send(ORDER_NOT_FOUND);
      await db.$transaction(async (tx) => {
        const note = await tx.orderNote.create({
          data: {
            tenantId: tenant.id,
            orderId: order.id,
            staffId: member.id,
            authorName: member.displayName,
            body: input.data.body,
          },
          select: { id: true },
        });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'order.note_add',
            targetType: 'order',
            targetId: path.data.orderNumber,
            data: { orderId: order.id, noteId: note.id, length: input.data.body.length },
          }),
        );
        // Other open pages of this order show the note.
        await notifyOrderChanged(tx as unknown as Db, tenant.id, order.id);
      });
      return reply.code(201).send({ notes: await readOrderNotes(db, tenant.id, order.id) });
    },
  );
}
