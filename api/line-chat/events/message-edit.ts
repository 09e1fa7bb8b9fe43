import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { parseChatCommand, type StockCommand } from '../../../domain/line-chat/chat-command.ts';
import { addressedToMember } from '../../../domain/line-chat/chat-replies.ts';
import { isOrderStatus, type OrderStatus } from '../../../domain/orders/order-status.ts';
import type { QuantityEditRefusalCode } from '../../../domain/orders/quantity-edit.ts';
import { quantityEditRefusedReply } from '../../../domain/line-chat/quantity-edit-replies.ts';
import type { LineMessageEditedEvent } from '../../../integrations/line/webhook-schema.ts';
import { changeQuantityUpdate } from '../../../workflows/orders/chat-order/updates.ts';
import type { ServerDeps } from '../../deps.ts';
import { startChatReply } from './start-chat-reply.ts';

export type MessageEditOutcome = 'ignored' | 'changed' | 'unchanged' | 'refused';

const REFUSALS: readonly string[] = [
  'not_an_order',
  'other_product',
  'not_editable',
] satisfies QuantityEditRefusalCode[];
/** Rejections that need no answer: an edit older than one already handled, or not the customer's. */
const SILENT: readonly string[] = ['stale_edit', 'not_your_order', 'no_order'];

/**
 * A LINE messageEdited event in a group chat: when the edited message made an order
 * (Order.sourceMessageId), its new text goes to the order's workflow as a `changeQuantity`
 * Update with the webhookEventId as Update ID, so handling the event twice changes the order
 * once. The workflow answers a change; a refusal (paid, not an order command any more,
 * another product) is answered here once, through a reply workflow named after the event.
 * Edits older than the newest one seen are ignored. 1:1 chats and edits of messages that
 * made no order are ignored. Transient failures throw, and the inbox retries the event.
 */
export async function handleMessageEdit(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  tenant: { tenantId: string },
  event: LineMessageEditedEvent,
): Promise<MessageEditOutcome> {
  if (event.mode === 'standby') return 'ignored';
  if (event.source?.type !== 'group' || event.message.type !== 'text') return 'ignored';
  const userId = event.source.userId;
  if (!userId) return 'ignored';

  const order = await deps.db.order.findUnique({
    where: { tenantId_sourceMessageId: { tenantId: tenant.tenantId, sourceMessageId: event.message.id } },
    select: {
      id: true,
      number: true,
      workflowId: true,
      status: true,
      customer: { select: { lineUserId: true, displayName: true } },
    },
  });
  if (!order || order.customer.lineUserId !== userId) return 'ignored';

  const parsed = parseChatCommand(event.message.text);
  const command: StockCommand | null = parsed && (parsed.kind === 'order' || parsed.kind === 'reserve') ? parsed : null;
  const replyToken = event.replyToken ?? null;

  let code: QuantityEditRefusalCode;
  let status: OrderStatus = order.status;
  try {
    const result = await deps.temporal.workflow.getHandle(order.workflowId).executeUpdate(changeQuantityUpdate, {
      updateId: event.webhookEventId,
      args: [
        { command, editedAtMs: event.timestamp, lineUserId: userId, replyToken, webhookEventId: event.webhookEventId },
      ],
    });
    return result.outcome;
  } catch (error) {
    const failure = error instanceof WorkflowUpdateFailedError ? error.cause : null;
    if (failure instanceof ApplicationFailure && SILENT.includes(failure.type ?? '')) return 'ignored';
    if (failure instanceof ApplicationFailure && REFUSALS.includes(failure.type ?? '')) {
      code = failure.type as QuantityEditRefusalCode;
      const detail = (failure.details?.[0] ?? null) as { status?: unknown } | null;
      if (isOrderStatus(detail?.status)) status = detail.status;
    } else if (error instanceof WorkflowNotFoundError) {
      // The order's workflow has ended (cancelled, or shipped long ago): nothing can change.
      const current = await deps.db.order.findUnique({ where: { id: order.id }, select: { status: true } });
      code = 'not_editable';
      status = current?.status ?? order.status;
    } else if (error instanceof WorkflowUpdateFailedError) {
      return 'ignored'; // failed for a reason no retry would change; the workflow logged it
    } else {
      throw error;
    }
  }
  await startChatReply(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    // Answered in the group (its push fallback too), naming the customer, like the order itself.
    to: event.source.groupId,
    replyToken,
    text: addressedToMember(
      order.customer.displayName,
      quantityEditRefusedReply(code, { orderNumber: order.number, status }),
    ),
    orderId: order.id,
  });
  return 'refused';
}
