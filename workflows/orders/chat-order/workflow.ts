import { allHandlersFinished, condition, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ChatConversation } from '../../../domain/line-chat/chat-conversation.ts';
import type { StockCommand } from '../../../domain/line-chat/chat-command.ts';
import { chatOrderAnswer } from '../../../domain/line-chat/chat-order-answer.ts';
import { newOrderAlert } from '../../../domain/line-chat/chat-product-replies.ts';
import { DEFAULT_RESERVATION_HOLD_MINUTES } from '../../../domain/orders/reservation.ts';
import {
  NeedsAttention,
  OrderNumber,
  OrderStatus as OrderStatusAttribute,
} from '../../../temporal/search-attributes.ts';
import { databaseActivities as db, lineMessageActivities as line } from '../../activity-proxies.ts';
import { ChatOrderRun } from './chat-order-run.ts';
import { registerQuantityChanges } from './quantity-changes.ts';
import { followChatPayment, settleChatPayment } from './payment.ts';
import { holdReservation, registerReservationConfirmation } from './reservation.ts';
import { registerStatusChanges } from './status-changes.ts';
import { orderStateQuery, type OrderState } from './updates.ts';

export interface ChatOrderInput {
  tenantId: string;
  /** LINE webhookEventId: the workflow ID is derived from it, so one event makes one order. */
  sourceEventId: string;
  lineUserId: string;
  replyToken: string | null;
  /** 'order' (+N) buys now, in 已購買; 'reserve' (幫我留) holds the stock in 未購入 for a while. */
  command: StockCommand;
  /** The webhook event's timestamp (ms); the order is dated by when the customer typed. */
  receivedAtMs: number;
  /** How long a shipped order stays open for follow-ups (其他/請諮詢) before the workflow ends. */
  keepShippedOpenMs?: number;
  /**
   * For 'reserve': the tenant's hold window, read when the workflow is started (so a change of
   * the setting does not move the deadline already promised to the customer).
   */
  reservationHoldMs?: number;
  /** How long a step may keep failing before the order flags itself (the shop's setting; 10 minutes by default). */
  attentionAfterMs?: number;
  /** The LINE message ID of the command's message: an edit of that message finds the order. */
  sourceMessageId?: string;
  /** The inbox placed the order and answered the customer (api/line-chat/inbox-orders.ts). */
  placedByInbox?: boolean;
  /**
   * A group or room the command was written in (absent: the 1:1 chat). The answer then goes
   * to that chat (its push fallback too) and names the customer.
   */
  conversation?: ChatConversation;
}

const DEFAULT_KEEP_SHIPPED_OPEN_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_RESERVATION_HOLD_MS = DEFAULT_RESERVATION_HOLD_MINUTES * 60 * 1000;

/**
 * One order placed by a chat command ("+1", "260108001+2", "幫我留2個"): reserve stock and
 * create the order, answer the customer, alert the shop's admins when stock was short, then
 * stay open for status changes, confirmations and quantity edits until the order is cancelled
 * or has been shipped a while. A reservation is created in 未購入 and cancelled (its stock
 * released) if nobody confirms it before its hold window ends.
 *
 * Every change to the order (status Updates, confirmations, quantity edits, the expiry) runs
 * through one queue, one at a time, each checked again against the state it will change.
 */
