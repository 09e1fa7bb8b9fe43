import type { FastifyInstance } from 'fastify';
import { findOrderInvoice, type OrderInvoiceView } from '../../db/invoices/order-invoices.ts';
import { z } from 'zod';
import { printableTextSchema } from '../../domain/query-inputs.ts';
import type { Db } from '../../db/client.ts';
import { allowedNextStatuses, type OrderStatus } from '../../domain/orders/order-status.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { workflowAttention } from './order-attention.ts';
import { orderDiscountLines } from '../../db/promotions/checkout-discounts.ts';
import { boardOrder, type BoardOrder } from '../../db/restaurant/order-board.ts';
import { actionsFor, type RestaurantAction } from '../../domain/restaurant/restaurant-order-status.ts';
import { adminOrderOf, orderSelect, type AdminOrder } from './orders.ts';
import { orderPaymentView, type OrderPaymentView } from '../../db/payments/order-payments.ts';
import { ORDERS_READ } from '../../domain/team/page-sets.ts';

/** One line of an order's timeline (order_events), oldest first. */
export interface AdminOrderEvent {
  id: string;
  /** created, status_changed, quantity_changed, customer_notified, customer_messaged, ... */
  type: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  /** Who: a member (by their name), the customer, or the system. */
  actor: { kind: 'staff' | 'customer' | 'system'; name: string | null };
  /** What the page shows of the event's data: the message sent, the tracking number, ... */
  details: { text?: string; trackingNumber?: string; delivery?: string; reason?: string; message?: string };
  /** ISO 8601; the page shows it in Asia/Taipei. */
  createdAt: string;
}

/** An internal note: never shown to the customer. */
export interface AdminOrderNote {
  id: string;
  body: string;
  authorName: string;
  createdAt: string;
}

export interface AdminOrderDetail {
  tenant: { slug: string; name: string };
  order: AdminOrder & { trackingNumber: string | null; memo: string | null };
  customer: { id: string; displayName: string; pictureUrl: string | null; blocked: boolean };
  /** The statuses the order may move to now (domain/orders/order-status.ts). */
  nextStatuses: OrderStatus[];
  events: AdminOrderEvent[];
  /** Newest first. */
  notes: AdminOrderNote[];
  /** Why the order's workflow says it needs a person (a stuck step, an answer LINE refused); null: nothing. */
  attention: string | null;
  /**
   * A restaurant order's own details (null on +1 orders): its branch, pickup number and method,
   * the slot, table or address, each line's options and note, the customer's note, the reasons,
   * and the board actions the status machine allows now (its status moves on the board only).
   */
  restaurant: RestaurantOrderDetail | null;
  /** What the pricing order took off (at checkout, or at a "+1" order's pay step), oldest first. */
  discounts: { kind: string; label: string; amount: number }[];
  /** How the order is paid and where its money stands; null for orders from before payments. */
  payment: OrderPaymentView | null;
  /** 電子發票 of the order (null: none chosen or the shop issues none). */
  invoice: OrderInvoiceView | null;
}

export interface RestaurantOrderDetail extends BoardOrder {
  branch: { id: string; name: string; address: string; phone: string; mapUrl: string | null };
  actions: RestaurantAction[];
}

export const orderNumberParams = z.object({ orderNumber: printableTextSchema(40) });
export const ORDER_NOT_FOUND = { code: 'not_found', message: '找不到這筆訂單' } as const;

/** This tenant's order with that number (the admin's URLs name orders by number), or null. */
export function findOrderByNumber(db: Db, tenantId: string, orderNumber: string) {
  return db.order.findFirst({
    where: { tenantId, number: orderNumber },
    select: { id: true, status: true, workflowId: true },
  });
}

const MAX_EVENTS = 500;

function detailsOf(data: unknown): AdminOrderEvent['details'] {
  const d = (data ?? {}) as Record<string, unknown>;
  const out: AdminOrderEvent['details'] = {};
  for (const key of ['text', 'trackingNumber', 'delivery', 'reason', 'message'] as const) {
    if (typeof d[key] === 'string' && d[key]) out[key] = d[key];
  }
  return out;
}

