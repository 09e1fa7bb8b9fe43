import { z } from 'zod';
import { text } from '../restaurant/pickup-methods.ts';

/**
 * A branch's cloud printers (出單機設定): what the admin form sends, what the API enforces and
 * what the page explains. A printer is known by the MAC address it polls with (Star CloudPRNT),
 * so the MAC is kept in one shape: 12 upper-case hex digits.
 */

export const PRINTER_KINDS = ['receipt_58', 'receipt_80', 'label_40x25'] as const;
export type PrinterKind = (typeof PRINTER_KINDS)[number];

/** The printable width in dots at 203 dpi (8 dots a millimetre), and a label's height. */
export const PRINTER_PAPER: Record<PrinterKind, { width: number; height: number | null; label: boolean }> = {
  receipt_58: { width: 384, height: null, label: false },
  receipt_80: { width: 576, height: null, label: false },
  label_40x25: { width: 320, height: 200, label: true },
};

/** The order types a printer serves, by the restaurant's pickup methods (配送 / 自取 / 現場). */
export const PRINT_METHODS = ['delivery', 'pickup', 'dine_in'] as const;
export type PrintMethod = (typeof PRINT_METHODS)[number];

export const PRINTER_NAME_MAX = 30;
export const PRINTER_LOCATION_MAX = 20;
export const COPIES_MAX = 5;
export const PRINTERS_MAX = 20;
export const CATEGORIES_MAX = 50;

/** "00:11:e5:06:04:ff", "00-11-E5-06-04-FF" and "0011e50604ff" are the same printer. */
export function normalizeMac(raw: string): string | null {
  const hex = raw.replace(/[\s:.-]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(hex) ? hex : null;
}

/** 00:11:E5:06:04:FF, as printed on the printer's self-test page. */
export function formatMac(mac: string): string {
  return mac.match(/.{2}/g)?.join(':') ?? mac;
}

export const printerInputSchema = z.strictObject({
  name: text('裝置名稱', PRINTER_NAME_MAX),
  kind: z.enum(PRINTER_KINDS, { error: '請選擇裝置類型' }),
  mac: z.string({ error: '請輸入裝置序號（MAC 位址）' }).transform((value, ctx) => {
    const mac = normalizeMac(value);
    if (mac) return mac;
    ctx.addIssue({ code: 'custom', message: 'MAC 位址是 12 位英數字，例如 00:11:E5:06:04:FF' });
    return z.NEVER;
  }),
  location: text('擺放位置', PRINTER_LOCATION_MAX),
  methods: z
    .array(z.enum(PRINT_METHODS, { error: '應用場景只能是配送、自取或現場' }), { error: '請選擇應用場景' })
    .min(1, '至少選一個應用場景')
    .transform((methods) => PRINT_METHODS.filter((m) => methods.includes(m))),
  copies: z
    .number({ error: '列印份數必須是整數' })
    .refine(Number.isInteger, '列印份數必須是整數')
    .min(1, '列印份數至少 1 份')
    .max(COPIES_MAX, `列印份數最多 ${COPIES_MAX} 份`),
  categoryIds: z
    .array(z.uuid({ error: '找不到這個菜單分類' }), { error: '列印分類必須是清單' })
    .max(CATEGORIES_MAX, `最多選 ${CATEGORIES_MAX} 個分類`)
    .transform((ids) => [...new Set(ids)]),
});
export type PrinterInput = z.infer<typeof printerInputSchema>;

export const printSettingsSchema = z.strictObject({
  autoAcceptAfterPrint: z.boolean({ error: '列印後自動收單必須是開或關' }),
});
export type PrintSettingsInput = z.infer<typeof printSettingsSchema>;
export const DEFAULT_PRINT_SETTINGS: PrintSettingsInput = { autoAcceptAfterPrint: false };
