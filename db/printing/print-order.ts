import { orderPageLink } from '../../domain/restaurant/restaurant-order-messages.ts';
import { receiptInvoice, type PrintOrder, type PrinterRoute, type ReceiptInvoice } from '../../domain/printing/tickets.ts';
import type { PrinterKind } from '../../domain/printing/printer-settings.ts';
import { publicUrl } from '../../domain/public-url.ts';
import type { Db } from '../client.ts';
import { findOrderInvoice } from '../invoices/order-invoices.ts';

/** An order's options as stored on its line (domain/restaurant/cart-pricing.ts PricedChoice). */
function choiceNames(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((c: unknown) =>
    typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string'
      ? [(c as { name: string }).name]
      : [],
  );
}

/** A restaurant order as its tickets show it; null when it is not a restaurant order of the shop. */
export async function loadPrintOrder(
  db: Db,
  tenantId: string,
  orderId: string,
  origin: string,
): Promise<PrintOrder | null> {
  const order = await db.order.findFirst({
    where: { tenantId, id: orderId, pickupMethod: { not: null } },
    select: {
      number: true,
      pickupNumber: true,
      pickupMethod: true,
      createdAt: true,
      wantedAt: true,
      tableLabel: true,
      contactName: true,
      contactPhone: true,
      deliveryAddress: true,
      customerNote: true,
      deliveryFee: true,
      total: true,
      branch: { select: { name: true } },
      tenant: { select: { name: true, slug: true, liffId: true, storeProfile: { select: { logoUrl: true } } } },
      items: {
        orderBy: { id: 'asc' },
        select: {
          productName: true,
          allocatedQuantity: true,
          unitPrice: true,
          choices: true,
          note: true,
          product: { select: { categoryId: true } },
        },
      },
    },
  });
  if (!order?.pickupMethod) return null;
  return {
    shopName: order.tenant.name,
    branchName: order.branch?.name ?? '',
    number: order.number,
    pickupNumber: order.pickupNumber,
    method: order.pickupMethod,
    placedAt: order.createdAt.toISOString(),
    wantedAt: order.wantedAt?.toISOString() ?? null,
    tableLabel: order.tableLabel,
    contactName: order.contactName,
    contactPhone: order.contactPhone,
    deliveryAddress: order.deliveryAddress,
    customerNote: order.customerNote,
    deliveryFee: order.deliveryFee,
    total: order.total,
    orderUrl: orderPageLink(order.tenant, order.number, origin),
    logoUrl: publicUrl(order.tenant.storeProfile?.logoUrl ?? null, origin),
    lines: order.items
      .filter((item) => item.allocatedQuantity > 0)
      .map((item) => ({
        name: item.productName,
        quantity: item.allocatedQuantity,
        unitPrice: item.unitPrice,
        categoryId: item.product.categoryId,
        choices: choiceNames(item.choices),
        note: item.note,
      })),
  };
}

/** The printers of the order's branch, as routing reads them. */
export async function printersOfOrder(db: Db, tenantId: string, orderId: string) {
  const order = await db.order.findFirst({ where: { tenantId, id: orderId }, select: { branchId: true } });
  if (!order?.branchId) return [];
  const rows = await db.printer.findMany({
    where: { tenantId, branchId: order.branchId },
    select: { id: true, name: true, kind: true, methods: true, categoryIds: true, copies: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((row) => ({ ...row, kind: row.kind as PrinterKind }) satisfies PrinterRoute & { id: string });
}

/**
 * The order's e-invoice for its receipt, once issued (an allowance leaves the invoice standing);
 * null while it is waiting, refused or voided.
 */
export async function receiptInvoiceOfOrder(db: Db, tenantId: string, orderId: string): Promise<ReceiptInvoice | null> {
  const invoice = await findOrderInvoice(db, tenantId, orderId);
  if (!invoice?.invoiceNo || (invoice.status !== 'issued' && invoice.status !== 'allowed')) return null;
  return receiptInvoice(invoice.invoiceNo, invoice.recipient);
}
