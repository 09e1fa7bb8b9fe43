import { invoiceRecipientSchema, type InvoiceRecipient } from '../../domain/invoices/invoice-recipient.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../domain/invoices/invoice-life.ts';
import { invoiceRelateNumber } from '../../domain/invoices/relate-number.ts';
import { taipeiDayRange } from '../../domain/taipei-time.ts';
import type { Db, Prisma } from '../client.ts';
import { notifyOrderChanged } from '../orders/order-changes.ts';

type Client = Db | Prisma.TransactionClient;

/** An order's invoice as the admin and the customer's order page show it. */
export interface OrderInvoiceView {
  id: string;
  orderId: string;
  orderNumber: string;
  recipient: InvoiceRecipient | null;
  status: InvoiceStatus;
  invoiceNo: string | null;
  invoiceDate: string | null;
  amount: number;
  allowanceNo: string | null;
  problem: string | null;
  createdAt: string;
}

const viewSelect = {
  id: true,
  orderId: true,
  recipient: true,
  status: true,
  invoiceNo: true,
  invoiceDate: true,
  amount: true,
  allowanceNo: true,
  problem: true,
  createdAt: true,
  order: { select: { number: true } },
} as const satisfies Prisma.OrderInvoiceSelect;

type ViewRow = Prisma.OrderInvoiceGetPayload<{ select: typeof viewSelect }>;

function statusOf(value: string): InvoiceStatus {
  return (INVOICE_STATUSES as readonly string[]).includes(value) ? (value as InvoiceStatus) : 'waiting';
}

export function invoiceViewOf(row: ViewRow): OrderInvoiceView {
  const recipient = invoiceRecipientSchema.safeParse(row.recipient);
  return {
    id: row.id,
    orderId: row.orderId,
    orderNumber: row.order.number,
    recipient: recipient.success ? recipient.data : null,
    status: statusOf(row.status),
    invoiceNo: row.invoiceNo,
    invoiceDate: row.invoiceDate,
    amount: row.amount,
    allowanceNo: row.allowanceNo,
    problem: row.problem,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The customer's choice, kept with the order in the placing transaction. */
export async function createOrderInvoice(
  tx: Prisma.TransactionClient,
  input: { tenantId: string; orderId: string; recipient: InvoiceRecipient; amount: number },
): Promise<void> {
  await tx.orderInvoice.create({
    data: {
      tenantId: input.tenantId,
      orderId: input.orderId,
      recipient: input.recipient as Prisma.InputJsonValue,
      relateNumber: invoiceRelateNumber(input.orderId),
      amount: input.amount,
    },
  });
}

export async function findOrderInvoice(
  db: Client,
  tenantId: string,
  orderId: string,
  branchIds: string[] | null = null,
): Promise<OrderInvoiceView | null> {
  const row = await db.orderInvoice.findFirst({
    where: { tenantId, orderId, ...(branchIds ? { order: { branchId: { in: branchIds } } } : {}) },
    select: viewSelect,
  });
  return row ? invoiceViewOf(row) : null;
}

/** What issuing needs: the choice, the order's lines and contact. */
export async function loadInvoiceOrder(db: Client, tenantId: string, orderId: string) {
  return db.orderInvoice.findFirst({
    where: { tenantId, orderId },
    select: {
      recipient: true,
      relateNumber: true,
      status: true,
      invoiceNo: true,
      invoiceDate: true,
      order: {
        select: {
          number: true,
          total: true,
          deliveryFee: true,
          contactName: true,
          contactPhone: true,
          customer: { select: { displayName: true } },
          items: { select: { productName: true, allocatedQuantity: true, unitPrice: true } },
        },
      },
    },
  });
}

async function update(db: Client, tenantId: string, orderId: string, data: Prisma.OrderInvoiceUpdateManyMutationInput) {
  await db.orderInvoice.updateMany({ where: { tenantId, orderId }, data });
  await notifyOrderChanged(db as Db, tenantId, orderId);
}

export async function recordInvoiceIssued(
  db: Client,
  tenantId: string,
  orderId: string,
  issued: { invoiceNo: string; invoiceDate: string; randomNumber: string; amount: number; workflowId: string },
): Promise<void> {
  await update(db, tenantId, orderId, {
    status: 'issued',
    invoiceNo: issued.invoiceNo,
    invoiceDate: issued.invoiceDate,
    randomNumber: issued.randomNumber,
    amount: issued.amount,
    issuedAt: new Date(),
    problem: null,
    workflowId: issued.workflowId,
  });
}

export async function recordInvoiceProblem(
  db: Client,
  tenantId: string,
  orderId: string,
  problem: string | null,
  workflowId: string,
): Promise<void> {
  // A problem never hides an invoice already issued; it only names what is left to do.
  const row = await db.orderInvoice.findFirst({ where: { tenantId, orderId }, select: { status: true } });
  const status = problem ? (row?.status === 'waiting' || row?.status === 'needs_attention' ? 'needs_attention' : row?.status) : row?.status === 'needs_attention' ? 'waiting' : row?.status;
  await update(db, tenantId, orderId, { problem, workflowId, ...(status ? { status } : {}) });
}

export async function recordInvoiceUndone(
  db: Client,
  tenantId: string,
  orderId: string,
  undone: { kind: 'voided' } | { kind: 'allowed'; allowanceNo: string },
): Promise<void> {
  await update(db, tenantId, orderId, {
    status: undone.kind,
    allowanceNo: undone.kind === 'allowed' ? undone.allowanceNo : null,
    problem: null,
  });
}

export interface InvoiceListQuery {
  q?: string;
  status?: InvoiceStatus;
  /** A Taipei day, YYYYMMDD. */
  day?: string;
  before?: { createdAt: Date; id: string } | null;
  /** The branches a member works in; null: every branch (and the +1 orders without one). */
  branchIds?: string[] | null;
  limit: number;
}

/** The shop's invoices, newest first, by order number or invoice number, status and day. */
export async function listOrderInvoices(db: Client, tenantId: string, query: InvoiceListQuery): Promise<OrderInvoiceView[]> {
  const where: Prisma.OrderInvoiceWhereInput = { tenantId };
  const and: Prisma.OrderInvoiceWhereInput[] = [];
  if (query.q) {
    const q = query.q.trim();
    and.push({ OR: [{ invoiceNo: { equals: q.toUpperCase() } }, { order: { number: { contains: q.toUpperCase() } } }] });
  }
  if (query.status) and.push({ status: query.status });
  if (query.branchIds) and.push({ order: { branchId: { in: query.branchIds } } });
  if (query.day) {
    const { start, end } = taipeiDayRange(query.day);
    and.push({ createdAt: { gte: start, lt: end } });
  }
  if (query.before)
    and.push({
      OR: [
        { createdAt: { lt: query.before.createdAt } },
        { createdAt: query.before.createdAt, id: { lt: query.before.id } },
      ],
    });
  if (and.length > 0) where.AND = and;
  const rows = await db.orderInvoice.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit,
    select: viewSelect,
  });
  return rows.map(invoiceViewOf);
}

/** The branches a member of the shop works in, or null when they work in every one. */
export async function memberBranchIds(
  db: Client,
  tenantId: string,
  member: { id: string; allBranches: boolean },
): Promise<string[] | null> {
  if (member.allBranches) return null;
  const rows = await db.staffBranch.findMany({ where: { tenantId, staffId: member.id }, select: { branchId: true } });
  return rows.map((row) => row.branchId);
}
