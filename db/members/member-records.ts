import type { CouponSource, IssuedCouponStatus, PointEntryKind } from '../../domain/members/records.ts';
import { Prisma, type Db } from '../client.ts';
import { memberSearchIds, type MemberCursor as RecordCursor } from './member-list.ts';

/**
 * 點數 / 發券記錄: the shop's whole points ledger and every coupon it issued, newest first, by
 * keyset on (time, id) (each walked by its own index), filtered by member search, kind or
 * status and a time range; the CSV exports read the same pages in batches.
 */

interface RecordFilters {
  /** A member's name, phone or member code, as 會員列表 searches. */
  query: string | null;
  /** [from, to): Taipei days already turned into instants. */
  from: Date | null;
  to: Date | null;
}

export interface PointRecordFilters extends RecordFilters {
  kind: PointEntryKind | null;
}

export interface CouponRecordFilters extends RecordFilters {
  status: IssuedCouponStatus | null;
}

export interface PointRecord {
  id: string;
  createdAt: string;
  memberId: string;
  memberName: string;
  memberCode: string;
  kind: PointEntryKind;
  points: number;
  orderNumber: string | null;
  note: string | null;
}

export interface CouponRecord {
  id: string;
  issuedAt: string;
  memberId: string;
  memberName: string;
  memberCode: string;
  couponName: string;
  source: CouponSource;
  status: IssuedCouponStatus;
  validUntil: string | null;
  usedCount: number;
  usesPerCoupon: number;
  /** The orders it was used on, first use first. */
  orderNumbers: string[];
}

interface Page<T> {
  rows: T[];
  next: RecordCursor | null;
}

