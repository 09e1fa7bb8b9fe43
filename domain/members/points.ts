/**
 * 點數規則: how an order earns points and how points pay for part of one. Pure: the ledger
 * (db/members/point-ledger.ts) stores what these say; checkout pricing calls redeemPoints.
 * Points are whole numbers and money integer NT$; every rounding is down, in the shop's favour
 * for earning and in the customer's for never paying more than the points are worth.
 */
export interface PointRule {
  /** One point per this many NT$ spent; 0: nothing by spend. */
  spendPerPoint: number;
  pointsPerOrder: number;
  /** redeemPoints points take redeemAmount NT$ off; 0 in either: no redemption. */
  redeemPoints: number;
  redeemAmount: number;
  minRedeemPoints: number;
  /** At most this % of the order's subtotal may be paid with points. */
  maxRedeemPercent: number;
  /** And at most this many NT$ an order; null: no cap in NT$. */
  maxRedeemAmount: number | null;
  /** Points lapse this many days after they were earned; null: never. */
  expiryDays: number | null;
  effectiveFrom: Date;
}

export const DEFAULT_POINT_RULE: Omit<PointRule, 'effectiveFrom'> = {
  spendPerPoint: 100,
  pointsPerOrder: 0,
  redeemPoints: 1,
  redeemAmount: 1,
  minRedeemPoints: 0,
  maxRedeemPercent: 50,
  maxRedeemAmount: null,
  expiryDays: 365,
};

/** The rule in effect at `at`: the latest effective date not after it; null before the first. */
export function ruleInEffect<R extends { effectiveFrom: Date }>(rules: readonly R[], at: Date): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (rule.effectiveFrom <= at && (!best || rule.effectiveFrom >= best.effectiveFrom)) best = rule;
  }
  return best;
}

/** The problems of a rule a shop submits, in zh-TW; empty when it can be saved. */
export function pointRuleProblems(rule: Omit<PointRule, 'effectiveFrom'>): string[] {
  const problems: string[] = [];
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (
    ![rule.spendPerPoint, rule.pointsPerOrder, rule.redeemPoints, rule.redeemAmount, rule.minRedeemPoints].every(whole)
  )
    problems.push('點數與金額請填 0 以上的整數');
  if (!whole(rule.maxRedeemPercent) || rule.maxRedeemPercent > 100) problems.push('折抵上限請填 0 到 100 的百分比');
  if (rule.maxRedeemAmount !== null && (!Number.isInteger(rule.maxRedeemAmount) || rule.maxRedeemAmount < 1))
    problems.push('單筆折抵上限請填 1 元以上，或留空表示不限');
  if (rule.expiryDays !== null && (!Number.isInteger(rule.expiryDays) || rule.expiryDays < 1))
    problems.push('點數效期請填 1 天以上，或選擇永久有效');
  return problems;
}

/**
 * Points an order earns: one per full spendPerPoint NT$ plus pointsPerOrder, times the tier's and
 * the promotion's multipliers (percent, 100 = as usual), rounded down.
 */
export function pointsEarned(
  rule: Pick<PointRule, 'spendPerPoint' | 'pointsPerOrder'>,
  order: { total: number; tierMultiplierPct?: number; promotionMultiplierPct?: number },
): number {
  if (order.total <= 0) return 0;
  const base = (rule.spendPerPoint > 0 ? Math.floor(order.total / rule.spendPerPoint) : 0) + rule.pointsPerOrder;
  const tier = order.tierMultiplierPct ?? 100;
  const promotion = order.promotionMultiplierPct ?? 100;
  return Math.floor((base * tier * promotion) / 10_000);
}

/** When points earned at `earnedAt` lapse under `rule`; null: never. */
export function pointsExpireAt(rule: Pick<PointRule, 'expiryDays'>, earnedAt: Date): Date | null {
  return rule.expiryDays === null ? null : new Date(earnedAt.getTime() + rule.expiryDays * 86_400_000);
}

/** Whether the shop's rule lets points pay at all (every one of its redemption terms set). */
export function redeemsPoints(rule: Pick<PointRule, 'redeemPoints' | 'redeemAmount' | 'maxRedeemPercent'>): boolean {
  return rule.redeemPoints > 0 && rule.redeemAmount > 0 && rule.maxRedeemPercent > 0;
}

export type RedeemTerms = Pick<
  PointRule,
  'redeemPoints' | 'redeemAmount' | 'minRedeemPoints' | 'maxRedeemPercent' | 'maxRedeemAmount'
