import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinMember } from '../../../db/members/members.ts';
import { findUsableCoupon } from '../../../db/promotions/coupons.ts';
import { redeemPromoCode } from '../../../db/promotions/promo-codes.ts';
import { PRIVACY_NOTICE_VERSION } from '../../../domain/members/member-profile.ts';
import { requestAs } from '../../support/auth.ts';
import { openRestaurant, type TestRestaurant } from '../../support/restaurant-orders.ts';
import { startStack, type Stack } from '../../support/stack.ts';

/**
 * Editing 優惠券 and 優惠碼 through the API: the create rules refuse bad input with a message a
 * merchant reads (400), another shop's coupon or code is a 404, a coupon already issued keeps
 * working until its new end date, and a code's used count survives every edit.
 */

let stack: Stack;
let shop: TestRestaurant;
let other: TestRestaurant;

beforeAll(async () => {
  stack = await startStack();
  shop = await openRestaurant(stack, '2300001404');
  other = await openRestaurant(stack, '2300001405');
}, 120_000);
afterAll(() => stack?.stop());

const as = (who: TestRestaurant) => (method: string, path: string, body?: unknown) =>
  requestAs(stack.apiUrl, who.owner, method, `/api/t/${who.tenant.slug}${path}`, body);
const admin = (method: string, path: string, body?: unknown) => as(shop)(method, path, body);

const rule = (amount: number) => ({
  value: { kind: 'amount', amount },
  scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
  minSpend: 0,
  stacks: false,
});
const HOUR = 3_600_000;

