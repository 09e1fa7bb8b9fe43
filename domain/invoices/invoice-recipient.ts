import { z } from 'zod';
import { isValidTaxId } from './tax-id.ts';

/**
 * Who an order's e-invoice goes to, as the customer chooses at checkout: the provider's cloud
 * carrier (sent to the phone given for the order), a mobile barcode (手機條碼), a citizen digital
 * certificate (自然人憑證), a donation by love code (愛心碼), or a company's 統編 for a B2B
 * receipt. Formats are checked here; whether a barcode or love code exists is the provider's
 * to say, asked before use.
 */

export const INVOICE_RECIPIENT_KINDS = ['cloud', 'mobile', 'certificate', 'donation', 'company'] as const;
export type InvoiceRecipientKind = (typeof INVOICE_RECIPIENT_KINDS)[number];

const MOBILE_BARCODE = /^\/[0-9A-Z.+-]{7}$/;
const CERTIFICATE = /^[A-Z]{2}\d{14}$/;
const LOVE_CODE = /^\d{3,7}$/;

/** Typed on a phone: spaces dropped, letters upper-cased (the barcode is printed upper-case). */
const typed = (max: number) =>
  z
    .string()
    .max(max * 2)
    .transform((text) => text.replace(/\s+/g, '').toUpperCase());

export const mobileBarcodeSchema = typed(8).pipe(
  z.string().regex(MOBILE_BARCODE, '手機條碼是「/」加 7 碼英數字，例如 /ABC1234'),
);
export const loveCodeSchema = typed(7).pipe(z.string().regex(LOVE_CODE, '愛心碼是 3 到 7 碼數字'));
export const taxIdSchema = typed(8).pipe(z.string().refine(isValidTaxId, '統一編號不正確，請確認 8 碼數字'));

export const invoiceRecipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cloud') }),
  z.strictObject({ kind: z.literal('mobile'), barcode: mobileBarcodeSchema }),
  z.strictObject({
    kind: z.literal('certificate'),
    number: typed(16).pipe(z.string().regex(CERTIFICATE, '自然人憑證條碼是 2 個英文字母加 14 碼數字')),
  }),
  z.strictObject({ kind: z.literal('donation'), loveCode: loveCodeSchema }),
  z.strictObject({
    kind: z.literal('company'),
    taxId: taxIdSchema,
    /** 買受人名稱 on the printed receipt; the 統編 alone is enough to issue. */
    title: z.string().trim().max(60, '公司抬頭最多 60 字').optional(),
  }),
]);
export type InvoiceRecipient = z.infer<typeof invoiceRecipientSchema>;

/** What the invoice carries, whoever issues it. */
export interface InvoiceDelivery {
  carrier: { type: 'cloud' | 'mobile' | 'certificate'; number: string } | null;
  loveCode: string | null;
  buyerTaxId: string | null;
  buyerName: string | null;
  /** A paper receipt: only for a company without a carrier. A donated invoice is never printed. */
  print: boolean;
}

export function invoiceDelivery(recipient: InvoiceRecipient, contactPhone: string): InvoiceDelivery {
  const none = { carrier: null, loveCode: null, buyerTaxId: null, buyerName: null, print: false };
  switch (recipient.kind) {
    case 'cloud':
      return { ...none, carrier: { type: 'cloud', number: contactPhone } };
    case 'mobile':
      return { ...none, carrier: { type: 'mobile', number: recipient.barcode } };
    case 'certificate':
      return { ...none, carrier: { type: 'certificate', number: recipient.number } };
    case 'donation':
      return { ...none, loveCode: recipient.loveCode };
    case 'company':
      return { ...none, buyerTaxId: recipient.taxId, buyerName: recipient.title ?? null, print: true };
  }
}
