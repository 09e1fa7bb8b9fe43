import { v7 as uuidv7 } from 'uuid';
import type { ChatOrderAnswer } from '../../domain/line-chat/chat-order-answer.ts';
import type { Delivery } from '../../integrations/line/deliver-answer.ts';
import { Prisma, type Db } from '../client.ts';
import type { PlaceOrderResult } from '../orders/place-order.ts';

/** What the inbox did with a "+1" (line_webhook_events.order_outcome), for the order's workflow. */
export interface InboxOrderOutcome {
  result: PlaceOrderResult;
  customer: { id: string; displayName: string };
  answer: ChatOrderAnswer;
}

/** The outcomes of a batch, written in the transaction that placed the orders. */
export async function recordOrderOutcomes(
  tx: Db,
  outcomes: { eventRowId: string; outcome: InboxOrderOutcome }[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await tx.$executeRaw`
    UPDATE line_webhook_events e SET order_outcome = v.outcome
    FROM (VALUES ${Prisma.join(
      outcomes.map((o) => Prisma.sql`(${o.eventRowId}::uuid, ${JSON.stringify(o.outcome)}::jsonb)`),
    )}) AS v(id, outcome)
    WHERE e.id = v.id`;
}

/** Marks answers as about to be sent: after a crash, their fate is unknown, not "never sent". */
export async function markReplyAttempted(db: Db, eventRowIds: string[]): Promise<void> {
  if (eventRowIds.length === 0) return;
  await db.$executeRaw`
    UPDATE line_webhook_events SET reply_attempted_at = now()
    WHERE id IN (${Prisma.join(eventRowIds.map((id) => Prisma.sql`${id}::uuid`))}) AND reply_attempted_at IS NULL`;
}

/** How each answer went out, on the event and (for a placed order) in the order's history. */
export async function recordAnswers(
  db: Db,
  tenantId: string,
  answers: { eventRowId: string; orderId: string | null; delivery: Delivery | 'left_to_workflow'; retryKey: string }[],
): Promise<void> {
  if (answers.length === 0) return;
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      UPDATE line_webhook_events e
      SET answered_at = CASE WHEN v.delivery = 'left_to_workflow' THEN NULL ELSE now() END, answer_delivery = v.delivery
      FROM (VALUES ${Prisma.join(answers.map((a) => Prisma.sql`(${a.eventRowId}::uuid, ${a.delivery})`))}) AS v(id, delivery)
      WHERE e.id = v.id`;
    const ofOrders = answers.filter((a) => a.orderId !== null);
    if (ofOrders.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO order_events (id, tenant_id, order_id, type, actor, data)
      VALUES ${Prisma.join(
        ofOrders.map(
          (a) => Prisma.sql`(${uuidv7()}::uuid, ${tenantId}::uuid, ${a.orderId}::uuid,
            ${a.delivery === 'skipped_blocked' ? 'customer_push_skipped' : 'customer_notified'}, 'system',
            ${JSON.stringify({ delivery: a.delivery, retryKey: a.retryKey })}::jsonb)`,
        ),
      )}`;
  });
}

/** Events handed to their workflows: the inbox is done with them. */
export async function markDispatched(db: Db, eventRowIds: string[]): Promise<void> {
  if (eventRowIds.length === 0) return;
  await db.$executeRaw`
    UPDATE line_webhook_events SET dispatched_at = now(), claimed_until = NULL, last_error = NULL
    WHERE id IN (${Prisma.join(eventRowIds.map((id) => Prisma.sql`${id}::uuid`))})`;
}

/** The inbox's outcome for one event and how its answer went (null: not sent yet). */
export async function findInboxOrderOutcome(
  db: Db,
  tenantId: string,
  webhookEventId: string,
): Promise<(InboxOrderOutcome & { delivery: Delivery | null }) | null> {
  const [row] = await db.$queryRaw<{ order_outcome: InboxOrderOutcome | null; answer_delivery: string | null }[]>`
    SELECT order_outcome, answer_delivery FROM line_webhook_events
    WHERE tenant_id = ${tenantId}::uuid AND webhook_event_id = ${webhookEventId}`;
  if (!row?.order_outcome) return null;
  // 'left_to_workflow': the inbox could not send it; the workflow does.
  const sent = row.answer_delivery !== null && row.answer_delivery !== 'left_to_workflow';
  return { ...row.order_outcome, delivery: sent ? (row.answer_delivery as Delivery) : null };
}

/** One inbox row as the dispatcher claims it. */
export async function findInboxRow<Row>(db: Db, tenantId: string, webhookEventId: string): Promise<Row | null> {
  const [row] = await db.$queryRaw<Row[]>`
    SELECT id, tenant_id, payload, attempts, order_outcome, reply_attempted_at, answer_delivery
    FROM line_webhook_events WHERE tenant_id = ${tenantId}::uuid AND webhook_event_id = ${webhookEventId}`;
  return row ?? null;
}

/**
 * Unplaced "+1"s of the shop typed before `beforeMs` that another dispatcher holds (claimed,
 * neither placed nor failed), apart from `exceptRowIds`: with several servers, a batch claimed
 * later must not take the stock before a batch of earlier customers that is still on its way.
 */
export async function earlierOrderCommandsHeld(
  db: Db,
  tenantId: string,
  beforeMs: number,
  exceptRowIds: string[],
): Promise<string[]> {
  const except = exceptRowIds.length > 0 ? exceptRowIds : ['00000000-0000-0000-0000-000000000000'];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM line_webhook_events
    WHERE tenant_id = ${tenantId}::uuid AND order_command AND dispatched_at IS NULL AND order_outcome IS NULL
      AND claimed_until > now() AND last_error IS NULL
      AND payload->'timestamp' < to_jsonb(${String(beforeMs)}::bigint)
      AND id NOT IN (${Prisma.join(except.map((id) => Prisma.sql`${id}::uuid`))})
    LIMIT 1000`;
  return rows.map((row) => row.id);
}
