import type { EcpayKeys } from '../../integrations/ecpay/envelope.ts';
import {
  DEFAULT_INVOICE_SETTINGS,
  ISSUE_ON,
  type InvoiceSettingsInput,
  type InvoiceSettingsView,
  type IssueOn,
} from '../../domain/invoices/invoice-settings.ts';
import type { Db, Prisma } from '../client.ts';
import type { SecretBox } from '../secret-box.ts';

type Client = Db | Prisma.TransactionClient;

const issueOnOf = (value: string): IssueOn => (ISSUE_ON as readonly string[]).includes(value) ? (value as IssueOn) : 'payment';

/** 電子發票設定 as the page sees them: never the keys. */
export async function findInvoiceSettings(db: Client, tenantId: string): Promise<InvoiceSettingsView> {
  const row = await db.invoiceSettings.findUnique({ where: { tenantId } });
  if (!row) return DEFAULT_INVOICE_SETTINGS;
  return {
    enabled: row.enabled,
    merchantId: row.merchantId,
    hasKeys: row.hashKeySealed !== '' && row.hashIvSealed !== '',
    issueOn: issueOnOf(row.issueOn),
    defaultLoveCode: row.defaultLoveCode,
    checkedAt: row.checkedAt?.toISOString() ?? null,
  };
}

/** Saves the settings; empty keys keep the stored ones (sealed with the secret box). */
export async function saveInvoiceSettings(
  db: Client,
  secrets: SecretBox,
  tenantId: string,
  input: InvoiceSettingsInput,
): Promise<void> {
  const sealed = {
    ...(input.hashKey ? { hashKeySealed: secrets.seal(input.hashKey) } : {}),
    ...(input.hashIv ? { hashIvSealed: secrets.seal(input.hashIv) } : {}),
  };
  const before = await db.invoiceSettings.findUnique({ where: { tenantId }, select: { merchantId: true } });
  const credentialsChanged = before?.merchantId !== input.merchantId || input.hashKey !== '' || input.hashIv !== '';
  const data = {
    enabled: input.enabled,
    merchantId: input.merchantId,
    issueOn: input.issueOn,
    defaultLoveCode: input.defaultLoveCode,
    // New credentials have not been checked yet; the other settings do not touch the check.
    ...(credentialsChanged ? { checkedAt: null } : {}),
  };
  await db.invoiceSettings.upsert({
    where: { tenantId },
    create: { tenantId, hashKeySealed: sealed.hashKeySealed ?? '', hashIvSealed: sealed.hashIvSealed ?? '', ...data },
    update: { ...data, ...sealed },
  });
}

export interface InvoiceCredentials extends EcpayKeys {
  merchantId: string;
  enabled: boolean;
  issueOn: IssueOn;
}

/** The shop's opened credentials, for a call to the provider; null when it has none. */
export async function invoiceCredentials(db: Client, secrets: SecretBox, tenantId: string): Promise<InvoiceCredentials | null> {
  const row = await db.invoiceSettings.findUnique({ where: { tenantId } });
  if (!row || !row.hashKeySealed || !row.hashIvSealed) return null;
  return {
    merchantId: row.merchantId,
    hashKey: secrets.open(row.hashKeySealed),
    hashIv: secrets.open(row.hashIvSealed),
    enabled: row.enabled,
    issueOn: issueOnOf(row.issueOn),
  };
}

export async function markInvoiceSettingsChecked(db: Client, tenantId: string, at: Date): Promise<void> {
  await db.invoiceSettings.updateMany({ where: { tenantId }, data: { checkedAt: at } });
}
