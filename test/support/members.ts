import { grantPoints } from '../../db/members/point-ledger.ts';
import { addPointRule } from '../../db/members/point-rules.ts';
import { joinMember } from '../../db/members/members.ts';
import { PRIVACY_NOTICE_VERSION } from '../../domain/members/member-profile.ts';
import type { RedeemTerms } from '../../domain/members/points.ts';
import { restaurantCustomer, type TestRestaurant } from './restaurant-orders.ts';
import type { Stack } from './stack.ts';

/** The shop's 點數規則 with these redemption terms: 1 point per NT$100 earned, in effect all year. */
export async function redeemablePointRule(stack: Stack, tenantId: string, terms: RedeemTerms): Promise<void> {
  await addPointRule(stack.db, tenantId, {
    spendPerPoint: 100,
    pointsPerOrder: 0,
    ...terms,
    expiryDays: 365,
    effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  });
}

/** A restaurant customer signed in, joined as a member with consent, and given `points` (補點). */
export async function memberWithPoints(
  stack: Stack,
  shop: TestRestaurant,
  person: { name: string; phone: string; points: number },
) {
  const customer = await restaurantCustomer(stack, shop, person.name);
  const { id: customerId } = await stack.db.customer.findFirstOrThrow({
    where: { tenantId: shop.tenant.id, lineUserId: customer.lineUserId },
  });
  const { memberId } = await joinMember(stack.db, shop.tenant.id, customerId, {
    phone: person.phone,
    birthday: null,
    gender: 'female',
    consent: true,
    consentVersion: PRIVACY_NOTICE_VERSION,
  });
  await grantPoints(stack.db, shop.tenant.id, memberId, {
    points: person.points,
    key: `grant:${person.phone}`,
    note: '入會禮',
  });
  return { ...customer, customerId, memberId };
}
