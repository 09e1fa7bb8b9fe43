import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLineBody } from '../../../integrations/line/signature.ts';
import { startStack, type Stack } from '../../support/stack.ts';
import { createSandboxUser } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

let stack: Stack;
let tenant: TestTenant;
let customer: string;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, { products: [{ code: '261122001', name: '手工皂', price: 250, stock: 20 }] });
  customer = await createSandboxUser(stack, '測試顧客');
});
afterAll(() => stack?.stop());

function orderEvent(text = '+1') {
  return {
    destination: 'Ubot',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId: `01TEST${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
        deliveryContext: { isRedelivery: false },
        source: { type: 'user', userId: customer },
        replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
        message: { id: '444573844083572737', type: 'text', quoteToken: 'q3Plxr4AgKd', text },
      },
    ],
  };
}

const post = (slug: string, body: string, headers: Record<string, string>) =>
  fetch(`${stack.apiUrl}/t/${slug}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** Nothing may have happened: no customer, no order, no workflow for this tenant. */
async function expectNothingCreated() {
  await new Promise((r) => setTimeout(r, 500));
  expect(await stack.db.order.count({ where: { tenantId: tenant.id } })).toBe(0);
  expect(await stack.db.customer.count({ where: { tenantId: tenant.id } })).toBe(0);
  expect(await stack.db.lineWebhookEvent.count({ where: { tenantId: tenant.id } })).toBe(0);
  const workflows = [];
  for await (const wf of stack.temporal.workflow.list({ query: `TenantId = "${tenant.id}"` })) workflows.push(wf);
  expect(workflows).toEqual([]);
  expect((await stack.db.product.findFirstOrThrow({ where: { tenantId: tenant.id } })).stock).toBe(20);
}

describe('the LINE webhook refuses what LINE did not send', () => {
  it('a wrong signature gets 401', async () => {
    const body = JSON.stringify(orderEvent());
    const response = await post(tenant.slug, body, { 'x-line-signature': signLineBody(body, 'not-the-secret') });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'bad_signature' });
    await expectNothingCreated();
  });

  it('a missing signature gets 401', async () => {
    const response = await post(tenant.slug, JSON.stringify(orderEvent()), {});
    expect(response.status).toBe(401);
    await expectNothingCreated();
  });

  it('a body changed after signing gets 401', async () => {
    const signed = JSON.stringify(orderEvent('+1'));
    const tampered = signed.replace('"+1"', '"+9"');
    const response = await post(tenant.slug, tampered, { 'x-line-signature': signLineBody(signed, tenant.channelSecret) });
    expect(response.status).toBe(401);
    await expectNothingCreated();
  });

  it('malformed JSON with a valid signature gets 400', async () => {
    const body = '{"destination":"U1","events":[{';
    const response = await post(tenant.slug, body, { 'x-line-signature': signLineBody(body, tenant.channelSecret) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'malformed_json' });
    await expectNothingCreated();
  });

  it('a signed body that is not a LINE payload gets 400', async () => {
    const body = JSON.stringify({ events: [{ type: 'message', message: 'hi' }] });
    const response = await post(tenant.slug, body, { 'x-line-signature': signLineBody(body, tenant.channelSecret) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'invalid_payload' });
    await expectNothingCreated();
  });

  it('an unknown tenant gets 404', async () => {
    const body = JSON.stringify(orderEvent());
    const response = await post('no-such-shop', body, { 'x-line-signature': signLineBody(body, tenant.channelSecret) });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'unknown_tenant' });
    await expectNothingCreated();
  });

  it('an oversized body gets 413 before it is read whole', async () => {
    const body = JSON.stringify(orderEvent('x'.repeat(2 * 1024 * 1024)));
    const response = await post(tenant.slug, body, { 'x-line-signature': signLineBody(body, tenant.channelSecret) });
    expect(response.status).toBe(413);
    await expectNothingCreated();
  });

  it("the console's Verify (an empty event list) gets 200", async () => {
    const body = JSON.stringify({ destination: 'Ubot', events: [] });
    const response = await post(tenant.slug, body, { 'x-line-signature': signLineBody(body, tenant.channelSecret) });
    expect(response.status).toBe(200);
    await expectNothingCreated();
  });
});
