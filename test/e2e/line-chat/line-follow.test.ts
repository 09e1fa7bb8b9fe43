import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatWorkflowId } from '../../../domain/workflow-ids.ts';
import { defaultWelcomeMessage } from '../../../domain/line-chat/chat-replies.ts';
import type { LineFollowResult } from '../../../workflows/line-chat/line-follow.ts';
import { recordHistory } from '../../support/histories.ts';
import { createSandboxUser, sandboxPost, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * Follow and unfollow through the sandbox: the welcome message, the blocked flag and its
 * effect on pushes, events that arrive out of order, redeliveries, the console's Verify and
 * event types we do not handle.
 */

let stack: Stack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [{ code: '261122001', name: '手工皂', price: 250, stock: 50 }],
  });
});
afterAll(() => stack?.stop());
const { textsTo, messagesFor, redeliver, dispatched } = shopHelpers(() => ({ stack, tenant }));

interface EventsDelivery {
  webhookEventIds: string[];
  replyTokens: (string | null)[];
  status: number;
}

/** LINE delivers raw events (follow, unfollow, …) for the tenant's channel, signed, in one request. */
const sendEvents = (forTenant: TestTenant, events: Record<string, unknown>[]) =>
  sandboxPost(stack, `/_sandbox/channels/${forTenant.channelId}/events`, { events }) as Promise<EventsDelivery>;
const follow = (userId: string, extra: Record<string, unknown> = {}) =>
  sendEvents(tenant, [{ type: 'follow', source: { type: 'user', userId }, ...extra }]);
const unfollow = (userId: string, extra: Record<string, unknown> = {}) =>
  sendEvents(tenant, [{ type: 'unfollow', source: { type: 'user', userId }, ...extra }]);

const customerOf = (lineUserId: string) =>
  stack.db.customer.findUnique({ where: { tenantId_lineUserId: { tenantId: tenant.id, lineUserId } } });
/** The result of the workflow the event started. */
async function resultOf<T>(webhookEventId: string, forTenant = tenant): Promise<T> {
  await dispatched(webhookEventId, forTenant);
  return stack.temporal.workflow.getHandle(chatWorkflowId(forTenant.id, webhookEventId)).result() as Promise<T>;
}

