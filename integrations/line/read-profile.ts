import { LineApiError } from './errors.ts';
import type { TenantLineClients } from './tenant-clients.ts';

export interface CustomerProfile {
  displayName: string;
  pictureUrl: string | null;
}

function absentOn404(error: unknown): null {
  if (error instanceof LineApiError && error.status === 404) return null;
  throw error;
}

/**
 * A LINE user's profile, or null when LINE no longer shows it (blocked the shop, left): a 404
 * is an answer. With `groupId`, a member who is not the shop's friend is read from that group.
 */
export async function readLineProfile(
  lineClientFor: TenantLineClients,
  tenantId: string,
  lineUserId: string,
  groupId?: string,
): Promise<CustomerProfile | null> {
  const line = await lineClientFor(tenantId);
  const profile =
    (await line.getProfile(lineUserId).catch(absentOn404)) ??
    (groupId ? await line.getGroupMemberProfile(groupId, lineUserId).catch(absentOn404) : null);
  return profile && { displayName: profile.displayName, pictureUrl: profile.pictureUrl ?? null };
}
