import { isCustomerBlocked } from '../db/customers/customer-follow.ts';
import type { ActivityDeps } from './deps.ts';

/**
 * Whether a push to `to` may be sent. A customer who blocked the shop (LINE unfollow) gets
 * no pushes: LINE would not deliver them, and they would still count against the quota.
 * Groups, rooms and users we do not know as customers are pushed to as before. Replies are
 * never guarded: a reply token exists only because the person just wrote to us.
 */
export async function mayPushTo(deps: Pick<ActivityDeps, 'db'>, tenantId: string, to: string): Promise<boolean> {
  return !(await isCustomerBlocked(deps.db, tenantId, to));
}
