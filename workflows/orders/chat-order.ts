import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  currentUpdateInfo,
  log,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { checkTransition, type OrderStatus } from '../../domain/orders/order-status.ts';
import { isSharedConversation, pushDestination, type ChatConversation } from '../../domain/line-chat/chat-conversation.ts';
import {
  addressedToMember,
  noProductOnSaleReply,
  orderPlacedReply,
  soldOutReply,
  stockShortageAlert,
  unknownProductReply,
} from '../../domain/line-chat/chat-replies.ts';
import type { StockCommand } from '../../domain/line-chat/chat-command.ts';
import { newOrderAlert, quotedProductUnavailableReply } from '../../domain/line-chat/chat-product-replies.ts';
import { decideQuantityEdit, isNewerEdit } from '../../domain/orders/quantity-edit.ts';
import { quantityChangedReply } from '../../domain/line-chat/quantity-edit-replies.ts';
import {
  checkReservationConfirmation,
  CONFIRM_PURCHASE_LABEL,
  confirmReservationPostbackData,
  DEFAULT_RESERVATION_HOLD_MINUTES,
  reservationTimeLeftMs,
} from '../../domain/orders/reservation.ts';
import {
  reservationConfirmedReply,
  reservationExpiredMessage,
  reservationHeldReply,
} from '../../domain/line-chat/reservation-replies.ts';
import { NeedsAttention, OrderNumber, OrderStatus as OrderStatusAttribute } from '../../temporal/search-attributes.ts';
import {
  changeQuantityUpdate,
  changeStatusUpdate,
  confirmReservationUpdate,
  orderStateQuery,
  type ChangeStatusRequest,
  type OrderState,
  type ReservationState,
} from './order-messages.ts';
import { databaseActivities, lineMessageActivities } from '../activity-proxies.ts';

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
  /** The LINE message ID of the command's message: an edit of that message finds the order. */
  sourceMessageId?: string;
  /**
   * A group or room the command was written in (absent: the 1:1 chat). The answer then goes
   * to that chat (its push fallback too) and names the customer.
   */
  conversation?: ChatConversation;
}

const DEFAULT_KEEP_SHIPPED_OPEN_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_RESERVATION_HOLD_MS = DEFAULT_RESERVATION_HOLD_MINUTES * 60 * 1000;
/** The changeId of a reservation's expiry: one per order, so a retried activity finds its own write. */
const RESERVATION_EXPIRY_CHANGE_ID = 'reservation-expired';

