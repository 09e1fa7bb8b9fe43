import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_RUN_ACTION } from '../../../db/customers/data-retention.ts';
import { CUSTOMER_RETENTION_SCHEDULE_ID } from '../../../temporal/retention-schedule.ts';
import { authConfigOf, requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createShop, insertOrder, type Shop } from '../../support/shops.ts';
import { startStack, type Stack } from '../../support/stack.ts';

/**
 * 個資保存期限 end to end over the real API, worker and Temporal: the owner sets 12 months on
 * 系統設定, the preview counts who would go, and a run of the nightly workflow anonymizes only
 * shop A's customers past the limit (not the recent one, not the one with an open order, nobody
 * of shop B, which keeps everything); a second run changes nothing; each run leaves its audit
 * line with the count, which the settings page shows as the last run.
 */
let stack: Stack;
let shopA: Shop;
let shopB: Shop;
let owner: TestMember & TestSession;
let ownerOfB: TestMember & TestSession;

const monthsAgo = (months: number) => new Date(Date.now() - months * 31 * 86_400_000);
const letters = () =>
  Array.from(randomBytes(4), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[b % 24]).join('');

/** A customer of the shop who became one `since` months ago. */
async function customer(shop: Shop, name: string, since: number) {
  return stack.db.customer.create({
    data: {
      tenantId: shop.tenantId,
      lineUserId: `U${randomBytes(16).toString('hex')}`,
      displayName: name,
      pictureUrl: `https://profile.line-scdn.net/${name}.jpg`,
      createdAt: monthsAgo(since),
    },
  });
}

/** A restaurant-style order with the contact details a customer types. */
async function orderOf(shop: Shop, customerId: string, at: Date, status: 'completed' | 'shipped' | 'pending') {
  const order = await insertOrder(stack.db, shop, { at, status, customerId });
  await stack.db.order.update({
    where: { id: order.id },
    data: {
      contactName: '林小姐',
      contactPhone: '0912345678',
      deliveryAddress: '台北市大安區復興南路一段 1 號',
      deliveryLat: 25.04,
      deliveryLng: 121.54,
      customerNote: '請按電鈴兩下',
    },
  });
  return order;
}

let old: { id: string };
let quiet: { id: string };
let recent: { id: string };
let open: { id: string };
let otherShops: { id: string };
let oldOrderId = '';

beforeAll(async () => {
  stack = await startStack();
  shopA = await createShop(stack.db, { slug: `keep-a-${randomBytes(3).toString('hex')}`, name: '甲店', prefix: letters() });
  shopB = await createShop(stack.db, { slug: `keep-b-${randomBytes(3).toString('hex')}`, name: '乙店', prefix: letters() });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), shopA.tenantId, { role: 'owner' });
  ownerOfB = await signedInMember(stack.db, authConfigOf(stack.env), shopB.tenantId, { role: 'owner' });

  // Shop A: last ordered 14 months ago (a member, signed in on the shop's page).
  old = await customer(shopA, '陳美玲', 20);
  oldOrderId = (await orderOf(shopA, old.id, monthsAgo(14), 'shipped')).id;
  await stack.db.member.create({
    data: {
      tenantId: shopA.tenantId,
      customerId: old.id,
      memberCode: `M${letters()}${letters()}AB`,
      phone: '0912345678',
      birthday: new Date('1990-07-07'),
      gender: 'female',
      consentVersion: '2026-01',
      consentedAt: monthsAgo(19),
      joinedAt: monthsAgo(19),
    },
  });
  await stack.db.customerSession.create({
    data: {
      tenantId: shopA.tenantId,
      customerId: old.id,
      tokenHash: randomBytes(32).toString('hex'),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  // A friend for 13 months who never ordered.
  quiet = await customer(shopA, '路過的人', 13);
  // Ordered 14 months ago and again 8 months ago.
  recent = await customer(shopA, '常客王先生', 20);
  await orderOf(shopA, recent.id, monthsAgo(14), 'completed');
  await orderOf(shopA, recent.id, monthsAgo(8), 'completed');
  // An order from 25 months ago still open (未購入): the shop may still need them.
  open = await customer(shopA, '還沒結帳的人', 30);
  await orderOf(shopA, open.id, monthsAgo(25), 'pending');
  // Shop B keeps everything, however old.
  otherShops = await customer(shopB, '乙店老顧客', 40);
  await orderOf(shopB, otherShops.id, monthsAgo(30), 'completed');
}, 120_000);
afterAll(() => stack?.stop());

const api = (session: TestSession, method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, session, method, path, body);
const settingsOf = (shop: Shop) => `/api/t/${shop.slug}/settings/system`;

describe('系統設定 › 個資保存期限 over the API', () => {
  it('starts with 不自動清除 and the browser’s language, and refuses a limit it does not offer', async () => {
    const got = await api(owner, 'GET', settingsOf(shopA));
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ adminLocale: null, customerRetentionMonths: null, lastRun: null });

    const bad = await api(owner, 'PUT', settingsOf(shopA), { adminLocale: 'ja', customerRetentionMonths: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_system_settings');
    expect(bad.body.message).toContain('個資保存期限請選擇 6、12、24、36 個月或「不自動清除」');
    expect(bad.body.fields).toMatchObject({ adminLocale: expect.any(String), customerRetentionMonths: expect.any(String) });
    expect((await api(owner, 'PUT', settingsOf(shopA), { customerRetentionMonths: 12 })).status).toBe(400);
  });

  it('previews how many customers a limit would anonymize now, in this shop only', async () => {
    const preview = async (shop: Shop, session: TestSession, months: string) =>
      api(session, 'GET', `${settingsOf(shop)}/retention-preview?months=${months}`);
    const twelve = await preview(shopA, owner, '12');
    expect(twelve.status).toBe(200);
    expect(twelve.body).toMatchObject({ months: 12, customers: 2 });
    // Midnight in Taipei.
    expect(twelve.body.cutoff).toMatch(/T16:00:00\.000Z$/);
    expect((await preview(shopA, owner, '6')).body).toMatchObject({ customers: 3 });
    expect((await preview(shopA, owner, '36')).body).toMatchObject({ customers: 0 });
    expect((await preview(shopB, ownerOfB, '24')).body).toMatchObject({ customers: 1 });

    const seven = await preview(shopA, owner, '7');
    expect(seven.status).toBe(400);
    expect(seven.body.message).toContain('個資保存期限請選擇 6、12、24 或 36 個月');
    expect((await api(owner, 'GET', `${settingsOf(shopA)}/retention-preview`)).status).toBe(400);
  });

  it('saves 12 months, on the audit log', async () => {
    const saved = await api(owner, 'PUT', settingsOf(shopA), { adminLocale: null, customerRetentionMonths: 12 });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ adminLocale: null, customerRetentionMonths: 12, lastRun: null });
    const entry = await stack.db.auditLog.findFirstOrThrow({
      where: { tenantId: shopA.tenantId, action: 'settings.system' },
    });
    expect(entry.data).toMatchObject({ after: { customerRetentionMonths: 12 } });
  });
});

