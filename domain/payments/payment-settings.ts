import { z } from 'zod';

/**
 * 收款金流設定: which ways a customer may pay, per way of getting the order — a restaurant's
 * 自取/外送/內用, or shop-wide for a "+1" seller (which has no shipping ways of its own) — and,
 * for online payments, when the customer is reminded and when an unpaid order is let go.
 * 現金 is paid at pickup; 轉帳 shows the shop's bank account and asks the customer for the
 * last five digits of theirs; 線上刷卡 goes to the shop's own Stripe account, offered only
 * while that account can take charges. Shared by the API (which enforces it), the admin page
 * and the checkout. Flat keys so every refusal names one form field.
 */

export const PAYMENT_METHODS = ['cash', 'transfer', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** What the methods are chosen for: a restaurant's pickup methods, or the +1 shop as a whole. */
export const PAYMENT_SCOPES = ['pickup', 'delivery', 'dine_in', 'shop'] as const;
export type PaymentScope = (typeof PAYMENT_SCOPES)[number];

export const PAYMENT_METHOD_LABELS_ZH: Record<PaymentMethod, string> = {
  cash: '現金',
  transfer: '轉帳',
  card: '線上刷卡',
};

export const REMINDERS_MAX = 3;
/** An unpaid order waits at most a week for its money. */
export const PAY_WITHIN_MINUTES_MAX = 7 * 24 * 60;
export const ACCOUNT_NAME_MAX = 50;

const methods = (label: string) =>
  z
    .array(z.enum(PAYMENT_METHODS, { error: '沒有這種付款方式' }), { error: `${label}的付款方式必須是清單` })
    .max(PAYMENT_METHODS.length)
    // Stored in one order whatever order they were ticked in.
    .transform((list) => PAYMENT_METHODS.filter((method) => list.includes(method)));

const minutes = (label: string, max: number) =>
  z
    .number({ error: `請輸入${label}（分鐘）` })
    .refine(Number.isInteger, `${label}請輸入整數分鐘`)
    .min(1, `${label}最少 1 分鐘`)
    .max(max, `${label}最多 ${max.toLocaleString('en-US')} 分鐘`);

const CROSS_CHECKED = [...PAYMENT_SCOPES, 'bankCode', 'bankAccount', 'accountName', 'reminderMinutes', 'payWithinMinutes'];
const crossChecksReadable = {
  when: (payload: { value: unknown; issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some(({ path = [] }) => path.length === 0 || CROSS_CHECKED.includes(String(path[0]))),
};

export const paymentSettingsSchema = z
  .strictObject({
    pickup: methods('自取'),
    delivery: methods('外送'),
    dine_in: methods('內用'),
    shop: methods('全店'),
    /** 銀行代碼: the three digits of a Taiwanese bank; '' when the shop takes no transfers. */
    bankCode: z.string({ error: '銀行代碼必須是文字' }).trim().regex(/^(\d{3})?$/, '銀行代碼是 3 位數字，例如 812'),
    bankAccount: z
      .string({ error: '帳號必須是文字' })
      .trim()
      .transform((value) => value.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^(\d{10,16})?$/, '帳號是 10 到 16 位數字')),
    accountName: z
      .string({ error: '戶名必須是文字' })
      .trim()
      .max(ACCOUNT_NAME_MAX, `戶名最多 ${ACCOUNT_NAME_MAX} 個字`)
      .refine((value) => !/\p{Cc}/u.test(value), '戶名不能有控制字元'),
    /** Minutes after the order is placed at which an unpaid customer is reminded. */
    reminderMinutes: z
      .array(minutes('提醒時間', PAY_WITHIN_MINUTES_MAX), { error: '提醒時間必須是清單' })
      .max(REMINDERS_MAX, `最多設定 ${REMINDERS_MAX} 次提醒`)
      .transform((list) => [...new Set(list)].sort((a, b) => a - b)),
    /** An order paid online and still unpaid this long after it was placed is cancelled. */
    payWithinMinutes: minutes('付款期限', PAY_WITHIN_MINUTES_MAX),
  })
  .superRefine((value, ctx) => {
    if (PAYMENT_SCOPES.some((scope) => value[scope].includes('transfer'))) {
      if (value.bankCode === '') ctx.addIssue({ code: 'custom', path: ['bankCode'], message: '收轉帳要填銀行代碼' });
      if (value.bankAccount === '') ctx.addIssue({ code: 'custom', path: ['bankAccount'], message: '收轉帳要填帳號' });
      if (value.accountName === '') ctx.addIssue({ code: 'custom', path: ['accountName'], message: '收轉帳要填戶名' });
    }
    if (value.reminderMinutes.some((at) => at >= value.payWithinMinutes))
      ctx.addIssue({ code: 'custom', path: ['reminderMinutes'], message: '提醒時間要早於付款期限' });
  }, crossChecksReadable);
export type PaymentSettings = z.infer<typeof paymentSettingsSchema>;

/** A shop that never saved its settings takes cash everywhere and nothing else. */
export const DEFAULT_PAYMENT_SETTINGS: PaymentSettings = {
  pickup: ['cash'],
  delivery: ['cash'],
  dine_in: ['cash'],
  shop: ['cash'],
  bankCode: '',
  bankAccount: '',
  accountName: '',
  reminderMinutes: [60],
  payWithinMinutes: 24 * 60,
};

/**
 * What a customer may choose for an order got this way: card only while the shop's Stripe
 * account can take charges. Never empty: a shop whose only way is a card it cannot take falls
 * back to cash, so no order is stuck without a way to pay.
 */
export function allowedPaymentMethods(settings: PaymentSettings, scope: PaymentScope, cardReady: boolean): PaymentMethod[] {
  const allowed = settings[scope].filter((method) => method !== 'card' || cardReady);
  return allowed.length > 0 ? allowed : ['cash'];
}

/** The scopes that ticked 線上刷卡 while the shop's Stripe account cannot take charges. */
export function cardNotReady(settings: PaymentSettings, cardReady: boolean): PaymentScope[] {
  return cardReady ? [] : PAYMENT_SCOPES.filter((scope) => settings[scope].includes('card'));
}

/** Money the workflow waits for before the order is let go: transfers and cards, never cash. */
export function paidInAdvance(method: PaymentMethod): boolean {
  return method !== 'cash';
}

/** The last five digits of the customer's account for a transfer. */
export const transferDigitsSchema = z
  .string({ error: '請輸入帳號末五碼' })
  .trim()
  .regex(/^\d{5}$/, '帳號末五碼是 5 位數字');

/** The customer's choice checked against what the shop allows here; the shop's first way when none was made. */
export function choosePaymentMethod(
  allowed: readonly PaymentMethod[],
  wanted: PaymentMethod | undefined,
): { ok: true; method: PaymentMethod } | { ok: false; message: string } {
  if (wanted === undefined) return { ok: true, method: allowed[0] ?? 'cash' };
  if (allowed.includes(wanted)) return { ok: true, method: wanted };
  return { ok: false, message: `這個取餐方式不能用${PAYMENT_METHOD_LABELS_ZH[wanted]}付款` };
}

/** The shop's account a transfer goes to, as the customer is shown it; null when it takes none. */
export function transferAccount(settings: PaymentSettings): { bankCode: string; bankAccount: string; accountName: string } | null {
  if (settings.bankAccount === '') return null;
  return { bankCode: settings.bankCode, bankAccount: settings.bankAccount, accountName: settings.accountName };
}

/** Why an order the customer never paid for was cancelled (the customer reads it). */
export const PAYMENT_DEADLINE_REASON_ZH = '超過付款期限未付款，訂單已自動取消';

const MINUTE_MS = 60_000;

/** When an order paid in advance is reminded and let go, from the settings at the time it was placed. */
export function paymentPlan(settings: PaymentSettings, placedAtMs: number): { reminderAtMs: number[]; deadlineMs: number } {
  return {
    reminderAtMs: settings.reminderMinutes.map((minutes) => placedAtMs + minutes * MINUTE_MS),
    deadlineMs: placedAtMs + settings.payWithinMinutes * MINUTE_MS,
  };
}

/** A restaurant order's payment plan: only money paid in advance is waited for (cash has none). */
export function restaurantPaymentPlan(
  settings: PaymentSettings,
  method: PaymentMethod,
  placedAtMs: number,
): { reminderAtMs: number[]; deadlineMs: number } | null {
  return paidInAdvance(method) ? paymentPlan(settings, placedAtMs) : null;
}

/**
 * A "+1" order waits for its money only when the shop takes nothing but cards in the chat: with
 * cash or a transfer allowed, the customer may pay in a way the shop settles by hand, and no
 * deadline may cancel an order the shop is still expecting money for.
 */
export function chatPaymentPlan(
  settings: PaymentSettings,
  cardReady: boolean,
  placedAtMs: number,
): { reminderAtMs: number[]; deadlineMs: number } | null {
  const allowed = allowedPaymentMethods(settings, 'shop', cardReady);
  return allowed.length === 1 && allowed[0] === 'card' ? paymentPlan(settings, placedAtMs) : null;
}

/**
 * The pay link a "+1" order's answer carries: a page of ours that opens (or reopens) Stripe's
 * Checkout, so the link outlives any one session. The order's ID, unguessable, is what it
 * names; holding it lets one pay that order and nothing else.
 */
export function chatPayLink(origin: string, shopSlug: string, orderId: string): string {
  return `${origin.replace(/\/$/, '')}/pay/${encodeURIComponent(shopSlug)}/${orderId}`;
}

/** What the customer of a "+1" order let go at the deadline reads in the chat. */
export function paymentDeadlineReply(orderNumber: string): string {
  return `訂單 ${orderNumber}：${PAYMENT_DEADLINE_REASON_ZH}。如果還想購買，請再下單一次。`;
}
