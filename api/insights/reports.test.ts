import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../config/env.ts';
import { createDb, type Db } from '../../db/client.ts';
import { createSecretBox } from '../../db/secret-box.ts';
import type { DailyRevenue } from '../../db/insights/daily-revenue.ts';
import type { ProductSales } from '../../db/insights/product-sales.ts';
import { NO_BRANCH_KEY } from '../../db/insights/report-scope.ts';
import { allTransactions, transactionPage, type TransactionRow } from '../../db/insights/transactions.ts';
import { revenueClass, REVENUE_CLASSES } from '../../domain/insights/revenue-class.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../domain/orders/order-status.ts';
import { buildServer } from '../server.ts';
import { createSession, createMember, ownerOfEveryShop } from '../../test/support/auth.ts';
import { reportOrder, type ReportLine } from '../../test/support/report-orders.ts';

/**
 * 營運報表 against a month seeded by hand (January 2026, a restaurant with two branches and a
 * few +1 orders without a branch), with the orders changed afterwards the way the workflows
 * change them, so the rollups the triggers keep are what is tested. Expected figures are
 * computed by hand in the comments.
 */

let db: Db;
let app: Awaited<ReturnType<typeof buildServer>>;
const suffix = randomBytes(3).toString('hex');
const shop = { id: uuidv7(), slug: `rep-${suffix}` };
const other = { id: uuidv7(), slug: `rep-other-${suffix}` };
const branchA = uuidv7();
const branchB = uuidv7();
const otherBranch = uuidv7();
type DailyPage = DailyRevenue & { branches: { id: string; name: string }[] };
const RANGE = 'from=2026-01-01&to=2026-01-31';
const BIG = [{ groupId: 'g-size', choiceId: 'c-big', groupName: '大小', name: '大杯', priceDelta: 10 }];

type Line = ReportLine;

const order = async (
  tenantId: string,
  at: string,
  status: OrderStatus,
  lines: Line[],
  more: { branchId?: string; pickupMethod?: 'pickup' | 'delivery' | 'dine_in'; deliveryFee?: number } = {},
) =>
  (
    await reportOrder(db, {
      tenantId,
      customerId: tenantId === shop.id ? customers.mine : customers.theirs,
      at,
      status,
      lines,
      ...more,
    })
  ).id;

const setStatus = (id: string, status: OrderStatus) => db.order.update({ where: { id }, data: { status } });
const customers = { mine: '', theirs: '' };
let rice: Omit<Line, 'qty'>;
let tea: Omit<Line, 'qty'>;
let completedOrder = '';

