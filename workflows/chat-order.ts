import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { checkTransition, type OrderStatus } from '../domain/order-status.ts';
import {
  noProductOnSaleReply,
  orderPlacedReply,
  soldOutReply,
  stockShortageAlert,
  unknownProductReply,
} from '../domain/chat-replies.ts';
import type { ChatCommand } from '../domain/chat-command.ts';
import { NeedsAttention, OrderNumber, OrderStatus as OrderStatusAttribute } from '../temporal/search-attributes.ts';
import { changeStatusUpdate, orderStateQuery, type ChangeStatusRequest, type OrderState } from './order-messages.ts';

export interface ChatOrderInput {
  tenantId: string;
  /** LINE webhookEventId: the workflow ID is derived from it, so one event makes one order. */
  sourceEventId: string;
  lineUserId: string;
  replyToken: string | null;
  command: Extract<ChatCommand, { kind: 'order' }>;
  /** The webhook event's timestamp (ms); the order is dated by when the customer typed. */
  receivedAtMs: number;
  /** How long a shipped order stays open for follow-ups (其他/請諮詢) before the workflow ends. */
  keepShippedOpenMs?: number;
}

const DEFAULT_KEEP_SHIPPED_OPEN_MS = 30 * 24 * 60 * 60 * 1000;

const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const line = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes', nonRetryableErrorTypes: ['line_not_connected'] },
});

/**
 * One order placed by a chat command ("+1", "260108001+2"): reserve stock and create the
 * order, answer the customer, alert the shop's admins when stock was short, then stay open
 * for the admins' status changes until the order is cancelled or has been shipped a while.
 */
export async function chatOrderWorkflow(input: ChatOrderInput): Promise<OrderState> {
  const state: OrderState = {
    outcome: 'placing',
    orderId: null,
    orderNumber: null,
    status: null,
    total: 0,
    trackingNumber: null,
    items: [],
    customerNotified: false,
    adminsNotified: false,
  };
  setHandler(orderStateQuery, () => state);
  registerStatusChanges(input, state);

  const customer = await db.ensureCustomer({ tenantId: input.tenantId, lineUserId: input.lineUserId });
  const result = await db.placeChatOrder({
    tenantId: input.tenantId,
    customerId: customer.customerId,
    target: input.command.target,
    quantity: input.command.quantity,
    initialStatus: 'confirmed',
    sourceEventId: input.sourceEventId,
    workflowId: workflowInfo().workflowId,
    placedAtMs: input.receivedAtMs,
    actor: `customer:${input.lineUserId}`,
  });

  let replyText: string;
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
      { key: NeedsAttention, value: false },
    ]);
    replyText = orderPlacedReply({ orderNumber: result.order.number, items: result.order.items, total: result.order.total });
  } else if (result.kind === 'sold_out') {
    state.outcome = 'sold_out';
    replyText = soldOutReply({ productCode: result.product.code, productName: result.product.name });
  } else {
    state.outcome = 'unknown_product';
    replyText = result.code === null ? noProductOnSaleReply() : unknownProductReply(result.code);
  }

  await line.messageCustomer({
    tenantId: input.tenantId,
    orderId: state.orderId,
    to: input.lineUserId,
    replyToken: input.replyToken,
    text: replyText,
    retryKey: uuid4(),
  });
  state.customerNotified = true;

  if (result.kind !== 'unknown_product' && result.allocation.missing > 0) {
    await line.alertAdmins({
      tenantId: input.tenantId,
      orderId: state.orderId,
      retryKeySeed: uuid4(),
      text: stockShortageAlert({
        productCode: result.product.code,
        productName: result.product.name,
        requested: input.command.quantity,
        allocated: result.allocation.allocated,
        missing: result.allocation.missing,
        orderNumber: state.orderNumber,
        customerName: customer.displayName,
      }),
    });
    state.adminsNotified = true;
  }

  if (state.outcome === 'placed') await waitUntilSettled(state, input.keepShippedOpenMs ?? DEFAULT_KEEP_SHIPPED_OPEN_MS);
  await condition(allHandlersFinished);
  return state;
}

/** Open until cancelled, or until shipped and left without follow-ups for a while. */
async function waitUntilSettled(state: OrderState, keepShippedOpenMs: number): Promise<void> {
  for (;;) {
    await condition(() => state.status === 'cancelled' || state.status === 'shipped');
    if (state.status === 'cancelled') return;
    const changed = await condition(() => state.status !== 'shipped', keepShippedOpenMs);
    if (!changed) return;
  }
}

function registerStatusChanges(input: ChatOrderInput, state: OrderState): void {
  let queue: Promise<unknown> = Promise.resolve();
  const refuseIfInvalid = (from: OrderStatus | null, request: ChangeStatusRequest) => {
    if (state.outcome !== 'placed' || from === null) {
      throw ApplicationFailure.create({ type: 'no_order', message: '這筆訊息沒有成立訂單，無法變更狀態', nonRetryable: true });
    }
    const check = checkTransition(from, request.to, { trackingNumber: request.trackingNumber ?? null });
    if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
  };

  setHandler(
    changeStatusUpdate,
    (request) => {
      const changeId = currentUpdateInfo()?.id ?? uuid4();
      // Changes run one at a time: each is checked again against the status it will change.
      const run = queue.then(async () => {
        refuseIfInvalid(state.status, request);
        const stored = await db.changeOrderStatus({
          tenantId: input.tenantId,
          orderId: state.orderId!,
          to: request.to,
          trackingNumber: request.trackingNumber ?? null,
          actor: request.actor,
          changeId,
        });
        state.status = stored.status;
        state.trackingNumber = stored.trackingNumber;
        upsertSearchAttributes([
          { key: OrderStatusAttribute, value: stored.status },
          { key: NeedsAttention, value: stored.status === 'needs_attention' },
        ]);
        return { ...state };
      });
      queue = run.catch(() => undefined);
      return run;
    },
    { validator: (request) => refuseIfInvalid(state.status, request) },
  );
}
