import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { searchTextSchema } from '../../domain/query-inputs.ts';
import { orderItemsForExport, productsForExport } from '../../db/insights/exports.ts';
import { csvRow, UTF8_BOM } from '../../domain/insights/csv.ts';
import { ORDER_STATUSES, ORDER_STATUS_LABELS_ZH, isOrderStatus } from '../../domain/orders/order-status.ts';
import { formatTaipeiDateTime, taipeiDayKey } from '../../domain/taipei-time.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';

/** The order list's own filters, so the file holds what the merchant is looking at. */
const orderFilter = z.object({
  q: searchTextSchema.optional(),
  status: z.enum(ORDER_STATUSES, { error: '沒有這個訂單狀態' }).optional(),
});

const PRODUCT_COLUMNS = [
  'code',
  'name',
  'description',
  'category',
  'price',
  'stock',
  'is_public',
  'image_url',
  'created_at',
];
const ORDER_COLUMNS = [
  'order_number',
  'created_at',
  'status',
  'status_label',
  'customer_name',
  'customer_line_user_id',
  'product_code',
  'product_name',
  'unit_price',
  'requested_quantity',
  'allocated_quantity',
  'line_total',
  'order_total',
  'tracking_number',
  'memo',
];

/**
 * CSV exports of a shop's products and orders (商品、訂單CSV匯出, with
 * tracking_number and memo). Streamed: rows are read in keyset-paged batches and written as
 * they come, so a shop with 100,000 orders downloads one file in flat memory.
 */
export async function adminExportRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/exports/products.csv',
    {
      preHandler: requirePage('products', 'view'),
      config: { doc: { summary: 'Every product as CSV', produces: 'text/csv' } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      async function* lines() {
        yield UTF8_BOM + csvRow(PRODUCT_COLUMNS);
        for await (const p of productsForExport(db, tenant.id)) {
          yield csvRow([
            p.code,
            p.name,
            p.description,
            p.category,
            p.price,
            p.stock,
            p.is_public,
            p.image_url,
            formatTaipeiDateTime(p.created_at),
          ]);
        }
      }
      return sendCsv(reply, `products-${tenant.slug}-${taipeiDayKey(new Date())}.csv`, lines());
    },
  );

  app.get(
    '/exports/orders.csv',
    {
      preHandler: requirePage('orders', 'view'),
      config: {
        doc: { summary: 'The orders the list shows (same filters) as CSV', query: orderFilter, produces: 'text/csv' },
      },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const filter = orderFilter.safeParse(request.query ?? {});
      if (!filter.success)
        return reply.code(400).send({ code: 'invalid_input', message: z.prettifyError(filter.error) });
      async function* lines() {
        yield UTF8_BOM + csvRow(ORDER_COLUMNS);
        for await (const r of orderItemsForExport(db, tenant.id, filter.data)) {
          yield csvRow([
            r.number,
            formatTaipeiDateTime(r.created_at),
            r.status,
            isOrderStatus(r.status) ? ORDER_STATUS_LABELS_ZH[r.status] : r.status,
            r.customer_name,
            r.customer_line_user_id,
            r.product_code,
            r.product_name,
            r.unit_price,
            r.requested_quantity,
            r.allocated_quantity,
            r.unit_price === null || r.allocated_quantity === null ? null : r.unit_price * r.allocated_quantity,
            r.total,
            r.tracking_number,
            r.memo,
          ]);
        }
      }
      return sendCsv(reply, `orders-${tenant.slug}-${taipeiDayKey(new Date())}.csv`, lines());
    },
  );
}

export function sendCsv(reply: FastifyReply, filename: string, lines: AsyncGenerator<string>): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    )
    .header('cache-control', 'no-store')
    .send(Readable.from(lines));
}
