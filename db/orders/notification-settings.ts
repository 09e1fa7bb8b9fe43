import {
  readNotificationSettings,
  storedPart,
  type NotificationSettings,
  type NotificationSettingsUpdate,
} from '../../domain/orders/notification-settings.ts';
import type { SmtpServer } from '../../integrations/mail/mailer.ts';
import type { Db, Prisma } from '../client.ts';
import type { SecretBox } from '../secret-box.ts';
import { readTogether } from '../read-together.ts';

/**
 * A shop's order notifications (訂單通知設定): one row per shop (settings JSON and the sealed
 * SMTP password), plus Staff.notifyByLine for which bound members get LINE pushes. Every query
 * takes the tenant: another shop's member IDs find nothing.
 */

type Client = Db | Prisma.TransactionClient;

export interface BoundMember {
  id: string;
  displayName: string;
  /** Gets LINE pushes (Staff.notifyByLine). */
  notify: boolean;
}

export interface StoredNotificationSettings {
  settings: NotificationSettings;
  smtpPasswordSet: boolean;
  /** Members bound to the shop's LINE, in name order: who the page can pick. */
  boundStaff: BoundMember[];
}

export async function getNotificationSettings(db: Client, tenantId: string): Promise<StoredNotificationSettings> {
  const [row, staff] = await readTogether(db, [
    () =>
      db.orderNotificationSettings.findUnique({
        where: { tenantId },
        select: { settings: true, smtpPasswordEnc: true },
      }),
    () =>
      db.staff.findMany({
        where: { tenantId, lineUserId: { not: null } },
        select: { id: true, displayName: true, notifyByLine: true },
        orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
      }),
  ]);
  return {
    settings: readNotificationSettings(row?.settings ?? null),
    smtpPasswordSet: Boolean(row?.smtpPasswordEnc),
    boundStaff: staff.map((s) => ({ id: s.id, displayName: s.displayName, notify: s.notifyByLine })),
  };
}

/** Only the settings (what deliveries read). */
export async function findNotificationSettings(db: Client, tenantId: string): Promise<NotificationSettings> {
  const row = await db.orderNotificationSettings.findUnique({ where: { tenantId }, select: { settings: true } });
  return readNotificationSettings(row?.settings ?? null);
}

/** Switches the 新訂單 event alone (the LINE page's switch); answers the stored value. */
export async function setNewOrderNotifications(
  tx: Prisma.TransactionClient,
  tenantId: string,
  on: boolean,
): Promise<boolean> {
  const settings = { ...(await findNotificationSettings(tx, tenantId)), newOrder: on };
  await tx.orderNotificationSettings.upsert({
    where: { tenantId },
    create: { tenantId, settings },
    update: { settings },
  });
  return on;
}

export class UnknownMemberError extends Error {
  constructor() {
    super('A chosen member is not a LINE-bound member of this shop');
    this.name = 'UnknownMemberError';
  }
}

/**
 * Saves the settings inside the caller's transaction: the JSON, the password (empty string:
 * keep, null: clear, else sealed) and which bound members get LINE pushes. A member ID that is
 * not a bound member of this shop throws UnknownMemberError before anything is written.
 */
export async function saveNotificationSettings(
  tx: Prisma.TransactionClient,
  secrets: SecretBox,
  tenantId: string,
  update: NotificationSettingsUpdate,
): Promise<void> {
  const bound = await tx.staff.findMany({
    where: { tenantId, lineUserId: { not: null } },
    select: { id: true },
  });
  const boundIds = new Set(bound.map((s) => s.id));
  if (update.lineStaffIds.some((id) => !boundIds.has(id))) throw new UnknownMemberError();
  const settings = storedPart(update);
  const password =
    update.smtpPassword === '' ? undefined : update.smtpPassword === null ? null : secrets.seal(update.smtpPassword);
  await tx.orderNotificationSettings.upsert({
    where: { tenantId },
    create: { tenantId, settings, smtpPasswordEnc: password ?? null },
    update: { settings, ...(password !== undefined ? { smtpPasswordEnc: password } : {}) },
  });
  const chosen = update.lineStaffIds;
  await tx.staff.updateMany({ where: { tenantId, id: { in: chosen } }, data: { notifyByLine: true } });
  await tx.staff.updateMany({
    where: { tenantId, lineUserId: { not: null }, id: { notIn: chosen } },
    data: { notifyByLine: false },
  });
}

/** The shop's own SMTP server, password opened; null: the shop uses the platform's. */
export async function findShopSmtpServer(db: Client, secrets: SecretBox, tenantId: string): Promise<SmtpServer | null> {
  const row = await db.orderNotificationSettings.findUnique({
    where: { tenantId },
    select: { settings: true, smtpPasswordEnc: true },
  });
  const settings = readNotificationSettings(row?.settings ?? null);
  if (!settings.smtpCustom) return null;
  return {
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpSecure,
    user: settings.smtpUser,
    password: row?.smtpPasswordEnc ? secrets.open(row.smtpPasswordEnc) : '',
    from: settings.smtpFrom,
  };
}

/** Whether an alert e-mail with this key went out already. */
export async function wasDelivered(db: Client, tenantId: string, key: string): Promise<boolean> {
  return (await db.notificationDelivery.count({ where: { tenantId, key } })) > 0;
}

/** Records a sent alert e-mail (a second record of the same key is a no-op). */
export async function recordDelivery(db: Client, tenantId: string, key: string, channel: string): Promise<void> {
  await db.notificationDelivery.createMany({ data: [{ tenantId, key, channel }], skipDuplicates: true });
}
