import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { ATTENTION_MEMO_KEY } from '../../domain/orders/attention.ts';
import { orderWorkflowOf } from '../../domain/workflow-ids.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { adminOrderOf, orderSelect, type AdminOrder } from './orders.ts';
import { ORDERS_READ } from '../../domain/team/page-sets.ts';

/** The most orders the list shows at once: more than this is an outage, not a to-do list. */
const LIST_LIMIT = 100;
const STATUS_REASON = '狀態為「其他／請諮詢」，等待店家處理';
const attentionQuery = z.object({}).strict();

export interface AttentionOrder {
  /** Null while the order's workflow is still trying to create it. */
  order: AdminOrder | null;
  workflowId: string;
  reason: string;
}

function reasonOf(memo: Record<string, unknown> | undefined): string | null {
  const value = memo?.[ATTENTION_MEMO_KEY];
  return typeof value === 'string' && value ? value : null;
}

/** Why the order's workflow says it needs a person (its memo), or null; null too when Temporal cannot say. */
export async function workflowAttention(temporal: Client, workflowId: string): Promise<string | null> {
  try {
    return reasonOf((await temporal.workflow.getHandle(workflowId).describe()).memo);
  } catch {
    return null;
  }
}

/** A worker long-polls at least once a minute; one not seen for longer is gone. */
const WORKER_SEEN_WITHIN_MS = 3 * 60_000;

/**
 * Whether a worker is taking the orders' work. With none, no order moves, and no order can flag
 * itself either (its timers run on a worker): only this check sees that outage.
 */
export async function orderWorkerOnline(
  temporal: Client,
  queue: { namespace: string; taskQueue: string },
  nowMs = Date.now(),
): Promise<boolean> {
  const { pollers } = await temporal.workflowService.describeTaskQueue({
    namespace: queue.namespace,
    // No taskQueueType: the workflow pollers, the ones an order needs to move at all.
    taskQueue: { name: queue.taskQueue },
  });
  return (pollers ?? []).some((poller) => {
    const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
    return nowMs - seconds * 1000 < WORKER_SEEN_WITHIN_MS;
  });
}

/** How long the list waits for Temporal before it answers with what the database knows. */
const TEMPORAL_DEADLINE_MS = 3_000;

/** The shop's running workflows flagged NeedsAttention, with the reason from their memo. */
async function flaggedWorkflows(temporal: Client, tenantId: string): Promise<Map<string, string>> {
  const flagged = new Map<string, string>();
  // tenantId is a UUID from the guard, never user text.
  const query = `TenantId = "${tenantId}" AND NeedsAttention = true AND ExecutionStatus = "Running"`;
  for await (const workflow of temporal.workflow.list({ query, pageSize: LIST_LIMIT })) {
    // A child of the order (its e-invoice) flags the order itself; both reasons show.
    const order = orderWorkflowOf(tenantId, workflow.workflowId);
    const reason = reasonOf(workflow.memo) ?? STATUS_REASON;
    const before = flagged.get(order);
    flagged.set(order, before ? `${before}；${reason}` : reason);
    if (flagged.size >= LIST_LIMIT) break;
  }
  return flagged;
}

export interface AttentionList {
  orders: AttentionOrder[];
  /**
   * Whether a worker takes the orders' work; null when Temporal could not be asked (then
   * `orders` holds only what the database knows: the orders in 其他/請諮詢).
   */
  workerOnline: boolean | null;
}

/**
 * The shop's orders that need a person: the running workflows flagged NeedsAttention (a step
 * failing past the threshold, an answer LINE refused), with the reason from their memo, and
 * the orders a merchant put in 其他/請諮詢. Temporal out of reach does not hide the latter.
 */
export async function ordersNeedingAttention(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  tenantId: string,
): Promise<AttentionList> {
  const deadline = Date.now() + TEMPORAL_DEADLINE_MS;
  // Temporal out of reach (or slow) leaves the answer to the database alone.
  const asked = await (async () =>
    Promise.all([
      deps.temporal.withDeadline(deadline, () => flaggedWorkflows(deps.temporal, tenantId)),
      deps.temporal.withDeadline(deadline, () =>
        orderWorkerOnline(deps.temporal, {
          namespace: deps.env.TEMPORAL_NAMESPACE,
          taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
        }),
      ),
    ]))().catch(() => null);
  const flagged = asked?.[0] ?? new Map<string, string>();
  const rows = await findAttentionOrders(deps.db, tenantId, [...flagged.keys()]);
  const byWorkflow = new Map(rows.map((row) => [row.workflowId, row]));
  const listed: AttentionOrder[] = [...flagged].map(([workflowId, reason]) => {
    const row = byWorkflow.get(workflowId);
    return { order: row ? adminOrderOf(row, deps.env) : null, workflowId, reason };
  });
  // Visibility lags a moment behind the workflow; the database's status does not.
  for (const row of rows)
    if (!flagged.has(row.workflowId))
      listed.push({ order: adminOrderOf(row, deps.env), workflowId: row.workflowId, reason: STATUS_REASON });
  listed.sort((a, b) => (b.order?.createdAt ?? '9').localeCompare(a.order?.createdAt ?? '9'));
  return { orders: listed, workerOnline: asked ? asked[1] : null };
}

function findAttentionOrders(db: Db, tenantId: string, workflowIds: string[]) {
  return db.order.findMany({
    where: { tenantId, OR: [{ workflowId: { in: workflowIds } }, { status: 'needs_attention' }] },
    orderBy: { createdAt: 'desc' },
    take: LIST_LIMIT * 2,
    select: orderSelect,
  });
}

/** GET /api/t/:tenant/orders/attention — the orders that need a person, each with its one-line reason. */
export async function adminOrderAttentionRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  app.get(
    '/orders/attention',
    {
      preHandler: requirePage(ORDERS_READ, 'view'),
      config: {
        doc: {
          summary:
            'Orders that need a person (stuck steps, LINE refusals, 其他/請諮詢), with why, and whether a worker is taking orders',
          query: attentionQuery,
        },
      },
    },
    async (request, reply) => {
      if (!attentionQuery.safeParse(request.query ?? {}).success)
        return reply.code(400).send({ code: 'invalid_query', message: '這個網址不需要查詢參數' });
      const list = await ordersNeedingAttention(opts.deps, tenantAuth(request).tenant.id);
      if (list.workerOnline === null) request.log.warn('attention list: Temporal out of reach, database orders only');
      return reply.header('cache-control', 'no-store').send(list);
    },
  );
}
