import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bumpMenuVersion } from '../../db/catalog/menu.ts';
import { loadDailyOpsBoard } from '../../db/restaurant/daily-ops-board.ts';
import { adjustItemStock, setItemStock, stockToday } from '../../db/restaurant/item-stock.ts';
import { pause, resume, type PauseTarget } from '../../db/restaurant/pauses.ts';
import { setBranchCapacity, setItemCapacity } from '../../db/restaurant/slot-capacity.ts';
import {
  branchCapacitySchema,
  itemCapacitySchema,
  pauseEnd,
  pauseSchema,
  stockAdjustSchema,
  stockSchema,
  UNLIMITED,
} from '../../domain/restaurant/daily-ops.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { branchOf, branchParams, requireBranch } from './branch-guard.ts';

/** What GET …/daily-ops answers (the web app imports these types only). */
export type { BoardChoice, BoardItem, BoardPause, DailyOpsBoard } from '../../db/restaurant/daily-ops-board.ts';

const itemParams = branchParams.extend({ productId: z.uuid() });
const choiceParams = branchParams.extend({ choiceId: z.uuid() });
const ITEM_NOT_FOUND = { code: 'item_not_found', message: '找不到這個品項' } as const;
const CHOICE_NOT_FOUND = { code: 'choice_not_found', message: '找不到這個選項' } as const;
const resumeSchema = z.strictObject({});

const invalid = (reply: FastifyReply, code: string, error: z.ZodError) =>
  reply.code(400).send({ code, message: z.prettifyError(error), fields: fieldErrors(error) });

/** The `:productId` or `:choiceId` of the path; a malformed one is simply not found. */
function idOf(request: FastifyRequest, target: 'item' | 'choice'): string | null {
  const parsed = (target === 'item' ? itemParams : choiceParams).safeParse(request.params);
  if (!parsed.success) return null;
  return 'productId' in parsed.data ? parsed.data.productId : parsed.data.choiceId;
}

/** Customers see an item as 售完 at 0 only: open menus refresh when that flips. */
const soldOutFlipped = (before: number, after: number) => (before === 0) !== (after === 0);

/**
 * 日常營運 of a branch: today's stock of its items (庫存管理), what it paused (暫停銷售) and how
 * much a pickup slot may take (產能限制). The kitchen's daily work needs orders: manage (as the
 * ordering switch does); the slot limits are a setting, restaurant: manage.
 *
 * - GET  /branches/:branchId/daily-ops — every item with stock, pause and slot limit, the option
 *   choices with their pauses, and the branch's orders per slot (orders: view).
 * - PUT  /branches/:branchId/items/:productId/stock {quantity, dailyQuantity}; POST …/stock/adjust
 *   {delta} for the kitchen's +/− (one statement: never below 0 while orders take the item).
 * - POST /branches/:branchId/items/:productId/pause {until: 'resume'|'today'|ISO} and …/resume;
 *   the same under /choices/:choiceId. A pause or resume bumps the menu version.
 * - PUT  /branches/:branchId/capacity {maxOrdersPerSlot}; PUT …/items/:productId/capacity {maxPerSlot}.
 *
 * Another shop's or branch's ids are 404 and change nothing; every change is audited.
 */