beforeAll(async () => {
  const env = loadEnv({ DATABASE_URL: inject('databaseUrl'), SECRETS_KEY: randomBytes(32).toString('base64') });
  db = createDb(env.DATABASE_URL, { poolSize: 4 });
  app = await buildServer({
    env,
    db,
    temporal: {} as never,
    secrets: createSecretBox(env.SECRETS_KEY),
    log: pino({ level: 'silent' }),
  });
  await db.tenant.create({
    data: {
      id: shop.id,
      slug: shop.slug,
      name: '報表餐廳',
      orderPrefix: `R${suffix.slice(0, 3).toUpperCase()}`,
      kind: 'both',
    },
  });
  await db.tenant.create({
    data: { id: other.id, slug: other.slug, name: '別家', orderPrefix: `O${suffix.slice(0, 3).toUpperCase()}` },
  });
  const branch = (tenantId: string, id: string, name: string) =>
    db.branch.create({ data: { id, tenantId, name, address: '台北市', phone: '0223456789' } });
  await branch(shop.id, branchA, '信義店');
  await branch(shop.id, branchB, '大安店');
  await branch(other.id, otherBranch, '別家店');
  const product = async (tenantId: string, code: string, name: string, price: number) => {
    const p = await db.product.create({
      data: { id: uuidv7(), tenantId, code, name, price, stock: -1, isPublic: true },
    });
    return { productId: p.id, code, name, price };
  };
  rice = await product(shop.id, '260101001', '雞腿飯', 120);
  tea = { ...(await product(shop.id, '260101002', '紅茶', 30)), price: 40, choices: BIG };
  await product(shop.id, '260101003', '滯銷湯', 50);
  const theirs = await product(other.id, '260101001', '別家便當', 999);
  customers.mine = (
    await db.customer.create({ data: { tenantId: shop.id, lineUserId: `Umine${suffix}`, displayName: '阿美' } })
  ).id;
  customers.theirs = (
    await db.customer.create({ data: { tenantId: other.id, lineUserId: `Utheirs${suffix}`, displayName: '路人' } })
  ).id;

  // 23:59 on 1/7 in Taipei, and one minute later already 1/8.
  completedOrder = await order(shop.id, '2026-01-07T15:59:00Z', 'completed', [{ ...rice, qty: 2 }], {
    branchId: branchA,
    pickupMethod: 'pickup',
  });
  await db.orderEvent.create({
    data: {
      tenantId: shop.id,
      orderId: completedOrder,
      type: 'status_changed',
      fromStatus: 'ready',
      toStatus: 'completed',
      actor: 'system',
      createdAt: new Date('2026-01-07T15:59:30Z'),
    },
  });
  const delivered = await order(
    shop.id,
    '2026-01-07T16:00:00Z',
    'completed',
    [
      { ...rice, qty: 1 },
      { ...tea, qty: 2 },
    ],
    { branchId: branchA, pickupMethod: 'delivery', deliveryFee: 50 },
  );
  // Accepted, then completed: counted once, as sales.
  const dineIn = await order(shop.id, '2026-01-08T04:00:00Z', 'pending', [{ ...tea, qty: 1 }], {
    branchId: branchB,
    pickupMethod: 'dine_in',
  });
  await setStatus(dineIn, 'accepted');
  await setStatus(dineIn, 'completed');
  const rejected = await order(shop.id, '2026-01-08T05:00:00Z', 'rejected', [{ ...rice, qty: 3 }], {
    branchId: branchB,
    pickupMethod: 'pickup',
  });
  // Payments are written after their orders, and change on their own: cash at the counter, a
  // card, and a card payment of the rejected order given back (a refund, not a cancellation).
  const payment = (orderId: string, method: 'cash' | 'card', amount: number) =>
    db.orderPayment.create({ data: { orderId, tenantId: shop.id, method, amount, status: 'paid', paidAt: new Date() } });
  await payment(completedOrder, 'cash', 240);
  await payment(delivered, 'card', 250);
  await payment(rejected, 'card', 360);
  await db.orderPayment.update({ where: { orderId: rejected }, data: { status: 'refunded', refundedAmount: 360 } });
  // A +1 order paid, then cancelled: a refund.
  const refunded = await order(shop.id, '2026-01-08T06:00:00Z', 'confirmed', [{ ...rice, qty: 1 }]);
  await setStatus(refunded, 'paid');
  await setStatus(refunded, 'needs_attention');
  await setStatus(refunded, 'cancelled');
  await order(shop.id, '2026-01-09T02:00:00Z', 'pending', [{ ...rice, qty: 1 }]);
  // A +1 order edited from +2 to +3.
  const edited = await order(shop.id, '2026-01-09T03:00:00Z', 'confirmed', [{ ...rice, qty: 2 }]);
  await db.orderItem.updateMany({ where: { orderId: edited }, data: { requestedQuantity: 3, allocatedQuantity: 3 } });
  await db.order.update({ where: { id: edited }, data: { total: 360, memo: '改成三個' } });
  // Deleted: leaves no trace.
  const gone = await order(shop.id, '2026-01-10T01:00:00Z', 'completed', [{ ...rice, qty: 1 }], {
    branchId: branchA,
    pickupMethod: 'pickup',
  });
  await db.order.delete({ where: { id: gone } });
  // 2/1 in Taipei, and another shop's: neither counts.
  await order(shop.id, '2026-01-31T16:00:00Z', 'completed', [{ ...rice, qty: 9 }], {
    branchId: branchA,
    pickupMethod: 'pickup',
  });
  await order(other.id, '2026-01-08T03:00:00Z', 'completed', [{ ...theirs, qty: 7 }], {
    branchId: otherBranch,
    pickupMethod: 'pickup',
  });
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
});

let asOwner: ((url: string) => Promise<Record<string, string>>) | undefined;
const get = async (url: string, headers?: Record<string, string>) => {
  asOwner ??= ownerOfEveryShop(db, app.jiayiAuth.config);
  return app.inject({ method: 'GET', url, headers: headers ?? (await asOwner(url)) });
};
const api = (path: string) => `/api/t/${shop.slug}/reports/${path}`;

