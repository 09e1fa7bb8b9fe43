import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { Delivery } from '../../activities/orders/notify.ts';
import { welcomeMessage } from '../../domain/line-chat/chat-replies.ts';
import { lineMessageActivities } from '../activity-proxies.ts';

export interface LineFollowInput {
  tenantId: string;
  /** LINE webhookEventId: the workflow ID is derived from it, so one follow welcomes once. */
  sourceEventId: string;
  lineUserId: string;
  replyToken: string | null;
  /** The event's timestamp: follow and unfollow are ordered by it, not by when they run. */
  followedAtMs: number;
  /** LINE's follow.isUnblocked: the customer had blocked the shop and unblocked it. */
  isUnblocked: boolean;
}

export interface LineFollowResult {
  customerId: string;
  /** 'not_sent' when a newer unfollow had already been recorded. */
  welcome: Delivery | 'not_sent';
}

export interface LineUnfollowInput {
  tenantId: string;
  sourceEventId: string;
  lineUserId: string;
  unfollowedAtMs: number;
}

const db = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['line_not_connected'] },
});
const line = lineMessageActivities;

/**
 * A customer added the shop as a friend (or unblocked it): their customer row with a fresh
 * LINE profile, any older block cleared, and the shop's welcome message (reply token first,
 * push with a retry key after).
 */
export async function lineFollowWorkflow(input: LineFollowInput): Promise<LineFollowResult> {
  const followed = await db.recordFollow({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    followedAtMs: input.followedAtMs,
  });
  // They blocked us again after this follow (the unfollow ran first): no welcome.
  if (followed.blocked) return { customerId: followed.customerId, welcome: 'not_sent' };
  const welcome = await line.messageCustomer({
    tenantId: input.tenantId,
    orderId: null,
    to: input.lineUserId,
    replyToken: input.replyToken,
    text: welcomeMessage(followed.shop),
    retryKey: uuid4(),
  });
  return { customerId: followed.customerId, welcome };
}

/** A customer blocked the shop: marked blocked, so nothing is pushed to them any more. */
export async function lineUnfollowWorkflow(
  input: LineUnfollowInput,
): Promise<{ changed: boolean; customerId: string | null }> {
  return db.recordUnfollow({
    tenantId: input.tenantId,
    lineUserId: input.lineUserId,
    unfollowedAtMs: input.unfollowedAtMs,
  });
}
