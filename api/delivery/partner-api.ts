import { deliveryCredentials } from '../../db/delivery/settings.ts';
import { lalamoveApi, type LalamoveApi } from '../../integrations/lalamove/client.ts';
import type { ServerDeps } from '../deps.ts';

/** A branch's Lalamove API with its sealed credentials opened; null when its settings are gone. */
export async function partnerApiOf(
  deps: Pick<ServerDeps, 'db' | 'secrets' | 'env'>,
  where: { id: string; tenantId: string },
): Promise<LalamoveApi | null> {
  const settings = await deliveryCredentials(deps.db, deps.secrets, where);
  if (!settings) return null;
  return lalamoveApi({
    baseUrl: deps.env.LALAMOVE_API_BASE_URL,
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    timeoutMs: deps.env.LALAMOVE_TIMEOUT_MS,
  });
}