export async function dailyOpsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/branches/:branchId/daily-ops',
    {
      preHandler: requireBranch('orders', 'view'),
      config: { doc: { summary: "A branch's stock, paused items and slot limits", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const board = await loadDailyOpsBoard(db, tenant.id, branchOf(request).id);
      return reply.header('cache-control', 'no-store').send(board);
    },
  );

  app.put(
    '/branches/:branchId/items/:productId/stock',
    {
      preHandler: requireBranch('orders', 'manage'),
      config: { doc: { summary: "Set an item's stock at the branch", params: itemParams, body: stockSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const productId = idOf(request, 'item');
      if (!productId) return reply.code(404).send(ITEM_NOT_FOUND);
      const input = stockSchema.safeParse(request.body);
      if (!input.success) return invalid(reply, 'invalid_stock', input.error);
      const saved = await db.$transaction(async (tx) => {
        const before = (await stockToday(tx, tenant.id, branch.id, [productId])).get(productId)?.quantity ?? UNLIMITED;
        const stock = await setItemStock(tx, tenant.id, branch.id, productId, input.data);
        if (!stock) return null;
        if (soldOutFlipped(before, stock.quantity)) await bumpMenuVersion(tx, tenant.id);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'branch.item_stock',
            targetType: 'product',
            targetId: productId,
            data: { branchId: branch.id, ...input.data },
          }),
        );
        return stock;
      });
      return saved ?? reply.code(404).send(ITEM_NOT_FOUND);
    },
  );

  app.post(
    '/branches/:branchId/items/:productId/stock/adjust',
    {
      preHandler: requireBranch('orders', 'manage'),
      config: {
        doc: { summary: "Add to or take from an item's stock (+/−)", params: itemParams, body: stockAdjustSchema },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const productId = idOf(request, 'item');
      if (!productId) return reply.code(404).send(ITEM_NOT_FOUND);
      const input = stockAdjustSchema.safeParse(request.body);
      if (!input.success) return invalid(reply, 'invalid_adjustment', input.error);
      const saved = await db.$transaction(async (tx) => {
        const before = (await stockToday(tx, tenant.id, branch.id, [productId])).get(productId)?.quantity ?? UNLIMITED;
        const stock = await adjustItemStock(tx, tenant.id, branch.id, productId, input.data.delta);
        if (!stock) return null;
        if (soldOutFlipped(before, stock.quantity)) await bumpMenuVersion(tx, tenant.id);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'branch.item_stock_adjust',
            targetType: 'product',
            targetId: productId,
            data: { branchId: branch.id, delta: input.data.delta, quantity: stock.quantity },
          }),
        );
        return stock;
      });
      return saved ?? reply.code(404).send(ITEM_NOT_FOUND);
    },
  );

  for (const target of ['item', 'choice'] as const satisfies PauseTarget[]) {
    const path = target === 'item' ? '/branches/:branchId/items/:productId' : '/branches/:branchId/choices/:choiceId';
    const params = target === 'item' ? itemParams : choiceParams;
    const notFound = target === 'item' ? ITEM_NOT_FOUND : CHOICE_NOT_FOUND;

    app.post(
      `${path}/pause`,
      {
        preHandler: requireBranch('orders', 'manage'),
        config: { doc: { summary: `Pause an ${target} at the branch (暫停銷售)`, params, body: pauseSchema } },
      },
      async (request, reply) => {
        const { tenant } = tenantAuth(request);
        const branch = branchOf(request);
        const id = idOf(request, target);
        if (!id) return reply.code(404).send(notFound);
        const input = pauseSchema.safeParse(request.body);
        if (!input.success) return invalid(reply, 'invalid_pause', input.error);
        const now = new Date();
        const end = pauseEnd(input.data.until, now);
        if ('error' in end)
          return reply.code(400).send({ code: 'invalid_pause', message: end.error, fields: { until: end.error } });
        const paused = await db.$transaction(async (tx) => {
          const row = await pause(tx, tenant.id, branch.id, target, id, end.until, now);
          if (!row) return null;
          await bumpMenuVersion(tx, tenant.id);
          await writeAudit(
            tx,
            auditEntry(request, {
              action: `branch.${target}_pause`,
              targetType: target === 'item' ? 'product' : 'option_choice',
              targetId: id,
              data: { branchId: branch.id, until: row.until?.toISOString() ?? null },
            }),
          );
          return row;
        });
        if (!paused) return reply.code(404).send(notFound);
        return { id, until: paused.until?.toISOString() ?? null, pausedAt: paused.pausedAt.toISOString() };
      },
    );

    app.post(
      `${path}/resume`,
      {
        preHandler: requireBranch('orders', 'manage'),
        config: { doc: { summary: `Sell a paused ${target} again (恢復販售)`, params, body: resumeSchema } },
      },
      async (request, reply) => {
        const { tenant } = tenantAuth(request);
        const branch = branchOf(request);
        const id = idOf(request, target);
        if (!id) return reply.code(404).send(notFound);
        const input = resumeSchema.safeParse(request.body ?? {});
        if (!input.success) return invalid(reply, 'invalid_resume', input.error);
        const found = await db.$transaction(async (tx) => {
          const resumed = await resume(tx, tenant.id, branch.id, target, id);
          if (resumed === null) return false;
          if (resumed) {
            await bumpMenuVersion(tx, tenant.id);
            await writeAudit(
              tx,
              auditEntry(request, {
                action: `branch.${target}_resume`,
                targetType: target === 'item' ? 'product' : 'option_choice',
                targetId: id,
                data: { branchId: branch.id },
              }),
            );
          }
          return true;
        });
        return found ? { id, until: null, paused: false } : reply.code(404).send(notFound);
      },
    );
  }

  app.put(
    '/branches/:branchId/capacity',
    {
      preHandler: requireBranch('restaurant', 'manage'),
      config: {
        doc: {
          summary: 'Set how many orders one pickup slot may take',
          params: branchParams,
          body: branchCapacitySchema,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const input = branchCapacitySchema.safeParse(request.body);
      if (!input.success) return invalid(reply, 'invalid_capacity', input.error);
      return db.$transaction(async (tx) => {
        const saved = await setBranchCapacity(tx, tenant.id, branch.id, input.data.maxOrdersPerSlot);
        await writeAudit(
          tx,
          auditEntry(request, { action: 'branch.capacity', targetType: 'branch', targetId: branch.id, data: saved }),
        );
        return saved;
      });
    },
  );

  app.put(
    '/branches/:branchId/items/:productId/capacity',
    {
      preHandler: requireBranch('restaurant', 'manage'),
      config: {
        doc: {
          summary: 'Set how many of an item one pickup slot may take',
          params: itemParams,
          body: itemCapacitySchema,
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const productId = idOf(request, 'item');
      if (!productId) return reply.code(404).send(ITEM_NOT_FOUND);
      const input = itemCapacitySchema.safeParse(request.body);
      if (!input.success) return invalid(reply, 'invalid_capacity', input.error);
      const saved = await db.$transaction(async (tx) => {
        const row = await setItemCapacity(tx, tenant.id, branch.id, productId, input.data.maxPerSlot);
        if (!row) return null;
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'branch.item_capacity',
            targetType: 'product',
            targetId: productId,
            data: { branchId: branch.id, maxPerSlot: row.maxPerSlot },
          }),
        );
        return row;
      });
      return saved ?? reply.code(404).send(ITEM_NOT_FOUND);
    },
  );
}
