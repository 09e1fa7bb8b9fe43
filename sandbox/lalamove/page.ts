import type { FastifyInstance } from 'fastify';
import { move } from './routes-control.ts';
import type { LalamoveSandboxStore } from './store.ts';

const STATUS_ZH: Record<string, string> = {
  ASSIGNING_DRIVER: '尋找司機中',
  ON_GOING: '司機前往取貨',
  PICKED_UP: '已取貨',
  COMPLETED: '已送達',
  CANCELED: '已取消',
  REJECTED: '司機取消',
  EXPIRED: '無人接單',
};

const NEXT: Record<string, [string, string][]> = {
  ASSIGNING_DRIVER: [['ON_GOING', '司機接單'], ['EXPIRED', '無人接單']],
  ON_GOING: [['PICKED_UP', '取貨'], ['REJECTED', '司機取消']],
  PICKED_UP: [['COMPLETED', '送達']],
};

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A page for a person: every order with its status and driver, and a button for each move the
 * driver can make (POST /_sandbox/ui/orders/:id, a plain form, then back to the list).
 */
export function registerPage(app: FastifyInstance, store: LalamoveSandboxStore): void {
  app.get('/', async (_request, reply) => {
    const rows = [...store.orders.values()].reverse().map((o) => {
      const driver = store.drivers.get(o.driverId);
      const buttons = (NEXT[o.status] ?? [])
        .map(([to, label]) => `<button name="to" value="${to}">${label}</button>`)
        .join(' ');
      return `<tr><td>${o.orderId}</td><td>${escape(o.metadata.orderNumber ?? '')}</td><td>${STATUS_ZH[o.status] ?? o.status}</td>
<td>${driver ? `${escape(driver.name)} ${driver.plateNumber}` : ''}</td><td>NT$${o.priceBreakdown.total}</td>
<td><form method="post" action="/_sandbox/ui/orders/${o.orderId}">${buttons}</form></td></tr>`;
    });
    return reply.type('text/html; charset=utf-8').send(`<!doctype html><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Lalamove 沙盒</title>
<h1>Lalamove 沙盒</h1><p>API v3 在 /v3，控制在 /_sandbox。每筆外送單可以在這裡推進：司機接單、取貨、送達，或司機取消。</p>
<table border="1" cellpadding="4"><thead><tr><th>訂單 ID</th><th>加一訂單</th><th>狀態</th><th>司機</th><th>運費</th><th>動作</th></tr></thead>
<tbody>${rows.join('') || '<tr><td colspan="6">還沒有外送單</td></tr>'}</tbody></table>`);
  });

  app.get<{ Params: { id: string } }>('/share/:id', async (request, reply) => {
    const order = store.orders.get(request.params.id);
    if (!order) return reply.code(404).type('text/plain; charset=utf-8').send('找不到這筆外送');
    const driver = store.drivers.get(order.driverId);
    return reply.type('text/html; charset=utf-8').send(`<!doctype html><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>外送追蹤</title>
<h1>外送追蹤</h1><p>${STATUS_ZH[order.status] ?? order.status}</p>${driver ? `<p>司機：${escape(driver.name)}（${driver.plateNumber}）</p>` : ''}`);
  });

  app.post<{ Params: { id: string } }>('/_sandbox/ui/orders/:id', async (request, reply) => {
    const order = store.orders.get(request.params.id);
    const to = (request.body as Record<string, string> | undefined)?.to ?? '';
    if (order) move(store, order, to);
    return reply.redirect('/', 303);
  });
}
