import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVACY_NOTICE_VERSION, type MemberJoin } from '../../../domain/members/member-profile.ts';
import { joinMember } from '../../../db/members/members.ts';
import { settleOrderPoints } from '../../../db/members/point-ledger.ts';
import { MEMBER_UPKEEP_SCHEDULE_ID } from '../../../temporal/member-schedule.ts';
import { authConfigOf, requestAs, signedInMember } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sendChat } from '../../support/line-sandbox.ts';
import {
  boardAction,
  completeOrder,
  openRestaurant,
  pickupSlots,
  restaurantCustomer,
  teaCheckout,
  type TestRestaurant,
} from '../../support/restaurant-orders.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * Members end to end over the real API, worker and LINE sandbox: a customer joins in LIFF with
 * consent, earns points when the kitchen completes their order (and when a "+1" order ships),
 * loses them when it is cancelled; the admin lists them; only a role allowed to manage customers
 * exports LINE UIDs, and that export is on the audit log; no shop sees another's members.
 */
let stack: Stack;
let shop: TestRestaurant;
let other: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001401');
  other = await openRestaurant(stack, '2300001402');
  const rule = await requestAs(stack.apiUrl, shop.owner, 'POST', `/api/t/${shop.tenant.slug}/member-points/rules`, {
    spendPerPoint: 10,
    pointsPerOrder: 1,
    redeemPoints: 10,
    redeemAmount: 1,
    minRedeemPoints: 0,
    maxRedeemPercent: 50,
    expiryDays: 365,
    effectiveFrom: '2026-01-01T00:00:00+08:00',
  });
  expect(rule.status).toBe(201);
}, 120_000);
afterAll(() => stack?.stop());

const join: MemberJoin = {
  phone: '0912-345-678',
  birthday: '1990-07-07',
  gender: 'female',
  consent: true,
  consentVersion: PRIVACY_NOTICE_VERSION,
};

