import { describe, expect, it } from 'vitest';
import {
  allowedPaymentMethods,
  chatPayLink,
  chatPaymentPlan,
  paymentPlan,
  cardNotReady,
  DEFAULT_PAYMENT_SETTINGS,
  paymentSettingsSchema,
  transferDigitsSchema,
} from './payment-settings.ts';

const valid = {
  pickup: ['card', 'cash'],
  delivery: ['transfer'],
  dine_in: ['cash'],
  shop: ['cash', 'transfer'],
  bankCode: '812',
  bankAccount: '0012-3456-7890',
  accountName: '阿美小吃',
  reminderMinutes: [120, 30, 30],
  payWithinMinutes: 240,
};

describe('paymentSettingsSchema', () => {
  it('keeps methods in one order, strips the account number, sorts reminders once each', () => {
    const parsed = paymentSettingsSchema.parse(valid);
    expect(parsed.pickup).toEqual(['cash', 'card']);
    expect(parsed.bankAccount).toBe('001234567890');
    expect(parsed.reminderMinutes).toEqual([30, 120]);
  });

  it('asks for the bank account when any way takes transfers', () => {
    const result = paymentSettingsSchema.safeParse({ ...valid, bankCode: '', bankAccount: '', accountName: '' });
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ['bankCode', '收轉帳要填銀行代碼'],
      ['bankAccount', '收轉帳要填帳號'],
      ['accountName', '收轉帳要填戶名'],
    ]);
    const noTransfers = { ...valid, delivery: ['cash'], shop: ['cash'], bankCode: '', bankAccount: '', accountName: '' };
    expect(paymentSettingsSchema.safeParse(noTransfers).success).toBe(true);
  });

  it('refuses a reminder at or after the deadline, a bad bank code and unknown methods', () => {
    const issues = (input: object) => paymentSettingsSchema.safeParse({ ...valid, ...input }).error?.issues.map((i) => i.message);
    expect(issues({ reminderMinutes: [240] })).toEqual(['提醒時間要早於付款期限']);
    expect(issues({ bankCode: '81' })).toEqual(['銀行代碼是 3 位數字，例如 812']);
    expect(issues({ pickup: ['bitcoin'] })).toEqual(['沒有這種付款方式']);
    expect(issues({ payWithinMinutes: 0 })).toEqual(['付款期限最少 1 分鐘']);
    expect(issues({ reminderMinutes: [1, 2, 3, 4] })).toEqual(['最多設定 3 次提醒']);
  });
});

describe('allowedPaymentMethods', () => {
  const settings = paymentSettingsSchema.parse({ ...valid, dine_in: ['card'] });
  it('offers a card only while the Stripe account can take charges', () => {
    expect(allowedPaymentMethods(settings, 'pickup', true)).toEqual(['cash', 'card']);
    expect(allowedPaymentMethods(settings, 'pickup', false)).toEqual(['cash']);
  });
  it('falls back to cash rather than offering nothing', () => {
    expect(allowedPaymentMethods(settings, 'dine_in', false)).toEqual(['cash']);
  });
  it('names the ways that ticked a card the shop cannot take yet', () => {
    expect(cardNotReady(settings, false)).toEqual(['pickup', 'dine_in']);
    expect(cardNotReady(settings, true)).toEqual([]);
    expect(cardNotReady(DEFAULT_PAYMENT_SETTINGS, false)).toEqual([]);
  });
});

describe('transferDigitsSchema', () => {
  it('takes exactly five digits', () => {
    expect(transferDigitsSchema.parse(' 12345 ')).toBe('12345');
    expect(transferDigitsSchema.safeParse('1234').success).toBe(false);
    expect(transferDigitsSchema.safeParse('12a45').success).toBe(false);
  });
});

describe('chatPayLink', () => {
  it('names the shop and the order under our origin', () => {
    expect(chatPayLink('https://jiayi.example/', 'amei', '0190a0a0-0000-7000-8000-000000000001')).toBe(
      'https://jiayi.example/pay/amei/0190a0a0-0000-7000-8000-000000000001',
    );
  });
});

describe('paymentPlan', () => {
  it('reminds and lets go at minutes after the order was placed', () => {
    const settings = paymentSettingsSchema.parse({ ...valid, reminderMinutes: [30], payWithinMinutes: 60 });
    expect(paymentPlan(settings, 1_000)).toEqual({ reminderAtMs: [1_000 + 30 * 60_000], deadlineMs: 1_000 + 60 * 60_000 });
  });
});

describe('chatPaymentPlan', () => {
  const settings = (shop: string[]) =>
    paymentSettingsSchema.parse({ ...valid, shop, reminderMinutes: [30], payWithinMinutes: 60 });
  it('waits for the money of a shop that takes only cards in the chat', () => {
    expect(chatPaymentPlan(settings(['card']), true, 0)).toEqual({ reminderAtMs: [30 * 60_000], deadlineMs: 60 * 60_000 });
  });
  it('never lets go of an order the shop may be paid for by hand, or without a card to take', () => {
    expect(chatPaymentPlan(settings(['cash', 'card']), true, 0)).toBeNull();
    expect(chatPaymentPlan(settings(['transfer', 'card']), true, 0)).toBeNull();
    expect(chatPaymentPlan(settings(['card']), false, 0)).toBeNull();
  });
});
