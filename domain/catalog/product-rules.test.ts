import { describe, expect, it } from 'vitest';
import { newProductSchema, productEditSchema } from './product-rules.ts';

const firstMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

describe('product rules', () => {
  it('a new product needs a name and an integer price; stock defaults to unlimited', () => {
    expect(newProductSchema.parse({ name: ' 手工皂 ', price: 280 })).toEqual({
      name: '手工皂',
      price: 280,
      stock: -1,
      isPublic: true,
      description: null,
      category: null,
    });
    expect(firstMessage(newProductSchema.safeParse({ name: '  ', price: 1 }))).toBe('請輸入商品名稱');
    expect(firstMessage(newProductSchema.safeParse({ name: 'a', price: 12.5 }))).toBe('價格必須是整數');
    expect(firstMessage(newProductSchema.safeParse({ name: 'a', price: '280' }))).toBe('價格必須是整數');
    expect(firstMessage(newProductSchema.safeParse({ name: 'x'.repeat(101), price: 1 }))).toBe('商品名稱最多 100 個字');
  });

  it('stock is -1 (unlimited) or 0 and up', () => {
    expect(newProductSchema.safeParse({ name: 'a', price: 1, stock: -1 }).success).toBe(true);
    expect(newProductSchema.safeParse({ name: 'a', price: 1, stock: 0 }).success).toBe(true);
    expect(firstMessage(newProductSchema.safeParse({ name: 'a', price: 1, stock: -2 }))).toBe('庫存不能小於 -1');
  });

  it('the code is never editable, and an edit must change something', () => {
    expect(firstMessage(productEditSchema.safeParse({ code: '260101001' }))).toBe('商品代碼由系統產生，不能修改');
    expect(firstMessage(productEditSchema.safeParse({}))).toBe('沒有要修改的欄位');
    expect(productEditSchema.parse({ description: '' })).toEqual({ description: null });
    expect(productEditSchema.safeParse({ sneaky: 1 }).success).toBe(false);
  });
});
