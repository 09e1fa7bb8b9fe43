import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getPickupMethods, savePickupMethods } from '../../db/restaurant/pickup-methods.ts';
import {
  deliveryQuote,
  coordinatesOf,
  deliveryQuoteQuery,
  methodsOpen,
  pickupMethodsSchema,
  type PickupMethod,
  type PickupMethods,
  zoneErrors,
} from '../../domain/restaurant/pickup-methods.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { branchOf, branchParams, requireBranch } from './branch-guard.ts';

/** What GET and PUT answer (the web app imports this type only). */
export interface BranchPickupMethods {
  settings: PickupMethods;
  open: PickupMethod[];
}

const invalid = (code: string, error: z.ZodError) => ({
  code,
  message: z.prettifyError(error),
  fields: fieldErrors(error),
});

/**
 * A branch's pickup methods (取件方式設定):
 *
 * - GET /api/t/:tenant/branches/:branchId/pickup-methods — the settings (defaults if never
 *   saved) and the methods open now (restaurant: view, the member's branch).
 * - PUT the same path with the whole settings object (restaurant: manage, the member's branch),
 *   audited with the new settings. A refusal has `fields` and, for delivery zones, `zones`
 *   ("0.fee": message).
 * - GET .../delivery-quote?lat=&lng=&subtotal= (or &zone= when delivering by zones) — whether the
 *   branch delivers there and the fee, in whole NT$ (restaurant: view; the storefront's next).
 *
 * The rules are domain/restaurant/pickup-methods.ts, the page's too.
 */
export async function pickupMethodRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/branches/:branchId/pickup-methods',
    {
      preHandler: requireBranch(['settings/pickup', 'settings/hours'], 'view'),
      config: { doc: { summary: "A branch's pickup, delivery and dine-in settings", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const settings = await getPickupMethods(db, tenant.id, branch.id);
      const body: BranchPickupMethods = { settings, open: methodsOpen(settings) };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );

  app.put(
    '/branches/:branchId/pickup-methods',
    {
      preHandler: requireBranch('settings/pickup', 'manage'),
      config: {
        doc: { summary: "Save a branch's pickup methods", params: branchParams, body: pickupMethodsSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const input = pickupMethodsSchema.safeParse(request.body);
      if (!input.success)
        return reply
          .code(400)
          .send({ ...invalid('invalid_pickup_methods', input.error), zones: zoneErrors(input.error) });
      const settings = await db.$transaction(async (tx) => {
        const saved = await savePickupMethods(tx, tenant.id, branch.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'branch.pickup_methods',
            targetType: 'branch',
            targetId: branch.id,
            data: saved,
          }),
        );
        return saved;
      });
      const body: BranchPickupMethods = { settings, open: methodsOpen(settings) };
      return body;
    },
  );

  app.get(
    '/branches/:branchId/delivery-quote',
    {
      preHandler: requireBranch(['settings/pickup', 'settings/delivery'], 'view'),
      config: {
        doc: {
          summary: 'Whether the branch delivers to a place, and the fee',
          params: branchParams,
          query: deliveryQuoteQuery,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const query = deliveryQuoteQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(invalid('invalid_quote', query.error));
      const { lat, lng, zone, subtotal } = query.data;
      const settings = await getPickupMethods(db, tenant.id, branch.id);
      const branchCoords = coordinatesOf(branch.latitude, branch.longitude);
      const coords = coordinatesOf(lat, lng);
      return reply
        .header('cache-control', 'no-store')
        .send(deliveryQuote(settings, branchCoords, { coords, zone: zone ?? null }, subtotal));
    },
  );
}