describe('follow: a customer adds the shop as a friend', () => {
  it('creates the customer from the LINE profile and replies with the default welcome, which explains +1', async () => {
    const user = await createSandboxUser(stack, '林小美');
    const delivery = await follow(user);
    expect(delivery.status).toBe(200);
    const [welcome] = await messagesFor(user, 1);
    expect(welcome).toBe(
      defaultWelcomeMessage((await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).name),
    );
    expect(welcome).toContain('+1');
    expect(welcome).toContain('【履歷】');
    expect((await sentTo(stack, tenant, user)).map((m) => m.kind)).toEqual(['reply']);

    const result = await resultOf<LineFollowResult>(delivery.webhookEventIds[0]!);
    expect(result.welcome).toBe('reply');
    const customer = await customerOf(user);
    expect(customer).toMatchObject({ displayName: '林小美', blockedAt: null, id: result.customerId });
    expect(customer!.followedAt).toBeInstanceOf(Date);
    await recordHistory(chatWorkflowId(tenant.id, delivery.webhookEventIds[0]!), 'line-follow-welcomed');
  });

  it("sends the shop's own welcome text when it has one", async () => {
    const shop = await createTestTenant(stack, { products: [] });
    await stack.db.tenant.update({
      where: { id: shop.id },
      data: { welcomeMessage: '歡迎光臨小花的店！\n輸入 +1 就能下單喔～' },
    });
    const user = await createSandboxUser(stack, '陳大文');
    await sendEvents(shop, [{ type: 'follow', source: { type: 'user', userId: user } }]);
    expect(await messagesFor(user, 1, shop)).toEqual(['歡迎光臨小花的店！\n輸入 +1 就能下單喔～']);
  });

  it('refreshes the profile of a customer we already know', async () => {
    const user = await createSandboxUser(stack, '新名字');
    await stack.db.customer.create({
      data: { id: uuidv7(), tenantId: tenant.id, lineUserId: user, displayName: '舊名字' },
    });
    await follow(user);
    await messagesFor(user, 1);
    expect((await customerOf(user))!.displayName).toBe('新名字');
  });

  it('pushes the welcome with a retry key when the reply fails', async () => {
    const user = await createSandboxUser(stack, '推播測試');
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/reply', mode: 'error500', count: 1 });
    await follow(user);
    const [welcome] = await messagesFor(user, 1);
    expect(welcome).toContain('+1');
    const sent = await sentTo(stack, tenant, user);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'push' });
    expect(sent[0]!.retryKey).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('unfollow: a customer blocks the shop', () => {
  it('marks the customer blocked at the event time, and a later follow (unblock) clears it and welcomes again', async () => {
    const user = await createSandboxUser(stack, '王大明');
    const followed = await follow(user);
    await messagesFor(user, 1);
    await resultOf(followed.webhookEventIds[0]!);

    const unfollowAt = Date.now() + 1000;
    const blocked = await unfollow(user, { timestamp: unfollowAt });
    expect(blocked.status).toBe(200);
    expect(await resultOf(blocked.webhookEventIds[0]!)).toMatchObject({ changed: true });
    await recordHistory(chatWorkflowId(tenant.id, blocked.webhookEventIds[0]!), 'line-unfollow-blocked');
    const customer = await customerOf(user);
    expect(customer!.blockedAt?.getTime()).toBe(unfollowAt);

    const unblocked = await follow(user, { timestamp: unfollowAt + 1000, follow: { isUnblocked: true } });
    await messagesFor(user, 2);
    expect(await resultOf<LineFollowResult>(unblocked.webhookEventIds[0]!)).toMatchObject({ welcome: 'reply' });
    const after = await customerOf(user);
    expect(after!.blockedAt).toBeNull();
    expect(after!.followedAt?.getTime()).toBe(unfollowAt + 1000);
  });

  it('an unfollow from someone we never saw creates them blocked', async () => {
    const user = await createSandboxUser(stack, '路人甲');
    const blocked = await unfollow(user);
    await resultOf(blocked.webhookEventIds[0]!);
    expect((await customerOf(user))!.blockedAt).not.toBeNull();
    expect(await textsTo(user)).toEqual([]);
  });

  it('nothing is pushed to a blocked customer: an order answer that has to be pushed is skipped', async () => {
    const user = await createSandboxUser(stack, '封鎖後的顧客');
    const blocked = await unfollow(user);
    await resultOf(blocked.webhookEventIds[0]!);

    // The reply fails, so the order workflow's answer would go by push; the push guard stops it.
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/reply', mode: 'error500', count: 1 });
    const delivery = await sendChat(stack, tenant, user, '261122001+1');
    const order = await waitFor('the order with its skipped answer', async () => {
      const found = await stack.db.order.findFirst({
        where: { tenantId: tenant.id, sourceEventId: delivery.webhookEventId },
        include: { events: true },
      });
      return found?.events.some((e) => e.type === 'customer_push_skipped') ? found : undefined;
    });
    expect(order.events.find((e) => e.type === 'customer_push_skipped')?.data).toMatchObject({
      delivery: 'skipped_blocked',
    });
    expect(order.events.some((e) => e.type === 'customer_notified')).toBe(false);
    expect(await textsTo(user)).toEqual([]);
    // Unblocked (a follow), they hear from the shop again.
    await follow(user, { timestamp: Date.now() + 1000, follow: { isUnblocked: true } });
    expect(await messagesFor(user, 1)).toHaveLength(1);
  });
});

describe('follow and unfollow out of order', () => {
  it('an unfollow that runs before an older follow leaves the customer blocked and sends no welcome', async () => {
    const user = await createSandboxUser(stack, '先後顛倒');
    const now = Date.now();
    const blocked = await unfollow(user, { timestamp: now });
    await resultOf(blocked.webhookEventIds[0]!);
    const lateFollow = await follow(user, { timestamp: now - 5000 });
    expect(await resultOf<LineFollowResult>(lateFollow.webhookEventIds[0]!)).toMatchObject({ welcome: 'not_sent' });
    const customer = await customerOf(user);
    expect(customer!.blockedAt?.getTime()).toBe(now);
    expect(customer!.displayName).toBe('先後顛倒'); // the follow still refreshed the profile
    expect(await textsTo(user)).toEqual([]);
  });

  it('a follow that runs before an older unfollow is not undone by it', async () => {
    const user = await createSandboxUser(stack, '晚到的封鎖');
    const now = Date.now();
    const followed = await follow(user, { timestamp: now });
    await resultOf(followed.webhookEventIds[0]!);
    const lateUnfollow = await unfollow(user, { timestamp: now - 5000 });
    expect(await resultOf(lateUnfollow.webhookEventIds[0]!)).toMatchObject({ changed: false });
    expect((await customerOf(user))!.blockedAt).toBeNull();
  });
});

describe('redelivered follow and unfollow events have no second effect', () => {
  it('a redelivered follow sends no second welcome and leaves the customer row untouched', async () => {
    const user = await createSandboxUser(stack, '重送加好友');
    const delivery = await follow(user);
    const eventId = delivery.webhookEventIds[0]!;
    await messagesFor(user, 1);
    await resultOf(eventId);
    await dispatched(eventId);
    const before = await customerOf(user);

    expect((await redeliver(eventId)).status).toBe(200);
    await settle();
    expect(await textsTo(user)).toHaveLength(1);
    expect(await customerOf(user)).toEqual(before);
  });

  it('a redelivered unfollow leaves blockedAt (and the row) as the first delivery set it', async () => {
    const user = await createSandboxUser(stack, '重送封鎖');
    const delivery = await unfollow(user);
    const eventId = delivery.webhookEventIds[0]!;
    await resultOf(eventId);
    await dispatched(eventId);
    const before = await customerOf(user);
    expect(before!.blockedAt).not.toBeNull();

    expect((await redeliver(eventId)).status).toBe(200);
    await settle();
    expect(await customerOf(user)).toEqual(before);
  });

  it('even when the inbox has forgotten the event, the workflow ID stops a second welcome and a second block', async () => {
    const user = await createSandboxUser(stack, '收件匣已清除');
    const followDelivery = await follow(user);
    const followId = followDelivery.webhookEventIds[0]!;
    await messagesFor(user, 1);
    await resultOf(followId);
    const unfollowDelivery = await unfollow(user, { timestamp: Date.now() + 1000 });
    const unfollowId = unfollowDelivery.webhookEventIds[0]!;
    expect(await resultOf(unfollowId)).toMatchObject({ changed: true });
    const before = await customerOf(user);

    // As if the inbox rows had been cleaned up: the redeliveries are stored and dispatched again.
    await stack.db.lineWebhookEvent.deleteMany({
      where: { tenantId: tenant.id, webhookEventId: { in: [followId, unfollowId] } },
    });
    await redeliver(followId);
    await redeliver(unfollowId);
    await Promise.all([dispatched(followId), dispatched(unfollowId)]);
    await settle();
    expect(await textsTo(user)).toHaveLength(1);
    expect(await customerOf(user)).toEqual(before);
    // One run each: the second starts found the first ones.
    const query = `WorkflowId = "${chatWorkflowId(tenant.id, followId)}" OR WorkflowId = "${chatWorkflowId(tenant.id, unfollowId)}"`;
    const runs = await waitFor('both runs to be visible', async () => {
      const found: string[] = [];
      for await (const wf of stack.temporal.workflow.list({ query })) found.push(wf.runId);
      return found.length >= 2 ? found : undefined;
    });
    expect(runs).toHaveLength(2);
  });
});

describe('the rest of the webhook', () => {
  it("the console's Verify (an empty event list) gets 200 and changes nothing", async () => {
    const customersBefore = await stack.db.customer.count({ where: { tenantId: tenant.id } });
    const eventsBefore = await stack.db.lineWebhookEvent.count({ where: { tenantId: tenant.id } });
    const verify = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/verify`, {})) as {
      success: boolean;
      status: number;
    };
    expect(verify).toMatchObject({ success: true, status: 200 });
    expect(await stack.db.customer.count({ where: { tenantId: tenant.id } })).toBe(customersBefore);
    expect(await stack.db.lineWebhookEvent.count({ where: { tenantId: tenant.id } })).toBe(eventsBefore);
  });

  it('join, leave, unsend, memberJoined and unknown event types are stored, dispatched and ignored', async () => {
    const user = await createSandboxUser(stack, '群組成員');
    const groupId = `C${uuidv7().replace(/-/g, '')}`;
    const delivery = await sendEvents(tenant, [
      { type: 'join', source: { type: 'group', groupId } },
      {
        type: 'memberJoined',
        source: { type: 'group', groupId },
        joined: { members: [{ type: 'user', userId: user }] },
      },
      { type: 'unsend', source: { type: 'group', groupId, userId: user }, unsend: { messageId: '325708' } },
      { type: 'leave', source: { type: 'group', groupId } },
      { type: 'somethingNew', source: { type: 'user', userId: user } },
    ]);
    expect(delivery.status).toBe(200);
    for (const id of delivery.webhookEventIds) {
      const row = await dispatched(id);
      expect(row.lastError).toBeNull();
    }
    await settle();
    expect(await textsTo(groupId)).toEqual([]);
    expect(await textsTo(user)).toEqual([]);
    expect(await customerOf(user)).toBeNull();
  });
});
