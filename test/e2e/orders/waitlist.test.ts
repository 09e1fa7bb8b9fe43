import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatOrder } from '../../../api/line-chat/events/start-chat-order.ts';
import { waitlistOfferWorkflowId } from '../../../domain/workflow-ids.ts';
import { authConfigOf, signedInMember } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, redeliver, sandboxPost, sendChat, sentTo, type SentMessage } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * The waitlist (候補) end to end: the 「排候補」 button under a sold-out answer, and stock that
 * comes back (a cancelled order, an expired reservation) going to the first one waiting as a
 * reservation made for them, before any new "+1" can take it.
 */
let stack: Stack;
let tenant: TestTenant;
let owner: Record<string, string>;
const JOIN = '261204101';
const RACE = '261204102';
const CHAIN = '261204103';

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [
      { code: JOIN, name: '限定公仔', price: 1200, stock: 0 },
      { code: RACE, name: '聯名托特包', price: 890, stock: 1 },
      { code: CHAIN, name: '手作蛋糕', price: 650, stock: 1 },
    ],
  });
  owner = (await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' })).headers;
}, 180_000);
afterAll(() => stack?.stop());
const { stockOf } = shopHelpers(() => ({ stack, tenant }));

const texts = (sent: SentMessage[]) => sent.flatMap((m) => m.messages.map((x) => x.text ?? ''));
async function answers(customer: string, count: number) {
  return waitFor(`${count} answer(s) to ${customer}`, async () => {
    const sent = await sentTo(stack, tenant, customer);
    return sent.length >= count ? sent : undefined;
  }, 30_000);
}
async function tap(customer: string, data: string) {
  const result = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/events`, {
    type: 'postback',
    userId: customer,
    postback: { data },
  })) as { webhookEventIds: string[]; status: number };
  expect(result.status).toBe(200);
  return result.webhookEventIds[0]!;
}
/** A customer told the product is sold out taps 「排候補」 under that answer. */
async function soldOutThenJoin(name: string, code: string) {
  const customer = await createSandboxUser(stack, name);
  await sendChat(stack, tenant, customer, `${code}+1`);
  const [soldOut] = await answers(customer, 1);
  const button = (soldOut!.messages[0] as { quickReply?: { items: { action: { label: string; data: string } }[] } })
    .quickReply?.items[0]?.action;
  expect(button).toEqual(expect.objectContaining({ label: '排候補', data: `waitlist:${code}:1` }));
  await tap(customer, button!.data);
  expect(texts(await answers(customer, 2))[1]).toContain('候補');
  return customer;
}
const entriesOf = (code: string) =>
  stack.db.waitlistEntry.findMany({
    where: { tenantId: tenant.id, product: { code } },
    orderBy: { joinedAt: 'asc' },
    include: { customer: true },
  });
const orderFor = (customer: string, code: string) =>
  stack.db.order.findFirst({
    where: { tenantId: tenant.id, customer: { lineUserId: customer }, items: { some: { productCode: code } } },
    orderBy: { createdAt: 'desc' },
  });
const changeStatus = (number: string, to: string) =>
  fetch(`${stack.apiUrl}/api/t/${tenant.slug}/orders/${number}/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...owner },
    body: JSON.stringify({ to }),
  });
async function offerTo(customer: string, code: string, answersBefore: number) {
  const sent = await answers(customer, answersBefore + 1);
  const offer = texts(sent)[answersBefore]!;
  expect(offer).toContain('【候補到貨】');
  const order = await waitFor('the offered reservation', () => orderFor(customer, code).then((o) => o ?? undefined));
  expect(order.status).toBe('pending');
  expect(offer).toContain(order.number);
  expect(sent[answersBefore]!.kind).toBe('push');
  return order;
}