const db = databaseActivities;
const line = lineMessageActivities;

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
  const isReservation = input.command.kind === 'reserve';
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
  const serial = createSerialQueue();
  const who: Customer = { displayName: '' };
  registerStatusChanges(input, state, serial, who);
  registerReservationConfirmation(input, state, serial, who);
  registerQuantityChanges(input, state, serial, who);

  const customer = await db.ensureCustomer({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    ...(input.conversation?.type === 'group' ? { groupId: input.conversation.groupId } : {}),
  });
  who.displayName = customer.displayName;
  const result = await db.placeChatOrder({
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
  });

  let replyText: string;
  let quickReply: { label: string; data: string; displayText: string }[] | undefined;
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
    if (isReservation) {
      const expiresAtMs = input.receivedAtMs + (input.reservationHoldMs ?? DEFAULT_RESERVATION_HOLD_MS);
      state.reservation = { expiresAtMs, outcome: 'holding' };
      replyText = reservationHeldReply({
        orderNumber: result.order.number,
        items: result.order.items,
        total: result.order.total,
        expiresAt: new Date(expiresAtMs),
      });
      quickReply = [
        {
          label: CONFIRM_PURCHASE_LABEL,
          data: confirmReservationPostbackData(result.order.number),
          displayText: CONFIRM_PURCHASE_LABEL,
        },
      ];
    } else {
      const order = result.order;
      replyText = orderPlacedReply({ orderNumber: order.number, items: order.items, total: order.total });
    }
  } else if (result.kind === 'sold_out') {
    state.outcome = 'sold_out';
    replyText = soldOutReply({ productCode: result.product.code, productName: result.product.name });
  } else {
    state.outcome = 'unknown_product';
    replyText = result.quotedPhoto
      ? quotedProductUnavailableReply()
      : result.code === null
        ? noProductOnSaleReply()
        : unknownProductReply(result.code);
  }

  await line.messageCustomer({
    tenantId: input.tenantId,
    orderId: state.orderId,
    to: pushDestination(input.conversation, input.lineUserId),
    replyToken: input.replyToken,
    text: isSharedConversation(input.conversation) ? addressedToMember(customer.displayName, replyText) : replyText,
    retryKey: uuid4(),
    ...(quickReply ? { quickReply } : {}),
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

  // The tenant's new-order switch, read by placeChatOrder in its transaction (absent in orders
  // placed before the switch existed, so their histories replay without this step).
  if (result.kind === 'placed' && result.notifyStaff) {
    await line.alertAdmins({
      tenantId: input.tenantId,
      orderId: state.orderId,
      retryKeySeed: uuid4(),
      text: newOrderAlert({
        orderNumber: result.order.number,
        customerName: customer.displayName,
        items: result.order.items,
        total: result.order.total,
        reservation: isReservation,
      }),
    });
  }

  if (state.outcome === 'placed') {
    if (state.reservation) await holdReservation(input, state, state.reservation, serial, who);
    await waitUntilSettled(state, input.keepShippedOpenMs ?? DEFAULT_KEEP_SHIPPED_OPEN_MS);
  }
  // Updates done, and what they left to do (answers to the customer) done too.
  await condition(() => allHandlersFinished() && serial.idle());
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

/**
 * The reservation's window: a workflow timer races the order leaving 未購入 (confirmed by the
 * customer or the merchant, or changed otherwise). When the timer wins, the outcome becomes
 * 'expired' at once, so the confirmation validator refuses from this moment on, and the expiry
 * joins the queue: a confirmation accepted before that runs first (it is ahead in the queue),
 * and the expiry then finds the order no longer pending and does nothing. Only one of the two
 * ever acts; the database's expectedFrom 'pending' check backs that up.
 */
async function holdReservation(
  input: ChatOrderInput,
  state: OrderState,
  reservation: ReservationState,
  serial: SerialQueue,
  who: Customer,
): Promise<void> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const timeLeftMs = reservationTimeLeftMs(reservation.expiresAtMs, Date.now());
  const leftPending = await condition(() => state.status !== 'pending', timeLeftMs);
  if (leftPending) {
    if (reservation.outcome === 'holding') reservation.outcome = state.status === 'confirmed' ? 'confirmed' : 'ended';
    return;
  }
  reservation.outcome = 'expired';
  await serial.run(async () => {
    if (state.status !== 'pending') {
      // A confirmation (or another change) accepted before the window ended went first.
      reservation.outcome = state.status === 'confirmed' ? 'confirmed' : 'ended';
      return;
    }
    let stored: { status: OrderStatus; trackingNumber: string | null };
    try {
      stored = await db.changeOrderStatus({
        tenantId: input.tenantId,
        orderId: state.orderId!,
        to: 'cancelled',
        expectedFrom: 'pending',
        reason: 'reservation_expired',
        actor: 'system',
        changeId: RESERVATION_EXPIRY_CHANGE_ID,
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      log.warn('reservation expiry refused by the database', { code: refusal.type, message: refusal.message });
      reservation.outcome = 'ended';
      return;
    }
    applyStatus(state, stored);
    const text = reservationExpiredMessage({ orderNumber: state.orderNumber!, items: state.items, total: state.total });
    await tellCustomer(input, state, who, null, text);
  });
}

function registerStatusChanges(input: ChatOrderInput, state: OrderState, serial: SerialQueue, who: Customer): void {
  const refuseIfInvalid = (from: OrderStatus | null, request: ChangeStatusRequest) => {
    if (state.outcome !== 'placed' || from === null) {
      throw ApplicationFailure.create({
        type: 'no_order',
        message: '這筆訊息沒有成立訂單，無法變更狀態',
        nonRetryable: true,
      });
    }
    const check = checkTransition(from, request.to, { trackingNumber: request.trackingNumber ?? null });
    if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.message, nonRetryable: true });
  };

  setHandler(
    changeStatusUpdate,
    (request) => {
      const changeId = currentUpdateInfo()?.id ?? uuid4();
      // Changes run one at a time: each is checked again against the status it will change.
      return serial.run(async () => {
        refuseIfInvalid(state.status, request);
        const from = state.status;
        const stored = await db.changeOrderStatus({
          tenantId: input.tenantId,
          orderId: state.orderId!,
          to: request.to,
          trackingNumber: request.trackingNumber ?? null,
          actor: request.actor,
          changeId,
        });
        applyStatus(state, stored);
        const reservation = state.reservation;
        if (reservation && reservation.outcome !== 'confirmed' && from === 'pending' && stored.status === 'confirmed') {
          // The merchant confirmed the reservation: the customer hears it once the change is stored.
          reservation.outcome = 'confirmed';
          void serial.run(() => tellReservationConfirmed(input, state, who, 'shop', null));
        }
        return { ...state };
      });
    },
    { validator: (request) => refuseIfInvalid(state.status, request) },
  );
}

function registerReservationConfirmation(
  input: ChatOrderInput,
  state: OrderState,
  serial: SerialQueue,
  who: Customer,
): void {
  /**
   * `atItsTurn` false: the validator, when the Update arrives; once the window has ended no
   * confirmation is accepted, by the workflow's clock even before its timer has fired (the
   * server fires timers up to about a second late). true: the same check when the queue
   * reaches it; a confirmation accepted before the window ended runs before the expiry (which
   * is queued behind it) and wins while the order is still pending.
   */
  const refuseIfInvalid = (lineUserId: string, atItsTurn: boolean) => {
    if (state.outcome !== 'placed' || state.status === null) {
      throw ApplicationFailure.create({ type: 'no_order', message: '這筆訊息沒有成立訂單', nonRetryable: true });
    }
    const reservation = state.reservation;
    const windowEnded =
      reservation?.outcome === 'expired' ||
      // Workflow time: the activation's, recorded in history, so this is deterministic.
      // eslint-disable-next-line no-restricted-properties
      (!atItsTurn && reservation?.outcome === 'holding' && Date.now() >= reservation.expiresAtMs);
    const check = checkReservationConfirmation(
      {
        isReservation: state.reservation !== undefined,
        status: state.status,
        expired: atItsTurn ? windowEnded && state.status !== 'pending' : windowEnded,
        customerLineUserId: input.lineUserId,
      },
      lineUserId,
    );
    if (!check.ok) {
      throw ApplicationFailure.create({
        type: check.code,
        message: `reservation not confirmed: ${check.code}`,
        nonRetryable: true,
        details: [{ status: state.status }],
      });
    }
  };

  setHandler(
    confirmReservationUpdate,
    (request) => {
      const changeId = currentUpdateInfo()?.id ?? uuid4();
      return serial.run(async () => {
        // Checked again at its turn: an expiry queued before it has already cancelled the order.
        refuseIfInvalid(request.lineUserId, true);
        let stored: { status: OrderStatus; trackingNumber: string | null };
        try {
          stored = await db.changeOrderStatus({
            tenantId: input.tenantId,
            orderId: state.orderId!,
            to: 'confirmed',
            expectedFrom: 'pending',
            actor: `customer:${request.lineUserId}`,
            changeId,
          });
        } catch (error) {
          throw refusalOf(error) ?? error;
        }
        applyStatus(state, stored);
        state.reservation!.outcome = 'confirmed';
        void serial.run(() => tellReservationConfirmed(input, state, who, 'customer', request.replyToken));
        return { ...state };
      });
    },
    { validator: (request) => refuseIfInvalid(request.lineUserId, false) },
  );
}

function registerQuantityChanges(input: ChatOrderInput, state: OrderState, serial: SerialQueue, who: Customer): void {
  // The original message is the first version; an edit must be newer than every one seen.
  let newestEditAtMs = input.receivedAtMs;

  setHandler(
    changeQuantityUpdate,
    (request) => {
      newestEditAtMs = Math.max(newestEditAtMs, request.editedAtMs);
      const changeId = currentUpdateInfo()?.id ?? uuid4();
      return serial.run(async () => {
        const item = state.items[0]!;
        const decision = decideQuantityEdit(
          {
            status: state.status!,
            originalTarget: input.command.target,
            productCode: item.productCode,
            requested: item.requested,
          },
          request.command,
        );
        if (decision.kind === 'refuse') {
          throw ApplicationFailure.create({
            type: decision.code,
            message: `quantity not changed: ${decision.code}`,
            nonRetryable: true,
            details: [{ status: state.status }],
          });
        }
        if (decision.kind === 'unchanged') return { outcome: 'unchanged' as const, state: { ...state } };

        let changed: Awaited<ReturnType<Activities['changeOrderQuantity']>>;
        try {
          changed = await db.changeOrderQuantity({
            tenantId: input.tenantId,
            orderId: state.orderId!,
            quantity: decision.quantity,
            actor: `customer:${request.lineUserId}`,
            changeId,
            source: { webhookEventId: request.webhookEventId, editedAtMs: request.editedAtMs },
          });
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          throw ApplicationFailure.create({
            type: refusal.type ?? 'not_editable',
            message: refusal.message,
            nonRetryable: true,
            details: [{ status: state.status }],
          });
        }
        state.items = changed.items;
        state.total = changed.total;
        void serial.run(async () => {
          await tellCustomer(
            input,
            state,
            who,
            request.replyToken,
            quantityChangedReply({ orderNumber: state.orderNumber!, items: changed.items, total: changed.total }),
          );
          if (changed.allocation.missing > 0) {
            await line.alertAdmins({
              tenantId: input.tenantId,
              orderId: state.orderId,
              retryKeySeed: uuid4(),
              text: stockShortageAlert({
                productCode: changed.product.code,
                productName: changed.product.name,
                requested: decision.quantity,
                allocated: changed.allocation.allocated,
                missing: changed.allocation.missing,
                orderNumber: state.orderNumber,
                customerName: who.displayName,
              }),
            });
          }
        });
        return { outcome: 'changed' as const, state: { ...state } };
      });
    },
    {
      validator: (request) => {
        if (state.outcome !== 'placed' || state.status === null) {
          throw ApplicationFailure.create({ type: 'no_order', message: '這筆訊息沒有成立訂單', nonRetryable: true });
        }
        if (request.lineUserId !== input.lineUserId) {
          throw ApplicationFailure.create({
            type: 'not_your_order',
            message: '只有下單的顧客可以修改',
            nonRetryable: true,
          });
        }
        if (!isNewerEdit(request.editedAtMs, newestEditAtMs)) {
          throw ApplicationFailure.create({ type: 'stale_edit', message: '較新的修改已經處理過', nonRetryable: true });
        }
      },
    },
  );
}

interface Customer {
  /** From ensureCustomer; set before any Update can act (they need a placed order). */
  displayName: string;
}

/**
 * A later message about the order (confirmed, expired, quantity changed): with the event's
 * reply token when there is one, else pushed to the chat the order was made in; in a group
 * it names the customer, like the first answer.
 */
async function tellCustomer(
  input: ChatOrderInput,
  state: OrderState,
  who: Customer,
  replyToken: string | null,
  text: string,
): Promise<void> {
  await line.messageCustomer({
    tenantId: input.tenantId,
    orderId: state.orderId,
    to: pushDestination(input.conversation, input.lineUserId),
    replyToken,
    text: isSharedConversation(input.conversation) ? addressedToMember(who.displayName, text) : text,
    retryKey: uuid4(),
  });
}

async function tellReservationConfirmed(
  input: ChatOrderInput,
  state: OrderState,
  who: Customer,
  by: 'customer' | 'shop',
  replyToken: string | null,
): Promise<void> {
  const { orderNumber, items, total } = state;
  const text = reservationConfirmedReply({ orderNumber: orderNumber!, items, total, by });
  await tellCustomer(input, state, who, replyToken, text);
}

function applyStatus(state: OrderState, stored: { status: OrderStatus; trackingNumber: string | null }): void {
  state.status = stored.status;
  state.trackingNumber = stored.trackingNumber;
  upsertSearchAttributes([
    { key: OrderStatusAttribute, value: stored.status },
    { key: NeedsAttention, value: stored.status === 'needs_attention' },
  ]);
}

/** The database's refusal (a non-retryable ApplicationFailure from an activity), if that is what `error` is. */
function refusalOf(error: unknown): ApplicationFailure | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
    const { type, message } = error.cause;
    return ApplicationFailure.create({ type: type ?? undefined, message, nonRetryable: true });
  }
  return null;
}

interface SerialQueue {
  /** Runs `step` after every step queued before it; its result is the step's. */
  run<T>(step: () => Promise<T>): Promise<T>;
  /** Nothing queued or running. */
  idle(): boolean;
}

/** One change at a time, in the order the workflow accepted them (deterministic). */
function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const done = () => {
    pending -= 1;
  };
  return {
    run<T>(step: () => Promise<T>): Promise<T> {
      pending += 1;
      const run = tail.then(step);
      tail = run.catch(() => undefined);
      run.then(done, done);
      return run;
    },
    idle: () => pending === 0,
  };
}
