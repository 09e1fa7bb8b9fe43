import { describe, expect, it } from 'vitest';
import { customerNoticeText, orderPageLink, staffNoticeText, wantedAtText } from './restaurant-order-messages.ts';

const now = new Date('2026-12-08T03:00:00Z'); // 11:00 in Taipei
const order = {
  number: 'ABCD-20261208-0001',
  pickupNumber: '094',
  method: 'pickup' as const,
  wantedAt: new Date('2026-12-08T04:30:00Z'),
  branchName: '台北信義店',
  tableLabel: null,
};

describe('restaurant order messages', () => {
  it('tells the customer the food is ready with the pickup number and the link', () => {
    const text = customerNoticeText({ kind: 'ready' }, order, 'https://x/o', now);
    expect(text.split('\n')[0]).toBe('餐點已完成，取餐號碼 094');
    expect(text).toContain('訂單詳情：https://x/o');
  });

  it('gives reasons for a rejection', () => {
    const text = customerNoticeText({ kind: 'rejected', reason: '店家未在時間內接單' }, order, 'l', now);
    expect(text).toContain('原因：店家未在時間內接單');
  });

  it('writes the time as today or the date', () => {
    expect(wantedAtText(order.wantedAt, now)).toBe('今天 12:30');
    expect(wantedAtText(new Date('2026-12-09T04:30:00Z'), now)).toBe('12/09 12:30');
  });

  it('links to the LIFF app when the shop has one', () => {
    expect(orderPageLink({ slug: 'noodle', liffId: '1657-abc' }, order.number, 'https://o')).toBe(
      'https://liff.line.me/1657-abc/orders/ABCD-20261208-0001',
    );
    expect(orderPageLink({ slug: 'noodle', liffId: null }, order.number, 'https://o')).toBe(
      'https://o/shop/noodle/orders/ABCD-20261208-0001',
    );
  });

  it('alerts the staff of a new order', () => {
    expect(staffNoticeText('new_order', { ...order, total: 150 }, now)).toBe(
      '【新訂單】台北信義店｜取餐號碼 094（ABCD-20261208-0001）\n取餐時間：今天 12:30\n合計 NT$150',
    );
  });
});
