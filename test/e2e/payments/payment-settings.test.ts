import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PAYMENT_SETTINGS, type PaymentSettings } from '../../../domain/payments/payment-settings.ts';
import { requestAs, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { startAuthServer, type AuthServer } from '../../support/auth-server.ts';
import { restaurantWithOwner } from '../../support/restaurants.ts';

/**
 * 收款金流設定 over the real server and database: the defaults, what is refused (with the
 * field), 線上刷卡 only once the shop's Stripe account can take charges, the audit line, and
 * another shop that neither sees nor changes them.
 */

let server: AuthServer;
let shop: { id: string; slug: string };
let otherShop: { id: string; slug: string };
let owner: TestMember & TestSession;
let otherOwner: TestMember & TestSession;
let viewer: TestMember & TestSession;

const as = (session: TestSession, method: string, body?: unknown, slug = shop.slug) =>
  requestAs(server.baseUrl, session, method, `/api/t/${slug}/settings/payments`, body);

const SETTINGS: PaymentSettings = {
  pickup: ['cash', 'transfer'],
  delivery: ['transfer'],
  dine_in: ['cash'],
  shop: ['cash'],
  bankCode: '812',
  bankAccount: '001234567890',
  accountName: '阿美小吃',
  reminderMinutes: [30, 120],
  payWithinMinutes: 240,
};

beforeAll(async () => {
  server = await startAuthServer('payment_settings');
  ({ shop, owner } = await restaurantWithOwner(server, 'noodles-pay', '阿美麵店'));
  ({ shop: otherShop, owner: otherOwner } = await restaurantWithOwner(server, 'tea-pay', '茶舖'));
  viewer = await signedInMember(server.db, server.config, shop.id, { role: 'staff', permissions: { 'settings/payments': 'view' } });
});
afterAll(() => server?.close());

describe('收款金流設定', () => {
  it('answers cash only for a shop that never saved them', async () => {
    const { status, body } = await as(owner, 'GET');
    expect(status).toBe(200);
    expect(body).toEqual({ settings: DEFAULT_PAYMENT_SETTINGS, cardReady: false });
  });

  it('saves them, audited, and another shop still sees its own defaults', async () => {
    const saved = await as(owner, 'PUT', { ...SETTINGS, bankAccount: '0012-3456-7890' });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toEqual(SETTINGS);
    expect((await as(viewer, 'GET')).body.settings).toEqual(SETTINGS);
    const audit = await server.db.auditLog.findFirstOrThrow({ where: { tenantId: shop.id, action: 'settings.payments' } });
    expect(audit.data).toEqual({ before: DEFAULT_PAYMENT_SETTINGS, after: SETTINGS });
    expect((await as(otherOwner, 'GET', undefined, otherShop.slug)).body.settings).toEqual(DEFAULT_PAYMENT_SETTINGS);
    // A member of one shop is not found in the other.
    expect((await as(otherOwner, 'GET')).status).toBe(404);
    expect((await as(otherOwner, 'PUT', SETTINGS)).status).toBe(404);
  });

  it('refuses bad input by field and a member who may only look, changing nothing', async () => {
    const bad = await as(owner, 'PUT', { ...SETTINGS, bankCode: '', reminderMinutes: [300], pickup: ['bitcoin'] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({
      pickup: '沒有這種付款方式',
    });
    const cross = await as(owner, 'PUT', { ...SETTINGS, bankCode: '', reminderMinutes: [300] });
    expect(cross.body.fields).toEqual({ bankCode: '收轉帳要填銀行代碼', reminderMinutes: '提醒時間要早於付款期限' });
    expect((await as(owner, 'PUT', 'cash')).status).toBe(400);
    expect((await as(viewer, 'PUT', SETTINGS)).status).toBe(403);
    expect((await as(owner, 'GET')).body.settings).toEqual(SETTINGS);
  });

  it('takes 線上刷卡 only once the Stripe account can take charges', async () => {
    const withCard = { ...SETTINGS, pickup: ['cash', 'card'] };
    const early = await as(owner, 'PUT', withCard);
    expect(early).toMatchObject({ status: 409, body: { code: 'card_not_ready', fields: { pickup: '開通 Stripe 收款後才能選擇線上刷卡' } } });
    await server.db.paymentAccount.create({ data: { tenantId: shop.id, stripeAccountId: 'acct_settings_test', chargesEnabled: true } });
    const later = await as(owner, 'PUT', withCard);
    expect(later).toMatchObject({ status: 200, body: { cardReady: true, settings: { pickup: ['cash', 'card'] } } });
  });
});
