import { describe, expect, it } from 'vitest';
import {
  chatOrderWorkflowId,
  chatReplyWorkflowId,
  chatWorkflowId,
  orderInvoiceWorkflowId,
  orderMessageWorkflowId,
  orderWorkflowOf,
  richMenuWorkflowId,
  staffRichMenuUnlinkWorkflowId,
  storefrontOrderSource,
  storefrontOrderWorkflowId,
} from './workflow-ids.ts';

// The exact strings running workflows and stored orders already carry: a redelivery finds its
// first workflow only while the shape stays the same.
describe('workflow IDs', () => {
  const tenant = '0b6f3c1e-2a4d-4f8e-9c7b-5d1a2e3f4a5b';

  it('names a LINE event’s workflows after the tenant and the webhook event', () => {
    expect(chatOrderWorkflowId(tenant, '01JABCDEF')).toBe(`order:${tenant}:line:01JABCDEF`);
    expect(chatReplyWorkflowId(tenant, '01JABCDEF')).toBe(`reply:${tenant}:line:01JABCDEF`);
    expect(chatWorkflowId(tenant, '01JABCDEF')).toBe(`chat:${tenant}:line:01JABCDEF`);
  });

  it("names a shop page's order after the customer and the page's key for that submit", () => {
    const customer = '0190f0a2-7c1d-7a4e-8b5f-112233445566';
    expect(storefrontOrderWorkflowId(tenant, customer, 'k1')).toBe(`order:${tenant}:shop:${customer}:k1`);
    expect(storefrontOrderSource(customer, 'k1')).toBe(`shop:${customer}:k1`);
  });

  it('names a merchant’s message after the admin request', () => {
    expect(orderMessageWorkflowId(tenant, 'req-1')).toBe(`order-message:${tenant}:req-1`);
  });

  it('names the rich menu workflows after the shop (and the LINE user for an unlink)', () => {
    expect(richMenuWorkflowId(tenant)).toBe(`richmenu:${tenant}`);
    expect(staffRichMenuUnlinkWorkflowId(tenant, 'U123')).toBe(`richmenu-unlink:${tenant}:U123`);
  });

  it('names an order’s e-invoice after the order, and leads it back to the order', () => {
    const order = '019a3f2c-7d41-7c2e-9b1a-4f0e6d2c8a11';
    expect(orderInvoiceWorkflowId(tenant, order)).toBe(`invoice:${tenant}:${order}`);
    expect(orderWorkflowOf(tenant, orderInvoiceWorkflowId(tenant, order))).toBe(`restaurant-order:${tenant}:${order}`);
    expect(orderWorkflowOf(tenant, `restaurant-order:${tenant}:${order}`)).toBe(`restaurant-order:${tenant}:${order}`);
    expect(orderWorkflowOf('other', orderInvoiceWorkflowId(tenant, order))).toBe(orderInvoiceWorkflowId(tenant, order));
  });
});
