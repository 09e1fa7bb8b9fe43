import type { PaymentMethod } from '../../domain/payments/payment-settings.ts';
import type { Db, Prisma } from '../client.ts';
import { takeBackRefundedPoints } from '../members/point-ledger.ts';
import { notifyOrderChanged } from '../orders/order-changes.ts';

type Client = Db | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

export type PaymentStatus = 'unpaid' | 'paid' | 'refunded' | 'void';

/** An order's payment as the order pages show it. */
export interface OrderPaymentView {
  method: PaymentMethod;
  status: PaymentStatus;
  amount: number;
  refundedAmount: number;
  transferDigits: string | null;
  lastError: string | null;
  paidAt: string | null;
}

/** The columns of OrderPaymentView, for queries that read the payment with its order. */
export const orderPaymentSelect = {
  method: true,
  status: true,
  amount: true,
  refundedAmount: true,
  transferDigits: true,
  lastError: true,
  paidAt: true,
} as const satisfies Prisma.OrderPaymentSelect;

export async function findOrderPayment(db: Client, tenantId: string, orderId: string) {
  return db.orderPayment.findFirst({ where: { tenantId, orderId } });
}

export async function orderPaymentView(db: Client, tenantId: string, orderId: string): Promise<OrderPaymentView | null> {
  const row = await db.orderPayment.findFirst({ where: { tenantId, orderId }, select: orderPaymentSelect });
  return row && { ...row, paidAt: row.paidAt?.toISOString() ?? null };
}

/** One line of the order's audit trail for a payment step, heard by live pages once committed. */
async function paymentEvent(tx: Tx, tenantId: string, orderId: string, type: string, actor: string, data: object) {
  await tx.orderEvent.create({ data: { tenantId, orderId, type, actor, data: data as Prisma.InputJsonValue } });
  await notifyOrderChanged(tx as unknown as Db, tenantId, orderId);
}

/** Keeps the Checkout Session the customer is sent to, while the order is still unpaid. */
export async function attachCheckoutSession(
  db: Client,
  tenantId: string,
  orderId: string,
  session: { id: string; url: string },
): Promise<void> {
  await db.orderPayment.updateMany({
    where: { tenantId, orderId, method: 'card', status: 'unpaid' },
    data: { checkoutSessionId: session.id, checkoutUrl: session.url },
  });
}

export type CardPaymentOutcome =
  | { kind: 'paid' | 'already_paid'; orderId: string; amount: number }
  /** The order ended before the money came: it must go back. */
  | { kind: 'late'; orderId: string; amount: number }
  | { kind: 'unknown' };

/**
 * A completed Checkout Session of the shop's account: the order's payment becomes paid once
 * (a redelivered or reordered event finds it paid and changes nothing). An order let go before
 * the money came is answered `late`, for the caller to refund.
 */
export async function recordCardPayment(
  db: Db,
  input: { tenantId: string; sessionId: string; paymentIntentId: string | null },
): Promise<CardPaymentOutcome> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ order_id: string; status: PaymentStatus; amount: number }[]>`
      SELECT order_id, status, amount FROM order_payments
      WHERE tenant_id = ${input.tenantId}::uuid AND checkout_session_id = ${input.sessionId}
      FOR UPDATE`;
    if (!row) return { kind: 'unknown' } as const;
    const outcome = { orderId: row.order_id, amount: row.amount };
    if (row.status === 'void') {
      await tx.orderPayment.update({ where: { orderId: row.order_id }, data: { paymentIntentId: input.paymentIntentId } });
      return { kind: 'late', ...outcome } as const;
    }
    if (row.status !== 'unpaid') return { kind: 'already_paid', ...outcome } as const;
    await tx.orderPayment.update({
      where: { orderId: row.order_id },
      data: { status: 'paid', paidAt: new Date(), paymentIntentId: input.paymentIntentId, lastError: null },
    });
    await paymentEvent(tx, input.tenantId, row.order_id, 'payment_received', 'system', {
      method: 'card',
      amount: row.amount,
      checkoutSessionId: input.sessionId,
    });
    return { kind: 'paid', ...outcome } as const;
  });
}

/** 轉帳: the customer gives (or corrects) the last five digits while the order is unpaid. */
export async function saveTransferDigits(
  db: Db,
  input: { tenantId: string; orderId: string; digits: string; actor: string },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const changed = await tx.orderPayment.updateMany({
      where: { tenantId: input.tenantId, orderId: input.orderId, method: 'transfer', status: 'unpaid' },
      data: { transferDigits: input.digits },
    });
    if (changed.count === 0) return false;
    await paymentEvent(tx, input.tenantId, input.orderId, 'transfer_digits', input.actor, { digits: input.digits });
    return true;
  });
}

/** The merchant found the transfer in their account: the order is paid, once. */
export async function confirmTransfer(
  db: Db,
  input: { tenantId: string; orderId: string; actor: string },
): Promise<'paid' | 'not_unpaid_transfer'> {
  return db.$transaction(async (tx) => {
    const changed = await tx.orderPayment.updateMany({
      where: { tenantId: input.tenantId, orderId: input.orderId, method: 'transfer', status: 'unpaid' },
      data: { status: 'paid', paidAt: new Date(), lastError: null },
    });
    if (changed.count === 0) return 'not_unpaid_transfer';
    const payment = await tx.orderPayment.findUniqueOrThrow({ where: { orderId: input.orderId } });
    await paymentEvent(tx, input.tenantId, input.orderId, 'payment_received', input.actor, {
      method: 'transfer',
      amount: payment.amount,
      digits: payment.transferDigits,
    });
    return 'paid';
  });
}