describe('日營收總覽', () => {
  it('sums each Taipei day with sales, open, cancelled and refunded orders apart', async () => {
    const response = await get(api(`daily?${RANGE}`));
    expect(response.statusCode).toBe(200);
    const d = response.json<DailyPage>();
    expect(d.days).toHaveLength(31);
    const day = (key: string) => d.days.find((x) => x.day === key)!;
    expect(day('20260107')).toMatchObject({ sales: { orders: 1, amount: 240 }, average: 240, deliveryFees: 0 });
    expect(day('20260108')).toMatchObject({
      sales: { orders: 2, amount: 250 + 40 },
      cancelled: { orders: 0, amount: 0 },
      refunded: { orders: 2, amount: 360 + 120 },
      open: { orders: 0, amount: 0 },
      deliveryFees: 50,
      average: 145,
    });
    expect(day('20260109')).toMatchObject({ sales: { orders: 1, amount: 360 }, open: { orders: 1, amount: 120 } });
    expect(day('20260110')).toMatchObject({ sales: { orders: 0, amount: 0 }, average: 0 });
    expect(d.totals).toEqual({
      sales: { orders: 4, amount: 890 },
      open: { orders: 1, amount: 120 },
      cancelled: { orders: 0, amount: 0 },
      refunded: { orders: 2, amount: 480 },
      deliveryFees: 50,
      average: 223,
    });
    expect(d.byPayment).toEqual([
      { method: 'none', orders: 2, amount: 400 },
      { method: 'card', orders: 1, amount: 250 },
      { method: 'cash', orders: 1, amount: 240 },
    ]);
    expect(d.byPickup).toEqual([
      { method: 'none', orders: 1, amount: 360 },
      { method: 'delivery', orders: 1, amount: 250 },
      { method: 'pickup', orders: 1, amount: 240 },
      { method: 'dine_in', orders: 1, amount: 40 },
    ]);
    // The days add up to the totals, class by class.
    for (const c of REVENUE_CLASSES) {
      expect(d.days.reduce((sum, x) => sum + x[c].amount, 0)).toBe(d.totals[c].amount);
    }
    expect(d.branches.map((b) => b.name)).toEqual(['信義店', '大安店']);
  });
});

describe('產品銷售統計', () => {
  it('ranks products by units, per branch side by side, with options, and unsold products last', async () => {
    const response = await get(api(`products?${RANGE}`));
    expect(response.statusCode).toBe(200);
    const { products } = response.json<{ products: ProductSales[] }>();
    expect(products.map((p) => [p.name, p.quantity, p.amount])).toEqual([
      ['雞腿飯', 6, 720],
      ['紅茶', 3, 120],
      ['滯銷湯', 0, 0],
    ]);
    expect(products[0]!.byBranch).toEqual({
      [branchA]: { quantity: 3, amount: 360 },
      [NO_BRANCH_KEY]: { quantity: 3, amount: 360 },
    });
    expect(products[1]!.byBranch).toEqual({
      [branchA]: { quantity: 2, amount: 80 },
      [branchB]: { quantity: 1, amount: 40 },
    });
    expect(products[1]!.choices).toEqual([{ key: 'c-big', group: '大小', name: '大杯', quantity: 3, amount: 30 }]);
  });

  it('agrees with the daily sales to the dollar: products plus delivery fees are the sales', async () => {
    const { products } = (await get(api(`products?${RANGE}`))).json<{ products: ProductSales[] }>();
    const daily = (await get(api(`daily?${RANGE}`))).json<DailyPage>();
    expect(products.reduce((sum, p) => sum + p.amount, 0) + daily.totals.deliveryFees).toBe(daily.totals.sales.amount);
  });
});

