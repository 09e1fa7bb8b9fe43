import type { InvoiceRecipient } from '../invoices/invoice-recipient.ts';
import type { PickupMethod } from '../restaurant/pickup-methods.ts';
import { PRINTER_PAPER, type PrinterKind } from './printer-settings.ts';

/**
 * What each printer of a branch prints for an order: the counter's receipt (the whole order,
 * prices, totals and a QR code to the order's page), a kitchen or bar ticket (only the
 * printer's menu categories, no prices), or one 40×25 mm label per drink with its options.
 * A ticket is data; the server draws it (api/printing/render) into the image the printer takes.
 */

export interface PrintLine {
  name: string;
  quantity: number;
  /** Whole NT$ a unit, options included. */
  unitPrice: number;
  categoryId: string | null;
  /** The options as ordered: 半糖, 加珍珠. */
  choices: string[];
  note: string | null;
}

export interface PrintOrder {
  shopName: string;
  branchName: string;
  number: string;
  pickupNumber: string | null;
  method: PickupMethod;
  /** ISO instants. */
  placedAt: string;
  wantedAt: string | null;
  tableLabel: string | null;
  contactName: string | null;
  contactPhone: string | null;
  deliveryAddress: string | null;
  customerNote: string | null;
  deliveryFee: number;
  total: number;
  /** The customer's page of the order, for the receipt's QR code. */
  orderUrl: string;
  /** Absolute URL of the shop's logo, or null. */
  logoUrl: string | null;
  lines: PrintLine[];
}

export interface PrinterRoute {
  name: string;
  kind: PrinterKind;
  methods: string[];
  categoryIds: string[];
  copies: number;
}

export type Ticket =
  | {
      type: 'receipt';
      /** The whole order (the counter's copy): prices, totals, QR code. Otherwise a work ticket. */
      full: boolean;
      station: string;
      order: Omit<PrintOrder, 'lines'>;
      lines: PrintLine[];
      reprint: boolean;
      /** The e-invoice as the printer fetched the job (withInvoice); absent while none is issued. */
      invoice?: ReceiptInvoice | null;
    }
  | {
      type: 'label';
      order: Pick<PrintOrder, 'number' | 'pickupNumber' | 'method' | 'shopName'>;
      line: Pick<PrintLine, 'name' | 'choices' | 'note'>;
      /** 2/3: the second of three cups. */
      index: number;
      of: number;
    }
  | { type: 'test'; printerName: string; location: string; kind: PrinterKind; shopName: string; at: string };

/** 發票號碼 and where the invoice went, one short line each, as the customer's receipt prints them. */
export interface ReceiptInvoice {
  /** AB-12345678, as the tax office prints it. */
  number: string;
  /** 手機條碼 /ABC1234 · 統編 12345678 · 捐贈 愛心碼 168 … */
  carrier: string;
}

const maskTail = (text: string, keep: number) => `${'*'.repeat(Math.max(0, text.length - keep))}${text.slice(-keep)}`;

function carrierText(recipient: InvoiceRecipient | null): string {
  switch (recipient?.kind) {
    case 'mobile':
      return `手機條碼 ${recipient.barcode}`;
    case 'certificate':
      // The certificate number names a person: only its tail on paper that may be left on a table.
      return `自然人憑證 ${maskTail(recipient.number, 4)}`;
    case 'donation':
      return `捐贈 愛心碼 ${recipient.loveCode}`;
    case 'company':
      return recipient.title ? `統編 ${recipient.taxId} ${recipient.title}` : `統編 ${recipient.taxId}`;
    default:
      return '會員載具（訂單手機）';
  }
}

/** The receipt's invoice lines for an issued invoice (the number's track and digits split by a dash). */
export function receiptInvoice(invoiceNo: string, recipient: InvoiceRecipient | null): ReceiptInvoice {
  const number = /^[A-Z]{2}\d{8}$/.test(invoiceNo) ? `${invoiceNo.slice(0, 2)}-${invoiceNo.slice(2)}` : invoiceNo;
  return { number, carrier: carrierText(recipient) };
}

/**
 * The counter's receipt with the order's invoice as it stands when the printer fetches the job:
 * work tickets and labels carry none (the kitchen has no use for it).
 */
export function withInvoice(ticket: Ticket, invoice: ReceiptInvoice | null): Ticket {
  if (ticket.type !== 'receipt' || !ticket.full) return ticket;
  return { ...ticket, invoice };
}

/** Whether the printer takes this order type at all. */
export function servesMethod(printer: Pick<PrinterRoute, 'methods'>, method: PickupMethod): boolean {
  return printer.methods.includes(method);
}

function linesFor(printer: PrinterRoute, lines: PrintLine[]): PrintLine[] {
  if (printer.categoryIds.length === 0) return lines;
  return lines.filter((line) => line.categoryId !== null && printer.categoryIds.includes(line.categoryId));
}

/** The tickets (copies included) one printer prints for an order; none when nothing is its own. */
export function ticketsFor(printer: PrinterRoute, order: PrintOrder, reprint = false): Ticket[] {
  if (!servesMethod(printer, order.method)) return [];
  const lines = linesFor(printer, order.lines);
  if (lines.length === 0) return [];
  const { lines: _all, ...header } = order;
  const one: Ticket[] = PRINTER_PAPER[printer.kind].label
    ? labelsFor(order, lines)
    : [
        {
          type: 'receipt',
          full: printer.categoryIds.length === 0,
          station: printer.name,
          order: header,
          lines,
          reprint,
        },
      ];
  return Array.from({ length: printer.copies }, () => one).flat();
}

function labelsFor(order: PrintOrder, lines: PrintLine[]): Ticket[] {
  const of = lines.reduce((sum, line) => sum + line.quantity, 0);
  const labels: Ticket[] = [];
  for (const line of lines)
    for (let cup = 0; cup < line.quantity; cup += 1)
      labels.push({
        type: 'label',
        order: {
          number: order.number,
          pickupNumber: order.pickupNumber,
          method: order.method,
          shopName: order.shopName,
        },
        line: { name: line.name, choices: line.choices, note: line.note },
        index: labels.length + 1,
        of,
      });
  return labels;
}

export const METHOD_TEXT: Record<PickupMethod, string> = { pickup: '自取', delivery: '外送', dine_in: '內用' };

export const PRINTER_KIND_TEXT: Record<PrinterKind, string> = {
  receipt_58: '出單機 58mm',
  receipt_80: '出單機 80mm',
  label_40x25: '貼紙機 40x25mm',
};

/** What the settings page previews a printer with: a made-up order of the shop. */
export function sampleOrder(shopName: string, branchName: string, categoryIds: string[]): PrintOrder {
  const [drinks = null, food = null] = categoryIds;
  return {
    shopName,
    branchName,
    number: 'DEMO-20261208-0012',
    pickupNumber: '012',
    method: 'pickup',
    placedAt: '2026-12-08T04:00:00Z',
    wantedAt: '2026-12-08T04:20:00Z',
    tableLabel: null,
    contactName: '林小姐',
    contactPhone: '0912345678',
    deliveryAddress: null,
    customerNote: '餐具不用',
    deliveryFee: 0,
    total: 185,
    orderUrl: 'https://liff.line.me/',
    logoUrl: null,
    lines: [
      {
        name: '珍珠奶茶',
        quantity: 2,
        unitPrice: 70,
        categoryId: drinks,
        choices: ['半糖', '少冰', '加珍珠'],
        note: null,
      },
      { name: '滷肉飯', quantity: 1, unitPrice: 45, categoryId: food ?? drinks, choices: ['加蛋'], note: '不要香菜' },
    ],
  };
}
