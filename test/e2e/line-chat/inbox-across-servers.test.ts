import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createInboxOrders, type InboxRow } from '../../../api/line-chat/inbox-orders.ts';
import { serverLineClients } from '../../../api/line-clients.ts';
import { loadEnv } from '../../../config/env.ts';
import { findInboxRow } from '../../../db/line-chat/inbox-orders.ts';
import { createSandboxUser, sendChat, sentTo, storeInboxText } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';

// Two servers share a shop's queue: the stack's server, and another one played here that has
// claimed an earlier customer's "+1" (a row claimed and not yet placed).
let stack: Stack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [
      { code: '261205101', name: '最後一件外套', price: 1200, stock: 1 },
      { code: '261205102', name: '手作馬克杯', price: 450, stock: 5 },
    ],
  });
});
afterAll(() => stack?.stop());

/** A "+1" another server has claimed (held for 20 s) and not placed yet. */
const heldByAnotherServer = (userId: string, text: string) =>
  storeInboxText(stack, tenant, {
    userId,
    text,
    replyToken: 'held-by-the-other-server',
    claimedUntil: new Date(Date.now() + 20_000),
  });

const row = (webhookEventId: string) =>
  stack.db.lineWebhookEvent.findUniqueOrThrow({
    where: { tenantId_webhookEventId: { tenantId: tenant.id, webhookEventId } },
  });

it('a batch claimed later waits for an earlier customer\'s "+1" that another server holds', async () => {
  const [early, late] = [await createSandboxUser(stack, '先喊的顧客'), await createSandboxUser(stack, '後喊的顧客')];
  const earlyEvent = await heldByAnotherServer(early, '261205101+1');
  const { webhookEventId: lateEvent } = await sendChat(stack, tenant, late, '261205101+1');

  // The stack's server claims the later "+1" and does not place it while the earlier one is held.
  await waitFor('the later "+1" claimed', async () => ((await row(lateEvent)).claimedUntil ? true : undefined));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await row(lateEvent)).orderOutcome).toBeNull();

  // The other server places its "+1" now.
  const env = loadEnv(stack.env);
  const other = createInboxOrders({
    db: stack.db,
    temporal: stack.temporal,
    env,
    log: pino({ level: 'silent' }),
    lineClientFor: serverLineClients({ db: stack.db, secrets: stack.secrets, env }),
  });
  const held = await findInboxRow<InboxRow>(stack.db, tenant.id, earlyEvent);
  expect(await other.take([held!])).toEqual([]);
  await other.idle();

  // The first to type got the last one; the later customer is told it sold out.
  const outcome = async (id: string) =>
    ((await row(id)).orderOutcome as { result: { kind: string } } | null)?.result.kind ?? undefined;
  expect(await outcome(earlyEvent)).toBe('placed');
  expect(await waitFor('the later "+1" placed', () => outcome(lateEvent))).toBe('sold_out');
  const [answer] = await waitFor('the later customer answered', async () => {
    const sent = await sentTo(stack, tenant, late);
    return sent.length ? sent : undefined;
  });
  expect(answer!.kind).toBe('reply');
  const orders = await stack.db.order.findMany({
    where: { tenantId: tenant.id, sourceEventId: { in: [earlyEvent, lateEvent] } },
  });
  expect(orders.map((o) => o.sourceEventId)).toEqual([earlyEvent]);
});

it('"+1"s held by a server that never places them hold the others up for a moment only', async () => {
  const [stuck, waiting] = [await createSandboxUser(stack, '卡住的顧客'), await createSandboxUser(stack, '等待的顧客')];
  const stuckEvent = await heldByAnotherServer(stuck, '261205102+1');
  const { webhookEventId } = await sendChat(stack, tenant, waiting, '261205102+1');
  const order = await waitFor("the waiting customer's order", () =>
    stack.db.order
      .findFirst({ where: { tenantId: tenant.id, sourceEventId: webhookEventId } })
      .then((o) => o ?? undefined),
  );
  expect(order.total).toBe(450);
  // Well before the stuck claim runs out (20 s), its row still unplaced.
  const stuckRow = await row(stuckEvent);
  expect(stuckRow.orderOutcome).toBeNull();
  expect(stuckRow.claimedUntil!.getTime()).toBeGreaterThan(Date.now());
  await waitFor('the waiting customer answered', async () =>
    (await sentTo(stack, tenant, waiting)).length ? true : undefined,
  );
});
