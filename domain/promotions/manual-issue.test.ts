import { describe, expect, it } from 'vitest';
import {
  couponCardMessage,
  couponDiscountText,
  issuePreviewOf,
  lineSendRefusal,
  listKeyOf,
  parseAudienceList,
} from './manual-issue.ts';

const everything = { itemIds: null, categoryIds: null, excludedItemIds: [] };

describe('listKeyOf', () => {
  it('reads phones as people write them, member numbers in any case, and LINE user IDs', () => {
    expect(listKeyOf('0912-345-678')).toEqual({ kind: 'phone', value: '0912345678' });
    expect(listKeyOf('+886 912 345 678')).toEqual({ kind: 'phone', value: '0912345678' });
    expect(listKeyOf('912345678')).toEqual({ kind: 'phone', value: '0912345678' });
    expect(listKeyOf('"０９１２３４５６７８"')).toEqual({ kind: 'phone', value: '0912345678' });
    expect(listKeyOf('m23456789ab')).toEqual({ kind: 'memberCode', value: 'M23456789AB' });
    expect(listKeyOf(`U${'a'.repeat(32)}`)).toEqual({ kind: 'lineUserId', value: `U${'a'.repeat(32)}` });
    expect(listKeyOf('王小明')).toBeNull();
    expect(listKeyOf('12345')).toBeNull();
  });
});

describe('parseAudienceList', () => {
  it('takes the first readable cell of each line and reports the others with their line numbers', () => {
    const parsed = parseAudienceList('\uFEFF姓名,電話\r\n王小明,0912345678\n\n沒有號碼\nM23456789AB;備註');
    expect(parsed.keys.map((k) => [k.line, k.kind, k.value])).toEqual([
      [2, 'phone', '0912345678'],
      [5, 'memberCode', 'M23456789AB'],
    ]);
    expect(parsed.unreadable).toEqual([
      { line: 1, text: '姓名,電話' },
      { line: 4, text: '沒有號碼' },
    ]);
    expect(parsed.tooLong).toBe(false);
  });
});

describe('issuePreviewOf', () => {
  it('refuses a LINE send that does not fit in what is left of the month', () => {
    const preview = issuePreviewOf({
      members: 10,
      holding: 2,
      reachable: 6,
      lineConnected: true,
      quota: { limit: 500, used: 495 },
    });
    expect(preview).toMatchObject({ toIssue: 8, quotaLeft: 5, overQuota: true });
    expect(lineSendRefusal(preview)).toContain('只剩 5 則');
    const fits = issuePreviewOf({
      members: 10,
      holding: 2,
      reachable: 5,
      lineConnected: true,
      quota: { limit: 500, used: 495 },
    });
    expect(lineSendRefusal(fits)).toBeNull();
    const unlimited = issuePreviewOf({
      members: 10,
      holding: 0,
      reachable: 10,
      lineConnected: true,
      quota: { limit: null, used: 9999 },
    });
    expect(unlimited).toMatchObject({ quotaLeft: null, overQuota: false });
    const unconnected = issuePreviewOf({ members: 1, holding: 0, reachable: 1, lineConnected: false, quota: null });
    expect(lineSendRefusal(unconnected)).toContain('尚未連接 LINE 官方帳號');
  });
});

describe('the coupon card', () => {
  it('says what the coupon takes off, on what, until when, and opens the member page', () => {
    expect(
      couponDiscountText({ value: { kind: 'percent', percent: 15 }, scope: everything, minSpend: 0, stacks: true }),
    ).toEqual({
      headline: '打 85 折',
      conditions: [],
    });
    const card = couponCardMessage({
      shopName: '阿美小吃',
      couponName: '回娘家禮',
      rule: {
        value: { kind: 'amount', amount: 100 },
        scope: { ...everything, itemIds: ['x'] },
        minSpend: 500,
        stacks: false,
      },
      validityText: '使用期限至 2026/12/31 23:59',
      link: 'https://liff.line.me/123-abc/member',
    });
    expect(card.altText).toBe('阿美小吃送你一張優惠券：回娘家禮（折 NT$100）');
    const json = JSON.stringify(card.contents);
    expect(json).toContain('滿 NT$500 可用・限指定品項・不可與其他優惠併用');
    expect(json).toContain('"uri":"https://liff.line.me/123-abc/member"');
  });
});