>;

export type Redemption =
  | { ok: true; points: number; discount: number }
  | { ok: false; code: 'redeem_off' | 'below_minimum' | 'not_enough_points'; message: string };

/**
 * Points as a discount at checkout: the most of `requested` (all it may when null) the balance,
 * the minimum and the cap on the subtotal allow, in whole steps of redeemPoints, so points are
 * never spent for less than they are worth. `discount` is integer NT$ off the subtotal.
 */
export function redeemPoints(
  rule: RedeemTerms,
  input: { balance: number; subtotal: number; requested: number | null },
): Redemption {
  if (!redeemsPoints(rule)) return { ok: false, code: 'redeem_off', message: '本店目前不開放點數折抵' };
  const wanted = Math.min(input.requested ?? input.balance, input.balance);
  if (input.requested !== null && input.requested > input.balance)
    return { ok: false, code: 'not_enough_points', message: `點數不足，目前有 ${input.balance} 點` };
  const capAmount = Math.min(
    Math.floor((Math.max(0, input.subtotal) * rule.maxRedeemPercent) / 100),
    rule.maxRedeemAmount ?? Number.POSITIVE_INFINITY,
  );
  const steps = Math.min(Math.floor(wanted / rule.redeemPoints), Math.floor(capAmount / rule.redeemAmount));
  const points = steps * rule.redeemPoints;
  if (points < Math.max(rule.minRedeemPoints, 1))
    return {
      ok: false,
      code: 'below_minimum',
      message: `至少 ${Math.max(rule.minRedeemPoints, rule.redeemPoints)} 點才能折抵`,
    };
  return { ok: true, points, discount: steps * rule.redeemAmount };
}

/**
 * How many points of the lots falling due now lapse, spending oldest first: what remains of the
 * balance beyond the lots still good is made of the due ones. `dueLot` is one lot's remaining
 * value; lots are expired one at a time in due order, each with the balance after the previous.
 */
export function pointsToExpire(input: { balance: number; dueLot: number; stillGood: number }): number {
  return Math.max(0, Math.min(input.dueLot, input.balance - input.stillGood));
}

/** What checkout tells a member about their points for this cart, and what it spends of them. */
export interface PointsOffer {
  balance: number;
  /** The most points this cart takes now and the NT$ they take off (0 when it takes none). */
  maxPoints: number;
  maxDiscount: number;
  /** What this pricing spends: the request as redeemPoints settles it; 0 when not asked or refused. */
  used: number;
  discount: number;
  /** The member asked for points and cannot have them (short, under the minimum, the shop redeems none). */
  refusal: { code: Extract<Redemption, { ok: false }>['code']; message: string } | null;
  terms: RedeemTerms;
}

/**
 * The points step at checkout over `left`, what the lines cost after every earlier discount (so
 * the cap on the order is a share of what is really paid). `requested` 0: show the offer only.
 */
export function pointsOffer(
  terms: RedeemTerms,
  input: { balance: number; left: number; requested: number },
): PointsOffer {
  const most = redeemPoints(terms, { balance: input.balance, subtotal: input.left, requested: null });
  const chosen =
    input.requested > 0
      ? redeemPoints(terms, { balance: input.balance, subtotal: input.left, requested: input.requested })
      : null;
  return {
    balance: input.balance,
    maxPoints: most.ok ? most.points : 0,
    maxDiscount: most.ok ? most.discount : 0,
    used: chosen?.ok ? chosen.points : 0,
    discount: chosen?.ok ? chosen.discount : 0,
    refusal: chosen && !chosen.ok ? { code: chosen.code, message: chosen.message } : null,
    terms,
  };
}

/**
 * Points a refund takes back of what an order earned: the refunded share of what was paid,
 * counted over every refund of the order so far, less what was taken back already (by earlier
 * refunds or a cancel). The share is rounded down, in the member's favour (NT$30 back of NT$70
 * that earned 8 takes 3 of the 3.43); once all of it is refunded every point goes.
 */
export function pointsTakenBackByRefund(input: {
  earned: number;
  paid: number;
  refunded: number;
  takenBack: number;
}): number {
  if (input.earned <= 0 || input.paid <= 0 || input.refunded <= 0) return 0;
  const share = input.refunded >= input.paid ? input.earned : Math.floor((input.earned * input.refunded) / input.paid);
  return Math.max(0, share - input.takenBack);
}
