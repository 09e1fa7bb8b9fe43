import { z } from 'zod';
import { loveCodeSchema } from './invoice-recipient.ts';

/**
 * 電子發票設定: the shop's ECPay B2C credentials (MerchantID, HashKey, HashIV, kept sealed at
 * rest), whether it issues at all, when (on payment, or when the order is completed) and the
 * love code a donation starts from. Shared by the admin form and the API that enforces it.
 */

export const ISSUE_ON = ['payment', 'completion'] as const;
export type IssueOn = (typeof ISSUE_ON)[number];

/** HashKey and HashIV are 16 characters each (AES-128). */
const KEY_LENGTH = 16;

const key = (label: string) =>
  z
    .string({ error: `請輸入 ${label}` })
    .trim()
    .refine((value) => value === '' || value.length === KEY_LENGTH, `${label} 是 ${KEY_LENGTH} 個字元`)
    .refine((value) => /^[\x21-\x7e]*$/.test(value), `${label} 只有英數字與符號`);

/**
 * What the form sends. HashKey and HashIV may be left empty to keep the stored ones (the page
 * never gets them back); they are required the first time.
 */
export const invoiceSettingsSchema = z.strictObject({
  enabled: z.boolean({ error: '請選擇是否開立電子發票' }),
  merchantId: z
    .string({ error: '請輸入特店編號' })
    .trim()
    .regex(/^\d{7,10}$/, '特店編號（MerchantID）是 7 到 10 位數字'),
  hashKey: key('HashKey'),
  hashIv: key('HashIV'),
  issueOn: z.enum(ISSUE_ON, { error: '請選擇開立時機' }),
  defaultLoveCode: z.union([z.literal(''), loveCodeSchema], { error: '愛心碼是 3 到 7 碼數字' }),
});
export type InvoiceSettingsInput = z.infer<typeof invoiceSettingsSchema>;

/** What the page is shown: never the keys, only whether they are stored. */
export interface InvoiceSettingsView {
  enabled: boolean;
  merchantId: string;
  hasKeys: boolean;
  issueOn: IssueOn;
  defaultLoveCode: string;
  checkedAt: string | null;
}

export const DEFAULT_INVOICE_SETTINGS: InvoiceSettingsView = {
  enabled: false,
  merchantId: '',
  hasKeys: false,
  issueOn: 'payment',
  defaultLoveCode: '',
  checkedAt: null,
};

/** The keys to store: the new ones, or null for a field left empty (keep what is stored). */
export function keysToStore(input: InvoiceSettingsInput, hasKeys: boolean): { ok: true } | { ok: false; field: 'hashKey' | 'hashIv'; message: string } {
  if (!hasKeys && input.hashKey === '') return { ok: false, field: 'hashKey', message: '第一次設定請輸入 HashKey' };
  if (!hasKeys && input.hashIv === '') return { ok: false, field: 'hashIv', message: '第一次設定請輸入 HashIV' };
  return { ok: true };
}

/**
 * When an order's invoice is issued. 收到付款 issues an order paid in advance (轉帳, 線上刷卡) once
 * its money is in; cash is paid at pickup, so a cash order — like every order under 訂單完成 —
 * is issued when it is completed.
 */
export function issueTrigger(issueOn: IssueOn, paidInAdvance: boolean): 'paid' | 'completed' {
  return issueOn === 'payment' && paidInAdvance ? 'paid' : 'completed';
}
