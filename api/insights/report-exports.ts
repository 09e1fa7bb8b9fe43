import type { FastifyInstance } from 'fastify';
import { loadDailyRevenue } from '../../db/insights/daily-revenue.ts';
import { loadProductSales } from '../../db/insights/product-sales.ts';
import { allTransactions } from '../../db/insights/transactions.ts';
import { csvRow, UTF8_BOM } from '../../domain/insights/csv.ts';
import { NO_BRANCH_KEY } from '../../db/insights/report-scope.ts';
import {
  PAYMENT_LABELS_ZH,
  PICKUP_LABELS_ZH,
  labelOr,
  transactionStatusZh,
} from '../../domain/insights/report-labels.ts';
import { formatTaipeiDateTime } from '../../domain/taipei-time.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { sendCsv } from './exports.ts';
import { invalidInput, reportQuery, resolveScope, transactionQuery } from './report-query.ts';

const TRANSACTION_COLUMNS = [
  '訂單時間',
  '分店',
  'LINE mid',
  '顧客',
  '取件方式',
  '取件號碼',
  '付款方式',
  '發票號碼',
  '希望送達',
  '結單時間',
  '訂單編號',
  '狀態',
  '運費',
  '金額',
];
const DAILY_COLUMNS = [
  '日期',
  '成交筆數',
  '成交金額',
  '平均客單',
  '運費',
  '未成立筆數',
  '未成立金額',
  '取消筆數',
  '取消金額',
  '退款筆數',
  '退款金額',
];

const when = (at: Date | null) => (at ? formatTaipeiDateTime(at) : '');
const isoDay = (key: string) => `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`;

/**
 * The reports as CSV (analytics, view), each with the same query as its page so the file
 * holds exactly what the page shows. 交易明細 is streamed in keyset batches (flat memory for
 * any range); the other two are one row per day or product, read from the rollups.
 */
export async function adminReportExportRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
    const fileName = (slug: string, report: string, range: { from: string; to: string }) =>
    `${report}-${slug}-${range.from}-${range.to}.csv`;

  app.get(
    '/reports/transactions.csv',
    {
      preHandler: requirePage('reports/transactions', 'view'),
      config: {
        doc: { summary: "交易明細 as CSV (the page's filters)", query: transactionQuery, produces: 'text/csv' },
      },
    },
    async (request, reply) => {
      const query = transactionQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const { payment, pickup, status, from, to, branch } = query.data;
      const resolved = await resolveScope(db, request, reply, { from, to, branch });
      if (!resolved) return reply;
      async function* lines() {
        yield UTF8_BOM + csvRow(TRANSACTION_COLUMNS);
        for await (const t of allTransactions(db, resolved!.scope, { payment, pickup, status })) {
          yield csvRow([
            formatTaipeiDateTime(t.createdAt),
            t.branchName,
            t.lineUserId,
            t.customerName,
            labelOr(PICKUP_LABELS_ZH, t.pickupMethod ?? 'none'),
            t.pickupNumber,
            labelOr(PAYMENT_LABELS_ZH, t.paymentMethod),
            t.invoiceNumber,
            when(t.wantedAt),
            when(t.closedAt),
            t.number,
            transactionStatusZh(t.status, t.revenueClass),
            t.deliveryFee,
            t.total,
          ]);
        }
      }
      return sendCsv(reply, fileName(tenantAuth(request).tenant.slug, 'transactions', resolved.scope), lines());
    },
  );

  app.get(
    '/reports/daily.csv',
    {
      preHandler: requirePage('reports/daily', 'view'),
      config: { doc: { summary: '日營收總覽 as CSV', query: reportQuery, produces: 'text/csv' } },
    },
    async (request, reply) => {
      const query = reportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const resolved = await resolveScope(db, request, reply, query.data);
      if (!resolved) return reply;
      const report = await loadDailyRevenue(db, resolved.scope);
      const rows = [...report.days.map((d) => ({ ...d, label: isoDay(d.day) })), { ...report.totals, label: '合計' }];
      async function* lines() {
        yield UTF8_BOM + csvRow(DAILY_COLUMNS);
        for (const d of rows) {
          yield csvRow([
            d.label,
            d.sales.orders,
            d.sales.amount,
            d.average,
            d.deliveryFees,
            d.open.orders,
            d.open.amount,
            d.cancelled.orders,
            d.cancelled.amount,
            d.refunded.orders,
            d.refunded.amount,
          ]);
        }
      }
      return sendCsv(reply, fileName(tenantAuth(request).tenant.slug, 'daily-revenue', resolved.scope), lines());
    },
  );

  app.get(
    '/reports/products.csv',
    {
      preHandler: requirePage(['reports/products', 'reports/branch-products'], 'view'),
      config: {
        doc: { summary: '產品銷售統計 as CSV, a column pair per branch', query: reportQuery, produces: 'text/csv' },
      },
    },
    async (request, reply) => {
      const query = reportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const resolved = await resolveScope(db, request, reply, query.data);
      if (!resolved) return reply;
      const products = await loadProductSales(db, resolved.scope);
      const columns = [...resolved.branches];
      if (products.some((p) => p.byBranch[NO_BRANCH_KEY])) columns.push({ id: NO_BRANCH_KEY, name: 'LINE +1' });
      const shown = resolved.scope.branchIds
        ? columns.filter((b) => resolved.scope.branchIds!.includes(b.id))
        : columns;
      async function* lines() {
        yield (
          UTF8_BOM +
          csvRow([
            '排名',
            '商品編號',
            '商品',
            '選項',
            '數量',
            '金額',
            ...shown.flatMap((b) => [`${b.name} 數量`, `${b.name} 金額`]),
          ])
        );
        for (const [i, p] of products.entries()) {
          yield csvRow([
            i + 1,
            p.code,
            p.name,
            '',
            p.quantity,
            p.amount,
            ...shown.flatMap((b) => [p.byBranch[b.id]?.quantity ?? 0, p.byBranch[b.id]?.amount ?? 0]),
          ]);
          for (const c of p.choices) yield csvRow(['', p.code, p.name, `${c.group}：${c.name}`, c.quantity, c.amount]);
        }
      }
      return sendCsv(reply, fileName(tenantAuth(request).tenant.slug, 'product-sales', resolved.scope), lines());
    },
  );
}
