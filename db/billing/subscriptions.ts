import type { BillingAccess, SubscriptionStatus } from '../../domain/billing/access.ts';
import { includesFeature, type PlanFeature } from '../../domain/billing/features.ts';
import type { Db, Prisma } from '../client.ts';

type Client = Db | Prisma.TransactionClient;

/**
 * A shop's subscription to Jiayi (tenant_subscriptions), keyed by the tenant: the read model the
 * subscription workflow writes and the admin reads. No row = a shop Jiayi does not bill.
 */

export interface ShopSubscription {
  planCode: string;
  planName: string;
  monthlyPriceTwd: number;
  planFeatures: string[];
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  status: SubscriptionStatus;
  trialEndsAt: Date | null;
  currentPeriodEndsAt: Date | null;
  cancelAtPeriodEnd: boolean;
  access: BillingAccess;
  graceEndsAt: Date | null;
}

export async function findShopSubscription(db: Client, tenantId: string): Promise<ShopSubscription | null> {
  const row = await db.tenantSubscription.findUnique({ where: { tenantId }, include: { plan: true } });
  if (!row) return null;
  return {
    planCode: row.planCode,
    planName: row.plan.name,
    monthlyPriceTwd: row.plan.monthlyPriceTwd,
    planFeatures: row.plan.features,
    stripeCustomerId: row.stripeCustomerId,
    stripeSubscriptionId: row.stripeSubscriptionId,
    status: row.status as SubscriptionStatus,
    trialEndsAt: row.trialEndsAt,
    currentPeriodEndsAt: row.currentPeriodEndsAt,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    access: row.access,
    graceEndsAt: row.graceEndsAt,
  };
}

/** The shop's access and its plan's features (null: not billed, so full access and every feature). */
export async function findShopEntitlements(
  db: Client,
  tenantId: string,
): Promise<{ access: BillingAccess; features: string[] } | null> {
  const row = await db.tenantSubscription.findUnique({
    where: { tenantId },
    select: { access: true, plan: { select: { features: true } } },
  });
  return row ? { access: row.access, features: row.plan.features } : null;
}

/** Whether the shop's plan includes `feature` (a shop Jiayi does not bill has every feature). */
export async function shopHasFeature(db: Client, tenantId: string, feature: PlanFeature): Promise<boolean> {
  const entitlements = await findShopEntitlements(db, tenantId);
  return includesFeature(entitlements?.features ?? null, feature);
}

export async function listActivePlans(db: Client) {
  return db.billingPlan.findMany({ where: { active: true }, orderBy: { sortOrder: 'asc' } });
}

/** A shop about to subscribe: its row (read-only until Checkout is completed) on `planCode`. */
export async function startSubscriptionRecord(db: Client, tenantId: string, planCode: string): Promise<void> {
  await db.tenantSubscription.upsert({
    where: { tenantId },
    create: { tenantId, planCode },
    update: {},
  });
}

export async function recordStripeCustomer(db: Client, tenantId: string, stripeCustomerId: string): Promise<void> {
  await db.tenantSubscription.update({ where: { tenantId }, data: { stripeCustomerId } });
}

/** The shop whose Stripe customer this is. */
export async function tenantForStripeCustomer(db: Client, stripeCustomerId: string): Promise<string | null> {
  const row = await db.tenantSubscription.findUnique({ where: { stripeCustomerId }, select: { tenantId: true } });
  return row?.tenantId ?? null;
}

export interface SubscriptionSnapshot {
  stripeSubscriptionId: string;
  status: SubscriptionStatus;
  trialEndsAt: Date | null;
  currentPeriodEndsAt: Date | null;
  cancelAtPeriodEnd: boolean;
}

/** Stores what Stripe says the subscription is now; returns the shop's access as it stands. */
export async function saveSubscriptionSnapshot(
  db: Client,
  tenantId: string,
  snapshot: SubscriptionSnapshot,
): Promise<BillingAccess> {
  const row = await db.tenantSubscription.update({ where: { tenantId }, data: snapshot, select: { access: true } });
  return row.access;
}

export async function setAccess(db: Client, tenantId: string, access: BillingAccess, graceEndsAt: Date | null) {
  await db.tenantSubscription.update({ where: { tenantId }, data: { access, graceEndsAt } });
}

/** Of `tenantIds`, the shops paused (read-only) for an unpaid subscription: they take no orders. */
export async function orderingPausedTenants(db: Client, tenantIds: string[]): Promise<Set<string>> {
  if (tenantIds.length === 0) return new Set();
  const rows = await db.tenantSubscription.findMany({
    where: { tenantId: { in: tenantIds }, access: 'read_only' },
    select: { tenantId: true },
  });
  return new Set(rows.map((r) => r.tenantId));
}
