import { describe, expect, it } from 'vitest';
import {
  allowedNextStatuses,
  checkTransition,
  isOrderStatus,
  isTerminalStatus,
  normalizeTrackingNumber,
  ORDER_STATUS_LABELS_ZH,
  ORDER_STATUSES,
  PLUS_ONE_ORDER_STATUSES,
  orderStatusesForShop,
  type OrderStatus,
  releasesStock,
} from './order-status.ts';

// The transition table of the brief, written out independently of the implementation.
const EXPECTED_ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  pending: ['confirmed', 'cancelled', 'needs_attention'],
  confirmed: ['pending', 'paid', 'shipped', 'cancelled', 'needs_attention'],
  paid: ['shipped', 'cancelled', 'needs_attention'],
  shipped: ['needs_attention'],
  needs_attention: ['pending', 'confirmed', 'paid', 'shipped', 'cancelled'],
  cancelled: [],
  // A restaurant order's own statuses move by domain/restaurant/restaurant-order-status.ts only.
  accepted: [],
  preparing: [],
  ready: [],
  completed: [],
  rejected: [],
};

const allPairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

describe('ORDER_STATUSES and labels', () => {
  it("lists the six +1 statuses, then the restaurant order's own", () => {
    expect(ORDER_STATUSES).toEqual([
      'pending',
      'confirmed',
      'cancelled',
      'paid',
      'shipped',
      'needs_attention',
      'accepted',
      'preparing',
      'ready',
      'completed',
      'rejected',
    ]);
  });

  it('labels them with the wording merchants know', () => {
    expect(ORDER_STATUS_LABELS_ZH).toEqual({
      pending: '未購入',
      confirmed: '已購買',
      cancelled: '已售完/取消',
      paid: '已支付',
      shipped: '已出貨',
      needs_attention: '其他/請諮詢',
      accepted: '已接單',
      preparing: '製作中',
      ready: '可取餐',
      completed: '已完成',
      rejected: '已拒絕',
    });
  });
});

describe('isOrderStatus', () => {
  it.each(ORDER_STATUSES)('accepts %s', (status) => {
    expect(isOrderStatus(status)).toBe(true);
  });

  it.each([
    'PENDING',
    'Pending',
    ' pending',
    'canceled',
    'needs-attention',
    '',
    'toString',
    '__proto__',
    null,
    undefined,
    1,
    {},
  ])('rejects %j', (value) => {
    expect(isOrderStatus(value)).toBe(false);
  });
});

describe('allowedNextStatuses', () => {
  it.each(ORDER_STATUSES)('matches the table for %s', (from) => {
    expect([...allowedNextStatuses(from)].sort()).toEqual([...EXPECTED_ALLOWED[from]].sort());
  });

  it('never lists the status itself', () => {
    for (const from of ORDER_STATUSES) expect(allowedNextStatuses(from)).not.toContain(from);
  });

  it('is empty for a value that is not a status', () => {
    expect(allowedNextStatuses('refunded' as OrderStatus)).toEqual([]);
  });

  it('makes only cancelled terminal among the +1 statuses', () => {
    expect(PLUS_ONE_ORDER_STATUSES.filter(isTerminalStatus)).toEqual(['cancelled']);
  });
});

