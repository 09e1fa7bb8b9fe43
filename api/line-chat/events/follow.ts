import type { LineFollowEvent, LineUnfollowEvent } from '../../../integrations/line/webhook-schema.ts';
import type { lineFollowWorkflow, lineUnfollowWorkflow } from '../../../workflows/line-chat/line-follow.ts';
import { startChatWorkflow } from './start-chat-workflow.ts';
import type { LineEventDeps, LineEventTenant } from './types.ts';

/**
 * A customer added the shop as a friend, or unblocked it: the follow workflow records it and
 * sends the shop's welcome message, once per event.
 */
export async function handleFollow(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineFollowEvent,
): Promise<'ignored' | 'follow'> {
  const lineUserId = event.source?.type === 'user' ? event.source.userId : undefined;
  if (!lineUserId) return 'ignored';
  await startChatWorkflow<typeof lineFollowWorkflow>(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    workflowType: 'lineFollowWorkflow',
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    input: {
      tenantId: tenant.tenantId,
      sourceEventId: event.webhookEventId,
      lineUserId,
      replyToken: event.replyToken ?? null,
      followedAtMs: event.timestamp,
      isUnblocked: event.follow.isUnblocked,
    },
    summary: event.follow.isUnblocked ? 'LINE 解除封鎖' : 'LINE 加入好友',
  });
  return 'follow';
}

/** A customer blocked the shop: the unfollow workflow marks them, so nothing is pushed to them. */
export async function handleUnfollow(
  deps: LineEventDeps,
  tenant: LineEventTenant,
  event: LineUnfollowEvent,
): Promise<'ignored' | 'unfollow'> {
  const lineUserId = event.source?.type === 'user' ? event.source.userId : undefined;
  if (!lineUserId) return 'ignored';
  await startChatWorkflow<typeof lineUnfollowWorkflow>(deps.temporal, deps.env.TEMPORAL_TASK_QUEUE, {
    workflowType: 'lineUnfollowWorkflow',
    tenantId: tenant.tenantId,
    webhookEventId: event.webhookEventId,
    input: {
      tenantId: tenant.tenantId,
      sourceEventId: event.webhookEventId,
      lineUserId,
      unfollowedAtMs: event.timestamp,
    },
    summary: 'LINE 封鎖',
  });
  return 'unfollow';
}
