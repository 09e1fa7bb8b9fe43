import { describe, expect, it } from 'vitest';
import { invoiceDelivery, invoiceRecipientSchema, type InvoiceRecipient } from './invoice-recipient.ts';

const parse = (value: unknown) => invoiceRecipientSchema.safeParse(value);
const message = (value: unknown) => {
  const result = parse(value);
  return result.success ? null : result.error.issues[0]?.message;
};

describe('invoiceRecipientSchema', () => {
  it('takes a mobile barcode as typed on a phone', () => {
    expect(parse({ kind: 'mobile', barcode: ' /abc+1.2 ' }).data).toEqual({ kind: 'mobile', barcode: '/ABC+1.2' });
    expect(message({ kind: 'mobile', barcode: 'ABC1234' })).toBe('手機條碼是「/」加 7 碼英數字，例如 /ABC1234');
    expect(message({ kind: 'mobile', barcode: '/ABC12345' })).toMatch(/手機條碼/);
    expect(message({ kind: 'mobile', barcode: '/ABC_123' })).toMatch(/手機條碼/);
  });

  it('takes a citizen certificate, a love code and a company', () => {
    expect(parse({ kind: 'certificate', number: 'ab12345678901234' }).data).toEqual({
      kind: 'certificate',
      number: 'AB12345678901234',
    });
    expect(message({ kind: 'certificate', number: 'A123456789012345' })).toMatch(/自然人憑證/);
    expect(parse({ kind: 'donation', loveCode: '8585' }).success).toBe(true);
    expect(message({ kind: 'donation', loveCode: '12' })).toBe('愛心碼是 3 到 7 碼數字');
    expect(message({ kind: 'donation', loveCode: '12345678' })).toBe('愛心碼是 3 到 7 碼數字');
    expect(parse({ kind: 'company', taxId: '22099131', title: '台積電' }).success).toBe(true);
    expect(message({ kind: 'company', taxId: '22099132' })).toBe('統一編號不正確，請確認 8 碼數字');
  });

  it('refuses an unknown kind and stray fields', () => {
    expect(parse({ kind: 'paper' }).success).toBe(false);
    expect(parse({ kind: 'cloud', barcode: '/ABC1234' }).success).toBe(false);
  });
});

describe('invoiceDelivery', () => {
  const phone = '0912345678';
  const of = (recipient: InvoiceRecipient) => invoiceDelivery(recipient, phone);

  it('prints only a company’s receipt, and never a donated one', () => {
    expect(of({ kind: 'company', taxId: '22099131' })).toEqual({
      carrier: null,
      loveCode: null,
      buyerTaxId: '22099131',
      buyerName: null,
      print: true,
    });
    expect(of({ kind: 'donation', loveCode: '8585' })).toMatchObject({ print: false, loveCode: '8585', carrier: null });
  });

  it('keeps carriers’ invoices on the carrier, the cloud one under the order’s phone', () => {
    expect(of({ kind: 'cloud' }).carrier).toEqual({ type: 'cloud', number: phone });
    expect(of({ kind: 'mobile', barcode: '/ABC1234' })).toMatchObject({
      carrier: { type: 'mobile', number: '/ABC1234' },
      print: false,
      buyerTaxId: null,
    });
    expect(of({ kind: 'certificate', number: 'AB12345678901234' }).carrier?.type).toBe('certificate');
  });
});