function commonFilters(
  f: RecordFilters,
  tenantId: string,
  column: { member: Prisma.Sql; time: Prisma.Sql; id: Prisma.Sql },
  after: RecordCursor | null,
): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  const members = memberSearchIds(tenantId, f.query);
  if (members) parts.push(Prisma.sql`${column.member} IN (${members})`);
  if (f.from) parts.push(Prisma.sql`${column.time} >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`${column.time} < ${f.to}`);
  if (after) parts.push(Prisma.sql`(${column.time}, ${column.id}) < (${after.createdAt}, ${after.id}::uuid)`);
  return parts;
}

function pageOf<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  time: (r: R) => Date,
  map: (r: R) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { rows: shown.map(map), next: rows.length > limit && last ? { createdAt: time(last), id: last.id } : null };
}

/**
 * One page of the ledger. Entries of 0 points are left out: they only mark a lot as looked at
 * (an expiry or a cancel that found nothing left) and tell the shop nothing.
 */
export async function listPointRecords(
  db: Db,
  tenantId: string,
  filters: PointRecordFilters,
  page: { limit: number; after: RecordCursor | null },
): Promise<Page<PointRecord>> {
  const where = [
    Prisma.sql`e.tenant_id = ${tenantId}::uuid`,
    Prisma.sql`e.points <> 0`,
    ...(filters.kind ? [Prisma.sql`e.kind = ${filters.kind}`] : []),
    ...commonFilters(
      filters,
      tenantId,
      { member: Prisma.sql`e.member_id`, time: Prisma.sql`e.created_at`, id: Prisma.sql`e.id` },
      page.after,
    ),
  ];
  const rows = await db.$queryRaw<
    {
      id: string;
      created_at: Date;
      member_id: string;
      display_name: string;
      member_code: string;
      kind: PointEntryKind;
      points: number;
      number: string | null;
      note: string | null;
    }[]
  >`
    WITH page AS (
      SELECT e.id FROM member_point_entries e WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY e.created_at DESC, e.id DESC LIMIT ${page.limit + 1})
    SELECT e.id, e.created_at, e.member_id, c.display_name, m.member_code, e.kind, e.points, o.number, e.note
    FROM page JOIN member_point_entries e ON e.id = page.id
    JOIN members m ON m.id = e.member_id AND m.tenant_id = e.tenant_id
    JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
    LEFT JOIN orders o ON o.tenant_id = e.tenant_id AND o.id = e.order_id
    ORDER BY e.created_at DESC, e.id DESC`;
  return pageOf(
    rows,
    page.limit,
    (r) => r.created_at,
    (r) => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      memberId: r.member_id,
      memberName: r.display_name,
      memberCode: r.member_code,
      kind: r.kind,
      points: r.points,
      orderNumber: r.number,
      note: r.note,
    }),
  );
}

/**
 * An issued coupon's status at `now` (domain/members/records.ts says what each means); one
 * expression for the column and the filter, so the filter selects exactly what the rows read.
 */
const couponStatus = (now: Date) => Prisma.sql`(CASE
  WHEN mc.used_count > 0 THEN 'used'
  WHEN NOT cp.active OR mc.valid_until <= ${now} THEN 'expired'
  ELSE 'unused' END)`;

/** Campaign issues are keyed `campaign:<id>:…` (domain campaignIssueKey); every other key is an issue by hand. */
const couponSource = Prisma.sql`coalesce(cc.kind, 'manual')`;

/** One page of the issued coupons, each with its source and its fate at `now`. */
export async function listCouponRecords(
  db: Db,
  tenantId: string,
  filters: CouponRecordFilters,
  page: { limit: number; after: RecordCursor | null },
  now: Date,
): Promise<Page<CouponRecord>> {
  const where = [
    Prisma.sql`mc.tenant_id = ${tenantId}::uuid`,
    ...(filters.status ? [Prisma.sql`${couponStatus(now)} = ${filters.status}`] : []),
    ...commonFilters(
      filters,
      tenantId,
      { member: Prisma.sql`mc.member_id`, time: Prisma.sql`mc.issued_at`, id: Prisma.sql`mc.id` },
      page.after,
    ),
  ];
  const rows = await db.$queryRaw<
    {
      id: string;
      issued_at: Date;
      member_id: string;
      display_name: string;
      member_code: string;
      coupon_name: string;
      source: CouponSource;
      status: IssuedCouponStatus;
      valid_until: Date | null;
      used_count: number;
      uses_per_coupon: number;
      order_numbers: string[] | null;
    }[]
  >`
    WITH page AS (
      SELECT mc.id FROM member_coupons mc JOIN coupons cp ON cp.id = mc.coupon_id AND cp.tenant_id = mc.tenant_id
      WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY mc.issued_at DESC, mc.id DESC LIMIT ${page.limit + 1})
    SELECT mc.id, mc.issued_at, mc.member_id, c.display_name, m.member_code, cp.name AS coupon_name,
      ${couponSource} AS source, ${couponStatus(now)} AS status, mc.valid_until, mc.used_count, cp.uses_per_coupon,
      -- A use's order_ref is the order's id (db/promotions/checkout-discounts.ts).
      (SELECT array_agg(o.number ORDER BY u.used_at) FROM member_coupon_uses u
        JOIN orders o ON o.tenant_id = u.tenant_id AND o.id = u.order_ref::uuid
        WHERE u.member_coupon_id = mc.id) AS order_numbers
    FROM page JOIN member_coupons mc ON mc.id = page.id
    JOIN coupons cp ON cp.id = mc.coupon_id AND cp.tenant_id = mc.tenant_id
    JOIN members m ON m.id = mc.member_id AND m.tenant_id = mc.tenant_id
    JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
    LEFT JOIN coupon_campaigns cc ON cc.tenant_id = mc.tenant_id AND mc.issue_key LIKE 'campaign:%'
      AND cc.id::text = split_part(mc.issue_key, ':', 2)
    ORDER BY mc.issued_at DESC, mc.id DESC`;
  return pageOf(
    rows,
    page.limit,
    (r) => r.issued_at,
    (r) => ({
      id: r.id,
      issuedAt: r.issued_at.toISOString(),
      memberId: r.member_id,
      memberName: r.display_name,
      memberCode: r.member_code,
      couponName: r.coupon_name,
      source: r.source,
      status: r.status,
      validUntil: r.valid_until?.toISOString() ?? null,
      usedCount: r.used_count,
      usesPerCoupon: r.uses_per_coupon,
      orderNumbers: r.order_numbers ?? [],
    }),
  );
}

/** Every row a list's filters select, in batches, for its CSV. */
export async function* allRecords<T>(list: (after: RecordCursor | null) => Promise<Page<T>>): AsyncGenerator<T[]> {
  let after: RecordCursor | null = null;
  for (;;) {
    const page: Page<T> = await list(after);
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}
