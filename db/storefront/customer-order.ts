import type { OrderStatus } from '../../domain/orders/order-status.ts';
import { transferAccount } from '../../domain/payments/payment-settings.ts';
import type { Db, Prisma } from '../client.ts';
import { orderPaymentSelect, type OrderPaymentView } from '../payments/order-payments.ts';
import { findPaymentSettings } from '../payments/payment-settings.ts';
import { loadedPayStepClosed } from '../promotions/chat-order-discounts.ts';
import { choiceNames } from '../restaurant/order-board.ts';

/** One order as its customer's order page shows it (餐廳 and +1 alike). */
export interface CustomerOrderPage {
  number: string;
  kind: 'restaurant' | 'plus_one';
  status: OrderStatus;
  pickupNumber: string | null;
  method: 'pickup' | 'delivery' | 'dine_in' | null;
  wantedAt: string | null;
  table: string | null;
  deliveryAddress: string | null;
  branch: { id: string; name: string; address: string; phone: string; mapUrl: string | null } | null;
  lines: {
    name: string;
    quantity: number;
    unitPrice: number;
    lineTotal: number;
    choices: string[];
    note: string | null;
  }[];
  /** The lines' sum before discounts. */
  subtotal: number;
  /** What the pricing order took off, each as the customer saw it at checkout. */
  discounts: { kind: string; label: string; amount: number }[];
  deliveryFee: number;
  total: number;
  note: string | null;
  rejectReason: string | null;
  cancelReason: string | null;
  trackingNumber: string | null;
  createdAt: string;
  /** Each status the order reached, oldest first. */
  timeline: { status: OrderStatus; at: string }[];
  /** How it is paid and where the money stands (null: an order from before payments were taken). */
  payment:
    | (OrderPaymentView & {
        /** 轉帳 still unpaid: the shop's account to transfer to. */
        transferAccount: { bankCode: string; bankAccount: string; accountName: string } | null;
      })
    | null;
  /** A "+1" order at its pay step: a coupon, a code or points may still be used (domain payStepClosed). */
  discountsOpen: boolean;
  /** 電子發票: the carrier chosen and, once issued, the number (null: the shop issued none for it). */
  invoice: { status: string; kind: string; invoiceNo: string | null; invoiceDate: string | null } | null;
}

const select = {
  id: true,
  number: true,
  status: true,
  pickupNumber: true,
  pickupMethod: true,
  wantedAt: true,
  tableLabel: true,
  deliveryAddress: true,
  customerNote: true,
  deliveryFee: true,
  total: true,
  rejectReason: true,
  cancelReason: true,
  trackingNumber: true,
  createdAt: true,
  branch: { select: { id: true, name: true, address: true, phone: true, mapUrl: true } },
  items: {
    select: { productName: true, unitPrice: true, allocatedQuantity: true, choices: true, note: true },
    orderBy: { id: 'asc' },
  },
  payment: { select: orderPaymentSelect },
  invoice: { select: { status: true, recipient: true, invoiceNo: true, invoiceDate: true } },
  discounts: { select: { kind: true, label: true, amount: true }, orderBy: { id: 'asc' } },
  events: {
    where: { toStatus: { not: null } },
    select: { toStatus: true, createdAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} as const satisfies Prisma.OrderSelect;

/** The customer's own order with that number in this shop; null for anyone else's. */
export async function findCustomerOrderPage(
  db: Db,
  tenantId: string,
  customerId: string,
  number: string,
): Promise<(CustomerOrderPage & { id: string }) | null> {
  const row = await db.order.findFirst({ where: { tenantId, customerId, number }, select });
  if (!row) return null;
  const payment = row.payment;
  const account =
    payment?.method === 'transfer' && payment.status === 'unpaid'
      ? transferAccount(await findPaymentSettings(db, tenantId))
      : null;
  return {
    id: row.id,
    number: row.number,
    kind: row.pickupMethod ? 'restaurant' : 'plus_one',
    status: row.status,
    pickupNumber: row.pickupNumber,
    method: row.pickupMethod,
    wantedAt: row.wantedAt?.toISOString() ?? null,
    table: row.tableLabel,
    deliveryAddress: row.deliveryAddress,
    branch: row.branch,
    lines: row.items.map((i) => ({
      name: i.productName,
      quantity: i.allocatedQuantity,
      unitPrice: i.unitPrice,
      lineTotal: i.unitPrice * i.allocatedQuantity,
      choices: choiceNames(i.choices),
      note: i.note,
    })),
    subtotal: row.total - row.deliveryFee + row.discounts.reduce((sum, d) => sum + d.amount, 0),
    discounts: row.discounts,
    deliveryFee: row.deliveryFee,
    total: row.total,
    note: row.customerNote,
    rejectReason: row.rejectReason,
    cancelReason: row.cancelReason,
    trackingNumber: row.trackingNumber,
    createdAt: row.createdAt.toISOString(),
    timeline: row.events.map((e) => ({ status: e.toStatus!, at: e.createdAt.toISOString() })),
    payment: payment && { ...payment, paidAt: payment.paidAt?.toISOString() ?? null, transferAccount: account },
    discountsOpen:
      (await loadedPayStepClosed(db, tenantId, {
        pickupMethod: row.pickupMethod,
        status: row.status,
        payment,
        discountLines: row.discounts.length,
      })) === null,
    invoice: row.invoice && {
      status: row.invoice.status,
      kind: String((row.invoice.recipient as { kind?: unknown } | null)?.kind ?? 'cloud'),
      invoiceNo: row.invoice.invoiceNo,
      invoiceDate: row.invoice.invoiceDate,
    },
  };
}
