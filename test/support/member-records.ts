import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { joinMember } from '../../db/members/members.ts';
import { grantPoints, settleOrderPoints } from '../../db/members/point-ledger.ts';
import { addPointRule } from '../../db/members/point-rules.ts';
import { createCampaign } from '../../db/promotions/coupon-campaigns.ts';
import { createCoupon, issueCoupon, takeCouponUse } from '../../db/promotions/coupons.ts';
import { PRIVACY_NOTICE_VERSION, type MemberJoin } from '../../domain/members/member-profile.ts';
import { campaignIssueKey } from '../../domain/promotions/coupon-campaigns.ts';
import { createShop, insertOrder, type Shop } from './shops.ts';

const DAY = 86_400_000;

/**
 * A shop with 點數 / 發券記錄 to read, written the way its steps write them: 林美玲 earned 70
 * points on a shipped NT$700 order and used a coupon given by hand (滿百折十) on it; 王大明 got
 * 50 points by hand (生日禮), the same coupon from the birthday campaign, unused, and one given
 * by hand 60 days ago that lapsed after 30.
 */
export async function shopWithRecords(db: Db, now = new Date()) {
  const suffix = randomBytes(3).toString('hex');
  const prefix = Array.from(randomBytes(4), (b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ'[b % 24]).join('');
  const shop: Shop = await createShop(db, { slug: `records-${suffix}`, name: `記錄小舖 ${suffix}`, prefix });
  await addPointRule(db, shop.tenantId, {
    spendPerPoint: 10,
    pointsPerOrder: 0,
    redeemPoints: 1,
    redeemAmount: 1,
    minRedeemPoints: 0,
    maxRedeemPercent: 50,
    maxRedeemAmount: null,
    expiryDays: 365,
    effectiveFrom: new Date('2026-01-01T00:00:00+08:00'),
  });
  const join = (phone: string): MemberJoin => ({
    phone,
    birthday: null,
    gender: 'female',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  const lin = await joinMember(
    db,
    shop.tenantId,
    shop.customerId,
    join('0912345678'),
    new Date(now.getTime() - 90 * DAY),
  );
  const wang = await db.customer.create({
    data: { tenantId: shop.tenantId, lineUserId: `U${randomBytes(16).toString('hex')}`, displayName: '王大明' },
  });
  const wangCard = await joinMember(db, shop.tenantId, wang.id, join('0987654321'), new Date(now.getTime() - 90 * DAY));

  const order = await insertOrder(db, shop, { status: 'shipped', unitPrice: 350, requested: 2, at: now });
  await settleOrderPoints(db, shop.tenantId, order.id, now);
  await grantPoints(db, shop.tenantId, wangCard.memberId, { points: 50, key: `grant:${suffix}`, note: '生日禮' }, now);

  const coupon = await createCoupon(db, shop.tenantId, {
    name: '滿百折十',
    rule: {
      value: { kind: 'amount', amount: 10 },
      scope: { itemIds: null, categoryIds: null, excludedItemIds: [] },
      minSpend: 100,
      stacks: false,
    },
    validDays: 30,
    startsAt: null,
    endsAt: null,
    usesPerCoupon: 1,
    active: true,
  });
  const issue = (memberId: string, key: string, at: Date) =>
    issueCoupon(db, { tenantId: shop.tenantId, couponId: coupon.id, memberIds: [memberId], keyOf: () => key, now: at });
  const byHand = `manual:${randomUUID()}:${lin.memberId}`;
  await issue(lin.memberId, byHand, now);
  const campaign = await createCampaign(db, shop.tenantId, {
    name: '壽星禮',
    couponId: coupon.id,
    kind: 'birthday',
    days: null,
    tagId: null,
  });
  if (typeof campaign === 'string') throw new Error(campaign);
  await issue(wangCard.memberId, campaignIssueKey(campaign.id, '2026', wangCard.memberId), now);
  await issue(wangCard.memberId, `manual:${randomUUID()}:${wangCard.memberId}`, new Date(now.getTime() - 60 * DAY));
  const used = await db.memberCoupon.findFirstOrThrow({ where: { tenantId: shop.tenantId, issueKey: byHand } });
  await db.$transaction((tx) =>
    takeCouponUse(tx, {
      tenantId: shop.tenantId,
      customerId: shop.customerId,
      memberCouponId: used.id,
      orderRef: order.id,
      amount: 10,
      now,
    }),
  );
  return { shop, order, lin: lin.memberId, wang: wangCard.memberId };
}
