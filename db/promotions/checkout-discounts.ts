import type { PointsOffer } from '../../domain/members/points.ts';
import {
  discountCartWithPoints,
  tierStep,
  type DiscountedCart,
  type TierBenefit,
} from '../../domain/promotions/checkout-discounts.ts';
import { COUPON_REFUSALS_ZH, couponDiscountRule, type CouponRefusal } from '../../domain/promotions/coupons.ts';
import type { AppliedDiscount } from '../../domain/promotions/order-discounts.ts';
import {
  PROMO_CODE_REFUSALS_ZH,
  promoCodeDiscountRule,
  type PromoCodeRefusal,
} from '../../domain/promotions/promo-codes.ts';
import { promotionDiscountRule } from '../../domain/promotions/promotions.ts';
import type { PricedCart } from '../../domain/restaurant/cart-pricing.ts';
import type { Db, Prisma } from '../client.ts';
import { giveBackRedeemedPoints, pointBalance, spendPointsIn } from '../members/point-ledger.ts';
import { pointRuleAt } from '../members/point-rules.ts';
import { findUsableCoupon, releaseCouponUsesIn, takeCouponUse, usableCoupons, type UsableCoupon } from './coupons.ts';
import { findUsablePromoCode, releasePromoCodeUsesIn, takePromoCodeUse } from './promo-codes.ts';
import { runningPromotions } from './promotions.ts';
import { readTogether } from '../read-together.ts';

/**
 * The pricing order's inputs as the database holds them for one checkout (the shop's running
 * promotions in the branch, the typed code, the picked coupon, the member's tier), the discounts written with the
 * order, and given back when it is cancelled. The checkout calls both inside its transaction,
 * so an order and what it used commit together or not at all.
 */

type Client = Db | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

export interface CheckoutDiscountInput {
  tenantId: string;
  branchId: string | null;
  /** null: not signed in (a quote); per-customer limits and the tier are then not known. */
  customerId: string | null;
  cart: PricedCart;
  categoryOf: (productId: string) => string | null;
  promoCode?: string | undefined;
  /** The customer's issued coupon (member_coupons id) they picked. */
  couponId?: string | undefined;
  /** Points the member asks to spend (點數折抵); 0 or absent: none, the offer is still priced. */
  usePoints?: number | undefined;
  now: Date;
}

export type CouponRefusalAnswer = { reason: CouponRefusal; message: string };

export type CodeRefusal = { reason: PromoCodeRefusal; message: string };

export interface CheckoutDiscounts {
  cart: DiscountedCart;
  /** The typed code, refused: the checkout is not placed with it. */
  codeRefusal: CodeRefusal | null;
  /** The picked coupon, refused (used, expired, not theirs). */
  couponRefusal: CouponRefusalAnswer | null;
  /** The signed-in customer's coupons usable now, to pick from (empty when not signed in). */
  coupons: UsableCoupon[];
  /** A signed-in member's points at this checkout; null for a non-member or a shop without 點數規則. */
  points: PointsOffer | null;
  /** The member in the pricing (whose points a placed order spends). */
  memberId: string | null;
}

const refusal = (reason: PromoCodeRefusal): CodeRefusal => ({ reason, message: PROMO_CODE_REFUSALS_ZH[reason] });
const couponRefusalOf = (reason: CouponRefusal): CouponRefusalAnswer => ({
  reason,
  message: COUPON_REFUSALS_ZH[reason],
});

interface CheckoutMember {
  id: string;
  tier: TierBenefit | null;
}

async function checkoutMember(db: Client, tenantId: string, customerId: string | null): Promise<CheckoutMember | null> {
  if (!customerId) return null;
  return db.member.findFirst({
    where: { tenantId, customerId },
    select: { id: true, tier: { select: { id: true, name: true, discountPercent: true } } },
  });
}

/** The member's balance and the 點數規則 in effect, as the pricing order's points step reads them. */
async function pointsRequest(
  db: Client,
  tenantId: string,
  member: CheckoutMember | null,
  requested: number,
  now: Date,
) {
  if (!member) return null;
  const [rule, balance] = await readTogether(db, [
    () => pointRuleAt(db, tenantId, now),
    () => pointBalance(db, tenantId, member.id),
  ]);
  return rule ? { terms: rule, balance, requested } : null;
}

export async function priceCheckoutDiscounts(db: Client, input: CheckoutDiscountInput): Promise<CheckoutDiscounts> {
  const typed = input.promoCode?.trim() ? input.promoCode : null;
  const customerId = input.customerId;
  const [promotions, found, member, coupon, coupons] = await readTogether(db, [
    () => runningPromotions(db, input.tenantId, input.branchId, input.now),
    async () =>
      typed
        ? findUsablePromoCode(db, {
            tenantId: input.tenantId,
            typed,
            customerId: input.customerId,
            now: input.now,
          })
        : null,
    () => checkoutMember(db, input.tenantId, customerId),
    async () =>
      input.couponId
        ? customerId
          ? findUsableCoupon(db, {
              tenantId: input.tenantId,
              customerId,
              memberCouponId: input.couponId,
              now: input.now,
            })
          : ({ ok: false, reason: 'unknown' } as const)
        : null,
    async () => (customerId ? usableCoupons(db, input.tenantId, customerId, input.now) : []),
  ]);
  const points = await pointsRequest(db, input.tenantId, member, input.usePoints ?? 0, input.now);
  const priced = discountCartWithPoints(
    input.cart,
    input.categoryOf,
    {
      promotions: promotions.map(promotionDiscountRule),
      code: found?.ok ? promoCodeDiscountRule(found.code) : null,
      coupon: coupon?.ok ? couponDiscountRule(coupon.coupon) : null,
      later: tierStep(member?.tier ?? null),
    },
    points,
  );
  return {
    cart: priced.cart,
    codeRefusal: found && !found.ok ? refusal(found.reason) : null,
    couponRefusal: coupon && !coupon.ok ? couponRefusalOf(coupon.reason) : null,
    coupons,
    points: priced.points,
    memberId: member?.id ?? null,
  };
}

