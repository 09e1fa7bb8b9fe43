import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getBusinessHours } from '../../db/restaurant/business-hours.ts';
import { getPickupMethods } from '../../db/restaurant/pickup-methods.ts';
import { slotAvailability } from '../../db/restaurant/slot-availability.ts';
import { orderSlots, orderSlotsQuery, slotsOn } from '../../domain/restaurant/business-hours.ts';
import {
  coordinatesOf,
  deliveryQuote,
  deliveryQuoteQuery,
  methodsOpen,
  type PickupMethod,
} from '../../domain/restaurant/pickup-methods.ts';
import { SLUG_PATTERN } from '../../domain/tenant-slug.ts';
import { statusBody, type OpeningStatusBody } from '../restaurant/business-hours.ts';
import type { ServerDeps } from '../deps.ts';

const shopParams = z.object({ tenant: z.string().regex(SLUG_PATTERN) });
const branchParams = shopParams.extend({ branchId: z.uuid() });
const SHOP_NOT_FOUND = { code: 'shop_not_found', message: '找不到這間店' } as const;
const BRANCH_NOT_FOUND = { code: 'branch_not_found', message: '找不到這間分店' } as const;

export interface ShopBranch {
  id: string;
  name: string;
  address: string;
  phone: string;
  mapUrl: string | null;
  open: boolean;
  opening: OpeningStatusBody;
  methods: PickupMethod[];
  ordering: 'accepting' | 'paused';
  /** The branch's rider partner bills the customer: the rider collects the fee at the door. */
  riderCollectsFee: boolean;
}

export interface ShopOrderSlot {
  start: string;
  end: string;
  full: boolean;
  /** Orders the slot may still take; null: no limit. */
  left: number | null;
}

/**
 * A restaurant's branches as its customers choose between them, no sign-in:
 *
 * - GET /api/shop/:tenant/branches — the branches taking orders or not, open now or when next,
 *   and how food can be had at each (自取/外送/內用).
 * - GET /api/shop/:tenant/branches/:branchId/order-slots?method=&date= — the slots a customer
 *   may pick, each with whether it is full (listed anyway, so the page can say so).
 * - GET /api/shop/:tenant/branches/:branchId/delivery-quote?lat&lng&zone&subtotal — whether
 *   and for what fee the branch delivers there (domain/restaurant/pickup-methods.ts deliveryQuote).
 */
export async function restaurantBranchRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  async function restaurantOf(params: unknown) {
    const p = shopParams.safeParse(params);
    if (!p.success) return null;
    const tenant = await db.tenant.findUnique({ where: { slug: p.data.tenant }, select: { id: true, kind: true } });
    return tenant && tenant.kind !== 'plus_one' ? tenant : null;
  }

  async function branchOf(params: unknown) {
    const p = branchParams.safeParse(params);
    const tenant = await restaurantOf(params);
    if (!tenant || !p.success) return null;
    const branch = await db.branch.findFirst({
      where: { tenantId: tenant.id, id: p.data.branchId, archivedAt: null },
      select: { id: true, latitude: true, longitude: true },
    });
    return branch ? { tenant, branch } : null;
  }

  app.get(
    '/api/shop/:tenant/branches',
    { config: { doc: { summary: "A restaurant's branches as customers choose them" } } },
    async (request, reply) => {
      const tenant = await restaurantOf(request.params);
      if (!tenant) return reply.code(404).send(SHOP_NOT_FOUND);
      const rows = await db.branch.findMany({
        where: { tenantId: tenant.id, archivedAt: null },
        orderBy: { createdAt: 'asc' },
        select: { id: true, name: true, address: true, phone: true, mapUrl: true, orderingStatus: true },
      });
      const riderCollects = new Set(
        (
          await db.deliverySettings.findMany({
            where: { tenantId: tenant.id, feePaidBy: 'customer' },
            select: { branchId: true },
          })
        ).map((s) => s.branchId),
      );
      const now = new Date();
      const branches: ShopBranch[] = await Promise.all(
        rows.map(async (b) => {
          const [{ hours }, methods] = await Promise.all([
            getBusinessHours(db, tenant.id, b.id),
            getPickupMethods(db, tenant.id, b.id),
          ]);
          const opening = statusBody(hours, now);
          return {
            id: b.id,
            name: b.name,
            address: b.address,
            phone: b.phone,
            mapUrl: b.mapUrl,
            open: opening.open,
            opening,
            methods: methodsOpen(methods),
            ordering: b.orderingStatus,
            riderCollectsFee: riderCollects.has(b.id),
          };
        }),
      );
      return reply.header('cache-control', 'no-store').send({ branches });
    },
  );

  app.get(
    '/api/shop/:tenant/branches/:branchId/order-slots',
    {
      config: {
        doc: {
          summary: 'The pickup or delivery slots a customer may pick',
          params: branchParams,
          query: orderSlotsQuery,
        },
      },
    },
    async (request, reply) => {
      const found = await branchOf(request.params);
      if (!found) return reply.code(404).send(BRANCH_NOT_FOUND);
      const query = orderSlotsQuery.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({ code: 'invalid_query', message: query.error.issues[0]?.message ?? '查詢不正確' });
      const { tenant, branch } = found;
      const [{ hours }, methods] = await Promise.all([
        getBusinessHours(db, tenant.id, branch.id),
        getPickupMethods(db, tenant.id, branch.id),
      ]);
      const all = orderSlots(hours, methods, query.data.method, new Date());
      const picked = query.data.date ? slotsOn(all, query.data.date) : all.slice(0, 200);
      const slots: ShopOrderSlot[] = (await slotAvailability(db, tenant.id, branch.id, picked)).map((s) => ({
        start: s.start.toISOString(),
        end: s.end.toISOString(),
        full: s.full,
        left: s.left,
      }));
      return reply.header('cache-control', 'no-store').send({ slots });
    },
  );

  app.get(
    '/api/shop/:tenant/branches/:branchId/delivery-quote',
    {
      config: {
        doc: {
          summary: 'Whether and for what fee a branch delivers there',
          params: branchParams,
          query: deliveryQuoteQuery,
        },
      },
    },
    async (request, reply) => {
      const found = await branchOf(request.params);
      if (!found) return reply.code(404).send(BRANCH_NOT_FOUND);
      const query = deliveryQuoteQuery.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({ code: 'invalid_query', message: query.error.issues[0]?.message ?? '查詢不正確' });
      const { tenant, branch } = found;
      const methods = await getPickupMethods(db, tenant.id, branch.id);
      const q = query.data;
      const quote = deliveryQuote(
        methods,
        coordinatesOf(branch.latitude, branch.longitude),
        { coords: coordinatesOf(q.lat, q.lng), zone: q.zone ?? null },
        q.subtotal,
      );
      return reply.header('cache-control', 'no-store').send(quote);
    },
  );
}
