import { describe, expect, it } from 'vitest';
import { parseChatCommand } from '../line-chat/chat-command.ts';
import { ORDER_STATUSES } from './order-status.ts';
import {
  decideQuantityEdit,
  isNewerEdit,
  isQuantityEditable,
  reallocateStock,
  type EditableOrder,
} from './quantity-edit.ts';

describe('isQuantityEditable', () => {
  it('allows 未購入 and 已購買 only', () => {
    expect(ORDER_STATUSES.filter(isQuantityEditable)).toEqual(['pending', 'confirmed']);
  });
});

describe('decideQuantityEdit', () => {
  const newest: EditableOrder = {
    status: 'confirmed',
    originalTarget: { type: 'newest' },
    productCode: '261122006',
    requested: 1,
  };
  const byCode: EditableOrder = { ...newest, originalTarget: { type: 'code', code: '261122006' } };
  const edit = (text: string) => parseChatCommand(text);

  it('changes the quantity of +1 edited into +3', () => {
    expect(decideQuantityEdit(newest, edit('+3'))).toEqual({ kind: 'change', quantity: 3 });
    expect(decideQuantityEdit({ ...newest, status: 'pending' }, edit('＋３'))).toEqual({ kind: 'change', quantity: 3 });
  });

  it('accepts the order\u2019s own code in place of +N, and the other way round only for a bare +N', () => {
    expect(decideQuantityEdit(newest, edit('261122006+2'))).toEqual({ kind: 'change', quantity: 2 });
    expect(decideQuantityEdit(byCode, edit('261122006 +5'))).toEqual({ kind: 'change', quantity: 5 });
    // "+5" names the newest product, which need not be the one a CODE+N order bought.
    expect(decideQuantityEdit(byCode, edit('+5'))).toEqual({ kind: 'refuse', code: 'other_product' });
  });

  it('refuses another product', () => {
    expect(decideQuantityEdit(newest, edit('261122001+3'))).toEqual({ kind: 'refuse', code: 'other_product' });
  });

  it('refuses a text that is no order command', () => {
    for (const text of ['+3 謝謝', '我改成三個', '', '+0', '+100']) {
      expect(decideQuantityEdit(newest, edit(text))).toEqual({ kind: 'refuse', code: 'not_an_order' });
    }
    expect(decideQuantityEdit(newest, { kind: 'history' })).toEqual({ kind: 'refuse', code: 'not_an_order' });
  });

  it('accepts a reservation command for the same product', () => {
    expect(
      decideQuantityEdit(
        { ...newest, status: 'pending' },
        { kind: 'reserve', target: { type: 'newest' }, quantity: 4 },
      ),
    ).toEqual({ kind: 'change', quantity: 4 });
  });

  it('says unchanged for the same quantity', () => {
    expect(decideQuantityEdit(newest, edit('+1'))).toEqual({ kind: 'unchanged' });
    expect(decideQuantityEdit({ ...newest, requested: 3 }, edit('+03'))).toEqual({ kind: 'unchanged' });
  });

  it('refuses paid, shipped, cancelled and 其他 orders whatever the text', () => {
    for (const status of ['paid', 'shipped', 'cancelled', 'needs_attention'] as const) {
      expect(decideQuantityEdit({ ...newest, status }, edit('+3'))).toEqual({ kind: 'refuse', code: 'not_editable' });
      expect(decideQuantityEdit({ ...newest, status }, edit('hello'))).toEqual({
        kind: 'refuse',
        code: 'not_editable',
      });
    }
  });
});

describe('isNewerEdit', () => {
  it('takes only strictly newer stamps', () => {
    expect(isNewerEdit(2000, 1000)).toBe(true);
    expect(isNewerEdit(1000, 1000)).toBe(false);
    expect(isNewerEdit(999, 1000)).toBe(false);
    expect(isNewerEdit(NaN, 1000)).toBe(false);
  });
});

describe('reallocateStock', () => {
  it.each([
    // stock, held, new quantity → allocation
    [10, 1, 3, { outcome: 'full', allocated: 3, missing: 0, stockAfter: 8 }], // more, available
    [1, 1, 3, { outcome: 'partial', allocated: 2, missing: 1, stockAfter: 0 }], // more, short
    [0, 1, 3, { outcome: 'partial', allocated: 1, missing: 2, stockAfter: 0 }], // more, none left: keeps its 1
    [0, 3, 1, { outcome: 'full', allocated: 1, missing: 0, stockAfter: 2 }], // smaller: releases 2
    [5, 2, 2, { outcome: 'full', allocated: 2, missing: 0, stockAfter: 5 }], // same
    [0, 2, 3, { outcome: 'partial', allocated: 2, missing: 1, stockAfter: 0 }], // partial stays partial
    [-1, 5, 50, { outcome: 'unlimited', allocated: 50, missing: 0, stockAfter: -1 }],
  ] as const)('stock %i holding %i → %i', (stock, held, quantity, expected) => {
    expect(reallocateStock(stock, held, quantity)).toEqual(expected);
  });

  it('never loses or creates stock', () => {
    for (let stock = 0; stock <= 6; stock++) {
      for (let held = 0; held <= 6; held++) {
        for (let quantity = 1; quantity <= 8; quantity++) {
          const a = reallocateStock(stock, held, quantity);
          expect(a.stockAfter + a.allocated).toBe(stock + held);
          expect(a.allocated).toBe(Math.min(quantity, stock + held));
          expect(a.allocated).toBeGreaterThanOrEqual(Math.min(quantity, held));
        }
      }
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => reallocateStock(-2, 1, 1)).toThrow(RangeError);
    expect(() => reallocateStock(1, -1, 1)).toThrow(RangeError);
    expect(() => reallocateStock(1, 1.5, 1)).toThrow(RangeError);
    expect(() => reallocateStock(1, 1, 0)).toThrow(RangeError);
  });
});
