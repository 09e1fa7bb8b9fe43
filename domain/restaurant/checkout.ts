import { z } from 'zod';
import { invoiceRecipientSchema } from '../invoices/invoice-recipient.ts';
import { discountChoiceFields } from '../promotions/discount-choices.ts';
import { PAYMENT_METHODS, transferDigitsSchema } from '../payments/payment-settings.ts';
import { isValidPhone, normalizePhone } from '../team/credentials.ts';
import { CART_LINES_MAX, LINE_QUANTITY_MAX } from './cart-pricing.ts';
import { TABLE_LABEL_MAX, ZONE_NAME_MAX } from './pickup-methods.ts';

/**
 * What the storefront sends at 送出訂單 (and, without submitId, to ask for a quote): shared by
 * the page, which shows these messages beside its fields, and the API, which enforces them.
 * Pickup and delivery need a slot and who to call; delivery an address; dine-in a table.
 */

export const ORDER_NOTE_MAX = 200;
export const LINE_NOTE_MAX = 50;
export const ADDRESS_MAX = 120;
export const CONTACT_NAME_MAX = 30;

const freeText = (label: string, max: number) =>
  z
    .string({ error: `${label}必須是文字` })
    .trim()
    .max(max, `${label}最多 ${max} 個字`)
    .refine((value) => !/\p{Cc}/u.test(value), `${label}不能有控制字元`);

export const checkoutLineSchema = z.strictObject({
  productId: z.uuid({ error: '找不到這個品項' }),
  quantity: z
    .number({ error: '數量必須是整數' })
    .refine(Number.isInteger, '數量必須是整數')
    .min(1, '數量至少 1 份')
    .max(LINE_QUANTITY_MAX, `一個品項最多 ${LINE_QUANTITY_MAX} 份`),
  /** Option group id → the choice ids picked in it. */
  choices: z
    .record(z.uuid({ error: '選項群組不正確' }), z.array(z.uuid({ error: '選項不正確' })).max(30, '選項太多'), {
      error: '選項格式不正確',
    })
    .default({}),
  note: freeText('品項備註', LINE_NOTE_MAX).optional(),
});
export type CheckoutLine = z.infer<typeof checkoutLineSchema>;

const checkoutFields = {
  branchId: z.uuid({ error: '請選擇分店' }),
  method: z.enum(['pickup', 'delivery', 'dine_in'], { error: '請選擇取餐方式' }),
  /** A slot start from order-slots (ISO). */
  slotStart: z.iso.datetime({ offset: true, error: '請選擇取餐時間' }).optional(),
  table: z
    .string({ error: '桌號必須是文字' })
    .trim()
    .min(1, '請選擇桌號')
    .max(TABLE_LABEL_MAX, `桌號最多 ${TABLE_LABEL_MAX} 個字`)
    .optional(),
  delivery: z
    .strictObject({
      address: freeText('外送地址', ADDRESS_MAX).pipe(z.string().min(5, '請輸入完整的外送地址')),
      lat: z.number({ error: '緯度必須是數字' }).min(-90).max(90).optional(),
      lng: z.number({ error: '經度必須是數字' }).min(-180).max(180).optional(),
      zone: freeText('外送區域', ZONE_NAME_MAX).optional(),
    })
    .refine((d) => (d.lat === undefined) === (d.lng === undefined), { path: ['lng'], message: '緯度和經度要一起給' })
    .optional(),
  customerName: freeText('取餐人', CONTACT_NAME_MAX).optional(),
  phone: z
    .string({ error: '聯絡電話必須是文字' })
    .transform(normalizePhone)
    .refine((p) => p === '' || isValidPhone(p), '聯絡電話格式不正確，例如 0912-345-678')
    .optional(),
  note: freeText('訂單備註', ORDER_NOTE_MAX).optional(),
  /** 付款方式, one the shop allows for this method (收款金流設定); the shop's first when absent. */
  payment: z.enum(PAYMENT_METHODS, { error: '請選擇付款方式' }).optional(),
  ...discountChoiceFields,
  /** 轉帳: the last five digits of the customer's account; may also be given later on the order page. */
  transferDigits: transferDigitsSchema.optional(),
  /** 電子發票: the carrier the customer chose, when the shop issues e-invoices (雲端載具 when absent). */
  invoice: invoiceRecipientSchema.optional(),
  lines: z
    .array(checkoutLineSchema, { error: '購物車是空的' })
    .min(1, '購物車是空的')
    .max(CART_LINES_MAX, `一張訂單最多 ${CART_LINES_MAX} 項`),
};

type Fields = {
  method: 'pickup' | 'delivery' | 'dine_in';
  slotStart?: string | undefined;
  table?: string | undefined;
  delivery?: { address: string } | undefined;
  customerName?: string | undefined;
  phone?: string | undefined;
};

/** What each method needs, every missing field at once. */
function methodNeeds(order: Fields, ctx: z.RefinementCtx) {
  const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (order.method === 'dine_in') {
    if (!order.table) need('table', '請選擇桌號');
    return;
  }
  if (!order.slotStart) need('slotStart', order.method === 'delivery' ? '請選擇送達時間' : '請選擇取餐時間');
  if (!order.customerName) need('customerName', '請輸入取餐人姓名');
  if (!order.phone) need('phone', '請輸入聯絡電話');
  if (order.method === 'delivery' && !order.delivery) need('delivery', '請輸入外送地址');
}

/** POST .../restaurant-orders/quote: the cart as it stands; the method's needs are not checked yet. */
export const quoteSchema = z.strictObject(checkoutFields);
export type QuoteRequest = z.infer<typeof quoteSchema>;

/** POST .../restaurant-orders: one submitId per tap of 送出訂單; a redelivery returns the same order. */
export const checkoutSchema = z
  .strictObject({ submitId: z.uuid({ error: '缺少下單識別碼，請重新整理後再試' }), ...checkoutFields })
  .superRefine(methodNeeds);
export type CheckoutRequest = z.infer<typeof checkoutSchema>;