describe('members', () => {
  let memberId = '';
  let lineUserId = '';

  it('joins in LIFF only with consent to the privacy notice, and gets a card with a member code', async () => {
    const customer = await restaurantCustomer(stack, shop, '陳會員');
    lineUserId = customer.lineUserId;
    const memberUrl = `/api/shop/${shop.tenant.slug}/member`;
    const before = await customer.browser.call('GET', memberUrl);
    expect(before.body).toMatchObject({ joined: false, noticeVersion: PRIVACY_NOTICE_VERSION });
    expect(JSON.stringify(before.body)).toContain('您的權利');
    const refused = await customer.browser.call('POST', memberUrl, { ...join, consent: false });
    expect(refused.status).toBe(400);
    expect(refused.body!.message).toContain('個資告知');
    const joined = await customer.browser.call('POST', memberUrl, join);
    expect(joined.status).toBe(201);
    const card = joined.body!.card as { memberId: string; memberCode: string; phone: string; points: number };
    expect(card).toMatchObject({ phone: '0912345678', points: 0 });
    expect(card.memberCode).toMatch(/^M[2-9A-Z]{10}$/);
    memberId = card.memberId;

    // The completed order earns: NT$70 → 7 points by spend and 1 for the order.
    const slots = await pickupSlots(stack, shop);
    const placed = await customer.browser.call(
      'POST',
      `/api/shop/${shop.tenant.slug}/restaurant-orders`,
      teaCheckout(shop, slots[0]!.start),
    );
    expect(placed.status).toBe(201);
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, number: placed.body!.orderNumber as string },
    });
    expect((await boardAction(stack, shop, order.id, 'accept', { prepMinutes: 5 })).status).toBe(200);
    await completeOrder(stack, shop, order.id);
    await stack.temporal.workflow.getHandle(order.workflowId).result();
    const after = await customer.browser.call('GET', memberUrl);
    expect(after.body).toMatchObject({ joined: true, card: { points: 8 } });
    await recordHistory(order.workflowId, 'restaurant-order-member-earned');
  });

  it('lists members for the admin with their figures, and keeps other shops out', async () => {
    const list = await requestAs(stack.apiUrl, shop.owner, 'GET', `/api/t/${shop.tenant.slug}/members?q=0912345`);
    expect(list.status).toBe(200);
    expect(list.body.members).toEqual([
      expect.objectContaining({
        id: memberId,
        lineUserId,
        orderCount: 1,
        points: 8,
        gender: 'female',
        birthday: '1990-07-07',
      }),
    ]);
    const page = await requestAs(stack.apiUrl, shop.owner, 'GET', `/api/t/${shop.tenant.slug}/members/${memberId}`);
    expect((page.body.ledger as { kind: string; points: number }[]).map((e) => [e.kind, e.points])).toEqual([
      ['earn', 8],
    ]);
    expect(
      (await requestAs(stack.apiUrl, other.owner, 'GET', `/api/t/${other.tenant.slug}/members/${memberId}`)).status,
    ).toBe(404);
    expect(
      (await requestAs(stack.apiUrl, other.owner, 'GET', `/api/t/${other.tenant.slug}/members`)).body.members,
    ).toEqual([]);
    expect((await requestAs(stack.apiUrl, other.owner, 'GET', `/api/t/${shop.tenant.slug}/members`)).status).toBe(404);
    expect(
      (
        await requestAs(stack.apiUrl, other.owner, 'PUT', `/api/t/${other.tenant.slug}/members/${memberId}/tags`, {
          tagIds: [],
        })
      ).status,
    ).toBe(404);
  });

  it('exports LINE UIDs only for a role that manages customers, and puts the export on the audit log', async () => {
    const staff = await signedInMember(stack.db, authConfigOf(stack.env), shop.tenant.id, { role: 'staff' });
    const url = `/api/t/${shop.tenant.slug}/members/export`;
    const refused = await requestAs(stack.apiUrl, staff, 'POST', url, { fields: 'line_marketing' });
    expect(refused.status).toBe(403);
    const response = await fetch(`${stack.apiUrl}${url}`, {
      method: 'POST',
      headers: { ...shop.owner.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: 'line_marketing', gender: 'female' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // (fetch's text() drops the byte-order mark Excel needs; the CSV writer's own test checks it.)
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('LINE UID,姓名,電話,生日,性別,等級,點數,標籤,加入日');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${lineUserId},陳會員,0912345678,1990-07-07,female,,8,,`)),
    ]);
    const audit = await stack.db.auditLog.findMany({
      where: { tenantId: shop.tenant.id, action: { in: ['member.export', 'access.denied'] } },
    });
    expect(audit.filter((a) => a.action === 'member.export')).toHaveLength(1);
    expect(audit.some((a) => a.action === 'access.denied' && a.userId === staff.userId)).toBe(true);
  });
});

describe('a "+1" order of a member', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await createTestTenant(stack, {
      products: [{ code: '261208001', name: '麻辣花生', price: 300, stock: -1 }],
    });
    await stack.db.memberPointRule.create({
      data: {
        tenantId: tenant.id,
        spendPerPoint: 100,
        pointsPerOrder: 0,
        redeemPoints: 1,
        redeemAmount: 1,
        minRedeemPoints: 0,
        maxRedeemPercent: 50,
        expiryDays: null,
        effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      },
    });
  });

  it('earns when it ships and gives the points back when it is then cancelled', async () => {
    const owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' });
    const customer = await createSandboxUser(stack, '花生迷');
    const delivery = await sendChat(stack, tenant, customer, '261208001+2');
    const order = await waitFor('order row', () =>
      stack.db.order
        .findUnique({
          where: { tenantId_sourceEventId: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId } },
        })
        .then((o) => o ?? undefined),
    );
    const row = await stack.db.customer.findFirstOrThrow({ where: { tenantId: tenant.id, lineUserId: customer } });
    const card = await joinMember(stack.db, tenant.id, row.id, { ...join, phone: '0987654321', gender: 'male' });
    const status = (body: unknown) =>
      requestAs(stack.apiUrl, owner, 'POST', `/api/t/${tenant.slug}/orders/${order.number}/status`, body);
    expect((await status({ to: 'shipped', trackingNumber: 'TW0001' })).status).toBe(200);
    const balance = () =>
      stack.db.memberPointEntry
        .aggregate({ where: { tenantId: tenant.id, memberId: card.memberId }, _sum: { points: true } })
        .then((a) => a._sum.points ?? 0);
    await waitFor('points earned', async () => (await balance()) === 6);
    expect((await status({ to: 'needs_attention' })).status).toBe(200);
    expect((await status({ to: 'cancelled' })).status).toBe(200);
    await waitFor('points reversed', async () => (await balance()) === 0);
    await stack.temporal.workflow.getHandle(order.workflowId).result();
    await recordHistory(order.workflowId, 'chat-order-member-reversed');
  });
});

describe('the nightly member upkeep', () => {
  it('runs as a Temporal Schedule at 03:00 Taipei and lapses due points and re-places tiers', async () => {
    const schedule = await stack.temporal.schedule.getHandle(MEMBER_UPKEEP_SCHEDULE_ID).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'memberUpkeepWorkflow' });
    expect(schedule.spec.timezone).toBe('Asia/Taipei');

    // Points earned 400 days ago under a 365-day expiry, and a tier the member no longer meets.
    const customer = await stack.db.customer.findFirstOrThrow({ where: { tenantId: shop.tenant.id } });
    const order = await stack.db.order.findFirstOrThrow({
      where: { tenantId: shop.tenant.id, customerId: customer.id },
    });
    const long = new Date(Date.now() - 400 * 86_400_000);
    const member = await stack.db.member.findFirstOrThrow({ where: { tenantId: shop.tenant.id } });
    const lot = await stack.db.memberPointEntry.findFirstOrThrow({ where: { memberId: member.id, kind: 'earn' } });
    await stack.db.memberPointEntry.update({ where: { id: lot.id }, data: { expiresAt: long } });
    const gold = await stack.db.memberTier.create({
      data: {
        tenantId: shop.tenant.id,
        name: '金卡',
        rank: 1,
        minSpend: 100_000,
        minOrders: 0,
        windowDays: 30,
        discountPercent: 10,
        pointsMultiplierPct: 200,
      },
    });
    await stack.db.member.update({ where: { id: member.id }, data: { tierId: gold.id } });
    await settleOrderPoints(stack.db, shop.tenant.id, order.id); // settled again: nothing new

    const workflowId = `member-upkeep-test-${Date.now()}`;
    const result = await stack.temporal.workflow.execute('memberUpkeepWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [],
    });
    expect(result).toMatchObject({ shops: expect.any(Number) });
    const entries = await stack.db.memberPointEntry.findMany({
      where: { memberId: member.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(entries.map((e) => [e.kind, e.points])).toEqual([
      ['earn', 8],
      ['expire', -8],
    ]);
    expect((await stack.db.member.findUniqueOrThrow({ where: { id: member.id } })).tierId).toBeNull();
    await recordHistory(workflowId, 'member-upkeep-nightly');
  });
});
