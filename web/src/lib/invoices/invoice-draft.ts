import type { InvoiceRecipient, InvoiceRecipientKind } from '#lib/domain.ts';

/** What the customer types for their e-invoice carrier, one field per kind (kept while they switch). */
export interface InvoiceDraft {
  kind: InvoiceRecipientKind;
  barcode: string;
  certificate: string;
  loveCode: string;
  taxId: string;
  title: string;
}

export const emptyInvoiceDraft = (loveCode = ''): InvoiceDraft => ({
  kind: 'cloud',
  barcode: '',
  certificate: '',
  loveCode,
  taxId: '',
  title: '',
});

/** The draft as the API takes it (domain/invoices/invoice-recipient.ts checks it). */
export function recipientOf(draft: InvoiceDraft): InvoiceRecipient {
  switch (draft.kind) {
    case 'cloud':
      return { kind: 'cloud' };
    case 'mobile':
      return { kind: 'mobile', barcode: draft.barcode };
    case 'certificate':
      return { kind: 'certificate', number: draft.certificate };
    case 'donation':
      return { kind: 'donation', loveCode: draft.loveCode };
    case 'company':
      return { kind: 'company', taxId: draft.taxId, ...(draft.title.trim() ? { title: draft.title } : {}) };
  }
}
