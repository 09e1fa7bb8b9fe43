import type {
  DeliveryBookWhen,
  DeliveryFeePayer,
  DeliveryPartner,
  DeliveryServiceType,
  DeliverySettingsInput,
} from '../../domain/delivery/delivery-settings.ts';
import type { Db } from '../client.ts';
import type { SecretBox } from '../secret-box.ts';

/**
 * A branch's 外送物流設定. The API secret is sealed with the secret box; what leaves this module
 * for a page never carries it.
 */
export interface DeliverySettingsView {
  id: string;
  branchId: string;
  partner: DeliveryPartner;
  apiKey: string;
  serviceType: DeliveryServiceType;
  feePaidBy: DeliveryFeePayer;
  bookWhen: DeliveryBookWhen;
  bookMinutesBefore: number;
  /** The partner's last word and Jiayi's last problem with it, as they are. */
  health: { lastEventAt: Date | null; lastError: string | null; lastErrorAt: Date | null };
}

/** What the dispatch needs to call the partner for the branch (secret opened). */
export interface DeliveryCredentials extends Omit<DeliverySettingsView, 'health'> {
  tenantId: string;
  apiSecret: string;
}

const columns = {
  id: true,
  tenantId: true,
  branchId: true,
  partner: true,
  apiKey: true,
  apiSecretSealed: true,
  serviceType: true,
  feePaidBy: true,
  bookWhen: true,
  bookMinutesBefore: true,
  lastEventAt: true,
  lastError: true,
  lastErrorAt: true,
} as const;

type Row = Awaited<ReturnType<typeof findRow>>;

function findRow(db: Db, where: { tenantId: string; branchId?: string; id?: string }) {
  return db.deliverySettings.findFirst({ where, select: columns });
}

function view(row: NonNullable<Row>): DeliverySettingsView {
  return {
    id: row.id,
    branchId: row.branchId,
    partner: row.partner as DeliveryPartner,
    apiKey: row.apiKey,
    serviceType: row.serviceType as DeliveryServiceType,
    feePaidBy: row.feePaidBy as DeliveryFeePayer,
    bookWhen: row.bookWhen as DeliveryBookWhen,
    bookMinutesBefore: row.bookMinutesBefore,
    health: { lastEventAt: row.lastEventAt, lastError: row.lastError, lastErrorAt: row.lastErrorAt },
  };
}

export async function getDeliverySettings(db: Db, tenantId: string, branchId: string): Promise<DeliverySettingsView | null> {
  const row = await findRow(db, { tenantId, branchId });
  return row ? view(row) : null;
}

/** Saves the branch's settings; 'secret_required' when setting up without a secret. */
export async function saveDeliverySettings(
  db: Db,
  secrets: SecretBox,
  tenantId: string,
  branchId: string,
  input: DeliverySettingsInput,
): Promise<{ ok: true; settings: DeliverySettingsView } | { ok: false; reason: 'secret_required' }> {
  const { apiSecret, ...fields } = input;
  const sealed = apiSecret ? { apiSecretSealed: secrets.seal(apiSecret) } : {};
  const before = await db.deliverySettings.findFirst({ where: { tenantId, branchId }, select: { id: true } });
  if (!before) {
    if (!apiSecret) return { ok: false, reason: 'secret_required' };
    await db.deliverySettings.create({ data: { tenantId, branchId, ...fields, apiSecretSealed: secrets.seal(apiSecret) } });
  } else {
    await db.deliverySettings.updateMany({ where: { tenantId, branchId }, data: { ...fields, ...sealed } });
  }
  return { ok: true, settings: (await getDeliverySettings(db, tenantId, branchId))! };
}

export async function deleteDeliverySettings(db: Db, tenantId: string, branchId: string): Promise<boolean> {
  return (await db.deliverySettings.deleteMany({ where: { tenantId, branchId } })).count > 0;
}

/** The settings a webhook URL names, or a branch's, with the secret opened. */
export async function deliveryCredentials(
  db: Db,
  secrets: SecretBox,
  where: { tenantId?: string; branchId?: string; id?: string },
): Promise<DeliveryCredentials | null> {
  // Only these keys: a caller's wider object (an order's ref) must not reach the query.
  const { tenantId, branchId, id } = where;
  const row = await db.deliverySettings.findFirst({
    where: { ...(tenantId ? { tenantId } : {}), ...(branchId ? { branchId } : {}), ...(id ? { id } : {}) },
    select: columns,
  });
  if (!row) return null;
  const { health: _health, ...rest } = view(row);
  return { ...rest, tenantId: row.tenantId, apiSecret: secrets.open(row.apiSecretSealed) };
}

export async function recordDeliveryEvent(db: Db, settingsId: string, at = new Date()): Promise<void> {
  await db.deliverySettings.updateMany({ where: { id: settingsId }, data: { lastEventAt: at } });
}

export async function recordDeliveryError(db: Db, settingsId: string, message: string, at = new Date()): Promise<void> {
  await db.deliverySettings.updateMany({ where: { id: settingsId }, data: { lastError: message.slice(0, 500), lastErrorAt: at } });
}
