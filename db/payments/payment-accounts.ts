import type { Db, Prisma } from '../client.ts';

type Client = Db | Prisma.TransactionClient;

/** A shop's own Stripe account (payment_accounts), by the tenant; null before onboarding starts. */
export async function findPaymentAccount(db: Client, tenantId: string) {
  return db.paymentAccount.findUnique({ where: { tenantId } });
}

export async function createPaymentAccount(db: Client, tenantId: string, stripeAccountId: string) {
  return db.paymentAccount.upsert({ where: { tenantId }, create: { tenantId, stripeAccountId }, update: {} });
}

/** The shop a connected account belongs to. */
export async function tenantForStripeAccount(db: Client, stripeAccountId: string): Promise<string | null> {
  const row = await db.paymentAccount.findUnique({ where: { stripeAccountId }, select: { tenantId: true } });
  return row?.tenantId ?? null;
}

/** Stores what Stripe says the account can do now. */
export async function savePaymentAccountState(
  db: Client,
  stripeAccountId: string,
  state: { chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean },
) {
  await db.paymentAccount.update({ where: { stripeAccountId }, data: state });
}
