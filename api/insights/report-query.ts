import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findBranchFor, listBranches } from '../../db/restaurant/branches.ts';
import type { ReportScope } from '../../db/insights/report-scope.ts';
import { lastTaipeiDays, taipeiDaySeries } from '../../domain/insights/day-series.ts';
import { PAYMENT_KEYS, PICKUP_KEYS } from '../../domain/insights/revenue-class.ts';
import { ORDER_STATUSES } from '../../domain/orders/order-status.ts';
import { businessDaySchema } from '../../domain/query-inputs.ts';
import type { Db } from '../../db/client.ts';
import { BRANCH_FORBIDDEN, BRANCH_NOT_FOUND } from '../restaurant/branch-guard.ts';
import { tenantAuth } from '../plugins/auth.ts';

/** Every report's range and branch: `from`/`to` Taipei days (default the last 30), `branch` one branch or all. */
export const reportQuery = z.object({
  from: businessDaySchema.optional(),
  to: businessDaySchema.optional(),
  branch: z.uuid({ error: '分店代號不正確' }).optional(),
});

/** 交易明細's filters, which 日營收總覽 takes too (so a filtered list has its chart). */
export const filteredReportQuery = reportQuery.extend({
  payment: z.enum(PAYMENT_KEYS, { error: '沒有這個付款方式' }).optional(),
  pickup: z.enum(PICKUP_KEYS, { error: '沒有這個取件方式' }).optional(),
  status: z.enum(ORDER_STATUSES, { error: '沒有這個訂單狀態' }).optional(),
});

/** A page of 交易明細: the filters and where the page starts. */
export const transactionQuery = filteredReportQuery.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface ScopeBranch {
  id: string;
  name: string;
}

/**
 * The scope a member asked for, or the reply already sent: 400 for a bad range, 404 for a branch
 * that is not the shop's, 403 for one they do not work in. A member limited to branches always
 * gets only theirs (orders without a branch are the whole shop's, so they are left out too).
 */
export async function resolveScope(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  query: z.infer<typeof reportQuery>,
): Promise<{ scope: ReportScope; branches: ScopeBranch[] } | null> {
  const { tenant, member } = tenantAuth(request);
  const range = query.from && query.to ? { from: query.from, to: query.to } : lastTaipeiDays(new Date(), 30);
  try {
    taipeiDaySeries(range.from, range.to);
  } catch (error) {
    reply.code(400).send({ code: 'invalid_range', message: (error as Error).message });
    return null;
  }
  const who = { staffId: member.id, allBranches: member.allBranches };
  const mine = (await listBranches(db, tenant.id, who)).map((b) => ({ id: b.id, name: b.name }));
  let branchIds: string[] | null = member.allBranches ? null : mine.map((b) => b.id);
  if (query.branch) {
    const found = await findBranchFor(db, tenant.id, query.branch, who);
    if (!found || !found.allowed) {
      reply.code(found ? 403 : 404).send(found ? BRANCH_FORBIDDEN : BRANCH_NOT_FOUND);
      return null;
    }
    branchIds = [query.branch];
  }
  return { scope: { tenantId: tenant.id, ...range, branchIds }, branches: mine };
}

/** A 400 with zod's words for input that does not parse. */
export function invalidInput(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({ code: 'invalid_input', message: z.prettifyError(error) });
}
