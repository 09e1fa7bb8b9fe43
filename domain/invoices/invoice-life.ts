import { canVoid } from './invoice-amounts.ts';

/**
 * The life of an order's invoice as the shop sees it, and the decisions on the way: how a
 * cancelled order's invoice is undone, how long the workflow waits before asking again, and
 * the line a merchant reads when the provider refuses.
 */

export const INVOICE_STATUSES = ['waiting', 'issued', 'needs_attention', 'voided', 'allowed'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_STATUS_LABELS_ZH: Record<InvoiceStatus, string> = {
  waiting: '待開立',
  issued: '已開立',
  needs_attention: '需要處理',
  voided: '已作廢',
  allowed: '已折讓',
};

/** ECPay writes its dates as 'YYYY-MM-DD HH:mm:ss' in Taipei (UTC+8, no daylight saving). */
export function parseProviderDate(text: string): Date {
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text.trim());
  if (!match) throw new RangeError(`not a provider date: ${text}`);
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(s)));
}

/**
 * A paid order cancelled after its invoice: 作廢 while the invoice's two-month period (and the
 * days to the 13th after it) allows, else a 折讓 of the whole amount. `now` is the caller's
 * clock: a workflow's deterministic time.
 */
export function undoAction(invoiceDate: string, now: Date): 'void' | 'allowance' {
  return canVoid(parseProviderDate(invoiceDate), now) ? 'void' : 'allowance';
}

/**
 * The provider's throttle (HTTP 403) is waited out long: ECPay asks for 30 minutes, then the
 * wait doubles, at most two hours.
 */
export const THROTTLE_WAIT_MIN_MS = 30 * 60_000;
export const THROTTLE_WAIT_MAX_MS = 2 * 60 * 60_000;

export function throttleWaitMs(timesThrottled: number): number {
  return Math.min(THROTTLE_WAIT_MIN_MS * 2 ** Math.max(0, timesThrottled - 1), THROTTLE_WAIT_MAX_MS);
}

/** ECPay's codes for an invoice number range (字軌) missing or used up (its doc ?p=13853). */
export const NUMBER_RANGE_CODES: readonly number[] = [5070350, 1500047];

/** What the merchant reads when the provider refuses an invoice, and what to do about it. */
export function refusalReason(providerMessage: string, code?: number): string {
  const what = providerMessage.trim() || '發票平台拒絕開立';
  if ((code !== undefined && NUMBER_RANGE_CODES.includes(code)) || /字軌|配號|用完|用罄/.test(what))
    return `電子發票沒有開出：${what}。請到綠界後台新增字軌（發票號碼），再按「重新開立」。`;
  if (/載具|條碼|憑證|愛心碼|統一編號|統編/.test(what))
    return `電子發票沒有開出：${what}。請向顧客確認載具資料，再按「重新開立」。`;
  return `電子發票沒有開出：${what}。請確認電子發票設定後按「重新開立」。`;
}

/** The one line of an invoice that could not be undone. */
export function undoRefusalReason(action: 'void' | 'allowance', providerMessage: string): string {
  const what = action === 'void' ? '作廢' : '折讓';
  return `訂單已取消，但發票${what}沒有完成：${providerMessage}。請到綠界後台處理。`;
}
