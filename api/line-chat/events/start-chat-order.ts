import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { StockCommand } from '../../../domain/line-chat/chat-command.ts';
import { isSharedConversation, type ChatConversation } from '../../../domain/line-chat/chat-conversation.ts';
import type { Db } from '../../../db/client.ts';
import { findOrderSettings } from '../../../db/orders/order-settings.ts';
import { reservationHoldMs as reservationHoldMsOf } from '../../../domain/orders/reservation.ts';
import { chatOrderWorkflowId } from '../../../domain/workflow-ids.ts';
import { TenantId } from '../../../temporal/search-attributes.ts';
import type { ChatOrderInput } from '../../../workflows/orders/chat-order/workflow.ts';

/**
 * Starts the order workflow for one chat command (+N orders, 幫我留 reservations). A
 * redelivered event finds the workflow its first delivery started (running or finished) and
 * starts nothing.
 *
 * The workflow carries the shop's order settings (db/orders/order-settings.ts), read with
 * `options.db`: a reservation's hold window and how long a step may fail before the order asks
 * for a person. `reservationHoldMs` given here wins over the shop's.
 */
export async function startChatOrder(
  temporal: Client,
  taskQueue: string,
  order: {
    tenantId: string;
    webhookEventId: string;
    lineUserId: string;
    replyToken: string | null;
    command: StockCommand;
    receivedAtMs: number;
    text: string;
    /** The LINE message ID of the command's message, so an edit of it finds the order. */
    sourceMessageId?: string | null;
    reservationHoldMs?: number;
    /** A group or room the command was written in; the answer goes there and names the customer. */
    conversation?: ChatConversation;
    /** The inbox placed the order and answered (api/line-chat/inbox-orders.ts); the workflow carries on from there. */
    placedByInbox?: boolean;
    /** Not named after a LINE event (a waitlist offer's order). */
    workflowId?: string;
  },
  options: { db?: Db } = {},
): Promise<{ workflowId: string }> {
  const workflowId = order.workflowId ?? chatOrderWorkflowId(order.tenantId, order.webhookEventId);
  const settings = options.db ? await findOrderSettings(options.db, order.tenantId) : null;
  const reservationHoldMs =
    order.reservationHoldMs ?? (settings ? reservationHoldMsOf(settings.reservationHoldMinutes) : undefined);
  if (order.command.kind === 'reserve' && reservationHoldMs === undefined)
    throw new Error('startChatOrder: a reservation needs reservationHoldMs or options.db');
  const input: ChatOrderInput = {
    tenantId: order.tenantId,
    sourceEventId: order.webhookEventId,
    lineUserId: order.lineUserId,
    replyToken: order.replyToken,
    command: order.command,
    receivedAtMs: order.receivedAtMs,
    ...(order.sourceMessageId ? { sourceMessageId: order.sourceMessageId } : {}),
    ...(order.command.kind === 'reserve' ? { reservationHoldMs } : {}),
    ...(settings ? { attentionAfterMs: settings.attentionAfterMinutes * 60_000 } : {}),
    ...(order.conversation && isSharedConversation(order.conversation) ? { conversation: order.conversation } : {}),
    ...(order.placedByInbox ? { placedByInbox: true } : {}),
  };
  try {
    await temporal.workflow.start('chatOrderWorkflow', {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [{ key: TenantId, value: order.tenantId }],
      staticSummary: `LINE ${order.command.kind === 'reserve' ? '保留' : '訂單'}：${order.text.slice(0, 40)}`,
    });
  } catch (error) {
    // The first delivery's workflow has already finished: nothing to do.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