/** Discounts left nothing to pay: the unpaid payment is paid, at NT$0, once. */
export async function markPaidByDiscounts(tx: Tx, input: { tenantId: string; orderId: string; actor: string }) {
  const changed = await tx.orderPayment.updateMany({
    where: { tenantId: input.tenantId, orderId: input.orderId, status: 'unpaid', amount: 0 },
    data: { status: 'paid', paidAt: new Date() },
  });
  if (changed.count > 0)
    await paymentEvent(tx, input.tenantId, input.orderId, 'payment_received', input.actor, {
      method: 'discounts',
      amount: 0,
    });
}

/**
 * The deadline passed: an unpaid payment is let go (void), so a payment that still comes is
 * known to be late and is refunded. Answers what the payment was: a paid one stays paid.
 */
export async function voidUnpaidPayment(
  db: Client,
  tenantId: string,
  orderId: string,
): Promise<{ outcome: 'void' | 'paid' | 'none'; checkoutSessionId: string | null }> {
  const voided = await db.orderPayment.updateMany({ where: { tenantId, orderId, status: 'unpaid' }, data: { status: 'void' } });
  const row = await db.orderPayment.findFirst({ where: { tenantId, orderId }, select: { status: true, checkoutSessionId: true } });
  if (!row) return { outcome: 'none', checkoutSessionId: null };
  const outcome = voided.count > 0 ? 'void' : row.status === 'paid' || row.status === 'refunded' ? 'paid' : 'none';
  return { outcome, checkoutSessionId: row.checkoutSessionId };
}

/**
 * A refund Stripe made, kept once per refund ID (a retried step finds it kept): the amount given
 * back so far grows, the payment reads refunded once all of it is back, and the member loses the
 * points earned on what went back (db/members/point-ledger.ts takeBackRefundedPoints).
 */
export async function recordRefund(
  db: Db,
  input: { tenantId: string; orderId: string; refundId: string; key: string; amount: number; reason: string; actor: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const [seen] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM order_events
      WHERE tenant_id = ${input.tenantId}::uuid AND order_id = ${input.orderId}::uuid
        AND type = 'payment_refunded' AND data->>'refundId' = ${input.refundId}`;
    if ((seen?.n ?? 0) > 0) return;
    const payment = await tx.orderPayment.findFirstOrThrow({ where: { tenantId: input.tenantId, orderId: input.orderId } });
    const refunded = Math.min(payment.amount, payment.refundedAmount + input.amount);
    await tx.orderPayment.update({
      where: { orderId: input.orderId },
      data: { refundedAmount: refunded, status: refunded >= payment.amount ? 'refunded' : payment.status, lastError: null },
    });
    await paymentEvent(tx, input.tenantId, input.orderId, 'payment_refunded', input.actor, {
      refundId: input.refundId,
      key: input.key,
      amount: input.amount,
      reason: input.reason,
    });
    // In the same transaction: a refund kept is a refund whose points are taken back, whichever
    // step made it (the shop's form, a cancel, a payment that came late).
    await takeBackRefundedPoints(tx, input.tenantId, input.orderId, `refund:${input.refundId}`, new Date());
  });
}

/** A payment step that failed for good (Stripe refused a refund): on the order page and in its trail. */
export async function recordPaymentFailure(
  db: Db,
  input: { tenantId: string; orderId: string; step: string; message: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.orderPayment.updateMany({
      where: { tenantId: input.tenantId, orderId: input.orderId },
      data: { lastError: input.message },
    });
    await paymentEvent(tx, input.tenantId, input.orderId, 'payment_failed', 'system', { step: input.step, message: input.message });
  });
}

/**
 * The amount of the refund asked for with this key, when it is kept already (a retried step or
 * a form sent twice asks no second one, and hears what the first one gave back); else null.
 */
export async function refundKept(db: Client, tenantId: string, orderId: string, key: string): Promise<number | null> {
  const found = await db.orderEvent.findFirst({
    where: { tenantId, orderId, type: 'payment_refunded', data: { path: ['key'], equals: key } },
    select: { data: true },
  });
  if (!found) return null;
  const amount = (found.data as { amount?: unknown } | null)?.amount;
  return typeof amount === 'number' ? amount : 0;
}

/**
 * A "+1" order paid by its chat link: its card payment is made on first use, for the order's
 * total; while it is unpaid it follows the total (the customer edited +1 into +3).
 */
export async function ensureCardPayment(db: Client, tenantId: string, orderId: string, amount: number): Promise<void> {
  await db.orderPayment.createMany({ data: [{ orderId, tenantId, method: 'card', amount }], skipDuplicates: true });
  await db.orderPayment.updateMany({ where: { tenantId, orderId, status: 'unpaid', NOT: { amount } }, data: { amount } });
}
