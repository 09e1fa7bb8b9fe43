import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getBusinessHours, saveBusinessHours, upcomingOrders } from '../../db/restaurant/business-hours.ts';
import { getPickupMethods } from '../../db/restaurant/pickup-methods.ts';
import {
  businessHoursSchema,
  hoursErrors,
  openingStatus,
  orderSlots,
  orderSlotsQuery,
  ordersOutsideHours,
  slotsOn,
  type BusinessHours,
  type SlotMethod,
} from '../../domain/restaurant/business-hours.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { branchOf, branchParams, requireBranch } from './branch-guard.ts';

/** Open now and until when, or when next; instants as ISO strings (the web app imports these types). */
export type OpeningStatusBody = { open: true; closesAt: string } | { open: false; nextOpening: string | null };

export interface BranchBusinessHours {
  hours: BusinessHours;
  /** False while the branch shows the defaults it never saved. */
  saved: boolean;
  status: OpeningStatusBody;
}

export interface BranchOrderSlots {
  method: SlotMethod;
  status: OpeningStatusBody;
  slots: { start: string; end: string }[];
}

/** A future order the new hours would no longer cover (the 409's list). */
export interface OrderOutsideHours {
  id: string;
  number: string;
  wantedAt: string;
}

export function statusBody(hours: BusinessHours, now: Date): OpeningStatusBody {
  const status = openingStatus(hours, now);
  return status.open
    ? { open: true, closesAt: status.closesAt.toISOString() }
    : { open: false, nextOpening: status.nextOpening?.toISOString() ?? null };
}

/** The PUT body is the hours themselves, plus `confirm: true` once the merchant has seen the warning. */
function splitConfirm(body: unknown): { confirm: boolean; hours: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { confirm: false, hours: body };
  const { confirm, ...hours } = body as Record<string, unknown>;
  return { confirm: confirm === true, hours };
}

/**
 * A branch's business hours (營業時間設定):
 *
 * - GET /api/t/:tenant/branches/:branchId/business-hours — the hours (defaults if never saved)
 *   and whether the branch is open now (restaurant: view, the member's branch).
 * - PUT the same path with the whole hours (restaurant: manage), audited. 400 with `fields`
 *   (top-level) and `paths` ("week.1.0.end") for bad input; 409 `orders_outside_hours` with
 *   the upcoming orders the new hours would not cover, unless the body has `confirm: true`.
 * - GET .../order-slots?method=pickup|delivery[&date=YYYY-MM-DD] — the times a customer may
 *   pick, what the storefront will show (restaurant: view).
 *
 * The rules are domain/restaurant/business-hours.ts, the page's too.
 */
export async function businessHoursRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/branches/:branchId/business-hours',
    {
      preHandler: requireBranch('settings/hours', 'view'),
      config: { doc: { summary: "A branch's business hours and whether it is open now", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const { hours, saved } = await getBusinessHours(db, tenant.id, branch.id);
      const body: BranchBusinessHours = { hours, saved, status: statusBody(hours, new Date()) };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.put(
    '/branches/:branchId/business-hours',
    {
      preHandler: requireBranch('settings/hours', 'manage'),
      config: {
        doc: { summary: "Save a branch's business hours", params: branchParams, body: businessHoursSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const { confirm, hours } = splitConfirm(request.body);
      const input = businessHoursSchema.safeParse(hours);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_business_hours',
          message: z.prettifyError(input.error),
          fields: fieldErrors(input.error),
          paths: hoursErrors(input.error),
        });
      const now = new Date();
      const result = await db.$transaction(async (tx) => {
        const outside = ordersOutsideHours(input.data, await upcomingOrders(tx, tenant.id, branch.id, now));
        if (outside.length > 0 && !confirm) return { outside, saved: null };
        const saved = await saveBusinessHours(tx, tenant.id, branch.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'branch.business_hours',
            targetType: 'branch',
            targetId: branch.id,
            data: { hours: saved, ordersOutside: outside.map((o) => o.number) },
          }),
        );
        return { outside, saved };
      });
      if (!result.saved) {
        const orders: OrderOutsideHours[] = result.outside.map((o) => ({
          id: o.id,
          number: o.number,
          wantedAt: o.wantedAt.toISOString(),
        }));
        return reply.code(409).send({
          code: 'orders_outside_hours',
          message: `有 ${orders.length} 筆預訂單的取餐/送達時間不在新的營業時間內，確定要儲存嗎？訂單不會被取消。`,
          orders,
        });
      }
      const body: BranchBusinessHours = { hours: result.saved, saved: true, status: statusBody(result.saved, now) };
      return body;
    },
  );

  app.get(
    '/branches/:branchId/order-slots',
    {
      preHandler: requireBranch(['settings/hours', 'order-board', 'order-board/future'], 'view'),
      config: {
        doc: {
          summary: 'The pickup or delivery times a customer may pick',
          params: branchParams,
          query: orderSlotsQuery,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const query = orderSlotsQuery.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({
          code: 'invalid_slots_query',
          message: z.prettifyError(query.error),
          fields: fieldErrors(query.error),
        });
      const [{ hours }, methods] = await Promise.all([
        getBusinessHours(db, tenant.id, branch.id),
        getPickupMethods(db, tenant.id, branch.id),
      ]);
      const now = new Date();
      const all = orderSlots(hours, methods, query.data.method, now);
      const slots = query.data.date ? slotsOn(all, query.data.date) : all;
      const body: BranchOrderSlots = {
        method: query.data.method,
        status: statusBody(hours, now),
        slots: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })),
      };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );
}
