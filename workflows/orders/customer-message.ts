import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { LINE_REFUSAL_TYPES } from '../../domain/line-chat/line-refusals.ts';

export interface OrderMessageWorkflowInput {
  tenantId: string;
  orderId: string;
  /** The rendered text (domain/orders/order-message-templates.ts). */
  text: string;
  actor: string;
  requestId: string;
}

/** Reasons a push is refused for good (activities/orders/order-messages.ts); the page shows their message. */
export const ORDER_MESSAGE_REFUSALS = [
  'order_not_found',
  'customer_blocked',
  ...LINE_REFUSAL_TYPES,
  'line_not_connected',
];

const line = proxyActivities<Activities>({
  startToCloseTimeout: '15 seconds',
  // LINE down or rate-limited: keep trying for a day with the same retry key.
  scheduleToCloseTimeout: '1 day',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: ORDER_MESSAGE_REFUSALS,
  },
});

/**
 * One message a merchant sends to an order's customer from the admin. Its workflow ID comes
 * from the admin's request ID (domain/workflow-ids.ts), so the same request —
 * a double click, a retried HTTP call — sends once; the retry key makes LINE accept it once.
 */
export async function orderMessageWorkflow(input: OrderMessageWorkflowInput): Promise<{ delivery: string }> {
  return line.pushOrderMessage({ ...input, retryKey: uuid4() });
}
