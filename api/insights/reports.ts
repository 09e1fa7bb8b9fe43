import type { FastifyInstance } from 'fastify';
import { loadDailyRevenue } from '../../db/insights/daily-revenue.ts';
import { loadProductSales } from '../../db/insights/product-sales.ts';
import type { DailyRevenue } from '../../db/insights/daily-revenue.ts';
import type { ProductSales } from '../../db/insights/product-sales.ts';
import { transactionPage, transactionTotals, type TransactionRow } from '../../db/insights/transactions.ts';
import type { Figure } from '../../domain/insights/revenue-class.ts';
import { decodeCursor, encodeCursor } from '../page-cursor.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage } from '../plugins/auth.ts';
import {
  filteredReportQuery,
  invalidInput,
  reportQuery,
  resolveScope,
  transactionQuery,
  type ScopeBranch,
} from './report-query.ts';

type Range = { from: string; to: string };
/** A 交易明細 line as JSON. */
export type TransactionLine = Omit<TransactionRow, 'createdAt' | 'wantedAt' | 'closedAt'> & {
  createdAt: string;
  wantedAt: string | null;
  closedAt: string | null;
};
export interface TransactionReport {
  range: Range;
  branches: ScopeBranch[];
  totals: Figure;
  rows: TransactionLine[];
  next: string | null;
}
export type DailyReport = DailyRevenue & { branches: ScopeBranch[] };
export interface ProductReport {
  range: Range;
  branches: ScopeBranch[];
  products: ProductSales[];
}

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/**
 * 營運報表 (analytics, view), for +1 shops and restaurants alike, by Asia/Taipei days:
 *
 * - GET /reports/transactions — 交易明細: a page of orders newest first (`cursor` from the
 *   previous page's `next`), and the count and total of everything the filters select;
 * - GET /reports/daily — 日營收總覽: each day's sales, open, cancelled and refunded orders apart;
 * - GET /reports/products — 產品銷售統計 and 分店產品銷售統計: units and NT$ per product, per branch.
 *
 * Each answers with `branches`, the branches the member may choose from; a member limited to
 * branches only ever sees theirs. The CSV of each is in report-exports.ts.
 */
export async function adminReportRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  
  app.get(
    '/reports/transactions',
    {
      preHandler: requirePage('reports/transactions', 'view'),
      config: { doc: { summary: '交易明細: orders with their payment and pickup', query: transactionQuery } },
    },
    async (request, reply) => {
      const query = transactionQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const { cursor: token, limit, payment, pickup, status, ...range } = query.data;
      const cursor = token ? decodeCursor(token) : null;
      if (token && !cursor)
        return reply.code(400).send({ code: 'invalid_cursor', message: '分頁位置不正確，請重新查詢' });
      const resolved = await resolveScope(db, request, reply, range);
      if (!resolved) return reply;
      const filter = { payment, pickup, status };
      const [rows, totals] = await Promise.all([
        transactionPage(db, resolved.scope, filter, cursor, limit),
        transactionTotals(db, resolved.scope, filter),
      ]);
      const last = rows.at(-1);
      const report: TransactionReport = {
        range: { from: resolved.scope.from, to: resolved.scope.to },
        branches: resolved.branches,
        totals,
        rows: rows.map((r) => ({
          ...r,
          createdAt: r.createdAt.toISOString(),
          wantedAt: iso(r.wantedAt),
          closedAt: iso(r.closedAt),
        })),
        next: last && rows.length === limit ? encodeCursor(last) : null,
      };
      return report;
    },
  );

  app.get(
    '/reports/daily',
    {
      preHandler: requirePage('reports/daily', 'view'),
      config: { doc: { summary: '日營收總覽: revenue per Taipei day', query: filteredReportQuery } },
    },
    async (request, reply) => {
      const query = filteredReportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const { payment, pickup, status, ...range } = query.data;
      const resolved = await resolveScope(db, request, reply, range);
      if (!resolved) return reply;
      const report: DailyReport = {
        ...(await loadDailyRevenue(db, resolved.scope, { payment, pickup, status })),
        branches: resolved.branches,
      };
      return report;
    },
  );

  app.get(
    '/reports/products',
    {
      preHandler: requirePage(['reports/products', 'reports/branch-products'], 'view'),
      config: { doc: { summary: '產品銷售統計: units and NT$ per product and branch', query: reportQuery } },
    },
    async (request, reply) => {
      const query = reportQuery.safeParse(request.query ?? {});
      if (!query.success) return invalidInput(reply, query.error);
      const resolved = await resolveScope(db, request, reply, query.data);
      if (!resolved) return reply;
      const report: ProductReport = {
        range: { from: resolved.scope.from, to: resolved.scope.to },
        branches: resolved.branches,
        products: await loadProductSales(db, resolved.scope),
      };
      return report;
    },
  );
}
