import { describe, expect, it } from 'vitest';
import {
  FREE_TEXT_MAX_LENGTH,
  ORDER_MESSAGE_TEMPLATE_IDS,
  ORDER_MESSAGE_TEMPLATES,
  isOrderMessageTemplateId,
  renderOrderMessage,
  type OrderMessageContext,
} from './order-message-templates.ts';

const context: OrderMessageContext = {
  customerName: '王小明',
  orderNumber: 'ABCD-20261122-0007',
  total: 1500,
  trackingNumber: 'TW123456789',
  shopName: '美玲的手作小舖',
};

describe('renderOrderMessage', () => {
  it('fills every placeholder of every template', () => {
    for (const id of ORDER_MESSAGE_TEMPLATE_IDS) {
      const rendered = renderOrderMessage({ template: id }, context);
      expect(rendered.ok, id).toBe(true);
      if (!rendered.ok) continue;
      expect(rendered.text, id).not.toMatch(/\{\w+\}/);
      expect(rendered.text, id).toContain('王小明');
      expect(rendered.text, id).toContain('ABCD-20261122-0007');
      expect(rendered.text, id).toContain('美玲的手作小舖');
    }
  });

  it('writes totals as NTD and names the tracking number when shipped', () => {
    expect(renderOrderMessage({ template: 'payment_reminder' }, context)).toEqual({
      ok: true,
      text: '王小明 您好，提醒您訂單 ABCD-20261122-0007 尚未完成付款，應付金額為 NT$1,500。\n完成付款後請在聊天室告訴我們，我們會盡快為您出貨，謝謝！\n美玲的手作小舖 敬上',
    });
    const shipped = renderOrderMessage({ template: 'shipped' }, context);
    expect(shipped.ok && shipped.text).toContain('物流單號：TW123456789');
  });

  it('refuses 出貨完成 without a tracking number', () => {
    expect(renderOrderMessage({ template: 'shipped' }, { ...context, trackingNumber: null })).toMatchObject({
      ok: false,
      code: 'tracking_number_missing',
    });
  });

  it('keeps names on one line and short', () => {
    const rendered = renderOrderMessage(
      { template: 'purchase_complete' },
      { ...context, customerName: 'A\n\nB'.repeat(40) },
    );
    expect(rendered.ok).toBe(true);
    if (rendered.ok) expect(rendered.text.split('\n')[0]!.length).toBeLessThan(90);
  });

  it('sends free text trimmed, 1 to 500 characters', () => {
    expect(renderOrderMessage({ text: '  明天下午出貨  ' }, context)).toEqual({ ok: true, text: '明天下午出貨' });
    expect(renderOrderMessage({ text: '   ' }, context)).toMatchObject({ ok: false, code: 'text_empty' });
    expect(renderOrderMessage({ text: '字'.repeat(FREE_TEXT_MAX_LENGTH) }, context).ok).toBe(true);
    expect(renderOrderMessage({ text: '字'.repeat(FREE_TEXT_MAX_LENGTH + 1) }, context)).toMatchObject({
      ok: false,
      code: 'text_too_long',
      message: '訊息最多 500 個字，目前 501 個字',
    });
  });

  it('leaves text that only looks like a placeholder alone, and knows its template ids', () => {
    expect(renderOrderMessage({ text: '{orderNumber}' }, context)).toEqual({ ok: true, text: '{orderNumber}' });
    expect(isOrderMessageTemplateId('shipped')).toBe(true);
    expect(isOrderMessageTemplateId('toString')).toBe(false);
    expect(Object.keys(ORDER_MESSAGE_TEMPLATES)).toEqual([...ORDER_MESSAGE_TEMPLATE_IDS]);
  });
});
