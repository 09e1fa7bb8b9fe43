import type { Db, Prisma } from '../client.ts';
import {
  normalizePromoCode,
  promoCodeLimitRefusal,
  promoCodeRefusal,
  promoCodeRuleSchema,
  type PromoCodeInput,
  type PromoCodeRefusal,
  type PromoCodeRule,
} from '../../domain/promotions/promo-codes.ts';

/**
 * 優惠碼 in the database, always within one shop. Taking a use locks the code's row first, so
 * concurrent checkouts take uses one at a time: the last use of a code (or of a customer's
 * allowance) goes to exactly one order. One use per order, so a retried checkout is not charged
 * a second use.
 */

type Tx = Prisma.TransactionClient;

export interface StoredPromoCode {
  id: string;
  code: string;
  label: string;
  rule: PromoCodeRule;
  startsAt: Date | null;
  endsAt: Date | null;
  totalLimit: number | null;
  perCustomerLimit: number | null;
  usedCount: number;
}

export async function createPromoCode(
  db: Db,
  tenantId: string,
  input: PromoCodeInput,
): Promise<StoredPromoCode | 'taken'> {
  const existing = await db.promoCode.findUnique({ where: { tenantId_code: { tenantId, code: input.code } } });
  if (existing) return 'taken';
  const row = await db.promoCode.create({ data: { tenantId, ...input, rule: input.rule } });
  return toStored(row);
}

/**
 * Changes a code (its text, label, discount, period and limits) with its row locked, so no
 * checkout takes a use meanwhile. Its used count and uses stay as they are. Null when the shop
 * has no such code; 'taken' when another of its codes has that text; the refusal when the new
 * total is less than what was used already.
 */
export async function updatePromoCode(
  db: Db,
  tenantId: string,
  id: string,
  input: PromoCodeInput,
): Promise<StoredPromoCode | null | 'taken' | { limitRefusal: string }> {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ used_count: number }[]>`
      SELECT used_count FROM promo_codes WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid FOR UPDATE`;
    if (!locked) return null;
    const limitRefusal = promoCodeLimitRefusal(input, locked.used_count);
    if (limitRefusal) return { limitRefusal };
    const other = await tx.promoCode.findUnique({ where: { tenantId_code: { tenantId, code: input.code } } });
    if (other && other.id !== id) return 'taken';
    return toStored(await tx.promoCode.update({ where: { id }, data: { ...input, rule: input.rule } }));
  });
}

export async function listPromoCodes(db: Db, tenantId: string): Promise<StoredPromoCode[]> {
  const rows = await db.promoCode.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' } });
  return rows.map(toStored);
}