/** Why a checkout cannot be placed with what the customer chose (a code, a coupon, points). */
export type DiscountRefusal =
  | { kind: 'promo_code'; reason: PromoCodeRefusal; message: string }
  | { kind: 'coupon'; reason: CouponRefusal; message: string }
  | {
      kind: 'points';
      reason: 'not_enough_points' | 'below_minimum' | 'redeem_off' | 'not_a_member';
      message: string;
    };

/** The first of the customer's choices the pricing refused; null when every choice holds. */
export function discountRefusal(priced: CheckoutDiscounts, usePoints: number | undefined): DiscountRefusal | null {
  if (usePoints && !priced.points)
    return priced.memberId
      ? { kind: 'points', reason: 'redeem_off', message: '本店目前不開放點數折抵' }
      : { kind: 'points', reason: 'not_a_member', message: '加入會員後才能使用點數折抵' };
  const points = priced.points?.refusal;
  if (points) return { kind: 'points', reason: points.code, message: points.message };
  if (priced.codeRefusal) return { kind: 'promo_code', ...priced.codeRefusal };
  if (priced.couponRefusal) return { kind: 'coupon', ...priced.couponRefusal };
  return null;
}

/**
 * Writes the order's discount lines and takes the code's and the coupon's uses, each row locked,
 * so of many checkouts racing for a last use exactly one gets it. A code refused at this moment
 * comes back as the refusal (the caller rolls the order back): a use another checkout took first.
 */
export async function recordOrderDiscounts(
  tx: Tx,
  args: {
    tenantId: string;
    orderId: string;
    customerId: string;
    discounts: readonly AppliedDiscount[];
    promoCode?: string | undefined;
    couponId?: string | undefined;
    /** The member whose points the discounts' points step spends. */
    memberId?: string | null;
    /** How many points that step spends. */
    points?: number;
    now: Date;
  },
): Promise<DiscountRefusal | null> {
  const code = args.discounts.find((d) => d.source === 'code');
  if (code && args.promoCode) {
    const taken = await takePromoCodeUse(tx, {
      tenantId: args.tenantId,
      typed: args.promoCode,
      customerId: args.customerId,
      orderRef: args.orderId,
      amount: code.amount,
      now: args.now,
    });
    if (!taken.ok) return { kind: 'promo_code', ...refusal(taken.reason) };
  }
  const coupon = args.discounts.find((d) => d.source === 'coupon');
  if (coupon && args.couponId) {
    const taken = await takeCouponUse(tx, {
      tenantId: args.tenantId,
      customerId: args.customerId,
      memberCouponId: args.couponId,
      orderRef: args.orderId,
      amount: coupon.amount,
      now: args.now,
    });
    if (!taken.ok) return { kind: 'coupon', ...couponRefusalOf(taken.reason) };
  }
  if (args.discounts.some((d) => d.source === 'points') && args.memberId && args.points) {
    // The member's row stays locked until the order commits: a racing order reads the balance after this one.
    const spent = await spendPointsIn(
      tx,
      args.tenantId,
      args.memberId,
      { points: args.points, key: `redeem:${args.orderId}`, orderId: args.orderId },
      args.now,
    );
    if (!spent.ok)
      return {
        kind: 'points',
        reason: 'not_enough_points',
        message: `點數不足，目前有 ${spent.balance} 點，請重新確認折抵點數`,
      };
  }
  if (args.discounts.length > 0)
    await tx.orderDiscount.createMany({
      data: args.discounts.map((d) => ({
        tenantId: args.tenantId,
        orderId: args.orderId,
        kind: d.source,
        ref: d.id,
        label: d.label,
        amount: d.amount,
      })),
    });
  return null;
}

/**
 * A cancelled or rejected order gives its code's and coupon's uses and its redeemed points back
 * (its discount lines stay as history; the points come back as a reverse entry on the ledger).
 */
export async function releaseOrderDiscounts(tx: Tx, tenantId: string, orderId: string, now: Date): Promise<void> {
  await releasePromoCodeUsesIn(tx, { tenantId, orderRef: orderId });
  await releaseCouponUsesIn(tx, tenantId, orderId);
  await giveBackRedeemedPoints(tx, tenantId, orderId, now);
}

/** The discount lines of an order, as the customer and the shop read them. */
export async function orderDiscountLines(
  db: Client,
  tenantId: string,
  orderId: string,
): Promise<{ kind: string; label: string; amount: number }[]> {
  return db.orderDiscount.findMany({
    where: { tenantId, orderId },
    select: { kind: true, label: true, amount: true },
    orderBy: { id: 'asc' },
  });
}
