import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../client.ts';

/**
 * A customer's friendship with the shop's LINE account: follow (added as a friend, or
 * unblocked) and unfollow (blocked). LINE may deliver the two out of order and our workers
 * run them side by side, so each write is ordered by the event's own timestamp: a follow
 * clears only a block older than itself, an unfollow sets the block only when it is newer
 * than the last follow and the last block. Whatever order they run in, and however often
 * one runs again, the row ends as the newest event says.
 */

export interface FollowInput {
  tenantId: string;
  lineUserId: string;
  /** The LINE profile when it could be read; null keeps what we have (or a placeholder). */
  profile: { displayName: string; pictureUrl: string | null } | null;
  /** The follow event's timestamp. */
  followedAt: Date;
  /** Name for a customer created without a profile. */
  placeholderName: string;
}

export interface FollowResult {
  customerId: string;
  displayName: string;
  /** Still blocked: an unfollow newer than this follow was recorded first. */
  blocked: boolean;
}

export async function recordCustomerFollow(db: Db, input: FollowInput): Promise<FollowResult> {
  const [row] = await db.$queryRaw<{ id: string; display_name: string; blocked_at: Date | null }[]>`
    INSERT INTO customers (id, tenant_id, line_user_id, display_name, picture_url, followed_at, created_at, updated_at)
    VALUES (${uuidv7()}::uuid, ${input.tenantId}::uuid, ${input.lineUserId},
            ${input.profile?.displayName ?? input.placeholderName}, ${input.profile?.pictureUrl ?? null},
            ${input.followedAt}, now(), now())
    ON CONFLICT (tenant_id, line_user_id) DO UPDATE SET
      display_name = CASE WHEN ${input.profile !== null}::boolean THEN EXCLUDED.display_name ELSE customers.display_name END,
      picture_url  = CASE WHEN ${input.profile !== null}::boolean THEN EXCLUDED.picture_url ELSE customers.picture_url END,
      followed_at  = GREATEST(customers.followed_at, EXCLUDED.followed_at),
      blocked_at   = CASE WHEN customers.blocked_at < EXCLUDED.followed_at THEN NULL ELSE customers.blocked_at END,
      updated_at   = now()
    RETURNING id, display_name, blocked_at`;
  if (!row) throw new Error('recordCustomerFollow: the upsert returned no row');
  return { customerId: row.id, displayName: row.display_name, blocked: row.blocked_at !== null };
}

export interface UnfollowInput {
  tenantId: string;
  lineUserId: string;
  /** The unfollow event's timestamp. */
  unfollowedAt: Date;
  /** Name for a customer we first hear of through their unfollow. */
  placeholderName: string;
}

/**
 * Marks the customer blocked as of `unfollowedAt`. A customer we have never seen is created
 * blocked, so a follow that was sent earlier but runs later cannot leave them unblocked.
 * `changed` is false when a newer follow or the same unfollow was already recorded.
 */
export async function recordCustomerUnfollow(
  db: Db,
  input: UnfollowInput,
): Promise<{ changed: boolean; customerId: string | null }> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO customers (id, tenant_id, line_user_id, display_name, blocked_at, created_at, updated_at)
    VALUES (${uuidv7()}::uuid, ${input.tenantId}::uuid, ${input.lineUserId}, ${input.placeholderName},
            ${input.unfollowedAt}, now(), now())
    ON CONFLICT (tenant_id, line_user_id) DO UPDATE SET blocked_at = EXCLUDED.blocked_at, updated_at = now()
    WHERE (customers.followed_at IS NULL OR customers.followed_at < EXCLUDED.blocked_at)
      AND (customers.blocked_at IS NULL OR customers.blocked_at < EXCLUDED.blocked_at)
    RETURNING id`;
  const row = rows[0];
  return row ? { changed: true, customerId: row.id } : { changed: false, customerId: null };
}

/** True when `lineUserId` is a customer of the tenant who has blocked the shop. */
export async function isCustomerBlocked(db: Db, tenantId: string, lineUserId: string): Promise<boolean> {
  const customer = await db.customer.findUnique({
    where: { tenantId_lineUserId: { tenantId, lineUserId } },
    select: { blockedAt: true },
  });
  return customer?.blockedAt != null;
}

/** What the welcome message is made from. */
export async function findWelcomeSettings(
  db: Db,
  tenantId: string,
): Promise<{ name: string; welcomeMessage: string | null } | null> {
  return db.tenant.findUnique({ where: { id: tenantId }, select: { name: true, welcomeMessage: true } });
}
