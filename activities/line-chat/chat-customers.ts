import { z } from 'zod';
import { UNKNOWN_CUSTOMER_NAME } from '../../domain/customers/customer-name.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../domain/orders/order-status.ts';
import {
  findWelcomeSettings,
  recordCustomerFollow,
  recordCustomerUnfollow,
} from '../../db/customers/customer-follow.ts';
import { findCustomerOrderHistory } from '../../db/customers/customer-history.ts';
import { readLineProfile } from '../../integrations/line/read-profile.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';

const followInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  followedAtMs: z.number().int().positive(),
});
export type RecordFollowInput = z.infer<typeof followInput>;

const unfollowInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  unfollowedAtMs: z.number().int().positive(),
});
export type RecordUnfollowInput = z.infer<typeof unfollowInput>;

const historyInput = z.object({
  tenantId: z.uuid(),
  lineUserId: z.string().min(1).max(64),
  limit: z.number().int().min(1).max(20),
});
export type FindOrderHistoryInput = z.infer<typeof historyInput>;

export interface RecordFollowResult {
  customerId: string;
  displayName: string;
  /** An unfollow newer than this follow was recorded first: the customer blocks us now. */
  blocked: boolean;
  /** What the welcome message is made from (domain/line-chat/chat-replies.ts welcomeMessage). */
  shop: { name: string; welcomeMessage: string | null };
}

/** Activity results travel as JSON, so the dates are epoch milliseconds. */
export interface OrderHistoryResult {
  totalCount: number;
  orders: {
    orderNumber: string;
    status: OrderStatus;
    total: number;
    createdAtMs: number;
    items: { productCode: string; productName: string; allocated: number }[];
  }[];
}

/** Follow and unfollow (the customer's friendship with the shop's account) and 【履歷】. */
export function chatCustomerActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    /**
     * A follow (added as a friend, or unblocked): the customer's row with a fresh profile,
     * the follow time recorded and an older block cleared. Idempotent.
     */
    async recordFollow(raw: RecordFollowInput): Promise<RecordFollowResult> {
      const input = followInput.parse(raw);
      const shop = await findWelcomeSettings(deps.db, input.tenantId);
      if (!shop) throw new Error(`Tenant ${input.tenantId} does not exist`);
      const followed = await recordCustomerFollow(deps.db, {
        tenantId: input.tenantId,
        lineUserId: input.lineUserId,
        profile: await readLineProfile(lineClientFor, input.tenantId, input.lineUserId),
        followedAt: new Date(input.followedAtMs),
        placeholderName: UNKNOWN_CUSTOMER_NAME,
      });
      deps.log.info(
        { tenantId: input.tenantId, customerId: followed.customerId, blocked: followed.blocked },
        'LINE follow recorded',
      );
      return { ...followed, shop };
    },

    /** An unfollow (blocked): the customer is marked blocked as of the event. Idempotent. */
    async recordUnfollow(raw: RecordUnfollowInput): Promise<{ changed: boolean; customerId: string | null }> {
      const input = unfollowInput.parse(raw);
      const result = await recordCustomerUnfollow(deps.db, {
        tenantId: input.tenantId,
        lineUserId: input.lineUserId,
        unfollowedAt: new Date(input.unfollowedAtMs),
        placeholderName: UNKNOWN_CUSTOMER_NAME,
      });
      deps.log.info({ tenantId: input.tenantId, ...result }, 'LINE unfollow recorded');
      return result;
    },

    /** The customer's newest orders in this shop (read only, so retries are harmless). */
    async findOrderHistory(raw: FindOrderHistoryInput): Promise<OrderHistoryResult> {
      const input = historyInput.parse(raw);
      const history = await findCustomerOrderHistory(deps.db, input.tenantId, input.lineUserId, input.limit);
      return {
        totalCount: history.totalCount,
        orders: history.orders.map(({ createdAt, status, ...order }) => ({
          ...order,
          status: z.enum(ORDER_STATUSES).parse(status),
          createdAtMs: createdAt.getTime(),
        })),
      };
    },
  };
}
