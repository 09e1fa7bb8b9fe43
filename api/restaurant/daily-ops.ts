import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bumpMenuVersion } from '../../db/catalog/menu.ts';
import type { Prisma } from '../../db/client.ts';
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
import { syncUberEatsStore } from '../ubereats/store-sync.ts';
import { BRANCH_NOT_FOUND, branchOf, branchParams, requireBranch } from './branch-guard.ts';

/** What GET …/daily-ops answers (the web app imports these types only). */
export type { BoardChoice, BoardItem, BoardPause, DailyOpsBoard } from '../../db/restaurant/daily-ops-board.ts';

const itemParams = branchParams.extend({ productId: z.uuid() });
const choiceParams = branchParams.extend({ choiceId: z.uuid() });
const resumeSchema = z.strictObject({});

type Target = PauseTarget | 'branch';
const TARGETS = {
  item: {
    params: itemParams,
    key: 'productId',
    type: 'product',
    notFound: { code: 'item_not_found', message: '找不到這個品項' },
  },
  choice: {
    params: choiceParams,
    key: 'choiceId',
    type: 'option_choice',
    notFound: { code: 'choice_not_found', message: '找不到這個選項' },
  },
  branch: { params: branchParams, key: 'branchId', type: 'branch', notFound: BRANCH_NOT_FOUND },
} as const;

/** What a change did: the answer, its audit, and whether customers' open menus must refresh. */
type Change<T> = { saved: T; action: string; data: Record<string, unknown>; bump?: boolean };
interface ChangeContext<I> {
  tenantId: string;
  branchId: string;
  /** The item's, choice's or branch's id from the path. */
  id: string;
  input: I;
  now: Date;
}

/** Customers see an item as 售完 at 0 only: open menus refresh when that flips. */
const soldOutFlipped = (before: number, after: number) => (before === 0) !== (after === 0);