/** Whether the shop has a code a customer could type now (started, not ended, uses left). */
export async function hasOpenPromoCodes(db: Db | Tx, tenantId: string, now: Date): Promise<boolean> {
  const [row] = await db.$queryRaw<{ open: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM promo_codes
      WHERE tenant_id = ${tenantId}::uuid
        AND (starts_at IS NULL OR starts_at <= ${now}) AND (ends_at IS NULL OR ends_at > ${now})
        AND (total_limit IS NULL OR used_count < total_limit)
    ) AS open`;
  return row?.open ?? false;
}

/** The code a customer typed, if this shop has it and the customer may use it now (for the cart's quote). */
export async function findUsablePromoCode(
  db: Db | Tx,
  args: { tenantId: string; typed: string; customerId: string | null; now: Date },
): Promise<{ ok: true; code: StoredPromoCode } | { ok: false; reason: PromoCodeRefusal }> {
  const row = await db.promoCode.findUnique({
    where: { tenantId_code: { tenantId: args.tenantId, code: normalizePromoCode(args.typed) } },
  });
  if (!row) return { ok: false, reason: 'unknown' };
  const uses = args.customerId
    ? await db.promoCodeUse.count({
        where: { tenantId: args.tenantId, promoCodeId: row.id, customerId: args.customerId },
      })
    : 0;
  const reason = promoCodeRefusal(row, args.now, uses);
  return reason ? { ok: false, reason } : { ok: true, code: toStored(row) };
}

export type RedeemResult =
  { ok: true; useId: string; promoCodeId: string; repeated: boolean } | { ok: false; reason: PromoCodeRefusal };

/** Takes one use of the code for this order, or says why it cannot. */
export async function redeemPromoCode(
  db: Db,
  args: { tenantId: string; typed: string; customerId: string; orderRef: string; amount: number; now: Date },
): Promise<RedeemResult> {
  return db.$transaction((tx) => takePromoCodeUse(tx, args));
}

/** redeemPromoCode inside a caller's transaction (the checkout's), which the use commits or rolls back with. */
export async function takePromoCodeUse(
  tx: Tx,
  args: { tenantId: string; typed: string; customerId: string; orderRef: string; amount: number; now: Date },
): Promise<RedeemResult> {
  const code = normalizePromoCode(args.typed);
  const [row] = await tx.$queryRaw<
    {
      id: string;
      starts_at: Date | null;
      ends_at: Date | null;
      total_limit: number | null;
      per_customer_limit: number | null;
      used_count: number;
    }[]
  >`SELECT id, starts_at, ends_at, total_limit, per_customer_limit, used_count FROM promo_codes
    WHERE tenant_id = ${args.tenantId}::uuid AND code = ${code} FOR UPDATE`;
  if (!row) return { ok: false, reason: 'unknown' } as const;
  const same = await tx.promoCodeUse.findUnique({
    where: { promoCodeId_orderRef: { promoCodeId: row.id, orderRef: args.orderRef } },
  });
  if (same) return { ok: true, useId: same.id, promoCodeId: row.id, repeated: true } as const;
  const uses = await tx.promoCodeUse.count({
    where: { tenantId: args.tenantId, promoCodeId: row.id, customerId: args.customerId },
  });
  const state = {
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    totalLimit: row.total_limit,
    perCustomerLimit: row.per_customer_limit,
    usedCount: row.used_count,
  };
  const reason = promoCodeRefusal(state, args.now, uses);
  if (reason) return { ok: false, reason } as const;
  await tx.promoCode.update({ where: { id: row.id }, data: { usedCount: { increment: 1 } } });
  const use = await tx.promoCodeUse.create({
    data: {
      tenantId: args.tenantId,
      promoCodeId: row.id,
      customerId: args.customerId,
      orderRef: args.orderRef,
      amount: args.amount,
    },
  });
  return { ok: true, useId: use.id, promoCodeId: row.id, repeated: false } as const;
}

/** Gives the use back when its order is cancelled before it was paid or made; false if there was none. */
export async function releasePromoCodeUse(db: Db, args: { tenantId: string; orderRef: string }): Promise<boolean> {
  return db.$transaction((tx) => releasePromoCodeUsesIn(tx, args));
}

/** releasePromoCodeUse inside a caller's transaction (the order's cancellation). */
export async function releasePromoCodeUsesIn(tx: Tx, args: { tenantId: string; orderRef: string }): Promise<boolean> {
  const uses = await tx.promoCodeUse.findMany({ where: { tenantId: args.tenantId, orderRef: args.orderRef } });
  for (const use of uses) {
    await tx.$executeRaw`SELECT 1 FROM promo_codes WHERE id = ${use.promoCodeId}::uuid FOR UPDATE`;
    await tx.promoCodeUse.delete({ where: { id: use.id } });
    await tx.promoCode.update({ where: { id: use.promoCodeId }, data: { usedCount: { decrement: 1 } } });
  }
  return uses.length > 0;
}

function toStored(row: {
  id: string;
  code: string;
  label: string;
  rule: unknown;
  startsAt: Date | null;
  endsAt: Date | null;
  totalLimit: number | null;
  perCustomerLimit: number | null;
  usedCount: number;
}): StoredPromoCode {
  return { ...row, rule: promoCodeRuleSchema.parse(row.rule) };
}
