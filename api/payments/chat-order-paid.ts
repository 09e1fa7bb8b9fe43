import { changeStatusUpdate } from '../../workflows/orders/chat-order/updates.ts';
import type { ServerDeps } from '../deps.ts';
import { withOrderWorkflow } from '../orders/order-workflow.ts';
import { refusalOf } from '../orders/order-status.ts';

/**
 * A "+1" order whose payment is in (Stripe's event, or discounts that left nothing to pay) moves
 * to 已支付 as the merchant would move it, through its workflow; one past that stays where it is.
 */
export async function markChatOrderPaid(
  deps: Pick<ServerDeps, 'db' | 'temporal' | 'env'>,
  tenantId: string,
  order: { workflowId: string; status: string; sourceEventId: string | null },
): Promise<void> {
  if (order.status !== 'confirmed' && order.status !== 'pending') return;
  try {
    await withOrderWorkflow(deps, { ...order, tenantId }, (handle) =>
      handle.executeUpdate(changeStatusUpdate, { args: [{ to: 'paid', actor: 'system' }] }),
    );
  } catch (error) {
    // Moved on meanwhile (shipped, cancelled by the shop): the payment is kept on the order.
    if (!refusalOf(error)) throw error;
  }
}
