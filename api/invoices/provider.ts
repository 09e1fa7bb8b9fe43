import { invoiceCredentials } from '../../db/invoices/invoice-settings.ts';
import { createEcpayInvoiceClient, type EcpayInvoiceClient } from '../../integrations/ecpay/einvoice-client.ts';
import type { ServerDeps } from '../deps.ts';

/** The API answers a person: ECPay gets a few seconds, not a workflow's patience. */
const CALL_TIMEOUT_MS = 8_000;

/** The shop's ECPay client for a page's question (a carrier check, 檢查設定); null without credentials. */
export async function shopInvoiceClient(
  deps: Pick<ServerDeps, 'db' | 'secrets' | 'env'>,
  tenantId: string,
): Promise<{ client: EcpayInvoiceClient; enabled: boolean } | null> {
  const credentials = await invoiceCredentials(deps.db, deps.secrets, tenantId);
  if (!credentials) return null;
  return {
    client: createEcpayInvoiceClient({ baseUrl: deps.env.ECPAY_EINVOICE_BASE_URL, ...credentials, timeoutMs: CALL_TIMEOUT_MS }),
    enabled: credentials.enabled,
  };
}