describe('the waitlist', () => {
  it('a sold-out answer offers 排候補; a tap joins once, a redelivered or second tap does not join twice', async () => {
    const customer = await soldOutThenJoin('等待的小美', JOIN);
    const [entry] = await entriesOf(JOIN);
    expect(entry).toMatchObject({ status: 'waiting', quantity: 1, lineUserId: customer });
    expect(texts(await sentTo(stack, tenant, customer))[1]).toContain('第 1 位');

    const events = await stack.db.lineWebhookEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { receivedAt: 'desc' }, take: 1 });
    await redeliver(stack, events[0]!.webhookEventId);
    await tap(customer, `waitlist:${JOIN}:1`);
    const all = await answers(customer, 3);
    expect(texts(all)[2]).toContain('不必再排一次');
    await new Promise((r) => setTimeout(r, 1000)); // a fourth answer would show up here
    expect(await sentTo(stack, tenant, customer)).toHaveLength(3);
    expect(await entriesOf(JOIN)).toHaveLength(1);
  });

  it('the merchant sees who waits and can clear the list; another shop and a member who may only look cannot', async () => {
    await soldOutThenJoin('想要公仔的人', JOIN);
    const product = await stack.db.product.findFirstOrThrow({ where: { tenantId: tenant.id, code: JOIN } });
    const url = `${stack.apiUrl}/api/t/${tenant.slug}/products/${product.id}/waitlist`;
    const list = await fetch(url, { headers: owner });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { waiting: { position: number; customer: { displayName: string } }[] };
    expect(body.waiting.map((w) => [w.position, w.customer.displayName])).toEqual([
      [1, '等待的小美'],
      [2, '想要公仔的人'],
    ]);

    const other = await createTestTenant(stack, { products: [] });
    const stranger = (await signedInMember(stack.db, authConfigOf(stack.env), other.id, { role: 'owner' })).headers;
    const foreign = `${stack.apiUrl}/api/t/${other.slug}/products/${product.id}/waitlist`;
    expect((await fetch(foreign, { headers: stranger })).status).toBe(404);
    expect((await fetch(foreign, { method: 'DELETE', headers: stranger })).status).toBe(404);
    const viewer = (await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'staff' })).headers;
    expect((await fetch(url, { method: 'DELETE', headers: viewer })).status).toBe(403);
    expect(await entriesOf(JOIN).then((e) => e.filter((x) => x.status === 'waiting'))).toHaveLength(2);

    const cleared = await fetch(url, { method: 'DELETE', headers: owner });
    expect(await cleared.json()).toMatchObject({ cleared: 2 });
    expect((await entriesOf(JOIN)).every((e) => e.status === 'cleared')).toBe(true);
  });

  it('a cancelled order’s unit goes to the one waiting, not to a "+1" racing for it', async () => {
    const first = await createSandboxUser(stack, '先買的人');
    await sendChat(stack, tenant, first, `${RACE}+1`);
    const bought = await waitFor('the first order', () => orderFor(first, RACE).then((o) => o ?? undefined));
    const waiting = await soldOutThenJoin('排候補的人', RACE);
    const racer = await createSandboxUser(stack, '搶貨的人');

    const [cancelled] = await Promise.all([
      changeStatus(bought.number, 'cancelled'),
      sendChat(stack, tenant, racer, `${RACE}+1`),
    ]);
    expect(cancelled.status).toBe(200);
    await offerTo(waiting, RACE, 2);
    const racerAnswer = texts(await answers(racer, 1))[0]!;
    expect(racerAnswer).toContain('售完');
    expect(await orderFor(racer, RACE)).toBeNull();
    expect(await stockOf(RACE)).toBe(0);
    const [entry] = await entriesOf(RACE);
    expect(entry!.status).toBe('offered');
    await recordHistory(waitlistOfferWorkflowId(tenant.id, entry!.id), 'chat-order-waitlist-offered');
  });

  it('an expired reservation passes down the line: the first waiting gets it, a cancelled offer passes on, a customer who blocked the shop is skipped', async () => {
    // A reservation with a two-second hold holds the only cake.
    const holder = await createSandboxUser(stack, '保留的人');
    const message = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, {
      userId: holder,
      text: '（保留）',
    })) as { webhookEventId: string; replyToken: string };
    await startChatOrder(stack.temporal, stack.taskQueue, {
      tenantId: tenant.id,
      webhookEventId: message.webhookEventId,
      lineUserId: holder,
      replyToken: message.replyToken,
      command: { kind: 'reserve', target: { type: 'code', code: CHAIN }, quantity: 1 },
      receivedAtMs: Date.now(),
      text: '幫我留1個',
      reservationHoldMs: 4_000,
    });
    await waitFor('the held reservation', () => orderFor(holder, CHAIN).then((o) => o ?? undefined));

    const second = await soldOutThenJoin('第二位', CHAIN);
    const blocked = await soldOutThenJoin('封鎖的人', CHAIN);
    const fourth = await soldOutThenJoin('第四位', CHAIN);
    await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/events`, { type: 'unfollow', userId: blocked });
    await waitFor('the block recorded', async () =>
      (await stack.db.customer.findFirst({ where: { tenantId: tenant.id, lineUserId: blocked } }))?.blockedAt ? true : undefined,
    );

    // The hold ends: the cake goes to the second customer, as a reservation made for them.
    const offered = await offerTo(second, CHAIN, 2);
    // They do not want it after all (the merchant cancels it): the blocked customer is skipped.
    expect((await changeStatus(offered.number, 'cancelled')).status).toBe(200);
    await offerTo(fourth, CHAIN, 2);
    expect(await orderFor(blocked, CHAIN)).toBeNull();
    expect((await sentTo(stack, tenant, blocked)).length).toBe(2); // sold out and joined, nothing more
    expect((await entriesOf(CHAIN)).map((e) => [e.customer.lineUserId, e.status])).toEqual([
      [second, 'offered'],
      [blocked, 'skipped'],
      [fourth, 'offered'],
    ]);
    expect(await stockOf(CHAIN)).toBe(0);
  });
});
