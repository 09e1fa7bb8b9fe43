import type { FastifyInstance } from 'fastify';
import { loadMemberAnalytics, loadTagAnalytics, type TagAnalytics } from '../../db/members/member-analytics.ts';
import { csvRow, UTF8_BOM } from '../../domain/insights/csv.ts';
import { dayKeyToIsoDate } from '../../domain/insights/report-range.ts';
import type { MemberAnalytics } from '../../domain/members/member-analytics.ts';
import type { ServerDeps } from '../deps.ts';
import { invalidInput, reportQuery, resolveScope, type ScopeBranch } from '../insights/report-query.ts';
import { sendCsv } from '../insights/exports.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

export type MemberAnalyticsReport = MemberAnalytics & { branches: ScopeBranch[] };
export type TagAnalyticsReport = TagAnalytics & { branches: ScopeBranch[] };

const DAY_COLUMNS = [
  '日期',
  '新會員',
  '會員訂單數',
  '會員營收',
  '會員客單價',
  '非會員訂單數',
  '非會員營收',
  '非會員客單價',
];
const TAG_COLUMNS = ['標籤', '類型', '會員數', '消費會員', '消費會員比例', '訂單數', '營收', '客單價', '人均消費'];
const percent = (rate: number | null) => (rate === null ? '' : `${rate}%`);

/**
 * 會員經營分析 and 會員標籤分析 (customers, view), with 營運報表's query (`from`/`to` Taipei
 * days, default the last 30; `branch`) and its scope: a member limited to branches sees only
 * their branches' orders. Each has its CSV with exactly the page's table.
 *
 * - GET /members/analytics — new members per day, members' and everyone else's done orders,
 *   active members and the repurchase rate;
 * - GET /members/analytics/tags — every tag's members and what they spent.
 */
export async function memberAnalyticsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const view = requirePage('members/analytics', 'view');
  const viewTags = requirePage('members/tag-analytics', 'view');
  const fileName = (slug: string, report: string, range: { from: string; to: string }) =>
    `${report}-${slug}-${range.from}-${range.to}.csv`;

  app.get(
    '/members/analytics',
    {
      preHandler: view,
      config: { doc: { summary: '會員經營分析: new, active and repeat members, member revenue', query: reportQuery } },
    },
    async (request, reply) => {
      const query = reportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const resolved = await resolveScope(db, request, reply, query.data);
      if (!resolved) return reply;
      const report: MemberAnalyticsReport = {
        ...(await loadMemberAnalytics(db, resolved.scope)),
        branches: resolved.branches,
      };
      return report;
    },
  );

  app.get(
    '/members/analytics.csv',
    {
      preHandler: view,
      config: { doc: { summary: '會員經營分析 as CSV, a row per day', query: reportQuery, produces: 'text/csv' } },
    },
    async (request, reply) => {
      const query = reportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const resolved = await resolveScope(db, request, reply, query.data);
      if (!resolved) return reply;
      const report = await loadMemberAnalytics(db, resolved.scope);
      const rows = [
        ...report.days.map((d) => ({ ...d, label: dayKeyToIsoDate(d.day) })),
        { ...report.totals, label: '合計' },
      ];
      async function* lines() {
        yield UTF8_BOM + csvRow(DAY_COLUMNS);
        for (const d of rows) {
          yield csvRow([
            d.label,
            d.newMembers,
            d.member.orders,
            d.member.amount,
            d.member.average,
            d.nonMember.orders,
            d.nonMember.amount,
            d.nonMember.average,
          ]);
        }
      }
      return sendCsv(reply, fileName(tenantAuth(request).tenant.slug, 'member-analytics', resolved.scope), lines());
    },
  );

  app.get(
    '/members/analytics/tags',
    {
      preHandler: viewTags,
      config: { doc: { summary: '會員標籤分析: members and spend per tag', query: reportQuery } },
    },
    async (request, reply) => {
      const query = reportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const resolved = await resolveScope(db, request, reply, query.data);
      if (!resolved) return reply;
      const report: TagAnalyticsReport = {
        ...(await loadTagAnalytics(db, resolved.scope)),
        branches: resolved.branches,
      };
      return report;
    },
  );

  app.get(
    '/members/analytics/tags.csv',
    {
      preHandler: viewTags,
      config: { doc: { summary: '會員標籤分析 as CSV, a row per tag', query: reportQuery, produces: 'text/csv' } },
    },
    async (request, reply) => {
      const query = reportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const resolved = await resolveScope(db, request, reply, query.data);
      if (!resolved) return reply;
      const report = await loadTagAnalytics(db, resolved.scope);
      const rows = [
        ...report.tags.map((t) => ({ ...t, label: t.name, kindText: t.kind === 'rule' ? '自動標籤' : '手動標籤' })),
        { ...report.everyone, label: '全部會員', kindText: '' },
      ];
      async function* lines() {
        yield UTF8_BOM + csvRow(TAG_COLUMNS);
        for (const t of rows) {
          yield csvRow([
            t.label,
            t.kindText,
            t.members,
            t.buyers,
            percent(t.buyerRate),
            t.orders,
            t.amount,
            t.average,
            t.perMember,
          ]);
        }
      }
      return sendCsv(reply, fileName(tenantAuth(request).tenant.slug, 'member-tag-analytics', resolved.scope), lines());
    },
  );
}
