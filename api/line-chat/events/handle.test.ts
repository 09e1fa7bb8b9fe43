import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../../config/env.ts';
import type { Db } from '../../../db/client.ts';
import { lineWebhookEventSchema, type LineWebhookEvent } from '../../../integrations/line/webhook-schema.ts';
import { handleLineEvent } from './handle.ts';

/**
 * The router on its own: which event starts which workflow, under which ID, with what input.
 * Temporal is a recorder here; the end-to-end tests (test/e2e/) run the real thing.
 */

const TENANT = '0196a1b2-0000-7000-8000-000000000001';
const USER = 'U0123456789abcdef0123456789abcdef';

function recorder() {
  const starts: { type: string; workflowId: string; input: Record<string, unknown> }[] = [];
  const temporal = {
    workflow: {
      start: async (type: string, options: { workflowId: string; args: [Record<string, unknown>] }) => {
        starts.push({ type, workflowId: options.workflowId, input: options.args[0] });
        return {};
      },
    },
  } as unknown as Client;
  const db = {
    tenant: { findUnique: async () => ({ reservationHoldMinutes: 30, attentionAfterMinutes: 15 }) },
    // No subscription row: a shop Jiayi does not bill, never paused (test/e2e/billing pauses one).
    tenantSubscription: { findMany: async () => [] },
  } as unknown as Db;
  return { starts, deps: { temporal, db, env: { TEMPORAL_TASK_QUEUE: 'orders' } as Env } };
}

let seq = 0;
function event(fields: Record<string, unknown>): LineWebhookEvent {
  seq += 1;
  return lineWebhookEventSchema.parse({
    timestamp: 1_767_830_400_000,
    mode: 'active',
    webhookEventId: `01TESTEVENT${String(seq).padStart(15, '0')}`,
    deliveryContext: { isRedelivery: false },
    replyToken: 'reply-token',
    source: { type: 'user', userId: USER },
    ...fields,
  });
}
const text = (value: string, source?: Record<string, unknown>) =>
  event({
    type: 'message',
    message: { type: 'text', id: '5000', text: value, quoteToken: 'q' },
    ...(source ? { source } : {}),
  });

describe('handleLineEvent', () => {
  it('"+1" starts the order workflow, named after the event', async () => {
    const { starts, deps } = recorder();
    const e = text('+1');
    expect(await handleLineEvent(deps, TENANT, e)).toBe('order');
    expect(starts).toEqual([
      {
        type: 'chatOrderWorkflow',
        workflowId: `order:${TENANT}:line:${e.webhookEventId}`,
        input: expect.objectContaining({
          lineUserId: USER,
          replyToken: 'reply-token',
          sourceMessageId: '5000',
          command: { kind: 'order', target: { type: 'newest' }, quantity: 1 },
          // The shop's own threshold for asking a person about a stuck step.
          attentionAfterMs: 15 * 60_000,
        }),
      },
    ]);
    // A 1:1 order carries no conversation: its input is what it was before group chats.
    expect(starts[0]!.input).not.toHaveProperty('conversation');
  });

  it('幫我留 starts the order workflow with a reserve command and the tenant’s hold window', async () => {
    const { starts, deps } = recorder();
    expect(await handleLineEvent(deps, TENANT, text('幫我留兩個'))).toBe('reservation');
    expect(starts[0]!.input).toMatchObject({
      command: { kind: 'reserve', target: { type: 'newest' }, quantity: 2 },
      reservationHoldMs: 30 * 60_000,
    });
  });

  it('【履歷】 starts the history workflow under chat:<tenant>:line:<event>', async () => {
    const { starts, deps } = recorder();
    const e = text('【履歷】');
    expect(await handleLineEvent(deps, TENANT, e)).toBe('history');
    expect(starts).toEqual([
      {
        type: 'chatHistoryWorkflow',
        workflowId: `chat:${TENANT}:line:${e.webhookEventId}`,
        input: {
          tenantId: TENANT,
          sourceEventId: e.webhookEventId,
          lineUserId: USER,
          replyToken: 'reply-token',
          conversation: { type: 'user' },
        },
      },
    ]);
  });

  it('a group order is the writing member’s, and names the group', async () => {
    const { starts, deps } = recorder();
    await handleLineEvent(deps, TENANT, text('+2', { type: 'group', groupId: 'Cgroup', userId: USER }));
    expect(starts[0]!.input).toMatchObject({ lineUserId: USER, conversation: { type: 'group', groupId: 'Cgroup' } });
    await handleLineEvent(deps, TENANT, text('+2', { type: 'room', roomId: 'Rroom', userId: USER }));
    expect(starts[1]!.input).toMatchObject({ lineUserId: USER, conversation: { type: 'room', roomId: 'Rroom' } });
  });

  it('follow and unfollow start their workflows with the event time', async () => {
    const { starts, deps } = recorder();
    const f = event({ type: 'follow', follow: { isUnblocked: true } });
    const u = event({ type: 'unfollow', replyToken: undefined });
    expect(await handleLineEvent(deps, TENANT, f)).toBe('follow');
    expect(await handleLineEvent(deps, TENANT, u)).toBe('unfollow');
    expect(starts.map((s) => [s.type, s.workflowId])).toEqual([
      ['lineFollowWorkflow', `chat:${TENANT}:line:${f.webhookEventId}`],
      ['lineUnfollowWorkflow', `chat:${TENANT}:line:${u.webhookEventId}`],
    ]);
    expect(starts[0]!.input).toMatchObject({
      followedAtMs: 1_767_830_400_000,
      isUnblocked: true,
      replyToken: 'reply-token',
    });
    expect(starts[1]!.input).toMatchObject({ unfollowedAtMs: 1_767_830_400_000, lineUserId: USER });
  });

  it.each([
    ['chat that is no command', () => text('請問有貨嗎？')],
    ['a group message without a userId', () => text('+1', { type: 'group', groupId: 'Cgroup' })],
    ['a room message without a userId', () => text('+1', { type: 'room', roomId: 'Rroom' })],
    [
      'standby mode',
      () =>
        event({ type: 'message', mode: 'standby', message: { type: 'text', id: '1', text: '+1', quoteToken: 'q' } }),
    ],
    [
      'a sticker',
      () => event({ type: 'message', message: { type: 'sticker', id: '1', packageId: '1', stickerId: '1' } }),
    ],
    ['a follow without a source', () => event({ type: 'follow', follow: { isUnblocked: false }, source: undefined })],
    ['join', () => event({ type: 'join', source: { type: 'group', groupId: 'Cgroup' } })],
    ['leave', () => event({ type: 'leave', source: { type: 'group', groupId: 'Cgroup' } })],
    ['unsend', () => event({ type: 'unsend', unsend: { messageId: '1' } })],
    ['an event type LINE adds later', () => event({ type: 'somethingNew' })],
    ['an event type named like an Object property', () => event({ type: 'constructor' })],
  ])('ignores %s', async (_why, make) => {
    const { starts, deps } = recorder();
    expect(await handleLineEvent(deps, TENANT, make())).toBe('ignored');
    expect(starts).toEqual([]);
  });
});