describe('checkTransition', () => {
  it.each(allPairs)('%s → %s agrees with the table', (from, to) => {
    const result = checkTransition(from, to);
    expect(result.ok).toBe(EXPECTED_ALLOWED[from].includes(to));
  });

  it('calls a same-status change same_status, even for cancelled', () => {
    for (const status of ORDER_STATUSES) {
      const result = checkTransition(status, status);
      expect(result).toMatchObject({ ok: false, code: 'same_status' });
    }
    expect(checkTransition('paid', 'paid')).toEqual({
      ok: false,
      code: 'same_status',
      message: '訂單目前已經是「已支付」，不需要變更',
    });
  });

  it('calls leaving cancelled terminal, with its zh-TW label', () => {
    for (const to of ORDER_STATUSES.filter((s) => s !== 'cancelled')) {
      expect(checkTransition('cancelled', to)).toEqual({
        ok: false,
        code: 'terminal',
        message: '「已售完/取消」的訂單不能再變更狀態',
      });
    }
  });

  it('names both statuses when a change is not allowed', () => {
    expect(checkTransition('shipped', 'cancelled')).toEqual({
      ok: false,
      code: 'not_allowed',
      message: '「已出貨」的訂單不能改為「已售完/取消」',
    });
    expect(checkTransition('pending', 'paid')).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(checkTransition('pending', 'shipped')).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(checkTransition('paid', 'pending')).toMatchObject({ ok: false, code: 'not_allowed' });
  });

  it('rejects values that are not statuses', () => {
    expect(checkTransition('lost' as OrderStatus, 'pending')).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(checkTransition('pending', 'lost' as OrderStatus)).toMatchObject({ ok: false, code: 'not_allowed' });
  });

  describe('tracking numbers when shipping', () => {
    it.each([undefined, null])('are optional (%s)', (trackingNumber) => {
      expect(checkTransition('paid', 'shipped', { trackingNumber })).toEqual({ ok: true });
    });

    it('are optional without details', () => {
      expect(checkTransition('confirmed', 'shipped')).toEqual({ ok: true });
    });

    it.each(['A', '1234567890', 'SF-1234-5678', '  TW123456789  ', 'a'.repeat(64)])('accept %j', (trackingNumber) => {
      expect(checkTransition('paid', 'shipped', { trackingNumber })).toEqual({ ok: true });
    });

    it.each([
      '',
      '   ',
      'a'.repeat(65),
      'SF 1234',
      'SF_1234',
      '黑貓123',
      '12/34',
      "1'; DROP TABLE orders;--",
      'ＳＦ１２３',
    ])('reject %j', (trackingNumber) => {
      const result = checkTransition('needs_attention', 'shipped', { trackingNumber });
      expect(result).toMatchObject({ ok: false, code: 'tracking_number_invalid' });
      expect(result.ok === false && result.message).toContain('物流單號');
    });

    it('are ignored for other targets', () => {
      expect(checkTransition('pending', 'confirmed', { trackingNumber: 'not valid!' })).toEqual({ ok: true });
    });

    it('do not make a disallowed change allowed', () => {
      expect(checkTransition('pending', 'shipped', { trackingNumber: 'SF123' })).toMatchObject({ code: 'not_allowed' });
    });
  });
});

describe('normalizeTrackingNumber', () => {
  it('trims a valid number', () => {
    expect(normalizeTrackingNumber('  SF-123 \n')).toBe('SF-123');
  });

  it('is null for an invalid one', () => {
    expect(normalizeTrackingNumber('')).toBeNull();
    expect(normalizeTrackingNumber('SF 123')).toBeNull();
    expect(normalizeTrackingNumber('x'.repeat(65))).toBeNull();
  });
});

describe('releasesStock', () => {
  it.each(allPairs)('%s → %s', (from, to) => {
    const expected = to === 'cancelled' && EXPECTED_ALLOWED[from].includes('cancelled');
    expect(releasesStock(from, to)).toBe(expected);
  });

  it('is true for every allowed way into cancelled and nothing else', () => {
    const releasing = allPairs.filter(([from, to]) => releasesStock(from, to));
    expect(releasing).toEqual([
      ['pending', 'cancelled'],
      ['confirmed', 'cancelled'],
      ['paid', 'cancelled'],
      ['needs_attention', 'cancelled'],
    ]);
  });
});

describe('orderStatusesForShop', () => {
  it('offers a +1 seller only the +1 statuses and a restaurant only the kitchen’s', () => {
    expect(orderStatusesForShop('plus_one')).toEqual(PLUS_ONE_ORDER_STATUSES);
    expect(orderStatusesForShop('restaurant')).toEqual([
      'pending',
      'accepted',
      'preparing',
      'ready',
      'completed',
      'rejected',
      'cancelled',
    ]);
    expect(orderStatusesForShop('restaurant')).not.toContain('shipped');
  });

  it('offers a shop that does both every status once', () => {
    const both = orderStatusesForShop('both');
    expect(new Set(both).size).toBe(both.length);
    expect([...both].sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
