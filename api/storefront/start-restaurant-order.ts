import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { PlacedRestaurantOrder } from '../../db/restaurant/place-restaurant-order.ts';
import {
  BranchId,
  NeedsAttention,
  OrderNumber,
  OrderStatus,
  PickupNumber,
  TenantId,
} from '../../temporal/search-attributes.ts';
import type { PaymentPlan } from '../../workflows/payments/follow-payment.ts';
import type { RestaurantOrderInput } from '../../workflows/restaurant/restaurant-order-updates.ts';

const MINUTE_MS = 60_000;

/** The workflow's input from the order as placed and the branch's 接單設定 of that moment. */
export function restaurantOrderInput(
  tenantId: string,
  order: PlacedRestaurantOrder,
  payment: PaymentPlan | null = null,
): RestaurantOrderInput {
  const placedAtMs = order.createdAt.getTime();
  const { handling } = order;
  const acceptByMs = order.acceptBy?.getTime() ?? null;
  const reminderAt = order.wantedAt.getTime() - handling.pickupReminderMinutes * MINUTE_MS;
  return {
    tenantId,
    orderId: order.id,
    orderNumber: order.number,
    branchId: order.branchId,
    pickupNumber: order.pickupNumber,
    method: order.method,
    placedAtMs,
    wantedAtMs: order.wantedAt.getTime(),
    prepareAtMs: order.prepareAt.getTime(),
    acceptByMs,
    remindAtMs:
      acceptByMs !== null && handling.remindAfterMinutes > 0
        ? placedAtMs + handling.remindAfterMinutes * MINUTE_MS
        : null,
    autoAccept: handling.autoAccept,
    // Only a reminder still ahead when the order is placed, and never for a table already seated.
    pickupReminderAtMs:
      order.method !== 'dine_in' && handling.pickupReminderMinutes > 0 && reminderAt > placedAtMs ? reminderAt : null,
    // Only orders paid in advance carry it, so a cash order's input is as it always was.
    ...(payment ? { payment } : {}),
  };
}

/**
 * Starts the order's workflow once its transaction has committed. Its ID comes from the order,
 * so a repeated submit (or a retry after a crash between the commit and the start) finds the
 * one already running or finished and starts nothing.
 */
export async function startRestaurantOrder(
  temporal: Client,
  taskQueue: string,
  tenantId: string,
  order: PlacedRestaurantOrder,
  payment: PaymentPlan | null = null,
): Promise<void> {
  try {
    await temporal.workflow.start('restaurantOrderWorkflow', {
      workflowId: order.workflowId,
      taskQueue,
      args: [restaurantOrderInput(tenantId, order, payment)],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: TenantId, value: tenantId },
        { key: OrderNumber, value: order.number },
        { key: OrderStatus, value: order.status },
        { key: NeedsAttention, value: false },
        { key: BranchId, value: order.branchId },
        { key: PickupNumber, value: order.pickupNumber },
      ],
      staticSummary: `餐廳訂單 ${order.number}｜取餐號碼 ${order.pickupNumber}`,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