async function stockBefore(tx: Prisma.TransactionClient, c: ChangeContext<unknown>): Promise<number> {
  return (await stockToday(tx, c.tenantId, c.branchId, [c.id])).get(c.id)?.quantity ?? UNLIMITED;
}

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

  /**
   * The steps of every change here: the id in the path (malformed: 404), the body (400 with
   * `fields`), then in one transaction the change, the menu version when customers would see it,
   * and the audit. `apply` answers null for an item or choice that is not the shop's (404,
   * nothing written) or `{ fields }` for a body the rules refuse beyond its shape.
   */
  function change<S extends z.ZodType, T>(
    target: Target,
    schema: S,
    code: string,
    apply: (
      tx: Prisma.TransactionClient,
      c: ChangeContext<z.output<S>>,
    ) => Promise<Change<T> | { fields: Record<string, string> } | null>,
  ) {
    const { params, key, type, notFound } = TARGETS[target];
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const path = params.safeParse(request.params);
      if (!path.success) return reply.code(404).send(notFound);
      const input = schema.safeParse(request.body ?? {});
      if (!input.success)
        return reply.code(400).send({ code, message: z.prettifyError(input.error), fields: fieldErrors(input.error) });
      const id = (path.data as Record<string, string>)[key]!;
      const context = { tenantId: tenant.id, branchId: branch.id, id, input: input.data, now: new Date() };
      const done = await db.$transaction(async (tx) => {
        const changed = await apply(tx, context);
        if (!changed || 'fields' in changed) return changed;
        if (changed.bump) await bumpMenuVersion(tx, tenant.id);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: changed.action,
            targetType: type,
            targetId: id,
            data: { branchId: branch.id, ...changed.data },
          }),
        );
        return changed;
      });
      if (!done) return reply.code(404).send(notFound);
      if ('fields' in done)
        return reply.code(400).send({ code, message: Object.values(done.fields).join('\n'), fields: done.fields });
      // What customers see changed (a pause, a sold-out): the branch's Uber Eats menu follows.
      if (done.bump)
        await syncUberEatsStore(opts.deps, tenant.id, branch.id, 'menu').catch((error: unknown) =>
          request.log.error({ err: error }, 'the Uber Eats menu was not queued'),
        );
      return reply.send(done.saved);
    };
  }

  const doc = (summary: string, params: z.ZodType, body: z.ZodType) => ({ doc: { summary, params, body } });

  app.get(
    '/branches/:branchId/daily-ops',
    {
      preHandler: requireBranch(['daily/stock', 'daily/pauses', 'daily/capacity'], 'view'),
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
      preHandler: requireBranch('daily/stock', 'manage'),
      config: doc("Set an item's stock at the branch", itemParams, stockSchema),
    },
    change('item', stockSchema, 'invalid_stock', async (tx, c) => {
      const before = await stockBefore(tx, c);
      const saved = await setItemStock(tx, c.tenantId, c.branchId, c.id, c.input, c.now);
      if (!saved) return null;
      return { saved, action: 'branch.item_stock', data: c.input, bump: soldOutFlipped(before, saved.quantity) };
    }),
  );

  app.post(
    '/branches/:branchId/items/:productId/stock/adjust',
    {
      preHandler: requireBranch('daily/stock', 'manage'),
      config: doc("Add to or take from an item's stock (+/−)", itemParams, stockAdjustSchema),
    },
    change('item', stockAdjustSchema, 'invalid_adjustment', async (tx, c) => {
      const before = await stockBefore(tx, c);
      const saved = await adjustItemStock(tx, c.tenantId, c.branchId, c.id, c.input.delta, c.now);
      if (!saved) return null;
      const data = { delta: c.input.delta, quantity: saved.quantity };
      return { saved, action: 'branch.item_stock_adjust', data, bump: soldOutFlipped(before, saved.quantity) };
    }),
  );

  for (const target of ['item', 'choice'] as const) {
    const { params } = TARGETS[target];
    const path = target === 'item' ? '/branches/:branchId/items/:productId' : '/branches/:branchId/choices/:choiceId';

    app.post(
      `${path}/pause`,
      {
        preHandler: requireBranch('daily/pauses', 'manage'),
        config: doc(`Pause an ${target} at the branch (暫停銷售)`, params, pauseSchema),
      },
      change(target, pauseSchema, 'invalid_pause', async (tx, c) => {
        const end = pauseEnd(c.input.until, c.now);
        if ('error' in end) return { fields: { until: end.error } };
        const row = await pause(tx, c.tenantId, c.branchId, target, c.id, end.until, c.now);
        if (!row) return null;
        const until = row.until?.toISOString() ?? null;
        return {
          saved: { id: c.id, until, pausedAt: row.pausedAt.toISOString() },
          action: `branch.${target}_pause`,
          data: { until },
          bump: true,
        };
      }),
    );

    app.post(
      `${path}/resume`,
      {
        preHandler: requireBranch('daily/pauses', 'manage'),
        config: doc(`Sell a paused ${target} again (恢復販售)`, params, resumeSchema),
      },
      change(target, resumeSchema, 'invalid_resume', async (tx, c) => {
        const resumed = await resume(tx, c.tenantId, c.branchId, target, c.id);
        if (resumed === null) return null;
        // Resuming what was not paused changes nothing customers see.
        return {
          saved: { id: c.id, until: null, paused: false },
          action: `branch.${target}_resume`,
          data: {},
          bump: resumed,
        };
      }),
    );
  }

  app.put(
    '/branches/:branchId/capacity',
    {
      preHandler: requireBranch('daily/capacity', 'manage'),
      config: doc('Set how many orders one pickup slot may take', branchParams, branchCapacitySchema),
    },
    change('branch', branchCapacitySchema, 'invalid_capacity', async (tx, c) => {
      const saved = await setBranchCapacity(tx, c.tenantId, c.branchId, c.input.maxOrdersPerSlot);
      return { saved, action: 'branch.capacity', data: saved };
    }),
  );

  app.put(
    '/branches/:branchId/items/:productId/capacity',
    {
      preHandler: requireBranch('daily/capacity', 'manage'),
      config: doc('Set how many of an item one pickup slot may take', itemParams, itemCapacitySchema),
    },
    change('item', itemCapacitySchema, 'invalid_capacity', async (tx, c) => {
      const saved = await setItemCapacity(tx, c.tenantId, c.branchId, c.id, c.input.maxPerSlot);
      return saved && { saved, action: 'branch.item_capacity', data: { maxPerSlot: saved.maxPerSlot } };
    }),
  );
}
