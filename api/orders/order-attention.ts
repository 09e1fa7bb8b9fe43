import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { ATTENTION_MEMO_KEY } from '../../domain/orders/attention.ts';
import type { ServerDeps } from '../deps.ts';
import { requireArea, tenantAuth } from '../plugins/auth.ts';
import { adminOrderOf, orderSelect, type AdminOrder } from './orders.ts';

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

/**
 * The shop's orders that need a person: the running workflows flagged NeedsAttention (a step
 * failing past the threshold, an answer LINE refused), with the reason from their memo, and
 * the orders a merchant put in 其他/請諮詢.
 */
export async function ordersNeedingAttention(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  tenantId: string,
): Promise<AttentionOrder[]> {
  const flagged = new Map<string, string>();
  // tenantId is a UUID from the guard, never user text.
  const query = `TenantId = "${tenantId}" AND NeedsAttention = true AND ExecutionStatus = "Running"`;
  for await (const workflow of deps.temporal.workflow.list({ query, pageSize: LIST_LIMIT })) {
    flagged.set(workflow.workflowId, reasonOf(workflow.memo) ?? STATUS_REASON);
    if (flagged.size >= LIST_LIMIT) break;
  }
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
  return listed.sort((a, b) => (b.order?.createdAt ?? '9').localeCompare(a.order?.createdAt ?? '9'));
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
      preHandler: requireArea('orders', 'view'),
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
      try {
        const [orders, workerOnline] = await Promise.all([
          ordersNeedingAttention(opts.deps, tenantAuth(request).tenant.id),
          orderWorkerOnline(opts.deps.temporal, {
            namespace: opts.deps.env.TEMPORAL_NAMESPACE,
            taskQueue: opts.deps.env.TEMPORAL_TASK_QUEUE,
          }),
        ]);
        return reply.header('cache-control', 'no-store').send({ orders, workerOnline });
      } catch (error) {
        request.log.warn({ err: error }, 'attention list: Temporal visibility unavailable');
        return reply
          .code(503)
          .send({ code: 'temporal_unavailable', message: '暫時無法讀取需要處理的訂單，請稍後再試' });
      }
    },
  );
}
