import { request as httpRequest } from 'node:http';
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
    const response = await post(tenant.slug, tampered, {
      'x-line-signature': signLineBody(signed, tenant.channelSecret),
    });
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
    const body = Buffer.from(JSON.stringify(orderEvent('x'.repeat(2 * 1024 * 1024))));
    // Only the first 64 KiB is sent: the answer must come from the declared length alone. (Sending
    // all of it races the server's close against the client's writes, which a loaded machine loses.)
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${stack.apiUrl}/t/${tenant.slug}/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-line-signature': signLineBody(body.toString(), tenant.channelSecret),
        },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on('error', reject);
      request.write(body.subarray(0, 64 * 1024));
    });
    expect(status).toBe(413);
    await expectNothingCreated();
  });

  it("the console's Verify (an empty event list) gets 200", async () => {
    const body = JSON.stringify({ destination: 'Ubot', events: [] });
    const response = await post(tenant.slug, body, { 'x-line-signature': signLineBody(body, tenant.channelSecret) });
    expect(response.status).toBe(200);
    await expectNothingCreated();
  });
});

describe('one delivery cannot stall the server or lose its good events', () => {
  // Shops of their own: what these tests store must not count against `tenant` above.
  let shop: TestTenant;
  let flooder: TestTenant;
  beforeAll(async () => {
    [shop, flooder] = await Promise.all([
      createTestTenant(stack, { products: [] }),
      createTestTenant(stack, { products: [] }),
    ]);
  });

  const signedPost = (t: TestTenant, body: string) =>
    post(t.slug, body, { 'x-line-signature': signLineBody(body, t.channelSecret) });
  const storedIds = async (t: TestTenant) =>
    (await stack.db.lineWebhookEvent.findMany({ where: { tenantId: t.id }, select: { webhookEventId: true } }))
      .map((r) => r.webhookEventId)
      .sort();
  /** A LINE event that stores and is then ignored (standby mode), so the test makes no orders. */
  const standbyEvent = (webhookEventId: string, text = '+1') => ({
    ...orderEvent(text).events[0]!,
    mode: 'standby',
    replyToken: undefined,
    webhookEventId,
  });

  it('a delivery of 100,000 events gets a short 413 and stores nothing', async () => {
    const body = JSON.stringify({ destination: 'Ubot', events: Array.from({ length: 100_000 }, () => ({})) });
    const response = await signedPost(shop, body);
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(text.length).toBeLessThan(1000);
    expect(JSON.parse(text)).toMatchObject({ code: 'too_many_events' });
    expect(await storedIds(shop)).toEqual([]);
  });

  it('a delivery whose every event is invalid gets a short 400 naming the first few problems, and stores nothing', async () => {
    const bad = { ...standbyEvent('bad'), timestamp: 'now', message: { type: 'text', text: 1 } };
    const body = JSON.stringify({ destination: 'Ubot', events: Array.from({ length: 100 }, () => bad) });
    const response = await signedPost(shop, body);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text.length).toBeLessThan(2000);
    const answer = JSON.parse(text) as { code: string; problems: string[] };
    expect(answer.code).toBe('invalid_events');
    expect(answer.problems.length).toBeGreaterThan(0);
    expect(answer.problems.length).toBeLessThanOrEqual(5);
    expect(answer.problems[0]).toMatch(/^events\[0\]\.timestamp: /);
    expect(await storedIds(shop)).toEqual([]);
  });

  it('NUL, lone surrogates and deep nesting: the good events are stored, the too-deep one refused, and LINE gets 200', async () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const body = JSON.stringify({
      destination: 'Ubot',
      events: [
        standbyEvent('A-good'),
        standbyEvent('B-nul', '+1\u0000'),
        standbyEvent('C-high', '+1\uD800'),
        standbyEvent('D-low', '\uDFFF+1'),
        { ...standbyEvent('E-deep'), extra: '@deep@' },
        { ...standbyEvent('F-key'), ['k\u0000\uDFFF']: 'v' },
        standbyEvent('G-good'),
      ],
    }).replace('"@deep@"', deep);
    const response = await signedPost(shop, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, stored: 6, refused: 1 });
    expect(await storedIds(shop)).toEqual(['A-good', 'B-nul', 'C-high', 'D-low', 'F-key', 'G-good']);
    // PostgreSQL's jsonb cannot hold U+0000 or a lone surrogate: both are stored as U+FFFD.
    const payloads = await stack.db.lineWebhookEvent.findMany({
      where: { tenantId: shop.id },
      orderBy: { webhookEventId: 'asc' },
    });
    const texts = payloads.map((row) => (row.payload as { message: { text: string } }).message.text);
    expect(texts).toEqual(['+1', '+1\uFFFD', '+1\uFFFD', '\uFFFD+1', '+1', '+1']);
    expect(Object.keys(payloads[4]!.payload as object)).toContain('k\uFFFD\uFFFD');
  });

  it('a shop flooding its own webhook with costly deliveries gets 429 with Retry-After; the others are still served', async () => {
    // One good event and 99 that cost validation time (80 malformed emojis each), over and over.
    const costly = { ...standbyEvent('costly'), message: { type: 'text', text: '+1', emojis: Array(80).fill({}) } };
    const delivery = (id: string) =>
      JSON.stringify({ destination: 'Ubot', events: [standbyEvent(id), ...Array(99).fill(costly)] });
    const sent: { id: string; status: number; retryAfter: string | null }[] = [];
    for (let round = 0; round < 40 && !sent.some((r) => r.status === 429); round++) {
      sent.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, async (_, i) => {
            const id = `flood-${round}-${i}`;
            const response = await signedPost(flooder, delivery(id));
            await response.arrayBuffer();
            return { id, status: response.status, retryAfter: response.headers.get('retry-after') };
          }),
        )),
      );
    }
    const quiet = await signedPost(shop, JSON.stringify({ destination: 'Ubot', events: [standbyEvent('quiet')] }));
    expect(quiet.status).toBe(200);

    expect(sent.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
    const limited = sent.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    const accepted = sent.filter((r) => r.status === 200).map((r) => r.id);
    expect(await storedIds(flooder)).toEqual(accepted.sort());
  });
});
