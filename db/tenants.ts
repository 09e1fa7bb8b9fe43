import type { Db } from './client.ts';
import type { SecretBox } from './secret-box.ts';

export interface TenantLineCredentials {
  tenantId: string;
  slug: string;
  channelId: string;
  channelSecret: string;
  channelAccessToken: string;
}

/** The tenant's LINE channel, decrypted; null when the tenant is unknown or not connected. */
export async function findLineCredentials(
  db: Db,
  box: SecretBox,
  where: { slug: string } | { id: string },
): Promise<TenantLineCredentials | null> {
  const tenant = await db.tenant.findUnique({
    where,
    select: { id: true, slug: true, lineChannelId: true, lineChannelSecretEnc: true, lineChannelTokenEnc: true },
  });
  if (!tenant?.lineChannelId || !tenant.lineChannelSecretEnc || !tenant.lineChannelTokenEnc) return null;
  return {
    tenantId: tenant.id,
    slug: tenant.slug,
    channelId: tenant.lineChannelId,
    channelSecret: box.open(tenant.lineChannelSecretEnc),
    channelAccessToken: box.open(tenant.lineChannelTokenEnc),
  };
}
