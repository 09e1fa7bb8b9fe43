import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { ORDER_STATUSES } from '../../domain/orders/order-status.ts';
import { placeOrder, type PlaceOrderResult } from '../../db/orders/place-order.ts';
import {
  changeOrderStatus,
  OrderStatusConflictError,
  type ChangeOrderStatusResult,
} from '../../db/orders/change-order-status.ts';
import { changeOrderQuantity, type ChangeOrderQuantityResult } from '../../db/orders/change-order-quantity.ts';
import { findInboxOrderOutcome, type InboxOrderOutcome } from '../../db/line-chat/inbox-orders.ts';
import type { Delivery } from '../../integrations/line/deliver-answer.ts';
import { withPayLinks } from '../../db/payments/chat-pay-links.ts';
import type { ActivityDeps } from '../deps.ts';

const status = z.enum(ORDER_STATUSES);
const placeChatOrderInput = z.object({
  tenantId: z.uuid(),
  customerId: z.uuid(),
  target: z.discriminatedUnion('type', [
    z.object({ type: z.literal('newest') }),
    z.object({ type: z.literal('code'), code: z.string().regex(/^\d{1,12}$/) }),
    z.object({ type: z.literal('photo'), messageId: z.string().min(1).max(64) }),
  ]),
  quantity: z.number().int().min(1).max(99),
  initialStatus: status,
  sourceEventId: z.string().min(1).max(128),
  sourceMessageId: z.string().min(1).max(64).nullish(),
  workflowId: z.string().min(1),
  placedAtMs: z.number().int().positive(),
  actor: z.string().min(1),
});
export type PlaceChatOrderInput = z.infer<typeof placeChatOrderInput>;

const changeStatusInput = z.object({
  tenantId: z.uuid(),
  orderId: z.uuid(),
  to: status,
  trackingNumber: z.string().max(64).nullish(),
  actor: z.string().min(1),
  changeId: z.string().min(1),
  expectedFrom: status.nullish(),
  reason: z.string().max(64).nullish(),
});
export type ChangeStatusInput = z.infer<typeof changeStatusInput>;

const changeQuantityInput = z.object({
  tenantId: z.uuid(),
  orderId: z.uuid(),
  quantity: z.number().int().min(1).max(99),
  actor: z.string().min(1),
  changeId: z.string().min(1),
  source: z.record(z.string(), z.unknown()).optional(),
});
export type ChangeQuantityInput = z.infer<typeof changeQuantityInput>;

const inboxOutcomeInput = z.object({ tenantId: z.uuid(), sourceEventId: z.string().min(1).max(128) });

export function orderActivities(deps: ActivityDeps) {
  return {
    /**
     * What the inbox did with a "+1" it placed itself (api/line-chat/inbox-orders.ts): the order
     * or why none, the customer, the answer, and how it went out (null: not sent, ours to send).
     */
    async inboxOrderOutcome(
      raw: z.infer<typeof inboxOutcomeInput>,
    ): Promise<InboxOrderOutcome & { delivery: Delivery | null }> {
      const input = inboxOutcomeInput.parse(raw);
      const found = await findInboxOrderOutcome(deps.db, input.tenantId, input.sourceEventId);
      if (!found) throw new Error(`no inbox outcome for event ${input.sourceEventId}`);
      return found;
    },

    /** Reserve stock and create the order, in one transaction (see db/orders/place-order.ts). */
    async placeChatOrder(raw: PlaceChatOrderInput): Promise<PlaceOrderResult & { payLink?: string }> {
      const { placedAtMs, ...input } = placeChatOrderInput.parse(raw);
      const result = await placeOrder(deps.db, { ...input, placedAt: new Date(placedAtMs) });
      const [answered] = await withPayLinks(deps.db, input.tenantId, [result], deps.publicBaseUrl);
      return answered!;
    },

    /** Store a status change; a refused change fails without retries (it would be refused again). */
    async changeOrderStatus(raw: ChangeStatusInput): Promise<ChangeOrderStatusResult> {
      const input = changeStatusInput.parse(raw);
      try {
        return await changeOrderStatus(deps.db, input);
      } catch (error) {
        if (error instanceof OrderStatusConflictError) throw ApplicationFailure.nonRetryable(error.message, error.code);
        throw error;
      }
    },

    /** Re-allocate a chat order for a new quantity (see db/orders/change-order-quantity.ts); refusals are not retried. */
    async changeOrderQuantity(raw: ChangeQuantityInput): Promise<ChangeOrderQuantityResult> {
      const input = changeQuantityInput.parse(raw);
      try {
        return await changeOrderQuantity(deps.db, input);
      } catch (error) {
        if (error instanceof OrderStatusConflictError) throw ApplicationFailure.nonRetryable(error.message, error.code);
        throw error;
      }
    },
  };
}
