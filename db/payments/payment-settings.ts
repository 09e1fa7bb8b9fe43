import {
  DEFAULT_PAYMENT_SETTINGS,
  PAYMENT_SCOPES,
  paymentSettingsSchema,
  type PaymentSettings,
} from '../../domain/payments/payment-settings.ts';
import type { Db, Prisma } from '../client.ts';
import { readTogether } from '../read-together.ts';

type Client = Db | Prisma.TransactionClient;

/**
 * The shop's 收款金流設定 as stored; a shop that never saved them (or a row edited by hand into
 * something the rules refuse) gets the defaults: cash only.
 */
export async function findPaymentSettings(db: Client, tenantId: string): Promise<PaymentSettings> {
  const row = await db.paymentSettings.findUnique({ where: { tenantId } });
  if (!row) return DEFAULT_PAYMENT_SETTINGS;
  const methods = (row.methods ?? {}) as Record<string, unknown>;
  const parsed = paymentSettingsSchema.safeParse({
    ...Object.fromEntries(PAYMENT_SCOPES.map((scope) => [scope, methods[scope] ?? []])),
    bankCode: row.bankCode,
    bankAccount: row.bankAccount,
    accountName: row.accountName,
    reminderMinutes: row.reminderMinutes,
    payWithinMinutes: row.payWithinMinutes,
  });
  return parsed.success ? parsed.data : DEFAULT_PAYMENT_SETTINGS;
}

export async function savePaymentSettings(db: Client, tenantId: string, settings: PaymentSettings): Promise<void> {
  const data = {
    methods: Object.fromEntries(PAYMENT_SCOPES.map((scope) => [scope, settings[scope]])),
    bankCode: settings.bankCode,
    bankAccount: settings.bankAccount,
    accountName: settings.accountName,
    reminderMinutes: settings.reminderMinutes,
    payWithinMinutes: settings.payWithinMinutes,
  };
  await db.paymentSettings.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
}

/** The settings and whether the shop's Stripe account can take charges now: what a checkout may offer. */
export async function findPaymentOptions(
  db: Client,
  tenantId: string,
): Promise<{ settings: PaymentSettings; cardReady: boolean }> {
  const [settings, account] = await readTogether(db, [
    () => findPaymentSettings(db, tenantId),
    () => db.paymentAccount.findUnique({ where: { tenantId }, select: { chargesEnabled: true } }),
  ]);
  return { settings, cardReady: account?.chargesEnabled === true };
}