describe('交易明細', () => {
  async function allRows(
    query: string,
    limit = 3,
  ): Promise<{ rows: TransactionRow[]; totals: { orders: number; amount: number } }> {
    const rows: TransactionRow[] = [];
    let cursor: string | null = null;
    let totals = { orders: 0, amount: 0 };
    do {
      const page: { rows: TransactionRow[]; next: string | null; totals: typeof totals } = (
        await get(api(`transactions?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`))
      ).json<{
        rows: TransactionRow[];
        next: string | null;
        totals: typeof totals;
      }>();
      rows.push(...page.rows);
      totals = page.totals;
      cursor = page.next;
    } while (cursor);
    return { rows, totals };
  }

  it('pages through every order newest first; the rows sum to the totals and to the daily figures', async () => {
    const { rows, totals } = await allRows(RANGE);
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r.createdAt)).toEqual([...rows.map((r) => r.createdAt)].sort().reverse());
    expect(totals).toEqual({ orders: 7, amount: 240 + 250 + 40 + 360 + 120 + 120 + 360 });
    expect(rows.reduce((sum, r) => sum + r.total, 0)).toBe(totals.amount);
    const daily = (await get(api(`daily?${RANGE}`))).json<DailyPage>();
    const byClass = Object.fromEntries(
      REVENUE_CLASSES.map((c) => [c, rows.filter((r) => r.revenueClass === c).reduce((s, r) => s + r.total, 0)]),
    );
    expect(byClass).toEqual(Object.fromEntries(REVENUE_CLASSES.map((c) => [c, daily.totals[c].amount])));
    const first = rows.find((r) => r.id === completedOrder)!;
    expect(first).toMatchObject({
      branchName: '信義店',
      lineUserId: `Umine${suffix}`,
      pickupMethod: 'pickup',
      pickupNumber: '001',
      paymentMethod: 'cash',
      invoiceNumber: null,
    });
    expect(first.closedAt).toBe('2026-01-07T15:59:30.000Z');
    expect(rows.find((r) => r.revenueClass === 'refunded')).toMatchObject({
      status: 'cancelled',
      total: 120,
      pickupMethod: null,
    });
  });

  it('filters by status, pickup method, payment and branch, and the totals follow', async () => {
    const completed = await allRows(`${RANGE}&status=completed`);
    expect(completed.rows.map((r) => r.total).sort()).toEqual([240, 250, 40].sort());
    expect(completed.totals).toEqual({ orders: 3, amount: 530 });
    const plusOne = await allRows(`${RANGE}&pickup=none`);
    expect(plusOne.totals).toEqual({ orders: 3, amount: 600 });
    expect(plusOne.rows).toHaveLength(3);
    const inB = await allRows(`${RANGE}&branch=${branchB}`);
    expect(inB.totals).toEqual({ orders: 2, amount: 400 });
    expect((await allRows(`${RANGE}&payment=cash`)).totals).toEqual({ orders: 1, amount: 240 });
    const byCard = await allRows(`${RANGE}&payment=card`);
    expect(byCard.rows.map((r) => [r.total, r.revenueClass])).toEqual([
      [360, 'refunded'],
      [250, 'sales'],
    ]);
  });

  it('exports exactly the filtered rows as CSV, in the page order', async () => {
    const { rows } = await allRows(`${RANGE}&status=completed`);
    const csv = await get(api(`transactions.csv?${RANGE}&status=completed`));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      '訂單時間,分店,LINE mid,顧客,取件方式,取件號碼,付款方式,發票號碼,希望送達,結單時間,訂單編號,狀態,運費,金額',
    );
    const fields = lines.slice(1).map((l) => l.split(','));
    expect(fields.map((f) => f[10])).toEqual(rows.map((r) => r.number));
    expect(fields.map((f) => Number(f[13]))).toEqual(rows.map((r) => r.total));
    expect(fields.find((f) => f[10] === rows.find((r) => r.id === completedOrder)!.number)).toEqual([
      '2026/01/07 23:59',
      '信義店',
      `Umine${suffix}`,
      '阿美',
      '自取',
      '001',
      '現金',
      '',
      '',
      '2026/01/07 23:59',
      rows.find((r) => r.id === completedOrder)!.number,
      '已完成',
      '0',
      '240',
    ]);
  });

  it('streams the CSV rows day by day in batches, the same rows as one page, none lost or repeated', async () => {
    const scope = { tenantId: shop.id, from: '20251215', to: '20260210', branchIds: null };
    const onePage = await transactionPage(db, scope, {}, null, 1000);
    const streamed: string[] = [];
    // Batches of 2: the days with several orders page within the day.
    for await (const row of allTransactions(db, scope, {}, 2)) streamed.push(row.id);
    expect(onePage.length).toBeGreaterThan(4);
    expect(streamed).toEqual(onePage.map((r) => r.id));
  });

  it('refuses nonsense with a 400', async () => {
    for (const q of [
      'status=eaten',
      'pickup=drone',
      'payment=bitcoin',
      'cursor=zzz',
      'from=2026-02-30&to=2026-03-01',
      'from=2026-03-01&to=2026-01-01',
      'branch=nope',
      'limit=0',
    ]) {
      expect((await get(api(`transactions?${q}`))).statusCode, q).toBe(400);
    }
  });
});