async function customerAndMember(name: string) {
  const customer = await stack.db.customer.create({
    data: { tenantId: shop.tenant.id, lineUserId: `U${name}${Date.now()}`, displayName: name },
  });
  const card = await joinMember(stack.db, shop.tenant.id, customer.id, {
    phone: '0911000222',
    birthday: null,
    gender: 'undisclosed',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  return { customerId: customer.id, memberId: card.memberId };
}

describe('editing coupons and promo codes', () => {
  it('edits a coupon by the create rules; an issued one keeps working until its new end date', async () => {
    const endsSoon = new Date(Date.now() + HOUR);
    const body = {
      name: '週末券',
      rule: rule(50),
      validDays: null,
      startsAt: null,
      endsAt: endsSoon,
      usesPerCoupon: 1,
    };
    const created = await admin('POST', '/coupons', body);
    expect(created.status).toBe(201);
    const couponId = created.body.id as string;
    const { customerId, memberId } = await customerAndMember('陳小姐');
    const requestId = crypto.randomUUID();
    await admin('POST', `/coupons/${couponId}/issue`, {
      requestId,
      audience: { memberIds: [memberId] },
      sendLine: false,
    });
    // 手動發券 runs as a workflow; the page follows its progress.
    await expect
      .poll(async () => (await admin('GET', `/coupons/${couponId}/issues/${requestId}`)).body, { timeout: 30_000 })
      .toMatchObject({ state: 'done', members: 1, issued: 1 });
    const issued = await stack.db.memberCoupon.findFirstOrThrow({ where: { couponId } });
    expect(issued.validUntil).toEqual(endsSoon);

    const put = (input: unknown) => admin('PUT', `/coupons/${couponId}`, input);
    expect(await put({ ...body, name: ' ' })).toMatchObject({
      status: 400,
      body: { code: 'invalid_body', message: '請輸入優惠券名稱', fields: { name: '請輸入優惠券名稱' } },
    });
    expect(await put({ ...body, startsAt: new Date(Date.now() + 2 * HOUR) })).toMatchObject({
      status: 400,
      body: { message: '結束時間要晚於開始時間', fields: { endsAt: '結束時間要晚於開始時間' } },
    });
    expect(await put({ ...body, usesPerCoupon: 0 })).toMatchObject({
      status: 400,
      body: { message: '可用次數至少 1 次' },
    });
    expect(await put({ ...body, validDays: 0 })).toMatchObject({ status: 400, body: { message: '有效天數至少 1 天' } });
    expect((await admin('PUT', '/coupons/not-a-uuid', body)).status).toBe(404);
    // Another shop's coupon is not there for this shop, nor this one for the other.
    expect((await as(other)('PUT', `/coupons/${couponId}`, body)).status).toBe(404);

    const later = new Date(Date.now() + 10 * 24 * HOUR);
    const saved = await put({ ...body, name: '週末加碼券', rule: rule(80), endsAt: later, usesPerCoupon: 2 });
    expect(saved).toMatchObject({
      status: 200,
      body: { id: couponId, name: '週末加碼券', usesPerCoupon: 2, issued: 1, used: 0 },
    });
    expect(new Date(saved.body.endsAt as string)).toEqual(later);
    expect((await stack.db.memberCoupon.findUniqueOrThrow({ where: { id: issued.id } })).validUntil).toEqual(later);
    // Past the old end, the issued coupon is still good, with the new discount and name.
    const usable = await findUsableCoupon(stack.db, {
      tenantId: shop.tenant.id,
      customerId,
      memberCouponId: issued.id,
      now: new Date(Date.now() + 2 * HOUR),
    });
    expect(usable).toMatchObject({ ok: true, coupon: { name: '週末加碼券', rule: rule(80) } });
    const listed = await admin('GET', '/coupons');
    expect(listed.body.coupons).toContainEqual(expect.objectContaining({ id: couponId, name: '週末加碼券' }));
  });

  it('edits a promo code by the create rules and never resets its used count', async () => {
    const body = {
      code: 'SPRING50',
      label: '春季折 50',
      rule: rule(50),
      startsAt: null,
      endsAt: null,
      totalLimit: 10,
      perCustomerLimit: 1,
    };
    const created = await admin('POST', '/promo-codes', body);
    expect(created.status).toBe(201);
    const codeId = created.body.id as string;
    await admin('POST', '/promo-codes', { ...body, code: 'TAKEN1' });
    const { customerId } = await customerAndMember('林先生');
    const used = await redeemPromoCode(stack.db, {
      tenantId: shop.tenant.id,
      typed: 'spring50',
      customerId,
      orderRef: `order-${Date.now()}`,
      amount: 50,
      now: new Date(),
    });
    expect(used).toMatchObject({ ok: true });

    const put = (input: unknown) => admin('PUT', `/promo-codes/${codeId}`, input);
    expect(await put({ ...body, code: '優惠' })).toMatchObject({
      status: 400,
      body: { message: '優惠碼限 3～20 個英文字母、數字、- 或 _', fields: { code: expect.any(String) } },
    });
    expect(await put({ ...body, label: '' })).toMatchObject({ status: 400, body: { message: '請輸入說明' } });
    expect(await put({ ...body, perCustomerLimit: 0 })).toMatchObject({
      status: 400,
      body: { message: '每人可用次數至少 1 次', fields: { perCustomerLimit: '每人可用次數至少 1 次' } },
    });
    expect(
      await put({ ...body, startsAt: '2026-12-31T00:00:00+08:00', endsAt: '2026-12-01T00:00:00+08:00' }),
    ).toMatchObject({ status: 400, body: { message: '結束時間要晚於開始時間' } });
    // A total below what was used would end the code behind the shop's back.
    expect(await put({ ...body, totalLimit: 0 })).toMatchObject({
      status: 400,
      body: { message: '總使用次數至少 1 次' },
    });
    const below = await stack.db.promoCode.update({ where: { id: codeId }, data: { usedCount: 3 } });
    expect(await put({ ...body, totalLimit: 2 })).toMatchObject({
      status: 400,
      body: {
        code: 'limit_below_used',
        message: '已經用了 3 次，總使用上限不能少於 3',
        fields: { totalLimit: '已經用了 3 次，總使用上限不能少於 3' },
      },
    });
    await stack.db.promoCode.update({ where: { id: below.id }, data: { usedCount: 1 } });
    expect(await put({ ...body, code: 'taken1' })).toMatchObject({
      status: 409,
      body: { code: 'code_taken', fields: { code: '這個優惠碼已經有了' } },
    });
    expect((await as(other)('PUT', `/promo-codes/${codeId}`, body)).status).toBe(404);

    // A body that names a used count of its own changes nothing of it.
    const saved = await put({
      ...body,
      code: 'spring80',
      label: '春季折 80',
      rule: rule(80),
      totalLimit: 20,
      perCustomerLimit: 2,
      endsAt: '2027-03-31T23:59:00+08:00',
      usedCount: 0,
    });
    expect(saved).toMatchObject({
      status: 200,
      body: { id: codeId, code: 'SPRING80', label: '春季折 80', totalLimit: 20, perCustomerLimit: 2, usedCount: 1 },
    });
    expect(await stack.db.promoCodeUse.count({ where: { promoCodeId: codeId } })).toBe(1);
    // The customer who used it once may use it a second time now; the old text is gone.
    const again = await redeemPromoCode(stack.db, {
      tenantId: shop.tenant.id,
      typed: 'SPRING80',
      customerId,
      orderRef: `order-${Date.now()}-2`,
      amount: 80,
      now: new Date(),
    });
    expect(again).toMatchObject({ ok: true });
    expect((await stack.db.promoCode.findUniqueOrThrow({ where: { id: codeId } })).usedCount).toBe(2);
  });
});