describe('the nightly 個資保存期限 run', () => {
  const rowsOf = async () => ({
    customers: await stack.db.customer.findMany({
      where: { tenantId: { in: [shopA.tenantId, shopB.tenantId] } },
      orderBy: { id: 'asc' },
    }),
    orders: await stack.db.order.findMany({
      where: { tenantId: { in: [shopA.tenantId, shopB.tenantId] } },
      orderBy: { id: 'asc' },
    }),
    members: await stack.db.member.findMany({ where: { tenantId: shopA.tenantId } }),
  });
  const runs = (shop: Shop) =>
    stack.db.auditLog.findMany({
      where: { tenantId: shop.tenantId, action: RETENTION_RUN_ACTION },
      orderBy: { createdAt: 'asc' },
    });

  it('is a Temporal Schedule at 04:00 Taipei', async () => {
    const schedule = await stack.temporal.schedule.getHandle(CUSTOMER_RETENTION_SCHEDULE_ID).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'customerRetentionWorkflow' });
    expect(schedule.spec.timezone).toBe('Asia/Taipei');
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4, step: 1 }] });
  });

  it('anonymizes only shop A’s customers past the limit, keeps their orders’ amounts, and a second run changes nothing', async () => {
    const before = await rowsOf();
    const workflowId = `customer-retention-test-${Date.now()}`;
    await stack.temporal.workflow.execute('customerRetentionWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [{}],
    });

    const gone = await stack.db.customer.findUniqueOrThrow({ where: { id: old.id } });
    expect(gone).toMatchObject({
      displayName: '已匿名顧客',
      pictureUrl: null,
      lineUserId: `anonymized:${old.id}`,
      anonymizedAt: expect.any(Date),
    });
    expect(await stack.db.customer.findUniqueOrThrow({ where: { id: quiet.id } })).toMatchObject({
      displayName: '已匿名顧客',
      lineUserId: `anonymized:${quiet.id}`,
    });
    const order = await stack.db.order.findUniqueOrThrow({ where: { id: oldOrderId }, include: { items: true } });
    const was = before.orders.find((o) => o.id === oldOrderId)!;
    expect(order).toMatchObject({
      contactName: null,
      contactPhone: null,
      deliveryAddress: null,
      deliveryLat: null,
      deliveryLng: null,
      customerNote: null,
      total: was.total,
      status: 'shipped',
      number: was.number,
    });
    expect(order.items.map((i) => [i.productName, i.unitPrice, i.allocatedQuantity])).toEqual([['手工草莓果醬', 350, 1]]);
    expect(await stack.db.member.findUniqueOrThrow({ where: { customerId: old.id } })).toMatchObject({
      phone: '',
      birthday: null,
      gender: 'undisclosed',
    });
    expect(await stack.db.customerSession.count({ where: { customerId: old.id } })).toBe(0);

    // The recent customer, the one with an open order and shop B's, untouched, orders and all.
    const after = await rowsOf();
    for (const kept of [recent.id, open.id, otherShops.id, shopA.customerId, shopB.customerId]) {
      expect(after.customers.find((c) => c.id === kept)).toEqual(before.customers.find((c) => c.id === kept));
      expect(after.orders.filter((o) => o.customerId === kept)).toEqual(
        before.orders.filter((o) => o.customerId === kept),
      );
    }

    const [run] = await runs(shopA);
    expect(run).toMatchObject({ actorName: '系統', targetId: shopA.tenantId });
    expect(run!.data).toMatchObject({ anonymized: 2, months: 12, runKey: workflowId });
    expect(await runs(shopB)).toEqual([]);
    const page = await api(owner, 'GET', settingsOf(shopA));
    expect(page.body.lastRun).toMatchObject({ anonymized: 2, months: 12 });
    await recordHistory(workflowId, 'customer-retention-nightly');

    // Again (the next night, or a retry): nothing more changes; its own line says 0.
    await stack.temporal.workflow.execute('customerRetentionWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `${workflowId}-again`,
      args: [{}],
    });
    expect(await rowsOf()).toEqual(after);
    expect((await runs(shopA)).map((r) => (r.data as { anonymized: number }).anonymized)).toEqual([2, 0]);
    expect((await api(owner, 'GET', settingsOf(shopA))).body.lastRun).toMatchObject({ anonymized: 0 });
  });
});
