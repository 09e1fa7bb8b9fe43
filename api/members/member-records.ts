import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { writeAudit } from '../../db/audit-log.ts';
import {
  allRecords,
  listCouponRecords,
  listPointRecords,
  type CouponRecordFilters,
  type PointRecordFilters,
} from '../../db/members/member-records.ts';
import { csvRow, UTF8_BOM } from '../../domain/insights/csv.ts';
import { businessDaySchema, searchTextSchema } from '../../domain/query-inputs.ts';
import {
  COUPON_SOURCE_LABELS_ZH,
  ISSUED_COUPON_STATUSES,
  ISSUED_COUPON_STATUS_LABELS_ZH,
  POINT_ENTRY_KINDS,
  POINT_ENTRY_KIND_LABELS_ZH,
  SYSTEM_POINT_NOTE_LABELS_ZH,
  isSystemPointNote,
} from '../../domain/members/records.ts';
import { formatTaipeiDateTime, taipeiDayKey, taipeiDayRange } from '../../domain/taipei-time.ts';
import type { ServerDeps } from '../deps.ts';
import { sendCsv } from '../insights/exports.ts';
import { encodeCursor } from '../page-cursor.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry } from '../team/auth/audit.ts';
import { invalid, pageFields } from './member-inputs.ts';

/** The filters both lists share: a member search and Taipei days from and to (both included). */
const commonFields = {
  q: searchTextSchema.optional(),
  from: businessDaySchema.optional(),
  to: businessDaySchema.optional(),
};
const kindField = { kind: z.enum(POINT_ENTRY_KINDS, { error: '沒有這種點數記錄' }).optional() };
const statusField = { status: z.enum(ISSUED_COUPON_STATUSES, { error: '沒有這種優惠券狀態' }).optional() };
const inOrder = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || q.from <= q.to;
const RANGE_PROBLEM = { message: '開始日期不能晚於結束日期', path: ['to'] };

/** The same filters select the same rows on the page and in its CSV; the page adds its paging. */
const pointFilterQuery = z.object({ ...commonFields, ...kindField }).refine(inOrder, RANGE_PROBLEM);
const pointListQuery = z.object({ ...commonFields, ...kindField, ...pageFields }).refine(inOrder, RANGE_PROBLEM);
const couponFilterQuery = z.object({ ...commonFields, ...statusField }).refine(inOrder, RANGE_PROBLEM);
const couponListQuery = z.object({ ...commonFields, ...statusField, ...pageFields }).refine(inOrder, RANGE_PROBLEM);

type CommonQuery = z.infer<z.ZodObject<typeof commonFields>>;

function rangeOf(q: CommonQuery) {
  return {
    query: q.q || null,
    from: q.from ? taipeiDayRange(q.from).start : null,
    to: q.to ? taipeiDayRange(q.to).end : null,
  };
}
const pointFilters = (q: z.infer<typeof pointFilterQuery>): PointRecordFilters => ({
  ...rangeOf(q),
  kind: q.kind ?? null,
});
const couponFilters = (q: z.infer<typeof couponFilterQuery>): CouponRecordFilters => ({
  ...rangeOf(q),
  status: q.status ?? null,
});

const POINT_COLUMNS = ['時間', '會員', '會員編號', '類型', '點數', '訂單編號', '備註'];
const COUPON_COLUMNS = ['發券時間', '會員', '會員編號', '優惠券', '來源', '狀態', '使用訂單', '有效期限'];
const EXPORT_BATCH = 1000;

/**
 * 點數 / 發券記錄: the shop's whole points ledger and every coupon it issued with its fate, each
 * filtered by member search, kind or status and Taipei days, paged by keyset, and as a CSV of
 * exactly what the filters select (member names leave the system, so each export is audited).
 */
export async function memberRecordRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/members/records/points',
    {
      preHandler: requirePage('members/records', 'view'),
      config: { doc: { summary: "The shop's points ledger: filters, keyset paging", query: pointListQuery } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const query = pointListQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(invalid('invalid_query', query.error));
      const page = await listPointRecords(db, tenant.id, pointFilters(query.data), {
        limit: query.data.limit,
        after: query.data.cursor ?? null,
      });
      return { entries: page.rows, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/members/records/points.csv',
    {
      preHandler: requirePage('members/records', 'view'),
      config: {
        doc: {
          summary: 'The filtered points ledger as CSV (audit-logged)',
          query: pointFilterQuery,
          produces: 'text/csv',
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const query = pointFilterQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(invalid('invalid_query', query.error));
      const filters = pointFilters(query.data);
      await writeAudit(
        db,
        auditEntry(request, { action: 'member.points_export', targetType: 'members', data: { filters: query.data } }),
      );
      async function* lines() {
        yield UTF8_BOM + csvRow(POINT_COLUMNS);
        for await (const batch of allRecords((after) =>
          listPointRecords(db, tenant.id, filters, { limit: EXPORT_BATCH, after }),
        )) {
          yield batch
            .map((e) =>
              csvRow([
                formatTaipeiDateTime(new Date(e.createdAt)),
                e.memberName,
                e.memberCode,
                POINT_ENTRY_KIND_LABELS_ZH[e.kind],
                e.points,
                e.orderNumber,
                isSystemPointNote(e.note) ? SYSTEM_POINT_NOTE_LABELS_ZH[e.note] : e.note,
              ]),
            )
            .join('');
        }
      }
      return sendCsv(reply, `member-points-${tenant.slug}-${taipeiDayKey(new Date())}.csv`, lines());
    },
  );

  app.get(
    '/members/records/coupons',
    {
      preHandler: requirePage('members/records', 'view'),
      config: { doc: { summary: 'Every issued coupon with its fate: filters, keyset paging', query: couponListQuery } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const query = couponListQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(invalid('invalid_query', query.error));
      const page = await listCouponRecords(
        db,
        tenant.id,
        couponFilters(query.data),
        { limit: query.data.limit, after: query.data.cursor ?? null },
        new Date(),
      );
      return { coupons: page.rows, nextCursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/members/records/coupons.csv',
    {
      preHandler: requirePage('members/records', 'view'),
      config: {
        doc: {
          summary: 'The filtered issued coupons as CSV (audit-logged)',
          query: couponFilterQuery,
          produces: 'text/csv',
        },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const query = couponFilterQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(invalid('invalid_query', query.error));
      const filters = couponFilters(query.data);
      // One moment for the whole file, so a coupon never reads unused on one page and expired on the next.
      const now = new Date();
      await writeAudit(
        db,
        auditEntry(request, { action: 'member.coupons_export', targetType: 'members', data: { filters: query.data } }),
      );
      async function* lines() {
        yield UTF8_BOM + csvRow(COUPON_COLUMNS);
        for await (const batch of allRecords((after) =>
          listCouponRecords(db, tenant.id, filters, { limit: EXPORT_BATCH, after }, now),
        )) {
          yield batch
            .map((c) =>
              csvRow([
                formatTaipeiDateTime(new Date(c.issuedAt)),
                c.memberName,
                c.memberCode,
                c.couponName,
                COUPON_SOURCE_LABELS_ZH[c.source],
                ISSUED_COUPON_STATUS_LABELS_ZH[c.status],
                c.orderNumbers.join('、'),
                c.validUntil ? formatTaipeiDateTime(new Date(c.validUntil)) : null,
              ]),
            )
            .join('');
        }
      }
      return sendCsv(reply, `member-coupons-${tenant.slug}-${taipeiDayKey(new Date())}.csv`, lines());
    },
  );
}