describe('CSV of the other reports', () => {
  it('daily.csv holds the page: a row per day and the totals', async () => {
    const d = (await get(api(`daily?${RANGE}`))).json<DailyPage>();
    const lines = (await get(api(`daily.csv?${RANGE}`))).body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 31 + 1);
    expect(lines[8]).toBe(`2026-01-08,2,290,145,50,0,0,0,0,2,480`);
    expect(lines.at(-1)).toBe(`合計,4,${d.totals.sales.amount},223,50,1,120,0,0,2,480`);
  });

  it('products.csv holds the ranking with a column pair per branch', async () => {
    const lines = (await get(api(`products.csv?${RANGE}`))).body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      '排名,商品編號,商品,選項,數量,金額,信義店 數量,信義店 金額,大安店 數量,大安店 金額,LINE +1 數量,LINE +1 金額',
    );
    expect(lines[1]).toBe('1,260101001,雞腿飯,,6,720,3,360,0,0,3,360');
    expect(lines[2]).toBe('2,260101002,紅茶,,3,120,2,80,1,40,0,0');
    expect(lines[3]).toBe(',260101002,紅茶,大小：大杯,3,30');
    expect(lines[4]).toBe('3,260101003,滯銷湯,,0,0,0,0,0,0,0,0');
  });
});

describe('isolation', () => {
  it('never shows another shop: its branch is not found, its orders never count', async () => {
    expect((await get(api(`daily?${RANGE}&branch=${otherBranch}`))).statusCode).toBe(404);
    const body = (await get(api(`transactions?${RANGE}&limit=200`))).body;
    expect(body).not.toContain('別家');
    expect(body).not.toContain('6993');
  });

  it('shows a member limited to one branch only that branch, and refuses the others', async () => {
    const member = await createMember(db, shop.id, { role: 'manager' });
    await db.staff.update({ where: { id: member.staffId }, data: { allBranches: false } });
    await db.staffBranch.create({ data: { tenantId: shop.id, staffId: member.staffId, branchId: branchA } });
    const session = await createSession(db, app.jiayiAuth.config, member.userId);
    const as = (path: string) => get(api(path), session.headers);

    const daily = (await as(`daily?${RANGE}`)).json<DailyPage>();
    expect(daily.branches.map((b) => b.name)).toEqual(['信義店']);
    expect(daily.totals.sales).toEqual({ orders: 2, amount: 490 });
    expect(daily.totals.refunded).toEqual({ orders: 0, amount: 0 });
    const tx = (await as(`transactions?${RANGE}`)).json<{ rows: TransactionRow[]; totals: unknown }>();
    expect(tx.rows.map((r) => r.branchName)).toEqual(['信義店', '信義店']);
    expect(tx.totals).toEqual({ orders: 2, amount: 490 });
    const { products } = (await as(`products?${RANGE}`)).json<{ products: ProductSales[] }>();
    expect(products.map((p) => [p.name, p.quantity, p.amount, Object.keys(p.byBranch)])).toEqual([
      ['雞腿飯', 3, 360, [branchA]],
      ['紅茶', 2, 80, [branchA]],
      ['滯銷湯', 0, 0, []],
    ]);
    expect((await as(`daily?${RANGE}&branch=${branchB}`)).statusCode).toBe(403);
    expect((await as(`transactions.csv?${RANGE}&branch=${branchB}`)).statusCode).toBe(403);
    expect((await as(`products.csv?${RANGE}`)).body).not.toContain('大安店');
  });
});

