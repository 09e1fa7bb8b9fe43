import { describe, expect, it } from 'vitest';
import {
  campaignCouponText,
  campaignIssueKey,
  campaignIssueKeyPrefix,
  campaignMemberCardLink,
  campaignPeriod,
  campaignRunDay,
  campaignRunKey,
  couponCampaignInputSchema,
} from './coupon-campaigns.ts';

const campaignId = '01900000-0000-7000-8000-000000000001';

describe('coupon campaigns', () => {
  it('keys a run by the Taipei day of its scheduled time, and bounds that day', () => {
    // 10:00 Taipei is 02:00 UTC the same day; 23:30 UTC is already the next day in Taipei.
    expect(campaignRunKey(new Date('2026-12-08T02:00:00Z'))).toBe('20261208');
    expect(campaignRunKey(new Date('2026-12-08T23:30:00Z'))).toBe('20261209');
    expect(campaignRunDay('20261208')).toEqual({
      start: new Date('2026-12-07T16:00:00Z'),
      end: new Date('2026-12-08T16:00:00Z'),
    });
  });

  it('issues once per campaign, period and member; every key starts with the campaign’s prefix', () => {
    expect(campaignPeriod('birthday', '20261208', null)).toBe('2026');
    expect(campaignPeriod('segment', '20261208', null)).toBe('202612');
    expect(campaignPeriod('repurchase', '20261208', 'o1')).toBe('order-o1');
    expect(campaignIssueKey(campaignId, '2026', 'm1').startsWith(campaignIssueKeyPrefix(campaignId))).toBe(true);
  });

  it('tells the member of the coupon with its end and the member card', () => {
    const link = campaignMemberCardLink({ slug: 'tea', liffId: '1657000001-AbCd1234' }, 'https://jiayi.example');
    expect(link).toBe('https://liff.line.me/1657000001-AbCd1234/member');
    expect(campaignMemberCardLink({ slug: 'tea', liffId: null }, 'https://jiayi.example')).toBe(
      'https://jiayi.example/shop/tea/member',
    );
    expect(
      campaignCouponText({
        shopName: '好茶',
        couponName: '生日禮 折 100',
        validUntil: new Date('2026-12-31T15:59:00Z'),
        memberCardUrl: link,
      }),
    ).toBe(
      `🎁 好茶送您一張優惠券「生日禮 折 100」，2026/12/31 23:59 前有效。結帳時就能使用，會員卡裡看得到：\n${link}`,
    );
    expect(
      campaignCouponText({ shopName: '好茶', couponName: '券', validUntil: null, memberCardUrl: link }),
    ).not.toContain('前有效');
  });

  it('refuses a campaign the shop could not mean, in its words', () => {
    const base = { name: '回購', couponId: campaignId, kind: 'repurchase' };
    expect(couponCampaignInputSchema.safeParse(base).error?.issues[0]?.message).toBe('請輸入最後一次消費後幾天發送');
    expect(couponCampaignInputSchema.safeParse({ ...base, days: 0 }).error?.issues[0]?.message).toBe('天數至少 1 天');
    expect(couponCampaignInputSchema.safeParse({ ...base, days: 30 }).success).toBe(true);
  });
});