export async function chatOrderWorkflow(input: ChatOrderInput): Promise<OrderState> {
  const run = new ChatOrderRun(input);
  const { state, serial, isReservation } = run;
  setHandler(orderStateQuery, () => state);
  registerStatusChanges(run);
  registerReservationConfirmation(run);
  registerQuantityChanges(run);

  const { attention } = run;
  const customer = await attention.watch('customer', () =>
    db.ensureCustomer({
      tenantId: input.tenantId,
      lineUserId: input.lineUserId,
      ...(input.conversation?.type === 'group' ? { groupId: input.conversation.groupId } : {}),
    }),
  );
  run.customerName = customer.displayName;
  // A "+1" the inbox placed and answered itself (api/line-chat/inbox-orders.ts): carry on from there.
  const inbox = input.placedByInbox
    ? await attention.watch('place', () =>
        db.inboxOrderOutcome({ tenantId: input.tenantId, sourceEventId: input.sourceEventId }),
      )
    : null;
  const result =
    inbox?.result ??
    (await attention.watch('place', () =>
      db.placeChatOrder({
        tenantId: input.tenantId,
        customerId: customer.customerId,
        target: input.command.target,
        quantity: input.command.quantity,
        initialStatus: isReservation ? 'pending' : 'confirmed',
        sourceEventId: input.sourceEventId,
        ...(input.sourceMessageId ? { sourceMessageId: input.sourceMessageId } : {}),
        workflowId: workflowInfo().workflowId,
        placedAtMs: input.receivedAtMs,
        actor: `customer:${input.lineUserId}`,
      }),
    ));

  const reservation =
    isReservation && result.kind === 'placed'
      ? { expiresAtMs: input.receivedAtMs + (input.reservationHoldMs ?? DEFAULT_RESERVATION_HOLD_MS) }
      : null;
  if (result.kind === 'placed') {
    Object.assign(state, {
      outcome: 'placed',
      orderId: result.order.id,
      orderNumber: result.order.number,
      status: result.order.status,
      total: result.order.total,
      items: result.order.items,
    });
    upsertSearchAttributes([
      { key: OrderNumber, value: result.order.number },
      { key: OrderStatusAttribute, value: result.order.status },
      { key: NeedsAttention, value: attention.needed },
    ]);
    if (reservation) state.reservation = { expiresAtMs: reservation.expiresAtMs, outcome: 'holding' };
  } else {
    state.outcome = result.kind;
  }

  if (inbox?.delivery) {
    state.customerNotified = inbox.delivery !== 'skipped_blocked';
  } else {
    const { text, quickReply } = inbox?.answer ?? chatOrderAnswer(result, reservation);
    state.customerNotified = await attention.deliver('answer', () =>
      line.messageCustomer({
        // The inbox tried the reply token already: what it could not send goes by push.
        ...run.customerMessage(inbox ? null : input.replyToken, text),
        ...(quickReply ? { quickReply } : {}),
      }),
    );
  }

  if (result.kind !== 'unknown_product' && result.allocation.missing > 0) {
    state.adminsNotified = await run.alertStockShortage({
      product: result.product,
      requested: input.command.quantity,
      allocation: result.allocation,
    });
  }

  // The shop's 訂單通知設定 (新訂單, by LINE or e-mail), read by placeChatOrder in its transaction
  // (absent in orders placed before the switch existed, so their histories replay without this step).
  if (result.kind === 'placed' && result.notifyStaff) {
    await run.alertAdmins(
      newOrderAlert({
        orderNumber: result.order.number,
        customerName: customer.displayName,
        items: result.order.items,
        total: result.order.total,
        reservation: isReservation,
      }),
      'new_order',
    );
  }

  if (state.outcome === 'placed') {
    if (state.reservation) await holdReservation(run, state.reservation);
    const payment = followChatPayment(run);
    await waitUntilSettled(run, input.keepShippedOpenMs ?? DEFAULT_KEEP_SHIPPED_OPEN_MS);
    await payment;
    await settleChatPayment(run);
  }
  // Updates done, and what they left to do (answers to the customer) done too.
  await condition(() => allHandlersFinished() && serial.idle());
  return state;
}

/** Open until cancelled, or until shipped and left without follow-ups for a while. */
async function waitUntilSettled({ state }: ChatOrderRun, keepShippedOpenMs: number): Promise<void> {
  for (;;) {
    await condition(() => state.status === 'cancelled' || state.status === 'shipped');
    if (state.status === 'cancelled') return;
    const changed = await condition(() => state.status !== 'shipped', keepShippedOpenMs);
    if (!changed) return;
  }
}
