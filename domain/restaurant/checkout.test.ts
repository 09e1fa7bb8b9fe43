import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../form-errors.ts';
import { checkoutSchema, quoteSchema } from './checkout.ts';

const base = {
  submitId: '0193d2a0-0000-7000-8000-000000000001',
  branchId: '0193d2a0-0000-7000-8000-000000000002',
  lines: [{ productId: '0193d2a0-0000-7000-8000-000000000003', quantity: 1, choices: {} }],
};

describe('checkoutSchema', () => {
  it('accepts a pickup order and normalises the phone', () => {
    const parsed = checkoutSchema.parse({
      ...base,
      method: 'pickup',
      slotStart: '2026-12-08T04:00:00.000Z',
      customerName: ' 王小明 ',
      phone: '0912-345-678',
      note: '',
    });
    expect(parsed).toMatchObject({ customerName: '王小明', phone: '0912345678' });
  });

  it('says everything pickup and delivery still need, field by field', () => {
    const result = checkoutSchema.safeParse({ ...base, method: 'delivery' });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual({
      slotStart: '請選擇送達時間',
      customerName: '請輸入取餐人姓名',
      phone: '請輸入聯絡電話',
      delivery: '請輸入外送地址',
    });
  });

  it('needs only a table for dine-in', () => {
    expect(checkoutSchema.safeParse({ ...base, method: 'dine_in', table: 'A1' }).success).toBe(true);
    const result = checkoutSchema.safeParse({ ...base, method: 'dine_in' });
    expect(fieldErrors(result.error!)).toEqual({ table: '請選擇桌號' });
  });

  it('refuses bad input with zh-TW messages', () => {
    const result = checkoutSchema.safeParse({
      ...base,
      method: 'pickup',
      slotStart: 'soon',
      customerName: 'A',
      phone: '123',
      lines: [{ productId: 'x', quantity: 0, choices: {} }],
    });
    expect(fieldErrors(result.error!)).toMatchObject({
      slotStart: '請選擇取餐時間',
      phone: '聯絡電話格式不正確，例如 0912-345-678',
      lines: '找不到這個品項',
    });
    expect(checkoutSchema.safeParse({ ...base, method: 'pickup', lines: [] }).error?.issues[0]?.message).toBe(
      '購物車是空的',
    );
    expect(checkoutSchema.safeParse({ ...base, submitId: undefined, method: 'dine_in', table: 'A1' }).success).toBe(
      false,
    );
  });

  it('lets a quote leave out what only the submit needs', () => {
    const { submitId: _submitId, ...quote } = base;
    expect(quoteSchema.safeParse({ ...quote, method: 'pickup' }).success).toBe(true);
    expect(quoteSchema.safeParse({ ...base, method: 'pickup' }).success).toBe(false);
  });
});
