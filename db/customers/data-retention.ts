import {
  ANONYMIZED_LINE_USER_ID_PREFIX,
  ANONYMIZED_MEMBER_FIELDS,
  ANONYMIZED_NAME,
  ANONYMIZED_ORDER_FIELDS,
  CLOSED_ORDER_STATUSES,
  type RetentionMonths,
} from '../../domain/customers/data-retention.ts';
import { writeAudit } from '../audit-log.ts';
import { Prisma, type Db } from '../client.ts';

/**
 * 個資保存期限 applied (rules in domain/customers/data-retention.ts): which customers are past
 * the shop's limit, anonymizing them a batch at a time, and the audit line each nightly run
 * leaves per shop, which is also the settings page's 「上次執行」.
 */

/** The audit action of a shop's nightly run; its data is RetentionRun. */
export const RETENTION_RUN_ACTION = 'customers.retention_run';

export interface RetentionRun {
  at: string;
  months: RetentionMonths;
  cutoff: string;
  anonymized: number;
}

/**
 * Customers of the shop (alias c) not yet anonymized whose last activity is before the cut-off:
 * they became a customer, joined as a member and placed every order before it, and none of
 * their orders is still open (domain CLOSED_ORDER_STATUSES).
 */
function pastRetention(tenantId: string, cutoff: Date): Prisma.Sql {
  return Prisma.sql`c.tenant_id = ${tenantId}::uuid
    AND c.anonymized_at IS NULL
    AND c.created_at < ${cutoff}
    AND NOT EXISTS (SELECT 1 FROM members m WHERE m.customer_id = c.id AND m.joined_at >= ${cutoff})
    AND NOT EXISTS (
      SELECT 1 FROM orders o
      WHERE o.customer_id = c.id
        AND (o.created_at >= ${cutoff} OR o.status::text NOT IN (${Prisma.join([...CLOSED_ORDER_STATUSES])}))
    )`;
}

/** How many of the shop's customers a run with this cut-off would anonymize now (the page's preview). */
export async function countPastRetention(db: Db, tenantId: string, cutoff: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM customers c WHERE ${pastRetention(tenantId, cutoff)}`;
  return Number(row?.n ?? 0);
}

/**
 * Anonymizes up to `limit` customers past the cut-off in one transaction and says how many.
 * Idempotent: an anonymized customer is never picked again, so a retried or repeated run
 * changes nothing more. Rows another transaction holds are skipped (the next batch or night
 * takes them). Orders keep their amounts, items and invoices: only what names or reaches the
 * person is cleared (ANONYMIZED_ORDER_FIELDS).
 */
export async function anonymizeBatch(db: Db, tenantId: string, cutoff: Date, limit: number): Promise<number> {
  return db.$transaction(async (tx) => {
    const picked = await tx.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM customers c WHERE ${pastRetention(tenantId, cutoff)}
      ORDER BY c.id LIMIT ${limit} FOR UPDATE OF c SKIP LOCKED`;
    const ids = picked.map((row) => row.id);
    if (ids.length === 0) return 0;
    // The order timelines name the customer by LINE user ID (actor customer:<id>): renamed first,
    // while the customers still carry it.
    await tx.$executeRaw`
      UPDATE order_events e SET actor = ${'customer:' + ANONYMIZED_LINE_USER_ID_PREFIX} || c.id::text
      FROM orders o JOIN customers c ON c.id = o.customer_id
      WHERE o.customer_id = ANY(${ids}::uuid[]) AND e.order_id = o.id AND e.actor = 'customer:' || c.line_user_id`;
    // Only orders from before the cut-off: one placed this very moment keeps its contact.
    await tx.order.updateMany({
      where: { tenantId, customerId: { in: ids }, createdAt: { lt: cutoff } },
      data: ANONYMIZED_ORDER_FIELDS,
    });
    await tx.member.updateMany({ where: { tenantId, customerId: { in: ids } }, data: ANONYMIZED_MEMBER_FIELDS });
    await tx.$executeRaw`
      UPDATE waitlist_entries SET line_user_id = ${ANONYMIZED_LINE_USER_ID_PREFIX} || customer_id::text
      WHERE tenant_id = ${tenantId}::uuid AND customer_id = ANY(${ids}::uuid[])`;
    await tx.customerSession.deleteMany({ where: { customerId: { in: ids } } });
    await tx.$executeRaw`
      UPDATE customers
      SET display_name = ${ANONYMIZED_NAME}, picture_url = NULL,
          line_user_id = ${ANONYMIZED_LINE_USER_ID_PREFIX} || id::text,
          anonymized_at = now(), updated_at = now()
      WHERE id = ANY(${ids}::uuid[])`;
    return ids.length;
  });
}

/** Shops with a limit set, by ID after `after`, `limit` at a time (the nightly run's pages). */
export async function listRetentionShops(
  db: Db,
  after: string | null,
  limit: number,
): Promise<{ tenantId: string; months: number }[]> {
  const rows = await db.tenant.findMany({
    where: { customerRetentionMonths: { not: null }, ...(after ? { id: { gt: after } } : {}) },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, customerRetentionMonths: true },
  });
  return rows.map((row) => ({ tenantId: row.id, months: row.customerRetentionMonths! }));
}

/**
 * The run's audit line for one shop, with the count. Once per run and shop (`runKey`): a retried
 * activity finds the line it wrote and writes no second.
 */
export async function recordRetentionRun(
  db: Db,
  tenantId: string,
  runKey: string,
  run: RetentionRun,
): Promise<void> {
  const written = await db.auditLog.findFirst({
    where: {
      tenantId,
      action: RETENTION_RUN_ACTION,
      // Written after the run began (an hour's margin for clocks): the (tenant, time) index keeps the look-up short.
      createdAt: { gte: new Date(Date.parse(run.at) - 3_600_000) },
      data: { path: ['runKey'], equals: runKey },
    },
    select: { id: true },
  });
  if (written) return;
  await writeAudit(db, {
    tenantId,
    actorName: '系統',
    action: RETENTION_RUN_ACTION,
    targetType: 'tenant',
    targetId: tenantId,
    data: { ...run, runKey },
  });
}

/** The shop's last nightly run (its audit line), or null before the first. */
export async function lastRetentionRun(db: Db, tenantId: string): Promise<RetentionRun | null> {
  const row = await db.auditLog.findFirst({
    where: { tenantId, action: RETENTION_RUN_ACTION },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { data: true },
  });
  const data = row?.data as Partial<RetentionRun> | null | undefined;
  if (!data || typeof data.anonymized !== 'number') return null;
  return { at: String(data.at), months: data.months as RetentionMonths, cutoff: String(data.cutoff), anonymized: data.anonymized };
}