describe('the rollups', () => {
  it('are exactly what summing the orders gives', async () => {
    const fromOrders = await db.$queryRaw<{ day: string; status: string; orders: number; amount: number }[]>`
      SELECT to_char(created_at AT TIME ZONE 'Asia/Taipei', 'YYYYMMDD') AS day, status::text AS status,
             count(*)::int AS orders, sum(total)::int AS amount
      FROM orders WHERE tenant_id = ${shop.id}::uuid GROUP BY 1, 2 ORDER BY 1, 2`;
    const fromRollup = await db.$queryRaw<typeof fromOrders>`
      SELECT day, status::text AS status, sum(orders)::int AS orders, sum(amount)::int AS amount
      FROM report_daily_sales WHERE tenant_id = ${shop.id}::uuid GROUP BY 1, 2 HAVING sum(orders) <> 0 ORDER BY 1, 2`;
    expect(fromRollup).toEqual(fromOrders);
  });

  it('keep each month and each day total equal to its days, through every change the orders went through', async () => {
    const sum = (table: string, period: string, keys: string, values: string) =>
      db.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT ${period} AS period, ${keys}, ${values} FROM ${table} WHERE tenant_id = $1::uuid
         GROUP BY ${period}, ${keys} HAVING sum(quantity_or_orders) <> 0 ORDER BY 1, ${keys}`
          .replace('quantity_or_orders', table.includes('sales') || table.includes('totals') ? 'orders' : 'quantity'),
        shop.id,
      );
    const sales = 'sum(orders)::int AS orders, sum(amount)::int AS amount, sum(delivery_fees)::int AS fees';
    const units = 'sum(quantity)::int AS quantity, sum(amount)::int AS amount';
    const saleKeys = 'branch_key, status::text, refunded, pickup_key, payment_key';
    expect(await sum('report_monthly_sales', 'month', saleKeys, sales)).toEqual(
      await sum('report_daily_sales', 'left(day, 6)', saleKeys, sales),
    );
    expect(await sum('report_daily_totals', 'day', 'branch_key, status::text, refunded', sales)).toEqual(
      await sum('report_daily_sales', 'day', 'branch_key, status::text, refunded', sales),
    );
    expect(await sum('report_monthly_items', 'month', 'branch_key, product_id', units)).toEqual(
      await sum('report_daily_items', 'left(day, 6)', 'branch_key, product_id', units),
    );
    expect(await sum('report_monthly_choices', 'month', 'branch_key, product_id, choice_key', units)).toEqual(
      await sum('report_daily_choices', 'left(day, 6)', 'branch_key, product_id, choice_key', units),
    );
    expect((await sum('report_monthly_sales', 'month', saleKeys, sales)).length).toBeGreaterThan(0);
  });

  it('give the same figures for a range of whole months and edge days as day by day', async () => {
    // 2025-12-15 .. 2026-02-10 reads December's and February's days (the order of Feb 1, Taipei) and January whole.
    const long = 'from=2025-12-15&to=2026-02-10';
    const daily = { body: (await get(api(`daily?${long}`))).json<DailyPage>() };
    const products = { body: (await get(api(`products?${long}`))).json<{ products: ProductSales[] }>() };
    const dayByDay = await db.$queryRaw<{ amount: number; orders: number }[]>`
      SELECT sum(amount)::int AS amount, sum(orders)::int AS orders FROM report_daily_sales
      WHERE tenant_id = ${shop.id}::uuid AND day BETWEEN '20251215' AND '20260210'
        AND report_revenue_class(status, refunded) = 'sales'`;
    expect(daily.body.totals.sales).toEqual(dayByDay[0]);
    expect(daily.body.byPayment.reduce((n, p) => n + p.amount, 0)).toBe(dayByDay[0]!.amount);
    expect(daily.body.byPickup.reduce((n, p) => n + p.amount, 0)).toBe(dayByDay[0]!.amount);
    const units = await db.$queryRaw<{ quantity: number; amount: number }[]>`
      SELECT sum(quantity)::int AS quantity, sum(amount)::int AS amount FROM report_daily_items
      WHERE tenant_id = ${shop.id}::uuid AND day BETWEEN '20251215' AND '20260210'`;
    expect({
      quantity: products.body.products.reduce((n, p) => n + p.quantity, 0),
      amount: products.body.products.reduce((n, p) => n + p.amount, 0),
    }).toEqual(units[0]);
  });

  it('class orders as domain/insights/revenue-class.ts does', async () => {
    const rows = await db.$queryRaw<{ status: OrderStatus; paid: boolean; class: string }[]>`
      SELECT s AS status, p AS paid, report_revenue_class(s, p) AS class
      FROM unnest(enum_range(NULL::order_status)) s CROSS JOIN unnest(ARRAY[false, true]) p`;
    expect(rows).toHaveLength(ORDER_STATUSES.length * 2);
    for (const r of rows) expect(r.class, `${r.status} paid=${r.paid}`).toBe(revenueClass(r.status, r.paid));
  });
});
