import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { lineRefusal } from '../line-refusal.ts';
import { recordOrderEvent } from '../../db/orders/change-order-status.ts';
import { notifyOrderChanged } from '../../db/orders/order-changes.ts';
import { LINE_TEXT_MAX_LENGTH } from '../../domain/line-chat/line-text.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';

const orderMessageInput = z.object({
  tenantId: z.uuid(),
  orderId: z.uuid(),
  text: z.string().min(1).max(LINE_TEXT_MAX_LENGTH),
  /** staff:<id> — who sent it, for the order's timeline. */
  actor: z.string().min(1).max(100),
  /** The admin's request ID: the workflow is named after it, the timeline line carries it. */
  requestId: z.uuid(),
  /** UUID from the workflow; LINE accepts a push with this key once (X-Line-Retry-Key). */
  retryKey: z.uuid(),
});
export type OrderMessageInput = z.infer<typeof orderMessageInput>;

/** 'push_duplicate': an earlier attempt with the same retry key was accepted by LINE (409). */
export type OrderMessageDelivery = 'push' | 'push_duplicate';

/**
 * A merchant's message to the customer of one order (activities for workflows/orders/customer-message.ts):
 * pushed with the workflow's retry key, so a retried attempt is never delivered twice; never to
 * a customer who blocked the shop; recorded on the order's timeline as customer_messaged.
 */
export function orderMessageActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    async pushOrderMessage(raw: OrderMessageInput): Promise<{ delivery: OrderMessageDelivery }> {
      const input = orderMessageInput.parse(raw);
      const order = await deps.db.order.findFirst({
        where: { id: input.orderId, tenantId: input.tenantId },
        select: { customer: { select: { lineUserId: true, blockedAt: true } } },
      });
      if (!order) throw ApplicationFailure.nonRetryable('找不到這筆訂單', 'order_not_found');
      const done = await deps.db.orderEvent.findFirst({
        where: {
          tenantId: input.tenantId,
          orderId: input.orderId,
          type: 'customer_messaged',
          data: { path: ['retryKey'], equals: input.retryKey },
        },
        select: { data: true },
      });
      if (done) return { delivery: (done.data as { delivery: OrderMessageDelivery }).delivery };
      if (order.customer.blockedAt) {
        throw ApplicationFailure.nonRetryable('這位顧客已封鎖本店的 LINE 官方帳號，訊息無法送達', 'customer_blocked');
      }
      let line;
      try {
        line = await lineClientFor(input.tenantId);
      } catch (error) {
        if (error instanceof ApplicationFailure && error.type === 'line_not_connected') {
          throw ApplicationFailure.nonRetryable(
            '本店尚未連接 LINE 官方帳號，請先到「LINE 設定」完成連接',
            'line_not_connected',
          );
        }
        throw error;
      }
      let delivery: OrderMessageDelivery;
      try {
        const sent = await line.push(order.customer.lineUserId, [{ type: 'text', text: input.text }], input.retryKey);
        delivery = sent === 'duplicate' ? 'push_duplicate' : 'push';
      } catch (error) {
        throw lineRefusal(error) ?? error; // network, 5xx, rate limit: retried with the same key
      }
      await recordOrderEvent(deps.db, {
        tenantId: input.tenantId,
        orderId: input.orderId,
        type: 'customer_messaged',
        actor: input.actor,
        data: { text: input.text, delivery, retryKey: input.retryKey, requestId: input.requestId },
      });
      await notifyOrderChanged(deps.db, input.tenantId, input.orderId);
      return { delivery };
    },
  };
}
