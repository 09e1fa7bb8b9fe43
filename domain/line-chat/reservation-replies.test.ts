import { describe, expect, it } from 'vitest';
import { LINE_TEXT_MAX_LENGTH } from './line-text.ts';
import { quantityChangedReply, quantityEditRefusedReply } from './quantity-edit-replies.ts';
import {
  reservationConfirmedReply,
  reservationConfirmRefusedReply,
  reservationExpiredMessage,
  reservationHeldReply,
} from './reservation-replies.ts';
import type { ConfirmRefusalCode } from '../orders/reservation.ts';

const scarf = { productCode: '261122006', productName: '冬季圍巾', unitPrice: 1500, requested: 2, allocated: 2 };

describe('reservationHeldReply', () => {
  it('says what is held, until when in Taipei time, and how to confirm', () => {
    const text = reservationHeldReply({
      orderNumber: 'BXAB-20261122-0001',
      items: [scarf],
      total: 3000,
      // 2026-11-22 06:05 UTC = 14:05 in Taipei
      expiresAt: new Date(Date.UTC(2026, 10, 22, 6, 5)),
    });
    expect(text).toContain('已為您保留商品');
    expect(text).toContain('訂單編號：BXAB-20261122-0001');
    expect(text).toContain('・「冬季圍巾」（261122006）\n　2 件 × NT$1,500 = NT$3,000');
    expect(text).toContain('合計：NT$3,000');
    expect(text).toContain('保留期限：2026/11/22 14:05（台灣時間）');
    expect(text).toContain('「確認購買」');
  });

  it('spells out a partial hold', () => {
    const text = reservationHeldReply({
      orderNumber: 'BXAB-20261122-0001',
      items: [{ ...scarf, requested: 3, allocated: 1 }],
      total: 1500,
      expiresAt: new Date(0),
    });
    expect(text).toContain('※ 您要保留 3 件，因庫存不足，只為您保留 1 件');
  });

  it('fits one LINE message with hostile names', () => {
    const text = reservationHeldReply({
      orderNumber: 'BXAB-20261122-0001',
      items: Array.from({ length: 500 }, () => ({ ...scarf, productName: '🧣\n'.repeat(3000) })),
      total: 3000,
      expiresAt: new Date(0),
    });
    expect(text.length).toBeLessThanOrEqual(LINE_TEXT_MAX_LENGTH);
    expect(text).toContain('另有 480 項商品未列出');
  });
});

describe('confirmation and expiry texts', () => {
  it('distinguishes the customer\u2019s and the shop\u2019s confirmation', () => {
    const r = { orderNumber: 'BXAB-20261122-0001', items: [scarf], total: 3000 };
    expect(reservationConfirmedReply({ ...r, by: 'customer' })).toMatch(/^已為您確認購買/);
    expect(reservationConfirmedReply({ ...r, by: 'shop' })).toMatch(/^店家已為您確認購買/);
    const expired = reservationExpiredMessage(r);
    expect(expired).toContain('超過保留期限');
    expect(expired).toContain('BXAB-20261122-0001');
    expect(expired).toContain('冬季圍巾');
  });

  it('answers every refusal with the order number', () => {
    const codes: ConfirmRefusalCode[] = [
      'not_reservation',
      'not_your_reservation',
      'already_confirmed',
      'reservation_expired',
      'reservation_cancelled',
      'not_pending',
    ];
    for (const code of codes) {
      const text = reservationConfirmRefusedReply(code, 'BXAB-20261122-0001');
      expect(text).toContain('BXAB-20261122-0001');
      expect(text.length).toBeLessThan(200);
    }
  });
});

describe('quantity edit texts', () => {
  it('shows the new quantity and total, and a shortage', () => {
    const text = quantityChangedReply({
      orderNumber: 'BXAB-20261122-0001',
      items: [{ ...scarf, requested: 5, allocated: 3 }],
      total: 4500,
    });
    expect(text).toContain('3 件 × NT$1,500 = NT$4,500');
    expect(text).toContain('※ 您修改為 5 件，因庫存不足，只為您保留 3 件');
    expect(text).toContain('合計：NT$4,500');
  });

  it('explains each refusal', () => {
    expect(quantityEditRefusedReply('not_editable', { orderNumber: 'BXAB-20261122-0001', status: 'paid' })).toContain(
      '「已支付」',
    );
    expect(quantityEditRefusedReply('not_an_order', { orderNumber: 'N', status: 'confirmed' })).toContain(
      '不是訂購指令',
    );
    expect(quantityEditRefusedReply('other_product', { orderNumber: 'N', status: 'confirmed' })).toContain('其他商品');
  });
});