export async function readOrderNotes(db: Db, tenantId: string, orderId: string): Promise<AdminOrderNote[]> {
  const notes = await db.orderNote.findMany({
    where: { tenantId, orderId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, body: true, authorName: true, createdAt: true },
  });
  return notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() }));
}

/**
 * GET /api/t/:tenant/orders/:orderNumber/detail — everything the order page shows: the order,
 * its customer (blocked or not), the statuses it may move to, its timeline with who did what
 * (members by name), and the internal notes. orders: view; another shop's number is a 404.
 */
export async function adminOrderDetailRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env, temporal } = opts.deps;
  app.get(
    '/orders/:orderNumber/detail',
    {
      preHandler: requirePage(ORDERS_READ, 'view'),
      config: { doc: { summary: 'An order with its items, customer, notes and timeline', params: orderNumberParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = orderNumberParams.safeParse(request.params);
      if (!path.success) return reply.code(404).send(ORDER_NOT_FOUND);
      const row = await db.order.findFirst({
        where: { tenantId: tenant.id, number: path.data.orderNumber },
        select: {
          ...orderSelect,
          trackingNumber: true,
          memo: true,
          customer: { select: { id: true, displayName: true, pictureUrl: true, blockedAt: true } },
          pickupMethod: true,
          branch: { select: { id: true, name: true, address: true, phone: true, mapUrl: true } },
        },
      });
      if (!row) return reply.code(404).send(ORDER_NOT_FOUND);
      const board = row.pickupMethod && row.branch ? await boardOrder(db, tenant.id, row.branch.id, row.id) : null;
      const [events, notes, attention, payment, invoice, discounts] = await Promise.all([
        db.orderEvent.findMany({
          where: { tenantId: tenant.id, orderId: row.id },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          take: MAX_EVENTS,
          select: { id: true, type: true, fromStatus: true, toStatus: true, actor: true, data: true, createdAt: true },
        }),
        readOrderNotes(db, tenant.id, row.id),
        workflowAttention(temporal, row.workflowId),
        orderPaymentView(db, tenant.id, row.id),
        findOrderInvoice(db, tenant.id, row.id),
        orderDiscountLines(db, tenant.id, row.id),
      ]);
      const staffIds = [...new Set(events.flatMap((e) => (e.actor.startsWith('staff:') ? [e.actor.slice(6)] : [])))];
      const staff = staffIds.length
        ? await db.staff.findMany({
            where: { tenantId: tenant.id, id: { in: staffIds.filter((id) => z.uuid().safeParse(id).success) } },
            select: { id: true, displayName: true },
          })
        : [];
      const staffName = new Map(staff.map((s) => [s.id, s.displayName]));
      const body: AdminOrderDetail = {
        tenant: { slug: tenant.slug, name: tenant.name },
        order: { ...adminOrderOf(row, env), trackingNumber: row.trackingNumber, memo: row.memo },
        customer: {
          id: row.customer.id,
          displayName: row.customer.displayName,
          pictureUrl: row.customer.pictureUrl,
          blocked: row.customer.blockedAt !== null,
        },
        nextStatuses: board ? [] : [...allowedNextStatuses(row.status)],
        events: events.map((e) => ({
          id: e.id,
          type: e.type,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          actor: e.actor.startsWith('staff:')
            ? { kind: 'staff', name: staffName.get(e.actor.slice(6)) ?? null }
            : e.actor.startsWith('customer:')
              ? { kind: 'customer', name: row.customer.displayName }
              : { kind: 'system', name: null },
          details: detailsOf(e.data),
          createdAt: e.createdAt.toISOString(),
        })),
        notes,
        attention,
        restaurant:
          board && row.branch ? { ...board.order, branch: row.branch, actions: actionsFor(board.order.status) } : null,
        discounts,
        payment,
        invoice,
      };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );
}
